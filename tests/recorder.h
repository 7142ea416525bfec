/* recorder.h - a zc_filter for the stream tests that writes its input
 * back unchanged and records what it was shown. */
#ifndef ZC_TEST_RECORDER_H
#define ZC_TEST_RECORDER_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
	zc_buf seen;       /* "[text|eol]" per line, "<" per doc begin, ">" per end */
} recorder;

static inline int
rec_begin(void *state)
{
	return zc_buf_putc(&((recorder *)state)->seen, '<');
}

static inline int
rec_line(void *state, const zc_line *line, zc_out *out)
{
	recorder *r = state;

	zc_buf_putc(&r->seen, '[');
	zc_buf_append(&r->seen, line->text, line->len);
	zc_buf_putc(&r->seen, '|');
	zc_buf_append(&r->seen, line->eol[0] == '\r' ? "CRLF" : line->eol_len ? "LF" : "",
	              line->eol[0] == '\r' ? 4 : line->eol_len ? 2 : 0);
	if (line->continues)
		zc_buf_putc(&r->seen, '+');
	zc_buf_putc(&r->seen, ']');
	if (zc_out_write(out, line->text, line->len) != ZC_OK)
		return ZC_ENOMEM;
	return zc_out_write(out, line->eol, line->eol_len);
}

static inline int
rec_end(void *state, zc_out *out)
{
	(void)out;
	return zc_buf_putc(&((recorder *)state)->seen, '>');
}

static inline size_t
cut_anywhere(void *state, const char *text, size_t len)
{
	(void)state;
	(void)text;
	return len > 4 ? 4 : len;
}

/* Run input through filter f; return what came out (NUL-terminated, to
 * be freed), its length in *outlen and zc_stream_run's result in *rc. */
static inline char *
run_filter(const zc_filter *f, const zc_stream_opts *o, const char *input,
           size_t n, zc_stream_stats *stats, size_t *outlen, int *rc)
{
	char *outbuf = NULL;
	size_t outsize = 0;
	FILE *in = fmemopen((void *)input, n, "rb");
	FILE *out = open_memstream(&outbuf, &outsize);

	*rc = zc_stream_run(f, o, in, out, stats);
	fclose(in);
	fclose(out);
	if (outlen)
		*outlen = outsize;
	return outbuf;
}

/* Run input through the recorder; return what came out. */
static inline char *
run(const char *input, size_t n, enum zc_mode mode, int cut, size_t piece,
    recorder *r, size_t *outlen)
{
	zc_filter f = {r, rec_begin, rec_line, rec_end, cut ? cut_anywhere : NULL, NULL};
	zc_stream_opts o = {mode, NULL, 0, piece};
	int rc;
	char *out = run_filter(&f, &o, input, n, NULL, outlen, &rc);

	ck_assert_int_eq(rc, ZC_OK);
	return out;
}

#endif
