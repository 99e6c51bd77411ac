/* api_users.h — member management (master only): list, create, change role, disable or
 * enable, reset password. Also the member object shared with the session routes. */
#ifndef JAEGO_API_USERS_H
#define JAEGO_API_USERS_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "route.h"
#include "text_limits.h"

#define API_USERS_LOGIN_MAX LIMIT_MEMBER_LOGIN
#define API_USERS_NAME_MAX  LIMIT_MEMBER_NAME

extern const struct route api_users_routes[];

/* ASCII lower-case copy of s in arena a (logins are case-insensitive; their rules are
 * user_login_error's, in org.h). */
char *api_users_login_fold(arena *a, const char *s);
/* The member object {"id","login","name","role","active","created_at"} of member id in
 * org_id; a new reference the caller owns, or NULL when there is no such member. */
json_t *api_users_object(db *d, int64_t org_id, int64_t id);

#endif
