/* route.h — routes are data. Each api_*.c file exports a table of routes; routes.c lists
 * the tables. The dispatcher checks, before any handler runs: the route exists (404) and
 * accepts the method (405); the session (401) and the role (403); the CSRF header on
 * state-changing methods (403); and the body size (413). A test walks every table. */
#ifndef JAEGO_ROUTE_H
#define JAEGO_ROUTE_H

#include <stddef.h>

#include "http.h"

typedef void (*route_fn)(struct req *r);

struct route {
	const char *method;  /* "GET", "POST", "PATCH", "PUT", "DELETE" */
	const char *pattern; /* "/api/products/{sku}" — {name} matches one path segment */
	enum role role;      /* the least role allowed; ROLE_PUBLIC needs no session */
	size_t body_max;     /* largest accepted body in bytes; 0 = the server default */
	route_fn fn;
};

#define ROUTE_END                                                                                  \
	{                                                                                          \
		NULL, NULL, ROLE_PUBLIC, 0, NULL                                                   \
	}

/* Every route of the product, in one array built at start-up from the module tables.
 * Matching is exact on segments; the first match wins. */
const struct route *const *routes_all(size_t *count);
/* Finds the route for method and path, filling r's path parameters. Returns NULL and sets
 * *method_mismatch when the path exists under another method. */
const struct route *routes_match(struct req *r, const char *method, const char *path,
                                 int *method_mismatch);
const char *route_role_name(enum role role); /* "master", ..., "public" */
/* The Korean word for a role, as the screens show it: 마스터, 매니저, 스태프, 뷰어. */
const char *route_role_label(enum role role);
int route_role_parse(const char *name, enum role *out);

/* Module tables (each ends with ROUTE_END). Add a line to routes.c for a new module. */
extern const struct route api_system_routes[];

#endif
