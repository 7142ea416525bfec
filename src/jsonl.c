/*
 * jsonl.c - JSON Lines mode: each input line is a JSON object whose text
 * field is one document. The field is run through the filter and replaced;
 * every other field keeps its value and the key order is kept. A line that
 * is not such an object passes through unchanged and is counted.
 */
#include <jansson.h>
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

/*
 * Rewrite one JSON line. Returns 1 if the line was a record and its new
 * form is in *dumped (to be freed), 0 if it is not a record, or a negative
 * ZC_E* code.
 */
static int
rewrite_record(zc_doc_feeder *feeder, const char *field, const char *line,
               size_t len, zc_out *result, char **dumped)
{
	json_t *obj, *value, *replaced;
	int rc = 0;

	obj = json_loadb(line, len, JSON_ALLOW_NUL, NULL);
	if (obj == NULL || !json_is_object(obj))
		goto done;
	value = json_object_get(obj, field);
	if (value == NULL || !json_is_string(value))
		goto done;
	rc = filter_document(feeder, json_string_value(value),
	                     json_string_length(value), result);
	if (rc != ZC_OK)
		goto done;
	/* json_stringn refuses invalid UTF-8 that a filter passed through. */
	replaced = json_stringn(result->buf.data ? result->buf.data : "",
	                        result->buf.len);
	if (replaced == NULL || json_object_set_new(obj, field, replaced) != 0)
		goto done;
	*dumped = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                          JSON_ENCODE_ANY);
	rc = *dumped ? 1 : ZC_ENOMEM;
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
	char *line = NULL, *dumped;
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
		dumped = NULL;
		rc = rewrite_record(feeder, field, line, content, &result, &dumped);
		if (rc < 0)
			break;
		if (rc == 1) {
			stats->documents++;
			rc = zc_out_puts(out, dumped);
			if (rc == ZC_OK)
				rc = zc_out_write(out, line + content, len - content);
			free(dumped);
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
