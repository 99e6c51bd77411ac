/* buf.h — a growable byte buffer, always NUL-terminated once it holds anything, and the one
 * loop that reads a whole file into it. Unlike xmalloc, running out of memory here is an
 * answer (-1 / BUF_ENOMEM), not an abort: the readers that use it turn it into their own
 * "out_of_memory" message for an oversized upload. */
#ifndef JAEGO_BUF_H
#define JAEGO_BUF_H

#include <stddef.h>

struct buf {
	char *p;    /* NULL until the first byte is reserved; free with buf_free */
	size_t len; /* bytes held, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

enum { BUF_OK = 0, BUF_ENOMEM = -1, BUF_EIO = -2, BUF_ETOOBIG = -3 };

/* Makes room for extra more bytes and the NUL after them (capacity at least doubles). */
int buf_reserve(struct buf *b, size_t extra);
/* Appends n bytes of s. Returns 0, or -1 when memory runs out (b unchanged). */
int buf_append(struct buf *b, const void *s, size_t n);
void buf_free(struct buf *b);

/* Reads fd to its end into b (after what b holds), retrying on EINTR. Reads at most max + 1
 * bytes: BUF_ETOOBIG when the file holds more than max. BUF_EIO leaves errno as read(2) set
 * it. A regular file is read into one allocation of its size. */
int buf_read_fd(struct buf *b, int fd, size_t max);

#endif
