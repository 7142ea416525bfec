/* check_jsonl.c - unit tests of jsonl.c (JSON Lines mode). */
#include "recorder.h"
#include "suite_main.h"

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
	int rc;
	char *outbuf = run_filter(&f, &o, in, sizeof in - 1, &st, NULL, &rc);

	ck_assert_int_eq(rc, ZC_OK);
	ck_assert_str_eq(outbuf, "{\"id\":1,\"text\":\"a\\nb\",\"z\":[true]}\n"
	                         "not json\n{\"id\":2}\n");
	ck_assert_uint_eq(st.documents, 1);
	ck_assert_uint_eq(st.bad_records, 2);
	ck_assert_str_eq(r.seen.data, "<[a|LF][b|]>");
	free(outbuf);
	zc_buf_free(&r.seen);
}
END_TEST

/* Strings ending in escaped backslashes or holding escaped quotes do not
 * hide or fake the field's key. */
START_TEST(test_jsonl_escapes_before_field)
{
	recorder r = {ZC_BUF_INIT};
	static const char in[] =
		"{\"p\":\"c:\\\\\",\"q\":\"say \\\"text\\\": no\",\"text\":\"yes\"}\n";
	zc_filter f = {&r, NULL, rec_line, NULL, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, NULL, 0, 0};
	zc_stream_stats st;
	int rc;
	char *outbuf = run_filter(&f, &o, in, sizeof in - 1, &st, NULL, &rc);

	ck_assert_int_eq(rc, ZC_OK);
	ck_assert_str_eq(outbuf, in);
	ck_assert_str_eq(r.seen.data, "[yes|]");
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
	int rc;
	char *outbuf = run_filter(&f, &o, in, sizeof in - 1, &st, NULL, &rc);

	ck_assert_int_eq(rc, ZC_ERECORD);
	ck_assert_uint_eq(st.error_record, 2);
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
		"{ \"n\": 1.10, \"text\":\"old\", \"u\":\"\\u00e9\", \"text\" : \"a\\\"b\\u0001\\t\", \"big\": 12345678901234567890 }\n";
	static const char want[] =
		"{ \"n\": 1.10, \"text\":\"old\", \"u\":\"\\u00e9\", \"text\" : \"a\\\"b\\u0001\\t\", \"big\": 12345678901234567890 }\n";
	zc_filter f = {&r, NULL, rec_line, NULL, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, NULL, 0, 0};
	zc_stream_stats st;
	int rc;
	char *outbuf = run_filter(&f, &o, in, sizeof in - 1, &st, NULL, &rc);

	ck_assert_int_eq(rc, ZC_OK);
	ck_assert_str_eq(outbuf, want);
	ck_assert_str_eq(r.seen.data, "[a\"b\001\t|]");
	free(outbuf);
	zc_buf_free(&r.seen);
}
END_TEST

static Suite *
jsonl_suite(void)
{
	Suite *s = suite_create("jsonl");
	TCase *tc = tcase_create("jsonl");

	tcase_add_test(tc, test_jsonl_replaces_field_keeps_others);
	tcase_add_test(tc, test_jsonl_strict);
	tcase_add_test(tc, test_jsonl_escapes_before_field);
	tcase_add_test(tc, test_jsonl_keeps_other_bytes_exactly);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(jsonl_suite());
}
