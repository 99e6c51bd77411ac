/* test_buf.c — the growable buffer and whole-file reading with a size limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"

static void append_grows_and_terminates(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_append(&b, "가나", 6), 0);
	assert_int_equal(b.len, 6000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.p[b.len], '\0');
	assert_memory_equal(b.p + 5994, "가나", 6);
	assert_int_equal(buf_append(&b, "", 0), 0);
	assert_int_equal(b.len, 6000);
	assert_int_equal(buf_reserve(&b, SIZE_MAX - 8), -1); /* would wrap: refused */
	assert_int_equal(b.len, 6000);
	buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len + b.cap, 0);
}

/* A temporary file holding n bytes of 'x', opened for reading; its fd. */
static int file_of(size_t n)
{
	char path[] = "/tmp/test_buf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	char *x = malloc(n + 1);
	memset(x, 'x', n);
	assert_int_equal(write(fd, x, n), (ssize_t)n);
	free(x);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static void read_fd_takes_the_whole_file_up_to_max(void **state)
{
	(void)state;
	size_t sizes[] = {0, 1, 255, 256, 65535, 65536, 65537, 200000};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int fd = file_of(sizes[i]);
		struct buf b = BUF_INIT;
		assert_int_equal(buf_read_fd(&b, fd, 200000), BUF_OK);
		assert_int_equal(b.len, sizes[i]);
		assert_non_null(b.p);
		assert_int_equal(b.p[b.len], '\0');
		buf_free(&b);
		close(fd);
	}
}

static void read_fd_refuses_one_byte_more_than_max(void **state)
{
	(void)state;
	int fd = file_of(100001);
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_fd(&b, fd, 100000), BUF_ETOOBIG);
	buf_free(&b);
	close(fd);
	fd = file_of(100000);
	assert_int_equal(buf_read_fd(&b, fd, 100000), BUF_OK);
	assert_int_equal(b.len, 100000);
	buf_free(&b);
	close(fd);
}

static void read_fd_reports_read_errors(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	struct buf b = BUF_INIT;
	assert_int_equal(buf_read_fd(&b, fds[1], 10), BUF_EIO); /* the write end cannot be read */
	buf_free(&b);
	/* A pipe has no size: reading grows past the first chunk until its end. */
	assert_int_equal(write(fds[1], "abc", 3), 3);
	close(fds[1]);
	assert_int_equal(buf_read_fd(&b, fds[0], 10), BUF_OK);
	assert_string_equal(b.p, "abc");
	buf_free(&b);
	close(fds[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(append_grows_and_terminates),
	        cmocka_unit_test(read_fd_takes_the_whole_file_up_to_max),
	        cmocka_unit_test(read_fd_refuses_one_byte_more_than_max),
	        cmocka_unit_test(read_fd_reports_read_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
