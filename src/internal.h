/*
 * internal.h - declarations shared between libzhclean's source files and
 * its unit tests, but not part of the public API.
 */
#ifndef ZC_INTERNAL_H
#define ZC_INTERNAL_H

#include "zhclean.h"

/* The output sink (stream.c). */
struct zc_out {
	FILE *fp;        /* NULL: keep everything in buf */
	zc_buf buf;
	size_t flush_at; /* flush to fp once buf holds this much */
};

void zc_out_init_file(zc_out *out, FILE *fp);
void zc_out_init_memory(zc_out *out);
int zc_out_flush(zc_out *out);
void zc_out_free(zc_out *out);

/* Feeding one document's bytes through a filter (stream.c). */
typedef struct zc_doc_feeder zc_doc_feeder;
int zc_doc_feeder_new(zc_doc_feeder **feeder, const zc_filter *filter,
                      size_t piece_size);
void zc_doc_feeder_free(zc_doc_feeder *feeder);
int zc_doc_begin(zc_doc_feeder *feeder);
int zc_doc_feed(zc_doc_feeder *feeder, const char *p, size_t n, zc_out *out);
int zc_doc_end(zc_doc_feeder *feeder, zc_out *out);

/* JSON Lines mode (jsonl.c). */
int zc_jsonl_run(const zc_filter *filter, const zc_stream_opts *opts,
                 FILE *in, zc_out *out, zc_stream_stats *stats);

/* One character as OpenCC's s2tw converts it (simplify.c, from a table
 * made at build time); cp itself when it stays. */
uint32_t zc_traditional_tw_char(uint32_t cp);
/* The pairs of those two tables, sorted by their first character:
 * traditional -> simplified and simplified -> traditional. */
size_t zc_simplify_table(const uint32_t (**pairs)[2]);
size_t zc_traditional_table(const uint32_t (**pairs)[2]);
/* Whether cp is a form Hong Kong writes a character in (OpenCC's
 * HKVariants: 户, 温, 脱): traditional text, though Big5 lacks it. */
int zc_is_hk_form(uint32_t cp);

/* The length of the UTF-8 sequence byte b starts: 1 for ASCII, 2 to 4
 * for a lead byte, 0 for anything else (utf8.c). */
size_t zc_utf8_lead_length(unsigned b);
/* Whether text holds a byte of min or above (0x80: anything not ASCII;
 * 0xE3: the lead of a CJK character or above). */
int zc_has_byte_from(const char *text, size_t len, unsigned min);
/* The character that starts at text[i]; 0 at the end or where the bytes
 * are not UTF-8. */
uint32_t zc_utf8_char_at(const char *text, size_t len, size_t i);

#define ZC_READ_BLOCK ((size_t)256 * 1024)
#define ZC_DEFAULT_PIECE ((size_t)64 * 1024)
#define ZC_DETECT_HEAD ((size_t)64 * 1024)

/* zc_utf8_decode, with ASCII and well-formed 3-byte sequences inline. */
static inline size_t
zc_utf8_decode_inline(const char *text, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
		    (s[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return zc_utf8_decode(text, n, cp);
}

#endif /* ZC_INTERNAL_H */
