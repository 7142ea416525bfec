/*
 * boiler-repeat.c - in how many pages of the stream so far a line has
 * occurred, for --min-repeat: furniture is what every page of a site
 * repeats. An open-addressing table of 64-bit line fingerprints with a
 * fixed maximum size, so memory is bounded however long the stream is;
 * once it is full, lines not yet in it are no longer counted. Pages are
 * counted in stream order and never looked ahead at, so the result is
 * deterministic and needs no buffering beyond the current page.
 */
#include <stdlib.h>

#include "boiler.h"

typedef struct slot {
	uint64_t fp;           /* 0: empty */
	unsigned long last;    /* the last page that counted it */
	unsigned pages;
} slot;

struct zc_repeat {
	slot *slots;
	size_t size;           /* a power of two, twice max_lines */
	size_t used, max_lines;
};

int
zc_repeat_new(zc_repeat **rep, size_t max_lines)
{
	zc_repeat *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return ZC_ENOMEM;
	r->max_lines = max_lines;
	for (r->size = 16; r->size < 2 * max_lines; r->size *= 2)
		;
	if ((r->slots = calloc(r->size, sizeof *r->slots)) == NULL) {
		free(r);
		return ZC_ENOMEM;
	}
	*rep = r;
	return ZC_OK;
}

void
zc_repeat_free(zc_repeat *rep)
{
	if (rep == NULL)
		return;
	free(rep->slots);
	free(rep);
}

unsigned
zc_repeat_count(zc_repeat *rep, uint64_t fp, unsigned long page)
{
	size_t i;
	slot *s;

	if (fp == 0)
		fp = 1;
	for (i = (size_t)(fp ^ fp >> 29) & (rep->size - 1);; i = (i + 1) & (rep->size - 1)) {
		s = &rep->slots[i];
		if (s->fp == fp)
			break;
		if (s->fp == 0) {
			if (rep->used >= rep->max_lines)
				return 1;
			s->fp = fp;
			rep->used++;
			break;
		}
	}
	if (s->pages == 0 || s->last != page) {
		s->pages++;
		s->last = page;
	}
	return s->pages;
}
