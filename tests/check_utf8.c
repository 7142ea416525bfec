/* check_utf8.c - unit tests of utf8.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "suite_main.h"

START_TEST(test_utf8_decode)
{
	uint32_t cp;

	ck_assert_uint_eq(zc_utf8_decode("a", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'a');
	ck_assert_uint_eq(zc_utf8_decode("中", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x4E2D);
	ck_assert_uint_eq(zc_utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x20000);
	/* truncated, overlong, surrogate, stray continuation, 0xFF */
	ck_assert_uint_eq(zc_utf8_decode("\xE4\xB8", 2, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xC0\xAF", 2, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xE0\x80\xAF", 3, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\x80", 1, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_decode("\xFF", 1, &cp), 1);
	ck_assert_uint_eq(cp, ZC_INVALID);
}
END_TEST

START_TEST(test_utf8_encode_roundtrip)
{
	static const uint32_t cps[] = {0x41, 0xE9, 0x4E2D, 0x3000, 0x1F600, 0x2A6D6};
	char out[4];
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = zc_utf8_encode(cps[i], out);
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_eq(zc_utf8_decode(out, n, &cp), n);
		ck_assert_uint_eq(cp, cps[i]);
	}
	ck_assert_uint_eq(zc_utf8_encode(0xD800, out), 0);
	ck_assert_uint_eq(zc_utf8_encode(0x110000, out), 0);
}
END_TEST

START_TEST(test_utf8_complete_prefix)
{
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab中", 5), 5);
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab\xE4\xB8", 4), 2);
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab\xE4", 3), 2);
	ck_assert_uint_eq(zc_utf8_complete_prefix("ab\xFF", 3), 3);
	ck_assert_uint_eq(zc_utf8_complete_prefix("", 0), 0);
}
END_TEST

START_TEST(test_utf8_before)
{
	ck_assert_uint_eq(zc_utf8_before("a中", 0), 0);
	ck_assert_uint_eq(zc_utf8_before("a中", 1), 'a');
	ck_assert_uint_eq(zc_utf8_before("a中", 4), 0x4E2D);
	ck_assert_uint_eq(zc_utf8_before("a\xB8\xAD", 3), ZC_INVALID);
	ck_assert_uint_eq(zc_utf8_before("\xF0\x9F\x98\x80", 4), 0x1F600);
}
END_TEST

START_TEST(test_is_han)
{
	ck_assert(zc_is_han(0x4E2D));
	ck_assert(zc_is_han(0x3400));
	ck_assert(zc_is_han(0x20000));
	ck_assert(!zc_is_han(0x3000));
	ck_assert(!zc_is_han('a'));
	ck_assert(!zc_is_han(0xFF0C));
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("utf8");

	tcase_add_test(tc, test_utf8_decode);
	tcase_add_test(tc, test_utf8_encode_roundtrip);
	tcase_add_test(tc, test_utf8_complete_prefix);
	tcase_add_test(tc, test_utf8_before);
	tcase_add_test(tc, test_is_han);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(utf8_suite());
}
