/*
 * jsonrecord.h - reading one JSON Lines record with simdjson: validate the
 * line as an object and decode one string member. C interface to the C++
 * library, built as a module that jsonl.c loads with dlopen() only in
 * JSON Lines mode: linking it would load the C++ runtime into every filter
 * and double segment's start-up (4 -> 6.5-8 ms CPU measured). Internal to
 * libzhclean.
 */
#ifndef ZC_JSONRECORD_H
#define ZC_JSONRECORD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes that must be readable (any value) after the end of a line handed
 * to zc_json_find_string: simdjson reads ahead in 64-byte blocks. */
#define ZC_JSON_PADDING ((size_t)64)

enum zc_json_result {
	ZC_JSON_FOUND = 1,     /* an object whose member holds a string */
	ZC_JSON_NOT_FOUND = 0, /* valid JSON, but no such member, or not a string, or not an object */
	ZC_JSON_INVALID = -1,  /* not JSON */
	ZC_JSON_NUMBER = -2,   /* a number simdjson cannot hold (past 64 bits): ask jansson */
	ZC_JSON_NOMEM = -3
};

typedef struct zc_json_reader zc_json_reader;

/* The module's file name, in $(pkglibdir) or $ZHCLEAN_LIBDIR. */
#define ZC_JSON_MODULE "zhclean-json.so"

zc_json_reader *zc_json_reader_new(void);
void zc_json_reader_free(zc_json_reader *reader);

/*
 * Parse line[0..len) (followed by ZC_JSON_PADDING readable bytes). If it is
 * a JSON object whose member named field (the last one, if repeated) is a
 * string, set *text and *text_len to the decoded string (valid until the
 * next call) and *member to the member's position (0 for the first member).
 */
int zc_json_find_string(zc_json_reader *reader, const char *line, size_t len,
                        const char *field, const char **text,
                        size_t *text_len, size_t *member);

#ifdef __cplusplus
}
#endif

#endif /* ZC_JSONRECORD_H */
