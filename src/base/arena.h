/* arena.h — per-request memory: many small allocations freed together when the request
 * ends, so handlers never free strings they build for a reply. */
#ifndef JAEGO_ARENA_H
#define JAEGO_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);                /* free with arena_free */
void arena_free(arena *a);             /* frees every block the arena handed out */
void *arena_alloc(arena *a, size_t n); /* zeroed, aligned for any type; never NULL */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
