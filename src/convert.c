/*
 * convert.c - Traditional -> Simplified conversion through OpenCC.
 *
 * OpenCC costs about half a microsecond a character, refuses a whole input
 * with one invalid UTF-8 byte and stops at a NUL. So only the runs of
 * characters that occur in some dictionary key of the config are sent to
 * it, all runs of a line in one call, joined by '\n' (a character in no key,
 * so no match can cross it). Everything else is copied as it is. Because no
 * dictionary match can cross a character that is in no key, the result is
 * byte-identical to converting the whole text.
 */
#include <jansson.h>
#include <limits.h>
#include <opencc/opencc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "opencc-keychars.h"

#define ZC_MAX_CP 0x110000
#define RUN_SEPARATOR '\n'

struct zc_converter {
	opencc_t cc;
	unsigned char *keychars;  /* bitmap: 1 bit a code point */
	zc_buf batch;             /* the runs of one call, joined */
	zc_buf runs;              /* (start, end) offsets of the runs */
};

static int
is_key_char(const zc_converter *conv, uint32_t cp)
{
	return cp < ZC_MAX_CP && (conv->keychars[cp >> 3] >> (cp & 7) & 1);
}

static void
mark_range(zc_converter *conv, uint32_t first, uint32_t last)
{
	uint32_t cp;

	for (cp = first; cp <= last && cp < ZC_MAX_CP; cp++)
		conv->keychars[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

/* ---- which characters can change -------------------------------------- */

static void
dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, size, ".");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

static void
mark_one(void *conv, uint32_t cp)
{
	mark_range(conv, cp, cp);
}

/* Mark the key characters of a binary dictionary known from build time;
 * 0 if it is not the same file (name and size) we generated tables for. */
static int
mark_known_dict(zc_converter *conv, const char *path)
{
	const struct zc_keychar_dict *d;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct stat st;
	int i;

	if (stat(path, &st) != 0)
		return 0;
	for (d = zc_keychar_dicts; d->file; d++) {
		if (strcmp(d->file, base) != 0 || d->size != (long long)st.st_size)
			continue;
		for (i = 0; d->ranges[i][0] != 0; i++)
			mark_range(conv, d->ranges[i][0], d->ranges[i][1]);
		return 1;
	}
	return 0;
}

/* Mark every dictionary a config names; 0 if one is of unknown content. */
static int
mark_config_dicts(zc_converter *conv, json_t *node, const char *config_dir)
{
	char path[PATH_MAX];
	const char *key, *file, *type;
	json_t *value, *item;
	size_t i;
	int ok = 1;

	if (json_is_array(node)) {
		json_array_foreach(node, i, item)
			ok &= mark_config_dicts(conv, item, config_dir);
		return ok;
	}
	if (!json_is_object(node))
		return 1;
	file = json_string_value(json_object_get(node, "file"));
	if (file) {
		type = json_string_value(json_object_get(node, "type"));
		snprintf(path, sizeof path, "%s/%s", config_dir, file);
		if (file[0] == '/')
			snprintf(path, sizeof path, "%s", file);
		else if (access(path, R_OK) != 0)
			snprintf(path, sizeof path, "%s/%s", ZC_OPENCC_DATADIR, file);
		if (type && strcmp(type, "text") == 0)
			return zc_opencc_text_key_chars(path, mark_one, conv);
		return mark_known_dict(conv, path);
	}
	json_object_foreach(node, key, value)
		ok &= mark_config_dicts(conv, value, config_dir);
	return ok;
}

static int
load_key_chars(zc_converter *conv, const char *config_path)
{
	char config_dir[PATH_MAX];
	json_t *config;
	int known;

	if ((conv->keychars = calloc(ZC_MAX_CP / 8, 1)) == NULL)
		return ZC_ENOMEM;
	dir_of(config_path, config_dir, sizeof config_dir);
	config = json_load_file(config_path, 0, NULL);
	known = config != NULL && mark_config_dicts(conv, config, config_dir);
	json_decref(config);
	/* A dictionary we cannot read: any non-ASCII character may change. */
	if (!known)
		mark_range(conv, 0x80, ZC_MAX_CP - 1);
	return ZC_OK;
}

/* ---- opening ------------------------------------------------------------ */

static void
resolve_config(const char *config, char *path, size_t size)
{
	if (strchr(config, '/') || access(config, R_OK) == 0)
		snprintf(path, size, "%s", config);
	else if (strlen(config) > 5 && strcmp(config + strlen(config) - 5, ".json") == 0)
		snprintf(path, size, "%s/%s", ZC_OPENCC_DATADIR, config);
	else
		snprintf(path, size, "%s/%s.json", ZC_OPENCC_DATADIR, config);
}

int
zc_converter_open(zc_converter **convp, const char *config)
{
	char path[PATH_MAX];
	zc_converter *conv;
	int rc;

	if (config == NULL)
		config = "t2s";
	resolve_config(config, path, sizeof path);
	if (access(path, R_OK) != 0)
		return ZC_ECONFIG;
	if ((conv = calloc(1, sizeof *conv)) == NULL)
		return ZC_ENOMEM;
	conv->cc = opencc_open(path);
	if (conv->cc == (opencc_t)-1) {
		free(conv);
		return ZC_ECONFIG;
	}
	if ((rc = load_key_chars(conv, path)) != ZC_OK) {
		zc_converter_close(conv);
		return rc;
	}
	*convp = conv;
	return ZC_OK;
}

void
zc_converter_close(zc_converter *conv)
{
	if (conv == NULL)
		return;
	if (conv->cc != (opencc_t)-1 && conv->cc != NULL)
		opencc_close(conv->cc);
	free(conv->keychars);
	zc_buf_free(&conv->batch);
	zc_buf_free(&conv->runs);
	free(conv);
}

/* ---- converting ---------------------------------------------------------- */

/* Collect the runs of key characters in text into conv->runs/batch. */
static int
collect_runs(zc_converter *conv, const char *text, size_t len)
{
	size_t i = 0, start, step, span[2];
	uint32_t cp;
	int rc;

	zc_buf_clear(&conv->batch);
	zc_buf_clear(&conv->runs);
	while (i < len) {
		step = zc_utf8_decode(text + i, len - i, &cp);
		if (cp == ZC_INVALID || !is_key_char(conv, cp)) {
			i += step;
			continue;
		}
		for (start = i; i < len; i += step) {
			step = zc_utf8_decode(text + i, len - i, &cp);
			if (cp == ZC_INVALID || !is_key_char(conv, cp))
				break;
		}
		span[0] = start;
		span[1] = i;
		if ((conv->batch.len && (rc = zc_buf_putc(&conv->batch, RUN_SEPARATOR)) != ZC_OK) ||
		    (rc = zc_buf_append(&conv->batch, text + start, i - start)) != ZC_OK ||
		    (rc = zc_buf_append(&conv->runs, span, sizeof span)) != ZC_OK)
			return rc;
	}
	return ZC_OK;
}

int
zc_convert(zc_converter *conv, const char *text, size_t len, zc_buf *out)
{
	const size_t *spans;
	size_t nruns, r, copied = 0;
	char *converted, *piece, *sep;
	int rc;

	if ((rc = collect_runs(conv, text, len)) != ZC_OK)
		return rc;
	if (conv->batch.len == 0)
		return zc_buf_append(out, text, len);
	converted = opencc_convert_utf8(conv->cc, conv->batch.data, conv->batch.len);
	if (converted == NULL)
		return ZC_ENOMEM;
	spans = (const size_t *)conv->runs.data;
	nruns = conv->runs.len / (2 * sizeof(size_t));
	piece = converted;
	for (r = 0; r < nruns && rc == ZC_OK; r++) {
		sep = strchr(piece, RUN_SEPARATOR);
		if (sep == NULL)
			sep = piece + strlen(piece);
		if ((rc = zc_buf_append(out, text + copied, spans[2 * r] - copied)) == ZC_OK)
			rc = zc_buf_append(out, piece, (size_t)(sep - piece));
		copied = spans[2 * r + 1];
		piece = *sep ? sep + 1 : sep;
	}
	opencc_convert_utf8_free(converted);
	if (rc != ZC_OK)
		return rc;
	return zc_buf_append(out, text + copied, len - copied);
}

/* ---- as a filter ----------------------------------------------------------- */

static int
convert_line(void *state, const zc_line *line, zc_out *out)
{
	zc_converter *conv = state;
	int rc;

	/* Convert straight into the output buffer; the write flushes it. */
	if ((rc = zc_convert(conv, line->text, line->len, &out->buf)) != ZC_OK)
		return rc;
	return zc_out_write(out, line->eol, line->eol_len);
}

/* A long line may be cut right after any character that is in no key. */
static size_t
convert_safe_cut(void *state, const char *text, size_t len)
{
	const zc_converter *conv = state;
	size_t i = zc_utf8_complete_prefix(text, len), back;
	uint32_t cp;

	while (i > 0) {
		for (back = 1; back < 4 && back < i && (text[i - back] & 0xC0) == 0x80; back++)
			;
		zc_utf8_decode(text + i - back, back, &cp);
		if (cp == ZC_INVALID || !is_key_char(conv, cp))
			return i;
		i -= back;
	}
	return 0;
}

void
zc_converter_filter(zc_converter *conv, zc_filter *filter)
{
	memset(filter, 0, sizeof *filter);
	filter->state = conv;
	filter->line = convert_line;
	filter->safe_cut = convert_safe_cut;
}
