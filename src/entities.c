/*
 * entities.c - decoding HTML character references (&nbsp; &#20013; &#x4e2d;
 * &ldquo;) that an extractor left in the text. Only complete references
 * with their ";" are decoded, once: "&amp;nbsp;" becomes "&nbsp;", and
 * "R&D" or "&foo;" stay as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "entities.h"
#include "entities-table.h"

#define MAX_NAME 10
#define MAX_DIGITS 8

/* What Windows-1252 puts at bytes 0x80-0x9F (0: undefined): HTML maps
 * references to C1 controls through it, and c1.c the controls left in
 * text. */
static const uint16_t windows1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

uint32_t
zc_windows1252_c1(uint32_t c1)
{
	return c1 >= 0x80 && c1 <= 0x9F ? windows1252_c1[c1 - 0x80] : 0;
}

static int
cmp_entity(const void *key, const void *elem)
{
	return strcmp(key, ((const struct named_entity *)elem)->name);
}

static uint32_t
decode_named(const char *text, size_t len, size_t *used)
{
	const struct named_entity *e;
	char name[MAX_NAME + 1];
	size_t n = 0;

	while (n + 1 < len && n < MAX_NAME &&
	       ((text[n + 1] >= 'a' && text[n + 1] <= 'z') ||
	        (text[n + 1] >= 'A' && text[n + 1] <= 'Z') ||
	        (text[n + 1] >= '0' && text[n + 1] <= '9'))) {
		name[n] = text[n + 1];
		n++;
	}
	if (n == 0 || n + 1 >= len || text[n + 1] != ';')
		return 0;
	name[n] = '\0';
	e = bsearch(name, named_entities, sizeof named_entities / sizeof named_entities[0],
	            sizeof named_entities[0], cmp_entity);
	if (e == NULL)
		return 0;
	*used = n + 2;
	return e->cp;
}

/* The number of the reference "&#...;" at text[0..len) as written, 0 if
 * there is none; its length in *used. */
static uint32_t
parse_numeric(const char *text, size_t len, size_t *used)
{
	size_t i = 2, digits = 0;
	int hex = 0, d;
	uint32_t cp = 0;

	if (len < 3 || text[0] != '&' || text[1] != '#')
		return 0;
	if (i < len && (text[i] == 'x' || text[i] == 'X')) {
		hex = 1;
		i++;
	}
	for (; i < len && digits <= MAX_DIGITS; i++, digits++) {
		if (text[i] >= '0' && text[i] <= '9')
			d = text[i] - '0';
		else if (hex && text[i] >= 'a' && text[i] <= 'f')
			d = text[i] - 'a' + 10;
		else if (hex && text[i] >= 'A' && text[i] <= 'F')
			d = text[i] - 'A' + 10;
		else
			break;
		cp = cp * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (digits == 0 || digits > MAX_DIGITS || i >= len || text[i] != ';')
		return 0;
	*used = i + 1;
	return cp;
}

/* A numeric reference; a UTF-16 surrogate pair written as two of them
 * (&#55357;&#56832;, as Java and JavaScript pages escape emoji) is the one
 * character they make, a lone surrogate none. */
static uint32_t
decode_numeric(const char *text, size_t len, size_t *used)
{
	size_t n, n2;
	uint32_t cp = parse_numeric(text, len, &n), low;

	if (cp >= 0xD800 && cp <= 0xDBFF) {
		low = parse_numeric(text + n, len - n, &n2);
		if (low < 0xDC00 || low > 0xDFFF)
			return 0;
		*used = n + n2;
		return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
	}
	if (cp >= 0x80 && cp <= 0x9F)
		cp = zc_windows1252_c1(cp);
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*used = n;
	return cp;
}

uint32_t
zc_entity_decode(const char *text, size_t len, size_t *used)
{
	if (len < 3 || text[0] != '&')
		return 0;
	if (text[1] == '#')
		return decode_numeric(text, len, used);
	return decode_named(text, len, used);
}

int
zc_entities_repair(const char *text, size_t len, zc_buf *out,
                   zc_repair_cb cb, void *cb_arg)
{
	const char *amp;
	size_t i = 0, used, n;
	char enc[4];
	uint32_t cp;
	int changes = 0, rc;

	while ((amp = memchr(text + i, '&', len - i)) != NULL) {
		n = (size_t)(amp - text);
		if ((rc = zc_buf_append(out, text + i, n - i)) != ZC_OK)
			return rc;
		i = n;
		if ((cp = zc_entity_decode(text + i, len - i, &used)) == 0) {
			if ((rc = zc_buf_putc(out, '&')) != ZC_OK)
				return rc;
			i++;
			continue;
		}
		n = zc_utf8_encode(cp, enc);
		if ((rc = zc_buf_append(out, enc, n)) != ZC_OK)
			return rc;
		if (cb)
			cb(cb_arg, i, text + i, used, enc, n, "html-entity");
		changes++;
		i += used;
	}
	if ((rc = zc_buf_append(out, text + i, len - i)) != ZC_OK)
		return rc;
	return changes;
}
