/* api_users.h — member management (master only): list, create, change role, disable or
 * enable, reset password. */
#ifndef JAEGO_API_USERS_H
#define JAEGO_API_USERS_H

#include "route.h"

#define API_USERS_LOGIN_MAX 32
#define API_USERS_NAME_MAX  50

extern const struct route api_users_routes[];

#endif
