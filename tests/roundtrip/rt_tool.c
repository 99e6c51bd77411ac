/* rt_tool.c — the round-trip check's helper: writes the stock template for a fixed small
 * catalogue, and imports a file against the same catalogue, printing the resulting stock
 * changes so the shell script can compare them with what it typed through other programs.
 *
 *   rt_tool template OUT.xlsx
 *   rt_tool import FILE     prints "sheet NAME STATE", "meta KEY", "problem SEV CODE ROW",
 *                           "diff SKU ON_HAND IN OUT RESULT", "format xlsx|csv ENCODING",
 *                           "can_apply 0|1" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "template.h"
#include "xlsx_read.h"

static const template_product products[] = {
        {"A-001", "PA-001", "유기농 사과 5kg", "과일", TEMPLATE_SINGLE, 10},
        {"A-002", "PA-002", "신고배 3kg", "과일", TEMPLATE_SINGLE, 5},
        {"SET-1", "PA-100", "과일 선물세트", "세트", TEMPLATE_SET, 0},
};
static const import_component set1[] = {{"A-001", 1}, {"A-002", 1}};

static int lookup(void *ud, const char *sku, import_product *out)
{
	(void)ud;
	for (size_t i = 0; i < sizeof products / sizeof *products; i++)
		if (strcmp(products[i].sku, sku) == 0) {
			memset(out, 0, sizeof *out);
			out->active = 1;
			out->is_set = products[i].kind == TEMPLATE_SET;
			out->on_hand = products[i].on_hand;
			out->name = products[i].name;
			if (out->is_set)
				out->components = set1, out->ncomponents = 2;
			return 1;
		}
	return 0;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *b = malloc(cap);
	size_t k;
	while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	*len = n;
	return b;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "template") == 0) {
		template_meta m = {7, "라운드트립상회", "tok7", "2026-11-29T00:00:00Z",
		                   TEMPLATE_VERSION};
		unsigned char *b;
		size_t len;
		if (template_write(products, 3, &m, &b, &len) != TEMPLATE_OK)
			return 1;
		FILE *f = fopen(argv[2], "wb");
		if (!f || fwrite(b, 1, len, f) != len || fclose(f) != 0)
			return 1;
		free(b);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "import") == 0) {
		size_t len;
		unsigned char *b = slurp(argv[2], &len);
		if (!b)
			return 1;
		sheet_table *t;
		if (xlsx_looks_like_zip(b, len) &&
		    xlsx_read(b, len, TEMPLATE_SHEET, &t) == SHEET_OK) {
			for (int i = 0; i < t->nsheets; i++)
				printf("sheet %s %d\n", t->sheets[i].name, (int)t->sheets[i].state);
			for (int i = 0; i < t->nmeta; i++)
				printf("meta %s\n", t->meta[i].key);
			sheet_free(t);
		}
		import_ctx ctx = {7, "tok7", "2026-11-29", lookup, NULL, 0};
		import_result *r;
		const char *name = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
		if (import_parse(b, len, name, &ctx, &r) != IMPORT_OK)
			return 1;
		for (int i = 0; i < r->nproblems; i++)
			printf("problem %s %s %d %s\n",
			       r->problems[i].severity ? "error" : "warning", r->problems[i].code,
			       r->problems[i].row, r->problems[i].message);
		for (int i = 0; i < r->nitems; i++)
			printf("item %d %s %lld %lld %s\n", r->items[i].row, r->items[i].sku,
			       r->items[i].inbound, r->items[i].outbound, r->items[i].date);
		for (int i = 0; i < r->ndiff; i++)
			printf("diff %s %lld %lld %lld %lld\n", r->diff[i].sku, r->diff[i].on_hand,
			       r->diff[i].inbound, r->diff[i].outbound, r->diff[i].result);
		printf("format %s %s\n", r->format, r->encoding);
		printf("can_apply %d\n", import_can_apply(r));
		import_free(r);
		free(b);
		return 0;
	}
	fprintf(stderr, "usage: rt_tool template OUT.xlsx | rt_tool import FILE\n");
	return 2;
}
