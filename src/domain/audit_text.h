/* audit_text.h — the audit log in Korean words. One renderer per kind of audit row turns
 * the stored before/after values into what a seller reads: a label ("권한 변경"), the
 * target ("회원 김직원"), a one-line summary ("권한: 뷰어 → 스태프") and the changed fields
 * with readable values ("안전재고: 10개 → 20개"). The screen (GET /api/audit) and the
 * CSV/xlsx exports use the same rendering, so that they read the same.
 *
 * Pure: no database, no HTTP; values in, JSON out. */
#ifndef JAEGO_AUDIT_TEXT_H
#define JAEGO_AUDIT_TEXT_H

#include <jansson.h>

/* One stored audit row. Every pointer is borrowed; any may be NULL. target_name is the
 * current name of what entity/entity_id point at when the caller knows it (a member's
 * name for entity "user"). */
struct audit_text_row {
	const char *kind;
	const char *entity;
	const char *entity_id;
	const char *target_name;
	json_t *before;
	json_t *after;
};

/* {"label": "권한 변경", "target": "회원 김직원", "summary": "권한: 뷰어 → 스태프",
 *  "changes": [{"field":"role","label":"권한","before":"뷰어","after":"스태프"}]}
 * A change's before or after is null when the field was added or removed. Every text is
 * Korean and never raw JSON. A new reference the caller releases. */
json_t *audit_text_render(const struct audit_text_row *row);

/* The changes of a rendering as lines for a spreadsheet cell: "권한: 뷰어 → 스태프",
 * "메모: 새 메모" (added), "바코드: 880… (삭제)" (removed), joined by '\n'. Returns a
 * malloc'd string ("" when there are none) the caller frees. */
char *audit_text_changes_lines(json_t *rendering);

/* The Korean label of an audit kind ("user.role" → "권한 변경"), or kind itself when it is
 * not known. */
const char *audit_text_kind_label(const char *kind);

/* Every audit kind the application writes, NULL-terminated (for tests and the screen's
 * filter). */
extern const char *const audit_text_kinds[];

#endif
