/* check_charmodel.c - unit tests of charmodel.c (the character model and
 * the code page tables from iconv). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zhclean.h"
#include "charmodel.h"
#include "suite_main.h"
#include "model_fixture.h"


static double
score(const char *s)
{
	return zc_charmodel_score(model, s, strlen(s));
}

START_TEST(test_common_beats_rare)
{
	ck_assert(score("的") > score("鍙"));
	ck_assert(score("发生") > score("鍙戠敓"));
	ck_assert(score("我们") > score("浠"));
}
END_TEST

START_TEST(test_bigram_order)
{
	/* A word of the dictionary beats its characters reversed. */
	ck_assert(score("中国") > score("国中"));
	ck_assert(score("记者") > score("者记"));
	ck_assert(zc_charmodel_char_logp(model, 0x8BB0 /* 记 */, 0x8005 /* 者 */) >
	          zc_charmodel_unigram(model, 0x8005));
}
END_TEST

START_TEST(test_traditional_scored_as_simplified)
{
	ck_assert(score("頭條") > score("鐢辨"));
	ck_assert(score("記者") - score("记者") < 1.0);
	ck_assert(score("記者") - score("记者") > -1.0);
	ck_assert(score("醫療保障") > score("療醫障保"));
}
END_TEST

START_TEST(test_damage_penalised)
{
	ck_assert(score("?") < score("a"));
	ck_assert(score("\xEF\xBF\xBD") < score("的"));
	ck_assert(zc_charmodel_char_logp(model, 0, ZC_INVALID) < -15);
	ck_assert(score("café") > score("cafÃ©"));
	ck_assert(score("") == 0);
	/* A score is a sum over characters. */
	ck_assert(score("ab") < score("a"));
}
END_TEST

START_TEST(test_code_pages_from_iconv)
{
	ck_assert_uint_eq(zc_charmodel_encode2(model, ZC_CP_GBK, 0x4E2D), 0xD6D0);
	ck_assert_uint_eq(zc_charmodel_decode2(model, ZC_CP_GBK, 0xD6, 0xD0), 0x4E2D);
	ck_assert_uint_eq(zc_charmodel_encode2(model, ZC_CP_CP950, 0x4E2D), 0xA4A4);
	ck_assert_uint_eq(zc_charmodel_decode2(model, ZC_CP_CP950, 0xA4, 0xA4), 0x4E2D);
	ck_assert_uint_eq(zc_charmodel_encode2(model, ZC_CP_GBK, 'A'), 0);
	ck_assert_uint_eq(zc_charmodel_decode2(model, ZC_CP_GBK, 0x41, 0x41), 0);
	/* GBK's user-defined pairs encode the Private Use characters GB18030
	 * (and CP936, and browsers) decode them to, and decode to nothing. */
	ck_assert_uint_eq(zc_charmodel_encode2(model, ZC_CP_GBK, 0xE000), 0xAAA1);
	ck_assert_uint_eq(zc_charmodel_encode2(model, ZC_CP_GBK, 0xE234), 0xF8A1);
	ck_assert_uint_eq(zc_charmodel_encode2(model, ZC_CP_GBK, 0xE4C6), 0xA140);
	ck_assert_uint_eq(zc_charmodel_decode2(model, ZC_CP_GBK, 0xAA, 0xA1), 0);
	ck_assert_int_eq(zc_charmodel_cp1252_byte(model, 0x20AC), 0x80);
	ck_assert_int_eq(zc_charmodel_cp1252_byte(model, 0xE9), 0xE9);
	ck_assert_int_eq(zc_charmodel_cp1252_byte(model, 0x81), 0x81);
	ck_assert_int_eq(zc_charmodel_cp1252_byte(model, 0x4E2D), -1);
	ck_assert_int_eq(zc_charmodel_cp1252_byte(model, 'a'), -1);
	ck_assert_uint_eq(zc_charmodel_cp1252_char(model, 0x93), 0x201C);
	ck_assert_uint_eq(zc_charmodel_cp1252_char(model, 0x81), 0);
}
END_TEST

START_TEST(test_suspicion)
{
	ck_assert_int_eq(zc_charmodel_suspicion(model, 0x7684 /* 的 */), 0);
	ck_assert_int_eq(zc_charmodel_suspicion(model, 0x982D /* 頭 */), 0);
	ck_assert_int_eq(zc_charmodel_suspicion(model, 'a'), 0);
	ck_assert_int_eq(zc_charmodel_suspicion(model, 0xFF0C /* ， */), 0);
	ck_assert_int_eq(zc_charmodel_suspicion(model, 0xC3 /* Ã */), 2);
	ck_assert_int_eq(zc_charmodel_suspicion(model, 0xFFFD), 2);
	ck_assert_int_eq(zc_charmodel_suspicion(model, 0x9369 /* 鍩 */), 1);
}
END_TEST

/* Characters only one of the two scripts writes: traditional ones GB2312
 * lacks, simplified ones Big5 lacks (but not Hong Kong's own forms); the
 * rest, and characters both write, are neither. */
START_TEST(test_han_script)
{
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x6EC5 /* 滅 */), ZC_HAN_TRADITIONAL);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x5862 /* 塢 */), ZC_HAN_TRADITIONAL);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x5EDA /* 廚 */), ZC_HAN_TRADITIONAL);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x53A8 /* 厨 */), ZC_HAN_SIMPLIFIED);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x8F89 /* 辉 */), ZC_HAN_SIMPLIFIED);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x7684 /* 的 */), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x7FA4 /* 群, 羣 in Hong Kong */), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x4E7E /* 乾, GB2312 has it */), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x91CC /* 里, Big5 has it */), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x6237 /* 户, Hong Kong's 戶 */), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x6E29 /* 温, Hong Kong's 溫 */), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 'a'), 0);
	ck_assert_int_eq(zc_charmodel_han_script(model, 0x20000), 0);
	ck_assert_int_eq(zc_charmodel_han_script_table(model)[0x6EC5], ZC_HAN_TRADITIONAL);
}
END_TEST

START_TEST(test_missing_model_is_an_error)
{
	zc_charmodel *m = NULL;
	const char *saved = getenv("ZHCLEAN_DATADIR");
	char *copy = saved ? strdup(saved) : NULL;

	setenv("ZHCLEAN_DATADIR", "/nonexistent", 1);
	ck_assert_int_eq(zc_charmodel_open(&m), ZC_EREAD);
	ck_assert_ptr_null(m);
	setenv("ZHCLEAN_DATADIR", "/dev", 1);   /* /dev/charmodel.bin: none */
	ck_assert_int_lt(zc_charmodel_open(&m), 0);
	if (copy)
		setenv("ZHCLEAN_DATADIR", copy, 1);
	free(copy);
	zc_charmodel_close(NULL);
}
END_TEST

/* Open a copy of the real model file, changed by damage(), in a
 * directory of its own. */
static int
open_damaged(void (*damage)(unsigned char *, size_t *))
{
	const char *dir = getenv("ZHCLEAN_DATADIR");
	char src[4096], tmpdir[] = "/tmp/check_charmodel.XXXXXX", path[4096];
	unsigned char *image;
	size_t len;
	zc_charmodel *m = NULL;
	FILE *fp;
	long size;
	int rc;

	ck_assert_ptr_nonnull(dir);
	snprintf(src, sizeof src, "%s/charmodel.bin", dir);
	ck_assert_ptr_nonnull(fp = fopen(src, "rb"));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	ck_assert_int_gt(size = ftell(fp), 64);
	rewind(fp);
	len = (size_t)size;
	ck_assert_ptr_nonnull(image = malloc(len));
	ck_assert_uint_eq(fread(image, 1, len, fp), len);
	fclose(fp);
	damage(image, &len);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof path, "%s/charmodel.bin", tmpdir);
	ck_assert_ptr_nonnull(fp = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(image, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	free(image);
	setenv("ZHCLEAN_DATADIR", tmpdir, 1);
	rc = zc_charmodel_open(&m);
	src[strlen(src) - strlen("/charmodel.bin")] = '\0';
	setenv("ZHCLEAN_DATADIR", src, 1);
	unlink(path);
	rmdir(tmpdir);
	if (rc == ZC_OK)
		zc_charmodel_close(m);
	else
		ck_assert_ptr_null(m);
	return rc;
}

static void keep(unsigned char *p, size_t *len) { (void)p; (void)len; }
static void truncate_half(unsigned char *p, size_t *len) { (void)p; *len /= 2; }
static void truncate_byte(unsigned char *p, size_t *len) { (void)p; *len -= 1; }
static void truncate_header(unsigned char *p, size_t *len) { (void)p; *len = 20; }
static void old_magic(unsigned char *p, size_t *len) { (void)len; p[6] = '1'; }
static void newer_version(unsigned char *p, size_t *len) { (void)len; p[12] ^= 4; }
static void huge_offset(unsigned char *p, size_t *len) { (void)len; p[55] = 0x7F; }
static void huge_probe(unsigned char *p, size_t *len) { (void)len; p[35] = 0x7F; }

/* The byte order mark (bytes 8-11) as a machine of the other order
 * would have written it. */
static void
swap_byte_order(unsigned char *p, size_t *len)
{
	unsigned char t;

	(void)len;
	t = p[8], p[8] = p[11], p[11] = t;
	t = p[9], p[9] = p[10], p[10] = t;
}

START_TEST(test_damaged_model_is_refused)
{
	ck_assert_int_eq(open_damaged(keep), ZC_OK);
	ck_assert_int_eq(open_damaged(truncate_half), ZC_EDATA);
	ck_assert_int_eq(open_damaged(truncate_byte), ZC_EDATA);
	ck_assert_int_eq(open_damaged(truncate_header), ZC_EDATA);
	ck_assert_int_eq(open_damaged(old_magic), ZC_EDATA);
	ck_assert_int_eq(open_damaged(newer_version), ZC_EDATA);
	ck_assert_int_eq(open_damaged(huge_offset), ZC_EDATA);
	ck_assert_int_eq(open_damaged(huge_probe), ZC_EDATA);
	ck_assert_int_eq(open_damaged(swap_byte_order), ZC_EDATA);
	ck_assert_str_eq(zc_strerror(ZC_EDATA),
	                 "data file is corrupt, truncated or of another format");
}
END_TEST

static Suite *
charmodel_suite(void)
{
	Suite *s = suite_create("charmodel");
	TCase *tc = tcase_create("model");

	tcase_add_checked_fixture(tc, open_model, close_model);
	tcase_add_test(tc, test_common_beats_rare);
	tcase_add_test(tc, test_bigram_order);
	tcase_add_test(tc, test_traditional_scored_as_simplified);
	tcase_add_test(tc, test_damage_penalised);
	tcase_add_test(tc, test_code_pages_from_iconv);
	tcase_add_test(tc, test_suspicion);
	tcase_add_test(tc, test_han_script);
	suite_add_tcase(s, tc);
	tc = tcase_create("loading");
	tcase_add_test(tc, test_missing_model_is_an_error);
	tcase_add_test(tc, test_damaged_model_is_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(charmodel_suite());
}
