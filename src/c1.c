/*
 * c1.c - C1 control characters left in text. Windows-1252 puts its curly
 * quotes, dashes, ellipsis and euro sign at bytes 0x80-0x9F, where Latin-1
 * has controls: text of that code page read as Latin-1 holds U+0080-U+009F
 * in their place ("\x93quoted\x94"). No text means a C1 control, so what
 * the mix-up repair left of them (it reads the ones inside UTF-8 read as
 * Latin-1 first) is read as Windows-1252.
 */
#include <string.h>

#include "internal.h"
#include "c1.h"
#include "entities.h"

/* A C1 control in UTF-8: 0xC2 then 0x80-0x9F. */
static int
is_c1_at(const char *text, size_t len, size_t i)
{
	return i + 1 < len && (unsigned char)text[i] == 0xC2 &&
	       (unsigned char)text[i + 1] >= 0x80 && (unsigned char)text[i + 1] <= 0x9F;
}

int
zc_c1_maybe(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while ((p = memchr(p, 0xC2, (size_t)(end - p))) != NULL) {
		if (is_c1_at(p, (size_t)(end - p), 0))
			return 1;
		p++;
	}
	return 0;
}

int
zc_c1_repair(const char *text, size_t len, zc_buf *out, zc_repair_cb cb, void *cb_arg)
{
	size_t i = 0, copied = 0, n;
	uint32_t cp;
	char enc[4];
	int changes = 0;

	for (; i < len; i++) {
		if (!is_c1_at(text, len, i) ||
		    (cp = zc_windows1252_c1((unsigned char)text[i + 1])) == 0)
			continue;
		n = zc_utf8_encode(cp, enc);
		if (zc_buf_append(out, text + copied, i - copied) != ZC_OK ||
		    zc_buf_append(out, enc, n) != ZC_OK)
			return ZC_ENOMEM;
		if (cb)
			cb(cb_arg, i, text + i, 2, enc, n, "c1-control");
		changes++;
		copied = i + 2;
		i++;
	}
	if (zc_buf_append(out, text + copied, len - copied) != ZC_OK)
		return ZC_ENOMEM;
	return changes;
}
