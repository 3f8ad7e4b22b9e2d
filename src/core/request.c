#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "http.h"
#include "json_safe.h"
#include "paths.h"
#include "sanitize.h"
#include "signature.h"
#include "strbuf.h"
#include "version.h"

long long pc_now_ms(void)
{
	const char *fixed = getenv("PAYCON_NOW_MS");
	struct timespec ts;

	if (fixed && *fixed) {
		char *end;
		long long v = strtoll(fixed, &end, 10);

		if (*end == '\0' && v > 0)
			return v;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int fill_defaults(pc_params *p, const pc_profile *profile, const pc_endpoint *ep)
{
	char ms[32];

	if (pc_endpoint_field(ep, "appName") && pc_params_is_empty(p, "appName")
	    && pc_params_set_str(p, "appName", profile->app_name) < 0)
		return -1;
	if (!(ep->flags & PC_EP_TIMESTAMP) || !pc_params_is_empty(p, "timestamp"))
		return 0;
	snprintf(ms, sizeof(ms), "%lld", pc_now_ms());
	/* Statements document the timestamp as a string, checkout and J&T
	 * endpoints as a long; the canonical text is the same either way. */
	if (ep->flags & (PC_EP_PARAM_ENVELOPE | PC_EP_VARIANT_JT))
		return pc_params_set(p, "timestamp", PC_JNUM, ms);
	return pc_params_set_str(p, "timestamp", ms);
}

static int is_path_only(const pc_endpoint *ep, const char *name)
{
	const pc_field *f = ep ? pc_endpoint_field(ep, name) : NULL;

	return f && (f->flags & PC_FF_PATH_ONLY);
}

/* appId first (as the docs' examples are), then every other field. */
static int top_level_params(pc_params *top, const pc_profile *profile,
                            const pc_endpoint *ep, const pc_params *fields)
{
	const char *app_id = pc_params_get(fields, "appId");

	if (pc_params_set_str(top, "appId", app_id ? app_id : profile->app_id) < 0)
		return -1;
	if (ep && (ep->flags & PC_EP_PARAM_ENVELOPE)) {
		char *inner = pc_params_to_json(fields);
		int rc;

		if (!inner)
			return -1;
		rc = pc_params_set_str(top, "appName", profile->app_name);
		if (rc == 0)
			rc = pc_params_set_str(top, "param", inner);
		free(inner);
		return rc;
	}
	for (size_t i = 0; i < fields->n; i++) {
		const pc_param *f = &fields->items[i];

		if (strcmp(f->key, "appId") == 0 || strcmp(f->key, "sign") == 0
		    || is_path_only(ep, f->key))
			continue;
		if (pc_params_set(top, f->key, f->kind, f->value) < 0)
			return -1;
	}
	return 0;
}

static char *query_string(const pc_params *p)
{
	pc_strbuf out = { 0 };

	for (size_t i = 0; i < p->n; i++) {
		char *k = pc_url_encode(p->items[i].key);
		char *v = pc_url_encode(p->items[i].value);

		if (!k || !v) {
			free(k);
			free(v);
			free(out.data);
			return NULL;
		}
		if (i > 0)
			pc_sb_putc(&out, '&');
		pc_sb_puts(&out, k);
		pc_sb_putc(&out, '=');
		pc_sb_puts(&out, v);
		free(k);
		free(v);
	}
	return pc_sb_take(&out);
}

static int render_wire(pc_request *rq, const char *path, pc_err *err)
{
	if (rq->method == PC_POST) {
		rq->path = strdup(path);
		rq->body = pc_params_to_json(&rq->sent);
		if (!rq->path || !rq->body)
			return pc_err_set(err, PC_EINPUT, "out of memory rendering the request");
		return 0;
	}
	char *query = query_string(&rq->sent);

	if (!query)
		return pc_err_set(err, PC_EINPUT, "out of memory rendering the query string");
	rq->path = pc_strdupf("%s?%s", path, query);
	free(query);
	if (!rq->path)
		return pc_err_set(err, PC_EINPUT, "out of memory rendering the request");
	return 0;
}

static int sign_and_render(pc_request *rq, const pc_profile *profile, const pc_key *key,
                           const pc_params *fields, const char *path, pc_err *err)
{
	pc_params_init(&rq->sent);
	if (top_level_params(&rq->sent, profile, rq->ep, fields) < 0)
		return pc_err_set(err, PC_EINPUT, "out of memory assembling the request");
	if (pc_sign_params(key, profile->sign_hash, &rq->sent, &rq->canonical, err) < 0)
		return -1;
	return render_wire(rq, path, err);
}

int pc_request_build(pc_request *rq, const pc_profile *profile, const pc_key *key,
                     const pc_endpoint *ep, const pc_params *fields, pc_err *err)
{
	pc_params work;
	char *path = NULL;
	int rc = -1;

	memset(rq, 0, sizeof(*rq));
	rq->ep = ep;
	rq->method = ep->method;
	if (pc_params_copy(&work, fields) < 0)
		return pc_err_set(err, PC_EINPUT, "out of memory copying the request fields");
	if (fill_defaults(&work, profile, ep) < 0) {
		pc_err_set(err, PC_EINPUT, "out of memory filling default fields");
		goto out;
	}
	if (pc_endpoint_validate(ep, &work, err) < 0)
		goto out;
	path = pc_endpoint_expand_path(ep, &work, err);
	if (!path)
		goto out;
	rc = sign_and_render(rq, profile, key, &work, path, err);
out:
	free(path);
	pc_params_free(&work);
	if (rc < 0)
		pc_request_free(rq);
	return rc;
}

int pc_request_build_raw(pc_request *rq, const pc_profile *profile, const pc_key *key,
                         pc_method method, const char *path, const pc_params *fields,
                         pc_err *err)
{
	int rc;

	memset(rq, 0, sizeof(*rq));
	rq->method = method;
	if (path[0] != '/')
		return pc_err_set(err, PC_EINPUT, "path '%s' must start with '/', e.g. /api/v1/payout/check", path);
	if (strchr(path, '?') || strchr(path, '#'))
		return pc_err_set(err, PC_EINPUT,
		                  "path '%s' has a query string: pass parameters as key=value arguments so they are signed", path);
	rc = sign_and_render(rq, profile, key, fields, path, err);
	if (rc < 0)
		pc_request_free(rq);
	return rc;
}

void pc_request_free(pc_request *rq)
{
	if (!rq)
		return;
	free(rq->path);
	free(rq->body);
	free(rq->canonical);
	pc_params_free(&rq->sent);
	memset(rq, 0, sizeof(*rq));
}

/* Each part is sanitised on its own so the text keeps its line structure
 * while no byte of a field value can reach a terminal raw. */
char *pc_request_describe(const pc_request *rq, const char *base_url)
{
	char *canonical = pc_sanitize_str(rq->canonical);
	char *url = pc_strdupf("%s%s", base_url, rq->path);
	char *safe_url = url ? pc_sanitize_str(url) : NULL;
	char *body = rq->body ? pc_sanitize_str(rq->body) : NULL;
	char *text = NULL;

	if (!canonical || !safe_url || (rq->body && !body))
		goto out;
	if (rq->method == PC_POST)
		text = pc_strdupf("canonical: %s\n%s %s\nContent-Type: application/json\n"
		                  "User-Agent: paycon/%s\n\n%s\n",
		                  canonical, pc_method_name(rq->method), safe_url, PAYCON_VERSION, body);
	else
		text = pc_strdupf("canonical: %s\n%s %s\nUser-Agent: paycon/%s\n",
		                  canonical, pc_method_name(rq->method), safe_url, PAYCON_VERSION);
out:
	free(canonical);
	free(url);
	free(safe_url);
	free(body);
	return text;
}

char *pc_request_describe_json(const pc_request *rq, const char *base_url)
{
	cJSON *o = cJSON_CreateObject();
	char *url = pc_strdupf("%s%s", base_url, rq->path);
	char *text = NULL;

	if (!o || !url)
		goto out;
	cJSON_AddStringToObject(o, "canonical", rq->canonical);
	cJSON_AddStringToObject(o, "method", pc_method_name(rq->method));
	cJSON_AddStringToObject(o, "url", url);
	/* The body is embedded as raw text so its numbers stay as written. */
	if (rq->body)
		cJSON_AddRawToObject(o, "body", rq->body);
	else
		cJSON_AddNullToObject(o, "body");
	text = pc_json_print_safe(o);
out:
	free(url);
	cJSON_Delete(o);
	return text;
}
