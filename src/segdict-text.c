/*
 * segdict-text.c - reading jieba's text dictionaries into word lists:
 * dict.txt ("word freq [tag]", jieba's gen_pfdict) for the build-time
 * compiler and --dict, and the HMM tables from finalseg/prob_*.py.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "segdict-text.h"

void
segdict_words_free(struct segdict_words *wl)
{
	free(wl->words);
	free(wl->offsets);
	free(wl->pool);
	memset(wl, 0, sizeof *wl);
}

int
segdict_words_add(struct segdict_words *wl, const uint32_t *cps, size_t n,
                  uint32_t freq)
{
	size_t cap;
	void *p;

	if (wl->count == wl->cap) {
		cap = wl->cap ? wl->cap * 2 : 1024;
		if ((p = realloc(wl->words, cap * sizeof *wl->words)) == NULL)
			return ZC_ENOMEM;
		wl->words = p;
		if ((p = realloc(wl->offsets, cap * sizeof *wl->offsets)) == NULL)
			return ZC_ENOMEM;
		wl->offsets = p;
		wl->cap = cap;
	}
	if (wl->pool_len + n > wl->pool_cap) {
		for (cap = wl->pool_cap ? wl->pool_cap : 4096; cap < wl->pool_len + n; cap *= 2)
			;
		if ((p = realloc(wl->pool, cap * sizeof *wl->pool)) == NULL)
			return ZC_ENOMEM;
		wl->pool = p;
		wl->pool_cap = cap;
	}
	memcpy(wl->pool + wl->pool_len, cps, n * sizeof *cps);
	wl->offsets[wl->count] = wl->pool_len;
	wl->words[wl->count].len = (uint32_t)n;
	wl->words[wl->count].freq = freq;
	wl->words[wl->count].order = wl->count;
	wl->pool_len += n;
	wl->count++;
	return ZC_OK;
}

/* Point the words at their code points, once the pool has stopped moving. */
void
segdict_words_finish(struct segdict_words *wl)
{
	size_t i;

	for (i = 0; i < wl->count; i++)
		wl->words[i].cps = wl->pool + wl->offsets[i];
}

/* Decode all of s[0..n) (which must be valid UTF-8) into *cps. */
int
segdict_decode_strict(const char *s, size_t n, uint32_t **cps, size_t *cap,
                      size_t *len)
{
	size_t i, k = 0;
	uint32_t cp;
	void *p;

	if (n > *cap) {
		if ((p = realloc(*cps, n * sizeof **cps)) == NULL)
			return ZC_ENOMEM;
		*cps = p;
		*cap = n;
	}
	for (i = 0; i < n; k++) {
		i += zc_utf8_decode(s + i, n - i, &cp);
		if (cp == ZC_INVALID)
			return ZC_EDATA;
		(*cps)[k] = cp;
	}
	*len = k;
	return ZC_OK;
}

/* Python's bytes.strip(): ASCII whitespace at both ends. */
void
segdict_strip(char **s, size_t *n)
{
	static const char space[] = " \t\n\r\v\f";

	while (*n > 0 && memchr(space, (*s)[*n - 1], sizeof space - 1))
		(*n)--;
	while (*n > 0 && memchr(space, **s, sizeof space - 1)) {
		(*s)++;
		(*n)--;
	}
}

/* Python's int() on a frequency, limited to what the image holds. */
int
segdict_parse_freq(const char *s, size_t n, uint32_t *freq)
{
	unsigned long long v = 0;
	size_t i = 0;

	if (n > 0 && s[0] == '+')
		i++;
	if (i == n)
		return ZC_EDATA;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return ZC_EDATA;
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > UINT32_MAX)
			return ZC_EDATA;
	}
	*freq = (uint32_t)v;
	return ZC_OK;
}

/* One line of dict.txt, as gen_pfdict reads it: strip, split(' ')[:2]. */
static int
parse_dict_line(struct segdict_words *wl, char *line, size_t n,
                uint32_t **cps, size_t *cap)
{
	char *sp, *freq_end;
	size_t len;
	uint32_t freq;
	int rc;

	segdict_strip(&line, &n);
	if ((sp = memchr(line, ' ', n)) == NULL || sp == line)
		return ZC_EDATA;
	freq_end = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - line));
	if (freq_end == NULL)
		freq_end = line + n;
	if ((rc = segdict_parse_freq(sp + 1, (size_t)(freq_end - sp - 1), &freq)) != ZC_OK ||
	    (rc = segdict_decode_strict(line, (size_t)(sp - line), cps, cap, &len)) != ZC_OK)
		return rc;
	wl->total += freq;
	return segdict_words_add(wl, *cps, len, freq);
}

int
segdict_read_jieba(const char *path, struct segdict_words *wl, size_t *bad_line)
{
	char *line = NULL;
	size_t cap = 0, cps_cap = 0, lineno = 0;
	uint32_t *cps = NULL;
	ssize_t got;
	FILE *fp;
	int rc = ZC_OK;

	*bad_line = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return ZC_EREAD;
	while (rc == ZC_OK && (got = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if ((rc = parse_dict_line(wl, line, (size_t)got, &cps, &cps_cap)) != ZC_OK)
			*bad_line = lineno;
	}
	if (rc == ZC_OK && ferror(fp))
		rc = ZC_EREAD;
	fclose(fp);
	free(line);
	free(cps);
	return rc;
}

/* ---- finalseg/prob_*.py: Python dict literals --------------------------- */

struct pyparse {
	const char *p, *end;
};

static void
skip_space(struct pyparse *ps)
{
	while (ps->p < ps->end && strchr(" \t\r\n", *ps->p) && *ps->p)
		ps->p++;
}

/* A quoted key: one character, written as itself or as \uXXXX. */
static int
parse_key(struct pyparse *ps, uint32_t *cp)
{
	char quote, *e;
	size_t len;

	skip_space(ps);
	if (ps->p >= ps->end || (*ps->p != '\'' && *ps->p != '"'))
		return ZC_EDATA;
	quote = *ps->p++;
	if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
		*cp = (uint32_t)strtoul(ps->p + 2, &e, 16);
		if (e != ps->p + 6)
			return ZC_EDATA;
		ps->p += 6;
	} else {
		len = zc_utf8_decode(ps->p, (size_t)(ps->end - ps->p), cp);
		if (*cp == ZC_INVALID || *cp == '\\')
			return ZC_EDATA;
		ps->p += len;
	}
	if (ps->p >= ps->end || *ps->p++ != quote)
		return ZC_EDATA;
	return ZC_OK;
}

static int
expect_char(struct pyparse *ps, char c)
{
	skip_space(ps);
	if (ps->p >= ps->end || *ps->p != c)
		return ZC_EDATA;
	ps->p++;
	return ZC_OK;
}

static int
parse_number(struct pyparse *ps, double *v)
{
	char *e;

	skip_space(ps);
	errno = 0;
	*v = strtod(ps->p, &e);  /* correctly rounded, as Python's float() */
	if (e == ps->p || e > ps->end || errno == ERANGE)
		return ZC_EDATA;
	ps->p = e;
	return ZC_OK;
}

/* Parse "P={key: value, ...}" where a value is a number (depth 1) or
 * another such dict (depth 2); call add for each number. */
static int
parse_dict(struct pyparse *ps, int depth, uint32_t outer,
           int (*add)(void *ctx, uint32_t outer, uint32_t inner, double v), void *ctx)
{
	uint32_t key;
	double v;
	int rc;

	if ((rc = expect_char(ps, '{')) != ZC_OK)
		return rc;
	for (;;) {
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == '}')
			break;
		if ((rc = parse_key(ps, &key)) != ZC_OK || (rc = expect_char(ps, ':')) != ZC_OK)
			return rc;
		if (depth > 1)
			rc = parse_dict(ps, depth - 1, key, add, ctx);
		else if ((rc = parse_number(ps, &v)) == ZC_OK)
			rc = add(ctx, outer, key, v);
		if (rc != ZC_OK)
			return rc;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',')
			ps->p++;
	}
	ps->p++;
	return ZC_OK;
}

int
segdict_parse_pydict(const char *text, size_t n, int depth,
                     int (*add)(void *ctx, uint32_t outer, uint32_t inner, double v),
                     void *ctx)
{
	struct pyparse ps;
	const char *start;

	if ((start = strstr(text, "P=")) == NULL || (size_t)(start - text) >= n)
		return ZC_EDATA;
	ps.p = start + 2;
	ps.end = text + n;
	return parse_dict(&ps, depth, 0, add, ctx);
}
