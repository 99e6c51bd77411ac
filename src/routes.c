/* routes.c — the list of route tables, and path matching. Add one line per module. */
#include "route.h"

#include <pthread.h>
#include <string.h>

#include "util.h"

#include "api_modules.h"

static const struct route *const tables[] = {api_system_routes,
#define X(name) name,
                                             API_MODULE_TABLES(X)
#undef X
};

static const struct route **all;
static size_t nall;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	size_t n = 0;
	for (size_t t = 0; t < ARRAY_LEN(tables); t++)
		for (const struct route *r = tables[t]; r->method; r++)
			n++;
	all = xcalloc(n + 1, sizeof *all);
	for (size_t t = 0; t < ARRAY_LEN(tables); t++)
		for (const struct route *r = tables[t]; r->method; r++)
			all[nall++] = r;
}

const struct route *const *routes_all(size_t *count)
{
	pthread_once(&once, build);
	*count = nall;
	return all;
}

/* Matches pattern against path segment by segment; {name} captures one segment. */
static int match(struct req *r, const char *pattern, const char *path)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (!close || len == 0 || np >= REQ_MAX_PARAMS)
				return 0;
			if (r) {
				r->param_name[np] =
				        arena_strndup(r->a, p + 1, (size_t)(close - p - 1));
				r->param_value[np] = arena_strndup(r->a, s, len);
			}
			np++;
			p = close + 1;
			s += len;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return 0;
		}
	}
	if (*p || *s)
		return 0;
	if (r)
		r->nparams = np;
	return 1;
}

const struct route *routes_match(struct req *r, const char *method, const char *path,
                                 int *method_mismatch)
{
	size_t n;
	const struct route *const *list = routes_all(&n);
	*method_mismatch = 0;
	for (size_t i = 0; i < n; i++) {
		if (!match(NULL, list[i]->pattern, path))
			continue;
		if (strcmp(list[i]->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(list[i]->method, "GET") == 0)) {
			match(r, list[i]->pattern, path);
			return list[i];
		}
		*method_mismatch = 1;
	}
	return NULL;
}

static const char *const role_names[] = {"public", "viewer", "staff", "manager", "master"};

const char *route_role_name(enum role role)
{
	return (unsigned)role < ARRAY_LEN(role_names) ? role_names[role] : "?";
}

/* The words the screens use for the roles (web/src/i18n.ts, t.role). */
static const char *const role_labels[] = {"누구나", "뷰어", "스태프", "매니저", "마스터"};

const char *route_role_label(enum role role)
{
	return (unsigned)role < ARRAY_LEN(role_labels) ? role_labels[role] : "?";
}

int route_role_parse(const char *name, enum role *out)
{
	for (size_t i = 1; i < ARRAY_LEN(role_names); i++) {
		if (util_streq(name, role_names[i])) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}
