/* check_core.c - unit tests of buf.c, utf8.c, stream.c and jsonl.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- a filter that records what it sees ---------------------------------- */

typedef struct {
	zc_buf seen;       /* "[text|eol]" per line, "<" per doc begin, ">" per end */
} recorder;

static int
rec_begin(void *state)
{
	return zc_buf_putc(&((recorder *)state)->seen, '<');
}

static int
rec_line(void *state, const zc_line *line, zc_out *out)
{
	recorder *r = state;

	zc_buf_putc(&r->seen, '[');
	zc_buf_append(&r->seen, line->text, line->len);
	zc_buf_putc(&r->seen, '|');
	zc_buf_append(&r->seen, line->eol[0] == '\r' ? "CRLF" : line->eol_len ? "LF" : "",
	              line->eol[0] == '\r' ? 4 : line->eol_len ? 2 : 0);
	if (line->continues)
		zc_buf_putc(&r->seen, '+');
	zc_buf_putc(&r->seen, ']');
	if (zc_out_write(out, line->text, line->len) != ZC_OK)
		return ZC_ENOMEM;
	return zc_out_write(out, line->eol, line->eol_len);
}

static int
rec_end(void *state, zc_out *out)
{
	(void)out;
	return zc_buf_putc(&((recorder *)state)->seen, '>');
}

static size_t
cut_anywhere(void *state, const char *text, size_t len)
{
	(void)state;
	(void)text;
	return len > 4 ? 4 : len;
}

/* Run input through the recorder; return what came out. */
static char *
run(const char *input, size_t n, enum zc_mode mode, int cut, size_t piece,
    recorder *r, size_t *outlen)
{
	zc_filter f = {r, rec_begin, rec_line, rec_end, cut ? cut_anywhere : NULL, NULL};
	zc_stream_opts o = {mode, NULL, 0, piece};
	char *outbuf = NULL;
	size_t outsize = 0;
	FILE *in = fmemopen((void *)input, n, "rb");
	FILE *out = open_memstream(&outbuf, &outsize);
	int rc = zc_stream_run(&f, &o, in, out, NULL);

	ck_assert_int_eq(rc, ZC_OK);
	fclose(in);
	fclose(out);
	*outlen = outsize;
	return outbuf;
}

START_TEST(test_buf_grows)
{
	zc_buf b = ZC_BUF_INIT;
	int i;

	for (i = 0; i < 10000; i++)
		ck_assert_int_eq(zc_buf_append(&b, "abc", 3), ZC_OK);
	ck_assert_uint_eq(b.len, 30000);
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert(memcmp(b.data + 29997, "abc", 3) == 0);
	zc_buf_clear(&b);
	ck_assert_uint_eq(b.len, 0);
	zc_buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_utf8_decode)
{
	uint32_t cp;

	ck_assert_uint_eq(zc_utf8_decode("a", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'a');
	ck_assert_uint_eq(zc_utf8_decode("中", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x4E2D);
	ck_assert_uint_eq(zc_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x20000);
	/* truncated, overlong, surrogate, stray continuation, 0xFF */
	ck_assert_uint_eq(zc_utf8_decode("\xE4\xB8", 2, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xC0\xAF", 2, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xE0\x80\xAF", 3, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\x80", 1, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xFF", 1, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
}
END_TEST

START_TEST(test_utf8_encode_roundtrip)
{
	static const uint32_t cps[] = {0x41, 0xE9, 0x4E2D, 0x3000, 0x1F600, 0x2A6D6};
	char out[4];
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = zc_utf8_encode(cps[i], out);
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_eq(zc_utf8_decode(out, n, &cp), n);
		ck_assert_uint_eq(cp, cps[i]);
	}
	ck_assert_uint_eq(zc_utf8_encode(0xD800, out), 0);
	ck_assert_uint_eq(zc_utf8_encode(0x110000, out), 0);
}
END_TEST

START_TEST(test_utf8_complete_prefix)
{
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab中", 5), 5);
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab\xE4\xB8", 4), 2);
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab\xE4", 3), 2);
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab\xFF", 3), 3);
	ck_assert_uint_eq(zc_utf8_complete_prefix("", 0), 0);
}
END_TEST

START_TEST(test_is_han)
{
	ck_assert(zc_is_han(0x4E2D));
	ck_assert(zc_is_han(0x3400));
	ck_assert(zc_is_han(0x20000));
	ck_assert(!zc_is_han(0x3000));
	ck_assert(!zc_is_han('a'));
	ck_assert(!zc_is_han(0xFF0C));
}
END_TEST

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

START_TEST(test_jsonl_replaces_field_keeps_others)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] =
		"{\"id\":1,\"text\":\"a\\nb\",\"z\":[true]}\n"
		"not json\n"
		"{\"id\":2}\n";
	zc_filter f = {&r, rec_begin, rec_line, rec_end, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, NULL, 0, 0};
	zc_stream_stats st;
	char *outbuf = NULL;
	size_t outsize = 0;
	FILE *inf = fmemopen((void *)in, sizeof in - 1, "rb");
	FILE *out = open_memstream(&outbuf, &outsize);

	ck_assert_int_eq(zc_stream_run(&f, &o, inf, out, &st), ZC_OK);
	fclose(inf);
	fclose(out);
	ck_assert_str_eq(outbuf, "{\"id\":1,\"text\":\"a\\nb\",\"z\":[true]}\n"
	                         "not json\n{\"id\":2}\n");
	ck_assert_uint_eq(st.documents, 1);
	ck_assert_uint_eq(st.bad_records, 2);
	ck_assert_str_eq(r.seen.data, "<[a|LF][b|]>");
	free(outbuf);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_jsonl_keeps_other_bytes_exactly)
{
	recorder r = {ZC_BUF_INIT};
	/* Spacing, number forms, escapes in other fields and a duplicate key
	 * (the last one counts, as in jansson) are all kept. */
	static const char in[] =
		"{ \"n\": 1.10, \"u\":\"\\u00e9\", \"text\" : \"a\\\"b\\u0001\\t\", \"big\": 12345678901234567890 }\n";
	static const char want[] =
		"{ \"n\": 1.10, \"u\":\"\\u00e9\", \"text\" : \"a\\\"b\\u0001\\t\", \"big\": 12345678901234567890 }\n";
	zc_filter f = {&r, NULL, rec_line, NULL, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, NULL, 0, 0};
	zc_stream_stats st;
	char *outbuf = NULL;
	size_t outsize = 0;
	FILE *inf = fmemopen((void *)in, sizeof in - 1, "rb");
	FILE *out = open_memstream(&outbuf, &outsize);

	ck_assert_int_eq(zc_stream_run(&f, &o, inf, out, &st), ZC_OK);
	fclose(inf);
	fclose(out);
	ck_assert_str_eq(outbuf, want);
	ck_assert_str_eq(r.seen.data, "[a\"b\001\t|]");
	free(outbuf);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_jsonl_strict)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] = "{\"text\":\"x\"}\n[1]\n";
	zc_filter f = {&r, NULL, rec_line, NULL, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, "text", 1, 0};
	zc_stream_stats st;
	char *outbuf = NULL;
	size_t outsize = 0;
	FILE *inf = fmemopen((void *)in, sizeof in - 1, "rb");
	FILE *out = open_memstream(&outbuf, &outsize);

	ck_assert_int_eq(zc_stream_run(&f, &o, inf, out, &st), ZC_ERECORD);
	ck_assert_uint_eq(st.error_record, 2);
	fclose(inf);
	fclose(out);
	free(outbuf);
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

	for (e = ZC_OK; e >= ZC_EENCODING; e--)
		ck_assert_str_ne(zc_strerror(e), "unknown error");
	ck_assert_str_eq(zc_strerror(-100), "unknown error");
}
END_TEST

static Suite *
core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("buf");
	tcase_add_test(tc, test_buf_grows);
	suite_add_tcase(s, tc);
	tc = tcase_create("utf8");
	tcase_add_test(tc, test_utf8_decode);
	tcase_add_test(tc, test_utf8_encode_roundtrip);
	tcase_add_test(tc, test_utf8_complete_prefix);
	tcase_add_test(tc, test_is_han);
	suite_add_tcase(s, tc);
	tc = tcase_create("stream");
	tcase_add_test(tc, test_stream_lines_and_ends);
	tcase_add_test(tc, test_stream_empty_input);
	tcase_add_test(tc, test_stream_nul_bytes_in_text_mode);
	tcase_add_test(tc, test_stream_nul_documents);
	tcase_add_test(tc, test_stream_long_line_in_pieces);
	tcase_add_test(tc, test_stream_long_line_bounded);
	tcase_add_test(tc, test_write_error_reported);
	tcase_add_test(tc, test_strerror_covers_codes);
	suite_add_tcase(s, tc);
	tc = tcase_create("jsonl");
	tcase_add_test(tc, test_jsonl_replaces_field_keeps_others);
	tcase_add_test(tc, test_jsonl_strict);
	tcase_add_test(tc, test_jsonl_keeps_other_bytes_exactly);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
