/* check_buf.c - unit tests of buf.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "suite_main.h"

START_TEST(test_buf_grows)
{
	zc_buf b = ZC_BUF_INIT;
	int i;

	for (i = 0; i < 10000; i++)
		ck_assert_int_eq(zc_buf_append(&b, "abc", 3), ZC_OK);
	ck_assert_uint_eq(b.len, 30000);
	ck_assert_int_eq(b.data[b.len], '\0');
	ck_assert(memcmp(b.data + 29997, "abc", 3) == 0);
	zc_buf_clear(&b);
	ck_assert_uint_eq(b.len, 0);
	zc_buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

static Suite *
buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("buf");

	tcase_add_test(tc, test_buf_grows);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return run_suite(buf_suite());
}
