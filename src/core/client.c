#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

int pc_client_init(pc_client *c, const pc_profile *profile, pc_err *err)
{
	memset(c, 0, sizeof(*c));
	c->profile = profile;
	c->last_latency = -1;
	c->state_dir = pc_profile_state_dir(profile->name);
	if (!c->state_dir)
		return pc_err_set(err, PC_EINPUT, "cannot work out the state directory: set $HOME or $XDG_STATE_HOME");
	return 0;
}

void pc_client_free(pc_client *c)
{
	if (!c)
		return;
	pc_key_free(c->key);
	pc_key_free(c->platform_key);
	pc_http_free(c->http);
	pc_journal_close(c->journal);
	free(c->state_dir);
	memset(c, 0, sizeof(*c));
}

const pc_key *pc_client_key(pc_client *c, pc_err *err)
{
	if (!c->key) {
		c->key = pc_key_load_private(c->profile->private_key, c->profile->passphrase_file,
		                             c->ask, c->ask_ud, err);
		if (!c->key)
			pc_err_prefix(err, "profile '%s': private_key", c->profile->name);
	}
	return c->key;
}

const pc_key *pc_client_platform_key(pc_client *c, pc_err *err)
{
	if (c->platform_key)
		return c->platform_key;
	if (!c->profile->platform_public_key) {
		pc_err_set(err, PC_EINPUT,
		           "profile '%s' names no platform_public_key: callbacks cannot be verified; "
		           "set it to the PayCools public key file", c->profile->name);
		return NULL;
	}
	c->platform_key = pc_key_load_public(c->profile->platform_public_key, err);
	if (!c->platform_key)
		pc_err_prefix(err, "profile '%s': platform_public_key", c->profile->name);
	return c->platform_key;
}

pc_journal *pc_client_journal(pc_client *c, pc_err *err)
{
	if (!c->journal)
		c->journal = pc_journal_open(c->state_dir, err);
	return c->journal;
}

static pc_http *client_http(pc_client *c, pc_err *err)
{
	if (!c->http)
		c->http = pc_http_new(c->profile, err);
	return c->http;
}

int pc_client_build(pc_client *c, const pc_endpoint *ep, const pc_params *fields,
                    pc_request *rq, pc_err *err)
{
	const pc_key *key = pc_client_key(c, err);

	if (!key)
		return -1;
	return pc_request_build(rq, c->profile, key, ep, fields, err);
}

static void remember_error(pc_client *c, const pc_err *err)
{
	snprintf(c->last_error, sizeof(c->last_error), "%s", err->msg);
}

/* An answer that is not an envelope: say what HTTP said, since a proxy's
 * 502 page is more telling than "not JSON". */
static int not_an_envelope(const pc_http_answer *ans, pc_err *err)
{
	if (ans->status >= 200 && ans->status < 300)
		return -1; /* envelope parser already explained it */
	return pc_err_prefix(err, "HTTP %ld", ans->status);
}

int pc_client_check_role(const pc_client *c, const pc_endpoint *ep, pc_method method,
                         const char *path, pc_err *err)
{
	int writes;

	if (c->profile->role == PC_ROLE_OPERATOR)
		return 0;
	if (!ep && path) {
		char *bare = strdup(path);

		if (!bare)
			return pc_err_set(err, PC_EINPUT, "out of memory");
		bare[strcspn(bare, "?")] = '\0';
		ep = pc_endpoint_match(method, bare, NULL);
		free(bare);
	}
	writes = ep ? (ep->flags & PC_EP_WRITES) != 0 : method == PC_POST;
	if (!writes)
		return 0;
	return pc_err_set(err, PC_EINPUT,
	                  "profile '%s' has the viewer role: %s would change data and is refused "
	                  "(nothing was sent)", c->profile->name, ep ? ep->id : "this POST");
}

int pc_client_send(pc_client *c, const pc_request *rq, pc_envelope *env,
                   pc_sent *sent, pc_err *err)
{
	pc_http_answer ans;
	pc_http *http;
	int rc;

	memset(env, 0, sizeof(*env));
	*sent = PC_SENT_NO;
	if (pc_client_check_role(c, rq->ep, rq->method, rq->path, err) < 0)
		return -1;
	http = client_http(c, err);
	if (!http)
		return -1;
	if (pc_http_send(http, rq->method, rq->path, rq->body, &ans, sent, err) < 0) {
		remember_error(c, err);
		return -1;
	}
	*sent = PC_SENT_MAYBE;
	c->last_latency = ans.seconds;
	c->last_server_time = ans.server_time;
	rc = pc_envelope_parse(env, ans.body, ans.len, err);
	if (rc < 0)
		not_an_envelope(&ans, err);
	else if (env->code != 1000)
		rc = pc_envelope_error(env, err);
	pc_http_answer_free(&ans);
	if (rc < 0)
		remember_error(c, err);
	else
		c->last_error[0] = '\0';
	return rc;
}

int pc_client_call(pc_client *c, const char *endpoint_id, const pc_params *fields,
                   pc_envelope *env, pc_err *err)
{
	const pc_endpoint *ep = pc_endpoint_by_id(endpoint_id);
	pc_request rq;
	pc_sent sent;
	int rc;

	memset(env, 0, sizeof(*env));
	if (!ep)
		return pc_err_set(err, PC_EINPUT, "no endpoint '%s' in the endpoint table", endpoint_id);
	if (pc_client_build(c, ep, fields, &rq, err) < 0)
		return -1;
	rc = pc_client_send(c, &rq, env, &sent, err);
	pc_request_free(&rq);
	return rc;
}
