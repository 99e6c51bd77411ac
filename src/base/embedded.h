/* embedded.h — files compiled into the binary by tools/embed: SQL migrations
 * ("migrations/001_core.sql") and reference data ("data/kr_holidays.csv"). */
#ifndef JAEGO_EMBEDDED_H
#define JAEGO_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data; /* not NUL-terminated */
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* The file of that name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
