/* check_pinyin.c - unit tests of pinyin.c and pinyin-syllable.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pinyin.h"
#include "suite_main.h"
#include "model_fixture.h"


static void
expect_parse(const char *s, const char *base, int tone)
{
	char got[ZC_PINYIN_MAX_BASE + 1];
	int t;

	ck_assert_msg(zc_pinyin_parse(s, strlen(s), got, &t), "%s not parsed", s);
	ck_assert_str_eq(got, base);
	ck_assert_int_eq(t, tone);
}

static void
expect_no_parse(const char *s)
{
	char got[ZC_PINYIN_MAX_BASE + 1];
	int t;

	ck_assert_msg(!zc_pinyin_parse(s, strlen(s), got, &t), "%s parsed", s);
}

START_TEST(test_parse_syllables)
{
	expect_parse("zhēng", "zheng", 1);
	expect_parse("yè", "ye", 4);
	expect_parse("lǜ", "lv", 4);
	expect_parse("lü", "lv", 0);
	expect_parse("lv4", "lv", 4);
	expect_parse("ye4", "ye", 4);
	expect_parse("le", "le", 0);
	expect_parse("de5", "de", 5);
	expect_parse("zhe\xCC\x84ng", "zheng", 1);  /* combining macron */
	expect_no_parse("pīnyīn");                 /* two tones: a word */
	expect_no_parse("Zhēng");
	expect_no_parse("zheng9");
	expect_no_parse("");
	expect_no_parse("zhuangzhuang");
	expect_no_parse("a b");
}
END_TEST

START_TEST(test_syllables_and_readings)
{
	int zheng = zc_pinyin_syllable_index("zheng");

	ck_assert_int_ge(zheng, 0);
	ck_assert_int_ge(zc_pinyin_syllable_index("a"), 0);
	ck_assert_int_eq(zc_pinyin_syllable_index("pinyin"), -1);
	ck_assert_int_eq(zc_pinyin_syllable_index("xyz"), -1);
	ck_assert_int_eq(zc_pinyin_char_has(0x722D, zheng, 1), 1);  /* 爭 zhēng */
	ck_assert_int_eq(zc_pinyin_char_has(0x4E89, zheng, 1), 1);  /* 争 */
	ck_assert_int_eq(zc_pinyin_char_has(0x722D, zheng, 0), 1);
	ck_assert_int_eq(zc_pinyin_char_has(0x9801, zheng, 1), 0);  /* 頁 */
	/* 行 is xíng and háng */
	ck_assert_int_eq(zc_pinyin_char_has(0x884C, zc_pinyin_syllable_index("hang"), 2), 1);
	ck_assert_int_eq(zc_pinyin_char_has(0x884C, zc_pinyin_syllable_index("xing"), 1), 2);
}
END_TEST

/* Repair s in a fresh document state (with the model when use_model). */
static void
expect_repair_in(zc_pinyin_state *st, const char *s, const char *want, int use_model)
{
	zc_buf out = ZC_BUF_INIT;
	int rc;

	rc = zc_pinyin_repair(st, use_model ? model : NULL, s, strlen(s), &out, NULL, NULL);
	ck_assert_int_ge(rc, 0);
	expect_buf(&out, s, want, strlen(want));
	ck_assert_int_eq(rc > 0, strcmp(s, want) != 0);
	zc_buf_free(&out);
}

static void
expect_repair(const char *s, const char *want, int use_model)
{
	zc_pinyin_state *st = calloc(1, sizeof *st);

	ck_assert_ptr_nonnull(st);
	expect_repair_in(st, s, want, use_model);
	free(st);
}

START_TEST(test_residue_removed)
{
	expect_repair("首頁(yè) > 頭條", "首頁 > 頭條", 0);
	expect_repair("市衛(wèi)生健康委、市醫(yī)療保障局", "市衛生健康委、市醫療保障局", 0);
	expect_repair("调研时(shí)强调(diào)", "调研时强调", 0);
	expect_repair("頁(ye4)", "頁", 0);
	/* Weak forms (no tone, or another tone) go once toned residue is
	 * on the line. */
	expect_repair("說(shuō)了(le)話(huà)", "說了話", 0);
}
END_TEST

START_TEST(test_prose_untouched)
{
	static const char *clean[] = {
		"拼音(pīnyīn)是汉字的注音方法。",
		"方案(a)和方案(b)",
		"了(le)",                       /* weak, and nothing else shows residue */
		"在(zhèng)",                   /* not a reading of 在 */
		"F(xiàn)",                      /* not after a Han character */
		"你好?再見",
		"什么?(shénme)",
		"Hello (world)",
		"(yè)",
		"頁(yè",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof clean / sizeof clean[0]; i++)
		expect_repair(clean[i], clean[i], 0);
}
END_TEST

START_TEST(test_lost_character_restored)
{
	zc_pinyin_state *st = calloc(1, sizeof *st);

	expect_repair("的辦法一定要?jiǎng)?wù)實管用", "的辦法一定要務實管用", 1);
	/* Seen elsewhere on the page, 爭 wins between 勇 and 一. */
	zc_pinyin_note(st, "爭(zhēng)先創(chuàng)優(yōu)", strlen("爭(zhēng)先創(chuàng)優(yōu)"));
	expect_repair_in(st, "勇?tīng)?zhēng)一流", "勇爭一流", 1);
	free(st);
}
END_TEST

START_TEST(test_lost_character_marked)
{
	/* Without a model, or without a clear winner: one marker. */
	expect_repair("要?jiǎng)?wù)實", "要" ZC_PINYIN_MARKER "實", 0);
	expect_repair("勇?tīng)?zhēng)", "勇" ZC_PINYIN_MARKER, 0);
	expect_repair("a?(shí)b", "a" ZC_PINYIN_MARKER "b", 0);
}
END_TEST

START_TEST(test_unresolved)
{
	zc_pinyin_state *st = calloc(1, sizeof *st);
	const char *line = "勇?tīng)?zhēng)一流";

	ck_assert_int_eq(zc_pinyin_unresolved(st, model, "你好?", strlen("你好?")), 0);
	ck_assert_int_eq(zc_pinyin_unresolved(st, model, "要?jiǎng)?wù)實", strlen("要?jiǎng)?wù)實")), 0);
	ck_assert_int_eq(zc_pinyin_unresolved(st, model, line, strlen(line)), 1);
	zc_pinyin_note(st, "爭(zhēng)先", strlen("爭(zhēng)先"));
	ck_assert_int_eq(zc_pinyin_unresolved(st, model, line, strlen(line)), 0);
	free(st);
}
END_TEST

START_TEST(test_script_follows_document)
{
	zc_pinyin_state *st = calloc(1, sizeof *st);

	/* Simplified page: the simplified character. */
	zc_pinyin_note(st, "争(zhēng)先", strlen("争(zhēng)先"));
	expect_repair_in(st, "勇?tīng)?zhēng)一流", "勇争一流", 1);
	free(st);
}
END_TEST

START_TEST(test_maybe)
{
	ck_assert(zc_pinyin_maybe("頁(yè)", strlen("頁(yè)")));
	ck_assert(zc_pinyin_maybe("?wù)", strlen("?wù)")));
	ck_assert(!zc_pinyin_maybe("全市医改工作推进会议召开。", strlen("全市医改工作推进会议召开。")));
	ck_assert(!zc_pinyin_maybe("(1)", 3));
}
END_TEST

static Suite *
pinyin_suite(void)
{
	Suite *s = suite_create("pinyin");
	TCase *syll = tcase_create("syllables");
	TCase *res = tcase_create("residue");
	TCase *lost = tcase_create("lost");

	tcase_add_test(syll, test_parse_syllables);
	tcase_add_test(syll, test_syllables_and_readings);
	tcase_add_test(res, test_residue_removed);
	tcase_add_test(res, test_prose_untouched);
	tcase_add_test(res, test_maybe);
	tcase_add_checked_fixture(lost, open_model, close_model);
	tcase_add_test(lost, test_lost_character_restored);
	tcase_add_test(lost, test_lost_character_marked);
	tcase_add_test(lost, test_unresolved);
	tcase_add_test(lost, test_script_follows_document);
	suite_add_tcase(s, syll);
	suite_add_tcase(s, res);
	suite_add_tcase(s, lost);
	return s;
}

int
main(void)
{
	return run_suite(pinyin_suite());
}
