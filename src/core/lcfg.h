/* lcfg.h — what the readers of libconfig text share (the profile config,
 * the UAT checklist): reading the text, and errors that name the file and
 * the line of the setting at fault. */
#ifndef PAYCON_LCFG_H
#define PAYCON_LCFG_H

#include <libconfig.h>

#include "err.h"

typedef struct {
	const char *origin;   /* the file's name as the user gave it */
	pc_err *err;
} pc_lcfg_ctx;

/* Reads text into lc (config_init'ed here). On a syntax error: "origin:line:
 * what libconfig says", class PC_EINPUT, lc destroyed, -1. */
int pc_lcfg_read(config_t *lc, const char *text, const pc_lcfg_ctx *ctx);

/* "origin:line: message" for the setting s (line 0 without one); class
 * PC_EINPUT; returns -1. */
int pc_lcfg_fail_at(const pc_lcfg_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
