/*
 * zhclean.h - the one public header of libzhclean.
 *
 * libzhclean holds everything the zhclean filters do: streaming records,
 * UTF-8 handling, encoding repair, boilerplate removal, conversion and word
 * segmentation. Every public name starts with zc_. Functions return 0 or a
 * positive count on success and a negative ZC_E* code on failure; the
 * library never prints and never exits (zc_strerror() gives the message).
 */
#ifndef ZHCLEAN_H
#define ZHCLEAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ---------------------------------------------------------- */

enum zc_error {
	ZC_OK = 0,
	ZC_ENOMEM = -1,    /* out of memory */
	ZC_EREAD = -2,     /* read error: errno holds the reason */
	ZC_EWRITE = -3,    /* write error: errno holds the reason */
	ZC_EPIPE = -4,     /* the reader of our output went away */
	ZC_EINVAL = -5,    /* invalid argument */
	ZC_ECONFIG = -6,   /* a conversion config could not be loaded */
	ZC_EDATA = -7,     /* a data file is corrupt, truncated or foreign */
	ZC_ERECORD = -8,   /* a record is malformed (with --strict) */
	ZC_EENCODING = -9, /* unknown or unsupported encoding name */
	ZC_EMODULE = -10   /* the JSON Lines reader module could not be loaded */
};

/* A message for a ZC_E* code; for ZC_EREAD/ZC_EWRITE, errno's message. */
const char *zc_strerror(int err);

/* ---- growable byte buffer -------------------------------------------- */

typedef struct zc_buf {
	char *data;
	size_t len;
	size_t cap;
} zc_buf;

#define ZC_BUF_INIT {NULL, 0, 0}

int zc_buf_reserve(zc_buf *b, size_t extra);
int zc_buf_append(zc_buf *b, const void *p, size_t n);
int zc_buf_putc(zc_buf *b, char c);
void zc_buf_clear(zc_buf *b);
void zc_buf_free(zc_buf *b);

/* ---- UTF-8 ----------------------------------------------------------- */

/*
 * Decode one character from s[0..n). Returns its length (1-4) and stores
 * the code point in *cp. A byte that does not start a valid, complete,
 * shortest-form sequence is returned as length 1 with *cp = ZC_INVALID;
 * the rule everywhere in zhclean is that such bytes pass through as they are.
 */
#define ZC_INVALID 0xFFFFFFFFu
size_t zc_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length, 0 if invalid. */
size_t zc_utf8_encode(uint32_t cp, char *out);
/* Length of the longest prefix of s[0..n) that ends on a character boundary
 * and does not end inside a valid but incomplete sequence. */
size_t zc_utf8_complete_prefix(const char *s, size_t n);
/* The character that ends at text[end): its code point, 0 at the start of
 * text, ZC_INVALID if the bytes there are not one whole character. */
uint32_t zc_utf8_before(const char *text, size_t end);
/* 1 for CJK unified ideographs (all extensions) and compatibility ideographs. */
int zc_is_han(uint32_t cp);

/* ---- output sink ----------------------------------------------------- */

/*
 * Where a filter writes. It buffers and either flushes to a FILE (plain and
 * -z modes) or keeps everything in memory (a JSON Lines field being built).
 */
typedef struct zc_out zc_out;
int zc_out_write(zc_out *out, const void *p, size_t n);
int zc_out_puts(zc_out *out, const char *s);

/* ---- filters and the record stream ------------------------------------ */

/*
 * One line of a document, as a filter sees it. A line longer than the
 * stream's piece size is handed over in pieces when the filter has a
 * safe_cut hook: every piece but the last has continues = 1 and no eol.
 */
typedef struct zc_line {
	const char *text;    /* content, without the line end */
	size_t len;
	const char *eol;     /* "\n", "\r\n", or "" (end of document) */
	size_t eol_len;
	int continues;       /* 1: more of this line follows in the next call */
	size_t number;       /* 1-based line number within the document */
} zc_line;

/*
 * A filter is a set of hooks over a stream of documents made of lines.
 * In plain mode each input file is one document; with -z each NUL-separated
 * record is; with --jsonl each record's text field is. Hooks return 0 or a
 * negative ZC_E* code, which stops the run.
 */
typedef struct zc_filter {
	void *state;
	/* A new document starts (optional). */
	int (*doc_begin)(void *state);
	/* One line (or piece of one); the filter writes what it keeps,
	 * line end included, to out. */
	int (*line)(void *state, const zc_line *line, zc_out *out);
	/* The document ended: write anything held back (optional). */
	int (*doc_end)(void *state, zc_out *out);
	/* Optional: where a too-long line may be cut. Returns a length
	 * 1..len at which text may be split without changing the output;
	 * 0 means nowhere. NULL: lines are never split. */
	size_t (*safe_cut)(void *state, const char *text, size_t len);
	/* Optional: look at the first bytes of a document and name the
	 * encoding (an iconv name) to convert it from before it is split into
	 * lines, or NULL for UTF-8 as it is. at_end: head is the whole
	 * document. */
	const char *(*detect_encoding)(void *state, const char *head, size_t len,
	                               int at_end);
} zc_filter;

enum zc_mode {
	ZC_MODE_TEXT = 0,   /* each input is one document of lines */
	ZC_MODE_NUL,        /* documents separated by NUL bytes (-z) */
	ZC_MODE_JSONL       /* one JSON object per line, text in a field */
};

typedef struct zc_stream_opts {
	enum zc_mode mode;
	const char *json_field;  /* --jsonl field; NULL means "text" */
	int strict;              /* --strict: a bad JSON line is an error */
	size_t piece_size;       /* 0: the default (64 KiB) */
} zc_stream_opts;

typedef struct zc_stream_stats {
	unsigned long documents;    /* documents processed */
	unsigned long bad_records;  /* JSON lines passed through unchanged */
	unsigned long error_record; /* with ZC_ERECORD: which line */
} zc_stream_stats;

/*
 * Read all of in, run filter over its documents and write to out.
 * Returns 0, or a negative ZC_E* code (the first error; stats says where).
 */
int zc_stream_run(const zc_filter *filter, const zc_stream_opts *opts,
                  FILE *in, FILE *out, zc_stream_stats *stats);

/* ---- t2s: conversion through OpenCC (convert.c) ------------------------ */

typedef struct zc_converter zc_converter;

/* Open an OpenCC config: a name such as "t2s", "tw2s", "hk2s", "tw2sp"
 * (looked up in OpenCC's data directory) or a path to a JSON config. */
int zc_converter_open(zc_converter **conv, const char *config);
void zc_converter_close(zc_converter *conv);
/* Append the conversion of text[0..len) to out. Invalid UTF-8 and NUL
 * bytes are copied unchanged; only runs of characters that some dictionary
 * can change are handed to OpenCC. */
int zc_convert(zc_converter *conv, const char *text, size_t len, zc_buf *out);
/* A zc_filter that converts every line. */
void zc_converter_filter(zc_converter *conv, zc_filter *filter);

/* The simplified form of one character by OpenCC's character table
 * (TSCharacters, first candidate), or cp itself when it has none. For
 * looking traditional text up in simplified data (character model,
 * segmentation dictionary) while printing the original characters. */
uint32_t zc_simplify_char(uint32_t cp);

/* ---- demojibake (mojibake.c, pinyin.c, charmodel.c, ...) ---------------- */

/*
 * Repairs encoding damage in scraped Chinese text: ruby pinyin residue,
 * '?' left by codecs, HTML entities, mix-ups of UTF-8, GBK, Big5 and
 * Latin-1, whole inputs in a legacy encoding. Clean text passes unchanged.
 */
typedef struct zc_demojibake zc_demojibake;

/* Called once per change (for --explain): the line within its document
 * and the column in characters (both 1-based; the column counts in the
 * line as earlier steps left it), the kind of damage, the text before and
 * after. */
typedef void (*zc_demojibake_explain_fn)(void *arg, size_t line, size_t column,
                                         const char *kind,
                                         const char *before, size_t before_len,
                                         const char *after, size_t after_len);

enum zc_demojibake_norm { ZC_NORM_NONE = 0, ZC_NORM_NFC, ZC_NORM_NFKC };

typedef struct zc_demojibake_opts {
	const char *from;        /* input encoding (iconv name); NULL: detect */
	int punct;               /* full-width punctuation between Han characters */
	enum zc_demojibake_norm normalize;
	int nbsp;                /* U+00A0 becomes a plain space */
	zc_demojibake_explain_fn explain;  /* NULL: no report */
	void *explain_arg;
} zc_demojibake_opts;

/* Load the character model; ZC_EENCODING if opts->from is unknown to iconv,
 * ZC_EREAD/ZC_EDATA if the model is missing or broken. */
int zc_demojibake_open(zc_demojibake **d, const zc_demojibake_opts *opts);
void zc_demojibake_close(zc_demojibake *d);
/* Start a new document (forget what the previous one showed). */
void zc_demojibake_reset(zc_demojibake *d);
/* Repair one line (without its end) of the current document, appending
 * the result to out. Returns the number of changes or a negative ZC_E*. */
int zc_demojibake_line(zc_demojibake *d, const char *text, size_t len, zc_buf *out);
/* A zc_filter that repairs every line, detecting (or, with opts->from,
 * forcing) the encoding of each document. */
void zc_demojibake_filter(zc_demojibake *d, zc_filter *filter);

/* ---- stripboiler (boiler.c) -------------------------------------------- */

/*
 * Keeps the headline and the article body of a scraped news page (one
 * block per line) and drops the page furniture. A page is one document; it
 * is held until its end, because decisions need the whole page. Lines are
 * judged from evidence (Han length, punctuation, separators, date, credit,
 * footer, action and spam vocabularies, position) and the body is the run
 * of lines with the best prose score. See man/stripboiler.1.
 */
typedef struct zc_boiler zc_boiler;

typedef struct zc_boiler_opts {
	const char *datadir;     /* vocabulary directory; NULL: $ZHCLEAN_DATADIR
	                          * or the installed one, + "/stripboiler" */
	unsigned min_repeat;     /* drop lines seen in this many pages; 0: off */
	int explain;             /* write every line with KEEP/DROP and why */
} zc_boiler_opts;

#define ZC_BOILER_MIN_REPEAT 0   /* off: no state crosses documents unless asked for */

void zc_boiler_opts_init(zc_boiler_opts *opts);
/* Load the default vocabularies and make a context. */
int zc_boiler_new(zc_boiler **boiler, const zc_boiler_opts *opts);
void zc_boiler_free(zc_boiler *boiler);
/* Add the rules of a vocabulary file (CLASS<TAB>PHRASE lines). On
 * ZC_EDATA, *bad_line says which line is malformed. */
int zc_boiler_add_rules(zc_boiler *boiler, const char *path, size_t *bad_line);
/* Called at the end of each page that kept no body line. */
void zc_boiler_on_empty_page(zc_boiler *boiler,
                             void (*fn)(void *arg, unsigned long page),
                             void *arg);
/* A zc_filter over the context. */
void zc_boiler_filter(zc_boiler *boiler, zc_filter *filter);

/* ---- segment (dict.c, segment.c) --------------------------------------- */

/* segment's dictionary: jieba's words and HMM tables (segdict.c). */
typedef struct zc_segdict zc_segdict;

/* Map a dictionary compiled at build time; path NULL: segment.dict in
 * $ZHCLEAN_DATADIR, else in the installed data directory. Only what is
 * cheap is checked (header, sizes, offsets): ZC_EDATA if that fails. */
int zc_segdict_open(zc_segdict **dict, const char *path);
/* Verify a compiled dictionary completely, checksum included. */
int zc_segdict_verify(const char *path);
/* Build a dictionary from a file in jieba's dict.txt format, with the HMM
 * tables of hmm_from. On ZC_EDATA, *bad_line is the line at fault. */
int zc_segdict_load_jieba(zc_segdict **dict, const char *path,
                          const zc_segdict *hmm_from, size_t *bad_line);
/* Add the words of a user dictionary ("word [freq] [tag]" a line), as
 * jieba.load_userdict does. On ZC_EDATA, *bad_line is the line at fault. */
int zc_segdict_add_user_words(zc_segdict *dict, const char *path, size_t *bad_line);
void zc_segdict_close(zc_segdict *dict);
/* The path of data file name (charmodel.bin, segment.dict, stripboiler):
 * in $ZHCLEAN_DATADIR, else in the installed data directory; written into
 * buf, which is returned (NULL if it does not fit). */
const char *zc_data_path(const char *name, char *buf, size_t size);
/* The path zc_segdict_open(dict, NULL) uses, written into buf. */
const char *zc_segdict_default_path(char *buf, size_t size);

/* Word segmentation, jieba's accurate mode (segcut.c, segment.c). */
typedef struct zc_segment_opts {
	const char *delimiter;  /* between tokens; NULL: " ". It may not hold
	                         * Han, ASCII letters or digits, or +#&._%- */
	int no_hmm;             /* jieba's HMM=False */
	int sentences;          /* a line break after each sentence */
	int traditional;        /* look words up through simplified forms */
} zc_segment_opts;

typedef struct zc_segmenter zc_segmenter;

/* ZC_EINVAL for a delimiter that could not be told from the words. */
int zc_segmenter_new(zc_segmenter **seg, const zc_segdict *dict,
                     const zc_segment_opts *opts);
void zc_segmenter_free(zc_segmenter *seg);
/* Append the segmentation of one line text[0..len) (no line end) to out:
 * DELIM.join(jieba.cut(text)), invalid UTF-8 bytes as tokens of their own. */
int zc_segment_text(zc_segmenter *seg, const char *text, size_t len, zc_buf *out);
/* A zc_filter that segments every line. */
void zc_segmenter_filter(zc_segmenter *seg, zc_filter *filter);

#ifdef __cplusplus
}
#endif

#endif /* ZHCLEAN_H */
