/* test_lockout.c — the failed-login policy, driven by an injected clock: when attempts are
 * slowed down, when a key locks, when it is forgotten; and the store in a real database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "lockout.h"
#include "log.h"

static const int64_t T0 = 1750000000; /* an arbitrary instant */

/* Two failures: no wait. The third asks for 2 s, the fourth 4 s, the fifth locks 15 min. */
static void login_policy_slows_then_locks(void **state)
{
	(void)state;
	const struct lockout_policy *p = &lockout_policy_login;
	struct lockout_state st = {0};
	int64_t now = T0;
	lockout_fail(p, &st, now);
	assert_int_equal(lockout_wait(&st, now), 0);
	lockout_fail(p, &st, ++now);
	assert_int_equal(lockout_wait(&st, now), 0);
	lockout_fail(p, &st, ++now);
	assert_int_equal(lockout_wait(&st, now), 2);
	assert_int_equal(lockout_wait(&st, now + 1), 1);
	now += 2;
	assert_int_equal(lockout_wait(&st, now), 0);
	lockout_fail(p, &st, now);
	assert_int_equal(lockout_wait(&st, now), 4);
	now += 4;
	lockout_fail(p, &st, now);
	assert_int_equal(st.failures, 5);
	assert_int_equal(lockout_wait(&st, now), 15 * 60);
	/* Still locked one second before the end; free at the end, and the count restarts. */
	assert_int_equal(lockout_wait(&st, now + 15 * 60 - 1), 1);
	assert_int_equal(lockout_wait(&st, now + 15 * 60), 0);
	lockout_fail(p, &st, now + 15 * 60);
	assert_int_equal(st.failures, 1);
	assert_int_equal(lockout_wait(&st, now + 15 * 60), 0);
}

/* Failures spread more thinly than the window never add up. */
static void window_forgets_old_failures(void **state)
{
	(void)state;
	const struct lockout_policy *p = &lockout_policy_login;
	struct lockout_state st = {0};
	int64_t now = T0;
	for (int i = 0; i < 20; i++) {
		lockout_fail(p, &st, now);
		lockout_fail(p, &st, now + 1);
		assert_int_equal(lockout_wait(&st, now + 1), 0);
		now += p->window_s; /* the next pair falls into a new window */
	}
	assert_int_equal(st.failures, 2);
}

/* The expiry of a window during a slow-down wait does not cut the wait short. */
static void expire_keeps_pending_wait(void **state)
{
	(void)state;
	struct lockout_policy p = lockout_policy_login;
	p.window_s = 1;
	struct lockout_state st = {0};
	lockout_fail(&p, &st, T0);
	lockout_fail(&p, &st, T0);
	lockout_fail(&p, &st, T0); /* waits 2 s */
	lockout_expire(&p, &st, T0 + 1);
	assert_int_equal(st.failures, 3);
	lockout_expire(&p, &st, T0 + 2);
	assert_int_equal(st.failures, 0);
}

/* The address policy is looser: 9 failures pass freely, then 2, 4, 8 ... at most 30 s,
 * and the 30th locks for 15 minutes. */
static void ip_policy_is_looser_and_capped(void **state)
{
	(void)state;
	const struct lockout_policy *p = &lockout_policy_ip;
	struct lockout_state st = {0};
	int64_t now = T0;
	for (int i = 1; i <= 9; i++) {
		lockout_fail(p, &st, now);
		assert_int_equal(lockout_wait(&st, now), 0);
	}
	int64_t expect[] = {2, 4, 8, 16, 30, 30, 30, 30};
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
		lockout_fail(p, &st, now);
		assert_int_equal(lockout_wait(&st, now), expect[i]);
		now += expect[i];
	}
	/* Keep failing within the window (the lock restarts it) until the 30th. */
	while (st.failures < 29) {
		lockout_fail(p, &st, now);
		now += lockout_wait(&st, now);
	}
	lockout_fail(p, &st, now);
	assert_int_equal(st.failures, 30);
	assert_int_equal(lockout_wait(&st, now), 15 * 60);
}

/* ------------------------------------------------------------------------------ store */

static int64_t fake_now;
static int64_t fake_clock(void)
{
	return fake_now;
}

static int store_setup(void **state)
{
	char path[] = "/tmp/jaego-test-lockout-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(path); /* db_open creates it */
	char err[256];
	db *d = NULL;
	if (db_open(path, &d, err, sizeof err) != 0) {
		fprintf(stderr, "db_open: %s\n", err);
		return -1;
	}
	unlink(path); /* the open connection keeps the file until close */
	lockout_clock = fake_clock;
	fake_now = T0;
	*state = d;
	return 0;
}

static int store_teardown(void **state)
{
	db_close(*state);
	return 0;
}

/* Five failed attempts lock a login from any address; other logins from a fresh address
 * are not affected, and the lock ends with the clock. Unknown logins are counted the same
 * way. An attempt refused because of a wait counts nothing. */
static void store_locks_login(void **state)
{
	db *d = *state;
	assert_int_equal(lockout_check(d, "nobody-here", "10.0.0.1"), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(lockout_attempt(d, "nobody-here", "10.0.0.1", NULL), 0);
		fake_now += 60;
	}
	assert_int_equal(lockout_check(d, "nobody-here", "10.0.0.1"), 0);
	int failures = -1;
	assert_int_equal(lockout_attempt(d, "nobody-here", "10.0.0.1", &failures), 0);
	assert_int_equal(failures, 5); /* this attempt is the one that locks */
	assert_int_equal(lockout_check(d, "nobody-here", "10.0.0.2"), 15 * 60);
	assert_int_equal(lockout_attempt(d, "nobody-here", "10.0.0.2", &failures), 15 * 60);
	assert_int_equal(failures, 0); /* refused, not counted */
	assert_int_equal(lockout_check(d, "someone-else", "10.0.0.2"), 0);
	assert_int_equal(db_int(d, -1, "SELECT failures FROM login_throttle WHERE key = ?", "t",
	                        "ip:10.0.0.2"),
	                 -1); /* the refused attempt counted nothing */
	fake_now += 15 * 60;
	assert_int_equal(lockout_check(d, "nobody-here", "10.0.0.1"), 0);
}

/* The slow-down: after the 3rd failure an immediate attempt is refused for 2 s, counted
 * from when the failed attempt ended (the password check takes time). */
static void store_slows_down(void **state)
{
	db *d = *state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(lockout_attempt(d, "lee", "10.0.0.3", NULL), 0);
	fake_now += 1; /* a slow password check */
	assert_int_equal(lockout_failed(d, "lee", "10.0.0.3"), 0);
	assert_int_equal(lockout_attempt(d, "lee", "10.0.0.3", NULL), 2);
	fake_now += 2;
	assert_int_equal(lockout_attempt(d, "lee", "10.0.0.3", NULL), 0);
	assert_int_equal(lockout_attempt(d, "lee", "10.0.0.3", NULL), 4);
}

/* Restamping moves a wait later, never earlier, and leaves keys without a wait alone. */
static void restamp_starts_wait_again(void **state)
{
	(void)state;
	const struct lockout_policy *p = &lockout_policy_login;
	struct lockout_state st = {0};
	lockout_fail(p, &st, T0);
	lockout_restamp(p, &st, T0 + 5);
	assert_int_equal(st.locked_until, 0);
	lockout_fail(p, &st, T0);
	lockout_fail(p, &st, T0); /* waits until T0 + 2 */
	lockout_restamp(p, &st, T0 + 1);
	assert_int_equal(st.locked_until, T0 + 3);
	st.locked_until = T0 + 100;
	lockout_restamp(p, &st, T0 + 1);
	assert_int_equal(st.locked_until, T0 + 100);
}

/* Success forgets the login's failures, and gives the address back only its own one. */
static void store_success_resets_login_only(void **state)
{
	db *d = *state;
	for (int i = 0; i < 3; i++)
		lockout_attempt(d, "kim", "10.0.0.9", NULL);
	assert_int_equal(lockout_check(d, "kim", NULL), 2);
	fake_now += 2;
	assert_int_equal(lockout_attempt(d, "kim", "10.0.0.9", NULL), 0); /* the right password */
	assert_int_equal(lockout_succeeded(d, "kim", "10.0.0.9"), 0);
	assert_int_equal(lockout_check(d, "kim", NULL), 0);
	assert_int_equal(db_int(d, -1, "SELECT failures FROM login_throttle WHERE key = ?", "t",
	                        "ip:10.0.0.9"),
	                 3);
	assert_int_equal(lockout_check(d, NULL, "10.0.0.9"), 0);
}

/* Thirty failures from one address over thirty logins lock the address for all logins. */
static void store_locks_address(void **state)
{
	db *d = *state;
	char login[32];
	for (int i = 0; i < 30; i++) {
		snprintf(login, sizeof login, "user%d", i);
		assert_int_equal(lockout_attempt(d, login, "192.0.2.7", NULL), 0);
		/* a patient attacker waits out each slow-down */
		int64_t w = lockout_check(d, NULL, "192.0.2.7");
		assert_true(w >= 0);
		if (i < 29)
			fake_now += w;
	}
	assert_int_equal(lockout_check(d, "user-fresh", "192.0.2.7"), 15 * 60);
	assert_int_equal(lockout_check(d, "user-fresh", "192.0.2.8"), 0);
}

/* A refund never goes below zero and drops a pending wait. */
static void refund_takes_back_one(void **state)
{
	(void)state;
	struct lockout_state st = {0};
	lockout_refund(&st);
	assert_int_equal(st.failures, 0);
	for (int i = 0; i < 3; i++)
		lockout_fail(&lockout_policy_login, &st, T0);
	assert_int_equal(lockout_wait(&st, T0), 2);
	lockout_refund(&st);
	assert_int_equal(st.failures, 2);
	assert_int_equal(lockout_wait(&st, T0), 0);
}

int main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(login_policy_slows_then_locks),
	        cmocka_unit_test(window_forgets_old_failures),
	        cmocka_unit_test(expire_keeps_pending_wait),
	        cmocka_unit_test(ip_policy_is_looser_and_capped),
	        cmocka_unit_test(refund_takes_back_one),
	        cmocka_unit_test(restamp_starts_wait_again),
	        cmocka_unit_test_setup_teardown(store_locks_login, store_setup, store_teardown),
	        cmocka_unit_test_setup_teardown(store_slows_down, store_setup, store_teardown),
	        cmocka_unit_test_setup_teardown(store_success_resets_login_only, store_setup,
	                                        store_teardown),
	        cmocka_unit_test_setup_teardown(store_locks_address, store_setup, store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
