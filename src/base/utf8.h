/* utf8.h — the one place that reads UTF-8 byte by byte: decode one code point strictly,
 * validate a buffer, count the code points of a string and cut it at a code point boundary.
 * Every length limit a person sees ("20자 이하") counts code points with utf8_count. */
#ifndef JAEGO_UTF8_H
#define JAEGO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s, which has len bytes left, strictly: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no sequence cut short by len. Returns its length
 * (1-4) and the code point in *cp, or 0 when s does not start a well-formed sequence
 * (len 0 included). A NUL byte decodes as U+0000 of length 1. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* 1 when the len bytes at s are well-formed UTF-8 throughout (see utf8_decode), else 0. */
int utf8_valid(const char *s, size_t len);

/* Code points in the NUL-terminated s (NULL counts 0): every byte that is not a
 * continuation byte (10xxxxxx) starts one, so the count of text already known to be valid. */
size_t utf8_count(const char *s);

/* Length in bytes of the longest prefix of s holding at most max_chars code points, ending
 * at a code point boundary (NULL gives 0). s + utf8_cut(s, n) is where to cut. */
size_t utf8_cut(const char *s, size_t max_chars);
/* The largest len' <= len at which s may be cut without splitting a sequence (s holds at
 * least len + 1 readable bytes, or len is its length). */
size_t utf8_floor(const char *s, size_t len);
/* Drops an incomplete sequence left at the end of s by a truncating snprintf, so that the
 * text stays valid (for JSON, for a cell). */
void utf8_drop_partial(char *s);

#endif
