/*
 * boiler.c - stripboiler: keep a news page's headline and article body,
 * drop the page furniture around them.
 *
 * A page is held until its end. Each line is first judged alone, from
 * evidence (boiler-line.c, boiler-rules.c): blank, content-free, keyword
 * list or spam, footer, credit, dateline, navigation, page action, repeated
 * across pages, a copy of the line before, or text. Text lines score by how
 * much they look like prose (Han characters, sentence punctuation);
 * furniture scores negative. The body is the run of lines with the highest
 * total score (furniture lives at the head and tail of a page, so this is
 * where position comes in); its text lines are kept, and so is the
 * headline: the nearest title-like text line above it.
 */
#include <stdlib.h>
#include <string.h>

#include "boiler.h"

enum line_kind {
	KIND_BLANK, KIND_NOISE, KIND_LIST, KIND_SPAM, KIND_FOOTER, KIND_CREDIT,
	KIND_DATELINE, KIND_NAV, KIND_ACTION, KIND_END, KIND_REPEAT, KIND_DUP,
	KIND_TEXT
};

static const char *const kind_names[] = {
	"blank", "no-text", "keyword-list", "spam", "footer", "credit",
	"dateline", "navigation", "action", "end-of-article", "repeat",
	"duplicate", "text"
};

typedef struct page_line {   /* one a line of the page: kept small */
	size_t off, len;          /* text in the page buffer */
	const char *evidence;     /* the phrase or rule that decided it */
	const char *decided;      /* why kept or dropped, for --explain */
	float score;
	unsigned han, repeats;
	unsigned char kind;       /* enum line_kind */
	unsigned char eol_len;    /* 0, 1 ("\n") or 2 ("\r\n") */
	unsigned char title_like; /* could be a headline */
	unsigned char keep;
} page_line;

struct zc_boiler {
	zc_boiler_opts opts;
	uint32_t *simplified;
	zc_rules *rules;
	zc_repeat *repeat;
	zc_buf text;              /* the page's bytes */
	page_line *lines;
	size_t n_lines, cap_lines;
	int line_open;            /* a piece of a line came; more follows */
	unsigned long page;       /* pages started */
	size_t kept;              /* lines of the page kept so far */
	zc_buf norm;
	void (*on_empty)(void *arg, unsigned long page);
	void *on_empty_arg;
};

/* ---- setup ---------------------------------------------------------------- */

static const char *const vocabulary_files[] = {
	"footer.txt", "actions.txt", "credits.txt", "spam.txt", "end.txt"
};

void
zc_boiler_opts_init(zc_boiler_opts *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->min_repeat = ZC_BOILER_MIN_REPEAT;
}

static int
load_default_rules(zc_boiler *b)
{
	char dir[4096], path[4200];
	size_t i, bad;
	int rc;

	if (b->opts.datadir != NULL)
		snprintf(dir, sizeof dir, "%s/stripboiler", b->opts.datadir);
	else if (zc_data_path("stripboiler", dir, sizeof dir) == NULL)
		return ZC_EINVAL;
	for (i = 0; i < sizeof vocabulary_files / sizeof *vocabulary_files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, vocabulary_files[i]);
		if ((rc = zc_rules_load(b->rules, path, &bad)) != ZC_OK)
			return rc;
	}
	return zc_rules_finish(b->rules);
}

int
zc_boiler_new(zc_boiler **boiler, const zc_boiler_opts *opts)
{
	zc_boiler *b;
	int rc;

	if ((b = calloc(1, sizeof *b)) == NULL)
		return ZC_ENOMEM;
	if (opts)
		b->opts = *opts;
	else
		zc_boiler_opts_init(&b->opts);
	rc = ZC_ENOMEM;
	if ((b->simplified = zc_boiler_simplify_table()) == NULL ||
	    (rc = zc_rules_new(&b->rules, b->simplified)) != ZC_OK ||
	    (rc = load_default_rules(b)) != ZC_OK ||
	    (b->opts.min_repeat > 0 &&
	     (rc = zc_repeat_new(&b->repeat, ZC_REPEAT_MAX_LINES)) != ZC_OK)) {
		zc_boiler_free(b);
		return rc;
	}
	*boiler = b;
	return ZC_OK;
}

void
zc_boiler_free(zc_boiler *b)
{
	if (b == NULL)
		return;
	zc_rules_free(b->rules);
	zc_repeat_free(b->repeat);
	free(b->simplified);
	zc_buf_free(&b->text);
	zc_buf_free(&b->norm);
	free(b->lines);
	free(b);
}

int
zc_boiler_add_rules(zc_boiler *b, const char *path, size_t *bad_line)
{
	int rc;

	if ((rc = zc_rules_load(b->rules, path, bad_line)) != ZC_OK)
		return rc;
	return zc_rules_finish(b->rules);
}

void
zc_boiler_on_empty_page(zc_boiler *b, void (*fn)(void *arg, unsigned long page),
                        void *arg)
{
	b->on_empty = fn;
	b->on_empty_arg = arg;
}

/* ---- collecting the page -------------------------------------------------- */

static void
start_part(zc_boiler *b)
{
	zc_buf_clear(&b->text);
	b->n_lines = 0;
	b->line_open = 0;
}

static int
boiler_doc_begin(void *state)
{
	zc_boiler *b = state;

	start_part(b);
	b->kept = 0;
	b->page++;
	return ZC_OK;
}

/* A page past PAGE_LIMIT bytes (no article comes near it) is judged in
 * parts of about that size, so memory stays bounded on any input. */
#define PAGE_LIMIT ((size_t)8 << 20)

static int judge_page(zc_boiler *b, zc_out *out);

static int
boiler_line(void *state, const zc_line *line, zc_out *out)
{
	zc_boiler *b = state;
	page_line *l;
	int rc;

	if (b->text.len >= PAGE_LIMIT) {
		if ((rc = judge_page(b, out)) != ZC_OK)
			return rc;
		start_part(b);
	}
	if (!b->line_open) {
		if (b->n_lines == b->cap_lines) {
			size_t cap = b->cap_lines ? b->cap_lines * 2 : 256;
			if ((l = realloc(b->lines, cap * sizeof *l)) == NULL)
				return ZC_ENOMEM;
			b->lines = l;
			b->cap_lines = cap;
		}
		l = &b->lines[b->n_lines++];
		memset(l, 0, sizeof *l);
		l->off = b->text.len;
	}
	l = &b->lines[b->n_lines - 1];
	if ((rc = zc_buf_append(&b->text, line->text, line->len)) != ZC_OK ||
	    (rc = zc_buf_append(&b->text, line->eol, line->eol_len)) != ZC_OK)
		return rc;
	l->len += line->len;
	l->eol_len = (unsigned char)line->eol_len;
	b->line_open = line->continues;
	return ZC_OK;
}

/* ---- judging one line ------------------------------------------------------- */

/* A paragraph: a full stop, or long and punctuated. */
static int
is_prose(const zc_line_features *f)
{
	return (f->han >= 10 && f->periods >= 1) || (f->han >= 30 && f->punct >= 2);
}

static int
is_long_prose(const zc_line_features *f)
{
	return f->han >= 40 && f->stops >= 1;
}

/* Han characters above which a paragraph with a full stop is matched
 * against the vocabularies only at its start. */
#define LONG_PARAGRAPH 80

static int
mostly(const zc_line_features *f, const zc_rule_hits *h, enum zc_rule_class c)
{
	return (f->han > 0 && 2 * h->covered[c] >= f->han) ||
	       (f->han == 0 && h->count[c] > 0);
}

/* Furniture recognised from the line alone; KIND_TEXT if none. */
static enum line_kind
furniture_kind(const zc_line_features *f, const zc_rule_hits *h,
               const char **evidence)
{
	if (f->commas >= 5 && f->stops == 0 && !f->ends_colon &&
	    f->han <= 12 * (f->commas + 1))
		return KIND_LIST;
	if (h->count[ZC_RULE_SPAM] >= 2 && 3 * h->covered[ZC_RULE_SPAM] >= f->han)
		return *evidence = h->first[ZC_RULE_SPAM], KIND_SPAM;
	/* "许可证" may be news; with numbers, Latin text or little else it is
	 * a footer. */
	if ((h->count[ZC_RULE_FOOTER] > 0 && !(is_long_prose(f) && f->han > 80) &&
	     (f->digits >= 3 || f->letters >= 3 || f->han <= 8 ||
	      3 * h->covered[ZC_RULE_FOOTER] >= f->han)) ||
	    h->count[ZC_RULE_FOOTER] >= 2 || h->footer_opens)
		return *evidence = h->first[ZC_RULE_FOOTER], KIND_FOOTER;
	if (f->has_phone && f->stops == 0 && f->han <= 30)
		return *evidence = "phone number", KIND_FOOTER;
	/* "记者：您是怎么开始学的？" is a question of an interview. */
	if (h->credit_label &&
	    !(f->ends_question && strcmp(h->credit_label, "记者") == 0) &&
	    (h->credit_separated ? f->han <= 60 : f->han <= 20))
		return *evidence = h->credit_label, KIND_CREDIT;
	if ((f->has_date || f->has_time) && f->punct == 0 && f->han <= 20)
		return KIND_DATELINE;
	if (f->breadcrumb > 0 && f->stops == 0 && (f->han <= 40 || f->breadcrumb >= 2))
		return *evidence = ">", KIND_NAV;
	if (f->han_segments >= 3 && f->stops == 0 && f->punct <= 1 &&
	    f->max_segment_han <= 8)
		return *evidence = "short items", KIND_NAV;
	if (f->pipes >= 2 && f->stops == 0)
		return *evidence = "|", KIND_NAV;
	/* "【上一篇】 …", "相关阅读：…": a link to another story. */
	if (h->link_label && f->periods == 0)
		return *evidence = h->link_label, KIND_ACTION;
	if (f->stops == 0 && f->han <= 20 && mostly(f, h, ZC_RULE_END))
		return *evidence = h->first[ZC_RULE_END], KIND_END;
	if (f->stops == 0 && f->han <= 30 && mostly(f, h, ZC_RULE_ACTION))
		return *evidence = h->first[ZC_RULE_ACTION], KIND_ACTION;
	/* "澎湃新闻记者 贺梨萍": a byline whose label is not at the start. */
	if (h->count[ZC_RULE_CREDIT] > 0 && f->punct == 0 && f->han <= 12 &&
	    f->segments >= 2 && f->letters == 0 && f->digits == 0)
		return *evidence = h->first[ZC_RULE_CREDIT], KIND_CREDIT;
	return KIND_TEXT;
}

static double
text_score(const zc_line_features *f)
{
	unsigned punct = f->punct < 10 ? f->punct : 10;

	if (is_prose(f))
		return 1.0 + f->han / 20.0 + punct * 0.3;
	if (f->han >= 40)
		return f->han / 40.0;
	/* A sentence broken over lines, as mobile pages do: "下周一，" */
	if (f->han >= 3 && f->ends_comma)
		return 0.5;
	/* ... and a short sentence, or a line that introduces what follows
	 * ("各有关单位：", "点评："). */
	if (f->han >= 3 && (f->stops > 0 || f->ends_colon))
		return 0.0;
	return -1.0;
}

/* The body never spans a "related news" or comments heading unless the
 * text beyond it is worth this much. */
#define END_OF_ARTICLE_SCORE (-40.0)

/* Whether the normalised line names its source ("…（来源：梨视频）"): a
 * video's or a teaser's title does, a headline does not. */
static int
names_source(const zc_buf *norm)
{
	static const char label[] = "\xE6\x9D\xA5\xE6\xBA\x90:";   /* 来源: */
	size_t i, n = sizeof label - 1;

	for (i = 0; i + n <= norm->len; i++)
		if (memcmp(norm->data + i, label, n) == 0)
			return 1;
	return 0;
}

static int
judge_line(zc_boiler *b, page_line *l, uint64_t *prev_fp)
{
	zc_line_features f;
	zc_rule_hits h;
	int rc;

	rc = zc_line_normalise(b->text.data + l->off, l->len, b->simplified, &b->norm, &f);
	if (rc != ZC_OK)
		return rc;
	l->han = f.han;
	l->evidence = NULL;
	if (f.han == 0 && f.letters == 0 && f.digits == 0 && f.punct == 0 &&
	    (b->norm.len == 0 || strspn(b->norm.data, " ") == b->norm.len)) {
		l->kind = KIND_BLANK;
		return ZC_OK;
	}
	/* Only lines that could be repeats are counted: the table then fills
	 * with furniture, not with the stream's stories. */
	if (b->repeat && !is_prose(&f))
		l->repeats = zc_repeat_count(b->repeat, f.fingerprint, b->page);
	if (f.han == 0 && f.letters < 2) {
		l->kind = KIND_NOISE;
	} else {
		/* A long paragraph is furniture only if it opens as such. */
		zc_rules_match(b->rules, b->norm.data, b->norm.len,
		               !(is_long_prose(&f) && f.han > LONG_PARAGRAPH), &h);
		l->kind = furniture_kind(&f, &h, &l->evidence);
	}
	/* A sentence with a full stop is never a repeat: reposted stories
	 * share their sentences, sites share their furniture. */
	if (l->kind == KIND_TEXT && b->repeat && l->repeats >= b->opts.min_repeat &&
	    !is_prose(&f))
		l->kind = KIND_REPEAT;
	else if (l->kind == KIND_TEXT && f.fingerprint == *prev_fp)
		l->kind = KIND_DUP;
	*prev_fp = f.fingerprint;
	l->title_like = l->kind == KIND_TEXT && f.han >= 4 && f.han <= 80 &&
	                f.periods == 0 && f.stops <= 2 && f.punct <= 4 &&
	                f.max_segment_han >= 4 && f.breadcrumb == 0 &&
	                !names_source(&b->norm);
	if (l->kind == KIND_TEXT)
		l->score = text_score(&f);
	else if (l->kind == KIND_NOISE)
		l->score = -0.5;
	else if (l->kind == KIND_END)
		l->score = END_OF_ARTICLE_SCORE;
	else
		l->score = -2.0;
	return ZC_OK;
}

/* ---- the page --------------------------------------------------------------- */

/* What text after a "related news" or comments heading counts for, in
 * choosing the body: teasers of other stories (a title and its lead) can
 * outweigh a short article above the heading, and an article below one
 * that stands at the top of the page still outweighs the header. */
#define AFTER_END_WEIGHT (1.0 / 3.0)

/* The run of lines with the highest total score (blank lines are neutral;
 * see AFTER_END_WEIGHT). Returns 0 if no run scores above zero. */
static int
find_body(const zc_boiler *b, size_t *first, size_t *last)
{
	double sum = 0, best = 0, weight = 1.0;
	size_t i, start = 0;

	for (i = 0; i < b->n_lines; i++) {
		const page_line *l = &b->lines[i];
		if (l->kind == KIND_BLANK)
			continue;
		if (sum <= 0) {
			sum = 0;
			start = i;
		}
		sum += weight * l->score;
		if (l->kind == KIND_END)
			weight = AFTER_END_WEIGHT;
		if (sum > best) {
			best = sum;
			*first = start;
			*last = i;
		}
	}
	return best > 0;
}

#define HEADLINE_REACH 15   /* non-blank lines above the body */

/* The headline: a title-like line above the body; of several, the one
 * with most Han characters (up to 30: longer is a run-together menu), less
 * two a line of distance (a byline or an author's title often sits
 * between). */
static void
find_headline(zc_boiler *b, size_t first)
{
	page_line *best = NULL;
	double best_score = 0, score;
	unsigned seen = 0;
	size_t i;

	for (i = first; i-- > 0 && seen < HEADLINE_REACH;) {
		page_line *l = &b->lines[i];
		if (l->kind == KIND_BLANK)
			continue;
		seen++;
		score = (double)(l->han < 30 ? l->han : 30) - 2.0 * seen;
		if (l->title_like && (best == NULL || score > best_score)) {
			best = l;
			best_score = score;
		}
	}
	if (best) {
		best->keep = 1;
		best->decided = "headline";
	}
}

/* Between two kept lines, the first of the blank lines between them (if
 * any) stands for all of them and everything dropped there. */
static void
mark_separators(zc_boiler *b)
{
	size_t i, first_blank = 0;
	int seen_kept = 0, seen_blank = 0;

	for (i = 0; i < b->n_lines; i++) {
		page_line *l = &b->lines[i];
		if (l->kind == KIND_BLANK) {
			if (!seen_blank)
				first_blank = i;
			seen_blank = 1;
		} else if (l->keep) {
			if (seen_kept && seen_blank)
				b->lines[first_blank].keep = 1;
			seen_kept = 1;
			seen_blank = 0;
		}
	}
}

/* Whether line l stops in mid-sentence, after a comma, an enumeration
 * comma or a semicolon (spaces after it aside): the next line goes on
 * with its sentence. */
static int
ends_mid_sentence(const zc_boiler *b, const page_line *l)
{
	const char *text = b->text.data + l->off;
	size_t len = l->len;
	uint32_t cp;

	while ((cp = zc_utf8_before(text, len)) == ' ' || cp == '\t' || cp == 0x3000)
		len -= cp == 0x3000 ? 3 : 1;
	return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B;   /* ， 、 ； */
}

/* The best run ends on lines that add to it; short sentences that open or
 * close an article ("今天是教师节。") add nothing but belong to it, and so
 * does a line that goes on with the sentence of the last one (a closing
 * verse cut into short lines: "道路施工会给大家的出行带来不便，" then
 * "但短暂的维修换来的是"). */
static void
extend_body(const zc_boiler *b, size_t *first, size_t *last)
{
	size_t i;

	for (i = *last + 1; i < b->n_lines; i++) {
		const page_line *l = &b->lines[i];
		if (l->kind == KIND_BLANK)
			continue;
		/* (the sentence goes on on the very next line, not after a
		 * paragraph break) */
		if (l->kind != KIND_TEXT ||
		    (l->score < 0 && !(i == *last + 1 && ends_mid_sentence(b, &b->lines[*last]))))
			break;
		*last = i;
	}
	for (i = *first; i-- > 0;) {
		const page_line *l = &b->lines[i];
		if (l->kind == KIND_BLANK)
			continue;
		if (l->kind != KIND_TEXT || l->score < 0)
			break;
		*first = i;
	}
}

static void
decide(zc_boiler *b)
{
	size_t i, first = 0, last = 0;
	int has_body = find_body(b, &first, &last);

	for (i = 0; i < b->n_lines; i++) {
		page_line *l = &b->lines[i];
		l->keep = 0;
		if (l->kind != KIND_TEXT)
			l->decided = kind_names[l->kind];
		else if (!has_body || i < first)
			l->decided = "before-body";
		else if (i > last)
			l->decided = "after-body";
		else
			l->keep = 1, l->decided = "body";
	}
	if (has_body) {
		extend_body(b, &first, &last);
		for (i = first; i <= last; i++)
			if (b->lines[i].kind == KIND_TEXT && !b->lines[i].keep)
				b->lines[i].keep = 1, b->lines[i].decided = "body";
		find_headline(b, first);
	}
	mark_separators(b);
}

static const char *
eol_of(const page_line *l)
{
	return l->eol_len == 2 ? "\r\n" : l->eol_len == 1 ? "\n" : "";
}

static int
write_explained(zc_boiler *b, const page_line *l, zc_out *out)
{
	char head[96];
	int rc;

	if (l->kind == KIND_TEXT || l->kind == KIND_NOISE)
		snprintf(head, sizeof head, "%s %s %+.1f", l->keep ? "KEEP" : "DROP",
		         l->keep ? l->decided : l->decided, l->score);
	else if (l->kind == KIND_REPEAT)
		snprintf(head, sizeof head, "DROP repeat %u pages", l->repeats);
	else
		snprintf(head, sizeof head, "%s %s", l->keep ? "KEEP" : "DROP",
		         kind_names[l->kind]);
	if ((rc = zc_out_puts(out, head)) != ZC_OK)
		return rc;
	if (l->evidence && ((rc = zc_out_puts(out, " ")) != ZC_OK ||
	                    (rc = zc_out_puts(out, l->evidence)) != ZC_OK))
		return rc;
	if ((rc = zc_out_write(out, "\t", 1)) != ZC_OK ||
	    (rc = zc_out_write(out, b->text.data + l->off, l->len)) != ZC_OK)
		return rc;
	return zc_out_puts(out, l->eol_len ? eol_of(l) : "\n");
}

static int
write_kept(zc_boiler *b, const page_line *l, zc_out *out)
{
	if (l->kind == KIND_BLANK)
		return zc_out_puts(out, eol_of(l));
	return zc_out_write(out, b->text.data + l->off, l->len + l->eol_len);
}

/* Judge the lines held and write those kept. */
static int
judge_page(zc_boiler *b, zc_out *out)
{
	uint64_t prev_fp = 0;
	size_t i, kept = 0;
	int rc;

	for (i = 0; i < b->n_lines; i++)
		if ((rc = judge_line(b, &b->lines[i], &prev_fp)) != ZC_OK)
			return rc;
	decide(b);
	for (i = 0; i < b->n_lines; i++) {
		const page_line *l = &b->lines[i];
		kept += l->keep && l->kind != KIND_BLANK;
		if (b->opts.explain)
			rc = write_explained(b, l, out);
		else
			rc = l->keep ? write_kept(b, l, out) : ZC_OK;
		if (rc != ZC_OK)
			return rc;
	}
	b->kept += kept;
	return ZC_OK;
}

static int
boiler_doc_end(void *state, zc_out *out)
{
	zc_boiler *b = state;
	int rc = judge_page(b, out);

	if (rc == ZC_OK && b->kept == 0 && b->on_empty)
		b->on_empty(b->on_empty_arg, b->page);
	return rc;
}

/* Long lines come in pieces cut between characters: with PAGE_LIMIT, that
 * bounds memory whatever the input. */
static size_t
boiler_safe_cut(void *state, const char *text, size_t len)
{
	(void)state;
	return zc_utf8_complete_prefix(text, len);
}

void
zc_boiler_filter(zc_boiler *b, zc_filter *filter)
{
	memset(filter, 0, sizeof *filter);
	filter->state = b;
	filter->doc_begin = boiler_doc_begin;
	filter->line = boiler_line;
	filter->doc_end = boiler_doc_end;
	filter->safe_cut = boiler_safe_cut;
}
