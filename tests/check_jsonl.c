/* check_jsonl.c - unit tests of jsonl.c (JSON Lines mode). */
#include "recorder.h"
#include "suite_main.h"

/* Run in through the recording filter in JSON Lines mode (field "text");
 * doc_hooks: record document begin and end too. */
static char *
run_recorded(recorder *r, int doc_hooks, int strict, const char *in,
             zc_stream_stats *st, int *rc)
{
	zc_filter f = {r, doc_hooks ? rec_begin : NULL, rec_line,
	               doc_hooks ? rec_end : NULL, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, strict ? "text" : NULL, strict, 0};

	return run_filter(&f, &o, in, strlen(in), st, NULL, rc);
}

/* One record whose text the filter is shown as seen; the line comes out
 * as want. */
static void
expect_recorded(const char *in, const char *want, const char *seen)
{
	recorder r = {ZC_BUF_INIT};
	zc_stream_stats st;
	int rc;
	char *outbuf = run_recorded(&r, 0, 0, in, &st, &rc);

	ck_assert_int_eq(rc, ZC_OK);
	ck_assert_str_eq(outbuf, want);
	ck_assert_str_eq(r.seen.data, seen);
	free(outbuf);
	zc_buf_free(&r.seen);
}

START_TEST(test_jsonl_replaces_field_keeps_others)
{
	recorder r = {ZC_BUF_INIT};
	zc_stream_stats st;
	int rc;
	char *outbuf = run_recorded(&r, 1, 0,
		"{\"id\":1,\"text\":\"a\\nb\",\"z\":[true]}\n"
		"not json\n"
		"{\"id\":2}\n", &st, &rc);

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
	static const char in[] =
		"{\"p\":\"c:\\\\\",\"q\":\"say \\\"text\\\": no\",\"text\":\"yes\"}\n";

	expect_recorded(in, in, "[yes|]");
}
END_TEST

START_TEST(test_jsonl_strict)
{
	recorder r = {ZC_BUF_INIT};
	zc_stream_stats st;
	int rc;
	char *outbuf = run_recorded(&r, 0, 1, "{\"text\":\"x\"}\n[1]\n", &st, &rc);

	ck_assert_int_eq(rc, ZC_ERECORD);
	ck_assert_uint_eq(st.error_record, 2);
	free(outbuf);
	zc_buf_free(&r.seen);
}
END_TEST

START_TEST(test_jsonl_keeps_other_bytes_exactly)
{
	/* Spacing, number forms, escapes in other fields and a duplicate key
	 * (the last one counts, as in jansson) are all kept. */
	static const char in[] =
		"{ \"n\": 1.10, \"text\":\"old\", \"u\":\"\\u00e9\", \"text\" : \"a\\\"b\\u0001\\t\", \"big\": 12345678901234567890 }\n";
	static const char want[] =
		"{ \"n\": 1.10, \"text\":\"old\", \"u\":\"\\u00e9\", \"text\" : \"a\\\"b\\u0001\\t\", \"big\": 12345678901234567890 }\n";

	expect_recorded(in, want, "[a\"b\001\t|]");
}
END_TEST

/* A filter that upper-cases ASCII letters: shows which bytes were replaced. */
static int
shout_line(void *state, const zc_line *line, zc_out *out)
{
	size_t i;
	int rc = ZC_OK;

	(void)state;
	for (i = 0; i < line->len && rc == ZC_OK; i++) {
		char c = line->text[i];
		c = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
		rc = zc_out_write(out, &c, 1);
	}
	return rc == ZC_OK ? zc_out_write(out, line->eol, line->eol_len) : rc;
}

/* Run in through the shouting filter in JSON Lines mode; check the output. */
static void
expect_shouted(const char *in, const char *want, unsigned long documents)
{
	zc_filter f = {NULL, NULL, shout_line, NULL, NULL, NULL};
	zc_stream_opts o = {ZC_MODE_JSONL, NULL, 0, 0};
	zc_stream_stats st;
	int rc;
	char *outbuf = run_filter(&f, &o, in, strlen(in), &st, NULL, &rc);

	ck_assert_int_eq(rc, ZC_OK);
	ck_assert_str_eq(outbuf, want);
	ck_assert_uint_eq(st.documents, documents);
	free(outbuf);
}

/* The field is found behind nested values, numbers, literals and spacing
 * of every kind, and only its value is replaced. */
START_TEST(test_jsonl_splices_only_the_field)
{
	expect_shouted("{\"a\":{\"text\":\"no\",\"b\":[1,{\"c\":\"}],\"}]},\"n\":-1.5e3,"
	               "\"t\":true,\"z\":null,\"text\":\"yes\",\"after\":\"no\"}\n",
	               "{\"a\":{\"text\":\"no\",\"b\":[1,{\"c\":\"}],\"}]},\"n\":-1.5e3,"
	               "\"t\":true,\"z\":null,\"text\":\"YES\",\"after\":\"no\"}\n", 1);
	expect_shouted(" { \"n\" : 7 ,\t\"e\" : [ ] , \"text\" : \"yes\" }\r\n",
	               " { \"n\" : 7 ,\t\"e\" : [ ] , \"text\" : \"YES\" }\r\n", 1);
	expect_shouted("{\"n\":0,\"text\":\"a\"}\n{\"text\":1}\n",
	               "{\"n\":0,\"text\":\"A\"}\n{\"text\":1}\n", 1);
}
END_TEST

/* A key written with escapes is the same key: the field is replaced in
 * place and the key keeps its spelling. */
START_TEST(test_jsonl_escaped_key)
{
	expect_shouted("{\"t\\u0065xt\":\"yes\",\"x\":\"no\"}\n",
	               "{\"t\\u0065xt\":\"YES\",\"x\":\"no\"}\n", 1);
}
END_TEST

/* Integers past 64 bits are valid JSON: such records are read by jansson
 * and spliced the same way; with an escaped key too, jansson writes the
 * object out again. */
START_TEST(test_jsonl_big_numbers)
{
	expect_shouted("{\"id\":123456789012345678901234567890,\"text\":\"yes\"}\n",
	               "{\"id\":123456789012345678901234567890,\"text\":\"YES\"}\n", 1);
	expect_shouted("{\"id\":123456789012345678901234567890,\"t\\u0065xt\":\"yes\"}\n",
	               "{\"id\":1.2345678901234568e29,\"text\":\"YES\"}\n", 1);
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
	tcase_add_test(tc, test_jsonl_splices_only_the_field);
	tcase_add_test(tc, test_jsonl_escaped_key);
	tcase_add_test(tc, test_jsonl_big_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(jsonl_suite());
}
