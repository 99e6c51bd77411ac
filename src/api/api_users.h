/* api_users.h — member management (master only): list, create, change role, disable or
 * enable, reset password. */
#ifndef JAEGO_API_USERS_H
#define JAEGO_API_USERS_H

#include "route.h"
#include "text_limits.h"

#define API_USERS_LOGIN_MAX LIMIT_MEMBER_LOGIN
#define API_USERS_NAME_MAX  LIMIT_MEMBER_NAME

extern const struct route api_users_routes[];

#endif
