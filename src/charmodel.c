/*
 * charmodel.c - the character unigram+bigram model demojibake scores its
 * repair hypotheses with, and the code page tables it re-encodes with.
 *
 * data/charmodel.bin (written by gen-charmodel from jieba's dict.txt and
 * iconv) is mapped read-only. At open, per-character tables for the Basic
 * Multilingual Plane are derived from it: the unigram of every character
 * (traditional characters through zc_simplify_char, non-Han characters by
 * class), its simplified form for bigram look-ups, the reverse code page
 * tables and the suspicion classes the fast path of mojibake.c reads.
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
#define TRAILS 191
#define MODEL_FILE "charmodel.bin"
#define MAGIC "ZCCMOD1\n"

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
/* Han characters less frequent than this are "rare" for the fast path. */
#define LOGP_RARE -13.0

struct zc_charmodel {
	void *map;
	size_t map_len;
	const uint32_t *keys;        /* bigram keys, ascending */
	const float *bigram;         /* log P(second | first) */
	uint32_t nbigrams;
	const uint16_t *decode[2];   /* GBK, CP950: [LEADS * TRAILS] */
	const uint16_t *cp1252;      /* [128] */
	float *unigram;              /* [NCHARS], every character */
	uint16_t *simplified;        /* [NCHARS] */
	uint16_t *encode[2];         /* [NCHARS] -> lead << 8 | trail */
	unsigned char *suspicion;    /* [NCHARS] 0, 1, 2 */
	unsigned char *flags;        /* [NCHARS] FLAG_*: classes for scoring */
	unsigned char cp1252_byte[0x2200];  /* char -> byte, 0 none */
	/* The bigrams again as an open-addressing hash: scoring looks them
	 * up millions of times a second on damaged text. */
	struct bigram_slot {
		uint32_t key;        /* 0: empty (no key is 0: no U+0000) */
		float logp;          /* next to its key: one cache miss a probe */
	} *hash;
	size_t hash_bytes;
	uint32_t hash_mask;
	/* A blocked Bloom filter over the same keys, small enough to stay in
	 * cache: most pairs a wrong hypothesis makes are no bigram, and this
	 * says so without touching the hash. */
	uint64_t *filter;
	uint32_t filter_mask;
};

/* ---- loading ----------------------------------------------------------- */

static int
map_file(zc_charmodel *m)
{
	const char *dir = getenv("ZHCLEAN_DATADIR");
	char path[4096];
	struct stat st;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = ZC_PKGDATADIR;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, MODEL_FILE) >= sizeof path)
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

/* Point into the mapped image; checks the header and every size. */
static int
parse_file(zc_charmodel *m, const float **raw_unigram)
{
	const char *p = m->map;
	size_t need = 16;
	uint32_t order, n;

	if (m->map_len < need || memcmp(p, MAGIC, 8) != 0)
		return ZC_EDATA;
	memcpy(&order, p + 8, 4);
	memcpy(&n, p + 12, 4);
	if (order != 0x01020304)
		return ZC_EDATA;
	need += NCHARS * 4 + (size_t)n * 8 + 2 * LEADS * TRAILS * 2 + 128 * 2;
	if (m->map_len != need)
		return ZC_EDATA;
	*raw_unigram = (const float *)(p + 16);
	m->keys = (const uint32_t *)(*raw_unigram + NCHARS);
	m->bigram = (const float *)(m->keys + n);
	m->nbigrams = n;
	m->decode[ZC_CP_GBK] = (const uint16_t *)(m->bigram + n);
	m->decode[ZC_CP_CP950] = m->decode[ZC_CP_GBK] + LEADS * TRAILS;
	m->cp1252 = m->decode[ZC_CP_CP950] + LEADS * TRAILS;
	return 0;
}

static int
is_latin1_letter(uint32_t c)
{
	return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7;
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
		return LOGP_LATIN1_LETTER;
	if (c >= 0x2000 && c <= 0x206F)
		return LOGP_DAMAGE;   /* spaces and format controls of no use here */
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

/* The hash is probed at random: on huge pages (where the kernel gives them
 * on request) it costs far fewer TLB misses. */
static void *
alloc_table(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;   /* zero-filled */
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

static int
fill_filter(zc_charmodel *m)
{
	uint32_t words = 1, i;
	uint64_t h;

	while ((uint64_t)words * 64 < (uint64_t)m->nbigrams * 16)
		words <<= 1;
	m->filter_mask = words - 1;
	if ((m->filter = calloc(words, sizeof *m->filter)) == NULL)
		return ZC_ENOMEM;
	for (i = 0; i < m->nbigrams; i++) {
		h = filter_hash(m->keys[i]);
		m->filter[(h >> 20) & m->filter_mask] |= filter_bits(h);
	}
	return 0;
}

static int
fill_hash(zc_charmodel *m)
{
	uint32_t size = 1, i, h;

	while (size < 2 * m->nbigrams + 2)
		size <<= 1;
	m->hash_mask = size - 1;
	m->hash_bytes = (size_t)size * sizeof *m->hash;
	if ((m->hash = alloc_table(m->hash_bytes)) == NULL)
		return ZC_ENOMEM;
	for (i = 0; i < m->nbigrams; i++) {
		for (h = hash_slot(m->keys[i], m->hash_mask); m->hash[h].key != 0;
		     h = (h + 1) & m->hash_mask)
			;
		m->hash[h].key = m->keys[i];
		m->hash[h].logp = m->bigram[i];
	}
	return fill_filter(m);
}

static void fill_flags(zc_charmodel *m);

int
zc_charmodel_open(zc_charmodel **mp)
{
	zc_charmodel *m;
	const float *raw;
	int rc;

	*mp = NULL;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return ZC_ENOMEM;
	if ((rc = map_file(m)) < 0 || (rc = parse_file(m, &raw)) < 0) {
		zc_charmodel_close(m);
		return rc;
	}
	m->unigram = malloc(NCHARS * sizeof *m->unigram);
	m->simplified = malloc(NCHARS * sizeof *m->simplified);
	m->encode[0] = calloc(NCHARS, sizeof *m->encode[0]);
	m->encode[1] = calloc(NCHARS, sizeof *m->encode[1]);
	m->suspicion = calloc(NCHARS, 1);
	m->flags = calloc(NCHARS, 1);
	if (!m->unigram || !m->simplified || !m->encode[0] || !m->encode[1] ||
	    !m->suspicion || !m->flags) {
		zc_charmodel_close(m);
		return ZC_ENOMEM;
	}
	fill_unigram(m, raw);
	fill_encoders(m);
	fill_suspicion(m);
	fill_flags(m);
	if ((rc = fill_hash(m)) < 0) {
		zc_charmodel_close(m);
		return rc;
	}
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
	free(m->unigram);
	free(m->simplified);
	free(m->encode[0]);
	free(m->encode[1]);
	free(m->suspicion);
	free(m->flags);
	if (m->hash != NULL)
		munmap(m->hash, m->hash_bytes);
	free(m->filter);
	free(m);
}

/* ---- scoring ------------------------------------------------------------ */

double
zc_charmodel_unigram(const zc_charmodel *m, uint32_t c)
{
	if (c < NCHARS)
		return m->unigram[c];
	if (c == ZC_INVALID)
		return LOGP_DAMAGE;
	return zc_is_han(c) ? LOGP_UNKNOWN_HAN : non_han_logp(c);
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

static void
fill_flags(zc_charmodel *m)
{
	uint32_t c;

	for (c = 0; c < NCHARS; c++)
		m->flags[c] = (unsigned char)((zc_is_han(c) ? FLAG_HAN : 0) |
		                              (is_foreign_letter(c) ? FLAG_FOREIGN : 0) |
		                              (is_number_unit(c) ? FLAG_UNIT : 0));
}

static int
find_bigram(const zc_charmodel *m, uint32_t key, double *logp)
{
	uint64_t f = filter_hash(key), bits = filter_bits(f);
	uint32_t h;

	if ((m->filter[(f >> 20) & m->filter_mask] & bits) != bits)
		return 0;
	for (h = hash_slot(key, m->hash_mask); m->hash[h].key != 0;
	     h = (h + 1) & m->hash_mask)
		if (m->hash[h].key == key) {
			*logp = m->hash[h].logp;
			return 1;
		}
	return 0;
}

double
zc_charmodel_char_logp(const zc_charmodel *m, uint32_t prev, uint32_t cp)
{
	double uni = zc_charmodel_unigram(m, cp), bi;
	unsigned fp = prev < NCHARS ? m->flags[prev] : 0;
	unsigned fc = cp < NCHARS ? m->flags[cp] : 0;
	uint32_t key;

	/* Han next to a non-ASCII letter (ɨ, һ, è) is a switch of script
	 * that text makes rarely and mojibake often. */
	if ((fp & FLAG_HAN && fc & FLAG_FOREIGN) || (fp & FLAG_FOREIGN && fc & FLAG_HAN))
		uni += SCRIPT_SWITCH;
	/* Numbers are followed by units and dates: 9月, 25日, 3个. */
	if (prev - '0' < 10 && fc & FLAG_UNIT)
		return uni + DIGIT_UNIT_BONUS;
	if (!(fp & FLAG_HAN) || !(fc & FLAG_HAN))
		return uni;   /* (non-BMP Han: no bigrams either) */
	key = (uint32_t)m->simplified[prev] << 16 | m->simplified[cp];
	if (find_bigram(m, key, &bi) && bi > uni)
		return bi + LOG_HALF;
	return uni + LOG_HALF;
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

/* ---- code pages and suspicion ------------------------------------------ */

uint32_t
zc_charmodel_decode2(const zc_charmodel *m, enum zc_codepage cp,
                     unsigned lead, unsigned trail)
{
	if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail > 0xFE)
		return 0;
	return m->decode[cp][(lead - 0x81) * TRAILS + (trail - 0x40)];
}

unsigned
zc_charmodel_encode2(const zc_charmodel *m, enum zc_codepage cp, uint32_t c)
{
	return c < NCHARS ? m->encode[cp][c] : 0;
}

int
zc_charmodel_cp1252_byte(const zc_charmodel *m, uint32_t c)
{
	if (c < 0x80 || c >= sizeof m->cp1252_byte || m->cp1252_byte[c] == 0)
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
