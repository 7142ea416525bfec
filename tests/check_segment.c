/* check_segment.c - unit tests of segment's dictionary and segmenter
 * (segdict*.c, segcut.c, segment.c), through the public API. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "suite_main.h"

static zc_segdict *dict;

static void
open_dict(void)
{
	ck_assert_int_eq(zc_segdict_open(&dict, NULL), ZC_OK);
}

static void
close_dict(void)
{
	zc_segdict_close(dict);
	dict = NULL;
}

/* Segment s with opts and compare with want. */
static void
expect_with(const zc_segdict *d, const zc_segment_opts *opts, const char *s,
            size_t n, const char *want, size_t wn)
{
	zc_segmenter *seg;
	zc_buf out = ZC_BUF_INIT;

	ck_assert_int_eq(zc_segmenter_new(&seg, d, opts), ZC_OK);
	ck_assert_int_eq(zc_segment_text(seg, s, n, &out), ZC_OK);
	expect_buf(&out, s, want, wn);
	zc_buf_free(&out);
	zc_segmenter_free(seg);
}
#define EXPECT(s, want) expect_with(dict, NULL, s, sizeof(s) - 1, want, sizeof(want) - 1)
#define EXPECT_OPTS(o, s, want) expect_with(dict, o, s, sizeof(s) - 1, want, sizeof(want) - 1)

START_TEST(test_words)
{
	EXPECT("全市医改工作推进会议召开", "全市 医改 工作 推进 会议 召开");
	/* jieba's README examples */
	EXPECT("我来到北京清华大学", "我 来到 北京 清华大学");
	EXPECT("小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
	       "小明 硕士 毕业 于 中国科学院 计算所 ， 后 在 日本京都大学 深造");
	EXPECT("", "");
}
END_TEST

START_TEST(test_hmm_finds_unknown_words)
{
	zc_segment_opts no_hmm = {NULL, 1, 0, 0};

	EXPECT("他来到了网易杭研大厦", "他 来到 了 网易 杭研 大厦");
	EXPECT_OPTS(&no_hmm, "他来到了网易杭研大厦", "他 来到 了 网易 杭 研 大厦");
}
END_TEST

START_TEST(test_latin_digits_and_the_rest)
{
	zc_segment_opts no_hmm = {NULL, 1, 0, 0};

	/* Runs of letters and digits, decimals and percentages stay whole;
	 * every other character is a token, whitespace included. */
	EXPECT("售价5999元,涨了3.5%!", "售价 5999 元 , 涨 了 3.5% !");
	EXPECT("iPhone 15", "iPhone   15");
	EXPECT("a-b_c", "a - b _ c");
	EXPECT("２０２４年", "２ ０ ２ ４ 年");
	EXPECT_OPTS(&no_hmm, "abc123中国", "abc123 中国");
	/* Invalid bytes and NUL are tokens of their own, passed as they are. */
	EXPECT("工作\xff推进\0会议\xe4\xb8", "工作 \xff 推进 \0 会议 \xe4 \xb8");
}
END_TEST

START_TEST(test_delimiter)
{
	zc_segment_opts slash = {"/", 0, 0, 0}, bar = {" | ", 0, 0, 0};
	zc_segment_opts bad = {"x", 0, 0, 0}, bad2 = {"、的", 0, 0, 0};
	zc_segmenter *seg;

	EXPECT_OPTS(&slash, "全市医改", "全市/医改");
	EXPECT_OPTS(&slash, "医改/工作", "医改///工作");
	EXPECT_OPTS(&bar, "医改 工作", "医改 |   | 工作");
	ck_assert_int_eq(zc_segmenter_new(&seg, dict, &bad), ZC_EINVAL);
	ck_assert_int_eq(zc_segmenter_new(&seg, dict, &bad2), ZC_EINVAL);
}
END_TEST

START_TEST(test_sentences)
{
	zc_segment_opts s = {NULL, 0, 1, 0};

	EXPECT_OPTS(&s, "会议召开了。工作推进！", "会议 召开 了 。\n工作 推进 ！");
	EXPECT_OPTS(&s, "“好。”他说", "“ 好 。 ”\n他 说");
	EXPECT_OPTS(&s, "Yes. 好", "Yes .  \n好");
	EXPECT_OPTS(&s, "www.example.com", "www . example . com");
	EXPECT_OPTS(&s, "真的吗？？是的", "真的 吗 ？ ？\n是 的");
}
END_TEST

START_TEST(test_traditional)
{
	zc_segment_opts t = {NULL, 0, 0, 1};

	EXPECT_OPTS(&t, "市醫療保障局等部門調研時強調", "市 醫療 保障局 等 部門 調研 時 強調");
	/* Simplified text is segmented the same either way. */
	EXPECT_OPTS(&t, "全市医改工作推进会议召开", "全市 医改 工作 推进 会议 召开");
}
END_TEST

/* Undo a segmentation with a one-byte delimiter: every token is one
 * character (or byte) not in the word set, or a run of word characters. */
static int
word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c && strchr("+#&._%-", c));
}

START_TEST(test_lossless)
{
	static const char *samples[] = {
		"全市医改工作推进会议召开", "a/b//c 中国/人民", "/", "//开头", "结尾/",
		"Hello World  中国\t人民", "x\xff/\xfe y", "3.5%/20%", "《人民日报》/“引号”",
	};
	zc_segment_opts slash = {"/", 0, 0, 0};
	zc_segmenter *seg;
	zc_buf out = ZC_BUF_INIT, back = ZC_BUF_INIT;
	size_t i, j, n;
	uint32_t cp;

	ck_assert_int_eq(zc_segmenter_new(&seg, dict, &slash), ZC_OK);
	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		zc_buf_clear(&out);
		zc_buf_clear(&back);
		ck_assert_int_eq(zc_segment_text(seg, samples[i], strlen(samples[i]), &out), ZC_OK);
		for (j = 0; j < out.len;) {
			/* one token: a run of word characters, or one character */
			n = zc_utf8_decode(out.data + j, out.len - j, &cp);
			if (cp != ZC_INVALID && (cp < 0x80 ? word_byte((unsigned char)cp) :
			                         cp >= 0x4E00 && cp <= 0x9FD5)) {
				while (j < out.len) {
					n = zc_utf8_decode(out.data + j, out.len - j, &cp);
					if (cp == ZC_INVALID || !(cp < 0x80 ? word_byte((unsigned char)cp) :
					                          cp >= 0x4E00 && cp <= 0x9FD5))
						break;
					zc_buf_append(&back, out.data + j, n);
					j += n;
				}
			} else {
				zc_buf_append(&back, out.data + j, n);
				j += n;
			}
			if (j < out.len) {
				ck_assert_int_eq(out.data[j], '/');
				j++;
			}
		}
		zc_buf_putc(&back, '\0');
		ck_assert_str_eq(back.data, samples[i]);
	}
	zc_buf_free(&out);
	zc_buf_free(&back);
	zc_segmenter_free(seg);
}
END_TEST

/* The filter cuts long lines into pieces: same output as whole lines,
 * sentence breaks ending lines as the text's own do (CRLF here, as the
 * line before the long one shows). */
START_TEST(test_filter_pieces)
{
	static const char first[] = "你好。\r\n", first_out[] = "你好 。\r\n";
	zc_stream_opts opts = {ZC_MODE_TEXT, NULL, 0, 64};
	zc_segment_opts so = {NULL, 0, 1, 0};
	zc_segmenter *seg;
	zc_filter filter;
	zc_buf in = ZC_BUF_INIT, want = ZC_BUF_INIT, text = ZC_BUF_INIT;
	char *got = NULL;
	size_t got_len = 0, k;
	FILE *fin, *fout;
	int i;

	for (i = 0; i < 200; i++)
		zc_buf_append(&text, "会议召开了。“工作推进！”Hello world. 3.5%，", strlen("会议召开了。“工作推进！”Hello world. 3.5%，"));
	ck_assert_int_eq(zc_segmenter_new(&seg, dict, &so), ZC_OK);
	ck_assert_int_eq(zc_segment_text(seg, text.data, text.len, &in), ZC_OK);
	zc_buf_append(&want, first_out, strlen(first_out));
	for (k = 0; k < in.len; k++)   /* (zc_segment_text breaks with LF) */
		if (in.data[k] == '\n')
			zc_buf_append(&want, "\r\n", 2);
		else
			zc_buf_putc(&want, in.data[k]);
	zc_buf_append(&want, "\r\n", 2);
	in.len = 0;
	zc_buf_append(&in, first, strlen(first));
	zc_buf_append(&in, text.data, text.len);
	zc_buf_append(&in, "\r\n", 2);
	zc_segmenter_filter(seg, &filter);
	fin = fmemopen(in.data, in.len, "rb");
	fout = open_memstream(&got, &got_len);
	ck_assert_int_eq(zc_stream_run(&filter, &opts, fin, fout, NULL), ZC_OK);
	fclose(fin);
	fclose(fout);
	ck_assert_uint_eq(got_len, want.len);
	ck_assert(memcmp(got, want.data, want.len) == 0);
	free(got);
	zc_buf_free(&in);
	zc_buf_free(&want);
	zc_buf_free(&text);
	zc_segmenter_free(seg);
}
END_TEST

static char *
temp_file(const char *content, size_t n)
{
	static char path[64];
	FILE *fp;

	snprintf(path, sizeof path, "/tmp/check_segment.XXXXXX");
	fclose(fdopen(mkstemp(path), "w"));
	fp = fopen(path, "wb");
	fwrite(content, 1, n, fp);
	fclose(fp);
	return path;
}

START_TEST(test_bad_dictionaries_refused)
{
	char def[4096], *path, *image;
	zc_segdict *d;
	size_t size;
	FILE *fp;

	ck_assert_int_eq(zc_segdict_open(&d, "/nonexistent/segment.dict"), ZC_EREAD);
	path = temp_file("", 0);
	ck_assert_int_eq(zc_segdict_open(&d, path), ZC_EDATA);
	remove(path);
	path = temp_file("ZCSEGDCT but not much else, and far too short to be one", 56);
	ck_assert_int_eq(zc_segdict_open(&d, path), ZC_EDATA);
	remove(path);

	/* A copy of the real one: truncated, then with one byte changed. */
	fp = fopen(zc_segdict_default_path(def, sizeof def), "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	size = (size_t)ftell(fp);
	rewind(fp);
	image = malloc(size);
	ck_assert_uint_eq(fread(image, 1, size, fp), size);
	fclose(fp);
	ck_assert_int_eq(zc_segdict_verify(def), ZC_OK);
	path = temp_file(image, size - 1);
	ck_assert_int_eq(zc_segdict_open(&d, path), ZC_EDATA);
	remove(path);
	image[size / 2] ^= 1;
	path = temp_file(image, size);
	ck_assert_int_eq(zc_segdict_open(&d, path), ZC_OK);   /* cheap checks pass */
	zc_segdict_close(d);
	ck_assert_int_eq(zc_segdict_verify(path), ZC_EDATA);  /* the checksum does not */
	remove(path);
	image[size / 2] ^= 1;
	image[0] = 'X';   /* magic */
	path = temp_file(image, size);
	ck_assert_int_eq(zc_segdict_open(&d, path), ZC_EDATA);
	remove(path);
	free(image);
}
END_TEST

START_TEST(test_other_dictionary)
{
	static const char text[] = "全市 100 n\n医改工作 50\n推进会议 50 n\n召开 20\n";
	zc_segdict *d;
	size_t bad_line = 0;
	char *path = temp_file(text, sizeof text - 1);

	ck_assert_int_eq(zc_segdict_load_jieba(&d, path, dict, &bad_line), ZC_OK);
	remove(path);
	expect_with(d, NULL, "全市医改工作推进会议召开", strlen("全市医改工作推进会议召开"),
	            "全市 医改工作 推进会议 召开", strlen("全市 医改工作 推进会议 召开"));
	zc_segdict_close(d);

	path = temp_file("好 1\n坏\n", 9);
	ck_assert_int_eq(zc_segdict_load_jieba(&d, path, dict, &bad_line), ZC_EDATA);
	ck_assert_uint_eq(bad_line, 2);
	remove(path);
}
END_TEST

START_TEST(test_user_words)
{
	static const char text[] = "\xEF\xBB\xBF医改工作 8\n\n推进会议 3 n\n杭研 0\n";
	size_t bad_line = 0;
	char *path = temp_file(text, sizeof text - 1);

	ck_assert_int_eq(zc_segdict_add_user_words(dict, path, &bad_line), ZC_OK);
	remove(path);
	EXPECT("全市医改工作推进会议召开", "全市 医改工作 推进会议 召开");
	/* frequency 0: the HMM may no longer find it whole */
	EXPECT("他来到了网易杭研大厦", "他 来到 了 网易 杭 研 大厦");

	path = temp_file("好词\n\xff\n", 8);
	ck_assert_int_eq(zc_segdict_add_user_words(dict, path, &bad_line), ZC_EDATA);
	ck_assert_uint_eq(bad_line, 2);
	remove(path);
}
END_TEST

static Suite *
segment_suite(void)
{
	Suite *s = suite_create("segment");
	TCase *words = tcase_create("words"), *dicts = tcase_create("dictionaries");

	tcase_add_checked_fixture(words, open_dict, close_dict);
	tcase_add_test(words, test_words);
	tcase_add_test(words, test_hmm_finds_unknown_words);
	tcase_add_test(words, test_latin_digits_and_the_rest);
	tcase_add_test(words, test_delimiter);
	tcase_add_test(words, test_sentences);
	tcase_add_test(words, test_traditional);
	tcase_add_test(words, test_lossless);
	tcase_add_test(words, test_filter_pieces);
	suite_add_tcase(s, words);
	tcase_add_checked_fixture(dicts, open_dict, close_dict);
	tcase_set_timeout(dicts, 30);
	tcase_add_test(dicts, test_bad_dictionaries_refused);
	tcase_add_test(dicts, test_other_dictionary);
	tcase_add_test(dicts, test_user_words);
	suite_add_tcase(s, dicts);
	return s;
}

int
main(void)
{
	return run_suite(segment_suite());
}
