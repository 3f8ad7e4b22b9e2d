/* test_signature.c — RSASSA-PKCS1-v1_5 signing and verifying, Base64,
 * signed params and callback bodies; interop with the openssl command line. */
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

#include "signature.h"
#include "testutil.h"

/* A TEST-ONLY RSA-2048 key, published here on purpose: never use it for
 * anything real. The expected signatures below were made from it with
 *   openssl dgst -sha256|-sha1 -sign kat.pem canonical.txt | base64 -w0 */
static const char kat_key_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCGeOF9ppowE6vG\n"
	"BdK0d20f1tTKMo6AnkgUY4HexnNs5gVyRRTQ0M+0mCpX/PhWq04ojDsSc/dOCAH2\n"
	"u0Ra1kmAS4LEtWVQ/+N2tqzJ6jglTibTJxVgsCWxj7SxgQM4A3yFUvdTv3Gw0FpP\n"
	"8FAislJOOtGwvKo8rPvHMgLpOtKZh5sKr/2zytGZG/ImwQZ8y1/WysUtITHfei5s\n"
	"c90ugbDLoywIHRjcvjDdM2YVTY8u1T4K64uFaOX2gCEpWZ8S9w1h7hFVfRAusJnJ\n"
	"Uc4ZthredPRTbNI7tZorijUY1wiGVZsyzcq82uPMXWrz/swHpJA/CNDgXg6l+kUN\n"
	"p44ZdYYTAgMBAAECggEAAJNcC77NhMegxtdhijaIWlv/6QhwD+C7HS5OU3lrE2D0\n"
	"E1Kb6zOujD2WgqkkewAI4RO1hLe0DnXWxsZMIohVEF44iNnzxycQCG9eDsC//nhF\n"
	"jrxzP1x6SSL84d8sqTLz2jJAVnmrFrBxU8HP+bJay2DvFBY2+FcPYNoQfeUYBxPA\n"
	"K0SSZly9fVeBTe522G2eN8PlYfoM/dfCKUUm7TG77rr2fsCW6atcNi95HDMwfkec\n"
	"QRP0CIExwJva3qnx2re2808Fd6BZ+9JzD+Q7LUnDOl5KNcMIux1O+Mls5v6nHj2t\n"
	"Bt/OqO4JLt4fgWxkryEcCw+5P3PQ07SWX9FC3O+lcQKBgQC6hn5h+ba+MUmSMmdo\n"
	"wxJstGQqYe5yJjgMVFFa2AT8rMgne60cH5hWVj8UirCdogLsL7myDo3H7vPg23m+\n"
	"883aIniEeAQ1plJ5y21+FkwqKU9Z7DjQQeT8wkkI+E9x9o90nyOjATKxGZ0IvKy7\n"
	"CSuFLRDv2B9Lh1gBJGo1D60xyQKBgQC4jweViiXmZ/eMwu77vn5zGbuvngS66Dxx\n"
	"mUm1eXkUAPpUVs07C8wu5QWq6reL5rdwdvpdSw6vuQHhxRgMuP/ypcIyWstoTtV9\n"
	"z8mBhKCSdQH6Ydsu1cTiQV9b5bD4Xp15ZVjfrCQPDqNDZLA9XxvOweDajdZ6jd2B\n"
	"zepjdSMG+wKBgG3nBxqFf0ZrVhUdO87/eaCxXX+Xel6p5EZnfBQRykZzK/APsD0s\n"
	"5J6ibMKWwV/v8Nbne/vNFX8jbXElAIQhtT39J5Ot/5T47gmzck1jp/cDpiyuwf77\n"
	"hIfllhEB9hWJGJe3mNDXyN2O4Pcf7Iq76XeryRn49t+S3Ki3oximpv75AoGANako\n"
	"jFs5f89005GOCNYvT+oIfxxTxcBmaqUmIESsZpuOLV17mJJqkKv4ROSv71ZquaFu\n"
	"VBfRslf5axpyTqivim6VkyyA/dgGDOmQbj8QrOSmaZVwNCLldt+JCWA0X1KrOLO1\n"
	"7nrPlS0tXRf2gjGYFTqb1Q/ub322DNrBLp/NSmcCgYEArXQlVD4vn+Xprf/o2dep\n"
	"eZ6KSbV2KS04ym+A3kDkaaTmOrQdFlLCYW/rPqCa/GRGfDCYcYlHO6u5b1cqdAiN\n"
	"osHzKLoUKE57EdAu7GGf1zL6W2Tj8bd9uKZZ8MsFun/j3KHOjFsroV/6LYd69nmh\n"
	"kvEZsgJWTVuGnbOyjL+CcoY=\n"
	"-----END PRIVATE KEY-----\n";

/* Its public half, in the dashboard's one-line form. */
static const char kat_public_b64[] =
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAhnjhfaaaMBOrxgXStHdtH9bUyjKOgJ5IFGOB3sZzbOYF"
	"ckUU0NDPtJgqV/z4VqtOKIw7EnP3TggB9rtEWtZJgEuCxLVlUP/jdrasyeo4JU4m0ycVYLAlsY+0sYEDOAN8hVL3"
	"U79xsNBaT/BQIrJSTjrRsLyqPKz7xzIC6TrSmYebCq/9s8rRmRvyJsEGfMtf1srFLSEx33oubHPdLoGwy6MsCB0Y"
	"3L4w3TNmFU2PLtU+CuuLhWjl9oAhKVmfEvcNYe4RVX0QLrCZyVHOGbYa3nT0U2zSO7WaK4o1GNcIhlWbMs3KvNrj"
	"zF1q8/7MB6SQPwjQ4F4OpfpFDaeOGXWGEwIDAQAB";

/* The worked example of the PayCools signature page (design.md §4). */
static const char doc_body[] =
	"{\"amount\": 100.00, \"appId\": \"f90addc4861540ef9312e87d8f360e08\", \"version\":\"1.0\"}";
static const char doc_canonical[] =
	"amount=100.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0";

static const char kat_sig_sha256[] =
	"Z9pbRy5MBVnVK9Vc2fhaLABV06dqhIGTvFNIlZFfrDNbLCOmwUHIoK+57DQsmNVC"
	"kePpSjJBjki/QvHwiyAXY6palrTTBlIXTFAN8YphvA8vH4286VbC8DcKcbnNiVYy"
	"Uv0hEWR7AxXqgja9sh2Xvfp+f2uh6b502v3Byv54qiip92M/K2iiZOUpTx9vJvMd"
	"AQWgL+HYAPmXXPIRGxow3CS0/PEnWfqQEmYZi/7Vooi8tEOv9/sgjmzQ8pMMPyRd"
	"KQVxn37pspzpUjb2kI9SNLZ067HO8KZY5nsf1rh8w5sObimWGHV+2HPUlG8d4wtL"
	"fmuwpK8oxZ7Jnax3v0OZZg==";

static const char kat_sig_sha1[] =
	"JNr1pHjg7/ojnTEmnUs9cnfawvIzA86WWcJAkqxUMFSC5fui6TxEO+N09cCLptes"
	"9DwmNgz2z4/dM+IvANyFAou8zJr3KB9drUrNeQHUf3zUFVwrLZJqrpiMIKZJv8sr"
	"q5cyqUq+0ZaZPmqTnWQnaTHdh/nDCdZwcKrXeMCG9WBKmLle1HmyW+e5ULofcOyg"
	"Ogclf5c9iEIUbXqLx17vGUIdMPk6mtqPqWxrXLMhqGRsszsAzr7/HubPexmYj7CZ"
	"G/hwCDgErdKu6PIR3VQpbwHT/dO9n1gre974U/7X2UiKbFiFlPwLz2P45U1OWfRy"
	"ONd8yHZCmxL4Qfsr5K7UDQ==";

static char tmpdir[64];
static char kat_path[512];     /* kat_key_pem, mode 0600 */
static char kat_pub_path[512]; /* its SPKI PEM, written by openssl */
static char other_path[512];   /* another RSA-2048 key */
static char big_path[512];     /* an RSA-3072 key: other signature size */

static pc_key *kat_key;
static pc_key *kat_pub;
static pc_key *other_key;
static pc_key *big_key;

/* ---- helpers ---------------------------------------------------------- */

/* Body text with "sign":"<sig>" added as the last member. */
static char *body_with_sign(const char *body, const char *sig)
{
	size_t n = strlen(body);
	char *out = malloc(n + strlen(sig) + 16);

	assert_non_null(out);
	assert_true(n > 0 && body[n - 1] == '}');
	memcpy(out, body, n - 1);
	sprintf(out + n - 1, ",\"sign\":\"%s\"}", sig);
	return out;
}

static int group_setup(void **state)
{
	pc_err err;

	(void)state;
	if (tu_mkdtemp(tmpdir, sizeof(tmpdir), "signature") != 0)
		return -1;
	tu_path(kat_path, sizeof(kat_path), tmpdir, "kat.pem");
	tu_path(kat_pub_path, sizeof(kat_pub_path), tmpdir, "kat.pub.pem");
	tu_path(other_path, sizeof(other_path), tmpdir, "other.pem");
	tu_path(big_path, sizeof(big_path), tmpdir, "big.pem");
	if (tu_write_bytes(kat_path, kat_key_pem, strlen(kat_key_pem), 0600) != 0 ||
	    tu_run("openssl pkey -in '%s' -pubout -out '%s' 2>/dev/null", kat_path, kat_pub_path) != 0 ||
	    tu_run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '%s' 2>/dev/null",
	           other_path) != 0 ||
	    tu_run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out '%s' 2>/dev/null",
	           big_path) != 0 ||
	    chmod(other_path, 0600) != 0 || chmod(big_path, 0600) != 0)
		return -1;
	kat_key = pc_key_load_private(kat_path, NULL, NULL, NULL, &err);
	kat_pub = pc_key_parse_public(kat_public_b64, strlen(kat_public_b64), &err);
	other_key = pc_key_load_private(other_path, NULL, NULL, NULL, &err);
	big_key = pc_key_load_private(big_path, NULL, NULL, NULL, &err);
	return (kat_key && kat_pub && other_key && big_key) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	pc_key_free(kat_key);
	pc_key_free(kat_pub);
	pc_key_free(other_key);
	pc_key_free(big_key);
	tu_rmrf(tmpdir);
	return 0;
}

/* ---- Base64 ------------------------------------------------------------- */

static void test_base64_rfc4648_vectors(void **state)
{
	/* RFC 4648 §10. */
	static const struct {
		const char *plain;
		const char *encoded;
	} v[] = {
		{ "", "" },           { "f", "Zg==" },         { "fo", "Zm8=" },
		{ "foo", "Zm9v" },    { "foob", "Zm9vYg==" },  { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *enc = pc_base64_encode((const unsigned char *)v[i].plain, strlen(v[i].plain));
		unsigned char *dec = NULL;
		size_t len = 99;

		assert_non_null(enc);
		assert_string_equal(enc, v[i].encoded);
		assert_int_equal(pc_base64_decode(v[i].encoded, &dec, &len), 0);
		assert_int_equal(len, strlen(v[i].plain));
		assert_memory_equal(dec, v[i].plain, len);
		free(enc);
		free(dec);
	}
}

static void test_base64_binary_roundtrip(void **state)
{
	unsigned char data[256];
	unsigned char *dec;
	size_t len;
	char *enc;

	(void)state;
	for (int i = 0; i < 256; i++)
		data[i] = (unsigned char)(255 - i);
	/* 0xfb 0xff uses both + and /. */
	enc = pc_base64_encode((const unsigned char *)"\xfb\xff", 2);
	assert_string_equal(enc, "+/8=");
	free(enc);
	for (size_t n = 0; n <= sizeof(data); n++) {
		enc = pc_base64_encode(data, n);
		assert_non_null(enc);
		assert_int_equal(strlen(enc), (n + 2) / 3 * 4);
		assert_int_equal(pc_base64_decode(enc, &dec, &len), 0);
		assert_int_equal(len, n);
		assert_memory_equal(dec, data, n);
		free(dec);
		free(enc);
	}
}

static void test_base64_decode_is_strict(void **state)
{
	static const char *bad[] = {
		"Zg=",        /* not a multiple of 4 */
		"Zg",         /* padding left out */
		"Zm9",        /* one short */
		"Zg==Zg==",   /* padding in the middle */
		"Z===",       /* three '=' */
		"====",       /* nothing but padding */
		"=Zg=",       /* '=' first */
		"Zm9v\n",     /* a line break is not ignored */
		" Zm9v",      /* nor a space */
		"Zm9vYmFy\r\n",
		"Zm-v",       /* URL-safe alphabet */
		"Zm_v",
		"Zh==",       /* non-zero bits under the padding ("f" is Zg==) */
		"Zm9=",       /* ("fo" is Zm8=) */
		"Zm9v*A==",
	};
	unsigned char *dec = (unsigned char *)"untouched";
	size_t len = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pc_base64_decode(bad[i], &dec, &len) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
	}
	assert_string_equal((const char *)dec, "untouched");
	assert_int_equal(len, 7);
	assert_int_equal(pc_base64_decode(NULL, &dec, &len), -1);
}

/* Every byte value: only the 64 alphabet bytes (and '=' as padding) decode,
 * each to its own value. */
static void test_base64_decode_every_byte(void **state)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	(void)state;
	for (int c = 1; c < 256; c++) {
		char text[5] = { 'A', 'A', 'A', (char)c, '\0' };
		const char *at = strchr(alphabet, c);
		unsigned char *dec = NULL;
		size_t len = 0;
		int rc = pc_base64_decode(text, &dec, &len);

		if (c == '=') {
			assert_int_equal(rc, 0);
			assert_int_equal(len, 2);
		} else if (at) {
			assert_int_equal(rc, 0);
			assert_int_equal(len, 3);
			assert_int_equal(dec[2], (unsigned char)(at - alphabet));
		} else if (rc != -1) {
			fail_msg("byte 0x%02x was accepted", (unsigned)c);
		}
		free(dec);
	}
}

/* ---- hash names and verdicts -------------------------------------------- */

static void test_hash_names(void **state)
{
	pc_hash h = PC_HASH_SHA1;

	(void)state;
	assert_string_equal(pc_hash_name(PC_HASH_SHA256), "sha256");
	assert_string_equal(pc_hash_name(PC_HASH_SHA1), "sha1");
	assert_int_equal(pc_hash_parse("sha256", &h), 0);
	assert_int_equal(h, PC_HASH_SHA256);
	assert_int_equal(pc_hash_parse("SHA1", &h), 0);
	assert_int_equal(h, PC_HASH_SHA1);
	assert_int_equal(pc_hash_parse("SHA-256", &h), 0);
	assert_int_equal(h, PC_HASH_SHA256);
	assert_int_equal(pc_hash_parse("md5", &h), -1);
	assert_int_equal(pc_hash_parse("sha512", &h), -1);
	assert_int_equal(pc_hash_parse("", &h), -1);
	assert_int_equal(pc_hash_parse(NULL, &h), -1);
	assert_int_equal(h, PC_HASH_SHA256);
}

static void test_verdict_names_and_reasons(void **state)
{
	(void)state;
	assert_string_equal(pc_verdict_name(PC_VERDICT_VALID), "valid");
	assert_string_equal(pc_verdict_name(PC_VERDICT_NO_SIGN), "invalid");
	assert_string_equal(pc_verdict_name(PC_VERDICT_BAD_ENCODING), "invalid");
	assert_string_equal(pc_verdict_name(PC_VERDICT_MISMATCH), "invalid");
	assert_string_equal(pc_verdict_name(PC_VERDICT_MALFORMED), "malformed");
	assert_string_equal(pc_verdict_reason(PC_VERDICT_NO_SIGN),
	                    "no sign field: the body is unsigned");
	assert_string_equal(pc_verdict_reason(PC_VERDICT_BAD_ENCODING),
	                    "sign is not a Base64 RSA signature of the platform key's size");
	assert_string_equal(pc_verdict_reason(PC_VERDICT_MISMATCH),
	                    "signature does not match the canonical string: signed with another "
	                    "key, or the body was altered");
	for (int v = PC_VERDICT_VALID; v <= PC_VERDICT_MALFORMED; v++) {
		const char *r = pc_verdict_reason((pc_verdict)v);

		assert_true(strlen(r) > 10);
		assert_null(strchr(r, '\n'));
	}
}

/* ---- signing and verifying ------------------------------------------------ */

static void check_roundtrip(pc_hash hash)
{
	const char *data = "appId=abc&mchOrderId=CCP20220428011068111&amount=50010";
	pc_err err;
	char *sig;

	sig = pc_sign(kat_key, hash, data, strlen(data), &err);
	assert_non_null(sig);
	assert_int_equal(strlen(sig), 344); /* 256 bytes in Base64 */
	assert_null(strchr(sig, '\n'));
	assert_int_equal(pc_verify(kat_key, hash, data, strlen(data), sig), PC_VERDICT_VALID);
	assert_int_equal(pc_verify(kat_pub, hash, data, strlen(data), sig), PC_VERDICT_VALID);
	free(sig);
}

static void test_roundtrip_sha256(void **state)
{
	(void)state;
	check_roundtrip(PC_HASH_SHA256);
}

static void test_roundtrip_sha1(void **state)
{
	(void)state;
	check_roundtrip(PC_HASH_SHA1);
}

static void test_known_answer(void **state)
{
	pc_err err;
	char *sig;

	(void)state;
	sig = pc_sign(kat_key, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical), &err);
	assert_non_null(sig);
	assert_string_equal(sig, kat_sig_sha256);
	free(sig);
	sig = pc_sign(kat_key, PC_HASH_SHA1, doc_canonical, strlen(doc_canonical), &err);
	assert_non_null(sig);
	assert_string_equal(sig, kat_sig_sha1);
	free(sig);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical),
	                           kat_sig_sha256),
	                 PC_VERDICT_VALID);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA1, doc_canonical, strlen(doc_canonical),
	                           kat_sig_sha1),
	                 PC_VERDICT_VALID);
}

static void test_signatures_are_deterministic(void **state)
{
	const char *data = "amount=100&appId=x";
	pc_err err;
	char *a, *b, *c;

	(void)state;
	a = pc_sign(other_key, PC_HASH_SHA256, data, strlen(data), &err);
	b = pc_sign(other_key, PC_HASH_SHA256, data, strlen(data), &err);
	c = pc_sign(other_key, PC_HASH_SHA1, data, strlen(data), &err);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
}

/* openssl signs, paycon verifies. */
static void check_openssl_signs(pc_hash hash)
{
	/* UTF-8 text is signed as its bytes. */
	const char *data = "customerName=Juan dela Cruz&remark=Salamat po \xe2\x82\xb1";
	char file[512], sigfile[512];
	unsigned char *sig;
	size_t siglen = 0;
	char *b64;

	tu_path(file, sizeof(file), tmpdir, "openssl-data.txt");
	tu_path(sigfile, sizeof(sigfile), tmpdir, "openssl-sig.bin");
	assert_int_equal(tu_write_bytes(file, data, strlen(data), 0600), 0);
	assert_int_equal(tu_run("openssl dgst -%s -sign '%s' -out '%s' '%s'", pc_hash_name(hash),
	                        kat_path, sigfile, file),
	                 0);
	sig = (unsigned char *)tu_read_file(sigfile, &siglen);
	assert_int_equal(siglen, 256);
	b64 = pc_base64_encode(sig, siglen);
	assert_non_null(b64);
	assert_int_equal(pc_verify(kat_pub, hash, data, strlen(data), b64), PC_VERDICT_VALID);
	/* The same signature does not cover other data. */
	assert_int_equal(pc_verify(kat_pub, hash, data, strlen(data) - 1, b64),
	                 PC_VERDICT_MISMATCH);
	free(b64);
	free(sig);
	unlink(file);
	unlink(sigfile);
}

static void test_openssl_signs_paycon_verifies(void **state)
{
	(void)state;
	check_openssl_signs(PC_HASH_SHA256);
	check_openssl_signs(PC_HASH_SHA1);
}

/* paycon signs, openssl verifies (and rejects the same signature over
 * altered data, so the check can fail). */
static void check_paycon_signs(pc_hash hash)
{
	const char *data = doc_canonical;
	char file[512], altered[512], sigfile[512];
	unsigned char *sig = NULL;
	size_t siglen = 0;
	pc_err err;
	char *b64;

	tu_path(file, sizeof(file), tmpdir, "paycon-data.txt");
	tu_path(altered, sizeof(altered), tmpdir, "paycon-altered.txt");
	tu_path(sigfile, sizeof(sigfile), tmpdir, "paycon-sig.bin");
	b64 = pc_sign(kat_key, hash, data, strlen(data), &err);
	assert_non_null(b64);
	assert_int_equal(pc_base64_decode(b64, &sig, &siglen), 0);
	assert_int_equal(tu_write_bytes(sigfile, sig, siglen, 0600), 0);
	assert_int_equal(tu_write_bytes(file, data, strlen(data), 0600), 0);
	assert_int_equal(tu_write_bytes(altered, "amount=100.01", 13, 0600), 0);
	assert_int_equal(tu_run("openssl dgst -%s -verify '%s' -signature '%s' '%s' >/dev/null",
	                        pc_hash_name(hash), kat_pub_path, sigfile, file),
	                 0);
	assert_int_not_equal(tu_run("openssl dgst -%s -verify '%s' -signature '%s' '%s' >/dev/null 2>&1",
	                            pc_hash_name(hash), kat_pub_path, sigfile, altered),
	                     0);
	free(sig);
	free(b64);
	unlink(file);
	unlink(altered);
	unlink(sigfile);
}

static void test_paycon_signs_openssl_verifies(void **state)
{
	(void)state;
	check_paycon_signs(PC_HASH_SHA256);
	check_paycon_signs(PC_HASH_SHA1);
}

static void test_tampered_data_is_mismatch(void **state)
{
	const char *data = "amount=100.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0";
	const char *tampered = "amount=900.00&appId=f90addc4861540ef9312e87d8f360e08&version=1.0";
	char *sig;

	(void)state;
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, data, strlen(data), kat_sig_sha256),
	                 PC_VERDICT_VALID);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, tampered, strlen(tampered),
	                           kat_sig_sha256),
	                 PC_VERDICT_MISMATCH);
	/* A flipped bit in the signature itself. */
	sig = strdup(kat_sig_sha256);
	assert_non_null(sig);
	sig[10] = sig[10] == 'A' ? 'B' : 'A';
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, data, strlen(data), sig),
	                 PC_VERDICT_MISMATCH);
	free(sig);
}

static void test_wrong_key_or_hash_is_mismatch(void **state)
{
	(void)state;
	/* Signed with another key of the same size. */
	assert_int_equal(pc_verify(other_key, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical),
	                           kat_sig_sha256),
	                 PC_VERDICT_MISMATCH);
	/* A SHA-1 signature checked as SHA-256, and the other way round. */
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical),
	                           kat_sig_sha1),
	                 PC_VERDICT_MISMATCH);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA1, doc_canonical, strlen(doc_canonical),
	                           kat_sig_sha256),
	                 PC_VERDICT_MISMATCH);
}

static void test_bad_encodings(void **state)
{
	char sig[600];
	size_t n = strlen(kat_sig_sha256);

	(void)state;
	/* Truncated (still whole Base64 groups). */
	memcpy(sig, kat_sig_sha256, n - 8);
	sig[n - 8] = '\0';
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical), sig),
	                 PC_VERDICT_BAD_ENCODING);
	/* Cut mid-group. */
	sig[n - 10] = '\0';
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical), sig),
	                 PC_VERDICT_BAD_ENCODING);
	/* Trailing newline (strict decoding). */
	snprintf(sig, sizeof(sig), "%s\n", kat_sig_sha256);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical), sig),
	                 PC_VERDICT_BAD_ENCODING);
	/* The 40-hex placeholder of the PayCools docs is Base64 of 30 bytes. */
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical),
	                           "45eebd745dcf0b5f6d6f9fcde28cd9fe8116a892"),
	                 PC_VERDICT_BAD_ENCODING);
	/* A valid 256-byte signature checked with a 3072-bit key. */
	assert_int_equal(pc_verify(big_key, PC_HASH_SHA256, doc_canonical, strlen(doc_canonical),
	                           kat_sig_sha256),
	                 PC_VERDICT_BAD_ENCODING);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, "x", 1, "not base64!"),
	                 PC_VERDICT_BAD_ENCODING);
}

static void test_no_sign(void **state)
{
	(void)state;
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, "a=1", 3, NULL), PC_VERDICT_NO_SIGN);
	assert_int_equal(pc_verify(kat_pub, PC_HASH_SHA256, "a=1", 3, ""), PC_VERDICT_NO_SIGN);
}

static void test_sign_needs_private_key(void **state)
{
	pc_err err;

	(void)state;
	pc_err_clear(&err);
	assert_null(pc_sign(kat_pub, PC_HASH_SHA256, "a=1", 3, &err));
	assert_int_equal(err.cls, PC_EINPUT);
	assert_non_null(strstr(err.msg, "private key"));
}

/* ---- params and callback bodies ------------------------------------------- */

static void test_sign_params_doc_example(void **state)
{
	pc_params p;
	pc_err err;
	char *canonical = NULL;
	char *json;

	(void)state;
	pc_params_init(&p);
	assert_int_equal(pc_params_parse(&p, doc_body, strlen(doc_body), &err), 0);
	assert_int_equal(pc_sign_params(kat_key, PC_HASH_SHA256, &p, &canonical, &err), 0);
	assert_string_equal(canonical, doc_canonical);
	assert_string_equal(pc_params_get(&p, "sign"), kat_sig_sha256);
	free(canonical);

	/* Signing again replaces `sign` (it is not part of what is signed). */
	assert_int_equal(pc_sign_params(kat_key, PC_HASH_SHA1, &p, NULL, &err), 0);
	assert_string_equal(pc_params_get(&p, "sign"), kat_sig_sha1);

	/* The request body that goes out verifies as a callback would. */
	json = pc_params_to_json(&p);
	assert_non_null(json);
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA1, json, strlen(json), NULL, &err),
	                 PC_VERDICT_VALID);
	free(json);
	pc_params_free(&p);
}

static void test_verify_body_valid(void **state)
{
	char *body = body_with_sign(doc_body, kat_sig_sha256);
	char *canonical = NULL;
	char text[1024];
	pc_err err;

	(void)state;
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA256, body, strlen(body), &canonical, &err),
	                 PC_VERDICT_VALID);
	assert_string_equal(canonical, doc_canonical);
	free(canonical);
	free(body);

	/* Member order and whitespace are not signed; sign may come first. */
	snprintf(text, sizeof(text),
	         "{ \"sign\" : \"%s\",\n  \"version\":\"1.0\",\n"
	         "  \"appId\":\"f90addc4861540ef9312e87d8f360e08\",\"amount\":100.00 }",
	         kat_sig_sha256);
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA256, text, strlen(text), NULL, &err),
	                 PC_VERDICT_VALID);
	/* Nor are empty and null fields. */
	snprintf(text, sizeof(text),
	         "{\"amount\":100.00,\"remark\":\"\",\"appId\":\"f90addc4861540ef9312e87d8f360e08\","
	         "\"failedCode\":null,\"version\":\"1.0\",\"sign\":\"%s\"}",
	         kat_sig_sha256);
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA256, text, strlen(text), NULL, &err),
	                 PC_VERDICT_VALID);
}

/* Already-parsed params give the verdicts and canonical string the body does. */
static void test_verify_params(void **state)
{
	char *body = body_with_sign(doc_body, kat_sig_sha256);
	char *canonical = NULL;
	pc_params p;
	pc_err err;

	(void)state;
	pc_params_init(&p);
	assert_int_equal(pc_params_parse(&p, body, strlen(body), &err), 0);
	assert_int_equal(pc_verify_params(kat_pub, PC_HASH_SHA256, &p, &canonical, &err), PC_VERDICT_VALID);
	assert_string_equal(canonical, doc_canonical);
	free(canonical);
	assert_int_equal(pc_verify_params(kat_pub, PC_HASH_SHA1, &p, NULL, &err), PC_VERDICT_MISMATCH);
	assert_int_equal(pc_params_set_str(&p, "amount", "100.01"), 0);
	assert_int_equal(pc_verify_params(kat_pub, PC_HASH_SHA256, &p, NULL, &err), PC_VERDICT_MISMATCH);
	assert_int_equal(pc_params_set(&p, "sign", PC_JNULL, "null"), 0);
	assert_int_equal(pc_verify_params(kat_pub, PC_HASH_SHA256, &p, NULL, &err), PC_VERDICT_NO_SIGN);
	assert_int_equal(pc_params_set(&p, "sign", PC_JNUM, "12"), 0);
	assert_int_equal(pc_verify_params(kat_pub, PC_HASH_SHA256, &p, NULL, &err), PC_VERDICT_BAD_ENCODING);
	pc_params_free(&p);
	free(body);
}

static void test_verify_body_openssl_signed(void **state)
{
	/* A callback-like body; openssl signs its canonical string. */
	const char *body = "{\"transactionId\":\"T2024000000000000001\",\"mchOrderId\":\"ORD-1\","
	                   "\"amount\":50010,\"status\":\"SUCCESS\",\"remark\":\"\"}";
	const char *canonical_expected =
		"amount=50010&mchOrderId=ORD-1&status=SUCCESS&transactionId=T2024000000000000001";
	char file[512], sigfile[512];
	unsigned char *sig;
	size_t siglen = 0;
	char *b64, *signed_body, *canonical = NULL;
	pc_err err;

	(void)state;
	tu_path(file, sizeof(file), tmpdir, "callback.txt");
	tu_path(sigfile, sizeof(sigfile), tmpdir, "callback.sig");
	assert_int_equal(tu_write_bytes(file, canonical_expected, strlen(canonical_expected), 0600), 0);
	assert_int_equal(tu_run("openssl dgst -sha256 -sign '%s' -out '%s' '%s'", other_path, sigfile,
	                        file),
	                 0);
	sig = (unsigned char *)tu_read_file(sigfile, &siglen);
	b64 = pc_base64_encode(sig, siglen);
	assert_non_null(b64);
	signed_body = body_with_sign(body, b64);
	assert_int_equal(pc_verify_body(other_key, PC_HASH_SHA256, signed_body, strlen(signed_body),
	                                &canonical, &err),
	                 PC_VERDICT_VALID);
	assert_string_equal(canonical, canonical_expected);
	free(canonical);
	/* Same body, checked against the wrong platform key. */
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA256, signed_body, strlen(signed_body),
	                                NULL, &err),
	                 PC_VERDICT_MISMATCH);
	free(signed_body);
	free(b64);
	free(sig);
	unlink(file);
	unlink(sigfile);
}

static void test_verify_body_tampered(void **state)
{
	char *body = body_with_sign(doc_body, kat_sig_sha256);
	char *at = strstr(body, "100.00");
	char *canonical = NULL;
	pc_err err;

	(void)state;
	assert_non_null(at);
	at[5] = '1'; /* 100.01 */
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA256, body, strlen(body), &canonical, &err),
	                 PC_VERDICT_MISMATCH);
	assert_string_equal(canonical, "amount=100.01&appId=f90addc4861540ef9312e87d8f360e08&version=1.0");
	free(canonical);
	free(body);

	/* 100.0 is the same number but not the same text: PayCools signs text. */
	body = body_with_sign("{\"amount\":100.0,\"appId\":\"f90addc4861540ef9312e87d8f360e08\","
	                      "\"version\":\"1.0\"}",
	                      kat_sig_sha256);
	assert_int_equal(pc_verify_body(kat_pub, PC_HASH_SHA256, body, strlen(body), NULL, &err),
	                 PC_VERDICT_MISMATCH);
	free(body);
}

static void test_verify_body_unsigned_or_odd_sign(void **state)
{
	static const struct {
		const char *body;
		pc_verdict verdict;
	} cases[] = {
		{ "{\"amount\":1,\"appId\":\"a\"}", PC_VERDICT_NO_SIGN },
		{ "{\"amount\":1,\"sign\":\"\"}", PC_VERDICT_NO_SIGN },
		{ "{\"amount\":1,\"sign\":null}", PC_VERDICT_NO_SIGN },
		{ "{}", PC_VERDICT_NO_SIGN },
		{ "{\"amount\":1,\"sign\":12345678}", PC_VERDICT_BAD_ENCODING },
		{ "{\"amount\":1,\"sign\":true}", PC_VERDICT_BAD_ENCODING },
		{ "{\"amount\":1,\"sign\":{\"a\":\"b\"}}", PC_VERDICT_BAD_ENCODING },
		{ "{\"amount\":1,\"sign\":\"45eebd745dcf0b5f6d6f9fcde28cd9fe8116a892\"}",
		  PC_VERDICT_BAD_ENCODING },
	};
	pc_err err;
	char *canonical;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pc_verdict v;

		canonical = NULL;
		v = pc_verify_body(kat_pub, PC_HASH_SHA256, cases[i].body, strlen(cases[i].body),
		                   &canonical, &err);

		if (v != cases[i].verdict)
			fail_msg("%s: got %s (%d), expected %d", cases[i].body, pc_verdict_name(v),
			         (int)v, (int)cases[i].verdict);
		/* The body parsed, so the canonical string is there to show. */
		assert_non_null(canonical);
		free(canonical);
	}
}

/* A 3072-bit key signs 384 bytes: 512 Base64 characters, no padding, so
 * 512 digits would decode to the right size. As a JSON number it is still
 * not a signature. */
static void test_verify_body_number_sign_of_right_length(void **state)
{
	char body[700];
	size_t n;
	pc_err err;

	(void)state;
	n = (size_t)snprintf(body, sizeof(body), "{\"amount\":1,\"sign\":");
	memset(body + n, '7', 512);
	memcpy(body + n + 512, "}", 2);
	assert_int_equal(pc_verify_body(big_key, PC_HASH_SHA256, body, strlen(body), NULL, &err),
	                 PC_VERDICT_BAD_ENCODING);
}

static void test_verify_body_malformed(void **state)
{
	static const char *bodies[] = {
		"",
		"{",
		"[1,2]",
		"not json",
		"{\"sign\":\"a\",\"sign\":\"b\"}",
		"{\"amount\":1} trailing",
	};
	pc_err err;
	char *canonical;

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		canonical = (char *)"untouched";
		pc_err_clear(&err);
		if (pc_verify_body(kat_pub, PC_HASH_SHA256, bodies[i], strlen(bodies[i]), &canonical,
		                   &err) != PC_VERDICT_MALFORMED)
			fail_msg("\"%s\" was not malformed", bodies[i]);
		assert_null(canonical);
		assert_int_equal(err.cls, PC_EINPUT);
		assert_true(err.msg[0] != '\0');
	}
}

/* PayCools' string has no escaping: a field holding '&' (or a key holding
 * '&' or '=') lets one signature cover other fields, so such a body is
 * never called valid, even when its signature holds. */
static void test_verify_body_ambiguous(void **state)
{
	pc_key *key = pc_key_generate(2048, NULL);
	const char *bodies[][2] = {
		{ "remark", "x&mchOrderId=EVIL9" },
		{ "a&b", "1" },
		{ "a=b", "1" },
	};

	(void)state;
	assert_non_null(key);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		pc_params p;
		char *json;

		pc_params_init(&p);
		pc_params_set_str(&p, "mchOrderId", "ORD1");
		pc_params_set_str(&p, bodies[i][0], bodies[i][1]);
		assert_int_equal(pc_canonical_ambiguous(&p), 1);
		assert_int_equal(pc_sign_params(key, PC_HASH_SHA256, &p, NULL, NULL), 0);
		json = pc_params_to_json(&p);
		assert_int_equal(pc_verify_body(key, PC_HASH_SHA256, json, strlen(json), NULL, NULL),
		                 PC_VERDICT_AMBIGUOUS);
		assert_string_equal(pc_verdict_name(PC_VERDICT_AMBIGUOUS), "invalid");
		free(json);
		pc_params_free(&p);
	}
	{
		/* '=' inside a value is harmless: the first '=' splits the pair. */
		pc_params p;

		pc_params_init(&p);
		pc_params_set_str(&p, "remark", "a=b");
		pc_params_set_str(&p, "empty", "");
		assert_int_equal(pc_canonical_ambiguous(&p), 0);
		pc_params_free(&p);
	}
	pc_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_rfc4648_vectors),
		cmocka_unit_test(test_base64_binary_roundtrip),
		cmocka_unit_test(test_base64_decode_is_strict),
		cmocka_unit_test(test_base64_decode_every_byte),
		cmocka_unit_test(test_hash_names),
		cmocka_unit_test(test_verdict_names_and_reasons),
		cmocka_unit_test(test_roundtrip_sha256),
		cmocka_unit_test(test_roundtrip_sha1),
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_signatures_are_deterministic),
		cmocka_unit_test(test_openssl_signs_paycon_verifies),
		cmocka_unit_test(test_paycon_signs_openssl_verifies),
		cmocka_unit_test(test_tampered_data_is_mismatch),
		cmocka_unit_test(test_wrong_key_or_hash_is_mismatch),
		cmocka_unit_test(test_bad_encodings),
		cmocka_unit_test(test_no_sign),
		cmocka_unit_test(test_sign_needs_private_key),
		cmocka_unit_test(test_sign_params_doc_example),
		cmocka_unit_test(test_verify_body_valid),
		cmocka_unit_test(test_verify_params),
		cmocka_unit_test(test_verify_body_openssl_signed),
		cmocka_unit_test(test_verify_body_tampered),
		cmocka_unit_test(test_verify_body_unsigned_or_odd_sign),
		cmocka_unit_test(test_verify_body_number_sign_of_right_length),
		cmocka_unit_test(test_verify_body_malformed),
		cmocka_unit_test(test_verify_body_ambiguous),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
