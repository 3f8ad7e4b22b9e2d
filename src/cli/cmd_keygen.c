/* cmd_keygen.c — `paycon keygen --out DIR [--bits 4096]`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "keys.h"
#include "paths.h"

static int write_pair(const char *dir, int bits, pc_err *err)
{
	char *priv = pc_strdupf("%s/merchant.pem", dir);
	char *pub = pc_strdupf("%s/merchant.pub", dir);
	pc_key *key = NULL;
	char *line = NULL;
	int rc = -1;

	if (!priv || !pub)
		goto out;
	if (pc_mkdir_p(dir, 0700, err) < 0)
		goto out;
	fprintf(stderr, "paycon: generating a %d-bit RSA key (this takes a few seconds)\n", bits);
	key = pc_key_generate(bits, err);
	if (!key || pc_key_write_private(key, priv, err) < 0 || pc_key_write_public(key, pub, err) < 0)
		goto out;
	line = pc_key_public_base64(key);
	if (!line)
		goto out;
	printf("%s\n", line);
	fprintf(stderr, "paycon: wrote %s (private, mode 0600) and %s\n"
	                "paycon: paste the line above into the PayCools dashboard as the merchant public key\n",
	        priv, pub);
	rc = 0;
out:
	free(line);
	pc_key_free(key);
	free(priv);
	free(pub);
	return rc;
}

int cmd_keygen(cli_ctx *ctx, int argc, char **argv)
{
	const char *out, *bits_text;
	cli_args a;
	pc_err err;
	long bits = 4096;

	(void)ctx;
	if (cli_args_parse(&a, argc - 1, argv + 1, "") < 0 || cli_args_only(&a, "out|bits") < 0)
		return PC_EINPUT;
	out = cli_args_get(&a, "out");
	bits_text = cli_args_get(&a, "bits");
	if (!out || a.npos)
		return -cli_usage("usage: paycon keygen --out DIR [--bits 4096]");
	if (bits_text) {
		char *end;

		bits = strtol(bits_text, &end, 10);
		if (*end || (bits != 2048 && bits != 3072 && bits != 4096))
			return -cli_usage("--bits takes 2048, 3072 or 4096 (PayCools asks for 4096)");
	}
	pc_err_clear(&err);
	if (write_pair(out, (int)bits, &err) < 0)
		return cli_fail(&err);
	return 0;
}
