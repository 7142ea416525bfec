/* check_demojibake.c - unit tests of demojibake.c and demojibake-norm.c:
 * the whole filter on lines and documents. */
#include <check.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "suite_main.h"

static zc_demojibake *d;

static void
open_default(void)
{
	ck_assert_int_eq(zc_demojibake_open(&d, NULL), ZC_OK);
}

static void
close_filter(void)
{
	zc_demojibake_close(d);
	d = NULL;
}

static void
expect_line(zc_demojibake *f, const char *s, size_t n, const char *want, size_t wn)
{
	zc_buf out = ZC_BUF_INIT;
	int rc;

	zc_demojibake_reset(f);
	rc = zc_demojibake_line(f, s, n, &out);
	ck_assert_int_ge(rc, 0);
	expect_buf(&out, s, want, wn);
	zc_buf_free(&out);
}
#define EXPECT(s, want) expect_line(d, s, strlen(s), want, strlen(want))

/* Clean text of every kind comes out byte for byte. */
START_TEST(test_clean_text_unchanged)
{
	static const char *clean[] = {
		"全市医改工作推进会议召开。市委书记梁伟新在会上强调，要深入学习贯彻。",
		"全市醫改工作推進會議召開。市委書記梁偉新在會上強調，要深入學習貫徹。",
		"拼音(pīnyīn)是汉字的注音方法，例如“中国”读作Zhōngguó。",
		"你好吗?我很好!真的?",
		"What? Really? 2 + 2 = 4 (really).",
		"😀👍 表情符号🎉",
		"café, naïve, Ångström, São Paulo, Dvořák, Łódź",
		"“锟斤拷”是一种常见的乱码。",
		"３月２３日，「引号」……——《书名》【注】",
		"R&D 部门 & 研发",
		"Copyright 2001-2025 All Rights Reserved",
		"甲方(A)与乙方(B)签订合同。",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof clean / sizeof clean[0]; i++)
		EXPECT(clean[i], clean[i]);
}
END_TEST

START_TEST(test_seed_damage_repaired)
{
	EXPECT("首頁(yè) > 頭條", "首頁 > 頭條");
	EXPECT("????威海新聞網(wǎng) 3月23日,市委書(shū)記", "威海新聞網 3月23日,市委書記");
	EXPECT("?", "");
	EXPECT("Copyright ? 2001-2025 湖北荊楚網(wǎng)絡(luò)科技股份有限公司 All Rights Reserved",
	       "Copyright © 2001-2025 湖北荊楚網絡科技股份有限公司 All Rights Reserved");
	EXPECT("的辦法一定要?jiǎng)?wù)實(shí)管用", "的辦法一定要務實管用");
	EXPECT("&ldquo;一把手&rdquo;工程&#20013;", "“一把手”工程中");
}
END_TEST

/* Windows-1252 punctuation read as Latin-1 is C1 controls: they are read
 * as Windows-1252 after the mix-ups took the ones inside UTF-8 read as
 * Latin-1; the five bytes Windows-1252 leaves undefined stay. */
START_TEST(test_c1_controls)
{
	EXPECT("\xC2\x84Handwerk\xC2\x93 und \xC2\x80" "5", "„Handwerk“ und €5");
	EXPECT("他说\xC2\x93你好\xC2\x94\xC2\x85", "他说“你好”…");
	EXPECT("â\xC2\x80\xC2\x9Cquoted\xC2\x94 text", "“quoted” text");
	EXPECT("Ð\xC2\x9CÐ¾Ñ\xC2\x81ÐºÐ²Ð°", "Москва");
	EXPECT("a \xC2\x81 b \xC2\x8D c \xC2\x8F d \xC2\x90 e \xC2\x9D",
	       "a \xC2\x81 b \xC2\x8D c \xC2\x8F d \xC2\x90 e \xC2\x9D");
}
END_TEST

START_TEST(test_bytes_pass)
{
	static const char nul[] = "頁(yè)\0a\xFF\xE4\xB8";
	static const char want[] = "頁\0a\xFF\xE4\xB8";

	expect_line(d, nul, sizeof nul - 1, want, sizeof want - 1);
	expect_line(d, "\xFF\xFE\x00", 3, "\xFF\xFE\x00", 3);
}
END_TEST

START_TEST(test_options)
{
	zc_demojibake_opts opts = {0};
	zc_demojibake *f;

	opts.punct = 1;
	opts.nbsp = 1;
	ck_assert_int_eq(zc_demojibake_open(&f, &opts), ZC_OK);
	expect_line(f, "3月23日,市委書記: 王魯明", strlen("3月23日,市委書記: 王魯明"),
	            "3月23日，市委書記：王魯明", strlen("3月23日，市委書記：王魯明"));
	expect_line(f, "本網訊(記者雷鵬程)12月3日", strlen("本網訊(記者雷鵬程)12月3日"),
	            "本網訊（記者雷鵬程）12月3日", strlen("本網訊（記者雷鵬程）12月3日"));
	expect_line(f, "首页\xC2\xA0>\xC2\xA0要闻", strlen("首页\xC2\xA0>\xC2\xA0要闻"),
	            "首页 > 要闻", strlen("首页 > 要闻"));
	/* Latin punctuation stays Latin. */
	expect_line(f, "a, b: c (d) 1,000", strlen("a, b: c (d) 1,000"),
	            "a, b: c (d) 1,000", strlen("a, b: c (d) 1,000"));
	zc_demojibake_close(f);

	memset(&opts, 0, sizeof opts);
	opts.normalize = ZC_NORM_NFKC;
	ck_assert_int_eq(zc_demojibake_open(&f, &opts), ZC_OK);
	expect_line(f, "ＡＢＣ１２３ﬁ", strlen("ＡＢＣ１２３ﬁ"), "ABC123fi", strlen("ABC123fi"));
	zc_demojibake_close(f);

	opts.normalize = ZC_NORM_NFC;
	ck_assert_int_eq(zc_demojibake_open(&f, &opts), ZC_OK);
	expect_line(f, "cafe\xCC\x81 \xFF", 8, "caf\xC3\xA9 \xFF", 7);
	expect_line(f, "ＡＢＣ", strlen("ＡＢＣ"), "ＡＢＣ", strlen("ＡＢＣ"));
	zc_demojibake_close(f);

	opts.from = "NO-SUCH-ENCODING";
	ck_assert_int_eq(zc_demojibake_open(&f, &opts), ZC_EENCODING);
}
END_TEST

/* Run the filter over a whole input through the stream layer. */
static char *
run_stream(zc_demojibake *f, const char *in, size_t n, size_t *outlen)
{
	zc_filter filter;
	char *buf = NULL;
	size_t size = 0;
	FILE *fin = fmemopen((void *)in, n, "rb");
	FILE *fout = open_memstream(&buf, &size);

	ck_assert_ptr_nonnull(fin);
	ck_assert_ptr_nonnull(fout);
	zc_demojibake_filter(f, &filter);
	ck_assert_int_eq(zc_stream_run(&filter, NULL, fin, fout, NULL), ZC_OK);
	fclose(fin);
	fclose(fout);
	*outlen = size;
	return buf;
}

START_TEST(test_document_context)
{
	/* The lost character comes before the page shows 爭(zhēng): the line
	 * waits for the end of the document. */
	static const char in[] = "勇?tīng)?zhēng)一流\r\n第二行\n為威海爭(zhēng)了光";
	static const char want[] = "勇爭一流\r\n第二行\n為威海爭了光";
	size_t n;
	char *out = run_stream(d, in, sizeof in - 1, &n);

	ck_assert_uint_eq(n, sizeof want - 1);
	ck_assert(memcmp(out, want, n) == 0);
	free(out);
}
END_TEST

/* What a program shows for UTF-8 it decodes as a legacy encoding: the
 * bytes of text read with iconv from `from` (text chosen so that every
 * pair decodes). */
static char *
read_as(const char *text, const char *from, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t inleft = strlen(text), outleft = 4 * inleft + 4, cap = outleft;
	char *in = (char *)text, *out = malloc(cap), *o = out;

	ck_assert(cd != (iconv_t)-1);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1,
	              "test text does not decode as %s", from);
	iconv_close(cd);
	*outlen = cap - outleft;
	return out;
}

static void
expect_stream(const char *in, size_t n, const char *want)
{
	size_t outlen;
	char *out = run_stream(d, in, n, &outlen);

	ck_assert_msg(outlen == strlen(want) && memcmp(out, want, outlen) == 0,
	              "got \"%.*s\"\nwant \"%s\"", (int)outlen, out, want);
	free(out);
}

START_TEST(test_misread_page)
{
	/* A page of UTF-8 read as GBK as a whole: the menu items before the
	 * article are too short to judge alone (鏄撲俊 for 易信), and so are
	 * the copyright sign (漏) and no-break spaces (聽) beside no Chinese;
	 * the article's long lines show the whole page is misread. */
	static const char page[] =
		"易信\n国际\n首页\xC2\xA0\xC2\xA0>\xC2\xA0\xC2\xA0要闻\n"
		"整改及交付难题或拖累业绩表现\n"
		"科技 | 诺基亚翻盖机重出江湖，有人愿意用回功能机吗？\n"
		"Copyright \xC2\xA9 2019 Phoenix New Media\n";
	size_t n;
	char *in = read_as(page, "GBK", &n);

	ck_assert(memcmp(in, page, 6) != 0);   /* it is damaged */
	expect_stream(in, n, page);
	free(in);
}
END_TEST

/* Ruby residue in a line read as GBK: each character before '(' lost its
 * last byte there, and the letters of the reading are GBK too (yī as
 * y墨): the reading, read again, chooses the character, then goes. */
START_TEST(test_misread_residue)
{
	EXPECT("鍦ㄥ競琛\xEF\xBF\xBD(w猫i)鐢熷仴搴峰\xEF\xBF\xBD斿摗鏈\xEF\xBF\xBD",
	       "在市衛生健康委員會");
	EXPECT("甯傞啱(y墨)鐧備繚闅滃眬绛夐儴闁\xEF\xBF\xBD", "市醫療保障局等部門");
	EXPECT("鍏ㄥ競閱\xEF\xBF\xBD(y墨)鏀瑰伐浣滄帹閫叉渻璀板彫闁\xEF\xBF\xBD",
	       "全市醫改工作推進會議召開");
	/* no character clearly best (衛生 and 为生 both read well): the
	 * marker, and the residue goes */
	EXPECT("閱\xEF\xBF\xBD鐧傝\xEF\xBF\xBD\xEF\xBF\xBD(w猫i)鐢熷伐浣滄槸鍏ㄥ眬鎬\xEF\xBF\xBD",
	       "醫療〓生工作是全局性");
	/* a reading that disagrees with its character in clean text stays */
	EXPECT("行(wèi)是错的注音", "行(wèi)是错的注音");
}
END_TEST

/* UTF-8 read as Windows-1252 with the undefined bytes dropped: the pieces
 * left over between those the mix-up repair took are read again with
 * their neighbours on both sides (卫 E5 8D AB, not 叫 E5 8F AB, before
 * 生; 健 and 召 the same). */
START_TEST(test_misread_cp1252_dropped)
{
	static const char in[] = "å…¨åŽ¿å«ç”Ÿå¥åº·å¤§ä¼šå¬å¼€\n";

	expect_stream(in, sizeof in - 1, "全县卫生健康大会召开\n");
}
END_TEST

/* A lone U+FFFD (a lost emoji) before an ASCII letter or '@' is no lost
 * lead byte of a Big5/GBK swap: the Han before it stays. */
START_TEST(test_lost_emoji_before_letter)
{
	EXPECT("转发微博\xEF\xBF\xBD@人民日报 说得好", "转发微博@人民日报 说得好");
	EXPECT("QQ空\xEF\xBF\xBD" "A间", "QQ空A间");
}
END_TEST

START_TEST(test_misread_private_use)
{
	/* Browsers and Windows decode pairs iconv's GBK leaves undefined to
	 * the Private Use Area, as GB18030 does (论 is E8 AE BA: AE BA is a
	 * user-defined pair); their bytes are the text too. */
	static const char page[] = "我要评论\n发表评论\n查看全部评论\n热门评论\n";
	size_t n;
	char *in = read_as(page, "GB18030", &n);

	ck_assert_ptr_nonnull(strstr(in, "\xEE"));   /* U+E000-U+EFFF */
	expect_stream(in, n, page);
	free(in);
}
END_TEST

START_TEST(test_misread_cp1252_page)
{
	/* A page of UTF-8 read as Latin-1: a lone character ("è¸©" for
	 * 踩, next to digits) and a symbol ("â‹…") are too short to judge
	 * alone; the page's long line shows it is misread. */
	static const char page[] =
		"|+1踩0\n⋅ 12评论 ⋅\n"
		"中美贸易战正在变成一场持久战，但我们已有准备。\n";
	size_t n;
	char *in = read_as(page, "ISO-8859-1", &n);

	ck_assert(memcmp(in, page, 3) == 0 && memcmp(in + 3, page + 3, 3) != 0);
	expect_stream(in, n, page);
	free(in);
}
END_TEST

START_TEST(test_long_double_utf8)
{
	/* UTF-8 read as Latin-1 twice, a line of more than 85 characters (the
	 * repair once kept at most 256 bytes of the first reading). */
	static const char line[] =
		"“中美贸易战正在变成一场持久战，但我们已有准备。”在东莞洪梅镇，海新科技"
		"董事长杨敬辉当面告诉笔者。这家以生产综合型厨房电器为主、近半数产品销往美国"
		"的高新技术企业受到美国加征关税的巨大影响。\n";
	size_t n1, n2;
	char *once = read_as(line, "ISO-8859-1", &n1), *twice;

	once = realloc(once, n1 + 1);
	ck_assert_ptr_nonnull(once);
	once[n1] = '\0';
	twice = read_as(once, "ISO-8859-1", &n2);
	expect_stream(twice, n2, line);
	free(once);
	free(twice);
}
END_TEST

/* Clean pages that look like misread ones in places come out as they are:
 * Latin-1 letters and symbols, beside Chinese too; and characters that are
 * what UTF-8 symbols make in GBK, where they are real: 聽 (no-break space),
 * 路 (·), 楼 (¥), 漏 (©), 茅 (é), on their own lines too, in a page with no
 * misread line. */
START_TEST(test_clean_pages_unchanged)
{
	static const char *const pages[] = {
		"Crème brûlée, 25°C, 10×20, © 2019, ½ kg\n"
		"Zürich·São Paulo — “quoted” ¿Qué?\n"
		"他在Zürich住了三年，每天喝crème brûlée。\n",
		"聽\n漏洞\n10路\n三楼\n"
		"我聽說市民可以乘坐10路公交車到蕉城北路15號，再上三楼辦理。\n"
		"茅台酒廠回應稱，系統漏洞已經修復，請大家放心。\n"
		"Copyright 漏 2019\n",
	};
	size_t i;

	for (i = 0; i < sizeof pages / sizeof *pages; i++)
		expect_stream(pages[i], strlen(pages[i]), pages[i]);
}
END_TEST

START_TEST(test_misread_line_symbols)
{
	/* One misread line shows its own short runs are damage; the Chinese it
	 * was repaired to is not read again (录 is what ¼ makes in GBK). */
	static const char page[] =
		"凤凰新媒体版权所有Copyright \xC2\xA9 2019 Phoenix New Media\n"
		"用户登录 注册\n";
	size_t n;
	char *in = read_as(page, "GBK", &n);

	expect_stream(in, n, page);
	free(in);
}
END_TEST

START_TEST(test_long_line_bounded)
{
	/* A 3 MB line of text with residue: cut into pieces, same result. */
	const char unit[] = "市衛(wèi)生健康委 ";
	const char clean[] = "市衛生健康委 ";
	size_t reps = 3 * 1024 * 1024 / (sizeof unit - 1), i, n;
	char *in = malloc(reps * (sizeof unit - 1)), *out;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < reps; i++)
		memcpy(in + i * (sizeof unit - 1), unit, sizeof unit - 1);
	out = run_stream(d, in, reps * (sizeof unit - 1), &n);
	ck_assert_uint_eq(n, reps * (sizeof clean - 1));
	for (i = 0; i < reps; i++)
		ck_assert(memcmp(out + i * (sizeof clean - 1), clean, sizeof clean - 1) == 0);
	free(out);
	free(in);
}
END_TEST

static Suite *
demojibake_suite(void)
{
	Suite *s = suite_create("demojibake");
	TCase *tc = tcase_create("filter");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, open_default, close_filter);
	tcase_add_test(tc, test_clean_text_unchanged);
	tcase_add_test(tc, test_seed_damage_repaired);
	tcase_add_test(tc, test_c1_controls);
	tcase_add_test(tc, test_bytes_pass);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_document_context);
	tcase_add_test(tc, test_long_line_bounded);
	tcase_add_test(tc, test_misread_page);
	tcase_add_test(tc, test_misread_private_use);
	tcase_add_test(tc, test_misread_cp1252_page);
	tcase_add_test(tc, test_clean_pages_unchanged);
	tcase_add_test(tc, test_long_double_utf8);
	tcase_add_test(tc, test_misread_line_symbols);
	tcase_add_test(tc, test_misread_residue);
	tcase_add_test(tc, test_misread_cp1252_dropped);
	tcase_add_test(tc, test_lost_emoji_before_letter);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(demojibake_suite());
}
