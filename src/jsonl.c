/*
 * jsonl.c - JSON Lines mode: each input line is a JSON object whose text
 * field is one document. The field is run through the filter and replaced;
 * every other field keeps its value and the key order is kept. A line that
 * is not such an object passes through unchanged and is counted.
 */
#include <dlfcn.h>
#include <jansson.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jsonrecord.h"

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
 * its closing quote. The line has been validated, so it is closed. */
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

static size_t
skip_space(const char *line, size_t len, size_t i)
{
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
	                   line[i] == '\n'))
		i++;
	return i;
}

/* Skip the (validated) JSON value at line[i]; return the index after it. */
static size_t
skip_value(const char *line, size_t len, size_t i)
{
	int depth = 0;

	for (; i < len; i++) {
		switch (line[i]) {
		case '"':
			i = skip_string(line, len, i) - 1;
			if (depth == 0)
				return i + 1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth <= 0)
				return depth == 0 ? i + 1 : i;
			break;
		case ',':
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			if (depth == 0)   /* the end of a number or literal */
				return i;
			break;
		}
	}
	return len;
}

/* Where one top-level member of the object lies in the line. */
struct member {
	size_t key_start, key_end;     /* the key, with its quotes */
	size_t value_start, value_end; /* the value */
};

/* Find the top-level member after *pos (0: the first) in a line holding a
 * validated JSON object. Returns 0 when there are no more. */
static int
next_member(const char *line, size_t len, size_t *pos, struct member *m)
{
	size_t i = skip_space(line, len, *pos);

	if (i < len && (line[i] == '{' || line[i] == ','))
		i = skip_space(line, len, i + 1);
	if (i >= len || line[i] != '"')
		return 0;
	m->key_start = i;
	m->key_end = skip_string(line, len, i);
	i = skip_space(line, len, m->key_end);   /* at the colon */
	m->value_start = skip_space(line, len, i + 1);
	m->value_end = skip_value(line, len, m->value_start);
	*pos = m->value_end;
	return 1;
}

/* The member at position index (0 for the first). */
static int
member_at(const char *line, size_t len, size_t index, struct member *m)
{
	size_t pos = 0, n;

	for (n = 0; next_member(line, len, &pos, m); n++)
		if (n == index)
			return 1;
	return 0;
}

/* The last member whose key is written as field, without escapes. */
static int
last_member_named(const char *line, size_t len, const char *field,
                  struct member *found)
{
	size_t pos = 0, field_len = strlen(field);
	struct member m;
	int seen = 0;

	while (next_member(line, len, &pos, &m))
		if (m.key_end - m.key_start == field_len + 2 &&
		    memcmp(line + m.key_start + 1, field, field_len) == 0) {
			*found = m;
			seen = 1;
		}
	return seen;
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

/* The reader module's functions (jsonrecord.h). */
struct json_module {
	void *handle;
	zc_json_reader *(*reader_new)(void);
	void (*reader_free)(zc_json_reader *);
	int (*find_string)(zc_json_reader *, const char *, size_t, const char *,
	                   const char **, size_t *, size_t *);
};

/* Load the reader module from $ZHCLEAN_LIBDIR or $(pkglibdir). Each run
 * opens it again (dlopen counts references), so no state is shared. */
static int
json_module_open(struct json_module *m)
{
	static const char name[] = "/" ZC_JSON_MODULE;   /* with its NUL */
	const char *dir = getenv("ZHCLEAN_LIBDIR");
	zc_buf path = ZC_BUF_INIT;
	int rc = ZC_ENOMEM;

	if (dir == NULL || *dir == '\0')
		dir = ZC_PKGLIBDIR;
	if (zc_buf_append(&path, dir, strlen(dir)) != ZC_OK ||
	    zc_buf_append(&path, name, sizeof name) != ZC_OK)
		goto done;
	rc = ZC_EMODULE;
	if ((m->handle = dlopen(path.data, RTLD_NOW | RTLD_LOCAL)) == NULL)
		goto done;
	*(void **)&m->reader_new = dlsym(m->handle, "zc_json_reader_new");
	*(void **)&m->reader_free = dlsym(m->handle, "zc_json_reader_free");
	*(void **)&m->find_string = dlsym(m->handle, "zc_json_find_string");
	if (m->reader_new && m->reader_free && m->find_string)
		rc = ZC_OK;
done:
	zc_buf_free(&path);
	return rc;
}

static void
json_module_close(struct json_module *m)
{
	if (m->handle != NULL)
		dlclose(m->handle);
}

/* One JSON Lines run: the parsers, the filter and the output. */
struct jsonl_run {
	struct json_module json;
	zc_json_reader *reader;
	zc_doc_feeder *feeder;
	const char *field;
	zc_out result;   /* the filtered field */
	zc_out *out;
};

/* Write the line with the value of member m replaced by the filtered text. */
static int
splice_result(struct jsonl_run *run, const char *line, size_t len,
              const struct member *m)
{
	const zc_buf *text = &run->result.buf;
	int rc = zc_out_write(run->out, line, m->value_start);

	if (rc == ZC_OK)
		rc = append_json_string(run->out, text->data ? text->data : "", text->len);
	if (rc == ZC_OK)
		rc = zc_out_write(run->out, line + m->value_end, len - m->value_end);
	return rc == ZC_OK ? 1 : rc;
}

/* Write the whole object out again with jansson, the field set to the
 * filtered text: for a key written with escapes, which the splice cannot
 * find by its bytes. */
static int
rewrite_with_jansson(struct jsonl_run *run, json_t *obj)
{
	const zc_buf *text = &run->result.buf;
	json_t *replaced;
	char *dumped;
	int rc;

	replaced = json_stringn(text->data ? text->data : "", text->len);
	if (replaced == NULL || json_object_set_new(obj, run->field, replaced) != 0)
		return ZC_ENOMEM;
	dumped = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (dumped == NULL)
		return ZC_ENOMEM;
	rc = zc_out_puts(run->out, dumped);
	free(dumped);
	return rc == ZC_OK ? 1 : rc;
}

/* A record with a number simdjson cannot hold (past 64 bits; RFC 8259 sets
 * no limit): jansson reads it, integers as reals, and finds the field by its
 * key's bytes. Returns as rewrite_record. */
static int
rewrite_record_jansson(struct jsonl_run *run, const char *line, size_t len)
{
	json_t *obj, *value;
	struct member m;
	int rc = 0;

	obj = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
	if (obj == NULL || !json_is_object(obj))
		goto done;
	value = json_object_get(obj, run->field);
	if (value == NULL || !json_is_string(value))
		goto done;
	rc = filter_document(run->feeder, json_string_value(value),
	                     json_string_length(value), &run->result);
	if (rc == ZC_OK)
		rc = last_member_named(line, len, run->field, &m)
		     ? splice_result(run, line, len, &m) : rewrite_with_jansson(run, obj);
done:
	json_decref(obj);
	return rc;
}

/*
 * Rewrite one JSON line. simdjson validates the line and decodes the
 * field; the new value is spliced into the original bytes, so every other
 * field is kept exactly as written (numbers, spacing, escapes).
 * Returns 1 if the line was a record, 0 if it is not, or a negative code.
 */
static int
rewrite_record(struct jsonl_run *run, const char *line, size_t len)
{
	const char *text;
	size_t text_len, index;
	struct member m;
	int rc;

	switch (run->json.find_string(run->reader, line, len, run->field, &text,
	                              &text_len, &index)) {
	case ZC_JSON_FOUND:
		break;
	case ZC_JSON_NUMBER:
		return rewrite_record_jansson(run, line, len);
	case ZC_JSON_NOMEM:
		return ZC_ENOMEM;
	default:
		return 0;
	}
	rc = filter_document(run->feeder, text, text_len, &run->result);
	if (rc != ZC_OK)
		return rc;
	if (!member_at(line, len, index, &m))   /* cannot happen on valid JSON */
		return rewrite_record_jansson(run, line, len);
	return splice_result(run, line, len, &m);
}

/* getline's buffer, grown so that simdjson may read past the line's end. */
static int
pad_line(char **line, size_t *cap, size_t len)
{
	char *grown;

	if (*cap >= len + ZC_JSON_PADDING)
		return ZC_OK;
	if ((grown = realloc(*line, len + ZC_JSON_PADDING)) == NULL)
		return ZC_ENOMEM;
	*line = grown;
	*cap = len + ZC_JSON_PADDING;
	return ZC_OK;
}

int
zc_jsonl_run(const zc_filter *filter, const zc_stream_opts *opts, FILE *in,
             zc_out *out, zc_stream_stats *stats)
{
	struct jsonl_run run = {{NULL, NULL, NULL, NULL}, NULL, NULL, NULL,
	                        {NULL, ZC_BUF_INIT, 0}, out};
	char *line = NULL;
	size_t cap = 0, len, content;
	ssize_t got;
	unsigned long number = 0;
	int rc;

	run.field = opts->json_field ? opts->json_field : "text";
	if ((rc = json_module_open(&run.json)) != ZC_OK)
		goto done;
	if ((run.reader = run.json.reader_new()) == NULL) {
		rc = ZC_ENOMEM;
		goto done;
	}
	if ((rc = zc_doc_feeder_new(&run.feeder, filter, opts->piece_size)) != ZC_OK)
		goto done;
	zc_out_init_memory(&run.result);
	while ((got = getline(&line, &cap, in)) > 0) {
		len = (size_t)got;
		content = len - (line[len - 1] == '\n');
		number++;
		if ((rc = pad_line(&line, &cap, len)) != ZC_OK)
			break;
		rc = rewrite_record(&run, line, content);
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
done:
	free(line);
	zc_out_free(&run.result);
	zc_doc_feeder_free(run.feeder);
	if (run.reader != NULL)
		run.json.reader_free(run.reader);
	json_module_close(&run.json);
	return rc;
}
