/* model_fixture.h - a Check fixture that opens demojibake's character
 * model before each test and closes it after. */
#ifndef ZC_MODEL_FIXTURE_H
#define ZC_MODEL_FIXTURE_H

#include <check.h>

#include "charmodel.h"

static zc_charmodel *model;

static void
open_model(void)
{
	ck_assert_int_eq(zc_charmodel_open(&model), ZC_OK);
}

static void
close_model(void)
{
	zc_charmodel_close(model);
	model = NULL;
}

#endif
