/* keys.h — RSA keys: loading with ssh-like file checks, generation, export.
 *
 * A private key file must be a regular file (opened with O_NOFOLLOW, so a
 * symlink is refused), owned by the user, and unreadable by group and
 * others; otherwise it is refused the way ssh refuses it:
 *   "permissions 0644 for '/path/key.pem' are too open: a private key must
 *    be readable by its owner only; run: chmod 600 '/path/key.pem'"
 * Passphrases are never taken from argv: from a file the profile names
 * (first line, same permission rule) or from the callback (the terminal). */
#ifndef PAYCON_KEYS_H
#define PAYCON_KEYS_H

#include <stddef.h>

#include "err.h"

typedef struct pc_key pc_key; /* wraps an OpenSSL EVP_PKEY (RSA) */

/* Asked for the passphrase of an encrypted key; writes at most size-1
 * bytes + NUL into buf and returns its length, or -1 to give up. */
typedef int (*pc_passphrase_fn)(char *buf, size_t size, const char *key_path, void *ud);

/* PEM: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or encrypted
 * PKCS#8 ("ENCRYPTED PRIVATE KEY"). passphrase_file may be NULL; ask may
 * be NULL (then an encrypted key without passphrase_file is an error that
 * says to set `passphrase_file`). Errors are PC_EINPUT. */
pc_key *pc_key_load_private(const char *path, const char *passphrase_file,
                            pc_passphrase_fn ask, void *ud, pc_err *err);

/* Public key: PEM "PUBLIC KEY" (SPKI), PEM "RSA PUBLIC KEY", or the one-line
 * Base64 DER SPKI that the PayCools dashboard shows (whitespace ignored).
 * Symlinks are followed here (public keys are not secret). */
pc_key *pc_key_load_public(const char *path, pc_err *err);
pc_key *pc_key_parse_public(const char *text, size_t len, pc_err *err);

/* Fresh RSA key (bits >= 2048). */
pc_key *pc_key_generate(int bits, pc_err *err);

void pc_key_free(pc_key *key);

int pc_key_bits(const pc_key *key);
int pc_key_is_private(const pc_key *key);

/* "SHA256:<unpadded base64 of sha256(DER SPKI)>", as ssh-keygen -l shows. */
char *pc_key_fingerprint(const pc_key *key);

/* One-line standard Base64 of the DER SubjectPublicKeyInfo, no breaks:
 * what the PayCools dashboard wants pasted. */
char *pc_key_public_base64(const pc_key *key);

/* Writes PKCS#8 PEM (unencrypted) with mode 0600, refusing to overwrite
 * (O_EXCL|O_NOFOLLOW); fsyncs. */
int pc_key_write_private(const pc_key *key, const char *path, pc_err *err);
/* Writes SPKI PEM with mode 0644, refusing to overwrite. */
int pc_key_write_public(const pc_key *key, const char *path, pc_err *err);

/* Checks that path may hold a secret: regular file, not a symlink, owned by
 * the current user, mode & 077 == 0. Used for keys and passphrase files. */
int pc_secret_file_check(const char *path, const char *what, pc_err *err);

/* Underlying EVP_PKEY * (for signature.c). */
void *pc_key_evp(const pc_key *key);

#endif
