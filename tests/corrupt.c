/* corrupt.c - encoding damage made with iconv (see corrupt.h). */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "corrupt.h"

char *
corrupt_convert(const char *s, size_t n, const char *from, const char *to,
                int bad, size_t *out_len)
{
	iconv_t cd = iconv_open(to, from);
	size_t cap = n * 4 + 16, il = n, ol = cap;
	char *out, *in = (char *)s, *op;

	if (cd == (iconv_t)-1 || (out = malloc(cap + 1)) == NULL)
		return NULL;
	op = out;
	while (il > 0 && iconv(cd, &in, &il, &op, &ol) == (size_t)-1) {
		if (errno != EILSEQ && errno != EINVAL)
			break;
		if (strcmp(from, "UTF-8") == 0) {   /* unencodable: refuse */
			free(out);
			iconv_close(cd);
			return NULL;
		}
		if (bad >= 0) {   /* the replacement, in the target (ASCII-safe) */
			*op++ = (char)bad;
			ol--;
		}
		in++;
		il--;
	}
	iconv(cd, NULL, NULL, &op, &ol);
	iconv_close(cd);
	*op = '\0';
	if (out_len)
		*out_len = (size_t)(op - out);
	return out;
}

char *
corrupt_misread(const char *text, const char *enc, const char *wrong, int bad)
{
	size_t n;
	char *bytes = corrupt_convert(text, strlen(text), "UTF-8", enc, -1, &n), *r;

	if (bytes == NULL)
		return NULL;
	r = corrupt_convert(bytes, n, wrong, "UTF-8", bad, NULL);
	free(bytes);
	return r;
}
