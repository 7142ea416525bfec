/* check_qmarks.c - unit tests of qmarks.c ('?' left by codecs). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "qmarks.h"
#include "suite_main.h"

static void
expect_at(const char *s, int at_start, int whole, const char *want)
{
	zc_buf out = ZC_BUF_INIT;
	int rc = zc_qmarks_repair(s, strlen(s), at_start, whole, &out, NULL, NULL);

	ck_assert_int_ge(rc, 0);
	expect_buf(&out, s, want, strlen(want));
	ck_assert_int_eq(rc > 0, strcmp(s, want) != 0);
	zc_buf_free(&out);
}

static void
expect(const char *s, const char *want)
{
	expect_at(s, 1, 1, want);
}

START_TEST(test_lost_indentation)
{
	expect("????威海新聞網 3月23日", "威海新聞網 3月23日");
	expect("?4月18日,達川區", "4月18日,達川區");
	expect("??“重点工作”", "“重点工作”");
	expect("???\?(Hi威海客戶端記者連濤/文)", "(Hi威海客戶端記者連濤/文)");
	expect("?\?(see below)", "?\?(see below)");
	/* Hangul would not have survived GBK either */
	expect("???의존(적인) 권한", "???의존(적인) 권한");
	/* Not at the start of the line: maybe a real question mark. */
	expect_at("????威海", 0, 0, "????威海");
}
END_TEST

START_TEST(test_lone_lines)
{
	expect("?", "");
	expect("??", "");
	expect(" ? ", "");
	expect_at("?", 1, 0, "?");  /* only the start of a longer line */
}
END_TEST

START_TEST(test_copyright)
{
	expect("Copyright ? 2001-2025 湖北荊楚網絡科技股份有限公司 All Rights Reserved",
	       "Copyright © 2001-2025 湖北荊楚網絡科技股份有限公司 All Rights Reserved");
	expect("copyright ?2019 example.com", "copyright ©2019 example.com");
	expect("版權所有 ? 2020 威海新聞網", "版權所有 © 2020 威海新聞網");
	expect("All rights reserved. ? 1998 ACME", "All rights reserved. © 1998 ACME");
}
END_TEST

START_TEST(test_real_question_marks)
{
	static const char *clean[] = {
		"What? Really?", "你好吗?", "?", "???abc", "?? what", "Is this copyright?",
		"Why 2001? Because.", "为什么? 2001年", "问: ?", "a?b", "",
	};
	size_t i;

	for (i = 0; i < sizeof clean / sizeof clean[0]; i++)
		if (strcmp(clean[i], "?") != 0)
			expect(clean[i], clean[i]);
	expect_at("?", 0, 1, "?");
}
END_TEST

static Suite *
qmarks_suite(void)
{
	Suite *s = suite_create("qmarks");
	TCase *tc = tcase_create("qmarks");

	tcase_add_test(tc, test_lost_indentation);
	tcase_add_test(tc, test_lone_lines);
	tcase_add_test(tc, test_copyright);
	tcase_add_test(tc, test_real_question_marks);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(qmarks_suite());
}
