/* api_run.h — what happens to an API command's fields once collected. */
#ifndef PAYCON_API_RUN_H
#define PAYCON_API_RUN_H

#include "args.h"
#include "cli.h"
#include "endpoints.h"
#include "params.h"
#include "request.h"

/* Dry run, or send: money-moving endpoints through review, confirmation
 * and the journal; others straight. Prints the result; returns an exit code. */
int api_run(cli_ctx *ctx, const pc_endpoint *ep, const pc_params *fields);

/* Prints a built request for --dry-run (text or JSON); returns 0 or 2. */
int print_dry_run(cli_ctx *ctx, const pc_request *rq);

/* checkout create: customer object and items array from
 * --first-name/--last-name/--email/--mobile and --item NAME:PESOS:QTY. */
int checkout_fields_from_args(const cli_args *a, pc_params *fields);

#endif
