/*
 * gen-charmodel - build-time generator of data/charmodel.bin, the character
 * model and code page tables demojibake scores its repairs with.
 *
 * Usage: gen-charmodel DICT.txt OUTPUT
 *
 * DICT.txt is jieba's dict.txt ("word freq tag" a line). Every Han
 * character of a word counts the word's frequency towards its unigram, and
 * every pair of adjacent Han characters inside a word towards their bigram.
 * The code page tables (GBK, CP950, Windows-1252) come from iconv, so no
 * byte table is written by hand. zc_charmodel_build (charmodel.c, which
 * describes the layout) turns these into the tables the scoring reads, in
 * the byte order of the build machine: a header of offsets, 64 K entry
 * per-character tables, the bigram hash and its filter (~9 MB, far too
 * much for a generated C table; the program maps the file read-only and
 * does no work at start-up).
 */
#include <iconv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhclean.h"
#include "charmodel.h"

#define NCHARS 65536
#define HASH_BITS 21
#define HASH_SIZE ((size_t)1 << HASH_BITS)
#define LEADS 126
#define TRAILS 191

struct pair_count {
	uint32_t key;   /* 0: empty slot (no pair has first char U+0000) */
	double count;
};

struct counts {
	double uni[NCHARS];
	double first_total[NCHARS];
	double total;
	struct pair_count *pairs;
	size_t npairs;
};

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

static void
add_pair(struct counts *c, uint32_t a, uint32_t b, double freq)
{
	uint32_t key = a << 16 | b;
	size_t i = (key * 2654435761u) >> (32 - HASH_BITS);

	while (c->pairs[i].key != 0 && c->pairs[i].key != key)
		i = (i + 1) & (HASH_SIZE - 1);
	if (c->pairs[i].key == 0) {
		if (++c->npairs > HASH_SIZE / 2) {
			fprintf(stderr, "gen-charmodel: too many bigrams\n");
			exit(1);
		}
		c->pairs[i].key = key;
	}
	c->pairs[i].count += freq;
	c->first_total[a] += freq;
}

/* One word of the dictionary: its Han characters and adjacent Han pairs. */
static void
count_word(struct counts *c, const char *w, size_t n, double freq)
{
	uint32_t cp, prev = 0;
	size_t i;

	for (i = 0; i < n; i += zc_utf8_decode(w + i, n - i, &cp)) {
		zc_utf8_decode(w + i, n - i, &cp);
		if (cp == ZC_INVALID || cp >= NCHARS || !zc_is_han(cp)) {
			prev = 0;
			continue;
		}
		c->uni[cp] += freq;
		c->total += freq;
		if (prev != 0)
			add_pair(c, prev, cp, freq);
		prev = cp;
	}
}

static void
read_dict(struct counts *c, const char *path)
{
	char *line = NULL, *sp;
	size_t cap = 0;
	ssize_t got;
	FILE *fp;
	double freq;

	if ((fp = fopen(path, "r")) == NULL)
		die(path);
	while ((got = getline(&line, &cap, fp)) > 0) {
		if ((sp = memchr(line, ' ', (size_t)got)) == NULL)
			continue;
		freq = strtod(sp + 1, NULL);
		if (freq > 0)
			count_word(c, line, (size_t)(sp - line), freq);
	}
	free(line);
	fclose(fp);
}

static int
compare_pairs(const void *a, const void *b)
{
	uint32_t x = ((const struct pair_count *)a)->key;
	uint32_t y = ((const struct pair_count *)b)->key;

	return x < y ? -1 : x > y;
}

/* The unigrams and the bigrams (sorted by key) of c into src. */
static void
make_model(struct counts *c, struct zc_charmodel_source *src)
{
	static float uni[NCHARS];
	uint32_t n, i, j;
	uint32_t *keys;
	float *logp;

	for (i = 0; i < NCHARS; i++)
		uni[i] = c->uni[i] > 0 ? (float)log(c->uni[i] / c->total) : 1.0f;
	for (i = j = 0; i < HASH_SIZE; i++)
		if (c->pairs[i].key != 0)
			c->pairs[j++] = c->pairs[i];
	n = (uint32_t)j;
	qsort(c->pairs, n, sizeof *c->pairs, compare_pairs);
	if ((keys = malloc(n * sizeof *keys)) == NULL ||
	    (logp = malloc(n * sizeof *logp)) == NULL)
		die("malloc");
	for (i = 0; i < n; i++) {
		keys[i] = c->pairs[i].key;
		logp[i] = (float)log(c->pairs[i].count /
		                     c->first_total[keys[i] >> 16]);
	}
	src->unigram = uni;
	src->keys = keys;
	src->bigram = logp;
	src->nbigrams = n;
}

/* The BMP code point iconv decodes in[0..n) to, or 0 if it decodes to
 * anything but exactly one BMP character. */
static uint16_t
decode_bytes(iconv_t cd, const unsigned char *in, size_t n)
{
	char inbuf[4], outbuf[16], *ip = inbuf, *op = outbuf;
	size_t il = n, ol = sizeof outbuf;
	const unsigned char *o = (const unsigned char *)outbuf;
	uint32_t cp;

	memcpy(inbuf, in, n);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0 ||
	    sizeof outbuf - ol != 4)
		return 0;
	cp = (uint32_t)o[0] | (uint32_t)o[1] << 8 | (uint32_t)o[2] << 16 |
	     (uint32_t)o[3] << 24;
	return cp > 0 && cp < NCHARS ? (uint16_t)cp : 0;
}

static iconv_t
open_decoder(const char *from)
{
	iconv_t cd = iconv_open("UTF-32LE", from);

	if (cd == (iconv_t)-1)
		die(from);
	return cd;
}

/* table[(lead - 0x81) * TRAILS + trail - 0x40]: what from decodes to. */
static void
decode_double_byte(const char *from, uint16_t *table)
{
	unsigned char b[2];
	iconv_t cd = open_decoder(from);
	unsigned lead, trail;

	for (lead = 0x81; lead <= 0xFE; lead++)
		for (trail = 0x40; trail <= 0xFE; trail++) {
			b[0] = (unsigned char)lead;
			b[1] = (unsigned char)trail;
			table[(lead - 0x81) * TRAILS + (trail - 0x40)] =
			    trail == 0x7F ? 0 : decode_bytes(cd, b, 2);
		}
	iconv_close(cd);
}

/* Keep of table only the Private Use characters of pairs gbk leaves
 * undefined. */
static void
keep_private_use(uint16_t *table, const uint16_t *gbk)
{
	size_t i;

	for (i = 0; i < LEADS * TRAILS; i++)
		if (gbk[i] != 0 || table[i] < 0xE000 || table[i] > 0xF8FF)
			table[i] = 0;
}

static void
decode_single_byte(const char *from, uint16_t *table)
{
	unsigned char b;
	iconv_t cd = open_decoder(from);
	unsigned i;

	for (i = 0; i < 128; i++) {
		b = (unsigned char)(0x80 + i);
		table[i] = decode_bytes(cd, &b, 1);
	}
	iconv_close(cd);
}

int
main(int argc, char **argv)
{
	static uint16_t gbk[LEADS * TRAILS], cp950[LEADS * TRAILS], cp1252[128];
	static uint16_t gb18030[LEADS * TRAILS];
	struct zc_charmodel_source src;
	struct counts *c;
	unsigned char *image;
	size_t size;
	FILE *fp;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-charmodel DICT.txt OUTPUT\n");
		return 2;
	}
	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->pairs = calloc(HASH_SIZE, sizeof *c->pairs)) == NULL)
		die("calloc");
	read_dict(c, argv[1]);
	memset(&src, 0, sizeof src);
	make_model(c, &src);
	decode_double_byte("GBK", gbk);
	decode_double_byte("CP950", cp950);
	decode_single_byte("WINDOWS-1252", cp1252);
	decode_double_byte("GB18030", gb18030);
	keep_private_use(gb18030, gbk);
	src.decode[ZC_CP_GBK] = gbk;
	src.decode[ZC_CP_CP950] = cp950;
	src.cp1252 = cp1252;
	src.gbk_private = gb18030;
	if (zc_charmodel_build(&src, &image, &size) != 0) {
		fprintf(stderr, "gen-charmodel: cannot build the model\n");
		return 1;
	}
	if ((fp = fopen(argv[2], "wb")) == NULL)
		die(argv[2]);
	if (fwrite(image, 1, size, fp) != size || fclose(fp) != 0)
		die(argv[2]);
	free(image);
	free((void *)src.keys);
	free((void *)src.bigram);
	free(c->pairs);
	free(c);
	return 0;
}
