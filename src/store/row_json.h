/* row_json.h — a result column as a JSON value, the way every store module answers: SQL NULL
 * as JSON null (or "" where the API promises a string), and a member as {"id","name"}. */
#ifndef JAEGO_ROW_JSON_H
#define JAEGO_ROW_JSON_H

#include <jansson.h>

#include "db.h"

json_t *row_text(db_stmt *s, int col);          /* string, or null */
json_t *row_text_or_empty(db_stmt *s, int col); /* string, or "" */
json_t *row_int(db_stmt *s, int col);           /* integer, or null */
json_t *row_real(db_stmt *s, int col);          /* real, or null */
/* {"id": id_col, "name": name_col}, or null when id_col is NULL (nobody). */
json_t *row_member(db_stmt *s, int id_col, int name_col);

#endif
