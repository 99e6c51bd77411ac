/* xlsx_write.c — text into .xlsx cells, made safe for XML (see xlsx_write.h). The input
 * rule (util_text_check) keeps such characters out of new data; this is the writer's own
 * guarantee for rows stored before that rule and for the append-only audit log, which can
 * never be cleaned. */
#include "xlsx_write.h"

#include <stdlib.h>

#include "util.h"

lxw_error xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text,
                          lxw_format *format)
{
	char *safe = text ? util_xml_text(text) : NULL;
	lxw_error err = worksheet_write_string(ws, row, col, safe ? safe : text, format);
	free(safe);
	return err;
}
