/* row_json.c — result columns as JSON values (see row_json.h). */
#include "row_json.h"

json_t *row_text(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? json_string(t) : json_null();
}

json_t *row_text_or_empty(db_stmt *s, int col)
{
	const char *t = db_col_text(s, col);
	return json_string(t ? t : "");
}

json_t *row_int(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? json_null() : json_integer(db_col_int(s, col));
}

json_t *row_real(db_stmt *s, int col)
{
	return db_col_is_null(s, col) ? json_null() : json_real(db_col_double(s, col));
}

json_t *row_member(db_stmt *s, int id_col, int name_col)
{
	if (db_col_is_null(s, id_col))
		return json_null();
	return json_pack("{s:I, s:o}", "id", (json_int_t)db_col_int(s, id_col), "name",
	                 row_text(s, name_col));
}
