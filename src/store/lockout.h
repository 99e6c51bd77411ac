/* lockout.h — failed-login throttling, per login and per client address.
 *
 * Policy (see docs/security.md):
 *   per login:   from the 3rd failure within 15 minutes each further attempt must wait
 *                2 s, then 4 s; the 5th failure locks the login for 15 minutes.
 *   per address: from the 10th failure within 15 minutes a doubling wait, 2 s, 4 s, ...
 *                at most 30 s; the 30th failure locks the address for 15 minutes.
 * A waiting or locked key answers 429 with Retry-After, whatever the password, and the
 * same way whether or not the login exists (unknown logins are counted too).
 *
 * The policy is a pure function of (state, now) so that tests can drive the clock; the
 * store part keeps one row per key in login_throttle (migration 002_auth.sql). Keys are
 * server-wide, not per organisation: logins are unique across the server and an address
 * is not an organisation's. */
#ifndef JAEGO_LOCKOUT_H
#define JAEGO_LOCKOUT_H

#include <stdint.h>

#include "db.h"

struct lockout_policy {
	int slow_after;      /* failures after which each attempt must wait */
	int lock_after;      /* failures that lock the key */
	int64_t window_s;    /* failures older than this (since the first) are forgotten */
	int64_t lock_s;      /* how long a lock lasts */
	int64_t max_delay_s; /* the longest slow-down wait */
};

/* What is remembered about one key. A zeroed struct is "no failures". */
struct lockout_state {
	int failures;
	int64_t window_start; /* unix seconds of the first failure counted */
	int64_t locked_until; /* unix seconds; 0 when not waiting or locked */
};

extern const struct lockout_policy lockout_policy_login;
extern const struct lockout_policy lockout_policy_ip;

/* Seconds the key must still wait at now (0: an attempt may be made). */
int64_t lockout_wait(const struct lockout_state *st, int64_t now);
/* Forgets a window that has run out (and an ended lock). Call before counting. */
void lockout_expire(const struct lockout_policy *p, struct lockout_state *st, int64_t now);
/* The wait that follows the failures-th failure: 0, the slow-down, or the lock. */
int64_t lockout_delay(const struct lockout_policy *p, int failures);
/* Counts one failure at now, setting the slow-down wait or the lock. */
void lockout_fail(const struct lockout_policy *p, struct lockout_state *st, int64_t now);
/* Starts the wait of an already counted failure again from now (the attempt ended
 * now, after the password check), never shortening it. */
void lockout_restamp(const struct lockout_policy *p, struct lockout_state *st, int64_t now);

/* The clock the store functions use; tests may replace it. Defaults to util_now. */
extern int64_t (*lockout_clock)(void);

/* Takes back one counted failure (the attempt succeeded after all): one fewer failure and
 * no pending wait. */
void lockout_refund(struct lockout_state *st);

/* Store. login may be NULL (only the address is checked/counted) and ip may be NULL.
 *
 * Every attempt is counted as a failure before the password is checked, in one
 * transaction with the check, so that simultaneous attempts cannot slip past the policy;
 * a successful attempt is then taken back. */

/* Seconds either key must still wait (0 = an attempt may be made), or a negative DB error
 * code. Reads only. */
int64_t lockout_check(db *d, const char *login, const char *ip);
/* Starts an attempt: when either key must wait, returns the seconds (the larger) and
 * counts nothing; otherwise counts a failure for both keys and returns 0, with the
 * login's count of failures, this one included, in *login_failures (may be NULL): the
 * attempt that reaches lockout_policy_login.lock_after is the one that locks the login.
 * A negative DB error code on failure. */
int64_t lockout_attempt(db *d, const char *login, const char *ip, int *login_failures);
/* The attempt failed: its wait starts now rather than when the attempt began, since the
 * password check itself takes time. Returns 0 or a DB error code. */
int lockout_failed(db *d, const char *login, const char *ip);
/* The attempt succeeded: the login's failures are forgotten; the address gets its one
 * failure back but keeps the others until their window ends, so that one known account
 * cannot wipe an address's count. Returns 0 or a DB error code. */
int lockout_succeeded(db *d, const char *login, const char *ip);

#endif
