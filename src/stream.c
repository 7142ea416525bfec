/*
 * stream.c - the read-transform-write loop shared by every filter.
 *
 * Input is read in blocks and cut into documents (a whole input, or
 * NUL-separated records) and documents into lines, which are handed to the
 * filter's hooks. Memory is bounded by the longest line a filter must see
 * whole; filters with a safe_cut hook get long lines in pieces, so for them
 * memory is bounded whatever the input.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- output ------------------------------------------------------------ */

#define ZC_FLUSH_AT ((size_t)128 * 1024)

void
zc_out_init_file(zc_out *out, FILE *fp)
{
	memset(out, 0, sizeof *out);
	out->fp = fp;
	out->flush_at = ZC_FLUSH_AT;
}

void
zc_out_init_memory(zc_out *out)
{
	memset(out, 0, sizeof *out);
}

int
zc_out_flush(zc_out *out)
{
	if (out->fp == NULL || out->buf.len == 0)
		return ZC_OK;
	errno = 0;
	if (fwrite(out->buf.data, 1, out->buf.len, out->fp) != out->buf.len ||
	    fflush(out->fp) != 0)
		return errno == EPIPE ? ZC_EPIPE : ZC_EWRITE;
	zc_buf_clear(&out->buf);
	return ZC_OK;
}

int
zc_out_write(zc_out *out, const void *p, size_t n)
{
	int rc;

	if ((rc = zc_buf_append(&out->buf, p, n)) != ZC_OK)
		return rc;
	if (out->fp && out->buf.len >= out->flush_at)
		return zc_out_flush(out);
	return ZC_OK;
}

int
zc_out_puts(zc_out *out, const char *s)
{
	return zc_out_write(out, s, strlen(s));
}

void
zc_out_free(zc_out *out)
{
	zc_buf_free(&out->buf);
}

/* ---- documents into lines ---------------------------------------------- */

struct zc_doc_feeder {
	const zc_filter *filter;
	size_t piece_size;
	zc_buf pending;       /* the start of a line whose end has not come */
	size_t next_cut_try;  /* pending size at which to ask safe_cut again */
	size_t line_number;
	int line_started;     /* pieces of the current line were handed over */
	int detecting;        /* collecting the head to detect the encoding */
	zc_buf head;
	iconv_t cd;           /* (iconv_t)-1 when the document is UTF-8 */
	zc_buf converted;
	char carry[16];       /* an incomplete multibyte sequence for iconv */
	size_t carry_len;
};

int
zc_doc_feeder_new(zc_doc_feeder **feeder, const zc_filter *filter,
                  size_t piece_size)
{
	zc_doc_feeder *f;

	if ((f = calloc(1, sizeof *f)) == NULL)
		return ZC_ENOMEM;
	f->filter = filter;
	f->piece_size = piece_size ? piece_size : ZC_DEFAULT_PIECE;
	f->cd = (iconv_t)-1;
	*feeder = f;
	return ZC_OK;
}

static void
close_converter(zc_doc_feeder *f)
{
	if (f->cd != (iconv_t)-1)
		iconv_close(f->cd);
	f->cd = (iconv_t)-1;
	f->carry_len = 0;
}

void
zc_doc_feeder_free(zc_doc_feeder *f)
{
	if (f == NULL)
		return;
	close_converter(f);
	zc_buf_free(&f->pending);
	zc_buf_free(&f->head);
	zc_buf_free(&f->converted);
	free(f);
}

static int
emit_line(zc_doc_feeder *f, const char *text, size_t len, int has_eol,
          int continues, zc_out *out)
{
	zc_line line;

	line.text = text;
	line.len = len;
	line.eol = "";
	line.eol_len = 0;
	if (has_eol) {
		if (len > 0 && text[len - 1] == '\r') {
			line.len--;
			line.eol = "\r\n";
			line.eol_len = 2;
		} else {
			line.eol = "\n";
			line.eol_len = 1;
		}
	}
	line.continues = continues;
	if (!f->line_started)
		f->line_number++;
	line.number = f->line_number;
	f->line_started = continues;
	return f->filter->line(f->filter->state, &line, out);
}

/* Hand over the front of a too-long pending line, where the filter allows. */
static int
cut_pending(zc_doc_feeder *f, zc_out *out)
{
	size_t cut;
	int rc;

	if (f->filter->safe_cut == NULL || f->pending.len < f->next_cut_try)
		return ZC_OK;
	cut = f->filter->safe_cut(f->filter->state, f->pending.data, f->pending.len);
	/* Never separate the \r of a \r\n line end from its \n. */
	if (cut > 0 && cut <= f->pending.len && f->pending.data[cut - 1] == '\r')
		cut--;
	if (cut == 0 || cut > f->pending.len) {
		f->next_cut_try = f->pending.len * 2;
		return ZC_OK;
	}
	if ((rc = emit_line(f, f->pending.data, cut, 0, 1, out)) != ZC_OK)
		return rc;
	memmove(f->pending.data, f->pending.data + cut, f->pending.len - cut);
	f->pending.len -= cut;
	f->next_cut_try = f->piece_size;
	return ZC_OK;
}

static int
split_lines(zc_doc_feeder *f, const char *p, size_t n, zc_out *out)
{
	const char *nl;
	size_t len;
	int rc;

	while (n > 0) {
		if ((nl = memchr(p, '\n', n)) == NULL) {
			if ((rc = zc_buf_append(&f->pending, p, n)) != ZC_OK)
				return rc;
			return cut_pending(f, out);
		}
		len = (size_t)(nl - p);
		if (f->pending.len == 0) {
			rc = emit_line(f, p, len, 1, 0, out);
		} else {
			if ((rc = zc_buf_append(&f->pending, p, len)) != ZC_OK)
				return rc;
			rc = emit_line(f, f->pending.data, f->pending.len, 1, 0, out);
			zc_buf_clear(&f->pending);
			f->next_cut_try = f->piece_size;
		}
		if (rc != ZC_OK)
			return rc;
		p = nl + 1;
		n -= len + 1;
	}
	return ZC_OK;
}

/* ---- optional conversion from a legacy encoding ------------------------- */

static int
convert_bytes(zc_doc_feeder *f, const char *p, size_t n, int at_end, zc_out *out)
{
	char stage[4096];
	char *in, *o;
	size_t inleft, oleft;
	int rc;

	/* Join a sequence left incomplete by the previous block. */
	zc_buf_clear(&f->converted);
	if (f->carry_len) {
		if ((rc = zc_buf_append(&f->converted, f->carry, f->carry_len)) != ZC_OK ||
		    (rc = zc_buf_append(&f->converted, p, n)) != ZC_OK)
			return rc;
		f->carry_len = 0;
		p = f->converted.data;
		n = f->converted.len;
	}
	in = (char *)p;
	inleft = n;
	while (inleft > 0) {
		o = stage;
		oleft = sizeof stage;
		if (iconv(f->cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
			if (errno == EINVAL && !at_end && inleft < sizeof f->carry) {
				memcpy(f->carry, in, inleft);
				f->carry_len = inleft;
				inleft = 0;
			} else if (errno != E2BIG) {
				/* A byte the encoding does not have: it passes as it is. */
				if ((rc = split_lines(f, stage, (size_t)(o - stage), out)) != ZC_OK)
					return rc;
				o = stage;
				*o++ = *in++;
				inleft--;
			}
		}
		if ((rc = split_lines(f, stage, (size_t)(o - stage), out)) != ZC_OK)
			return rc;
	}
	return ZC_OK;
}

static int
route_bytes(zc_doc_feeder *f, const char *p, size_t n, int at_end, zc_out *out)
{
	if (f->cd != (iconv_t)-1)
		return convert_bytes(f, p, n, at_end, out);
	return split_lines(f, p, n, out);
}

static int
finish_detection(zc_doc_feeder *f, int at_end, zc_out *out)
{
	const char *enc;
	zc_buf head = f->head;
	int rc;

	f->detecting = 0;
	enc = f->filter->detect_encoding(f->filter->state, head.data ? head.data : "",
	                                 head.len, at_end);
	if (enc && strcmp(enc, "UTF-8") != 0) {
		if ((f->cd = iconv_open("UTF-8", enc)) == (iconv_t)-1)
			return ZC_EENCODING;
	}
	rc = route_bytes(f, head.data, head.len, at_end, out);
	zc_buf_clear(&f->head);
	return rc;
}

int
zc_doc_begin(zc_doc_feeder *f)
{
	zc_buf_clear(&f->pending);
	zc_buf_clear(&f->head);
	close_converter(f);
	f->next_cut_try = f->piece_size;
	f->line_number = 0;
	f->line_started = 0;
	f->detecting = f->filter->detect_encoding != NULL;
	if (f->filter->doc_begin)
		return f->filter->doc_begin(f->filter->state);
	return ZC_OK;
}

int
zc_doc_feed(zc_doc_feeder *f, const char *p, size_t n, zc_out *out)
{
	int rc;

	if (!f->detecting)
		return route_bytes(f, p, n, 0, out);
	if ((rc = zc_buf_append(&f->head, p, n)) != ZC_OK)
		return rc;
	if (f->head.len >= ZC_DETECT_HEAD)
		return finish_detection(f, 0, out);
	return ZC_OK;
}

int
zc_doc_end(zc_doc_feeder *f, zc_out *out)
{
	int rc;

	if (f->detecting && (rc = finish_detection(f, 1, out)) != ZC_OK)
		return rc;
	if (f->cd != (iconv_t)-1 && f->carry_len) {
		/* A truncated sequence at the very end passes as it is. */
		if ((rc = split_lines(f, f->carry, f->carry_len, out)) != ZC_OK)
			return rc;
		f->carry_len = 0;
	}
	if (f->pending.len > 0 || f->line_started) {
		rc = emit_line(f, f->pending.data ? f->pending.data : "",
		               f->pending.len, 0, 0, out);
		zc_buf_clear(&f->pending);
		if (rc != ZC_OK)
			return rc;
	}
	close_converter(f);
	if (f->filter->doc_end)
		return f->filter->doc_end(f->filter->state, out);
	return ZC_OK;
}

/* ---- the run ------------------------------------------------------------ */

static int
read_block(FILE *in, char *block, size_t *got)
{
	*got = fread(block, 1, ZC_READ_BLOCK, in);
	if (*got == 0 && ferror(in))
		return ZC_EREAD;
	return ZC_OK;
}

/* Plain mode: the whole input is one document. */
static int
run_text(zc_doc_feeder *f, FILE *in, zc_out *out, char *block,
         zc_stream_stats *stats)
{
	size_t got;
	int rc;

	if ((rc = zc_doc_begin(f)) != ZC_OK)
		return rc;
	stats->documents++;
	for (;;) {
		if ((rc = read_block(in, block, &got)) != ZC_OK)
			return rc;
		if (got == 0)
			break;
		if ((rc = zc_doc_feed(f, block, got, out)) != ZC_OK)
			return rc;
	}
	return zc_doc_end(f, out);
}

/* -z mode: NUL bytes end documents; a last document without one stays so. */
static int
run_nul(zc_doc_feeder *f, FILE *in, zc_out *out, char *block,
        zc_stream_stats *stats)
{
	size_t got, len;
	const char *p, *nul;
	int in_doc = 0, rc;

	for (;;) {
		if ((rc = read_block(in, block, &got)) != ZC_OK)
			return rc;
		if (got == 0)
			break;
		for (p = block; got > 0; p += len, got -= len) {
			nul = memchr(p, '\0', got);
			len = nul ? (size_t)(nul - p) + 1 : got;
			if (!in_doc) {
				if ((rc = zc_doc_begin(f)) != ZC_OK)
					return rc;
				stats->documents++;
				in_doc = 1;
			}
			if ((rc = zc_doc_feed(f, p, nul ? len - 1 : len, out)) != ZC_OK)
				return rc;
			if (nul) {
				if ((rc = zc_doc_end(f, out)) != ZC_OK ||
				    (rc = zc_out_write(out, "", 1)) != ZC_OK)
					return rc;
				in_doc = 0;
			}
		}
	}
	return in_doc ? zc_doc_end(f, out) : ZC_OK;
}

int
zc_stream_run(const zc_filter *filter, const zc_stream_opts *opts,
              FILE *in, FILE *outfp, zc_stream_stats *stats)
{
	static const zc_stream_opts defaults = {ZC_MODE_TEXT, NULL, 0, 0};
	zc_stream_stats ignored;
	zc_doc_feeder *feeder = NULL;
	zc_out out;
	char *block = NULL;
	int rc, flush_rc;

	if (opts == NULL)
		opts = &defaults;
	if (stats == NULL)
		stats = &ignored;
	memset(stats, 0, sizeof *stats);
	zc_out_init_file(&out, outfp);
	if (opts->mode == ZC_MODE_JSONL) {
		rc = zc_jsonl_run(filter, opts, in, &out, stats);
	} else if ((block = malloc(ZC_READ_BLOCK)) == NULL) {
		rc = ZC_ENOMEM;
	} else if ((rc = zc_doc_feeder_new(&feeder, filter, opts->piece_size)) == ZC_OK) {
		if (opts->mode == ZC_MODE_NUL)
			rc = run_nul(feeder, in, &out, block, stats);
		else
			rc = run_text(feeder, in, &out, block, stats);
	}
	/* Write what was done even after a read error; keep the first error. */
	flush_rc = rc == ZC_EPIPE || rc == ZC_EWRITE ? ZC_OK : zc_out_flush(&out);
	zc_doc_feeder_free(feeder);
	zc_out_free(&out);
	free(block);
	return rc != ZC_OK ? rc : flush_rc;
}
