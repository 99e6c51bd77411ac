/* imports.c — the queries of the stock template and the import batches (see imports.h). */
#include "imports.h"

#include <stdlib.h>
#include <string.h>

#include "ledger_rules.h"
#include "util.h"
#include "row_json.h"

/* ------------------------------------------------------------------ catalogue snapshot */

static int cmp_sku(const void *a, const void *b)
{
	return strcmp(((const struct imports_prod *)a)->sku, ((const struct imports_prod *)b)->sku);
}

static const char *col_dup(arena *a, db_stmt *st, int col)
{
	return arena_strdup(a, db_col_text(st, col) ? db_col_text(st, col) : "");
}

static void snap_load_products(db *d, arena *a, int64_t org_id, struct imports_snap *s)
{
	size_t cap = 0;
	db_stmt *st = db_preparef(d,
	                          "SELECT p.id, p.sku, p.name, p.kind, p.active,"
	                          " COALESCE(b.on_hand, 0), p.has_expiry FROM products p"
	                          " LEFT JOIN balances b ON b.product_id = p.id"
	                          " WHERE p.org_id = ?",
	                          "i", org_id);
	while (db_step(st) == DB_ROW) {
		if (s->n == cap) {
			cap = cap ? cap * 2 : 256;
			s->p = xrealloc(s->p, cap * sizeof *s->p);
		}
		struct imports_prod *p = &s->p[s->n++];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(st, 0);
		p->sku = col_dup(a, st, 1);
		p->name = col_dup(a, st, 2);
		p->is_set = util_streq(db_col_text(st, 3), "set");
		p->active = (int)db_col_int(st, 4);
		p->on_hand = db_col_int(st, 5);
		p->needs_expiry = !p->is_set && db_col_int(st, 6);
	}
	db_finalize(st);
}

static void snap_load_components(db *d, arena *a, int64_t org_id, struct imports_snap *s)
{
	size_t cap = 0;
	db_stmt *st = db_preparef(d,
	                          "SELECT sc.set_id, c.sku, sc.qty, COALESCE(b.on_hand, 0),"
	                          " c.has_expiry FROM set_components sc"
	                          " JOIN products c ON c.id = sc.component_id"
	                          " LEFT JOIN balances b ON b.product_id = c.id"
	                          " WHERE sc.org_id = ? ORDER BY sc.set_id, c.sku",
	                          "i", org_id);
	while (db_step(st) == DB_ROW) {
		if (s->nc == cap) {
			cap = cap ? cap * 2 : 64;
			s->c = xrealloc(s->c, cap * sizeof *s->c);
		}
		struct imports_comp *c = &s->c[s->nc++];
		c->set_id = db_col_int(st, 0);
		c->sku = col_dup(a, st, 1);
		c->qty = db_col_int(st, 2);
		c->on_hand = db_col_int(st, 3);
		c->has_expiry = (int)db_col_int(st, 4);
	}
	db_finalize(st);
	s->ic = s->nc ? xcalloc(s->nc, sizeof *s->ic) : NULL;
	for (size_t i = 0; i < s->nc; i++) {
		s->ic[i].sku = s->c[i].sku;
		s->ic[i].qty = s->c[i].qty;
	}
}

/* A set's stock is what its components allow, by the ledger's one rule. */
static int64_t snap_set_available(const struct imports_snap *s, const struct imports_prod *p)
{
	if (p->ncomp == 0)
		return 0;
	struct ledger_comp *lc = xcalloc(p->ncomp, sizeof *lc);
	for (size_t k = 0; k < p->ncomp; k++) {
		lc[k].qty = s->c[p->comp_off + k].qty;
		lc[k].on_hand = s->c[p->comp_off + k].on_hand;
	}
	int64_t avail = ledger_set_available(lc, p->ncomp);
	free(lc);
	return avail;
}

/* Attaches each set's components (both lists sorted by set id), its stock and expiry flag. */
static void snap_attach_components(struct imports_snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct imports_prod *p = &s->p[i];
		if (!p->is_set)
			continue;
		size_t lo = 0, hi = s->nc;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (s->c[mid].set_id < p->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		p->comp_off = lo;
		while (lo < s->nc && s->c[lo].set_id == p->id)
			lo++;
		p->ncomp = lo - p->comp_off;
		for (size_t k = p->comp_off; k < p->comp_off + p->ncomp; k++)
			p->needs_expiry |= s->c[k].has_expiry;
		p->on_hand = snap_set_available(s, p);
	}
}

void imports_snap_load(db *d, arena *a, int64_t org_id, struct imports_snap *s)
{
	memset(s, 0, sizeof *s);
	snap_load_products(d, a, org_id, s);
	snap_load_components(d, a, org_id, s);
	if (s->n)
		qsort(s->p, s->n, sizeof *s->p, cmp_sku);
	snap_attach_components(s);
}

void imports_snap_free(struct imports_snap *s)
{
	free(s->p);
	free(s->c);
	free(s->ic);
	memset(s, 0, sizeof *s);
}

const struct imports_prod *imports_snap_find(const struct imports_snap *s, const char *sku)
{
	struct imports_prod key = {.sku = sku};
	return s->n ? bsearch(&key, s->p, s->n, sizeof *s->p, cmp_sku) : NULL;
}

int imports_snap_lookup(void *ud, const char *sku, import_product *out)
{
	const struct imports_snap *s = ud;
	int ascii = 1;
	for (const unsigned char *c = (const unsigned char *)sku; *c; c++)
		if (*c >= 0x80) {
			ascii = 0;
			break;
		}
	char *nfc = ascii ? NULL : util_nfc(sku);
	const struct imports_prod *p = imports_snap_find(s, nfc ? nfc : sku);
	free(nfc);
	if (!p)
		return 0;
	memset(out, 0, sizeof *out);
	out->active = p->active;
	out->is_set = p->is_set;
	out->needs_expiry = p->needs_expiry;
	out->on_hand = p->on_hand;
	out->name = p->name;
	if (p->is_set && p->ncomp) {
		out->components = s->ic + p->comp_off;
		out->ncomponents = (int)p->ncomp;
	}
	return 1;
}

/* ------------------------------------------------------------------ the template */

size_t imports_template_products(db *d, arena *a, int64_t org_id, const char *category,
                                 int64_t supplier_id, const struct imports_snap *snap,
                                 template_product **out)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT sku, playauto_sku, name, category, kind FROM products"
	                         " WHERE org_id = ? AND active = 1 AND (? IS NULL OR category = ?)"
	                         " AND (? = 0 OR supplier_id = ?) ORDER BY sku",
	                         "ittii", org_id, category, category, supplier_id, supplier_id);
	size_t n = 0, cap = 0;
	template_product *tp = NULL;
	while (db_step(s) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			tp = xrealloc(tp, cap * sizeof *tp);
		}
		template_product *p = &tp[n++];
		p->sku = col_dup(a, s, 0);
		p->playauto_sku = db_col_text(s, 1) ? arena_strdup(a, db_col_text(s, 1)) : NULL;
		p->name = db_col_text(s, 2) ? arena_strdup(a, db_col_text(s, 2)) : NULL;
		p->category = db_col_text(s, 3) ? arena_strdup(a, db_col_text(s, 3)) : NULL;
		p->kind = util_streq(db_col_text(s, 4), "set") ? TEMPLATE_SET : TEMPLATE_SINGLE;
		const struct imports_prod *cp = imports_snap_find(snap, p->sku);
		p->on_hand = cp ? cp->on_hand : 0;
		p->needs_expiry = cp ? cp->needs_expiry : 0;
	}
	db_finalize(s);
	*out = tp;
	return n;
}

char *imports_org_name(db *d, int64_t org_id)
{
	return db_text(d, "SELECT name FROM orgs WHERE id = ?", "i", org_id);
}

char *imports_org_token(db *d, int64_t org_id)
{
	return db_text(d, "SELECT template_token FROM orgs WHERE id = ?", "i", org_id);
}

int imports_org_allows_negative(db *d, int64_t org_id)
{
	return (int)db_int(d, 0, "SELECT allow_negative_stock FROM orgs WHERE id = ?", "i", org_id);
}

/* ------------------------------------------------------------------ batches */

int imports_batch_insert(db *d, const struct imports_new_batch *b, int64_t *id)
{
	int rc = db_exec(d,
	                 "INSERT INTO import_batches(org_id, file_name, file_hash, file_size,"
	                 " format, status, uploaded_by, uploaded_at, row_count, valid_count,"
	                 " warning_count, error_count, preview_json, file)"
	                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                 "ittittitiiiitb", b->org_id, b->file_name, b->file_hash,
	                 (int64_t)b->file_len, b->format, b->status, b->user_id, b->uploaded_at,
	                 b->rows, b->valid, b->warnings, b->errors, b->preview_json,
	                 b->file ? b->file : (const void *)"", b->file_len);
	*id = rc == DB_OK ? db_last_id(d) : 0;
	return rc;
}

#define BATCH_COLS                                                                                 \
	"b.id, b.file_name, b.file_hash, b.file_size, b.format, b.status, b.row_count,"            \
	" b.valid_count, b.warning_count, b.error_count, b.movement_count,"                        \
	" b.uploaded_by, uu.name, b.uploaded_at, b.applied_by, ua.name, b.applied_at,"             \
	" b.reversed_by, ur.name, b.reversed_at"
#define BATCH_FROM                                                                                 \
	" FROM import_batches b LEFT JOIN users uu ON uu.id = b.uploaded_by"                       \
	" LEFT JOIN users ua ON ua.id = b.applied_by"                                              \
	" LEFT JOIN users ur ON ur.id = b.reversed_by"

static json_t *batch_row_json(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(s, 0)));
	json_object_set_new(o, "file_name", row_text(s, 1));
	json_object_set_new(o, "file_hash", row_text(s, 2));
	json_object_set_new(o, "file_size", json_integer(db_col_int(s, 3)));
	json_object_set_new(o, "format", row_text(s, 4));
	json_object_set_new(o, "status", row_text(s, 5));
	json_object_set_new(o, "row_count", json_integer(db_col_int(s, 6)));
	json_object_set_new(o, "summary",
	                    json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)db_col_int(s, 6),
	                              "valid", (json_int_t)db_col_int(s, 7), "warnings",
	                              (json_int_t)db_col_int(s, 8), "errors",
	                              (json_int_t)db_col_int(s, 9)));
	json_object_set_new(o, "movement_count", json_integer(db_col_int(s, 10)));
	json_object_set_new(o, "uploaded_by", row_member(s, 11, 12));
	json_object_set_new(o, "uploaded_at", row_text(s, 13));
	json_object_set_new(o, "applied_by", row_member(s, 14, 15));
	json_object_set_new(o, "applied_at", row_text(s, 16));
	json_object_set_new(o, "reversed_by", row_member(s, 17, 18));
	json_object_set_new(o, "reversed_at", row_text(s, 19));
	return o;
}

json_t *imports_batch_json(db *d, int64_t org_id, int64_t id)
{
	db_stmt *s =
	        db_preparef(d, "SELECT " BATCH_COLS BATCH_FROM " WHERE b.org_id = ? AND b.id = ?",
	                    "ii", org_id, id);
	json_t *o = db_step(s) == DB_ROW ? batch_row_json(s) : NULL;
	db_finalize(s);
	return o;
}

json_t *imports_batch_list(db *d, int64_t org_id, const char *status, int64_t limit, int64_t offset,
                           int64_t *total)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT " BATCH_COLS BATCH_FROM
	                         " WHERE b.org_id = ? AND (? IS NULL OR b.status = ?)"
	                         " ORDER BY b.id DESC LIMIT ? OFFSET ?",
	                         "ittii", org_id, status, status, limit, offset);
	json_t *items = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(items, batch_row_json(s));
	db_finalize(s);
	*total = db_int(d, 0,
	                "SELECT COUNT(*) FROM import_batches WHERE org_id = ?"
	                " AND (? IS NULL OR status = ?)",
	                "itt", org_id, status, status);
	return items;
}

char *imports_batch_preview(db *d, int64_t org_id, int64_t id)
{
	return db_text(d, "SELECT preview_json FROM import_batches WHERE org_id = ? AND id = ?",
	               "ii", org_id, id);
}

int64_t imports_applied_same_hash(db *d, int64_t org_id, const char *hash, int64_t except_id,
                                  arena *a, const char **when, const char **who)
{
	db_stmt *s = db_preparef(d,
	                         "SELECT b.id, b.applied_at, u.name FROM import_batches b"
	                         " LEFT JOIN users u ON u.id = b.applied_by"
	                         " WHERE b.org_id = ? AND b.file_hash = ? AND b.status = 'applied'"
	                         " AND b.id <> ? ORDER BY b.id LIMIT 1",
	                         "iti", org_id, hash, except_id);
	int64_t id = 0;
	if (db_step(s) == DB_ROW) {
		id = db_col_int(s, 0);
		*when = col_dup(a, s, 1);
		*who = col_dup(a, s, 2);
	}
	db_finalize(s);
	return id;
}

int imports_batch_load(db *d, arena *a, int64_t org_id, int64_t id, struct imports_batch_state *b)
{
	memset(b, 0, sizeof *b);
	db_stmt *s = db_preparef(d,
	                         "SELECT b.status, b.file_hash, b.applied_at, ua.name,"
	                         " b.reversed_at, ur.name, b.preview_json, b.file_name"
	                         " FROM import_batches b"
	                         " LEFT JOIN users ua ON ua.id = b.applied_by"
	                         " LEFT JOIN users ur ON ur.id = b.reversed_by"
	                         " WHERE b.org_id = ? AND b.id = ?",
	                         "ii", org_id, id);
	int found = db_step(s) == DB_ROW;
	if (found) {
		util_strlcpy(b->status, db_col_text(s, 0) ? db_col_text(s, 0) : "",
		             sizeof b->status);
		util_strlcpy(b->hash, db_col_text(s, 1) ? db_col_text(s, 1) : "", sizeof b->hash);
		b->applied_at = col_dup(a, s, 2);
		b->applied_by = col_dup(a, s, 3);
		b->reversed_at = col_dup(a, s, 4);
		b->reversed_by = col_dup(a, s, 5);
		b->preview = xstrdup(db_col_text(s, 6) ? db_col_text(s, 6) : "{}");
		b->file_name = col_dup(a, s, 7);
	}
	db_finalize(s);
	return found ? 0 : -1;
}

int imports_batch_mark_applied(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now,
                               const char *ref, int64_t *count)
{
	*count = db_int(d, 0,
	                "SELECT COUNT(*) FROM movements WHERE org_id = ? AND source = 'import'"
	                " AND ref = ? AND type <> 'reversal'",
	                "it", org_id, ref);
	return db_exec(d,
	               "UPDATE import_batches SET status = 'applied', applied_by = ?,"
	               " applied_at = ?, movement_count = ?"
	               " WHERE org_id = ? AND id = ? AND status = 'preview'",
	               "itiii", user_id, now, *count, org_id, id);
}

int imports_batch_mark_reversed(db *d, int64_t org_id, int64_t id, int64_t user_id, const char *now)
{
	return db_exec(d,
	               "UPDATE import_batches SET status = 'reversed', reversed_by = ?,"
	               " reversed_at = ? WHERE org_id = ? AND id = ? AND status = 'applied'",
	               "itii", user_id, now, org_id, id);
}

/* The movements to reverse, newest first (see imports_batch_reverse); *ids malloc'd. */
static size_t movements_to_reverse(db *d, int64_t org_id, const char *ref, int64_t **ids)
{
	db_stmt *s =
	        db_preparef(d,
	                    "SELECT m.id FROM movements m WHERE m.org_id = ?"
	                    " AND m.source = 'import' AND m.ref = ? AND m.type <> 'reversal'"
	                    " AND NOT EXISTS (SELECT 1 FROM movements x WHERE x.reverses = m.id)"
	                    " AND (m.set_group IS NULL OR m.id = (SELECT MIN(g.id) FROM movements g"
	                    " WHERE g.org_id = m.org_id AND g.set_group = m.set_group))"
	                    " ORDER BY m.id DESC",
	                    "it", org_id, ref);
	size_t n = 0, cap = 0;
	int64_t *v = NULL;
	while (db_step(s) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = db_col_int(s, 0);
	}
	db_finalize(s);
	*ids = v;
	return n;
}

int imports_batch_reverse(db *d, const struct ledger_ctx *ctx, const char *ref, const char *memo,
                          size_t *reversed, struct ledger_err *err)
{
	int64_t *ids = NULL;
	size_t n = movements_to_reverse(d, ctx->org_id, ref, &ids);
	int lrc = LEDGER_OK;
	*reversed = 0;
	for (size_t i = 0; i < n && lrc == LEDGER_OK; i++) {
		lrc = ledger_reverse(d, ctx, ids[i], memo, NULL, err);
		if (lrc == LEDGER_ECONFLICT && util_streq(err->id, "nothing_to_reverse"))
			lrc = LEDGER_OK;
		else if (lrc == LEDGER_OK)
			(*reversed)++;
	}
	free(ids);
	return lrc;
}
