/*
 * jsonl.c - JSON Lines mode: each input line is a JSON object whose text
 * field is one document. The field is run through the filter and replaced;
 * every other field keeps its value and the key order is kept. A line that
 * is not such an object passes through unchanged and is counted.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Run one document held in memory through the feeder into result. */
static int
filter_document(zc_doc_feeder *feeder, const char *text, size_t len,
                zc_out *result)
{
	int rc;

	zc_buf_clear(&result->buf);
	if ((rc = zc_doc_begin(feeder)) != ZC_OK ||
	    (rc = zc_doc_feed(feeder, text, len, result)) != ZC_OK)
		return rc;
	return zc_doc_end(feeder, result);
}

/* Skip a JSON string starting at line[i] == '"'; return the index after
 * its closing quote. The line was validated by jansson, so it is closed. */
static size_t
skip_string(const char *line, size_t len, size_t i)
{
	const char *quote;
	size_t backslashes;

	for (i++; i < len; i = (size_t)(quote - line) + 1) {
		if ((quote = memchr(line + i, '"', len - i)) == NULL)
			return len;
		/* An even number of backslashes before it: the closing quote. */
		for (backslashes = 0; quote - backslashes > line + i &&
		     quote[-(ptrdiff_t)backslashes - 1] == '\\'; backslashes++)
			;
		if (backslashes % 2 == 0)
			return (size_t)(quote - line) + 1;
	}
	return len;
}

/* Length of the valid UTF-8 character at s[0..n) (s[0] >= 0x80), or 0.
 * The common three-byte case is decided here without a call. */
static size_t
valid_char_length(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t step;

	if (n >= 3 && ((s[0] >= 0xE1 && s[0] <= 0xEC) || s[0] >= 0xEE) && s[0] <= 0xEF &&
	    (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
		return 3;
	step = zc_utf8_decode(str, n, &cp);
	return cp == ZC_INVALID ? 0 : step;
}

/*
 * Find the raw value of the top-level member named field in a line that
 * jansson has validated as an object: [*start, *end) covers the value's
 * quotes. Returns 0 if not found as a plain key (a key written with
 * escapes is left to the slower path).
 */
static int
find_member_value(const char *line, size_t len, const char *field,
                  size_t *start, size_t *end)
{
	size_t i, key_start, field_len = strlen(field);
	int depth = 0, found = 0, expect_key = 0;

	for (i = 0; i < len; i++) {
		switch (line[i]) {
		case '{':
			depth++;
			expect_key = depth == 1;
			break;
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			depth--;
			break;
		case ',':
			expect_key = depth == 1;
			break;
		case '"':
			key_start = i;
			i = skip_string(line, len, i) - 1;
			if (!expect_key)
				break;
			expect_key = 0;
			if (i - key_start - 1 != field_len ||
			    memcmp(line + key_start + 1, field, field_len) != 0)
				break;
			/* The value: after the colon and white space. */
			for (i++; i < len && line[i] != ':'; i++)
				;
			for (i++; i < len && (line[i] == ' ' || line[i] == '\t' ||
			                      line[i] == '\r' || line[i] == '\n'); i++)
				;
			if (i >= len || line[i] != '"')
				return 0;
			*start = i;
			*end = skip_string(line, len, i);
			i = *end - 1;
			found = 1;   /* keep going: jansson keeps the last duplicate */
			break;
		}
	}
	return found;
}

/* Append text as the body of a JSON string. Bytes that are not UTF-8
 * (which a filter could only have passed through, as the input was valid)
 * become U+FFFD, so the output stays valid JSON. */
static int
append_json_string(zc_out *out, const char *text, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char esc[7] = "\\u00";
	size_t i, run = 0, step;
	int rc = zc_out_write(out, "\"", 1);

	for (i = 0; i < len && rc == ZC_OK; i += step) {
		unsigned char c = (unsigned char)text[i];
		step = 1;
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80)
			continue;
		if (c >= 0x80 && (step = valid_char_length(text + i, len - i)) > 0)
			continue;
		step = 1;
		rc = zc_out_write(out, text + run, i - run);
		if (rc != ZC_OK)
			break;
		if (c >= 0x80)
			rc = zc_out_write(out, "\xEF\xBF\xBD", 3);
		else if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			rc = zc_out_write(out, esc, 2);
			esc[1] = 'u';
		} else if (c == '\n')
			rc = zc_out_write(out, "\\n", 2);
		else if (c == '\t')
			rc = zc_out_write(out, "\\t", 2);
		else if (c == '\r')
			rc = zc_out_write(out, "\\r", 2);
		else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			rc = zc_out_write(out, esc, 6);
		}
		run = i + step;
	}
	if (rc == ZC_OK)
		rc = zc_out_write(out, text + run, len - run);
	return rc == ZC_OK ? zc_out_write(out, "\"", 1) : rc;
}

/* The slow path, for a field whose key is written with escapes: set the
 * value in the parsed object and write the whole object out again. */
static int
rewrite_with_jansson(json_t *obj, const char *field, zc_out *result, zc_out *out)
{
	json_t *replaced;
	char *dumped;
	int rc;

	replaced = json_stringn(result->buf.data ? result->buf.data : "", result->buf.len);
	if (replaced == NULL || json_object_set_new(obj, field, replaced) != 0)
		return ZC_ENOMEM;
	dumped = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (dumped == NULL)
		return ZC_ENOMEM;
	rc = zc_out_puts(out, dumped);
	free(dumped);
	return rc == ZC_OK ? 1 : rc;
}

/*
 * Rewrite one JSON line into out. jansson validates the line and decodes
 * the field; the new value is spliced into the original bytes, so every
 * other field is kept exactly as written (numbers, spacing, escapes).
 * Returns 1 if the line was a record, 0 if it is not, or a negative code.
 */
static int
rewrite_record(zc_doc_feeder *feeder, const char *field, const char *line,
               size_t len, zc_out *result, zc_out *out)
{
	json_t *obj, *value;
	size_t start = 0, end = 0;
	int rc = 0;

	/* Integers as reals: a number past 64 bits must not make the line "bad";
	 * the original bytes are written back anyway. */
	obj = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
	if (obj == NULL || !json_is_object(obj))
		goto done;
	value = json_object_get(obj, field);
	if (value == NULL || !json_is_string(value))
		goto done;
	rc = filter_document(feeder, json_string_value(value),
	                     json_string_length(value), result);
	if (rc == ZC_OK && !find_member_value(line, len, field, &start, &end)) {
		rc = rewrite_with_jansson(obj, field, result, out);
		goto done;
	}
	if (rc == ZC_OK)
		rc = zc_out_write(out, line, start);
	if (rc == ZC_OK)
		rc = append_json_string(out, result->buf.data ? result->buf.data : "",
		                        result->buf.len);
	if (rc == ZC_OK)
		rc = zc_out_write(out, line + end, len - end);
	if (rc == ZC_OK)
		rc = 1;
done:
	json_decref(obj);
	return rc;
}

int
zc_jsonl_run(const zc_filter *filter, const zc_stream_opts *opts, FILE *in,
             zc_out *out, zc_stream_stats *stats)
{
	const char *field = opts->json_field ? opts->json_field : "text";
	zc_doc_feeder *feeder = NULL;
	zc_out result;
	char *line = NULL;
	size_t cap = 0, len, content;
	ssize_t got;
	unsigned long number = 0;
	int rc;

	if ((rc = zc_doc_feeder_new(&feeder, filter, opts->piece_size)) != ZC_OK)
		return rc;
	zc_out_init_memory(&result);
	while ((got = getline(&line, &cap, in)) > 0) {
		len = (size_t)got;
		content = len - (line[len - 1] == '\n');
		number++;
		rc = rewrite_record(feeder, field, line, content, &result, out);
		if (rc < 0)
			break;
		if (rc == 1) {
			stats->documents++;
			rc = zc_out_write(out, line + content, len - content);
		} else if (content == 0) {
			rc = zc_out_write(out, line, len);   /* a blank line */
		} else if (opts->strict) {
			stats->error_record = number;
			rc = ZC_ERECORD;
		} else {
			stats->bad_records++;
			rc = zc_out_write(out, line, len);
		}
		if (rc != ZC_OK)
			break;
	}
	if (rc == ZC_OK && ferror(in))
		rc = ZC_EREAD;
	free(line);
	zc_out_free(&result);
	zc_doc_feeder_free(feeder);
	return rc;
}
