/* datadir.c - where the data files are: $ZHCLEAN_DATADIR, else the
 * installed data directory. */
#include <stdio.h>
#include <stdlib.h>

#include "zhclean.h"

const char *
zc_data_path(const char *name, char *buf, size_t size)
{
	const char *dir = getenv("ZHCLEAN_DATADIR");

	if (dir == NULL || *dir == '\0')
		dir = ZC_PKGDATADIR;
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size)
		return NULL;
	return buf;
}
