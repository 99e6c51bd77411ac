/* lockout.c — failed-login throttling: the policy as pure functions of (state, now), and
 * its store in the login_throttle table. See lockout.h for the policy. */
#include "lockout.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

const struct lockout_policy lockout_policy_login = {.slow_after = 3,
                                                    .lock_after = 5,
                                                    .window_s = 15 * 60,
                                                    .lock_s = 15 * 60,
                                                    .max_delay_s = 60};
const struct lockout_policy lockout_policy_ip = {.slow_after = 10,
                                                 .lock_after = 30,
                                                 .window_s = 15 * 60,
                                                 .lock_s = 15 * 60,
                                                 .max_delay_s = 30};

static int64_t lockout_default_clock(void)
{
	return (int64_t)util_now();
}

int64_t (*lockout_clock)(void) = lockout_default_clock;

int64_t lockout_wait(const struct lockout_state *st, int64_t now)
{
	return st->locked_until > now ? st->locked_until - now : 0;
}

void lockout_expire(const struct lockout_policy *p, struct lockout_state *st, int64_t now)
{
	if (st->failures == 0)
		return;
	if (now < st->locked_until)
		return; /* still waiting or locked: nothing is forgotten yet */
	/* A lock that has ended starts the count afresh; so does a window that ran out. */
	if (st->failures >= p->lock_after || now - st->window_start >= p->window_s)
		memset(st, 0, sizeof *st);
}

int64_t lockout_delay(const struct lockout_policy *p, int failures)
{
	if (failures >= p->lock_after)
		return p->lock_s;
	if (failures < p->slow_after)
		return 0;
	int shift = failures - p->slow_after;
	int64_t delay = shift >= 30 ? p->max_delay_s : (int64_t)2 << shift;
	return delay > p->max_delay_s ? p->max_delay_s : delay;
}

void lockout_fail(const struct lockout_policy *p, struct lockout_state *st, int64_t now)
{
	lockout_expire(p, st, now);
	if (st->failures == 0)
		st->window_start = now;
	st->failures++;
	int64_t delay = lockout_delay(p, st->failures);
	if (delay)
		st->locked_until = now + delay;
	/* A lock restarts the window, so the count is kept for the whole lock. */
	if (st->failures >= p->lock_after)
		st->window_start = now;
}

void lockout_restamp(const struct lockout_policy *p, struct lockout_state *st, int64_t now)
{
	int64_t delay = lockout_delay(p, st->failures);
	if (delay && now + delay > st->locked_until)
		st->locked_until = now + delay;
}

/* ------------------------------------------------------------------------------ store */

#define LOCKOUT_KEY_MAX 80

/* Builds the row key: "login:<login>" or "ip:<address>", truncated to a fixed size so that
 * an absurd input cannot make an absurd row. */
static void lockout_key(char out[LOCKOUT_KEY_MAX], const char *kind, const char *value)
{
	snprintf(out, LOCKOUT_KEY_MAX, "%s:%s", kind, value);
}

/* Reads the state of key into *st (zeroed when there is no row). Returns 0 or a DB error. */
static int lockout_load(db *d, const char *key, struct lockout_state *st)
{
	memset(st, 0, sizeof *st);
	db_stmt *s = db_preparef(
	        d, "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?",
	        "t", key);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		st->failures = (int)db_col_int(s, 0);
		st->window_start = db_col_int(s, 1);
		st->locked_until = db_col_int(s, 2);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_OK;
	}
	db_finalize(s);
	return rc;
}

static int lockout_save(db *d, const char *key, const struct lockout_state *st)
{
	return db_exec(d,
	               "INSERT INTO login_throttle (key, failures, window_start, locked_until) "
	               "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
	               "failures = excluded.failures, window_start = excluded.window_start, "
	               "locked_until = excluded.locked_until",
	               "tiii", key, (int64_t)st->failures, st->window_start, st->locked_until);
}

int64_t lockout_check(db *d, const char *login, const char *ip)
{
	int64_t now = lockout_clock(), wait = 0;
	char key[LOCKOUT_KEY_MAX];
	struct lockout_state st;
	const char *kinds[2] = {"login", "ip"};
	const char *values[2] = {login, ip};
	for (int i = 0; i < 2; i++) {
		if (!values[i])
			continue;
		lockout_key(key, kinds[i], values[i]);
		int rc = lockout_load(d, key, &st);
		if (rc != DB_OK)
			return rc;
		int64_t w = lockout_wait(&st, now);
		if (w > wait)
			wait = w;
	}
	return wait;
}

int64_t lockout_attempt(db *d, const char *login, const char *ip, int *login_failures)
{
	int64_t now = lockout_clock(), wait = 0;
	char keys[2][LOCKOUT_KEY_MAX];
	if (login_failures)
		*login_failures = 0;
	struct lockout_state st[2] = {{0}};
	const char *kinds[2] = {"login", "ip"};
	const char *values[2] = {login, ip};
	const struct lockout_policy *policies[2] = {&lockout_policy_login, &lockout_policy_ip};
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < 2 && rc == DB_OK; i++) {
		if (!values[i])
			continue;
		lockout_key(keys[i], kinds[i], values[i]);
		rc = lockout_load(d, keys[i], &st[i]);
		if (rc == DB_OK && lockout_wait(&st[i], now) > wait)
			wait = lockout_wait(&st[i], now);
	}
	for (int i = 0; i < 2 && rc == DB_OK && wait == 0; i++) {
		if (!values[i])
			continue;
		lockout_fail(policies[i], &st[i], now);
		rc = lockout_save(d, keys[i], &st[i]);
		if (i == 0 && login_failures)
			*login_failures = st[i].failures;
	}
	/* Rows whose window and lock are long over are no longer needed. */
	if (rc == DB_OK && wait == 0)
		rc = db_exec(
		        d, "DELETE FROM login_throttle WHERE window_start < ? AND locked_until < ?",
		        "ii", now - 2 * lockout_policy_login.window_s, now);
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	rc = db_commit(d);
	return rc != DB_OK ? rc : wait;
}

int lockout_failed(db *d, const char *login, const char *ip)
{
	int64_t now = lockout_clock();
	char key[LOCKOUT_KEY_MAX];
	struct lockout_state st;
	const char *kinds[2] = {"login", "ip"};
	const char *values[2] = {login, ip};
	const struct lockout_policy *policies[2] = {&lockout_policy_login, &lockout_policy_ip};
	int rc = db_begin(d);
	for (int i = 0; i < 2 && rc == DB_OK; i++) {
		if (!values[i])
			continue;
		lockout_key(key, kinds[i], values[i]);
		rc = lockout_load(d, key, &st);
		if (rc == DB_OK && st.failures > 0) {
			lockout_restamp(policies[i], &st, now);
			rc = lockout_save(d, key, &st);
		}
	}
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d);
}

void lockout_refund(struct lockout_state *st)
{
	if (st->failures > 0)
		st->failures--;
	st->locked_until = 0;
}

int lockout_succeeded(db *d, const char *login, const char *ip)
{
	char key[LOCKOUT_KEY_MAX];
	struct lockout_state st;
	int rc = db_begin(d);
	if (rc != DB_OK)
		return rc;
	if (login) {
		lockout_key(key, "login", login);
		rc = db_exec(d, "DELETE FROM login_throttle WHERE key = ?", "t", key);
	}
	if (rc == DB_OK && ip) {
		lockout_key(key, "ip", ip);
		rc = lockout_load(d, key, &st);
		if (rc == DB_OK && st.failures > 0) {
			lockout_refund(&st);
			rc = lockout_save(d, key, &st);
		}
	}
	if (rc != DB_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d);
}
