/* test_routes.c — the route table: every route declares a method, a pattern, a role and a
 * handler; no two routes collide; path parameters are captured. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "route.h"

static void every_route_is_complete_and_unique(void **state)
{
	(void)state;
	size_t n;
	const struct route *const *all = routes_all(&n);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = all[i];
		assert_non_null(r->fn);
		assert_true(r->pattern[0] == '/');
		assert_true(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0 ||
		            strcmp(r->method, "PATCH") == 0 || strcmp(r->method, "PUT") == 0 ||
		            strcmp(r->method, "DELETE") == 0);
		assert_true(r->role >= ROLE_PUBLIC && r->role <= ROLE_MASTER);
		/* Only a short, known list may be public. */
		if (r->role == ROLE_PUBLIC)
			assert_true(strcmp(r->pattern, "/healthz") == 0 ||
			            strcmp(r->pattern, "/metrics") == 0 ||
			            strcmp(r->pattern, "/api/version") == 0 ||
			            (strcmp(r->pattern, "/api/session") == 0 &&
			             strcmp(r->method, "POST") == 0));
		for (size_t k = 0; k < i; k++)
			assert_false(strcmp(all[k]->method, r->method) == 0 &&
			             strcmp(all[k]->pattern, r->pattern) == 0);
	}
}

static void match_captures_parameters_and_reports_method_mismatch(void **state)
{
	(void)state;
	struct req r;
	memset(&r, 0, sizeof r);
	r.a = arena_new();
	int mismatch = 0;
	assert_non_null(routes_match(&r, "GET", "/healthz", &mismatch));
	assert_null(routes_match(&r, "DELETE", "/healthz", &mismatch));
	assert_int_equal(mismatch, 1);
	assert_null(routes_match(&r, "GET", "/healthz/extra", &mismatch));
	assert_int_equal(mismatch, 0);
	assert_null(routes_match(&r, "GET", "/nope", &mismatch));
	/* HEAD is served by the GET route. */
	assert_non_null(routes_match(&r, "HEAD", "/healthz", &mismatch));
	/* A route with a parameter, when one exists. */
	size_t n;
	const struct route *const *all = routes_all(&n);
	for (size_t i = 0; i < n; i++) {
		const char *brace = strchr(all[i]->pattern, '{');
		if (!brace)
			continue;
		char path[256];
		size_t pre = (size_t)(brace - all[i]->pattern);
		const char *close = strchr(brace, '}');
		snprintf(path, sizeof path, "%.*sVALUE-1%s", (int)pre, all[i]->pattern, close + 1);
		const struct route *m = routes_match(&r, all[i]->method, path, &mismatch);
		assert_non_null(m);
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(close - brace - 1), brace + 1);
		assert_string_equal(req_param(&r, name), "VALUE-1");
		break;
	}
	arena_free(r.a);
}

static void role_names_round_trip(void **state)
{
	(void)state;
	enum role role;
	assert_int_equal(role_parse("manager", &role), 0);
	assert_int_equal(role, ROLE_MANAGER);
	assert_string_equal(role_name(ROLE_STAFF), "staff");
	assert_int_equal(role_parse("public", &role), -1);
	assert_int_equal(role_parse("root", &role), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_route_is_complete_and_unique),
	        cmocka_unit_test(match_captures_parameters_and_reports_method_mismatch),
	        cmocka_unit_test(role_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
