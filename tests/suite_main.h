/* suite_main.h - the main() every Check suite shares: run the suite in the
 * environment's mode (CK_FORK, CK_VERBOSITY) and exit 1 on any failure. */
#ifndef ZC_SUITE_MAIN_H
#define ZC_SUITE_MAIN_H

#include <check.h>
#include <stdlib.h>

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
