/* suite_main.h - what every Check suite shares: a buffer assertion, and main(): run the suite in the
 * environment's mode (CK_FORK, CK_VERBOSITY) and exit 1 on any failure. */
#ifndef ZC_SUITE_MAIN_H
#define ZC_SUITE_MAIN_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"

/* Fail unless out holds exactly want[0..want_len), naming the input. */
static inline void
expect_buf(const zc_buf *out, const char *input, const char *want, size_t want_len)
{
	ck_assert_msg(out->len == want_len &&
	              memcmp(out->data ? out->data : "", want, want_len) == 0,
	              "\"%s\" gave \"%.*s\", want \"%.*s\"", input, (int)out->len,
	              out->data ? out->data : "", (int)want_len, want);
}

static inline int
run_suite(Suite *suite)
{
	SRunner *sr = srunner_create(suite);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
