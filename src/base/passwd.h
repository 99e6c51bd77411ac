/* passwd.h — password hashing with argon2id (libsodium crypto_pwhash_str). */
#ifndef JAEGO_PASSWD_H
#define JAEGO_PASSWD_H

#include <stddef.h>

#define PASSWD_HASH_MAX  128
#define PASSWD_MIN_CHARS 8
#define PASSWD_MAX_BYTES 256

/* Hashes password into out (PASSWD_HASH_MAX bytes). Returns 0, or -1 when memory for the
 * hash could not be had. */
int passwd_hash(const char *password, char out[PASSWD_HASH_MAX]);
/* 1 when password matches hash, 0 otherwise. */
int passwd_verify(const char *hash, const char *password);
/* NULL when acceptable, else a Korean message saying what is wrong. */
const char *passwd_policy_error(const char *password);
/* Burn the same time as a verify, so unknown logins cannot be told from wrong passwords. */
void passwd_dummy_verify(const char *password);

#endif
