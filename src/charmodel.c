/*
 * charmodel.c - the character unigram+bigram model demojibake scores its
 * repair hypotheses with, and the code page tables it re-encodes with.
 *
 * data/charmodel.bin is mapped read-only and used as it is. gen-charmodel
 * writes it with zc_charmodel_build from jieba's dict.txt and iconv: the
 * per-character tables of the Basic Multilingual Plane (the unigram of
 * every character, traditional characters through zc_simplify_char and
 * non-Han characters by class; its simplified form for bigram look-ups;
 * the reverse code page tables; the suspicion classes the fast path of
 * mojibake.c reads) and the bigram hash and filter. Opening adds what is
 * quickly made from those and the tables of simplify.c: the commonest
 * characters and the Han script of each (zc_charmodel_han_script).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "charmodel.h"

#define NCHARS 65536
#define LEADS 126
#define TRAILS ZC_TRAILS
#define MODEL_FILE "charmodel.bin"
#define MAGIC "ZCCMOD2\n"

/* Log-probabilities of what the model has no data for (natural log). The
 * common Han characters are around -4 to -9; these place the rest. */
#define LOGP_UNKNOWN_HAN   -15.0
#define LOGP_ASCII_ALNUM   -3.5
#define LOGP_SPACE         -3.0
#define LOGP_ASCII_PUNCT   -5.0
#define LOGP_QUESTION      -12.0  /* '?' is what lossy codecs write */
#define LOGP_LATIN1_LETTER -9.0
#define LOGP_LATIN1_SYMBOL -11.0
#define LOGP_OTHER         -12.0
#define LOGP_KANA          -8.0   /* Japanese is text too */
#define LOGP_EMOJI         -9.0
#define LOGP_DAMAGE        -20.0  /* invalid bytes, U+FFFD, C1 controls, PUA */
/* log of the weight (one half) of the in-word bigram and of the unigram in
 * their mixture; the mixture is approximated by its larger term, which
 * keeps libm out of the library and costs little precision. */
#define LOG_HALF -0.6931471805599453
#define DIGIT_UNIT_BONUS 3.0
#define SCRIPT_SWITCH -4.0
#define FLAG_HAN 1
#define FLAG_FOREIGN 2   /* a non-ASCII letter of another script */
#define FLAG_UNIT 4      /* a unit or date after numbers */
#define FLAG_FIRST 8     /* its simplified form begins a bigram */
#define FLAG_SECOND 16   /* some bigram into its simplified form beats its
                          * unigram: the bigram can change its score */
#define FLAG_ALPHABET 224 /* three bits: Greek, Cyrillic, Hangul, Hebrew,
                          * Arabic or Armenian (1-6) */
#define ALPHABET_GREEK 32
#define ALPHABET_CYRILLIC 64
#define ALPHABET_HANGUL 96
#define ALPHABET_HEBREW 128
#define ALPHABET_ARABIC 160
#define ALPHABET_ARMENIAN 192
/* A letter that goes on with a word of its alphabet (Greek, Cyrillic,
 * Hangul, Hebrew, Arabic, Armenian) is as plausible as a Latin-1 letter:
 * their UTF-8 read as Windows-1252 then repairs into them (Привет), not
 * into the GBK Han the same bytes spell (感残笛). A letter alone keeps
 * LOGP_OTHER: GBK read as Windows-1252 and then as UTF-8 makes letters of
 * several scripts in turn (ͨѶԱ), seldom a word of one. */
#define ALPHABET_RUN (LOGP_LATIN1_LETTER - LOGP_OTHER)
/* Han characters less frequent than this are "rare" for the fast path. */
#define LOGP_RARE -13.0

/* The tables of the file, in the order of the header's offsets. */
enum {
	T_UNIGRAM, T_SIMPLIFIED, T_FLAGS, T_SUSPICION, T_ENCODE_GBK,
	T_ENCODE_CP950, T_DECODE_GBK, T_DECODE_CP950, T_CP1252, T_CP1252_BYTE,
	T_HASH, T_FILTER, T_BEST_INTO, NTABLES
};

/* Version 3 of data/charmodel.bin: every table the scoring reads, ready to
 * use, so opening is a mmap and these checks (gen-charmodel computes them
 * at build time: they cost ~20 ms a process at run time). */
struct charmodel_header {
	char magic[8];          /* MAGIC */
	uint32_t byte_order;    /* BYTE_ORDER_MARK as the build machine wrote it */
	uint32_t version;       /* FILE_VERSION */
	uint32_t header_size;
	uint32_t nbigrams;
	uint32_t hash_slots;    /* a power of two */
	uint32_t filter_words;  /* a power of two */
	uint32_t max_probe;     /* the farthest a key is from its slot, < slots */
	uint32_t reserved;      /* 0 */
	uint64_t file_size;
	uint64_t offset[NTABLES];
};

#define BYTE_ORDER_MARK 0x01020304u
#define FILE_VERSION 3
#define CP1252_CHARS 0x2200

struct bigram_slot {
	uint32_t key;        /* 0: empty (no key is 0: no U+0000) */
	float logp;          /* next to its key: one cache miss a probe */
};

/* The tables point into the mapped file (read-only) or, while
 * gen-charmodel builds it, into the image being written. */
struct zc_charmodel {
	void *map;
	size_t map_len;
	const uint16_t *decode[2];   /* GBK, CP950: [LEADS * TRAILS] */
	uint16_t *cp1252;            /* [128] */
	float *unigram;              /* [NCHARS], every character */
	uint16_t *simplified;        /* [NCHARS] */
	uint16_t *encode[2];         /* [NCHARS] -> lead << 8 | trail */
	unsigned char *suspicion;    /* [NCHARS] 0, 1, 2 */
	unsigned char *flags;        /* [NCHARS] FLAG_*: classes for scoring */
	unsigned char *cp1252_byte;  /* [CP1252_CHARS] char -> byte, 0 none */
	float *best_into;            /* [NCHARS] the best bigram into a simplified
	                              * character (see zc_charmodel_logp_bound) */
	/* The bigrams as an open-addressing hash: scoring looks them up
	 * millions of times a second on damaged text. */
	struct bigram_slot *hash;
	uint32_t hash_mask;
	uint32_t max_probe;      /* a look-up ends there: no endless probing of
	                          * a damaged file */
	/* A blocked Bloom filter over the same keys, small enough to stay in
	 * cache: most pairs a wrong hypothesis makes are no bigram, and this
	 * says so without touching the hash. */
	uint64_t *filter;
	uint32_t filter_mask;
	unsigned char *han_script;   /* [NCHARS] zc_charmodel_han_script */
	uint32_t *common_han;    /* zc_charmodel_common_han */
	size_t n_common_han;
	uint32_t page_common[2][ZC_PAGE_COMMON_MAX];   /* zc_charmodel_page_common */
	size_t n_page_common[2];
};

/* Bytes of table t under header h. */
static uint64_t
table_bytes(const struct charmodel_header *h, unsigned t)
{
	switch (t) {
	case T_UNIGRAM: return NCHARS * sizeof(float);
	case T_SIMPLIFIED: case T_ENCODE_GBK: case T_ENCODE_CP950:
		return NCHARS * sizeof(uint16_t);
	case T_FLAGS: case T_SUSPICION: return NCHARS;
	case T_DECODE_GBK: case T_DECODE_CP950:
		return LEADS * TRAILS * sizeof(uint16_t);
	case T_CP1252: return 128 * sizeof(uint16_t);
	case T_CP1252_BYTE: return CP1252_CHARS;
	case T_HASH: return (uint64_t)h->hash_slots * sizeof(struct bigram_slot);
	case T_BEST_INTO: return NCHARS * sizeof(float);
	default: return (uint64_t)h->filter_words * sizeof(uint64_t);
	}
}

/* Point m's tables into image (checked by the caller). */
static void
attach_tables(zc_charmodel *m, unsigned char *image)
{
	const struct charmodel_header *h = (const void *)image;

	m->unigram = (float *)(image + h->offset[T_UNIGRAM]);
	m->simplified = (uint16_t *)(image + h->offset[T_SIMPLIFIED]);
	m->flags = image + h->offset[T_FLAGS];
	m->suspicion = image + h->offset[T_SUSPICION];
	m->encode[ZC_CP_GBK] = (uint16_t *)(image + h->offset[T_ENCODE_GBK]);
	m->encode[ZC_CP_CP950] = (uint16_t *)(image + h->offset[T_ENCODE_CP950]);
	m->decode[ZC_CP_GBK] = (uint16_t *)(image + h->offset[T_DECODE_GBK]);
	m->decode[ZC_CP_CP950] = (uint16_t *)(image + h->offset[T_DECODE_CP950]);
	m->cp1252 = (uint16_t *)(image + h->offset[T_CP1252]);
	m->cp1252_byte = image + h->offset[T_CP1252_BYTE];
	m->hash = (struct bigram_slot *)(image + h->offset[T_HASH]);
	m->hash_mask = h->hash_slots - 1;
	m->max_probe = h->max_probe;
	m->filter = (uint64_t *)(image + h->offset[T_FILTER]);
	m->filter_mask = h->filter_words - 1;
	m->best_into = (float *)(image + h->offset[T_BEST_INTO]);
}

static int
is_power_of_two(uint32_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* Whether the header of the len bytes at image is ours, of this machine's
 * byte order and version, and every table lies aligned inside the file. */
static int
header_ok(const unsigned char *image, size_t len)
{
	const struct charmodel_header *h = (const void *)image;
	unsigned t;

	if (len < sizeof *h || memcmp(h->magic, MAGIC, 8) != 0 ||
	    h->byte_order != BYTE_ORDER_MARK || h->version != FILE_VERSION ||
	    h->header_size != sizeof *h || h->file_size != len ||
	    !is_power_of_two(h->hash_slots) || !is_power_of_two(h->filter_words) ||
	    h->hash_slots > 1u << 28 || h->filter_words > 1u << 28 ||
	    h->max_probe >= h->hash_slots)
		return 0;
	for (t = 0; t < NTABLES; t++)
		if (h->offset[t] % 8 != 0 || h->offset[t] < sizeof *h ||
		    h->offset[t] > len || table_bytes(h, t) > len - h->offset[t])
			return 0;
	return 1;
}

/* ---- loading ----------------------------------------------------------- */

static int
map_file(zc_charmodel *m)
{
	char path[4096];
	struct stat st;
	int fd;

	if (zc_data_path(MODEL_FILE, path, sizeof path) == NULL)
		return ZC_EINVAL;
	if ((fd = open(path, O_RDONLY)) < 0)
		return ZC_EREAD;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return ZC_EREAD;
	}
	m->map_len = (size_t)st.st_size;
	m->map = m->map_len ? mmap(NULL, m->map_len, PROT_READ, MAP_PRIVATE, fd, 0)
	                    : MAP_FAILED;
	close(fd);
	if (m->map == MAP_FAILED) {
		m->map = NULL;
		return ZC_EDATA;
	}
	return 0;
}

static int
is_latin1_letter(uint32_t c)
{
	return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7;
}

/* Whether c, a letter of Latin Extended-A or B (U+0100-U+024F), is one
 * that few languages write: Esperanto's, Maltese's, Welsh's, Sami's,
 * letters of old spellings (ĸ, ŉ, ŗ, ſ) and most of Extended-B. Read
 * out of two Latin-1 characters they are mostly chance (MARQUÉ… as
 * MARQUɅ, 10 Å— as 10 ŗ). Extended-B's pinyin (ǎ to ǜ), Romanian (ș ț),
 * Vietnamese (ơ ư), Azerbaijani (ə) and ƒ are in use. */
static int
is_rare_latin(uint32_t c)
{
	static const uint16_t rare_a[][2] = {
		{0x108, 0x10B}, {0x114, 0x115}, {0x11C, 0x11D}, {0x120, 0x121},
		{0x124, 0x127}, {0x12C, 0x12D}, {0x132, 0x135}, {0x138, 0x138},
		{0x13F, 0x140}, {0x149, 0x14B}, {0x14E, 0x14F}, {0x156, 0x157},
		{0x15C, 0x15D}, {0x166, 0x167}, {0x16C, 0x16D}, {0x174, 0x177},
		{0x17F, 0x17F},
	};
	size_t k;

	if (c >= 0x180)
		return !(c == 0x18F || c == 0x192 || c == 0x1A0 || c == 0x1A1 ||
		         c == 0x1AF || c == 0x1B0 || (c >= 0x1CD && c <= 0x1DC) ||
		         (c >= 0x218 && c <= 0x21B));
	for (k = 0; k < sizeof rare_a / sizeof *rare_a; k++)
		if (c >= rare_a[k][0] && c <= rare_a[k][1])
			return 1;
	return 0;
}

/* Whether c is a Greek letter that science writes as a symbol among other
 * text (μ of μg/m³ in every air-quality report, α, β, γ, π, Δ, Ω): the
 * small letters and the capitals that differ from Latin ones. */
static int
is_greek_symbol(uint32_t c)
{
	static const uint16_t capitals[] = {0x393, 0x394, 0x398, 0x39B, 0x39E, 0x3A0,
	                                    0x3A3, 0x3A6, 0x3A8, 0x3A9};
	size_t k;

	if (c >= 0x3B1 && c <= 0x3C9)
		return 1;
	for (k = 0; k < sizeof capitals / sizeof *capitals; k++)
		if (c == capitals[k])
			return 1;
	return 0;
}

/* The commonest punctuation of Chinese text, roughly by frequency. */
static double
punct_logp(uint32_t c)
{
	switch (c) {
	case 0xFF0C: return -3.2;               /* ， */
	case 0x3002: return -3.5;               /* 。 */
	case 0x3001: case 0x201C: case 0x201D:  /* 、 “ ” */
		return -5.0;
	case 0xFF1A: case 0xFF08: case 0xFF09:  /* ： （ ） */
	case 0x300A: case 0x300B: case 0xFF1B:  /* 《 》 ； */
		return -5.5;
	case 0xFF1F: case 0xFF01: case 0x2014:  /* ？ ！ — */
	case 0x2026: case 0x00B7: case 0x2018: case 0x2019:
		return -6.0;
	}
	if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))
		return -7.0;
	if ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E))
		return -8.0;
	return 0;
}

/* The model of a character that is not Han. */
static double
non_han_logp(uint32_t c)
{
	double p = punct_logp(c);

	if (p != 0)
		return p;
	if (c == '?')
		return LOGP_QUESTION;
	if (c == ' ')
		return LOGP_SPACE;
	if (c < 0x80) {
		if ((c | 0x20) - 'a' < 26 || c - '0' < 10)
			return LOGP_ASCII_ALNUM;
		return c < 0x20 && c != '\t' ? LOGP_DAMAGE : LOGP_ASCII_PUNCT;
	}
	if (c < 0xA0 || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF))
		return LOGP_DAMAGE;
	if (c < 0x100)
		return is_latin1_letter(c) ? LOGP_LATIN1_LETTER : LOGP_LATIN1_SYMBOL;
	if (c < 0x250)   /* Latin Extended-A and B: pinyin tones, Europe */
		return is_rare_latin(c) ? LOGP_OTHER : LOGP_LATIN1_LETTER;
	if (c >= 0x1EA0 && c <= 0x1EF9)   /* Vietnamese (ạ, ế, ữ) */
		return LOGP_LATIN1_LETTER;
	if (is_greek_symbol(c))   /* μg/m³, α-helix, ΔT: as common as © */
		return LOGP_LATIN1_SYMBOL;
	if (c >= 0x2000 && c <= 0x206F)
		return LOGP_DAMAGE;   /* spaces and format controls of no use here */
	if (c >= 0x20A0 && c <= 0x20CF)   /* currency signs: € as common as © */
		return LOGP_LATIN1_SYMBOL;
	/* Letterlike symbols, number forms, arrows, mathematical operators,
	 * circled numbers, geometric shapes, miscellaneous symbols and
	 * dingbats (℃ ™ Ⅲ → ≤ ① ● ★ ✔): units, lists and ratings on Chinese
	 * pages, as common as ©. */
	if ((c >= 0x2100 && c <= 0x22FF) || (c >= 0x2460 && c <= 0x24FF) ||
	    (c >= 0x25A0 && c <= 0x27BF))
		return LOGP_LATIN1_SYMBOL;
	if (c >= 0x3040 && c <= 0x30FF)
		return LOGP_KANA;
	if (c >= 0x1F000 && c <= 0x1FAFF)
		return LOGP_EMOJI;
	return LOGP_OTHER;
}

static void
fill_unigram(zc_charmodel *m, const float *raw)
{
	uint32_t c, s;

	for (c = 0; c < NCHARS; c++) {
		s = zc_is_han(c) ? zc_simplify_char(c) : c;
		if (s >= NCHARS)
			s = c;
		m->simplified[c] = (uint16_t)s;
		if (!zc_is_han(c))
			m->unigram[c] = (float)non_han_logp(c);
		else if (raw[s] <= 0)
			m->unigram[c] = raw[s];
		else if (raw[c] <= 0)
			m->unigram[c] = raw[c];
		else
			m->unigram[c] = (float)LOGP_UNKNOWN_HAN;
	}
}

/* Rows C6A1-C7FC of Big5 (kana, Cyrillic, circled and parenthesised
 * numbers) as Python's big5 and cp950 codecs decode them; glibc's CP950
 * leaves them to private use. A scraper in Python that reads GBK as Big5
 * shows these for 前, 区, 求 (GBK C7B0, C7F8, C7F3), so they encode back;
 * decoding keeps glibc's table (Big5 text itself hardly uses the rows). */
static const struct {
	unsigned first, last;   /* lead << 8 | trail, in one row */
	uint16_t cp;            /* of first */
} big5_extension[] = {
	{0xC6A1, 0xC6A1, 0x30FE}, {0xC6A2, 0xC6A3, 0x309D}, {0xC6A4, 0xC6A4, 0x3005},
	{0xC6A5, 0xC6F7, 0x3041}, {0xC6F8, 0xC6FE, 0x30A1}, {0xC740, 0xC77E, 0x30A8},
	{0xC7A1, 0xC7B0, 0x30E7}, {0xC7B1, 0xC7B2, 0x0414}, {0xC7B3, 0xC7B3, 0x0401},
	{0xC7B4, 0xC7BA, 0x0416}, {0xC7BB, 0xC7CD, 0x0423}, {0xC7CE, 0xC7CE, 0x0451},
	{0xC7CF, 0xC7E8, 0x0436}, {0xC7E9, 0xC7F2, 0x2460}, {0xC7F3, 0xC7FC, 0x2474},
};

static void
fill_big5_extension(zc_charmodel *m)
{
	size_t i;
	unsigned code, c;

	for (i = 0; i < sizeof big5_extension / sizeof *big5_extension; i++)
		for (code = big5_extension[i].first; code <= big5_extension[i].last; code++) {
			c = big5_extension[i].cp + (code - big5_extension[i].first);
			if (m->encode[ZC_CP_CP950][c] == 0)
				m->encode[ZC_CP_CP950][c] = (uint16_t)code;
		}
}

/*
 * GBK pairs iconv's GBK leaves undefined (the user-defined areas, holes of
 * the symbol rows) but that Windows (CP936), browsers (the WHATWG gb18030
 * decoder) and GB18030 decode to the Private Use Area: UTF-8 read as GBK by
 * them shows such characters (a third of the pairs with lead 0xAA-0xAF are
 * continuation bytes), and only their bytes bring the text back.
 */
static void
fill_private_use(zc_charmodel *m, const uint16_t *gbk_private)
{
	unsigned i, c;

	for (i = 0; gbk_private && i < LEADS * TRAILS; i++)
		if ((c = gbk_private[i]) != 0 && m->encode[ZC_CP_GBK][c] == 0)
			m->encode[ZC_CP_GBK][c] = (uint16_t)((0x81 + i / TRAILS) << 8 |
			                                     (0x40 + i % TRAILS));
}

static void
fill_encoders(zc_charmodel *m)
{
	unsigned cp, i, c;

	for (cp = 0; cp < 2; cp++)
		for (i = LEADS * TRAILS; i-- > 0;) {
			c = m->decode[cp][i];
			/* The lowest code wins where two decode alike. */
			if (c != 0)
				m->encode[cp][c] = (uint16_t)((0x81 + i / TRAILS) << 8 |
				                              (0x40 + i % TRAILS));
		}
	fill_big5_extension(m);
	for (i = 0x80; i < 0x100; i++) {
		c = m->cp1252[i - 0x80];
		/* Undefined bytes survive as the C1 control Latin-1 names. */
		m->cp1252_byte[c ? c : i] = (unsigned char)i;
	}
	/* Latin-1 decoders: every byte 0x80-0xFF is the same code point. */
	for (i = 0x80; i < 0x100; i++)
		m->cp1252_byte[i] = (unsigned char)i;
}

static void
fill_suspicion(zc_charmodel *m)
{
	static const uint32_t alone[] = {0xFFFD, 0x951F /* 锟 */, 0x70EB /* 烫 */,
	                                 0x5C6F /* 屯 */};
	unsigned lead, trail, c;
	size_t i;

	for (c = 0; c < NCHARS; c++) {
		if ((c >= 0x80 && c < 0xA0) || is_latin1_letter(c) ||
		    (c >= 0x3040 && c <= 0x30FF) || (c >= 0xE000 && c <= 0xF8FF))
			m->suspicion[c] = 2;
		else if ((zc_is_han(c) && m->unigram[c] < LOGP_RARE) ||
		         (c >= 0xA1 && c <= 0xBF) ||   /* ¡ ¢ £: 拼音码 punctuation */
		         (c >= 0x2460 && c <= 0x24FF) ||   /* ⒏ ㈤: GBK symbols */
		         (c >= 0x3200 && c <= 0x32FF))   /* shifted GBK makes */
			m->suspicion[c] = 1;
	}
	/* What UTF-8 lead bytes of CJK and punctuation followed by a
	 * continuation byte decode to in GBK: every third character of 古文码. */
	for (lead = 0xE2; lead <= 0xEF; lead++)
		for (trail = 0x80; trail <= 0xBF; trail++) {
			c = zc_charmodel_decode2(m, ZC_CP_GBK, lead, trail);
			if (c != 0 && m->suspicion[c] == 0)
				m->suspicion[c] = 1;
		}
	for (i = 0; i < sizeof alone / sizeof *alone; i++)
		m->suspicion[alone[i]] = 2;
}

static uint32_t
hash_slot(uint32_t key, uint32_t mask)
{
	return (key * 2654435761u) >> 7 & mask;
}

static uint64_t
filter_hash(uint32_t key)
{
	return (uint64_t)key * 0x9E3779B97F4A7C15u;
}

/* The two bits of key's word in the filter. */
static uint64_t
filter_bits(uint64_t h)
{
	return (uint64_t)1 << (h >> 52 & 63) | (uint64_t)1 << (h >> 58 & 63);
}

static void
fill_filter(zc_charmodel *m, const struct zc_charmodel_source *src)
{
	uint32_t i;
	uint64_t h;

	for (i = 0; i < src->nbigrams; i++) {
		h = filter_hash(src->keys[i]);
		m->filter[(h >> 20) & m->filter_mask] |= filter_bits(h);
	}
}

/* Fills the hash; returns the farthest a key landed from its slot. */
static uint32_t
fill_hash(zc_charmodel *m, const struct zc_charmodel_source *src)
{
	uint32_t i, h, probe, max_probe = 0;

	for (i = 0; i < src->nbigrams; i++) {
		for (h = hash_slot(src->keys[i], m->hash_mask), probe = 0;
		     m->hash[h].key != 0; h = (h + 1) & m->hash_mask)
			probe++;
		m->hash[h].key = src->keys[i];
		m->hash[h].logp = src->bigram[i];
		if (probe > max_probe)
			max_probe = probe;
	}
	return max_probe;
}

static void fill_flags(zc_charmodel *m);

/* FLAG_FIRST and FLAG_SECOND: most pairs of a wrong hypothesis have
 * neither, and these bits, next to the others, say so without a look at
 * the filter (a cache miss: it is megabytes). */
static void
fill_bigram_flags(zc_charmodel *m, const struct zc_charmodel_source *src)
{
	static unsigned char first[NCHARS];
	float *best_into = m->best_into;
	uint32_t i, c;

	for (c = 0; c < NCHARS; c++) {
		first[c] = 0;
		best_into[c] = -1e30f;
	}
	for (i = 0; i < src->nbigrams; i++) {
		first[src->keys[i] >> 16] = 1;
		c = src->keys[i] & 0xFFFF;
		if (src->bigram[i] > best_into[c])
			best_into[c] = src->bigram[i];
	}
	for (c = 0; c < NCHARS; c++) {
		if (!(m->flags[c] & FLAG_HAN))
			continue;
		if (first[m->simplified[c]])
			m->flags[c] |= FLAG_FIRST;
		if (best_into[m->simplified[c]] > m->unigram[c])
			m->flags[c] |= FLAG_SECOND;
	}
}

/* The sizes of the tables and where they go in the file. */
static void
lay_out(struct charmodel_header *h, uint32_t nbigrams)
{
	uint64_t at = sizeof *h;
	unsigned t;

	memcpy(h->magic, MAGIC, 8);
	h->byte_order = BYTE_ORDER_MARK;
	h->version = FILE_VERSION;
	h->header_size = sizeof *h;
	h->nbigrams = nbigrams;
	/* At most 3/4 full: probes stay short (one cache line holds eight
	 * slots), and the table small enough to stay in the TLB's reach. */
	for (h->hash_slots = 1; h->hash_slots < nbigrams / 3 * 4 + 2; h->hash_slots <<= 1)
		;
	/* 16 bits a key, two of them set: few false positives. */
	for (h->filter_words = 1;
	     (uint64_t)h->filter_words * 64 < (uint64_t)nbigrams * 8;
	     h->filter_words <<= 1)
		;
	for (t = 0; t < NTABLES; t++) {
		at = (at + 7) & ~(uint64_t)7;
		h->offset[t] = at;
		at += table_bytes(h, t);
	}
	h->file_size = at;
}

int
zc_charmodel_build(const struct zc_charmodel_source *src,
                   unsigned char **image, size_t *size)
{
	struct charmodel_header h;
	zc_charmodel m;
	unsigned char *img;

	memset(&h, 0, sizeof h);
	if (src->nbigrams > 1u << 26)
		return ZC_EINVAL;
	lay_out(&h, src->nbigrams);
	if ((img = calloc(1, (size_t)h.file_size)) == NULL)
		return ZC_ENOMEM;
	memcpy(img, &h, sizeof h);
	memset(&m, 0, sizeof m);
	attach_tables(&m, img);
	memcpy(img + h.offset[T_DECODE_GBK], src->decode[ZC_CP_GBK],
	       table_bytes(&h, T_DECODE_GBK));
	memcpy(img + h.offset[T_DECODE_CP950], src->decode[ZC_CP_CP950],
	       table_bytes(&h, T_DECODE_CP950));
	memcpy(m.cp1252, src->cp1252, table_bytes(&h, T_CP1252));
	fill_unigram(&m, src->unigram);
	fill_encoders(&m);
	fill_private_use(&m, src->gbk_private);
	fill_suspicion(&m);
	fill_flags(&m);
	fill_bigram_flags(&m, src);
	h.max_probe = fill_hash(&m, src);
	memcpy(img, &h, sizeof h);
	fill_filter(&m, src);
	*image = img;
	*size = (size_t)h.file_size;
	return 0;
}

struct by_logp {
	float logp;
	uint32_t cp;
};

/* For qsort: the more common character first, then the lower code point. */
static int
more_common_first(const void *a, const void *b)
{
	const struct by_logp *x = a, *y = b;

	if (x->logp != y->logp)
		return x->logp > y->logp ? -1 : 1;
	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* The candidates for a character lost whole, listed once: scanning the
 * 21000 code points for each lost character cost more than scoring them.
 * The commonest come first, so that a scan for the best finds strong
 * rivals early and skips the rest sooner. */
static int
list_common_han(zc_charmodel *m)
{
	struct by_logp *sorted;
	uint32_t cp;
	size_t n = 0, k;

	if ((sorted = malloc(0x5200 * sizeof *sorted)) == NULL ||
	    (m->common_han = malloc(0x5200 * sizeof *m->common_han)) == NULL) {
		free(sorted);
		return -1;
	}
	for (cp = 0x4E00; cp <= 0x9FFF; cp++)
		if (m->suspicion[cp] == 0 && m->unigram[cp] >= ZC_COMMON_HAN_LOGP) {
			sorted[n].logp = m->unigram[cp];
			sorted[n++].cp = cp;
		}
	qsort(sorted, n, sizeof *sorted, more_common_first);
	for (k = 0; k < n; k++)
		m->common_han[k] = sorted[k].cp;
	m->n_common_han = n;
	free(sorted);
	return 0;
}

/* Whether c is one of GB2312's, the simplified set GBK extends. */
static int
in_gb2312(const zc_charmodel *m, uint32_t c)
{
	unsigned code = zc_charmodel_encode2(m, ZC_CP_GBK, c);

	return code >= 0xA1A1 && (code & 0xFF) >= 0xA1;
}

/* The Han script table (see zc_charmodel_han_script): a traditional
 * character that simplifies and that GB2312 lacks, a simplified one that
 * OpenCC writes otherwise in traditional text and that neither Big5 nor
 * Hong Kong's forms hold. */
static int
list_han_scripts(zc_charmodel *m)
{
	const uint32_t (*pairs)[2];
	size_t n, k;
	uint32_t c;

	if ((m->han_script = calloc(NCHARS, 1)) == NULL)
		return -1;
	n = zc_simplify_table(&pairs);
	for (k = 0; k < n; k++)
		if ((c = pairs[k][0]) < NCHARS && pairs[k][1] != c && !in_gb2312(m, c))
			m->han_script[c] = ZC_HAN_TRADITIONAL;
	n = zc_traditional_table(&pairs);
	for (k = 0; k < n; k++)
		if ((c = pairs[k][0]) < NCHARS && pairs[k][1] != c &&
		    zc_charmodel_encode2(m, ZC_CP_CP950, c) == 0 && !zc_is_hk_form(c))
			m->han_script[c] = ZC_HAN_SIMPLIFIED;
	return 0;
}

/* The same for each code page (see zc_charmodel_page_common). */
static void
list_page_common(zc_charmodel *m, enum zc_codepage page)
{
	unsigned lead, trail;
	uint32_t cp;
	size_t n = 0;

	for (lead = 0x81; lead <= 0xFE; lead++)
		for (trail = 0x40; trail <= 0xFE && n < ZC_PAGE_COMMON_MAX; trail++)
			if ((cp = zc_charmodel_decode2(m, page, lead, trail)) != 0 &&
			    zc_charmodel_unigram(m, cp) >= ZC_PAGE_COMMON_LOGP)
				m->page_common[page][n++] = cp;
	m->n_page_common[page] = n;
}

size_t
zc_charmodel_page_common(const zc_charmodel *m, enum zc_codepage page,
                         const uint32_t **list)
{
	*list = m->page_common[page];
	return m->n_page_common[page];
}

size_t
zc_charmodel_common_han(const zc_charmodel *m, const uint32_t **list)
{
	*list = m->common_han;
	return m->n_common_han;
}

int
zc_charmodel_open(zc_charmodel **mp)
{
	zc_charmodel *m;
	int rc;

	*mp = NULL;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return ZC_ENOMEM;
	if ((rc = map_file(m)) < 0) {
		zc_charmodel_close(m);
		return rc;
	}
	if (!header_ok(m->map, m->map_len)) {
		zc_charmodel_close(m);
		return ZC_EDATA;
	}
	attach_tables(m, m->map);
	if (list_common_han(m) != 0 || list_han_scripts(m) != 0) {
		zc_charmodel_close(m);
		return ZC_ENOMEM;
	}
	list_page_common(m, ZC_CP_GBK);
	list_page_common(m, ZC_CP_CP950);
	*mp = m;
	return 0;
}

void
zc_charmodel_close(zc_charmodel *m)
{
	if (m == NULL)
		return;
	if (m->map != NULL)
		munmap(m->map, m->map_len);
	free(m->common_han);
	free(m->han_script);
	free(m);
}

/* ---- scoring ------------------------------------------------------------ */

/* zc_charmodel_unigram, inlined where scoring calls it (an exported
 * function of a shared library is not). */
static inline double
unigram_of(const zc_charmodel *m, uint32_t c)
{
	if (c < NCHARS)
		return m->unigram[c];
	if (c == ZC_INVALID)
		return LOGP_DAMAGE;
	return zc_is_han(c) ? LOGP_UNKNOWN_HAN : non_han_logp(c);
}

double
zc_charmodel_logp_bound(const zc_charmodel *m, uint32_t c)
{
	double uni = unigram_of(m, c), bi;

	/* Only a bigram into a FLAG_SECOND character beats its unigram, and
	 * none beats the best into it; of the rules of scripts only a word of
	 * an alphabet raises it. */
	if (c < NCHARS && m->flags[c] & FLAG_SECOND &&
	    (bi = m->best_into[m->simplified[c]] + LOG_HALF) > uni)
		return bi;
	if (c < NCHARS && m->flags[c] & FLAG_ALPHABET)
		return uni + ALPHABET_RUN;
	return uni;
}

double
zc_charmodel_unigram(const zc_charmodel *m, uint32_t c)
{
	return unigram_of(m, c);
}

const float *
zc_charmodel_unigram_table(const zc_charmodel *m)
{
	return m->unigram;
}

static int
is_foreign_letter(uint32_t c)
{
	return (c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7) ||
	       (c >= 0xAC00 && c <= 0xD7A3);   /* Hangul */
}

static int
is_number_unit(uint32_t c)
{
	static const uint32_t units[] = {
		0x5E74, 0x6708, 0x65E5, 0x53F7, 0x65F6, 0x5206, 0x79D2, 0x4E07,
		0x4EBF, 0x5143, 0x4E2A, 0x5C81, 0x6B21, 0x70B9, 0x540D, 0x4EBA,
		0x5E74, 0x865F, 0x6642, 0x5104, 0x500B, 0x6B72, 0x9EDE};
	/* 年月日号时分秒万亿元个岁次点名人 號時億個歲點 */
	size_t i;

	for (i = 0; i < sizeof units / sizeof *units; i++)
		if (units[i] == c)
			return 1;
	return 0;
}

/* FLAG_ALPHABET's value for c. */
static unsigned
alphabet_of(uint32_t c)
{
	if (c >= 0x370 && c < 0x400)
		return ALPHABET_GREEK;
	if (c >= 0x400 && c < 0x530)
		return ALPHABET_CYRILLIC;
	if (c >= 0x531 && c <= 0x587)
		return ALPHABET_ARMENIAN;
	if (c >= 0x5D0 && c <= 0x5EA)
		return ALPHABET_HEBREW;
	if ((c >= 0x620 && c <= 0x64A) || (c >= 0x671 && c <= 0x6D3))
		return ALPHABET_ARABIC;
	if (c >= 0xAC00 && c <= 0xD7A3)
		return ALPHABET_HANGUL;
	return 0;
}

static void
fill_flags(zc_charmodel *m)
{
	uint32_t c;

	for (c = 0; c < NCHARS; c++)
		m->flags[c] = (unsigned char)((zc_is_han(c) ? FLAG_HAN : 0) |
		                              (is_foreign_letter(c) ? FLAG_FOREIGN : 0) |
		                              (is_number_unit(c) ? FLAG_UNIT : 0) |
		                              alphabet_of(c));
}

static int
find_bigram(const zc_charmodel *m, uint32_t key, double *logp)
{
	uint64_t f = filter_hash(key), bits = filter_bits(f);
	uint32_t h, probe;

	if ((m->filter[(f >> 20) & m->filter_mask] & bits) != bits)
		return 0;
	for (h = hash_slot(key, m->hash_mask), probe = 0;
	     probe <= m->max_probe && m->hash[h].key != 0;
	     h = (h + 1) & m->hash_mask, probe++)
		if (m->hash[h].key == key) {
			*logp = m->hash[h].logp;
			return 1;
		}
	return 0;
}

double
zc_charmodel_char_logp(const zc_charmodel *m, uint32_t prev, uint32_t cp)
{
	double uni = unigram_of(m, cp), bi;
	unsigned fp = prev < NCHARS ? m->flags[prev] : 0;
	unsigned fc = cp < NCHARS ? m->flags[cp] : 0;
	uint32_t key;

	if (!(fp & fc & FLAG_HAN)) {   /* (non-BMP Han: no bigrams either) */
		/* Han next to a non-ASCII letter (ɨ, һ, è) is a switch of
		 * script that text makes rarely and mojibake often. */
		if ((fp & FLAG_HAN && fc & FLAG_FOREIGN) || (fp & FLAG_FOREIGN && fc & FLAG_HAN))
			uni += SCRIPT_SWITCH;
		if (fc & FLAG_ALPHABET && (fc & FLAG_ALPHABET) == (fp & FLAG_ALPHABET))
			uni += ALPHABET_RUN;
		/* Numbers are followed by units and dates: 9月, 25日, 3个. */
		if (prev - '0' < 10 && fc & FLAG_UNIT)
			return uni + DIGIT_UNIT_BONUS;
		return uni;
	}
	/* Two Han characters (the common case, no rule of scripts applies). */
	if (!(fp & FLAG_FIRST) || !(fc & FLAG_SECOND))
		return uni + LOG_HALF;
	key = (uint32_t)m->simplified[prev] << 16 | m->simplified[cp];
	if (find_bigram(m, key, &bi) && bi > uni)
		return bi + LOG_HALF;
	return uni + LOG_HALF;
}

int
zc_charmodel_in_word(const zc_charmodel *m, uint32_t prev, uint32_t cp)
{
	unsigned fp = prev < NCHARS ? m->flags[prev] : 0;
	unsigned fc = cp < NCHARS ? m->flags[cp] : 0;
	double bi;

	return fp & fc & FLAG_HAN && fp & FLAG_FIRST && fc & FLAG_SECOND &&
	       find_bigram(m, (uint32_t)m->simplified[prev] << 16 | m->simplified[cp], &bi) &&
	       bi > unigram_of(m, cp);
}

double
zc_charmodel_score(const zc_charmodel *m, const char *utf8, size_t len)
{
	double sum = 0;
	uint32_t prev = 0, cp;
	size_t i, n;

	for (i = 0; i < len; i += n, prev = cp) {
		n = zc_utf8_decode(utf8 + i, len - i, &cp);
		sum += zc_charmodel_char_logp(m, prev, cp);
	}
	return sum;
}

double
zc_charmodel_score_between(const zc_charmodel *m, uint32_t prev, const char *s, size_t n,
                           uint32_t next, size_t *nchars)
{
	double sum = 0;
	uint32_t cp;
	size_t i, step, k = 0;

	for (i = 0; i < n; i += step, k++) {
		step = zc_utf8_decode(s + i, n - i, &cp);
		sum += zc_charmodel_char_logp(m, prev, cp);
		prev = cp;
	}
	if (next != 0)
		sum += zc_charmodel_char_logp(m, prev, next);
	if (nchars)
		*nchars = k;
	return sum;
}

/* ---- code pages and suspicion ------------------------------------------ */

uint32_t
zc_charmodel_decode2(const zc_charmodel *m, enum zc_codepage cp,
                     unsigned lead, unsigned trail)
{
	if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE)
		return 0;
	return m->decode[cp][(lead - 0x81) * TRAILS + (trail - 0x40)];
}

const uint16_t *
zc_charmodel_decode_table(const zc_charmodel *m, enum zc_codepage cp)
{
	return m->decode[cp];
}

unsigned
zc_charmodel_encode2(const zc_charmodel *m, enum zc_codepage cp, uint32_t c)
{
	return c < NCHARS ? m->encode[cp][c] : 0;
}

int
zc_charmodel_cp1252_byte(const zc_charmodel *m, uint32_t c)
{
	if (c < 0x80 || c >= CP1252_CHARS || m->cp1252_byte[c] == 0)
		return -1;
	return m->cp1252_byte[c];
}

uint32_t
zc_charmodel_cp1252_char(const zc_charmodel *m, unsigned b)
{
	return b >= 0x80 && b <= 0xFF ? m->cp1252[b - 0x80] : 0;
}

int
zc_charmodel_suspicion(const zc_charmodel *m, uint32_t c)
{
	return c < NCHARS ? m->suspicion[c] : 0;
}

const unsigned char *
zc_charmodel_suspicion_table(const zc_charmodel *m)
{
	return m->suspicion;
}

int
zc_charmodel_han_script(const zc_charmodel *m, uint32_t c)
{
	return c < NCHARS ? m->han_script[c] : 0;
}

const unsigned char *
zc_charmodel_han_script_table(const zc_charmodel *m)
{
	return m->han_script;
}
