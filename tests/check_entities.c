/* check_entities.c - unit tests of entities.c (HTML character references). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "suite_main.h"

static void
expect(const char *s, const char *want, int changes)
{
	zc_buf out = ZC_BUF_INIT;

	ck_assert_int_eq(zc_entities_repair(s, strlen(s), &out, NULL, NULL), changes);
	expect_buf(&out, s, want, strlen(want));
	zc_buf_free(&out);
}

START_TEST(test_references_decoded)
{
	expect("&#20013;&#x6587;&#X6587;", "中文文", 3);
	expect("首页&nbsp;&gt;&nbsp;要闻", "首页\xC2\xA0>\xC2\xA0要闻", 3);
	expect("&ldquo;一把手&rdquo;工程", "“一把手”工程", 2);
	expect("AT&amp;T &copy; 2001 &hellip;", "AT&T © 2001 …", 3);
	expect("&apos;x&quot;", "'x\"", 2);
	expect("&#150;&#128;", "–€", 2);  /* C1 numbers mean Windows-1252 */
	expect("&#128512;", "😀", 1);
	/* a UTF-16 surrogate pair written as two references is one character */
	expect("&#55357;&#56832;开心&#xD83D;&#xDC4D;", "😀开心👍", 2);
}
END_TEST

START_TEST(test_non_references_untouched)
{
	static const char *clean[] = {
		"R&D", "&", "&&", "a & b", "&foo;", "&nbsp", "&#;", "&#x;", "&#0;",
		"&#xD800;", "&#1114112;", "&#123456789012;", "&#12a;", "&NBSP;",
		"&#55357;x", "&#56832;&#55357;", "&#55357;&#55357;",
		"全市医改工作推进会议召开。", "",
	};
	size_t i;

	for (i = 0; i < sizeof clean / sizeof clean[0]; i++)
		expect(clean[i], clean[i], 0);
}
END_TEST

START_TEST(test_decoded_once)
{
	expect("&amp;nbsp;", "&nbsp;", 1);
	expect("&amp;amp;", "&amp;", 1);
}
END_TEST

START_TEST(test_binary_passes)
{
	zc_buf out = ZC_BUF_INIT;
	static const char s[] = "\xFF&lt;\0&gt;\xE4\xB8";

	ck_assert_int_eq(zc_entities_repair(s, sizeof s - 1, &out, NULL, NULL), 2);
	ck_assert_uint_eq(out.len, 6);
	ck_assert(memcmp(out.data, "\xFF<\0>\xE4\xB8", 6) == 0);
	zc_buf_free(&out);
}
END_TEST

static Suite *
entities_suite(void)
{
	Suite *s = suite_create("entities");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_references_decoded);
	tcase_add_test(tc, test_non_references_untouched);
	tcase_add_test(tc, test_decoded_once);
	tcase_add_test(tc, test_binary_passes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(entities_suite());
}
