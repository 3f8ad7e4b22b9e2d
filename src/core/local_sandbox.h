/* local_sandbox.h — the zero-setup loop on this machine.
 *
 * With no configuration paycon uses the built-in `sandbox` profile: under
 * its state directory it keeps a merchant key pair, a platform key pair
 * (the sandbox signs callbacks with it), a spool, the sandbox's state file,
 * and runs paycon-sandbox and paycon-hookd in the background on free
 * loopback ports. Each has a pid file and a log; the port is read back
 * from the "listening on http://HOST:PORT" line the program prints. */
#ifndef PAYCON_LOCAL_SANDBOX_H
#define PAYCON_LOCAL_SANDBOX_H

#include <stdbool.h>

#include "config.h"
#include "err.h"

typedef struct {
	bool sandbox_running;
	bool hookd_running;
	long sandbox_pid;
	long hookd_pid;
	int sandbox_port;
	int hookd_port;
} pc_local_sandbox;

/* What runs now (from pid and port files, checked against the process). */
void pc_local_sandbox_status(const char *state_dir, pc_local_sandbox *out);

/* Makes the keys and the spool when missing and starts whatever of the two
 * programs is not running. bindir is where paycon-sandbox and paycon-hookd
 * are looked for first (paycon's own directory), then $PATH. *started is
 * set when something had to be started. */
int pc_local_sandbox_up(const char *state_dir, const pc_profile *profile, const char *bindir,
                        pc_local_sandbox *out, bool *started, pc_err *err);

/* Stops both (SIGTERM, then waits up to 5 s); 0 when nothing runs after. */
int pc_local_sandbox_down(const char *state_dir, pc_err *err);

/* "http://127.0.0.1:PORT" of a running sandbox, malloc'd. */
char *pc_local_sandbox_url(const pc_local_sandbox *s);

#endif
