/* http.c — request inputs and replies for handlers (see http.h). */
#include "http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alert_delivery.h"
#include "audit.h"
#include "http_internal.h"
#include "korean.h"
#include "live_stream.h"
#include "log.h"
#include "route.h"
#include "utf8.h"
#include "util.h"

/* ------------------------------------------------------------------------- inputs */

const char *req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->param_name[i], name) == 0)
			return r->param_value[i];
	return NULL;
}

int64_t req_param_id(struct req *r, const char *name)
{
	const char *s = req_param(r, name);
	char *end = NULL;
	long long id = s ? strtoll(s, &end, 10) : 0;
	return (s && *s && !*end && id > 0) ? id : 0;
}

const char *req_param_nfc(struct req *r, const char *name)
{
	const char *raw = req_param(r, name);
	char *n = raw ? util_nfc(raw) : NULL;
	const char *out = n ? arena_strdup(r->a, n) : NULL;
	free(n);
	return out;
}

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

int req_query_int(struct req *r, const char *name, int64_t dflt, int64_t min, int64_t max,
                  int64_t *out)
{
	const char *v = req_query(r, name);
	if (!v || !*v) {
		*out = dflt;
		return 0;
	}
	char *end = NULL;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		reply_error(r, 400, "bad_request",
		            arena_printf(r->a, "'%s' 값은 %s부터 %s 사이의 정수여야 합니다.", name,
		                         KNUM(min), KNUM(max)),
		            NULL);
		return -1;
	}
	*out = n;
	return 0;
}

json_t *req_json_object(struct req *r)
{
	struct reqctx *c = reqctx_of(r);
	if (c->json_done)
		return c->json;
	c->json_done = 1;
	const char *ct = req_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		reply_error(
		        r, 415, "unsupported_media_type",
		        "요청 형식이 올바르지 않습니다. JSON(application/json)으로 보내 주세요.",
		        NULL);
		return NULL;
	}
	json_error_t err;
	json_t *j = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		reply_error(r, 400, "bad_json",
		            arena_printf(r->a, "JSON 형식이 잘못되었습니다 (%d번째 줄, %d번째 칸).",
		                         err.line, err.column),
		            NULL);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		reply_error(r, 400, "bad_json", "요청 본문은 JSON 객체여야 합니다.", NULL);
		return NULL;
	}
	c->json = j;
	return j;
}

int req_json_int(struct req *r, json_t *obj, const char *key, int required, int64_t min,
                 int64_t max, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		reply_field_error(r, key, "required", arena_printf(r->a, "값을 입력해 주세요."));
		return -1;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (d != (double)(int64_t)d) {
			reply_field_error(r, key, "not_integer",
			                  "소수가 아닌 정수로 입력해 주세요.");
			return -1;
		}
		if (d < (double)min || d > (double)max)
			goto range;
		*out = (int64_t)d;
		return 0;
	}
	if (!json_is_integer(v)) {
		reply_field_error(r, key, "not_integer", "숫자(정수)로 입력해 주세요.");
		return -1;
	}
	json_int_t n = json_integer_value(v);
	if (n < min || n > max)
		goto range;
	*out = n;
	return 0;
range:
	reply_field_error(
	        r, key, "out_of_range",
	        arena_printf(r->a, "%s부터 %s 사이로 입력해 주세요.", KNUM(min), KNUM(max)));
	return -1;
}

int req_json_text(struct req *r, json_t *obj, const char *key, int required, size_t max_chars,
                  int multiline, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (v && !json_is_null(v) && !json_is_string(v)) {
		reply_field_error(r, key, "not_string", "문자열로 입력해 주세요.");
		return -1;
	}
	const char *s = v && json_is_string(v) ? json_string_value(v) : NULL;
	char *norm = NULL;
	if (s) {
		if (memchr(s, '\0', json_string_length(v)) != NULL) {
			reply_field_error(r, key, "bad_text", "입력할 수 없는 문자가 있습니다.");
			return -1;
		}
		norm = util_nfc(s);
		if (!norm) {
			reply_field_error(r, key, "bad_text", "올바른 UTF-8 문자열이 아닙니다.");
			return -1;
		}
		if (!*norm) {
			free(norm);
			norm = NULL;
		}
	}
	if (!norm) {
		if (required) {
			reply_field_error(r, key, "required", "값을 입력해 주세요.");
			return -1;
		}
		if (v && json_is_string(v))
			*out = ""; /* explicitly cleared */
		return 0;
	}
	char why[256];
	if (util_text_check(norm, multiline, NULL, why, sizeof why) != 0) {
		free(norm);
		reply_field_error(r, key, "bad_text", arena_strdup(r->a, why));
		return -1;
	}
	if (utf8_count(norm) > max_chars) {
		free(norm);
		reply_field_error(
		        r, key, "too_long",
		        arena_printf(r->a, "%s자 이하로 입력해 주세요.", KNUM(max_chars)));
		return -1;
	}
	*out = arena_strdup(r->a, norm);
	free(norm);
	return 0;
}

int req_json_str(struct req *r, json_t *obj, const char *key, int required, size_t max_chars,
                 const char **out)
{
	return req_json_text(r, obj, key, required, max_chars, UTIL_TEXT_LINE, out);
}

int req_json_enum(struct req *r, json_t *obj, const char *key, int required,
                  const char *const *names, const char *code, const char *message, int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		reply_field_error(r, key, "required", "값을 입력해 주세요.");
		return -1;
	}
	/* Compared as sent: "adjust " or "Inbound" is a mistake to report, not to guess. */
	const char *s = json_string_value(v);
	for (int i = 0; s && names[i]; i++) {
		if (strlen(names[i]) == json_string_length(v) && strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	reply_field_error(r, key, code, message);
	return -1;
}

int req_json_bool(struct req *r, json_t *obj, const char *key, int required, int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		reply_field_error(r, key, "required", "값을 입력해 주세요.");
		return -1;
	}
	if (!json_is_boolean(v)) {
		reply_field_error(r, key, "not_boolean", "true 또는 false로 입력해 주세요.");
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

int req_json_date(struct req *r, json_t *obj, const char *key, int required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		reply_field_error(r, key, "required", "날짜를 입력해 주세요.");
		return -1;
	}
	/* Exactly YYYY-MM-DD: an empty string is a mistake, not "today" (leave the field out
	 * for that), and no surrounding spaces are guessed away. */
	static const char empty[] = "날짜가 비어 있습니다. 2025-01-28 처럼 입력해 주세요 "
	                            "(기본값을 쓰려면 이 항목을 보내지 마세요).";
	static const char bad[] = "날짜는 2025-01-28 처럼 YYYY-MM-DD 형식의 실제 날짜로 "
	                          "입력해 주세요.";
	const char *s = json_string_value(v);
	int y, m, d;
	if (!s || json_string_length(v) != 10 || util_parse_date(s, &y, &m, &d) != 0) {
		reply_field_error(r, key, "bad_date", s && !*s ? empty : bad);
		return -1;
	}
	*out = arena_strdup(r->a, s);
	return 0;
}

int req_json_only(struct req *r, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		int ok = 0;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok) {
			reply_field_error(r, key, "unknown_field",
			                  arena_printf(r->a, "알 수 없는 항목입니다: %s", key));
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------------- replies */

void reply_header(struct req *r, const char *name, const char *value)
{
	struct reqctx *c = reqctx_of(r);
	struct hdr *h = arena_alloc(r->a, sizeof *h);
	h->name = arena_strdup(r->a, name);
	h->value = arena_strdup(r->a, value);
	h->next = c->headers;
	c->headers = h;
}

static int already(struct req *r)
{
	if (r->replied) {
		log_error("msg=\"second reply ignored\" route=%s",
		          r->route_name ? r->route_name : "-");
		return 1;
	}
	return 0;
}

void reply_bytes(struct req *r, int status, const char *content_type, const void *data, size_t len)
{
	if (already(r))
		return;
	struct MHD_Response *resp =
	        MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, "Content-Type", content_type);
	http_send(r, status, resp, 1);
}

void reply_json(struct req *r, int status, json_t *body)
{
	if (already(r)) {
		json_decref(body);
		return;
	}
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!s) {
		reply_internal(r);
		return;
	}
	struct MHD_Response *resp =
	        MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	http_send(r, status, resp, 1);
}

void reply_error(struct req *r, int status, const char *code, const char *message, json_t *details)
{
	json_t *err = json_pack("{s:s, s:s, s:o}", "code", code, "message", message, "details",
	                        details ? details : json_array());
	reply_json(r, status, json_pack("{s:o}", "error", err));
}

void reply_field_error(struct req *r, const char *field, const char *code, const char *message)
{
	json_t *d =
	        json_pack("[{s:s, s:s, s:s}]", "field", field, "code", code, "message", message);
	reply_error(r, 400, "validation_failed",
	            arena_printf(r->a, "입력값을 확인해 주세요: %s", message), d);
}

void reply_refusal(struct req *r, enum store_refusal kind, const char *id, const char *message,
                   json_t *details, int db_rc)
{
	switch (kind) {
	case REFUSAL_INVALID:
		reply_error(r, 400, "validation_failed", message, details);
		return;
	case REFUSAL_NOT_FOUND:
		json_decref(details);
		reply_not_found(r, id ? id : "not_found", message);
		return;
	case REFUSAL_CONFLICT:
		reply_error(r, 409, id ? id : "conflict", message, details);
		return;
	case REFUSAL_FAILED:
		break;
	}
	json_decref(details);
	reply_db_error(r, db_rc ? db_rc : DB_ERR);
}

void req_errors_add(struct req *r, struct req_errors *e, const char *field, const char *code,
                    const char *message)
{
	if (!e->details)
		e->details = json_array();
	json_array_append_new(e->details, json_pack("{s:s, s:s, s:s}", "field", field, "code", code,
	                                            "message", message));
	if (!e->first)
		e->first = arena_strdup(r->a, message);
}

int req_errors_reply(struct req *r, struct req_errors *e)
{
	if (!e->details)
		return 0;
	reply_error(r, 400, "validation_failed",
	            arena_printf(r->a, "입력값을 확인해 주세요: %s", e->first), e->details);
	e->details = NULL;
	return -1;
}

void reply_no_content(struct req *r)
{
	if (already(r))
		return;
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
	http_send(r, 204, resp, 1);
}

void reply_not_found(struct req *r, const char *code, const char *message)
{
	reply_error(r, 404, code, message, NULL);
}

void reply_forbidden(struct req *r, enum role least)
{
	const char *who = role_label(least);
	reply_error(r, 403, "forbidden",
	            arena_printf(r->a, "권한이 없습니다. 이 작업은 %s%s 할 수 있습니다.", who,
	                         least >= ROLE_MASTER ? "만" : " 이상만"),
	            NULL);
}

void reply_internal(struct req *r)
{
	log_error("msg=\"internal error\" route=%s", r->route_name ? r->route_name : "-");
	reply_error(r, 500, "internal_error",
	            "서버에서 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.", NULL);
}

void reply_db_error(struct req *r, int rc)
{
	if (rc == DB_BUSY)
		reply_error(r, 503, "unavailable",
		            "요청이 많아 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.", NULL);
	else
		reply_internal(r);
}

void http_send(struct req *r, int status, struct MHD_Response *resp, int is_api)
{
	struct reqctx *c = reqctx_of(r);
	for (struct hdr *h = c->headers; h; h = h->next) {
		if (strcasecmp(h->name, "Set-Cookie") == 0 ||
		    !MHD_get_response_header(resp, h->name))
			MHD_add_response_header(resp, h->name, h->value);
	}
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (is_api && !MHD_get_response_header(resp, "Cache-Control"))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	r->replied = 1;
	r->status = status;
	c->response = resp;
}

int audit_record(struct req *r, const char *kind, const char *entity, const char *entity_id,
                 json_t *before, json_t *after)
{
	return audit_record_raw(r->db, r->user ? r->user->org_id : 0, r->user ? r->user->id : 0,
	                        r->ip, kind, entity, entity_id, before, after);
}

int req_tx_begin(struct req *r)
{
	int rc = db_begin(r->db);
	if (rc != DB_OK)
		reply_db_error(r, rc);
	return rc != DB_OK;
}

void req_tx_abort(struct req *r)
{
	db_rollback(r->db);
}

void req_tx_commit_reply(struct req *r, const char *kind, const char *entity, const char *entity_id,
                         json_t *before, json_t *after, int status)
{
	int failed = req_tx_commit_audited(r, kind, entity, entity_id, before, after);
	json_decref(before);
	if (failed)
		json_decref(after);
	else
		reply_json(r, status, after ? after : json_object());
}

int req_tx_commit_audited(struct req *r, const char *kind, const char *entity,
                          const char *entity_id, json_t *before, json_t *after)
{
	int rc = kind ? audit_record(r, kind, entity, entity_id, before, after) : DB_OK;
	if (rc != DB_OK) {
		db_rollback(r->db);
		reply_db_error(r, rc);
		return 1;
	}
	rc = db_commit(r->db);
	if (rc != DB_OK) {
		reply_db_error(r, rc);
		return 1;
	}
	if (kind) {
		alert_delivery_refresh_soon(); /* a change may move stock or planning */
		req_live_changed(r, kind, entity, entity_id, before, after);
	}
	return 0;
}
