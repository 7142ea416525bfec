/* check_stream.c - unit tests of stream.c and error.c. */
#include "recorder.h"
#include "suite_main.h"

START_TEST(test_stream_lines_and_ends)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] = "a\r\nb\n\nc";
	size_t n;
	char *out = run(in, sizeof in - 1, ZC_MODE_TEXT, 0, 0, &r, &n);

	ck_assert_str_eq(r.seen.data, "<[a|CRLF][b|LF][|LF][c|]>");
	ck_assert_uint_eq(n, sizeof in - 1);
	ck_assert(memcmp(out, in, n) == 0);
	free(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_stream_empty_input)
{
	recorder r = {ZC_BUF_INIT};
	size_t n;
	char *out = run("", 0, ZC_MODE_TEXT, 0, 0, &r, &n);

	ck_assert_str_eq(r.seen.data, "<>");
	ck_assert_uint_eq(n, 0);
	free(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_stream_nul_bytes_in_text_mode)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] = "a\0b\nc";
	size_t n;
	char *out = run(in, sizeof in - 1, ZC_MODE_TEXT, 0, 0, &r, &n);

	ck_assert_uint_eq(n, sizeof in - 1);
	ck_assert(memcmp(out, in, n) == 0);
	free(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_stream_nul_documents)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] = "a\nb\0\0c";
	size_t n;
	char *out = run(in, sizeof in - 1, ZC_MODE_NUL, 0, 0, &r, &n);

	ck_assert_str_eq(r.seen.data, "<[a|LF][b|]><><[c|]>");
	ck_assert_uint_eq(n, sizeof in - 1);
	ck_assert(memcmp(out, in, n) == 0);
	free(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_stream_long_line_in_pieces)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] = "abcdefghij\nxy\n";
	size_t n;
	/* piece size 5: the 10-byte line is handed over in 4-byte pieces */
	char *out = run(in, sizeof in - 1, ZC_MODE_TEXT, 1, 5, &r, &n);

	ck_assert_uint_eq(n, sizeof in - 1);
	ck_assert(memcmp(out, in, n) == 0);
	free(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_stream_long_line_bounded)
{
	/* 3 MiB without a newline, piece size 64 KiB: pieces must appear */
	size_t size = 3 << 20, n;
	char *in = malloc(size), *out;
	recorder r = {ZC_BUF_INIT};

	memset(in, 'x', size);
	out = run(in, size, ZC_MODE_TEXT, 1, 65536, &r, &n);
	ck_assert_uint_eq(n, size);
	ck_assert(memcmp(out, in, n) == 0);
	ck_assert_ptr_nonnull(strstr(r.seen.data, "+]"));
	free(in);
	free(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_write_error_reported)
{
	recorder r = {ZC_BUF_INIT};
	zc_filter f = {&r, NULL, rec_line, NULL, NULL, NULL};
	FILE *in = fmemopen((void *)"hello\n", 6, "rb");
	FILE *out = fopen("/dev/full", "wb");

	if (out == NULL)
		return;   /* no /dev/full here: nothing to test */
	ck_assert_int_eq(zc_stream_run(&f, NULL, in, out, NULL), ZC_EWRITE);
	fclose(in);
	fclose(out);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_strerror_covers_codes)
{
	int e;

	for (e = ZC_OK; e >= ZC_EMODULE; e--)
		ck_assert_str_ne(zc_strerror(e), "unknown error");
	ck_assert_str_eq(zc_strerror(-100), "unknown error");
}
END_TEST

static Suite *
stream_suite(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("stream");

	tcase_add_test(tc, test_stream_lines_and_ends);
	tcase_add_test(tc, test_stream_empty_input);
	tcase_add_test(tc, test_stream_nul_bytes_in_text_mode);
	tcase_add_test(tc, test_stream_nul_documents);
	tcase_add_test(tc, test_stream_long_line_in_pieces);
	tcase_add_test(tc, test_stream_long_line_bounded);
	tcase_add_test(tc, test_write_error_reported);
	tcase_add_test(tc, test_strerror_covers_codes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(stream_suite());
}
