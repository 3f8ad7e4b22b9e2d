/* args.h — "--name value" / "--name=value" option lists for subcommands. */
#ifndef PAYCON_ARGS_H
#define PAYCON_ARGS_H

#include <stdbool.h>

typedef struct {
	const char *name;   /* without the leading "--" */
	const char *value;  /* NULL for a switch */
} cli_opt;

typedef struct {
	cli_opt opts[64];
	int nopts;
	const char *pos[16];  /* positional arguments */
	int npos;
} cli_args;

/* Splits argv (after the command words). `switches` lists the options that
 * take no value ("follow|json"). Returns 0, or -1 after printing a usage
 * error (unknown syntax, missing value, too many arguments). */
int cli_args_parse(cli_args *a, int argc, char **argv, const char *switches);

/* Last value of --name, or NULL. */
const char *cli_args_get(const cli_args *a, const char *name);
bool cli_args_has(const cli_args *a, const char *name);

/* Fails with a usage message naming the first option not in `known`
 * ("a|b|c"). */
int cli_args_only(const cli_args *a, const char *known);

#endif
