/* http.h — the request/reply surface every handler uses. A handler receives a struct req
 * whose session, role, CSRF token and body size were already checked by the dispatcher
 * (server.c, over the route table of route.h), reads its inputs with the helpers below, and sends exactly one reply.
 *
 * Validation helpers follow one rule: they either store the value and return 0, or send a
 * 4xx reply and return non-zero, so a handler reads
 *     if (req_json_int(r, body, "qty", REQ_REQUIRED, 1, 1000000, &qty)) return;
 */
#ifndef JAEGO_HTTP_H
#define JAEGO_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "role.h"

struct MHD_Connection;

/* The member making the request (filled by the dispatcher from the session cookie). */
struct user {
	int64_t id;
	int64_t org_id;
	enum role role;
	char login[64];
	char name[128];
	int64_t session_id;
	char csrf[65];
};

#define REQ_MAX_PARAMS 4

struct req {
	struct MHD_Connection *conn;
	arena *a;               /* freed when the request ends */
	db *db;                 /* this request's connection, from the pool */
	const char *method;     /* "GET", "POST", ... */
	const char *path;       /* URL path, without the query string */
	const char *route_name; /* the matched route's pattern, for logs and metrics */
	const char *ip;         /* client address (or X-Forwarded-For when trusted) */
	int secure;             /* served over TLS or behind a proxy that says so */
	const char *body;       /* request body, NUL-terminated, may be NULL */
	size_t body_len;
	struct user *user; /* NULL when no valid session */
	int nparams;
	const char *param_name[REQ_MAX_PARAMS];
	const char *param_value[REQ_MAX_PARAMS];
	/* reply state (set by the reply functions) */
	int replied;
	int status;
	void *priv; /* the server's own per-request data */
};

/* Inputs. Returned strings live in the request arena. */
const char *req_param(struct req *r, const char *name);
/* A path parameter that must be a positive integer id: the id, or 0 for anything else. */
int64_t req_param_id(struct req *r, const char *name);
/* A path parameter in Unicode NFC (as SKUs are stored), in the request arena; NULL when
 * absent or not valid UTF-8. */
const char *req_param_nfc(struct req *r, const char *name); /* path parameter, e.g. "sku" */
const char *req_query(struct req *r, const char *name);     /* query string argument or NULL */
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* Query argument as an integer in [min,max]; dflt when absent; replies 400 when malformed. */
int req_query_int(struct req *r, const char *name, int64_t dflt, int64_t min, int64_t max,
                  int64_t *out);

/* The body as a JSON object. Replies 415 (not JSON) or 400 (malformed / not an object) and
 * returns NULL. The returned object belongs to the request (do not decref it). */
json_t *req_json_object(struct req *r);

#define REQ_OPTIONAL 0
#define REQ_REQUIRED 1
/* JSON field helpers. For an absent optional field, *out is left untouched and 0 is
 * returned, so initialise *out with the default. Strings are NFC-normalised, trimmed, and
 * checked against max_chars (Unicode code points); empty strings count as absent when
 * optional. */
int req_json_int(struct req *r, json_t *obj, const char *key, int required, int64_t min,
                 int64_t max, int64_t *out);
int req_json_str(struct req *r, json_t *obj, const char *key, int required, size_t max_chars,
                 const char **out);
/* req_json_str for text that may span lines (memos): the text rule of util_text_check with
 * UTIL_TEXT_MULTILINE. req_json_str is the one-line form; both refuse control characters
 * and characters an .xlsx cannot hold with a 400 "bad_text". */
int req_json_text(struct req *r, json_t *obj, const char *key, int required, size_t max_chars,
                  int multiline, const char **out);
/* A string that must equal one of names (NULL-terminated) exactly: no trimming, no case
 * folding. Stores the index in *out; otherwise replies 400 with code and message. */
int req_json_enum(struct req *r, json_t *obj, const char *key, int required,
                  const char *const *names, const char *code, const char *message, int *out);
int req_json_bool(struct req *r, json_t *obj, const char *key, int required, int *out);
/* "YYYY-MM-DD", a real date, exactly; "" is refused (absent or null means the default). */
int req_json_date(struct req *r, json_t *obj, const char *key, int required, const char **out);
/* Reject unknown fields of obj (allowed is NULL-terminated). */
int req_json_only(struct req *r, json_t *obj, const char *const *allowed);

/* Replies. Each request gets exactly one; later calls are ignored (and logged). */
void reply_json(struct req *r, int status, json_t *body); /* steals body */
/* {"error":{"code":code,"message":message,"details":details}}; steals details (may be NULL). */
void reply_error(struct req *r, int status, const char *code, const char *message, json_t *details);
/* A field-level validation error: 400 with details [{"field":field,"message":message}]. */
void reply_field_error(struct req *r, const char *field, const char *code, const char *message);
/* Field errors collected over a whole body, so that a form shows every one at once:
 * req_errors_add each problem, then req_errors_reply, which replies 400 validation_failed
 * with all of them (the first one in the message) and returns -1, or returns 0 when there
 * were none. */
struct req_errors {
	json_t *details; /* [{"field","code","message"}] */
	const char *first;
};
void req_errors_add(struct req *r, struct req_errors *e, const char *field, const char *code,
                    const char *message);
int req_errors_reply(struct req *r, struct req_errors *e);
void reply_bytes(struct req *r, int status, const char *content_type, const void *data,
                 size_t len); /* copies data */
/* Adds a response header to the reply that will be sent (call before the reply). */
void reply_header(struct req *r, const char *name, const char *value);
void reply_no_content(struct req *r);

/* Common errors with their stable codes and Korean messages. */
void reply_not_found(struct req *r, const char *code, const char *message);
/* 403 forbidden naming, in the screens' words, the least role that may: "이 작업은 매니저
 * 이상만 할 수 있습니다." */
void reply_forbidden(struct req *r, enum role least);
void reply_internal(struct req *r);         /* 500 internal_error, logged */
void reply_db_error(struct req *r, int rc); /* maps DB_BUSY to 503, others to 500 */
/* A store module's refusal, as the store's error records carry it: 400 validation_failed,
 * 404 or 409 with the record's code (id; NULL = "not_found" / "conflict"), or the DB error
 * db_rc (0 = DB_ERR) for REFUSAL_FAILED. Steals details. */
enum store_refusal { REFUSAL_INVALID, REFUSAL_NOT_FOUND, REFUSAL_CONFLICT, REFUSAL_FAILED };
void reply_refusal(struct req *r, enum store_refusal kind, const char *id, const char *message,
                   json_t *details, int db_rc);

/* Records an audit event (audit.h) for r's organisation and member, from r's address;
 * inside the handler's transaction. before/after are borrowed. Returns 0 or a DB code. */
int audit_record(struct req *r, const char *kind, const char *entity, const char *entity_id,
                 json_t *before, json_t *after);

/* The transaction of a change, for handlers:
 *
 *     if (req_tx_begin(r)) return;                 // replied 503/500
 *     ... change through the store; on a refusal: req_tx_abort(r), reply, return ...
 *     if (req_tx_commit_audited(r, "event.update", "event", id, before, after)) {
 *             free what you hold; return;          // rolled back, replied 503/500
 *     }
 *     reply with after
 *
 * req_tx_begin opens the transaction (db_begin); on failure it replies with the DB error
 * and returns non-zero. req_tx_abort rolls back without replying. req_tx_commit_audited
 * writes the audit row (kind, entity, entity_id; kind NULL = no row, for a change that
 * changed nothing) and commits; when either fails it rolls back, replies with the DB error
 * and returns non-zero. before and after are borrowed: the caller keeps and frees them (and
 * usually replies with after). */
int req_tx_begin(struct req *r);
void req_tx_abort(struct req *r);
int req_tx_commit_audited(struct req *r, const char *kind, const char *entity,
                          const char *entity_id, json_t *before, json_t *after);
/* The usual end of a change: req_tx_commit_audited, then a reply of status with after.
 * Takes before and after (both may be NULL; NULL after replies {}). */
void req_tx_commit_reply(struct req *r, const char *kind, const char *entity, const char *entity_id,
                         json_t *before, json_t *after, int status);

#endif
