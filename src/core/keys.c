/* keys.c — RSA keys: ssh-like file checks, loading, generation, export.
 *
 * Secrets (private keys, passphrase files) are opened once with O_NOFOLLOW
 * and checked on the open descriptor, so the file that is checked is the
 * file that is read. Buffers that held key text or a passphrase are wiped
 * before they are freed. */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "paths.h"

/* No key or passphrase file is anywhere near this; a bigger file is a
 * mistake (a log, a binary) and is refused before it is read whole. */
#define KEY_FILE_MAX (64 * 1024)
#define PASSPHRASE_FILE_MAX 4096
#define PASSPHRASE_MAX 1024

#define RSA_BITS_MIN 2048
#define RSA_BITS_MAX 16384

/* Room for a quoted path inside a 1024-byte message. */
#define SHOWN_MAX 320

struct pc_key {
	EVP_PKEY *pkey;
	int is_private;
};

/* Paths end up on a terminal: control bytes are shown as '?', and a very
 * long path is cut with "..." so the rest of the message survives. */
static void show_path(const char *path, char *out, size_t size)
{
	size_t n = 0;
	size_t limit = size - 4;

	for (; path[n] != '\0' && n < limit; n++) {
		unsigned char c = (unsigned char)path[n];

		out[n] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (path[n] != '\0') {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

static pc_key *key_wrap(EVP_PKEY *pkey, int is_private)
{
	pc_key *key = calloc(1, sizeof(*key));

	if (!key) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	key->pkey = pkey;
	key->is_private = is_private;
	return key;
}

static const char *key_type_name(const EVP_PKEY *pkey)
{
	const char *name = EVP_PKEY_get0_type_name(pkey);

	return name ? name : "unknown";
}

/* ---- secret files ---------------------------------------------------- */

static int open_failure(const char *path, const char *shown, const char *what, int errnum,
                        pc_err *err)
{
	struct stat st;

	if (errnum == ELOOP && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return pc_err_set(err, PC_EINPUT,
		                  "%s '%s' is a symbolic link: paycon does not follow links to "
		                  "secrets; point the profile at the real file",
		                  what, shown);
	if (errnum == ENOENT)
		return pc_err_set(err, PC_EINPUT,
		                  "%s '%s' does not exist: check the path in the profile", what,
		                  shown);
	return pc_err_set(err, PC_EINPUT, "cannot open %s '%s': %s", what, shown,
	                  strerror(errnum));
}

/* Opens path for reading if it may hold a secret; returns the descriptor
 * or -1. The checks run on the open descriptor (no check-then-open race). */
static int open_secret(const char *path, const char *what, pc_err *err)
{
	char shown[SHOWN_MAX];
	struct stat st;
	int fd;

	show_path(path, shown, sizeof(shown));
	/* O_NONBLOCK: a FIFO planted at the path must not hang the open. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return open_failure(path, shown, what, errno, err);
	if (fstat(fd, &st) != 0) {
		pc_err_set(err, PC_EINPUT, "cannot inspect %s '%s': %s", what, shown,
		           strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		pc_err_set(err, PC_EINPUT,
		           "%s '%s' is not a regular file: point the profile at the file itself",
		           what, shown);
		close(fd);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		pc_err_set(err, PC_EINPUT,
		           "%s '%s' belongs to uid %lu, not to you (uid %lu): a %s must be owned "
		           "by the user who runs paycon; copy it to a file of your own with mode 0600",
		           what, shown, (unsigned long)st.st_uid, (unsigned long)geteuid(), what);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		pc_err_set(err, PC_EINPUT,
		           "permissions %04o for '%s' are too open: a %s must be readable by its "
		           "owner only; run: chmod 600 '%s'",
		           (unsigned)(st.st_mode & 07777), shown, what, shown);
		close(fd);
		return -1;
	}
	return fd;
}

int pc_secret_file_check(const char *path, const char *what, pc_err *err)
{
	int fd = open_secret(path, what, err);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Reads the whole file (at most cap bytes) into a NUL-terminated buffer
 * allocated with OPENSSL_malloc (free with OPENSSL_clear_free). */
static int read_capped(int fd, size_t cap, const char *what, const char *shown, char **out,
                       size_t *outlen, pc_err *err)
{
	char *buf = OPENSSL_malloc(cap + 2);
	size_t len = 0;

	if (!buf)
		return pc_err_set(err, PC_EINPUT, "out of memory reading %s '%s'", what, shown);
	/* Read one byte past the cap so an oversized file is detected. */
	while (len <= cap) {
		ssize_t n = read(fd, buf + len, cap + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pc_err_set(err, PC_EINPUT, "cannot read %s '%s': %s", what, shown,
			           strerror(errno));
			OPENSSL_clear_free(buf, cap + 2);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > cap) {
		OPENSSL_clear_free(buf, cap + 2);
		return pc_err_set(err, PC_EINPUT,
		                  "%s '%s' is larger than %zu bytes: it is not a key file; check "
		                  "the path in the profile",
		                  what, shown, cap);
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

static int read_secret_file(const char *path, size_t cap, const char *what, char **out,
                            size_t *outlen, pc_err *err)
{
	char shown[SHOWN_MAX];
	int fd = open_secret(path, what, err);
	int rc;

	if (fd < 0)
		return -1;
	show_path(path, shown, sizeof(shown));
	rc = read_capped(fd, cap, what, shown, out, outlen, err);
	close(fd);
	return rc;
}

/* ---- private keys ---------------------------------------------------- */

/* State shared with the OpenSSL password callback. The passphrase is
 * fetched at most once (from the file or the terminal), and only if the
 * key turns out to be encrypted. */
typedef struct {
	const char *key_path;
	const char *passphrase_file;
	pc_passphrase_fn ask;
	void *ud;
	pc_err *err;
	char pass[PASSPHRASE_MAX];
	size_t pass_len;
	int have_pass; /* a passphrase was obtained and handed to OpenSSL */
	int failed;    /* obtaining one failed; err says why */
} pass_ctx;

static int passphrase_from_file(pass_ctx *ctx)
{
	char shown[SHOWN_MAX];
	char *text = NULL;
	size_t len = 0;
	size_t line = 0;

	if (read_secret_file(ctx->passphrase_file, PASSPHRASE_FILE_MAX, "passphrase file", &text,
	                     &len, ctx->err) != 0)
		return -1;
	show_path(ctx->passphrase_file, shown, sizeof(shown));
	while (line < len && text[line] != '\n')
		line++;
	if (line > 0 && text[line - 1] == '\r')
		line--;
	if (line == 0) {
		OPENSSL_clear_free(text, PASSPHRASE_FILE_MAX + 2);
		return pc_err_set(ctx->err, PC_EINPUT,
		                  "passphrase file '%s' has an empty first line: its first line "
		                  "must be the passphrase",
		                  shown);
	}
	if (line >= sizeof(ctx->pass)) {
		OPENSSL_clear_free(text, PASSPHRASE_FILE_MAX + 2);
		return pc_err_set(ctx->err, PC_EINPUT,
		                  "passphrase file '%s': the passphrase is longer than %zu bytes",
		                  shown, sizeof(ctx->pass) - 1);
	}
	memcpy(ctx->pass, text, line);
	ctx->pass[line] = '\0';
	ctx->pass_len = line;
	OPENSSL_clear_free(text, PASSPHRASE_FILE_MAX + 2);
	return 0;
}

static int passphrase_from_callback(pass_ctx *ctx)
{
	char shown[SHOWN_MAX];
	int n;

	show_path(ctx->key_path, shown, sizeof(shown));
	n = ctx->ask(ctx->pass, sizeof(ctx->pass), ctx->key_path, ctx->ud);
	if (n <= 0) {
		OPENSSL_cleanse(ctx->pass, sizeof(ctx->pass));
		return pc_err_set(ctx->err, PC_EINPUT,
		                  "no passphrase was given for encrypted private key '%s'", shown);
	}
	/* Trust the NUL, not the returned length, if the two disagree. */
	ctx->pass[sizeof(ctx->pass) - 1] = '\0';
	ctx->pass_len = strlen(ctx->pass);
	return 0;
}

static int obtain_passphrase(pass_ctx *ctx)
{
	char shown[SHOWN_MAX];

	if (ctx->passphrase_file)
		return passphrase_from_file(ctx);
	if (ctx->ask)
		return passphrase_from_callback(ctx);
	show_path(ctx->key_path, shown, sizeof(shown));
	return pc_err_set(ctx->err, PC_EINPUT,
	                  "private key '%s' is encrypted and no passphrase is available: set "
	                  "`passphrase_file` in the profile (a file with mode 0600 whose first "
	                  "line is the passphrase), or run paycon in a terminal to be asked",
	                  shown);
}

static int give_passphrase(char *buf, int size, int rwflag, void *u)
{
	pass_ctx *ctx = u;

	(void)rwflag;
	if (ctx->failed)
		return -1;
	if (!ctx->have_pass && obtain_passphrase(ctx) != 0) {
		ctx->failed = 1;
		return -1;
	}
	ctx->have_pass = 1;
	if (size < 0 || ctx->pass_len > (size_t)size)
		return -1;
	memcpy(buf, ctx->pass, ctx->pass_len);
	return (int)ctx->pass_len;
}

/* Explains why text that OpenSSL could not read is not a private key. */
static int private_decode_failure(const char *text, const pass_ctx *ctx, const char *shown,
                                  pc_err *err)
{
	char pshown[SHOWN_MAX];

	if (ctx->failed)
		return -1; /* err already says why there was no passphrase */
	if (ctx->have_pass && ctx->passphrase_file) {
		show_path(ctx->passphrase_file, pshown, sizeof(pshown));
		return pc_err_set(err, PC_EINPUT,
		                  "cannot decrypt private key '%s': wrong passphrase in passphrase "
		                  "file '%s' (or the key file is damaged)",
		                  shown, pshown);
	}
	if (ctx->have_pass)
		return pc_err_set(err, PC_EINPUT,
		                  "cannot decrypt private key '%s': wrong passphrase (or the key "
		                  "file is damaged)",
		                  shown);
	if (!strstr(text, "-----BEGIN "))
		return pc_err_set(err, PC_EINPUT,
		                  "private key '%s' is not a PEM file: expected a block starting "
		                  "with -----BEGIN PRIVATE KEY-----",
		                  shown);
	if (strstr(text, "PUBLIC KEY-----") && !strstr(text, "PRIVATE KEY-----"))
		return pc_err_set(err, PC_EINPUT,
		                  "private key '%s' holds a public key, not a private key: point "
		                  "`private_key` at the private half of the key pair",
		                  shown);
	return pc_err_set(err, PC_EINPUT,
	                  "private key '%s' could not be read: the PEM block is damaged or not "
	                  "a PRIVATE KEY, ENCRYPTED PRIVATE KEY or RSA PRIVATE KEY",
	                  shown);
}

static int require_rsa(const EVP_PKEY *pkey, const char *what, const char *shown, pc_err *err)
{
	if (EVP_PKEY_is_a(pkey, "RSA"))
		return 0;
	return pc_err_set(err, PC_EINPUT,
	                  "%s '%s' holds a key of type %s, not RSA: PayCools signatures use RSA keys only "
	                  "(4096 bits); create an RSA key pair",
	                  what, shown, key_type_name(pkey));
}

pc_key *pc_key_load_private(const char *path, const char *passphrase_file,
                            pc_passphrase_fn ask, void *ud, pc_err *err)
{
	char shown[SHOWN_MAX];
	pass_ctx ctx;
	char *text = NULL;
	size_t len = 0;
	BIO *bio;
	EVP_PKEY *pkey;

	if (read_secret_file(path, KEY_FILE_MAX, "private key", &text, &len, err) != 0)
		return NULL;
	show_path(path, shown, sizeof(shown));
	memset(&ctx, 0, sizeof(ctx));
	ctx.key_path = path;
	ctx.passphrase_file = passphrase_file;
	ctx.ask = ask;
	ctx.ud = ud;
	ctx.err = err;

	bio = BIO_new_mem_buf(text, (int)len);
	pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, give_passphrase, &ctx) : NULL;
	BIO_free(bio);
	ERR_clear_error();
	OPENSSL_cleanse(ctx.pass, sizeof(ctx.pass));
	if (!pkey) {
		private_decode_failure(text, &ctx, shown, err);
		OPENSSL_clear_free(text, KEY_FILE_MAX + 2);
		return NULL;
	}
	OPENSSL_clear_free(text, KEY_FILE_MAX + 2);
	if (require_rsa(pkey, "private key", shown, err) != 0) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return key_wrap(pkey, 1);
}

/* ---- public keys ----------------------------------------------------- */

/* DER SubjectPublicKeyInfo, or failing that a PKCS#1 RSAPublicKey; all of
 * der must be consumed (trailing bytes mean it is something else). */
static EVP_PKEY *public_from_der(const unsigned char *der, size_t len, int pkcs1_only)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = NULL;

	if (len > 0x7fffffff)
		return NULL;
	if (!pkcs1_only) {
		pkey = d2i_PUBKEY(NULL, &p, (long)len);
		if (pkey && p == der + len)
			return pkey;
		EVP_PKEY_free(pkey);
		p = der;
	}
	pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
	if (pkey && p == der + len)
		return pkey;
	EVP_PKEY_free(pkey);
	return NULL;
}

static EVP_PKEY *public_from_pem(const char *text, size_t len, pc_err *err)
{
	BIO *bio = BIO_new_mem_buf(text, (int)len);
	char *name = NULL;
	char *header = NULL;
	unsigned char *data = NULL;
	long dlen = 0;
	EVP_PKEY *pkey = NULL;

	if (!bio) {
		pc_err_set(err, PC_EINPUT, "out of memory");
		return NULL;
	}
	if (!PEM_read_bio(bio, &name, &header, &data, &dlen)) {
		pc_err_set(err, PC_EINPUT,
		           "the PEM block is damaged (bad Base64 or a missing -----END line)");
	} else if (strcmp(name, "PUBLIC KEY") == 0 || strcmp(name, "RSA PUBLIC KEY") == 0) {
		pkey = public_from_der(data, (size_t)dlen, strcmp(name, "RSA PUBLIC KEY") == 0);
		if (!pkey)
			pc_err_set(err, PC_EINPUT, "the %s block does not hold a readable key", name);
	} else if (strstr(name, "PRIVATE KEY")) {
		pc_err_set(err, PC_EINPUT,
		           "this is a private key, not a public key: give the public half only "
		           "(openssl pkey -pubout)");
	} else if (strcmp(name, "CERTIFICATE") == 0) {
		pc_err_set(err, PC_EINPUT,
		           "this is a certificate, not a public key: extract the key with "
		           "openssl x509 -pubkey -noout");
	} else {
		pc_err_set(err, PC_EINPUT,
		           "the PEM block is a %.40s, not a PUBLIC KEY or RSA PUBLIC KEY", name);
	}
	if (data)
		OPENSSL_cleanse(data, (size_t)dlen);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(data);
	BIO_free(bio);
	ERR_clear_error();
	return pkey;
}

static int is_base64_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/';
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The dashboard form: Base64 of DER SPKI on one line (copies may have
 * picked up line breaks or spaces, which are dropped). */
static EVP_PKEY *public_from_base64(const char *text, size_t len, pc_err *err)
{
	char *b64 = malloc(len + 1);
	unsigned char *der = NULL;
	size_t n = 0;
	size_t pad = 0;
	int dlen;
	EVP_PKEY *pkey = NULL;

	if (!b64) {
		pc_err_set(err, PC_EINPUT, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (is_space(c))
			continue;
		if (!is_base64_char(c) && c != '=') {
			pc_err_set(err, PC_EINPUT,
			           (c >= 0x20 && c < 0x7f)
			               ? "neither PEM nor one-line Base64: unexpected '%c' at byte %zu"
			               : "neither PEM nor one-line Base64: unexpected byte 0x%02x at "
			                 "byte %zu",
			           c, i);
			goto out;
		}
		if (c != '=' && pad > 0) {
			pc_err_set(err, PC_EINPUT, "damaged Base64: '=' padding before the end");
			goto out;
		}
		pad += (c == '=');
		b64[n++] = (char)c;
	}
	if (n == 0 || n % 4 != 0 || pad > 2) {
		pc_err_set(err, PC_EINPUT,
		           "neither PEM nor valid one-line Base64: %zu Base64 characters do not "
		           "make whole 4-character groups (was a character lost in copying?)",
		           n);
		goto out;
	}
	der = malloc(n / 4 * 3);
	if (!der) {
		pc_err_set(err, PC_EINPUT, "out of memory");
		goto out;
	}
	dlen = EVP_DecodeBlock(der, (const unsigned char *)b64, (int)n);
	if (dlen < 0 || (size_t)dlen < pad) {
		pc_err_set(err, PC_EINPUT, "damaged Base64");
		goto out;
	}
	pkey = public_from_der(der, (size_t)dlen - pad, 0);
	if (!pkey)
		pc_err_set(err, PC_EINPUT,
		           "the Base64 text does not decode to a public key (DER "
		           "SubjectPublicKeyInfo)");
out:
	ERR_clear_error();
	free(der);
	free(b64);
	return pkey;
}

pc_key *pc_key_parse_public(const char *text, size_t len, pc_err *err)
{
	char *copy;
	EVP_PKEY *pkey;
	size_t i = 0;

	if (len > KEY_FILE_MAX || len > 0x7fffffff) {
		pc_err_set(err, PC_EINPUT, "larger than %d bytes: not a public key", KEY_FILE_MAX);
		return NULL;
	}
	while (i < len && is_space((unsigned char)text[i]))
		i++;
	if (i == len) {
		pc_err_set(err, PC_EINPUT, "empty: expected a PEM public key or one-line Base64 key");
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		pc_err_set(err, PC_EINPUT, "contains NUL bytes: not a text key file");
		return NULL;
	}
	copy = malloc(len + 1);
	if (!copy) {
		pc_err_set(err, PC_EINPUT, "out of memory");
		return NULL;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (strstr(copy, "-----BEGIN "))
		pkey = public_from_pem(copy, len, err);
	else
		pkey = public_from_base64(copy, len, err);
	free(copy);
	if (!pkey)
		return NULL;
	if (!EVP_PKEY_is_a(pkey, "RSA")) {
		pc_err_set(err, PC_EINPUT,
		           "a key of type %s, not RSA: PayCools signatures use RSA keys only",
		           key_type_name(pkey));
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return key_wrap(pkey, 0);
}

pc_key *pc_key_load_public(const char *path, pc_err *err)
{
	char shown[SHOWN_MAX];
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	pc_key *key;
	int fd;

	show_path(path, shown, sizeof(shown));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		open_failure(path, shown, "public key", errno, err);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		pc_err_set(err, PC_EINPUT,
		           "public key '%s' is not a regular file: point the profile at the key "
		           "file itself",
		           shown);
		close(fd);
		return NULL;
	}
	if (read_capped(fd, KEY_FILE_MAX, "public key", shown, &text, &len, err) != 0) {
		close(fd);
		return NULL;
	}
	close(fd);
	key = pc_key_parse_public(text, len, err);
	OPENSSL_clear_free(text, KEY_FILE_MAX + 2);
	if (!key)
		pc_err_prefix(err, "public key '%s'", shown);
	return key;
}

/* ---- generation and export ------------------------------------------- */

pc_key *pc_key_generate(int bits, pc_err *err)
{
	EVP_PKEY *pkey;

	if (bits < RSA_BITS_MIN || bits > RSA_BITS_MAX) {
		pc_err_set(err, PC_EINPUT,
		           "an RSA key of %d bits was asked for: use %d to %d bits (PayCools uses "
		           "4096)",
		           bits, RSA_BITS_MIN, RSA_BITS_MAX);
		return NULL;
	}
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	if (!pkey) {
		ERR_clear_error();
		pc_err_set(err, PC_EINPUT, "OpenSSL could not generate a %d-bit RSA key", bits);
		return NULL;
	}
	return key_wrap(pkey, 1);
}

void pc_key_free(pc_key *key)
{
	if (!key)
		return;
	EVP_PKEY_free(key->pkey);
	free(key);
}

int pc_key_bits(const pc_key *key)
{
	return key ? EVP_PKEY_get_bits(key->pkey) : 0;
}

int pc_key_is_private(const pc_key *key)
{
	return key ? key->is_private : 0;
}

void *pc_key_evp(const pc_key *key)
{
	return key ? key->pkey : NULL;
}

static unsigned char *spki_der(const pc_key *key, size_t *len)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key->pkey, &der);

	if (n <= 0) {
		ERR_clear_error();
		return NULL;
	}
	*len = (size_t)n;
	return der;
}

/* Standard Base64, one line; malloc'd. */
static char *base64_line(const unsigned char *data, size_t len)
{
	char *out;

	if (len > 0x3fffffff)
		return NULL;
	out = malloc((len + 2) / 3 * 4 + 1);
	if (!out)
		return NULL;
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

char *pc_key_fingerprint(const pc_key *key)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	unsigned char *der;
	size_t len = 0;
	char *b64;
	char *out;
	size_t n;

	if (!key)
		return NULL;
	der = spki_der(key, &len);
	if (!der)
		return NULL;
	if (!EVP_Digest(der, len, md, &mdlen, EVP_sha256(), NULL)) {
		OPENSSL_free(der);
		ERR_clear_error();
		return NULL;
	}
	OPENSSL_free(der);
	b64 = base64_line(md, mdlen);
	if (!b64)
		return NULL;
	n = strlen(b64);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	out = malloc(sizeof("SHA256:") + n);
	if (out) {
		memcpy(out, "SHA256:", 7);
		memcpy(out + 7, b64, n);
		out[7 + n] = '\0';
	}
	free(b64);
	return out;
}

char *pc_key_public_base64(const pc_key *key)
{
	unsigned char *der;
	size_t len = 0;
	char *out;

	if (!key)
		return NULL;
	der = spki_der(key, &len);
	if (!der)
		return NULL;
	out = base64_line(der, len);
	OPENSSL_free(der);
	return out;
}

/* Creates path (never replacing anything, not even a dangling symlink),
 * writes data, sets mode regardless of the umask, and fsyncs. A failed
 * write removes the half-written file. */
static int write_new_file(const char *path, mode_t mode, const char *data, size_t len,
                          pc_err *err)
{
	char shown[SHOWN_MAX];
	int fd;
	int saved;

	show_path(path, shown, sizeof(shown));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 && errno == EEXIST)
		return pc_err_set(err, PC_EINPUT,
		                  "'%s' exists; refusing to overwrite a key: choose another path or "
		                  "move the old file away first",
		                  shown);
	if (fd < 0)
		return pc_err_set(err, PC_EINPUT, "cannot create '%s': %s", shown, strerror(errno));
	if (fchmod(fd, mode) != 0 || pc_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(path);
		return pc_err_set(err, PC_EINPUT, "cannot write '%s': %s", shown, strerror(saved));
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(path);
		return pc_err_set(err, PC_EINPUT, "cannot write '%s': %s", shown, strerror(saved));
	}
	return 0;
}

static int write_pem(const pc_key *key, const char *path, int private_half, pc_err *err)
{
	/* The secure-memory BIO wipes the private key text when freed. */
	BIO *bio = BIO_new(private_half ? BIO_s_secmem() : BIO_s_mem());
	char *data = NULL;
	long len;
	int ok;
	int rc;

	if (!bio)
		return pc_err_set(err, PC_EINPUT, "out of memory");
	if (private_half)
		ok = PEM_write_bio_PrivateKey(bio, key->pkey, NULL, NULL, 0, NULL, NULL);
	else
		ok = PEM_write_bio_PUBKEY(bio, key->pkey);
	len = BIO_get_mem_data(bio, &data);
	if (!ok || len <= 0) {
		BIO_free(bio);
		ERR_clear_error();
		return pc_err_set(err, PC_EINPUT, "OpenSSL could not encode the key as PEM");
	}
	rc = write_new_file(path, private_half ? 0600 : 0644, data, (size_t)len, err);
	BIO_free(bio);
	return rc;
}

int pc_key_write_private(const pc_key *key, const char *path, pc_err *err)
{
	if (!key || !key->is_private)
		return pc_err_set(err, PC_EINPUT,
		                  "this key has no private half: only a generated or loaded "
		                  "private key can be written as one");
	return write_pem(key, path, 1, err);
}

int pc_key_write_public(const pc_key *key, const char *path, pc_err *err)
{
	if (!key)
		return pc_err_set(err, PC_EINPUT, "no key to write");
	return write_pem(key, path, 0, err);
}
