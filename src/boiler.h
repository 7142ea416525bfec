/*
 * boiler.h - internals of stripboiler shared by boiler*.c and the unit
 * tests: line normalisation and features (boiler-line.c), vocabularies
 * (boiler-rules.c), pages seen so far (boiler-repeat.c).
 */
#ifndef ZC_BOILER_H
#define ZC_BOILER_H

#include "internal.h"

/* ---- fast paths of utf8.c for the hot loops ------------------------------- */

/* zc_is_han, with the common cases inline. */
static inline int
zc_boiler_is_han(uint32_t cp)
{
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 1;
	return cp >= 0x3400 && zc_is_han(cp);
}

/* ---- vocabularies (boiler-rules.c) ------------------------------------- */

/* What a phrase of a vocabulary is evidence of. */
enum zc_rule_class {
	ZC_RULE_FOOTER = 0,  /* copyright, licences, ICP numbers, contacts */
	ZC_RULE_ACTION,      /* page actions and navigation words */
	ZC_RULE_CREDIT,      /* labels that open a credit or source line */
	ZC_RULE_SPAM,        /* SEO spam keywords */
	ZC_RULE_END,         /* headings after an article: related, comments */
	ZC_RULE_CLASSES
};

typedef struct zc_rules zc_rules;

/* simplified: the table from zc_boiler_simplify_table (borrowed). */
int zc_rules_new(zc_rules **rules, const uint32_t *simplified);
void zc_rules_free(zc_rules *rules);
/* Add one phrase (UTF-8, normalised here) of a class. */
int zc_rules_add(zc_rules *rules, enum zc_rule_class cls, const char *phrase,
                 size_t len);
/* Load a CLASS<TAB>PHRASE file; *bad_line is set on ZC_EDATA. */
int zc_rules_load(zc_rules *rules, const char *path, size_t *bad_line);
/* Sort the phrases for matching; call after adding, before matching. */
int zc_rules_finish(zc_rules *rules);
/* The class named s[0..n), or -1. */
int zc_rule_class_from_name(const char *s, size_t n);
const char *zc_rule_class_name(enum zc_rule_class cls);

/* What the vocabularies say about one normalised line. */
typedef struct zc_rule_hits {
	unsigned covered[ZC_RULE_CLASSES]; /* Han characters inside matches */
	unsigned count[ZC_RULE_CLASSES];   /* matches */
	const char *first[ZC_RULE_CLASSES];/* the first phrase matched */
	const char *credit_label;          /* a credit label opening the line */
	int credit_separated;              /* ... followed by ':' or '/' */
	int footer_opens;                  /* a footer phrase opens the line */
	const char *link_label;            /* "上一篇:", "【相关阅读】" opens it */
} zc_rule_hits;

/* Match the whole line, or (whole = 0) only a credit label or a footer
 * phrase opening it: enough for a long paragraph, and much cheaper. */
void zc_rules_match(const zc_rules *rules, const char *norm, size_t len,
                    int whole, zc_rule_hits *hits);

/* ---- one line: normal form and features (boiler-line.c) ---------------- */

typedef struct zc_line_features {
	unsigned han;          /* Han characters (residue removed) */
	unsigned letters;      /* ASCII letters (residue removed) */
	unsigned digits;
	unsigned punct;        /* sentence punctuation: ，。！？；、 and , ; ! ? */
	unsigned stops;        /* sentence ends: 。！？ (and ! ? after Han) */
	unsigned periods;      /* 。 (and . after Han) */
	int ends_sentence;     /* last sign before closing marks is a stop */
	int ends_comma;        /* ... is a comma: the sentence goes on */
	int ends_question;     /* ... is a question mark */
	int ends_colon;        /* ... is a colon: what it introduces follows */
	unsigned pipes;        /* | separators */
	unsigned han_segments; /* items with a Han character */
	unsigned segments;     /* items between separators (space | > · / ») */
	unsigned max_segment_han;
	unsigned commas;       /* , and ， (keyword lists) */
	unsigned breadcrumb;   /* > or » separators */
	int has_date;          /* 2020-03-24, 2020年3月24日, 3月24日 */
	int has_time;          /* 06:38, 5小时前 */
	int has_phone;         /* 0593-2831322 */
	uint64_t fingerprint;  /* of the normal form without spaces */
} zc_line_features;

/*
 * Normalise text[0..len) for matching into norm: ruby pinyin residue
 * "(yè)" and '?' artifacts removed, Han characters simplified, full-width
 * ASCII and ideographic/no-break spaces folded, ASCII lower-cased. Fills f.
 * simplified: a table for U+3400..U+9FFF from zc_boiler_simplify_table.
 */
int zc_line_normalise(const char *text, size_t len, const uint32_t *simplified,
                      zc_buf *norm, zc_line_features *f);

#define ZC_SIMPLIFY_FIRST 0x3400u
#define ZC_SIMPLIFY_LAST 0x9FFFu
/* A table of zc_simplify_char over U+3400..U+9FFF (caller frees). */
uint32_t *zc_boiler_simplify_table(void);

/* ---- pages seen so far (boiler-repeat.c) -------------------------------- */

typedef struct zc_repeat zc_repeat;

/* A table of at most max_lines fingerprints; once full, new lines are not
 * counted (old ones still are): deterministic and bounded. */
int zc_repeat_new(zc_repeat **rep, size_t max_lines);
void zc_repeat_free(zc_repeat *rep);
/* Count fingerprint fp once for page number page; returns the number of
 * pages it has been seen in so far, this one included. */
unsigned zc_repeat_count(zc_repeat *rep, uint64_t fp, unsigned long page);

#define ZC_REPEAT_MAX_LINES ((size_t)1 << 18)

#endif /* ZC_BOILER_H */
