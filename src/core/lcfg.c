/* lcfg.c — reading libconfig text, errors at a setting's line (see lcfg.h). */
#include "lcfg.h"

#include <stdarg.h>
#include <stdio.h>

int pc_lcfg_read(config_t *lc, const char *text, const pc_lcfg_ctx *ctx)
{
	config_init(lc);
	if (config_read_string(lc, text) == CONFIG_TRUE)
		return 0;
	pc_err_set(ctx->err, PC_EINPUT, "%s:%d: %s", ctx->origin, config_error_line(lc), config_error_text(lc));
	config_destroy(lc);
	return -1;
}

int pc_lcfg_fail_at(const pc_lcfg_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
{
	char text[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return pc_err_set(ctx->err, PC_EINPUT, "%s:%u: %s", ctx->origin,
	                  s ? (unsigned)config_setting_source_line(s) : 0u, text);
}
