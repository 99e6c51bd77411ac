/* fuzz-sources: src/formats/multipart.c */
/* fuzz_multipart.c — libFuzzer target for the multipart/form-data parser. The first line of
 * the input is used as the Content-Type header, the rest as the body; every field the parser
 * returns must lie inside the body. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : size;
	char *ct = malloc(hlen + 1);
	if (!ct)
		return 0;
	memcpy(ct, data, hlen);
	ct[hlen] = '\0';
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	const uint8_t *body = nl ? nl + 1 : data + size;
	size_t blen = (size_t)(data + size - body);
	/* A copy of exactly blen bytes, so ASan sees any read past the end. */
	uint8_t *copy = malloc(blen ? blen : 1);
	if (!copy) {
		free(ct);
		return 0;
	}
	memcpy(copy, body, blen);
	if (multipart_boundary(ct, boundary, sizeof boundary) != MULTIPART_OK)
		strcpy(boundary, "b");
	static const char *const names[] = {"file", "x", ""};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct multipart_field f;
		if (multipart_find(copy, blen, boundary, names[i], &f) == MULTIPART_OK) {
			if (f.data < copy || f.data + f.len > copy + blen)
				abort();
			char base[64];
			multipart_basename(f.filename, base, sizeof base);
		}
	}
	free(copy);
	free(ct);
	return 0;
}
