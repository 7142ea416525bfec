/*
 * gen-pinyin - build pinyin-table.c from Unihan_Readings.txt (on stdin).
 *
 * Every reading that kMandarin, kHanyuPinyin or kXHC1983 gives a character
 * becomes a (character, syllable, tone) entry; a reading without a tone is
 * the neutral tone. The table lists the toneless syllables and the entries
 * sorted by character and by reading, for pinyin.c to search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pinyin.h"

struct raw_entry {
	uint32_t cp;
	char base[ZC_PINYIN_MAX_BASE + 1];
	int tone;
	int syllable;
	int primary;
};

static struct raw_entry *entries;
static size_t nentries, capentries;
static char (*bases)[ZC_PINYIN_MAX_BASE + 1];
static size_t nbases;

static void
add_reading(uint32_t cp, const char *s, size_t n, int primary)
{
	struct raw_entry *e;
	int tone;

	if (nentries == capentries) {
		capentries = capentries ? capentries * 2 : 65536;
		entries = realloc(entries, capentries * sizeof *entries);
		if (entries == NULL) {
			perror("gen-pinyin");
			exit(1);
		}
	}
	e = &entries[nentries];
	if (!zc_pinyin_parse(s, n, e->base, &tone))
		return;
	e->cp = cp;
	e->tone = tone ? tone : 5;
	e->primary = primary;
	nentries++;
}

/* "zhēng zhèng" (kMandarin) or "32031.030:zhēng,zhèng 1234.5:x" (others). */
static void
add_field(uint32_t cp, char *value, int primary)
{
	char *tok, *save = NULL, *colon, *r, *save2 = NULL;

	for (tok = strtok_r(value, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		colon = strchr(tok, ':');
		if (colon)
			tok = colon + 1;
		for (r = strtok_r(tok, ",", &save2); r; r = strtok_r(NULL, ",", &save2))
			add_reading(cp, r, strlen(r), primary);
	}
}

static int
cmp_base(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
cmp_by_char(const void *a, const void *b)
{
	const struct raw_entry *x = a, *y = b;

	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	if (x->syllable != y->syllable || x->tone != y->tone)
		return ZC_READING(x->syllable, x->tone) - ZC_READING(y->syllable, y->tone);
	return y->primary - x->primary;
}

static int
cmp_by_reading(const void *a, const void *b)
{
	const struct raw_entry *x = a, *y = b;
	int rx = ZC_READING(x->syllable, x->tone), ry = ZC_READING(y->syllable, y->tone);

	if (rx != ry)
		return rx - ry;
	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static void
collect_bases(void)
{
	size_t i, j;
	char (*found)[ZC_PINYIN_MAX_BASE + 1];

	bases = calloc(nentries + 1, sizeof *bases);
	if (bases == NULL) {
		perror("gen-pinyin");
		exit(1);
	}
	for (i = 0; i < nentries; i++)
		strcpy(bases[i], entries[i].base);
	qsort(bases, nentries, sizeof *bases, cmp_base);
	for (i = j = 0; i < nentries; i++)
		if (j == 0 || strcmp(bases[j - 1], bases[i]) != 0)
			memmove(bases[j++], bases[i], sizeof *bases);
	nbases = j;
	for (i = 0; i < nentries; i++) {
		found = bsearch(entries[i].base, bases, nbases, sizeof *bases, cmp_base);
		entries[i].syllable = (int)(found - bases);
	}
}

static void
dedup_entries(void)
{
	size_t i, j;

	qsort(entries, nentries, sizeof *entries, cmp_by_char);
	/* Equal readings sort primary first; keep that one. */
	for (i = j = 0; i < nentries; i++)
		if (j == 0 || entries[j - 1].cp != entries[i].cp ||
		    entries[j - 1].syllable != entries[i].syllable ||
		    entries[j - 1].tone != entries[i].tone)
			entries[j++] = entries[i];
	nentries = j;
}

/* A toneless syllable as a number: five bits a letter, first letter high. */
static uint64_t
syllable_key(const char *base)
{
	uint64_t k = 0;
	int i;

	for (i = 0; i < ZC_PINYIN_MAX_BASE; i++)
		k = k << 5 | (uint64_t)(base[i] ? base[i] - 'a' + 1 : 0);
	return k;
}

static int
cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The keys in an open-addressing table (see zc_pinyin_key_slot). */
static void
print_slots(const uint64_t *keys)
{
	static uint16_t slots[ZC_PINYIN_SLOTS];
	size_t i, s;

	if (nbases >= ZC_PINYIN_SLOTS / 2) {
		fprintf(stderr, "gen-pinyin: %zu syllables, too many for the table\n", nbases);
		exit(1);
	}
	for (i = 0; i < nbases; i++) {
		for (s = zc_pinyin_key_slot(keys[i]); slots[s] != 0; s = (s + 1) % ZC_PINYIN_SLOTS)
			;
		slots[s] = (uint16_t)(i + 1);
	}
	printf("const uint16_t zc_pinyin_syllable_slots[ZC_PINYIN_SLOTS] = {\n");
	for (i = 0; i < ZC_PINYIN_SLOTS; i++)
		printf("%s%u,%s", i % 16 == 0 ? "\t" : "", (unsigned)slots[i],
		       i % 16 == 15 ? "\n" : " ");
	printf("};\n\n");
}

/* The syllables renumbered in key order, which is strcmp order too (a
 * shorter prefix packs smaller), so the indexes do not change. */
static void
print_keys(void)
{
	uint64_t *keys = calloc(nbases, sizeof *keys);
	size_t i;

	if (keys == NULL) {
		perror("gen-pinyin");
		exit(1);
	}
	for (i = 0; i < nbases; i++)
		keys[i] = syllable_key(bases[i]);
	qsort(keys, nbases, sizeof *keys, cmp_key);
	for (i = 0; i < nbases; i++)
		if (keys[i] != syllable_key(bases[i])) {
			fprintf(stderr, "gen-pinyin: key order differs from name order\n");
			exit(1);
		}
	printf("const uint64_t zc_pinyin_syllable_keys[] = {\n");
	for (i = 0; i < nbases; i++)
		printf("\t0x%llxULL,\n", (unsigned long long)keys[i]);
	printf("};\n\n");
	print_slots(keys);
	free(keys);
}

/* For each character of the main Han blocks, its first entry by char. */
static void
print_char_index(void)
{
	size_t i = 0;
	uint32_t cp;

	printf("const uint32_t zc_pinyin_char_first[] = {\n");
	for (cp = ZC_PINYIN_INDEX_FIRST; cp <= ZC_PINYIN_INDEX_LAST + 1; cp++) {
		while (i < nentries && entries[i].cp < cp)
			i++;
		printf("\t%zu,\n", i);
	}
	printf("};\n\n");
}

static void
print_entries(const char *name)
{
	size_t i;

	printf("const struct zc_pinyin_entry %s[] = {\n", name);
	for (i = 0; i < nentries; i++)
		printf("\t{0x%04X, %d, %d},\n", (unsigned)entries[i].cp,
		       ZC_READING(entries[i].syllable, entries[i].tone), entries[i].primary);
	printf("};\n\n");
}

int
main(void)
{
	char line[4096], field[64], value[4000];
	unsigned cp;
	size_t i;

	while (fgets(line, sizeof line, stdin)) {
		if (sscanf(line, "U+%X\t%63s\t%3999[^\n]", &cp, field, value) != 3)
			continue;
		if (strcmp(field, "kMandarin") == 0)
			add_field(cp, value, 1);
		else if (strcmp(field, "kHanyuPinyin") == 0 || strcmp(field, "kXHC1983") == 0)
			add_field(cp, value, 0);
	}
	if (nentries == 0) {
		fprintf(stderr, "gen-pinyin: no readings on stdin\n");
		return 1;
	}
	collect_bases();
	dedup_entries();
	printf("/* Generated by gen-pinyin from Unihan_Readings.txt (kMandarin,\n"
	       " * kHanyuPinyin, kXHC1983). Do not edit. */\n"
	       "#include \"pinyin.h\"\n\n");
	printf("const char *const zc_pinyin_syllables[] = {\n");
	for (i = 0; i < nbases; i++)
		printf("\t\"%s\",\n", bases[i]);
	printf("};\nconst size_t zc_pinyin_syllable_count = %zu;\n\n", nbases);
	print_keys();
	print_entries("zc_pinyin_by_char");
	print_char_index();
	qsort(entries, nentries, sizeof *entries, cmp_by_reading);
	print_entries("zc_pinyin_by_reading");
	printf("const size_t zc_pinyin_entry_count = %zu;\n", nentries);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
