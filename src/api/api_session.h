/* api_session.h — login, logout, the current member, and changing one's own password. */
#ifndef JAEGO_API_SESSION_H
#define JAEGO_API_SESSION_H

#include "route.h"

extern const struct route api_session_routes[];

#endif
