/* test_multipart.c — multipart/form-data parsing: boundaries from Content-Type, browser and
 * hand-made bodies (CRLF and LF), file names with paths and Korean, binary content, empty
 * content, and refusals (truncated, missing field, not multipart). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "multipart.h"

static void boundaries(void **state)
{
	(void)state;
	char b[MULTIPART_BOUNDARY_MAX + 1];
	assert_int_equal(
	        multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryX1", b,
	                           sizeof b),
	        MULTIPART_OK);
	assert_string_equal(b, "----WebKitFormBoundaryX1");
	assert_int_equal(multipart_boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b\"",
	                                    b, sizeof b),
	                 MULTIPART_OK);
	assert_string_equal(b, "a b");
	assert_int_equal(multipart_boundary("application/json", b, sizeof b),
	                 MULTIPART_ENOTMULTIPART);
	assert_int_equal(multipart_boundary(NULL, b, sizeof b), MULTIPART_ENOTMULTIPART);
	assert_int_equal(multipart_boundary("multipart/form-data", b, sizeof b),
	                 MULTIPART_ENOBOUNDARY);
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=", b, sizeof b),
	                 MULTIPART_ENOBOUNDARY);
	assert_int_equal(
	        multipart_boundary("multipart/form-data; boundary=\"unterminated", b, sizeof b),
	        MULTIPART_ENOBOUNDARY);
	char big[400] = "multipart/form-data; boundary=";
	memset(big + strlen(big), 'x', 300);
	big[399] = '\0';
	assert_int_equal(multipart_boundary(big, b, sizeof b), MULTIPART_ENOBOUNDARY);
}

static void browser_body(void **state)
{
	(void)state;
	static const char body[] =
	        "--XyZ\r\n"
	        "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
	        "hello\r\n"
	        "--XyZ\r\n"
	        "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\fakepath\\\\재고 "
	        "템플릿.xlsx\"\r\n"
	        "Content-Type: "
	        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
	        "\r\n"
	        "PK\x03\x04\0\0bin\r\nary--XyZ-\r\n"
	        "--XyZ--\r\n";
	struct multipart_field f;
	assert_int_equal(multipart_find(body, sizeof body - 1, "XyZ", "file", &f), MULTIPART_OK);
	assert_int_equal(f.len, 20);
	assert_memory_equal(f.data, "PK\x03\x04\0\0bin\r\nary--XyZ-", 20);
	assert_true(f.has_filename);
	char base[256];
	multipart_basename(f.filename, base, sizeof base);
	assert_string_equal(base, "재고 템플릿.xlsx");
	assert_string_equal(f.content_type,
	                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_int_equal(multipart_find(body, sizeof body - 1, "XyZ", "note", &f), MULTIPART_OK);
	assert_int_equal(f.len, 5);
	assert_false(f.has_filename);
	assert_int_equal(multipart_find(body, sizeof body - 1, "XyZ", "other", &f),
	                 MULTIPART_ENOFIELD);
}

static void lf_body_preamble_and_empty(void **state)
{
	(void)state;
	static const char body[] =
	        "preamble text\n"
	        "--b\n"
	        "content-disposition: form-data; name=\"file\"; filename=\"\"\n"
	        "\n"
	        "--b\n"
	        "content-disposition: form-data; name=\"x\"; filename=\"a;b\\\"c.csv\"\n"
	        "\n"
	        "a,b\n1,2\n"
	        "--b--\n";
	struct multipart_field f;
	assert_int_equal(multipart_find(body, sizeof body - 1, "b", "file", &f), MULTIPART_OK);
	assert_int_equal(f.len, 0);
	assert_true(f.has_filename);
	assert_string_equal(f.filename, "");
	assert_int_equal(multipart_find(body, sizeof body - 1, "b", "x", &f), MULTIPART_OK);
	assert_int_equal(f.len, 7); /* the last line end belongs to the delimiter */
	assert_string_equal(f.filename, "a;b\"c.csv");
}

static void refusals(void **state)
{
	(void)state;
	struct multipart_field f;
	static const char truncated[] =
	        "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
	        "PK\x03\x04 and no closing delimiter";
	assert_int_equal(multipart_find(truncated, sizeof truncated - 1, "b", "file", &f),
	                 MULTIPART_EMALFORMED);
	assert_null(f.data);
	static const char noheaders[] = "--b\r\nContent-Disposition: form-data; name=\"file\"";
	assert_int_equal(multipart_find(noheaders, sizeof noheaders - 1, "b", "file", &f),
	                 MULTIPART_EMALFORMED);
	assert_int_equal(multipart_find("", 0, "b", "file", &f), MULTIPART_EMALFORMED);
	assert_int_equal(multipart_find(NULL, 0, "b", "file", &f), MULTIPART_EMALFORMED);
	assert_int_equal(multipart_find("--b--", 5, "b", "file", &f), MULTIPART_ENOFIELD);
	assert_int_equal(multipart_find("--bX\r\n", 6, "b", "file", &f), MULTIPART_EMALFORMED);
	assert_int_equal(multipart_find("x", 1, "", "file", &f), MULTIPART_ENOBOUNDARY);
	assert_string_equal(multipart_err_code(MULTIPART_ENOFIELD), "missing_file");
}

static void basenames(void **state)
{
	(void)state;
	char out[8];
	multipart_basename("/a/b/c.csv", out, sizeof out);
	assert_string_equal(out, "c.csv");
	multipart_basename("a\tb\x01.csv", out, sizeof out);
	assert_string_equal(out, "a_b_.cs");
	multipart_basename(NULL, out, sizeof out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(boundaries),
	        cmocka_unit_test(browser_body),
	        cmocka_unit_test(lf_body_preamble_and_empty),
	        cmocka_unit_test(refusals),
	        cmocka_unit_test(basenames),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
