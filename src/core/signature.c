/* signature.c — RSASSA-PKCS1-v1_5 over the canonical string, Base64. */
#include "signature.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "canonical.h"

static const char base64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ---- hashes ---------------------------------------------------------- */

const char *pc_hash_name(pc_hash h)
{
	return h == PC_HASH_SHA1 ? "sha1" : "sha256";
}

int pc_hash_parse(const char *name, pc_hash *out)
{
	if (!name)
		return -1;
	if (strcasecmp(name, "sha256") == 0 || strcasecmp(name, "sha-256") == 0) {
		*out = PC_HASH_SHA256;
		return 0;
	}
	if (strcasecmp(name, "sha1") == 0 || strcasecmp(name, "sha-1") == 0) {
		*out = PC_HASH_SHA1;
		return 0;
	}
	return -1;
}

static const EVP_MD *hash_md(pc_hash h)
{
	return h == PC_HASH_SHA1 ? EVP_sha1() : EVP_sha256();
}

/* ---- Base64 ---------------------------------------------------------- */

char *pc_base64_encode(const unsigned char *data, size_t len)
{
	char *out;
	size_t o = 0;
	size_t i = 0;

	if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
		return NULL;
	out = malloc((len + 2) / 3 * 4 + 1);
	if (!out)
		return NULL;
	for (; i + 3 <= len; i += 3) {
		unsigned long v = (unsigned long)data[i] << 16 | (unsigned long)data[i + 1] << 8 |
		                  data[i + 2];

		out[o++] = base64_alphabet[v >> 18 & 63];
		out[o++] = base64_alphabet[v >> 12 & 63];
		out[o++] = base64_alphabet[v >> 6 & 63];
		out[o++] = base64_alphabet[v & 63];
	}
	if (len - i == 1) {
		unsigned long v = (unsigned long)data[i] << 16;

		out[o++] = base64_alphabet[v >> 18 & 63];
		out[o++] = base64_alphabet[v >> 12 & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		unsigned long v = (unsigned long)data[i] << 16 | (unsigned long)data[i + 1] << 8;

		out[o++] = base64_alphabet[v >> 18 & 63];
		out[o++] = base64_alphabet[v >> 12 & 63];
		out[o++] = base64_alphabet[v >> 6 & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

/* Each alphabet byte's value + 1; 0 for every other byte. A table, not a
 * search or a chain of range tests: every callback's 684-character
 * signature passes here, and both showed in profiles of a spool ingest
 * (the tests branch on random data and mispredict). */
static const unsigned char base64_values[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
	['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
	['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
	['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
	['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
	['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64
};

static int base64_value(char c)
{
	return (int)base64_values[(unsigned char)c] - 1;
}

/* Strict: whole 4-character groups, '=' only as the last one or two
 * characters, and the bits the padding drops must be zero (so every
 * byte string has exactly one accepted encoding). */
int pc_base64_decode(const char *text, unsigned char **out, size_t *outlen)
{
	size_t len;
	size_t pad = 0;
	size_t o = 0;
	unsigned char *buf;

	if (!text || !out || !outlen)
		return -1;
	len = strlen(text);
	if (len % 4 != 0)
		return -1;
	if (len > 0 && text[len - 1] == '=')
		pad++;
	if (len > 1 && text[len - 2] == '=')
		pad++;
	buf = malloc(len / 4 * 3 + 1);
	if (!buf)
		return -1;
	for (size_t i = 0; i < len; i += 4) {
		int last = (i + 4 == len);
		int v[4];
		unsigned long bits;

		for (int k = 0; k < 4; k++) {
			v[k] = base64_value(text[i + k]);
			if (v[k] < 0 && !(last && k >= 4 - (int)pad))
				goto fail;
		}
		if (last && pad == 2) {
			if (v[1] & 0x0f)
				goto fail;
			buf[o++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
			break;
		}
		if (last && pad == 1) {
			if (v[2] & 0x03)
				goto fail;
			bits = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
			       (unsigned long)v[2] << 6;
			buf[o++] = (unsigned char)(bits >> 16);
			buf[o++] = (unsigned char)(bits >> 8);
			break;
		}
		bits = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
		       (unsigned long)v[2] << 6 | (unsigned long)v[3];
		buf[o++] = (unsigned char)(bits >> 16);
		buf[o++] = (unsigned char)(bits >> 8);
		buf[o++] = (unsigned char)bits;
	}
	*out = buf;
	*outlen = o;
	return 0;
fail:
	free(buf);
	return -1;
}

/* ---- signing and verifying ------------------------------------------- */

/* A digest-sign or digest-verify context set up for PKCS#1 v1.5 (made
 * explicit: it is the PayCools scheme whatever OpenSSL's default is). */
static EVP_MD_CTX *rsa_context(const pc_key *key, pc_hash hash, int signing)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	EVP_PKEY *pkey = pc_key_evp(key);
	int ok;

	if (!md)
		return NULL;
	if (signing)
		ok = EVP_DigestSignInit(md, &pctx, hash_md(hash), NULL, pkey);
	else
		ok = EVP_DigestVerifyInit(md, &pctx, hash_md(hash), NULL, pkey);
	if (ok != 1 || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) {
		EVP_MD_CTX_free(md);
		return NULL;
	}
	return md;
}

char *pc_sign(const pc_key *key, pc_hash hash, const char *data, size_t len, pc_err *err)
{
	EVP_MD_CTX *md;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	char *b64 = NULL;

	if (!key || !pc_key_is_private(key)) {
		pc_err_set(err, PC_EINPUT, "signing needs the merchant private key, not a public key");
		return NULL;
	}
	md = rsa_context(key, hash, 1);
	if (md && EVP_DigestSign(md, NULL, &siglen, (const unsigned char *)data, len) == 1)
		sig = malloc(siglen);
	if (sig && EVP_DigestSign(md, sig, &siglen, (const unsigned char *)data, len) == 1)
		b64 = pc_base64_encode(sig, siglen);
	if (!b64)
		pc_err_set(err, PC_EINPUT, "OpenSSL could not make an RSA-%s signature",
		           pc_hash_name(hash));
	ERR_clear_error();
	free(sig);
	EVP_MD_CTX_free(md);
	return b64;
}

pc_verdict pc_verify(const pc_key *key, pc_hash hash, const char *data, size_t len, const char *b64sig)
{
	unsigned char *sig = NULL;
	size_t siglen = 0;
	EVP_MD_CTX *md;
	pc_verdict verdict = PC_VERDICT_MISMATCH;

	if (!b64sig || b64sig[0] == '\0')
		return PC_VERDICT_NO_SIGN;
	if (!key || pc_base64_decode(b64sig, &sig, &siglen) != 0)
		return PC_VERDICT_BAD_ENCODING;
	/* An RSA signature is exactly as long as the modulus. */
	if (siglen != (size_t)EVP_PKEY_get_size(pc_key_evp(key))) {
		free(sig);
		return PC_VERDICT_BAD_ENCODING;
	}
	md = rsa_context(key, hash, 0);
	if (md && EVP_DigestVerify(md, sig, siglen, (const unsigned char *)data, len) == 1)
		verdict = PC_VERDICT_VALID;
	ERR_clear_error();
	EVP_MD_CTX_free(md);
	free(sig);
	return verdict;
}

/* ---- params and bodies ----------------------------------------------- */

int pc_sign_params(const pc_key *key, pc_hash hash, pc_params *p, char **canonical_out, pc_err *err)
{
	char *canonical;
	char *sig;

	if (canonical_out)
		*canonical_out = NULL;
	canonical = pc_canonical(p);
	if (!canonical)
		return pc_err_set(err, PC_EINPUT, "out of memory building the canonical string");
	sig = pc_sign(key, hash, canonical, strlen(canonical), err);
	if (!sig) {
		free(canonical);
		return -1;
	}
	if (pc_params_set_str(p, "sign", sig) != 0) {
		free(sig);
		free(canonical);
		return pc_err_set(err, PC_EINPUT, "out of memory setting the sign field");
	}
	free(sig);
	if (canonical_out)
		*canonical_out = canonical;
	else
		free(canonical);
	return 0;
}

pc_verdict pc_verify_params(const pc_key *key, pc_hash hash, const pc_params *p,
                            char **canonical_out, pc_err *err)
{
	const pc_param *sign;
	char *canonical;
	pc_verdict verdict;

	if (canonical_out)
		*canonical_out = NULL;
	canonical = pc_canonical(p);
	if (!canonical) {
		pc_err_set(err, PC_EINPUT, "out of memory building the canonical string");
		return PC_VERDICT_MALFORMED;
	}
	sign = pc_params_find(p, "sign");
	/* Missing, null or "" all mean nobody signed the body. */
	if (pc_params_is_empty(p, "sign"))
		verdict = PC_VERDICT_NO_SIGN;
	else if (!sign || sign->kind != PC_JSTR)
		verdict = PC_VERDICT_BAD_ENCODING;
	else
		verdict = pc_verify(key, hash, canonical, strlen(canonical), sign->value);
	if (verdict == PC_VERDICT_VALID && pc_canonical_ambiguous(p))
		verdict = PC_VERDICT_AMBIGUOUS;
	if (canonical_out)
		*canonical_out = canonical;
	else
		free(canonical);
	return verdict;
}

pc_verdict pc_verify_body(const pc_key *key, pc_hash hash, const char *body, size_t len,
                          char **canonical_out, pc_err *err)
{
	pc_params p;
	pc_verdict verdict;

	if (canonical_out)
		*canonical_out = NULL;
	pc_params_init(&p);
	if (pc_params_parse(&p, body, len, err) != 0) {
		pc_params_free(&p);
		return PC_VERDICT_MALFORMED;
	}
	verdict = pc_verify_params(key, hash, &p, canonical_out, err);
	pc_params_free(&p);
	return verdict;
}

int pc_canonical_ambiguous(const pc_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const pc_param *f = &p->items[i];

		/* Only what enters the canonical string counts. */
		if (strcmp(f->key, "sign") == 0 || f->kind == PC_JNULL
		    || (f->kind == PC_JSTR && f->value[0] == '\0'))
			continue;
		if (strpbrk(f->key, "&=") || strchr(f->value, '&'))
			return 1;
	}
	return 0;
}

/* ---- verdicts -------------------------------------------------------- */

const char *pc_verdict_name(pc_verdict v)
{
	switch (v) {
	case PC_VERDICT_VALID:
		return "valid";
	case PC_VERDICT_MALFORMED:
		return "malformed";
	default:
		return "invalid";
	}
}

const char *pc_verdict_reason(pc_verdict v)
{
	switch (v) {
	case PC_VERDICT_VALID:
		return "signature matches the canonical string";
	case PC_VERDICT_NO_SIGN:
		return "no sign field: the body is unsigned";
	case PC_VERDICT_BAD_ENCODING:
		return "sign is not a Base64 RSA signature of the platform key's size";
	case PC_VERDICT_MISMATCH:
		return "signature does not match the canonical string: signed with another key, "
		       "or the body was altered";
	case PC_VERDICT_MALFORMED:
		return "the body is not a JSON object paycon can read";
	case PC_VERDICT_AMBIGUOUS:
		return "the signature holds, but a field holds '&' (or a key '&' or '='), so the signed "
		       "string could name other fields: check the object with a status look-up";
	}
	return "unknown verdict";
}
