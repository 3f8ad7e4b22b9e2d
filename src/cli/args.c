#include "args.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static bool in_list(const char *list, const char *name, size_t len)
{
	const char *p = list;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncmp(p, name, len) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

static int add_option(cli_args *a, char **argv, int argc, int *i, const char *switches)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	cli_opt *o;

	if (a->nopts == (int)(sizeof(a->opts) / sizeof(a->opts[0])))
		return cli_usage("too many options");
	o = &a->opts[a->nopts++];
	o->name = name;
	o->value = NULL;
	if (in_list(switches, name, len)) {
		if (eq)
			return cli_usage("--%.*s takes no value", (int)len, name);
		return 0;
	}
	if (eq) {
		/* Keep the name NUL-terminated: point into a copy of argv. */
		argv[*i][2 + len] = '\0';
		o->value = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return cli_usage("--%s needs a value", name);
	o->value = argv[++*i];
	return 0;
}

int cli_args_parse(cli_args *a, int argc, char **argv, const char *switches)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (strcmp(arg, "--") == 0) {
			for (i++; i < argc; i++) {
				if (a->npos == (int)(sizeof(a->pos) / sizeof(a->pos[0])))
					return cli_usage("too many arguments");
				a->pos[a->npos++] = argv[i];
			}
			break;
		}
		if (strncmp(arg, "--", 2) == 0 && arg[2]) {
			if (add_option(a, argv, argc, &i, switches) < 0)
				return -1;
			continue;
		}
		if (a->npos == (int)(sizeof(a->pos) / sizeof(a->pos[0])))
			return cli_usage("too many arguments");
		a->pos[a->npos++] = arg;
	}
	return 0;
}

const char *cli_args_get(const cli_args *a, const char *name)
{
	const char *value = NULL;

	for (int i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0)
			value = a->opts[i].value;
	return value;
}

bool cli_args_has(const cli_args *a, const char *name)
{
	for (int i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].name, name) == 0)
			return true;
	return false;
}

int cli_args_only(const cli_args *a, const char *known)
{
	for (int i = 0; i < a->nopts; i++)
		if (!in_list(known, a->opts[i].name, strlen(a->opts[i].name)))
			return cli_usage("unknown option --%s", a->opts[i].name);
	return 0;
}
