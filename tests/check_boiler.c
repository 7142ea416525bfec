/* check_boiler.c - unit tests of stripboiler (boiler*.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "suite_main.h"

/* ---- boiler-line.c -------------------------------------------------------- */

static uint32_t *table;
static zc_buf norm;
static zc_line_features f;

static void
setup_line(void)
{
	table = zc_boiler_simplify_table();
	ck_assert_ptr_nonnull(table);
}

static void
teardown_line(void)
{
	free(table);
	zc_buf_free(&norm);
	table = NULL;
}

static void
normalise(const char *s, const char *want)
{
	ck_assert_int_eq(zc_line_normalise(s, strlen(s), table, &norm, &f), ZC_OK);
	ck_assert_msg(norm.len == strlen(want) && memcmp(norm.data ? norm.data : "", want, norm.len) == 0,
	              "normal form of \"%s\" is \"%.*s\", want \"%s\"", s,
	              (int)norm.len, norm.data ? norm.data : "", want);
}

START_TEST(test_residue_and_script)
{
	normalise("首頁(yè) > 頭條", "首页 > 头条");
	ck_assert_uint_eq(f.han, 4);
	ck_assert_uint_eq(f.breadcrumb, 1);
	ck_assert_uint_eq(f.segments, 2);
	normalise("勇?tīng)?zhēng)一流", "勇一流");
	normalise("????威海新聞網(wǎng) 3月23日,", "威海新闻网 3月23日,");
	ck_assert(f.has_date);
	ck_assert(f.ends_comma);
	/* Latin text in brackets after a non-Han character is not residue. */
	normalise("GDP (ppp)", "gdp (ppp)");
}
END_TEST

START_TEST(test_folding_and_punctuation)
{
	normalise("ＣＯＰＹＲＩＧＨＴ　２０２４", "copyright 2024");
	ck_assert_uint_eq(f.digits, 4);
	normalise("为什么？", "为什么?");
	ck_assert_uint_eq(f.stops, 1);
	ck_assert(f.ends_question);
	/* A final '?' after Han is a question mark, elsewhere an artifact. */
	normalise("为什么?", "为什么?");
	ck_assert(f.ends_sentence);
	normalise("会议召开。”", "会议召开。”");
	ck_assert(f.ends_sentence);
	ck_assert_uint_eq(f.periods, 1);
	normalise("共1,000人", "共1,000人");
	ck_assert_uint_eq(f.punct, 0);
}
END_TEST

START_TEST(test_dates_times_phones)
{
	normalise("2020-03-24 編輯: 譚立勇", "2020-03-24 编辑: 谭立勇");
	ck_assert(f.has_date);
	ck_assert(!f.has_time);
	normalise("2019年11月25日 18:57 参考消息", "2019年11月25日 18:57 参考消息");
	ck_assert(f.has_date);
	ck_assert(f.has_time);
	normalise("要什么自行车 1小时前", "要什么自行车 1小时前");
	ck_assert(f.has_time);
	normalise("廣告聯系:0593-2831322", "广告联系:0593-2831322");
	ck_assert(f.has_phone);
	normalise("增长5.3%，比2023年多", "增长5.3%,比2023年多");
	ck_assert(!f.has_date && !f.has_time && !f.has_phone);
}
END_TEST

START_TEST(test_fingerprint_ignores_script_and_spaces)
{
	uint64_t a;

	normalise("返回 首頁", "返回 首页");
	a = f.fingerprint;
	normalise("返回首页", "返回首页");
	ck_assert(a == f.fingerprint);
	normalise("返回顶部", "返回顶部");
	ck_assert(a != f.fingerprint);
}
END_TEST

START_TEST(test_invalid_and_nul_bytes)
{
	ck_assert_int_eq(zc_line_normalise("頭\xFF\0條", 8, table, &norm, &f), ZC_OK);
	ck_assert_uint_eq(f.han, 2);
	ck_assert_uint_eq(norm.len, 6);
	normalise("", "");
	ck_assert_uint_eq(f.segments, 0);
}
END_TEST

/* ---- boiler-rules.c --------------------------------------------------------- */

static zc_rules *rules;
static zc_rule_hits hits;

static void
setup_rules(void)
{
	setup_line();
	ck_assert_int_eq(zc_rules_new(&rules, table), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_FOOTER, "版权所有", strlen("版权所有")), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_FOOTER, "Copyright", 9), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_CREDIT, "编辑", strlen("编辑")), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_CREDIT, "责任编辑", strlen("责任编辑")), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_CREDIT, "记者", strlen("记者")), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_ACTION, "返回", strlen("返回")), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_ACTION, "返回首页", strlen("返回首页")), ZC_OK);
	ck_assert_int_eq(zc_rules_add(rules, ZC_RULE_ACTION, "上一篇", strlen("上一篇")), ZC_OK);
	ck_assert_int_eq(zc_rules_finish(rules), ZC_OK);
}

static void
teardown_rules(void)
{
	zc_rules_free(rules);
	rules = NULL;
	teardown_line();
}

static void
match(const char *s)
{
	ck_assert_int_eq(zc_line_normalise(s, strlen(s), table, &norm, &f), ZC_OK);
	zc_rules_match(rules, norm.data ? norm.data : "", norm.len, 1, &hits);
}

START_TEST(test_vocabulary_in_both_scripts)
{
	match("寧德網(wǎng) 版權(quán)所有,未經授權");
	ck_assert_uint_eq(hits.count[ZC_RULE_FOOTER], 1);
	ck_assert_uint_eq(hits.covered[ZC_RULE_FOOTER], 4);
	ck_assert(hits.footer_opens == 0);
	match("COPYRIGHT © 2024");
	ck_assert(hits.footer_opens);
	match("返回首頁");
	ck_assert_str_eq(hits.first[ZC_RULE_ACTION], "返回首页");   /* the longest */
	ck_assert_uint_eq(hits.covered[ZC_RULE_ACTION], 4);
}
END_TEST

START_TEST(test_link_labels)
{
	match("【上一篇】 財政部又發大消息！");
	ck_assert_str_eq(hits.link_label, "上一篇");
	match("上一篇：全省卫生健康系统安全生产工作会议召开");
	ck_assert_str_eq(hits.link_label, "上一篇");
	match("上一篇文章里我们说过，");
	ck_assert_ptr_null(hits.link_label);
}
END_TEST

START_TEST(test_credit_labels)
{
	match("責任編輯:卓金芳");
	ck_assert_str_eq(hits.credit_label, "责任编辑");
	ck_assert(hits.credit_separated);
	match("（记者 张三）");
	ck_assert_str_eq(hits.credit_label, "记者");
	ck_assert(!hits.credit_separated);
	match("记者从会上获悉，");
	ck_assert_ptr_null(hits.credit_label);
	match("本網訊(記者雷鵬程)12月3日,");
	ck_assert_ptr_null(hits.credit_label);
}
END_TEST

START_TEST(test_rules_file)
{
	char path[] = "/tmp/check_boiler_rules_XXXXXX";
	size_t bad = 0;
	FILE *fp;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs("# comment\n\nspam\t博彩\r\nend\t相关新闻\nnoclass\tx\n", fp);
	fclose(fp);
	ck_assert_int_eq(zc_rules_load(rules, path, &bad), ZC_EDATA);
	ck_assert_uint_eq(bad, 5);
	ck_assert_int_eq(zc_rules_finish(rules), ZC_OK);
	match("在线博彩");
	ck_assert_uint_eq(hits.count[ZC_RULE_SPAM], 1);   /* "\r" not in the phrase */
	match("相關新聞");
	ck_assert_uint_eq(hits.count[ZC_RULE_END], 1);
	ck_assert_int_eq(zc_rules_load(rules, "/nonexistent/rules", &bad), ZC_EREAD);
	remove(path);
}
END_TEST

/* ---- boiler-repeat.c ------------------------------------------------------- */

START_TEST(test_repeat_counts_pages)
{
	zc_repeat *rep;

	ck_assert_int_eq(zc_repeat_new(&rep, 2), ZC_OK);
	ck_assert_uint_eq(zc_repeat_count(rep, 42, 1), 1);
	ck_assert_uint_eq(zc_repeat_count(rep, 42, 1), 1);  /* same page */
	ck_assert_uint_eq(zc_repeat_count(rep, 42, 2), 2);
	ck_assert_uint_eq(zc_repeat_count(rep, 0, 2), 1);
	/* Full: a new line is not counted, known ones still are. */
	ck_assert_uint_eq(zc_repeat_count(rep, 7, 3), 1);
	ck_assert_uint_eq(zc_repeat_count(rep, 7, 4), 1);
	ck_assert_uint_eq(zc_repeat_count(rep, 42, 3), 3);
	zc_repeat_free(rep);
}
END_TEST

/* ---- boiler.c: the filter ---------------------------------------------------- */

static unsigned long empty_pages[8];
static size_t n_empty;

static void
note_empty(void *arg, unsigned long page)
{
	(void)arg;
	if (n_empty < 8)
		empty_pages[n_empty++] = page;
}

/* Run stripboiler over in[0..n) and compare with want[0..wn). */
static void
strip(const zc_boiler_opts *opts, enum zc_mode mode, const char *in, size_t n,
      const char *want, size_t wn)
{
	zc_stream_opts so = {mode, NULL, 0, 0};
	zc_boiler *b;
	zc_filter filter;
	char *got = NULL;
	size_t got_len = 0;
	FILE *fin, *fout;

	ck_assert_int_eq(zc_boiler_new(&b, opts), ZC_OK);
	zc_boiler_on_empty_page(b, note_empty, NULL);
	zc_boiler_filter(b, &filter);
	fin = n ? fmemopen((void *)in, n, "rb") : fopen("/dev/null", "rb");
	fout = open_memstream(&got, &got_len);
	ck_assert_ptr_nonnull(fin);
	ck_assert_ptr_nonnull(fout);
	ck_assert_int_eq(zc_stream_run(&filter, &so, fin, fout, NULL), ZC_OK);
	fclose(fin);
	fclose(fout);
	ck_assert_msg(got_len == wn && memcmp(got, want, wn) == 0,
	              "got \"%.*s\", want \"%.*s\"", (int)got_len, got, (int)wn, want);
	free(got);
	zc_boiler_free(b);
}
#define STRIP(in, want) strip(NULL, ZC_MODE_TEXT, in, sizeof(in) - 1, want, sizeof(want) - 1)

#define BODY1 "近日，我市第20家城市书房在东湖社区建成开放，市民可凭身份证免费借阅图书。"
#define SHORT "近日，市民可以免费借阅图书。"
#define BODY2 "书房面积约200平方米，藏书1万余册，每天开放至晚上9点。"

START_TEST(test_clean_article_unchanged)
{
	STRIP("城市书房开到家门口\n\n" BODY1 "\n\n" BODY2 "\n",
	      "城市书房开到家门口\n\n" BODY1 "\n\n" BODY2 "\n");
	STRIP(BODY1 "\r\n" BODY2, BODY1 "\r\n" BODY2);
}
END_TEST

START_TEST(test_furniture_dropped)
{
	STRIP("您当前的位置: 首页 > 要闻\n城市书房开到家门口\n"
	      "2024-03-02 09:15 来源:市文旅局\n" BODY1 "\n" BODY2 "\n"
	      "编辑:王芳\n返回顶部\n版权所有 东湖网\n",
	      "城市书房开到家门口\n" BODY1 "\n" BODY2 "\n");
}
END_TEST

/* After a heading of related stories (为你推荐: a phrase once also an
 * action word, now an end-of-article heading only), teasers of other
 * stories, a title and a long lead each, outweigh a short article: what
 * follows such a heading counts for a third. A video player's message is
 * dropped, and a video's title naming its source is no headline. */
#define TEASERS "全市新增三处口袋公园\n" \
	"近日，全市新增三处口袋公园，总面积约一万平方米，设有步道、座椅和儿童游乐设施，市民休闲又多了好去处。\n" \
	"地铁三号线开通在即\n" \
	"记者从市轨道集团获悉，地铁三号线各项准备工作已基本完成，将于下月开通试运营，全长三十多公里。\n"

START_TEST(test_related_stories_dropped)
{
	STRIP("城市书房开到家门口\n" BODY1 "\n为你推荐\n" TEASERS,
	      "城市书房开到家门口\n" BODY1 "\n");
	STRIP("城市书房开到家门口\n" BODY1 "\n相关阅读\n" TEASERS,
	      "城市书房开到家门口\n" BODY1 "\n");
	STRIP("城市书房开到家门口\n您的浏览器暂时无法播放此视频.\n"
	      "市民在书房看书 （来源：东湖网）\n" BODY1 "\n" BODY2 "\n",
	      "城市书房开到家门口\n" BODY1 "\n" BODY2 "\n");
}
END_TEST

/* A closing verse cut into short lines: a line after one that stops at a
 * comma goes on with its sentence, however short. */
START_TEST(test_sentence_across_lines_kept)
{
	STRIP("城市书房开到家门口\n" BODY1 "\n" BODY2 "\n"
	      "阅读会给生活带来改变，\n但这份改变需要\n日积月累。\n返回顶部\n",
	      "城市书房开到家门口\n" BODY1 "\n" BODY2 "\n"
	      "阅读会给生活带来改变，\n但这份改变需要\n日积月累。\n");
}
END_TEST

START_TEST(test_traditional_with_residue)
{
	STRIP("首頁(yè) > 頭條\n\n城市書(shū)房開(kāi)到家門(mén)口\n\n"
	      "2020-03-24 編輯: 譚立勇\n\n"
	      "????近日,我市第20家城市書(shū)房在東湖社區(qū)建成開(kāi)放,市民可憑身份證免費(fèi)借閱圖書(shū)。\n"
	      "\n?\n?\n\n"
	      "Copyright ? 2001-2025 All Rights Reserved\n",
	      "城市書(shū)房開(kāi)到家門(mén)口\n\n"
	      "????近日,我市第20家城市書(shū)房在東湖社區(qū)建成開(kāi)放,市民可憑身份證免費(fèi)借閱圖書(shū)。\n");
}
END_TEST

START_TEST(test_blank_runs_collapse)
{
	STRIP(BODY1 "\n\n \n\r\n\n" BODY2 "\n\n\n", BODY1 "\n\n" BODY2 "\n");
}
END_TEST

START_TEST(test_pages_without_body)
{
	zc_boiler_opts opts;

	n_empty = 0;
	STRIP("", "");
	STRIP("首页 > 新闻\n版权所有\n", "");
	zc_boiler_opts_init(&opts);
	strip(&opts, ZC_MODE_NUL, "返回首页\0" BODY1 "\0", sizeof("返回首页\0" BODY1 "\0") - 1,
	      "\0" BODY1 "\0", sizeof("\0" BODY1 "\0") - 1);
	ck_assert_uint_eq(n_empty, 3);
	ck_assert_uint_eq(empty_pages[2], 1);  /* the -z stream's first page */
}
END_TEST

START_TEST(test_min_repeat_counts_pages_so_far)
{
	static const char in[] =
		BODY1 "\n本网出品\n" BODY2 "\n\0"
		BODY1 "\n本网出品\n" BODY2 "\n\0";
	static const char want[] =
		BODY1 "\n本网出品\n" BODY2 "\n\0"
		BODY1 "\n" BODY2 "\n\0";
	zc_boiler_opts opts;

	zc_boiler_opts_init(&opts);
	opts.min_repeat = 2;
	strip(&opts, ZC_MODE_NUL, in, sizeof in - 1, want, sizeof want - 1);
	/* Off: nothing is a repeat. */
	opts.min_repeat = 0;
	strip(&opts, ZC_MODE_NUL, in, sizeof in - 1, in, sizeof in - 1);
}
END_TEST

START_TEST(test_explain)
{
	zc_boiler_opts opts;

	zc_boiler_opts_init(&opts);
	opts.explain = 1;
	/* 12 Han characters, 2 signs: 1 + 12/20 + 2 * 0.3 */
	strip(&opts, ZC_MODE_TEXT, "返回首页\n" SHORT, sizeof("返回首页\n" SHORT) - 1,
	      "DROP action 返回首页\t返回首页\nKEEP body +2.2\t" SHORT "\n",
	      sizeof("DROP action 返回首页\t返回首页\nKEEP body +2.2\t" SHORT "\n") - 1);
}
END_TEST

START_TEST(test_missing_vocabulary)
{
	zc_boiler_opts opts;
	zc_boiler *b = NULL;

	zc_boiler_opts_init(&opts);
	opts.datadir = "/nonexistent";
	ck_assert_int_eq(zc_boiler_new(&b, &opts), ZC_EREAD);
	ck_assert_ptr_null(b);
}
END_TEST

static Suite *
boiler_suite(void)
{
	Suite *s = suite_create("boiler");
	TCase *tc;

	tc = tcase_create("line");
	tcase_add_checked_fixture(tc, setup_line, teardown_line);
	tcase_add_test(tc, test_residue_and_script);
	tcase_add_test(tc, test_folding_and_punctuation);
	tcase_add_test(tc, test_dates_times_phones);
	tcase_add_test(tc, test_fingerprint_ignores_script_and_spaces);
	tcase_add_test(tc, test_invalid_and_nul_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup_rules, teardown_rules);
	tcase_add_test(tc, test_vocabulary_in_both_scripts);
	tcase_add_test(tc, test_credit_labels);
	tcase_add_test(tc, test_link_labels);
	tcase_add_test(tc, test_rules_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("repeat");
	tcase_add_test(tc, test_repeat_counts_pages);
	suite_add_tcase(s, tc);

	tc = tcase_create("filter");
	tcase_add_test(tc, test_clean_article_unchanged);
	tcase_add_test(tc, test_furniture_dropped);
	tcase_add_test(tc, test_related_stories_dropped);
	tcase_add_test(tc, test_sentence_across_lines_kept);
	tcase_add_test(tc, test_traditional_with_residue);
	tcase_add_test(tc, test_blank_runs_collapse);
	tcase_add_test(tc, test_pages_without_body);
	tcase_add_test(tc, test_min_repeat_counts_pages_so_far);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_missing_vocabulary);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(boiler_suite());
}
