/* check_convert.c - unit tests of convert.c (t2s through OpenCC). */
#include <check.h>
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "suite_main.h"

static zc_converter *conv;

static void
open_t2s(void)
{
	ck_assert_int_eq(zc_converter_open(&conv, "t2s"), ZC_OK);
}

static void
close_t2s(void)
{
	zc_converter_close(conv);
	conv = NULL;
}

/* Convert s and compare with want (both may hold NUL bytes). */
static void
expect(const char *s, size_t n, const char *want, size_t wn)
{
	zc_buf out = ZC_BUF_INIT;

	ck_assert_int_eq(zc_convert(conv, s, n, &out), ZC_OK);
	expect_buf(&out, s, want, wn);
	zc_buf_free(&out);
}
#define EXPECT(s, want) expect(s, sizeof(s) - 1, want, sizeof(want) - 1)

START_TEST(test_traditional_converted)
{
	EXPECT("首頁 > 頭條", "首页 > 头条");
	EXPECT("市衛生健康委、市醫療保障局", "市卫生健康委、市医疗保障局");
	EXPECT("編輯: 譚立勇", "编辑: 谭立勇");
}
END_TEST

START_TEST(test_clean_text_untouched)
{
	EXPECT("全市医改工作推进会议召开。", "全市医改工作推进会议召开。");
	EXPECT("Copyright 2001-2025 All Rights Reserved", "Copyright 2001-2025 All Rights Reserved");
	EXPECT("３月２３日，「引号」…… 😀", "３月２３日，「引号」…… 😀");
	EXPECT("", "");
}
END_TEST

START_TEST(test_invalid_bytes_pass_and_text_around_converts)
{
	EXPECT("頭\xFF條", "头\xFF条");
	EXPECT("頭\xE4\xB8條", "头\xE4\xB8条");
	EXPECT("頭\0條", "头\0条");
}
END_TEST

START_TEST(test_phrases_across_runs)
{
	/* Phrase dictionary entries still apply inside a run. */
	zc_buf out = ZC_BUF_INIT;
	opencc_t cc = opencc_open(ZC_OPENCC_DATADIR "/t2s.json");
	static const char *samples[] = {
		"乾隆皇帝在乾清宮", "他們的頭髮乾了", "著名的鐘錶店裡面", "後來發現了瞭解",
		"檯面上的臺灣颱風", "《老態龍鍾》的“衝突”", "a頭b條c", "1個2個，3個",
	};
	size_t i;
	char *ref;

	ck_assert(cc != (opencc_t)-1);
	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		zc_buf_clear(&out);
		ck_assert_int_eq(zc_convert(conv, samples[i], strlen(samples[i]), &out), ZC_OK);
		ref = opencc_convert_utf8(cc, samples[i], strlen(samples[i]));
		ck_assert_str_eq(out.data, ref);
		opencc_convert_utf8_free(ref);
	}
	opencc_close(cc);
	zc_buf_free(&out);
}
END_TEST

START_TEST(test_other_configs_open)
{
	static const char *names[] = {"tw2s", "hk2s", "tw2sp", ZC_OPENCC_DATADIR "/t2s.json"};
	zc_converter *c;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		ck_assert_int_eq(zc_converter_open(&c, names[i]), ZC_OK);
		zc_converter_close(c);
	}
	ck_assert_int_eq(zc_converter_open(&c, "no-such-config"), ZC_ECONFIG);
	ck_assert_int_eq(zc_converter_open(&c, "/nonexistent/x.json"), ZC_ECONFIG);
}
END_TEST

START_TEST(test_tw2sp_phrases)
{
	zc_converter *c;
	zc_buf out = ZC_BUF_INIT;

	ck_assert_int_eq(zc_converter_open(&c, "tw2sp"), ZC_OK);
	ck_assert_int_eq(zc_convert(c, "滑鼠和軟體", strlen("滑鼠和軟體"), &out), ZC_OK);
	ck_assert_str_eq(out.data, "鼠标和软件");
	zc_converter_close(c);
	zc_buf_free(&out);
}
END_TEST

START_TEST(test_simplify_char)
{
	/* traditional -> simplified, one character */
	ck_assert_uint_eq(zc_simplify_char(0x982D), 0x5934);   /* 頭 -> 头 */
	ck_assert_uint_eq(zc_simplify_char(0x9AD4), 0x4F53);   /* 體 -> 体 */
	ck_assert_uint_eq(zc_simplify_char(0x5DBD), 0x5CB3);   /* 嶽 -> 岳 */
	/* simplified, Latin, punctuation and emoji map to themselves */
	ck_assert_uint_eq(zc_simplify_char(0x5934), 0x5934);
	ck_assert_uint_eq(zc_simplify_char(0x4E48), 0x4E48);   /* 么 stays */
	ck_assert_uint_eq(zc_simplify_char(0x7240), 0x5E8A);   /* 牀 -> 床 */
	ck_assert_uint_eq(zc_simplify_char('A'), 'A');
	ck_assert_uint_eq(zc_simplify_char(0x3002), 0x3002);
	ck_assert_uint_eq(zc_simplify_char(0x1F600), 0x1F600);
}
END_TEST

/* The build-time s2tw table for one character agrees with OpenCC's own
 * s2tw on every CJK unified ideograph it converts to one character. */
uint32_t zc_traditional_tw_char(uint32_t cp);   /* internal.h */

START_TEST(test_traditional_char_as_opencc)
{
	zc_converter *s2tw;
	zc_buf out = ZC_BUF_INIT;
	char enc[4];
	uint32_t cp, got;
	size_t n, changed = 0;

	ck_assert_int_eq(zc_converter_open(&s2tw, "s2tw"), ZC_OK);
	for (cp = 0x4E00; cp <= 0x9FFF; cp++) {
		n = zc_utf8_encode(cp, enc);
		zc_buf_clear(&out);
		ck_assert_int_eq(zc_convert(s2tw, enc, n, &out), ZC_OK);
		if (zc_utf8_decode(out.data, out.len, &got) != out.len)
			continue;   /* more than one character */
		ck_assert_msg(zc_traditional_tw_char(cp) == got, "U+%04X: table U+%04X, OpenCC U+%04X",
		              (unsigned)cp, (unsigned)zc_traditional_tw_char(cp), (unsigned)got);
		changed += got != cp;
	}
	ck_assert_uint_gt(changed, 2000);   /* 头 -> 頭 and the like */
	ck_assert_uint_eq(zc_traditional_tw_char(0x5934), 0x982D);
	ck_assert_uint_eq(zc_traditional_tw_char('A'), 'A');
	zc_buf_free(&out);
	zc_converter_close(s2tw);
}
END_TEST

/* Every character of a simplified page maps to itself. */
START_TEST(test_simplify_keeps_simplified_page)
{
	char path[4096], *line = NULL;
	size_t cap = 0, i, step;
	ssize_t got;
	uint32_t cp;
	FILE *fp;

	snprintf(path, sizeof path, "%s/testdata/seeds/002_1529a6c6ac043599.txt",
	         getenv("top_srcdir") ? getenv("top_srcdir") : "..");
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while ((got = getline(&line, &cap, fp)) > 0)
		for (i = 0; i < (size_t)got; i += step) {
			step = zc_utf8_decode(line + i, (size_t)got - i, &cp);
			if (cp != ZC_INVALID)
				ck_assert_msg(zc_simplify_char(cp) == cp, "U+%04X changed", cp);
		}
	free(line);
	fclose(fp);
}
END_TEST

static Suite *
convert_suite(void)
{
	Suite *s = suite_create("convert");
	TCase *tc = tcase_create("t2s");

	tcase_add_checked_fixture(tc, open_t2s, close_t2s);
	tcase_add_test(tc, test_traditional_converted);
	tcase_add_test(tc, test_clean_text_untouched);
	tcase_add_test(tc, test_invalid_bytes_pass_and_text_around_converts);
	tcase_add_test(tc, test_phrases_across_runs);
	tcase_add_test(tc, test_other_configs_open);
	tcase_add_test(tc, test_tw2sp_phrases);
	tcase_add_test(tc, test_simplify_char);
	tcase_add_test(tc, test_traditional_char_as_opencc);
	tcase_add_test(tc, test_simplify_keeps_simplified_page);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(convert_suite());
}
