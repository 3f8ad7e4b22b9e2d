/* client.h — one profile's connection to PayCools: keys, transport, journal.
 *
 * Everything is opened lazily, so a command that needs no key never reads
 * one. The same client serves the CLI and every console pane. */
#ifndef PAYCON_CLIENT_H
#define PAYCON_CLIENT_H

#include "config.h"
#include "endpoints.h"
#include "envelope.h"
#include "err.h"
#include "http.h"
#include "journal.h"
#include "keys.h"
#include "request.h"

typedef struct {
	const pc_profile *profile;
	char *state_dir;               /* $XDG_STATE_HOME/paycon/<profile> */
	pc_key *key;
	pc_key *platform_key;
	pc_http *http;
	pc_journal *journal;
	pc_passphrase_fn ask;          /* asks for a key passphrase, or NULL */
	void *ask_ud;
	char last_error[256];          /* for the console header */
	double last_latency;           /* seconds, -1 before the first answer */
	long long last_server_time;    /* the last answer's Date header, 0 if none */
} pc_client;

int pc_client_init(pc_client *c, const pc_profile *profile, pc_err *err);
void pc_client_free(pc_client *c);

const pc_key *pc_client_key(pc_client *c, pc_err *err);
const pc_key *pc_client_platform_key(pc_client *c, pc_err *err);
pc_journal *pc_client_journal(pc_client *c, pc_err *err);

/* The viewer role, checked in one place: every request passes here from
 * pc_client_send, and commands ask early (before any prompt). A write is
 * an endpoint flagged PC_EP_WRITES, or a POST the table does not know. */
int pc_client_check_role(const pc_client *c, const pc_endpoint *ep, pc_method method,
                         const char *path, pc_err *err);

/* Builds and signs a request for ep from fields. */
int pc_client_build(pc_client *c, const pc_endpoint *ep, const pc_params *fields,
                    pc_request *rq, pc_err *err);

/* Sends a built request and parses the envelope. Returns 0 on code 1000;
 * on an API error returns -1 with err PC_EAPI *and* env filled (so --json
 * can print the whole envelope); on transport failure or an answer that is
 * not an envelope, -1 with PC_ETRANSPORT and *sent telling whether it may
 * have arrived. env must be freed by the caller in every case. */
int pc_client_send(pc_client *c, const pc_request *rq, pc_envelope *env,
                   pc_sent *sent, pc_err *err);

/* build + send, for read-only calls. */
int pc_client_call(pc_client *c, const char *endpoint_id, const pc_params *fields,
                   pc_envelope *env, pc_err *err);

#endif
