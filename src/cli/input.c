#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

static int read_stdin(char **out, size_t *len, pc_err *err)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return pc_err_set(err, PC_EINPUT, "out of memory reading standard input");
	for (;;) {
		size_t got;

		if (n == cap) {
			char *grown;

			if (cap >= CLI_MAX_BODY) {
				free(buf);
				return pc_err_set(err, PC_EINPUT, "standard input is larger than %u bytes", CLI_MAX_BODY);
			}
			cap *= 2;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				free(buf);
				return pc_err_set(err, PC_EINPUT, "out of memory reading standard input");
			}
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n, stdin);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(stdin)) {
		free(buf);
		return pc_err_set(err, PC_EINPUT, "cannot read standard input");
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int cli_read_body(const char *path, char **out, size_t *len, pc_err *err)
{
	if (!path || strcmp(path, "-") == 0)
		return read_stdin(out, len, err);
	return pc_read_file(path, CLI_MAX_BODY, out, len, err);
}
