/* api_limits.c — GET /api/limits: the table of text limits (text_limits.h) as
 * {"product.name":{"max":200,"unit":"chars"}, ...}. The web forms take their maxLength from
 * it, so that a form never allows more or less than the checks behind it. Any member may
 * read it; it holds no organisation's data. */
#include "api_limits.h"

#include "text_limits.h"

static void h_limits(struct req *r)
{
	size_t n;
	const struct limit *t = limits_table(&n);
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, t[i].key,
		                    json_pack("{s:I, s:s}", "max", (json_int_t)t[i].max, "unit",
		                              t[i].bytes ? "bytes" : "chars"));
	reply_json(r, 200, o);
}

const struct route api_limits_routes[] = {
        {"GET", "/api/limits", ROLE_VIEWER, 0, h_limits},
        ROUTE_END,
};
