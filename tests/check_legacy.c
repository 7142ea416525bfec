/* check_legacy.c - unit tests of legacy.c (encoding detection of whole
 * inputs and of lines).
 * Inputs in legacy encodings are made from clean UTF-8 with iconv. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "legacy.h"
#include "corrupt.h"
#include "suite_main.h"

/* What zc_legacy_detect says about text converted to enc, less its last
 * `drop` bytes (the whole input). */
static const char *
detect_less(const char *text, const char *enc, size_t drop)
{
	size_t n;
	char *bytes = corrupt_convert(text, strlen(text), "UTF-8", enc, -1, &n);
	const char *r;

	ck_assert_ptr_nonnull(bytes);
	ck_assert_uint_gt(n, drop);
	r = zc_legacy_detect(NULL, bytes, n - drop);
	free(bytes);
	return r;
}

#define detect_as(text, enc) detect_less(text, enc, 0)
/* cut inside its last character */
#define detect_cut(text, enc) detect_less(text, enc, 1)

static int
same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

START_TEST(test_utf8_is_utf8)
{
	const char *damaged = "全市医改\xFF工作推进会议召开\xB8。\n";
	static const char short_damaged[] = "首頁(yè)\na\0b\xFF\xE4\xB8 頁(yè)\n";

	ck_assert_ptr_null(zc_legacy_detect(NULL, "", 0));
	ck_assert_ptr_null(zc_legacy_detect(NULL, "hello\n", 6));
	ck_assert_ptr_null(zc_legacy_detect(NULL, "全市医改工作推进会议召开。\n", 40));
	ck_assert_ptr_null(zc_legacy_detect(NULL, "\xEF\xBB\xBF中文", 9));
	/* A head cut inside a character is still UTF-8. */
	ck_assert_ptr_null(zc_legacy_detect(NULL, "首頁 > 頭條\xE6\xA2", 17));
	/* NUL bytes in UTF-8 text do not make it UTF-16. */
	ck_assert_ptr_null(zc_legacy_detect(NULL, "a\0b\0c\0\n", 7));
	/* Short damaged UTF-8: invalid and NUL bytes, a cut character. */
	ck_assert_ptr_null(zc_legacy_detect(NULL, short_damaged, sizeof short_damaged - 1));
	/* Damaged UTF-8: a few bad bytes among good characters. */
	ck_assert_ptr_null(zc_legacy_detect(NULL, damaged, strlen(damaged)));
}
END_TEST

/* Short UTF-8 with a few bad bytes stays UTF-8: read as UTF-16 it is
 * Hangul and private-use characters, as GBK or Big5 rare Han, or one
 * character of two bytes among Latin letters; a legacy reading that
 * leaves bytes it cannot decode is no reading. */
START_TEST(test_short_damaged_utf8)
{
	static const char *const damaged[] = {
		"医\xE5\xBC\n", "\xE4\xB8文\n", "x\xFE\xFF中文\n", "\xE9t\xE9\n",
		"a\xE4\xB8文\n", "r\xE9sum\xE9\n", "na\xEFve\n", "ok \xE5\xBC\n",
		"是否\x92\xAD\xE6\x94\xCB\xBE\xE5\xA3\xB0\xE9",
		"\xE1时间\xE6\x88不能是NaN",
		"No checks will be pe\xE4" "formed with regard to",
	};
	size_t i;

	for (i = 0; i < sizeof damaged / sizeof *damaged; i++)
		ck_assert_msg(zc_legacy_detect(NULL, damaged[i], strlen(damaged[i])) == NULL,
		              "%s read as %s", damaged[i],
		              zc_legacy_detect(NULL, damaged[i], strlen(damaged[i])));
}
END_TEST

/* A character cut by the end of the input is no error in any encoding:
 * short GBK, Big5 and UTF-16 cut in the middle of one are still found,
 * and short UTF-8 cut so stays UTF-8. */
START_TEST(test_cut_at_the_end)
{
	ck_assert_str_eq(detect_cut("权价值很有必要，不能随意", "GBK"), "GB18030");
	ck_assert_str_eq(detect_cut("權價值很有必要，不能隨意", "CP950"), "CP950");
	ck_assert_str_eq(detect_cut("今天天气很好，我们去公园散步。\n", "UTF-16LE"), "UTF-16LE");
	ck_assert_ptr_null(zc_legacy_detect(NULL, "\xE5\xA5\xB3\xE6", 4));   /* 女, cut */
}
END_TEST

START_TEST(test_bom)
{
	ck_assert_str_eq(zc_legacy_detect(NULL, "\xFF\xFE\x2D\x4E", 4), "UTF-16");
	ck_assert_str_eq(zc_legacy_detect(NULL, "\xFE\xFF\x4E\x2D", 4), "UTF-16");
}
END_TEST

START_TEST(test_short_lines)
{
	/* 20 bytes: ten characters in GBK, in Big5. */
	ck_assert_str_eq(detect_as("全市医改工作推进会议", "GBK"), "GB18030");
	ck_assert_str_eq(detect_as("全市醫改工作推進會議", "CP950"), "CP950");
	ck_assert_str_eq(detect_as("全市医改工作推进会议召开\n", "UTF-16LE"), "UTF-16LE");
	ck_assert_str_eq(detect_as("全市医改工作推进会议召开\n", "UTF-16BE"), "UTF-16BE");
	ck_assert_str_eq(detect_as("全市医改工作推进会议", "UTF-16LE"), "UTF-16LE");
	/* a short line with a few ASCII characters: few NUL bytes */
	ck_assert_str_eq(detect_as("Hello 世界", "UTF-16LE"), "UTF-16LE");
	ck_assert_str_eq(detect_as("新闻 News", "UTF-16BE"), "UTF-16BE");
	/* Big5 whose bytes make more two-byte UTF-8 characters by chance
	 * (D3 A4: Ӥ) than invalid bytes is not damaged UTF-8. */
	ck_assert_str_eq(detect_as("據僅供參考", "CP950"), "CP950");
	ck_assert_str_eq(detect_as("太太太太太", "CP950"), "CP950");
	ck_assert_str_eq(detect_as("或參加2024", "CP950"), "CP950");
	ck_assert_str_eq(detect_as("比爾伊恩|", "CP950"), "CP950");   /* U+7AE25 */
	/* Big5's 尤 is GBK's kana ぷ: kana out of a Chinese code page are
	 * rather the other code page's Han. */
	ck_assert_str_eq(detect_as(" 尤妮佳 L5", "CP950"), "CP950");
}
END_TEST

/* GBK whose every character makes a two-byte UTF-8 one by chance is valid
 * UTF-8, of letters from alphabets no text puts together (系统通知 is
 * ϵͳ֪ͨ: Greek, Hebrew, a combining mark); text of one alphabet, or of
 * two that read in GBK no better, stays UTF-8. */
START_TEST(test_gbk_valid_as_utf8)
{
	static const char *const gbk[] = {"系统通知", "扫一扫", "13小时前", "为什么要携", "母婴专"};
	static const char *const utf8[] = {
		"Côte d'Ivoire", "Téén", "Привет", "У-а%", "Gwichʼin", "λ é",
		"Привет, Zoë!", "Ελλάδα München", "π-électron", "שלום café",
	};
	size_t i;

	for (i = 0; i < sizeof gbk / sizeof *gbk; i++)
		ck_assert_str_eq(detect_as(gbk[i], "GBK"), "GB18030");
	for (i = 0; i < sizeof utf8 / sizeof *utf8; i++)
		ck_assert_ptr_null(zc_legacy_detect(NULL, utf8[i], strlen(utf8[i])));
}
END_TEST

/* Every line of the seed pages, alone, in each encoding it fits. */
START_TEST(test_seed_lines)
{
	static const char *const encs[] = {"GBK", "CP950", "UTF-16LE", "UTF-16BE"};
	static const char *const want[] = {"GB18030", "CP950", "UTF-16LE", "UTF-16BE"};
	const char *dir = getenv("top_srcdir");
	char path[4096], *line = NULL;
	size_t cap = 0, e, tried[4] = {0}, right[4] = {0};
	ssize_t got;
	int f;
	FILE *fp;

	for (f = 0; f < 5; f++) {
		/* The seeds are named NNN_hash.txt. */
		snprintf(path, sizeof path, "cat '%s'/testdata/seeds/%03d_*.txt",
		         dir ? dir : ".", f);
		ck_assert_ptr_nonnull(fp = popen(path, "r"));
		while ((got = getline(&line, &cap, fp)) > 0) {
			const char *r;
			if (got < 21)
				continue;   /* short lines: mostly ASCII */
			for (e = 0; e < 4; e++) {
				size_t n;
				char *b = corrupt_convert(line, (size_t)got, "UTF-8", encs[e], -1, &n);
				if (b == NULL)
					continue;   /* not encodable */
				tried[e]++;
				r = zc_legacy_detect(NULL, b, n);
				if (same(r, want[e]) || (e == 0 && same(r, NULL) && memcmp(b, line, n) == 0))
					right[e]++;
				else
					fprintf(stderr, "%s: got %s for %s", encs[e], r ? r : "UTF-8", line);
				free(b);
			}
		}
		pclose(fp);
	}
	free(line);
	for (e = 0; e < 4; e++) {
		fprintf(stderr, "legacy %s: %zu/%zu detected\n", encs[e], right[e], tried[e]);
		/* Most traditional seed lines hold pinyin CP950 lacks. */
		ck_assert_uint_gt(tried[e], e == 1 ? 5 : 20);
		ck_assert_uint_ge(right[e] * 100, tried[e] * 99);
	}
}
END_TEST

/* Random bytes: any answer, but no crash and the same answer twice. */
START_TEST(test_random_bytes)
{
	char buf[4096];
	size_t i, n;
	unsigned seed = 12345;
	const char *a;

	for (n = 1; n < sizeof buf; n = n * 3 + 1) {
		for (i = 0; i < n; i++)
			buf[i] = (char)((seed = seed * 1103515245u + 12345u) >> 16);
		a = zc_legacy_detect(NULL, buf, n);
		ck_assert(same(a, zc_legacy_detect(NULL, buf, n)));
	}
}
END_TEST

/* What zc_legacy_reader_line makes of the bytes of text in enc (UTF-8
 * itself when enc is NULL): its UTF-8, or NULL where it leaves the line. */
static char *
read_line_as(zc_legacy_reader *r, const char *text, const char *enc)
{
	size_t n = strlen(text);
	char *bytes = enc ? corrupt_convert(text, n, "UTF-8", enc, -1, &n) : strdup(text);
	zc_buf out = {0};
	const char *name = "none";
	char *res = NULL;
	int rc;

	ck_assert_ptr_nonnull(bytes);
	rc = zc_legacy_reader_line(r, bytes, n, &out, &name);
	ck_assert_int_ge(rc, 0);
	ck_assert_int_eq(rc == 1, name != NULL);
	if (rc == 1) {
		res = strndup(out.data, out.len);
		ck_assert(strcmp(name, "GB18030") == 0 || strcmp(name, "CP950") == 0);
	} else {
		ck_assert_uint_eq(out.len, 0);
	}
	zc_buf_free(&out);
	free(bytes);
	return res;
}

static void
assert_line_read(zc_legacy_reader *r, const char *text, const char *enc)
{
	char *got = read_line_as(r, text, enc);

	ck_assert_msg(got != NULL && strcmp(got, text) == 0, "%s in %s: got %s", text, enc,
	              got ? got : "(left)");
	free(got);
}

/* What zc_legacy_reader_line makes of a line of before and after in UTF-8
 * around value in enc (NULL where it leaves the line). */
static char *
read_value_as(zc_legacy_reader *r, const char *before, const char *value, const char *enc,
              const char *after)
{
	size_t n = strlen(value), nb = strlen(before), na = strlen(after);
	char *bytes = corrupt_convert(value, n, "UTF-8", enc, -1, &n), *line, *res;

	ck_assert_ptr_nonnull(bytes);
	line = malloc(nb + n + na + 1);
	ck_assert_ptr_nonnull(line);
	memcpy(line, before, nb);
	memcpy(line + nb, bytes, n);
	memcpy(line + nb + n, after, na + 1);
	res = read_line_as(r, line, NULL);
	free(line);
	free(bytes);
	return res;
}

static void
assert_value_read(zc_legacy_reader *r, const char *before, const char *value, const char *enc,
                  const char *after)
{
	char *got = read_value_as(r, before, value, enc, after);
	char *want = malloc(strlen(before) + strlen(value) + strlen(after) + 1);

	ck_assert_ptr_nonnull(want);
	strcat(strcat(strcpy(want, before), value), after);
	ck_assert_msg(got != NULL && strcmp(got, want) == 0, "%s in %s: got %s", want, enc,
	              got ? got : "(left)");
	free(want);
	free(got);
}

static void
assert_line_left(zc_legacy_reader *r, const char *bytes)
{
	char *got = read_line_as(r, bytes, NULL);

	ck_assert_msg(got == NULL, "%s read as %s", bytes, got);
}

/* A line of GBK or Big5 in a UTF-8 document is read in its encoding, two
 * characters of a word and up. */
START_TEST(test_line_in_legacy)
{
	zc_legacy_reader r;

	zc_legacy_reader_init(&r, NULL);
	assert_line_read(&r, "这一行是用GBK编码保存的新闻内容，记者报道。", "GBK");
	assert_line_read(&r, "全市医改工作推进会议召开", "GB18030");
	assert_line_read(&r, "這一行是用Big5編碼保存的新聞內容，記者報導。", "BIG5");
	assert_line_read(&r, "來源:閩東日報 記者 鄭雨桐", "BIG5");
	assert_line_read(&r, "娛樂", "BIG5");
	assert_line_read(&r, "智库报告", "GBK");
	/* no pair a word of the model, but four pairs and bytes Korean in
	 * EUC-KR has not (网 is CD F8, 號 is B8 B9 in Big5) */
	assert_line_read(&r, "鄂ICP备 13000573号-1 鄂公网安备 42010602000206号", "GBK");
	assert_line_read(&r, "鄂ICP備 13000573號-1 鄂公網安備 42010602000206號", "BIG5");
	/* Latin next to Han on one side is text */
	assert_line_read(&r, "常規IM軟件在加載HTML或富文本內容過程中", "BIG5");
	/* a first character that is valid UTF-8 by chance (路 is C2 B7), then
	 * more ASCII than is looked at before the first bad byte */
	assert_line_read(&r, "路 https://www.reuters.com/world/china/some-long-article-slug-2023-05-01/ "
	                 "国务院新闻办公室今天举行新闻发布会", "GBK");
	zc_legacy_reader_free(&r);
}
END_TEST

/* A value in GBK or Big5 between UTF-8 (a label, a suffix) is read, the
 * UTF-8 around it left as it is. */
START_TEST(test_value_in_legacy)
{
	zc_legacy_reader r;
	char *got;

	zc_legacy_reader_init(&r, NULL);
	assert_value_read(&r, "来源：", "新华社记者报道", "GBK", "");
	assert_value_read(&r, "", "全市医改工作推进会议召开", "GBK", " - 新浪网");
	/* an emoji after (F0 9F 98 80 reads in GBK as 馃榾) */
	assert_value_read(&r, "来源：", "新华社记者报道", "GBK", "\xF0\x9F\x98\x80");
	/* two values, each read on its own */
	got = read_value_as(&r, "来源：", "新华社", "GBK", "　作者：\xD5\xC5\xC8\xFD\xB7\xE1");
	ck_assert_str_eq(got ? got : "(left)", "来源：新华社　作者：张三丰");
	free(got);
	/* four bytes of Big5 that are UTF-8 by chance, in a plane of no text
	 * (件型 is A5 F3 AB AC) */
	assert_value_read(&r, "", "是否顯示物件型別", "BIG5", "（完）");
	assert_value_read(&r, "标题：", "全市醫改工作推進會議召開", "BIG5", "（完）");
	/* three characters, two with an ASCII trail byte (功 A5 5C, 了 A4 46) */
	assert_value_read(&r, "結果：", "成功了", "BIG5", "");
	/* 为 is CE AA in GBK, Ϊ in UTF-8: the UTF-8 before ends at 正文： */
	assert_value_read(&r, "正文：", "-m --machine <machine>    为 <machine> 创建文件。", "GBK", "");
	/* an Ext-B character before (𠮷, F0 A0 AE B7); 存不 in GBK holds E6 B2
	 * BB, 治, and 项。 ends in EE A1 A3, private use: UTF-8 by chance, read
	 * with the rest; Latin words between GBK are no Korean spacing */
	assert_value_read(&r, "标题：\xF0\xA0\xAE\xB7", "新华社记者报道", "GBK", "");
	assert_value_read(&r, "标题：", "内存不足，无法新建清理条目", "GBK", "　");
	assert_value_read(&r, "来源：", "请选择一个选项。", "GBK", "\xE2\x9D\xA4\xEF\xB8\x8F");
	assert_line_read(&r, "Han和Bopomofo (Han + Bopomofo的别名)", "GBK");
	/* runs of GBK between single characters of UTF-8: each on its own */
	got = read_value_as(&r, "甲：", "新华社记者", "GBK",
	                    "乙\xC8\xCB\xC3\xF1\xC8\xD5\xB1\xA8丙\xD6\xD0\xD1\xEB\xB5\xE7\xCA\xD3\xCC\xA8丁");
	ck_assert_str_eq(got ? got : "(left)", "甲：新华社记者乙人民日报丙中央电视台丁");
	free(got);
	/* left: a character of two bytes from U+0080 to U+00FF at an edge (·
	 * after a label, or 路 C2 B7 at the start of GBK: not told apart) */
	got = read_value_as(&r, "来源：新华网·", "新华社记者报道", "GBK", "");
	ck_assert_msg(got == NULL, "read as %s", got);
	/* UTF-8 letters of two bytes about the GBK run are kept: a pinyin
	 * name apart from it, a Cyrillic word touching it; what GBK makes by
	 * chance is no such word (钥 is D4 BF, Կ alone) */
	assert_value_read(&r, "作者：Lǐ Míng ", "无效的参数", "GBK", "");
	assert_value_read(&r, "来源：Россия", "表空间位置不应该位于数据目录内", "GBK", "");
	assert_value_read(&r, "說明：", "在签名中包含公钥", "GBK", "");
	/* left: 路 and 透 at the start of GBK are · and ͸ in UTF-8 */
	got = read_value_as(&r, "来源：", "路透社记者报道", "GBK", "");
	ck_assert_msg(got == NULL, "read as %s", got);
	/* left: UTF-8 that lost a byte of each of three characters (中中内 as
	 * 涓涓鍐); Korean words in brackets, spaced */
	assert_line_left(&r, "期望\xE4\xB8\xE4\xB8\xE5\x86支，得到");
	/* ... and in parts, each cut (下 and 失 whole between), or with a
	 * whole character of two bytes among them (· in 新华网·, 网's lead
	 * lost) */
	assert_line_left(&r, "默认创建\xE4\xB8下\xE6失败");
	assert_line_left(&r, "新华\xBD\x91·\xE4\xB8创建目录");
	got = read_value_as(&r, "编辑：", "[옵션] [파일]", "EUC-KR", "");
	ck_assert_msg(got == NULL, "read as %s", got);
	/* what is left: two characters (涓涓 out of 中 twice, its last byte lost);
	 * Korean with its words spaced, one pair of two a word (归诀 颇老);
	 * katakana in EUC-JP (パキスタン reads in Big5 as 由平旦正件) */
	assert_line_left(&r, "非数组\xE4\xB8\xE4\xB8");
	got = read_value_as(&r, "标题：", "백업 파일", "EUC-KR", " - 新浪网");
	ck_assert_msg(got == NULL, "read as %s", got);
	got = read_value_as(&r, "描述：", "パキスタン", "EUC-JP", "_新华网");
	ck_assert_msg(got == NULL, "read as %s", got);
	zc_legacy_reader_free(&r);
}
END_TEST

/* What is left as it is: UTF-8 (damaged or not), Latin-1, and the other
 * CJK encodings, which GBK and Big5 read too. */
START_TEST(test_line_left)
{
	zc_legacy_reader r;
	char *got;

	zc_legacy_reader_init(&r, NULL);
	assert_line_left(&r, "全市医改工作推进会议召开。");
	assert_line_left(&r, "全市医改\xFF工作推进会议召开\xB8。");
	assert_line_left(&r, "");
	assert_line_left(&r, "hello");
	/* UTF-8 that lost bytes inside Latin words (/etc始o展n in Big5) */
	assert_line_left(&r, "/etc\xA9lo\xAEin.defs");
	assert_line_left(&r, "\\fBSUB_UID_MA\xAC\xDE\\\xA9R, or");
	/* of two characters, not a word (窗位 in GBK) */
	assert_line_left(&r, "\xB4\xB0\xCE\xBB");
	/* one character (× in GBK) */
	assert_line_left(&r, "\xA1\xC1");
	ck_assert_ptr_null(read_line_as(&r, "Ça coûte très cher à Paris, déjà vu.", "LATIN1"));
	/* Japanese in EUC-JP: GBK reads its kana right and its kanji wrong */
	ck_assert_ptr_null(read_line_as(&r, "このヘルプを表示して終了", "EUC-JP"));
	ck_assert_ptr_null(read_line_as(&r, "検証", "EUC-JP"));
	ck_assert_ptr_null(read_line_as(&r, "警告: ", "EUC-JP"));
	/* Korean in EUC-KR (완료 reads as 肯丰, 잠금 관리 as 泪陛 包府), and
	 * katakana in EUC-JP (パキスタン reads in Big5 as 由平旦正件) */
	ck_assert_ptr_null(read_line_as(&r, "완료", "EUC-KR"));
	ck_assert_ptr_null(read_line_as(&r, "잠금 관리", "EUC-KR"));
	ck_assert_ptr_null(read_line_as(&r, "접속제한", "EUC-KR"));
	ck_assert_ptr_null(read_line_as(&r, "파일 이름 비교 옵션(제외 및 포함 옵션 모두 해당):", "EUC-KR"));
	ck_assert_ptr_null(read_line_as(&r, "パキスタン", "EUC-JP"));
	/* katakana that Big5 reads as common Han (失□市奶皮, 正正它奴件), a kana
	 * in two at least of the EUC-JP reading */
	ck_assert_ptr_null(read_line_as(&r, "Tar アーカイブ (lzip 圧縮)", "EUC-JP"));
	ck_assert_ptr_null(read_line_as(&r, "タタウィン", "EUC-JP"));
	ck_assert_ptr_null(read_line_as(&r, "気象庁発表", "EUC-JP"));
	/* Cyrillic in Windows-1251: two pairs of Han that make no word
	 * (岩形世) */
	ck_assert_ptr_null(read_line_as(&r, "-R, --record-separator=СТРОКА", "CP1251"));
	/* Polish in Windows-1250 (błąd as b彻d) */
	ck_assert_ptr_null(read_line_as(&r, "błąd zbierania ID innych użytkowników", "CP1250"));
	/* a byte neither GBK nor Big5 has, among GBK: the line is no GBK
	 * line of a page */
	got = read_line_as(&r, "新闻内容记者报道", "GBK");
	ck_assert_ptr_nonnull(got);
	free(got);
	assert_line_left(&r, "\xD0\xC2\xCE\xC5\xC4\xDA\xC8\xDD\xFF\xBC\xC7\xD5\xDF\xB1\xA8\xB5\xC0");
	/* damaged UTF-8: more valid characters than the rule allows (鑰儘″北巴),
	 * a kana out of two bytes lost (鏇村ゑ) */
	assert_line_left(&r, "\xE8\x80\x83\x8D\xA1\xE5\xB1\xB1\xB0\xCD");
	assert_line_left(&r, "\xE6\x9B\xB4\xE5\xA4\xF1");
	/* catalogues in EUC-JP and EUC-KR: Big5 reads the first as common Han
	 * ("%s" モードは "%s" を含みません), GBK the others as rare Han
	 * (COMMAND を実行, 이름 다음에) */
	assert_line_left(&r, "\"%s\" \xA5\xCE\xA1\xBC\xA5\xC9\xA4\xCF \"%s\" "
	                     "\xA4\xF2\xB4\xDE\xA4\xDF\xA4\xDE\xA4\xBB\xA4\xF3");
	assert_line_left(&r, "COMMAND \xA4\xF2\xBC\xC2\xB9\xD4");
	assert_line_left(&r, "\xC0\xCC\xB8\xA7 \xB4\xD9\xC0\xBD\xBF\xA1 \xBF\xC9\xBC\xC7\xC0\xBB "
	                     "\xBE\xB5 \xBC\xF6 \xBE\xF8\xBD\xC0\xB4\xCF\xB4\xD9.");
	zc_legacy_reader_free(&r);
}
END_TEST

/* A UTF-8 document with a line in GBK is UTF-8 (the line is read on its
 * own), even where the line is longer than the rest; a GBK document with
 * a line of UTF-8 is GBK. */
START_TEST(test_document_of_both)
{
	const char *before = "周霁强调,要聚焦关键保基本。\n", *after = "\n希望\n",
	           *line = "要切实加强组织领导,建立工作台账,细化推进措施,真正把“五心”卫生健康工作落到实处。";
	size_t n;
	char *gbk = corrupt_convert(line, strlen(line), "UTF-8", "GBK", -1, &n);
	char doc[1024];
	size_t len;

	ck_assert_ptr_nonnull(gbk);
	len = (size_t)snprintf(doc, sizeof doc, "%s%.*s%s", before, (int)n, gbk, after);
	ck_assert_ptr_null(zc_legacy_detect(NULL, doc, len));
	len = (size_t)snprintf(doc, sizeof doc, "%.*s\n%s%.*s\n%.*s\n", (int)n, gbk, before,
	                       (int)n, gbk, (int)n, gbk);
	ck_assert_str_eq(zc_legacy_detect(NULL, doc, len), "GB18030");
	free(gbk);
}
END_TEST

static Suite *
legacy_suite(void)
{
	Suite *s = suite_create("legacy");
	TCase *tc = tcase_create("detect");

	tcase_add_test(tc, test_utf8_is_utf8);
	tcase_add_test(tc, test_short_damaged_utf8);
	tcase_add_test(tc, test_cut_at_the_end);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_short_lines);
	tcase_add_test(tc, test_gbk_valid_as_utf8);
	tcase_add_test(tc, test_seed_lines);
	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_line_in_legacy);
	tcase_add_test(tc, test_value_in_legacy);
	tcase_add_test(tc, test_line_left);
	tcase_add_test(tc, test_document_of_both);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(legacy_suite());
}
