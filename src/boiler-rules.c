/*
 * boiler-rules.c - stripboiler's vocabularies: phrases that are evidence of
 * page furniture (footers, page actions, credit labels, SEO spam).
 *
 * Phrases are kept in normal form (see boiler-line.c), grouped by their
 * first character, longest first, so a line is matched in one pass: at
 * each position the longest phrase that starts there wins.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boiler.h"

typedef struct phrase {
	uint32_t first;        /* first code point of text */
	char *text;            /* normal form, NUL-terminated */
	size_t len;
	unsigned han;
	enum zc_rule_class cls;
} phrase;

struct zc_rules {
	const uint32_t *simplified;
	phrase *v;
	size_t n, cap;
	uint32_t *first_of;    /* BMP character -> 1 + index of its first
	                        * phrase, 0 if none starts with it */
	zc_buf norm;
};

static const char *const class_names[ZC_RULE_CLASSES] = {
	"footer", "action", "credit", "spam", "end"
};

const char *
zc_rule_class_name(enum zc_rule_class cls)
{
	return cls < ZC_RULE_CLASSES ? class_names[cls] : "?";
}

int
zc_rule_class_from_name(const char *s, size_t n)
{
	int i;

	for (i = 0; i < ZC_RULE_CLASSES; i++)
		if (strlen(class_names[i]) == n && memcmp(class_names[i], s, n) == 0)
			return i;
	return -1;
}

int
zc_rules_new(zc_rules **rules, const uint32_t *simplified)
{
	if ((*rules = calloc(1, sizeof **rules)) == NULL)
		return ZC_ENOMEM;
	(*rules)->simplified = simplified;
	return ZC_OK;
}

void
zc_rules_free(zc_rules *rules)
{
	size_t i;

	if (rules == NULL)
		return;
	for (i = 0; i < rules->n; i++)
		free(rules->v[i].text);
	free(rules->v);
	free(rules->first_of);
	zc_buf_free(&rules->norm);
	free(rules);
}

int
zc_rules_add(zc_rules *rules, enum zc_rule_class cls, const char *text,
             size_t len)
{
	zc_line_features f;
	phrase *p;
	int rc;

	if ((rc = zc_line_normalise(text, len, rules->simplified, &rules->norm, &f)) != ZC_OK)
		return rc;
	if (rules->norm.len == 0)
		return ZC_EINVAL;
	if (rules->n == rules->cap) {
		size_t cap = rules->cap ? rules->cap * 2 : 256;
		if ((p = realloc(rules->v, cap * sizeof *p)) == NULL)
			return ZC_ENOMEM;
		rules->v = p;
		rules->cap = cap;
	}
	p = &rules->v[rules->n];
	if ((p->text = malloc(rules->norm.len + 1)) == NULL)
		return ZC_ENOMEM;
	memcpy(p->text, rules->norm.data, rules->norm.len);
	p->text[rules->norm.len] = '\0';
	p->len = rules->norm.len;
	p->han = f.han;
	p->cls = cls;
	zc_utf8_decode(p->text, p->len, &p->first);
	rules->n++;
	return ZC_OK;
}

/* ---- files ------------------------------------------------------------- */

static int
add_file_line(zc_rules *rules, char *line, size_t len)
{
	char *tab;
	int cls;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len == 0 || line[0] == '#')
		return ZC_OK;
	if ((tab = memchr(line, '\t', len)) == NULL)
		return ZC_EDATA;
	if ((cls = zc_rule_class_from_name(line, (size_t)(tab - line))) < 0)
		return ZC_EDATA;
	tab++;
	len -= (size_t)(tab - line);
	if (zc_rules_add(rules, (enum zc_rule_class)cls, tab, len) == ZC_EINVAL)
		return ZC_EDATA;
	return ZC_OK;
}

int
zc_rules_load(zc_rules *rules, const char *path, size_t *bad_line)
{
	char *line = NULL;
	size_t cap = 0, number = 0;
	ssize_t got;
	FILE *fp;
	int rc = ZC_OK;

	*bad_line = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return ZC_EREAD;
	while (rc == ZC_OK && (got = getline(&line, &cap, fp)) > 0) {
		number++;
		if ((rc = add_file_line(rules, line, (size_t)got)) == ZC_EDATA)
			*bad_line = number;
	}
	if (rc == ZC_OK && ferror(fp))
		rc = ZC_EREAD;
	free(line);
	fclose(fp);
	return rc;
}

/* ---- matching ------------------------------------------------------------ */

static int
by_first_then_longest(const void *a, const void *b)
{
	const phrase *x = a, *y = b;
	int order;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	/* (a phrase of two vocabularies, 视频 both a section and a credit:
	 * the generic match takes the lower class, whatever qsort's order) */
	if ((order = strcmp(x->text, y->text)) != 0)
		return order;
	return x->cls < y->cls ? -1 : x->cls > y->cls;
}

int
zc_rules_finish(zc_rules *rules)
{
	size_t i;

	if (rules->n > 0)
		qsort(rules->v, rules->n, sizeof *rules->v, by_first_then_longest);
	if (rules->first_of == NULL &&
	    (rules->first_of = malloc(0x10000 * sizeof *rules->first_of)) == NULL)
		return ZC_ENOMEM;
	memset(rules->first_of, 0, 0x10000 * sizeof *rules->first_of);
	for (i = rules->n; i-- > 0;)
		if (rules->v[i].first < 0x10000)
			rules->first_of[rules->v[i].first] = (uint32_t)i + 1;
	return ZC_OK;
}

/* Index of the first phrase starting with cp, or rules->n. */
static size_t
first_with(const zc_rules *rules, uint32_t cp)
{
	size_t lo = 0, hi = rules->n, mid;

	if (cp < 0x10000)
		return rules->first_of[cp] ? rules->first_of[cp] - 1 : rules->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rules->v[mid].first < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rules->n && rules->v[lo].first == cp ? lo : rules->n;
}

/* The longest phrase (of class cls, or any if cls < 0) at s[0..n). */
static const phrase *
longest_at(const zc_rules *rules, const char *s, size_t n, uint32_t cp, int cls)
{
	size_t i;

	if (cp < 0x10000 && rules->first_of[cp] == 0)
		return NULL;
	for (i = first_with(rules, cp); i < rules->n && rules->v[i].first == cp; i++) {
		const phrase *p = &rules->v[i];
		if ((cls < 0 || (int)p->cls == cls) && p->len <= n &&
		    memcmp(p->text, s, p->len) == 0)
			return p;
	}
	return NULL;
}

static int
is_opening(uint32_t cp)
{
	return cp == ' ' || cp == '(' || cp == '[' || cp == 0x3010 ||
	       cp == 0x300C || cp == 0x3016;
}

/* After "上一篇" or "相关阅读": ':', '】', ']', ')' or '>' and a title. */
static int
labels_a_link(const char *s, size_t n)
{
	if (n >= 3 && (memcmp(s, "\xE3\x80\x91", 3) == 0))   /* 】 */
		return 1;
	return n >= 1 && (s[0] == ':' || s[0] == ']' || s[0] == ')' || s[0] == '>');
}

/* "《" opens the title of a work: "原题为《…》". */
static int
starts_title(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xE3\x80\x8A", 3) == 0;
}

/* A credit label ("编辑", "来源", "记者") opening the line. */
static size_t
skip_opening(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = zc_utf8_decode_inline(s + i, n - i, &cp);
		if (!is_opening(cp))
			break;
		i += k;
	}
	return i;
}

static void
match_credit_label(const zc_rules *rules, const char *s, size_t n,
                   zc_rule_hits *hits)
{
	const phrase *p;
	size_t i = 0, k;
	uint32_t cp;

	for (;;) {
		if (i >= n)
			return;
		k = zc_utf8_decode_inline(s + i, n - i, &cp);
		if (!is_opening(cp))
			break;
		i += k;
	}
	if ((p = longest_at(rules, s + i, n - i, cp, ZC_RULE_CREDIT)) == NULL)
		return;
	i += p->len;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == ':' || s[i] == '/' || s[i] == '-' ||
	              starts_title(s + i, n - i))) {
		hits->credit_separated = 1;
	} else if (i < n && i > 0 && s[i - 1] != ' ') {
		return;  /* "记者从会上获悉": the label word is part of prose */
	}
	hits->credit_label = p->text;
}

void
zc_rules_match(const zc_rules *rules, const char *s, size_t n, int whole,
               zc_rule_hits *hits)
{
	const phrase *p;
	size_t opening = skip_opening(s, n), len = n, i = 0, k;
	uint32_t cp;

	memset(hits, 0, sizeof *hits);
	match_credit_label(rules, s, n, hits);
	if (!whole) {
		i = opening;
		n = i < n ? i + zc_utf8_decode_inline(s + i, n - i, &cp) : i;
	}
	while (i < n) {
		k = zc_utf8_decode_inline(s + i, n - i, &cp);
		if (cp < 0x10000 && rules->first_of[cp] == 0) {  /* most characters */
			i += k;
			continue;
		}
		if ((p = longest_at(rules, s + i, whole ? n - i : len - i, cp, -1)) == NULL) {
			i += k;
			continue;
		}
		if (i == opening && p->cls == ZC_RULE_FOOTER)
			hits->footer_opens = 1;
		if (i == opening && (p->cls == ZC_RULE_ACTION || p->cls == ZC_RULE_END) &&
		    labels_a_link(s + i + p->len, len - i - p->len))
			hits->link_label = p->text;
		hits->covered[p->cls] += p->han;
		if (hits->count[p->cls]++ == 0)
			hits->first[p->cls] = p->text;
		i += p->len;
	}
}
