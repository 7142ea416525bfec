/* buf.c - a growable byte buffer; the only way zhclean holds text. */
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"

int
zc_buf_reserve(zc_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return ZC_ENOMEM;
	need = b->len + extra + 1;   /* room for a terminating NUL */
	if (need <= b->cap)
		return ZC_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if ((p = realloc(b->data, cap)) == NULL)
		return ZC_ENOMEM;
	b->data = p;
	b->cap = cap;
	return ZC_OK;
}

int
zc_buf_append(zc_buf *b, const void *p, size_t n)
{
	int rc;

	if ((rc = zc_buf_reserve(b, n)) != ZC_OK)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return ZC_OK;
}

int
zc_buf_putc(zc_buf *b, char c)
{
	return zc_buf_append(b, &c, 1);
}

void
zc_buf_clear(zc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
zc_buf_free(zc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
