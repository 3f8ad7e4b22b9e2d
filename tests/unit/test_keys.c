/* test_keys.c — RSA key loading (ssh-like refusals), generation, export.
 *
 * Keys are made fresh for each run, by paycon itself or by the openssl
 * command line, inside a mkdtemp() directory removed at the end. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "keys.h"
#include "testutil.h"

#define PASSPHRASE "correct horse battery staple"

static char tmpdir[64];

/* Files made once by the group setup, all from the same RSA-2048 key. */
static char pkcs8_path[512];     /* PEM "PRIVATE KEY", mode 0600 */
static char pkcs1_path[512];     /* PEM "RSA PRIVATE KEY", same key */
static char enc8_path[512];      /* PEM "ENCRYPTED PRIVATE KEY", same key */
static char enc1_path[512];      /* PKCS#1 with Proc-Type: 4,ENCRYPTED, same key */
static char pass_path[512];      /* PASSPHRASE\n, mode 0600 */
static char spki_path[512];      /* PEM "PUBLIC KEY" */
static char rsapub_path[512];    /* PEM "RSA PUBLIC KEY" */
static char oneline_path[512];   /* Base64 DER SPKI on one line */
static char expected_fp[128];    /* fingerprint computed with openssl + base64 */
static char expected_b64[1024];  /* one-line Base64 computed with base64 -w0 */

/* ---- helpers ---------------------------------------------------------- */

static void copy_file(const char *from, const char *to, mode_t mode)
{
	char *text = tu_read_file(from, NULL);

	tu_write_file(to, text, mode);
	free(text);
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, haystack);
}

static void assert_fingerprint(const pc_key *key, const char *expected)
{
	char *fp = pc_key_fingerprint(key);

	assert_non_null(fp);
	assert_string_equal(fp, expected);
	free(fp);
}

/* Loads a private key expecting failure; returns the message via err. */
static void expect_private_refused(const char *path, const char *passfile, pc_err *err)
{
	pc_key *key;

	pc_err_clear(err);
	key = pc_key_load_private(path, passfile, NULL, NULL, err);
	assert_null(key);
	assert_int_equal(err->cls, PC_EINPUT);
	assert_true(err->msg[0] != '\0');
}

static int group_setup(void **state)
{
	char *text;
	size_t n;

	(void)state;
	if (tu_mkdtemp(tmpdir, sizeof(tmpdir), "keys") != 0)
		return -1;
	tu_path(pkcs8_path, sizeof(pkcs8_path), tmpdir, "k8.pem");
	tu_path(pkcs1_path, sizeof(pkcs1_path), tmpdir, "k1.pem");
	tu_path(enc8_path, sizeof(enc8_path), tmpdir, "k8enc.pem");
	tu_path(enc1_path, sizeof(enc1_path), tmpdir, "k1enc.pem");
	tu_path(pass_path, sizeof(pass_path), tmpdir, "pass");
	tu_path(spki_path, sizeof(spki_path), tmpdir, "pub.pem");
	tu_path(rsapub_path, sizeof(rsapub_path), tmpdir, "rsapub.pem");
	tu_path(oneline_path, sizeof(oneline_path), tmpdir, "pub.b64");
	if (tu_run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '%s' 2>/dev/null",
	           pkcs8_path) != 0 ||
	    tu_run("openssl pkey -in '%s' -traditional -out '%s' 2>/dev/null", pkcs8_path,
	           pkcs1_path) != 0 ||
	    tu_run("openssl pkey -in '%s' -aes256 -passout 'pass:%s' -out '%s' 2>/dev/null",
	           pkcs8_path, PASSPHRASE, enc8_path) != 0 ||
	    tu_run("openssl rsa -in '%s' -aes256 -traditional -passout 'pass:%s' -out '%s' 2>/dev/null",
	           pkcs8_path, PASSPHRASE, enc1_path) != 0 ||
	    tu_run("openssl pkey -in '%s' -pubout -out '%s' 2>/dev/null", pkcs8_path, spki_path) != 0 ||
	    tu_run("openssl rsa -in '%s' -RSAPublicKey_out -out '%s' 2>/dev/null", pkcs8_path,
	           rsapub_path) != 0 ||
	    tu_run("openssl pkey -in '%s' -pubout -outform DER | base64 -w0 > '%s'", pkcs8_path,
	           oneline_path) != 0 ||
	    tu_run("openssl pkey -in '%s' -pubout -outform DER | openssl dgst -sha256 -binary | "
	           "base64 -w0 | tr -d = > '%s/fp'",
	           pkcs8_path, tmpdir) != 0)
		return -1;
	chmod(pkcs8_path, 0600);
	chmod(pkcs1_path, 0600);
	chmod(enc8_path, 0600);
	chmod(enc1_path, 0600);
	tu_write_file(pass_path, PASSPHRASE "\n", 0600);

	snprintf(expected_fp, sizeof(expected_fp), "SHA256:");
	tu_path(expected_b64, sizeof(expected_b64), tmpdir, "fp");
	text = tu_read_file(expected_b64, NULL);
	strncat(expected_fp, text, sizeof(expected_fp) - strlen(expected_fp) - 1);
	free(text);
	text = tu_read_file(oneline_path, NULL);
	n = strlen(text);
	if (n == 0 || n >= sizeof(expected_b64)) {
		free(text);
		return -1;
	}
	memcpy(expected_b64, text, n + 1);
	free(text);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_rmrf(tmpdir);
	return 0;
}

/* ---- generation and writing ------------------------------------------- */

static void test_generate_write_load_roundtrip(void **state)
{
	char priv[512], pub[512];
	pc_err err;
	pc_key *key, *back, *pubkey;
	struct stat st;
	char *text, *fp;
	mode_t old;

	(void)state;
	tu_path(priv, sizeof(priv), tmpdir, "gen.pem");
	tu_path(pub, sizeof(pub), tmpdir, "gen.pub.pem");
	key = pc_key_generate(2048, &err);
	assert_non_null(key);
	assert_int_equal(pc_key_bits(key), 2048);
	assert_true(pc_key_is_private(key));

	/* The private key is 0600 even under a permissive umask... */
	old = umask(0);
	assert_int_equal(pc_key_write_private(key, priv, &err), 0);
	/* ...and the public key 0644 even under a strict one. */
	umask(077);
	assert_int_equal(pc_key_write_public(key, pub, &err), 0);
	umask(old);
	assert_int_equal(stat(priv, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(pub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);

	text = tu_read_file(priv, NULL);
	assert_int_equal(strncmp(text, "-----BEGIN PRIVATE KEY-----\n", 28), 0);
	free(text);
	text = tu_read_file(pub, NULL);
	assert_int_equal(strncmp(text, "-----BEGIN PUBLIC KEY-----\n", 27), 0);
	free(text);
	/* openssl agrees the written key is a sound RSA key. */
	assert_int_equal(tu_run("openssl rsa -in '%s' -check -noout >/dev/null 2>&1", priv), 0);

	fp = pc_key_fingerprint(key);
	assert_non_null(fp);
	back = pc_key_load_private(priv, NULL, NULL, NULL, &err);
	assert_non_null(back);
	assert_true(pc_key_is_private(back));
	assert_fingerprint(back, fp);
	pubkey = pc_key_load_public(pub, &err);
	assert_non_null(pubkey);
	assert_false(pc_key_is_private(pubkey));
	assert_int_equal(pc_key_bits(pubkey), 2048);
	assert_fingerprint(pubkey, fp);

	free(fp);
	pc_key_free(pubkey);
	pc_key_free(back);
	pc_key_free(key);
	unlink(priv);
	unlink(pub);
}

static void test_generate_4096(void **state)
{
	char priv[512];
	pc_err err;
	pc_key *key, *back;
	char *fp;

	(void)state;
	tu_path(priv, sizeof(priv), tmpdir, "gen4096.pem");
	key = pc_key_generate(4096, &err);
	assert_non_null(key);
	assert_int_equal(pc_key_bits(key), 4096);
	assert_int_equal(pc_key_write_private(key, priv, &err), 0);
	assert_int_equal(tu_run("openssl pkey -in '%s' -noout -text 2>/dev/null | "
	                        "grep -q 'Private-Key: (4096 bit'",
	                        priv),
	                 0);
	back = pc_key_load_private(priv, NULL, NULL, NULL, &err);
	assert_non_null(back);
	assert_int_equal(pc_key_bits(back), 4096);
	fp = pc_key_fingerprint(key);
	assert_fingerprint(back, fp);
	free(fp);
	pc_key_free(back);
	pc_key_free(key);
	unlink(priv);
}

static void test_generate_refuses_weak_sizes(void **state)
{
	pc_err err;

	(void)state;
	pc_err_clear(&err);
	assert_null(pc_key_generate(1024, &err));
	assert_int_equal(err.cls, PC_EINPUT);
	assert_contains(err.msg, "1024 bits");
	assert_contains(err.msg, "4096");
	assert_null(pc_key_generate(0, &err));
}

static void test_write_refuses_overwrite(void **state)
{
	char path[512], link[512], target[512];
	pc_err err;
	pc_key *key;
	char *text;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "existing.pem");
	tu_path(link, sizeof(link), tmpdir, "dangling.pem");
	tu_path(target, sizeof(target), tmpdir, "nowhere.pem");
	tu_write_file(path, "old key\n", 0600);
	key = pc_key_load_private(pkcs8_path, NULL, NULL, NULL, &err);
	assert_non_null(key);

	pc_err_clear(&err);
	assert_int_equal(pc_key_write_private(key, path, &err), -1);
	assert_contains(err.msg, "exists; refusing to overwrite a key");
	assert_contains(err.msg, path);
	pc_err_clear(&err);
	assert_int_equal(pc_key_write_public(key, path, &err), -1);
	assert_contains(err.msg, "exists; refusing to overwrite a key");
	text = tu_read_file(path, NULL);
	assert_string_equal(text, "old key\n");
	free(text);

	/* A dangling symlink is not followed to create its target. */
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(pc_key_write_private(key, link, &err), -1);
	assert_contains(err.msg, "refusing to overwrite");
	assert_int_equal(access(target, F_OK), -1);

	pc_key_free(key);
	unlink(path);
	unlink(link);
}

static void test_write_private_needs_private_key(void **state)
{
	char path[512];
	pc_err err;
	pc_key *pub;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "never.pem");
	pub = pc_key_load_public(spki_path, &err);
	assert_non_null(pub);
	pc_err_clear(&err);
	assert_int_equal(pc_key_write_private(pub, path, &err), -1);
	assert_contains(err.msg, "no private half");
	assert_int_equal(access(path, F_OK), -1);
	pc_key_free(pub);
}

/* ---- private key formats ---------------------------------------------- */

static void test_load_pkcs8(void **state)
{
	pc_err err;
	pc_key *key;

	(void)state;
	key = pc_key_load_private(pkcs8_path, NULL, NULL, NULL, &err);
	assert_non_null(key);
	assert_int_equal(pc_key_bits(key), 2048);
	assert_true(pc_key_is_private(key));
	assert_non_null(pc_key_evp(key));
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);
}

static void test_load_pkcs1(void **state)
{
	pc_err err;
	pc_key *key;
	char *text;

	(void)state;
	text = tu_read_file(pkcs1_path, NULL);
	assert_contains(text, "-----BEGIN RSA PRIVATE KEY-----");
	free(text);
	key = pc_key_load_private(pkcs1_path, NULL, NULL, NULL, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);
}

static void test_plain_key_never_reads_passphrase_file(void **state)
{
	char missing[512];
	pc_err err;
	pc_key *key;

	(void)state;
	tu_path(missing, sizeof(missing), tmpdir, "no-such-passphrase");
	key = pc_key_load_private(pkcs8_path, missing, NULL, NULL, &err);
	assert_non_null(key);
	pc_key_free(key);
}

/* ---- refusals ----------------------------------------------------------- */

static void test_refuses_0644_key(void **state)
{
	char path[512], expected[2048];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "k644.pem");
	copy_file(pkcs8_path, path, 0644);
	expect_private_refused(path, NULL, &err);
	snprintf(expected, sizeof(expected),
	         "permissions 0644 for '%s' are too open: a private key must be readable by "
	         "its owner only; run: chmod 600 '%s'",
	         path, path);
	assert_string_equal(err.msg, expected);
	unlink(path);
}

static void test_refuses_0640_key(void **state)
{
	char path[512];
	pc_err err;
	pc_key *key;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "k640.pem");
	copy_file(pkcs8_path, path, 0640);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "permissions 0640 for '");
	assert_contains(err.msg, "run: chmod 600 '");
	/* 0604 (other-readable only) is just as bad. */
	assert_int_equal(chmod(path, 0604), 0);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "permissions 0604");
	/* Fixed as the message says, it loads. */
	assert_int_equal(chmod(path, 0600), 0);
	key = pc_key_load_private(path, NULL, NULL, NULL, &err);
	assert_non_null(key);
	pc_key_free(key);
	unlink(path);
}

static void test_refuses_symlinked_key(void **state)
{
	char link[512];
	pc_err err;

	(void)state;
	tu_path(link, sizeof(link), tmpdir, "link.pem");
	assert_int_equal(symlink(pkcs8_path, link), 0);
	expect_private_refused(link, NULL, &err);
	assert_contains(err.msg, "is a symbolic link");
	assert_contains(err.msg, "point the profile at the real file");
	assert_contains(err.msg, link);
	unlink(link);
}

static void test_refuses_missing_key(void **state)
{
	char path[512];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "absent.pem");
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "does not exist");
	assert_contains(err.msg, path);
}

static void test_refuses_garbage_key(void **state)
{
	char path[512];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "garbage.pem");
	tu_write_file(path, "this is not a key\n", 0600);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "is not a PEM file");
	assert_contains(err.msg, path);

	/* A PEM armour around junk. */
	tu_write_file(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 0600);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "could not be read");

	/* An empty file. */
	tu_write_file(path, "", 0600);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "is not a PEM file");
	unlink(path);
}

static void test_refuses_public_key_as_private(void **state)
{
	char path[512];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "pub-as-priv.pem");
	copy_file(spki_path, path, 0600);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "holds a public key, not a private key");
	unlink(path);
}

static void test_refuses_directory_and_oversized(void **state)
{
	char dir[512], big[512];
	pc_err err;
	char *blob;

	(void)state;
	tu_path(dir, sizeof(dir), tmpdir, "a-directory");
	assert_int_equal(mkdir(dir, 0700), 0);
	expect_private_refused(dir, NULL, &err);
	assert_contains(err.msg, "is not a regular file");
	rmdir(dir);

	tu_path(big, sizeof(big), tmpdir, "big.pem");
	blob = malloc(70000);
	assert_non_null(blob);
	memset(blob, 'A', 69999);
	blob[69999] = '\0';
	tu_write_file(big, blob, 0600);
	free(blob);
	expect_private_refused(big, NULL, &err);
	assert_contains(err.msg, "is larger than 65536 bytes");
	unlink(big);
}

static void test_refuses_key_of_other_owner(void **state)
{
	char path[512];
	pc_err err;

	(void)state;
	if (geteuid() != 0)
		skip(); /* only root can give a file away */
	tu_path(path, sizeof(path), tmpdir, "theirs.pem");
	copy_file(pkcs8_path, path, 0600);
	assert_int_equal(chown(path, 65534, 65534), 0);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "belongs to uid 65534, not to you");
	unlink(path);
}

static void test_refuses_ec_key(void **state)
{
	char path[512], pub[512];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "ec.pem");
	tu_path(pub, sizeof(pub), tmpdir, "ec.pub.pem");
	assert_int_equal(tu_run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
	                        "-out '%s' 2>/dev/null && openssl pkey -in '%s' -pubout -out '%s' "
	                        "2>/dev/null",
	                        path, path, pub),
	                 0);
	assert_int_equal(chmod(path, 0600), 0);
	expect_private_refused(path, NULL, &err);
	assert_contains(err.msg, "type EC, not RSA");
	assert_contains(err.msg, "RSA keys only");

	pc_err_clear(&err);
	assert_null(pc_key_load_public(pub, &err));
	assert_contains(err.msg, "type EC, not RSA");
	unlink(path);
	unlink(pub);
}

/* ---- encrypted keys ------------------------------------------------------ */

static void test_encrypted_with_right_passphrase_file(void **state)
{
	pc_err err;
	pc_key *key;
	char *text;

	(void)state;
	text = tu_read_file(enc8_path, NULL);
	assert_contains(text, "-----BEGIN ENCRYPTED PRIVATE KEY-----");
	free(text);
	key = pc_key_load_private(enc8_path, pass_path, NULL, NULL, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);

	/* Traditional PKCS#1 encryption (Proc-Type: 4,ENCRYPTED) too. */
	text = tu_read_file(enc1_path, NULL);
	assert_contains(text, "Proc-Type: 4,ENCRYPTED");
	free(text);
	key = pc_key_load_private(enc1_path, pass_path, NULL, NULL, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);
}

static void test_passphrase_file_first_line_only(void **state)
{
	char path[512];
	pc_err err;
	pc_key *key;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "pass-crlf");
	/* Windows line ending, and a second line that is not the passphrase. */
	tu_write_file(path, PASSPHRASE "\r\nsomething else\n", 0600);
	key = pc_key_load_private(enc8_path, path, NULL, NULL, &err);
	assert_non_null(key);
	pc_key_free(key);

	/* No newline at all. */
	tu_write_file(path, PASSPHRASE, 0600);
	key = pc_key_load_private(enc8_path, path, NULL, NULL, &err);
	assert_non_null(key);
	pc_key_free(key);

	/* A trailing space is part of the passphrase, so this one is wrong. */
	tu_write_file(path, PASSPHRASE " \n", 0600);
	expect_private_refused(enc8_path, path, &err);
	assert_contains(err.msg, "wrong passphrase");

	tu_write_file(path, "\nsecond\n", 0600);
	expect_private_refused(enc8_path, path, &err);
	assert_contains(err.msg, "empty first line");
	unlink(path);
}

static void test_encrypted_with_wrong_passphrase(void **state)
{
	char path[512];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "pass-wrong");
	tu_write_file(path, "Tr0ub4dor&3\n", 0600);
	expect_private_refused(enc8_path, path, &err);
	assert_contains(err.msg, "cannot decrypt private key '");
	assert_contains(err.msg, "wrong passphrase in passphrase file '");
	assert_contains(err.msg, path);
	expect_private_refused(enc1_path, path, &err);
	assert_contains(err.msg, "wrong passphrase");
	unlink(path);
}

static void test_passphrase_file_too_open(void **state)
{
	char path[512], expected[2048];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "pass-open");
	tu_write_file(path, PASSPHRASE "\n", 0644);
	expect_private_refused(enc8_path, path, &err);
	snprintf(expected, sizeof(expected),
	         "permissions 0644 for '%s' are too open: a passphrase file must be readable "
	         "by its owner only; run: chmod 600 '%s'",
	         path, path);
	assert_string_equal(err.msg, expected);
	unlink(path);
}

static void test_encrypted_without_passphrase_source(void **state)
{
	pc_err err;

	(void)state;
	expect_private_refused(enc8_path, NULL, &err);
	assert_contains(err.msg, "is encrypted and no passphrase is available");
	assert_contains(err.msg, "set `passphrase_file` in the profile");
	assert_contains(err.msg, "run paycon in a terminal");
	assert_contains(err.msg, enc8_path);
}

struct asker {
	const char *answer; /* NULL: give up */
	int calls;
	char seen_path[512];
};

static int ask_passphrase(char *buf, size_t size, const char *key_path, void *ud)
{
	struct asker *a = ud;

	a->calls++;
	snprintf(a->seen_path, sizeof(a->seen_path), "%s", key_path);
	if (!a->answer)
		return -1;
	snprintf(buf, size, "%s", a->answer);
	return (int)strlen(buf);
}

static void test_encrypted_with_ask_callback(void **state)
{
	struct asker right = { PASSPHRASE, 0, "" };
	struct asker wrong = { "nope", 0, "" };
	struct asker gives_up = { NULL, 0, "" };
	struct asker unused = { PASSPHRASE, 0, "" };
	pc_err err;
	pc_key *key;

	(void)state;
	key = pc_key_load_private(enc8_path, NULL, ask_passphrase, &right, &err);
	assert_non_null(key);
	assert_int_equal(right.calls, 1); /* asked once, not once per decoder */
	assert_string_equal(right.seen_path, enc8_path);
	pc_key_free(key);

	pc_err_clear(&err);
	assert_null(pc_key_load_private(enc8_path, NULL, ask_passphrase, &wrong, &err));
	assert_int_equal(wrong.calls, 1);
	assert_contains(err.msg, "wrong passphrase");

	pc_err_clear(&err);
	assert_null(pc_key_load_private(enc8_path, NULL, ask_passphrase, &gives_up, &err));
	assert_contains(err.msg, "no passphrase was given");

	/* The passphrase file wins over asking; a plain key asks nothing. */
	key = pc_key_load_private(enc8_path, pass_path, ask_passphrase, &unused, &err);
	assert_non_null(key);
	pc_key_free(key);
	key = pc_key_load_private(pkcs8_path, NULL, ask_passphrase, &unused, &err);
	assert_non_null(key);
	pc_key_free(key);
	assert_int_equal(unused.calls, 0);
}

static void test_secret_file_check(void **state)
{
	char path[512], link[512];
	pc_err err;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "secret");
	tu_path(link, sizeof(link), tmpdir, "secret-link");
	tu_write_file(path, "x\n", 0600);
	assert_int_equal(pc_secret_file_check(path, "passphrase file", &err), 0);
	assert_int_equal(chmod(path, 0400), 0);
	assert_int_equal(pc_secret_file_check(path, "passphrase file", &err), 0);

	assert_int_equal(chmod(path, 0660), 0);
	pc_err_clear(&err);
	assert_int_equal(pc_secret_file_check(path, "webhook secret", &err), -1);
	assert_contains(err.msg, "permissions 0660");
	assert_contains(err.msg, "a webhook secret must be readable by its owner only");

	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(pc_secret_file_check(link, "passphrase file", &err), -1);
	assert_contains(err.msg, "passphrase file '");
	assert_contains(err.msg, "is a symbolic link");
	unlink(link);
	unlink(path);
}

/* ---- public keys --------------------------------------------------------- */

static void test_public_key_formats(void **state)
{
	char path[512];
	pc_err err;
	pc_key *key;
	char *text;

	(void)state;
	key = pc_key_load_public(spki_path, &err);
	assert_non_null(key);
	assert_false(pc_key_is_private(key));
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);

	text = tu_read_file(rsapub_path, NULL);
	assert_contains(text, "-----BEGIN RSA PUBLIC KEY-----");
	free(text);
	key = pc_key_load_public(rsapub_path, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);

	key = pc_key_load_public(oneline_path, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);

	/* The dashboard form as pasted with breaks, CRLFs and spaces. */
	tu_path(path, sizeof(path), tmpdir, "pub-wrapped.b64");
	assert_int_equal(tu_run("fold -w 60 '%s' | sed 's/$/\\r/; 2s/^/  /' > '%s'", oneline_path,
	                        path),
	                 0);
	key = pc_key_load_public(path, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);
	unlink(path);
}

static void test_public_key_symlink_is_followed(void **state)
{
	char link[512];
	pc_err err;
	pc_key *key;

	(void)state;
	tu_path(link, sizeof(link), tmpdir, "pub-link.pem");
	assert_int_equal(symlink(spki_path, link), 0);
	key = pc_key_load_public(link, &err);
	assert_non_null(key);
	pc_key_free(key);
	unlink(link);
}

static void test_parse_public_from_memory(void **state)
{
	char buf[1100];
	size_t n = strlen(expected_b64);
	pc_err err;
	pc_key *key;

	(void)state;
	/* len bounds the text: the bytes after it must not be read. */
	memcpy(buf, expected_b64, n);
	memcpy(buf + n, "!!junk", 7);
	key = pc_key_parse_public(buf, n, &err);
	assert_non_null(key);
	assert_fingerprint(key, expected_fp);
	pc_key_free(key);

	pc_err_clear(&err);
	assert_null(pc_key_parse_public(buf, n + 2, &err));
	assert_contains(err.msg, "unexpected '!'");
}

static void test_public_key_refusals(void **state)
{
	char path[512], shown[600];
	pc_err err;
	char *b64;
	size_t n;

	(void)state;
	tu_path(path, sizeof(path), tmpdir, "bad.pub");
	snprintf(shown, sizeof(shown), "public key '%s': ", path);

	/* A private key where the public one belongs: refused, not used. */
	copy_file(pkcs8_path, path, 0600);
	pc_err_clear(&err);
	assert_null(pc_key_load_public(path, &err));
	assert_int_equal(strncmp(err.msg, shown, strlen(shown)), 0);
	assert_contains(err.msg, "a private key, not a public key");

	tu_write_file(path, "not a key!\n", 0644);
	assert_null(pc_key_load_public(path, &err));
	assert_int_equal(strncmp(err.msg, shown, strlen(shown)), 0);
	assert_contains(err.msg, "neither PEM nor one-line Base64");

	tu_write_file(path, "AAAAAAAA\n", 0644);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "does not decode to a public key");

	/* One character lost in copying. */
	b64 = strdup(expected_b64);
	assert_non_null(b64);
	n = strlen(b64);
	b64[n / 2] = ' ';
	tu_write_file(path, b64, 0644);
	free(b64);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "was a character lost in copying?");

	/* A good key with bytes after it is not that key. */
	b64 = malloc(strlen(expected_b64) + 6);
	assert_non_null(b64);
	sprintf(b64, "%sAAAA\n", expected_b64);
	tu_write_file(path, b64, 0644);
	free(b64);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "does not decode to a public key");

	tu_write_file(path, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", 0644);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "does not hold a readable key");

	tu_write_file(path, "-----BEGIN PUBLIC KEY-----\nMIIB\n", 0644);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "damaged");

	tu_write_file(path, " \n", 0644);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "empty");

	unlink(path);
	assert_null(pc_key_load_public(path, &err));
	assert_contains(err.msg, "does not exist");
}

static void test_fingerprint_and_base64_match_openssl(void **state)
{
	pc_err err;
	pc_key *key;
	char *b64, *fp;

	(void)state;
	key = pc_key_load_private(pkcs8_path, NULL, NULL, NULL, &err);
	assert_non_null(key);
	fp = pc_key_fingerprint(key);
	assert_non_null(fp);
	/* "SHA256:" + 43 characters, no '=' padding. */
	assert_int_equal(strlen(fp), 7 + 43);
	assert_null(strchr(fp, '='));
	assert_string_equal(fp, expected_fp);
	free(fp);

	b64 = pc_key_public_base64(key);
	assert_non_null(b64);
	assert_null(strchr(b64, '\n'));
	assert_string_equal(b64, expected_b64);
	free(b64);
	pc_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_write_load_roundtrip),
		cmocka_unit_test(test_generate_4096),
		cmocka_unit_test(test_generate_refuses_weak_sizes),
		cmocka_unit_test(test_write_refuses_overwrite),
		cmocka_unit_test(test_write_private_needs_private_key),
		cmocka_unit_test(test_load_pkcs8),
		cmocka_unit_test(test_load_pkcs1),
		cmocka_unit_test(test_plain_key_never_reads_passphrase_file),
		cmocka_unit_test(test_refuses_0644_key),
		cmocka_unit_test(test_refuses_0640_key),
		cmocka_unit_test(test_refuses_symlinked_key),
		cmocka_unit_test(test_refuses_missing_key),
		cmocka_unit_test(test_refuses_garbage_key),
		cmocka_unit_test(test_refuses_public_key_as_private),
		cmocka_unit_test(test_refuses_directory_and_oversized),
		cmocka_unit_test(test_refuses_key_of_other_owner),
		cmocka_unit_test(test_refuses_ec_key),
		cmocka_unit_test(test_encrypted_with_right_passphrase_file),
		cmocka_unit_test(test_passphrase_file_first_line_only),
		cmocka_unit_test(test_encrypted_with_wrong_passphrase),
		cmocka_unit_test(test_passphrase_file_too_open),
		cmocka_unit_test(test_encrypted_without_passphrase_source),
		cmocka_unit_test(test_encrypted_with_ask_callback),
		cmocka_unit_test(test_secret_file_check),
		cmocka_unit_test(test_public_key_formats),
		cmocka_unit_test(test_public_key_symlink_is_followed),
		cmocka_unit_test(test_parse_public_from_memory),
		cmocka_unit_test(test_public_key_refusals),
		cmocka_unit_test(test_fingerprint_and_base64_match_openssl),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
