/* passwd.c — argon2id password hashes (libsodium). OPSLIMIT/MEMLIMIT_INTERACTIVE: about
 * 64 MiB and a few tens of milliseconds per hash, which makes offline guessing costly and
 * keeps a login fast. The parameters are stored inside each hash string, so raising them
 * later only affects new hashes. */
#include "passwd.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "utf8.h"

int passwd_hash(const char *password, char out[PASSWD_HASH_MAX])
{
	_Static_assert(PASSWD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
	return crypto_pwhash_str(out, password, strlen(password),
	                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
	               ? 0
	               : -1;
}

int passwd_verify(const char *hash, const char *password)
{
	if (!hash || !password)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

const char *passwd_policy_error(const char *password)
{
	size_t bytes = strlen(password), chars = utf8_count(password);
	if (chars < PASSWD_MIN_CHARS)
		return "비밀번호는 8자 이상이어야 합니다.";
	if (bytes > PASSWD_MAX_BYTES)
		return "비밀번호가 너무 깁니다 (256바이트 이하).";
	return NULL;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	unsigned char pw[16];
	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof pw,
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0'; /* verify then fails fast; only timing is lost */
}

void passwd_dummy_verify(const char *password)
{
	pthread_once(&dummy_once, make_dummy);
	if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
		return; /* cannot match a random password; the call is made for its cost */
}
