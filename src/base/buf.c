/* buf.c — growable byte buffer and whole-file reading (see buf.h). */
#include "buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int buf_reserve(struct buf *b, size_t extra)
{
	if (extra > SIZE_MAX / 2 - b->len - 1)
		return -1;
	size_t need = b->len + extra + 1;
	if (b->p && need <= b->cap)
		return 0;
	size_t nc = b->cap ? b->cap * 2 : 256;
	while (nc < need)
		nc *= 2;
	char *q = realloc(b->p, nc);
	if (!q)
		return -1;
	if (!b->p)
		q[0] = '\0';
	b->p = q;
	b->cap = nc;
	return 0;
}

int buf_append(struct buf *b, const void *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

void buf_free(struct buf *b)
{
	free(b->p);
	*b = (struct buf)BUF_INIT;
}

/* The first allocation: the whole of a regular file that fits, else 64 KiB. */
static size_t first_chunk(int fd, size_t max)
{
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (size_t)st.st_size <= max)
		return (size_t)st.st_size;
	return 65536;
}

int buf_read_fd(struct buf *b, int fd, size_t max)
{
	size_t start = b->len;
	if (buf_reserve(b, first_chunk(fd, max)) != 0)
		return BUF_ENOMEM;
	for (;;) {
		if (b->len - start > max)
			return BUF_ETOOBIG;
		/* Room for at least one byte more than max, so a file of max + 1 bytes shows. */
		if (b->len + 1 == b->cap && buf_reserve(b, b->cap) != 0)
			return BUF_ENOMEM;
		ssize_t r = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return BUF_EIO;
		if (r == 0)
			break;
		b->len += (size_t)r;
		b->p[b->len] = '\0';
	}
	return BUF_OK;
}
