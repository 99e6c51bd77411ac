/* session.h — login sessions. A session token is 256 random bits, sent to the browser in
 * an HttpOnly, SameSite=Lax cookie and stored server-side only as its SHA-256 hash. Each
 * session carries a CSRF token that state-changing requests must echo in X-CSRF-Token.
 * Sessions end after an idle timeout, after an absolute lifetime, on logout, and when the
 * member's password changes or the member is disabled. */
#ifndef JAEGO_SESSION_H
#define JAEGO_SESSION_H

#include <stdint.h>

#include "http.h"

#define SESSION_COOKIE           "jaego_session"
#define SESSION_IDLE_SECONDS     (8 * 3600)      /* a working day without activity */
#define SESSION_ABSOLUTE_SECONDS (7 * 24 * 3600) /* log in again once a week at least */

/* Creates a session for user_id, sets the cookie on r's reply, and fills *u (including
 * the CSRF token). Returns 0 or a DB error code. */
int session_create(struct req *r, int64_t user_id, struct user *u);
/* Resolves r's cookie into a member; returns 1 and fills *u when the session is valid, 0
 * when there is none or it is expired (the expired row is deleted). */
int session_resolve(struct req *r, struct user *u);
/* Whether a session is still valid (not ended, not expired, its member active), for an
 * open stream that checks again now and then; touches nothing. */
int session_alive(db *d, int64_t session_id);
/* Ends r's session (logout) and clears the cookie. */
void session_destroy(struct req *r);
/* Ends every session of a member (password change, disable). Returns rows deleted. */
int session_end_all(db *d, int64_t user_id, int64_t except_session_id);
/* Constant-time check of the X-CSRF-Token header against the session's token. */
int session_csrf_ok(struct req *r);

#endif
