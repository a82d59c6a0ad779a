/* A growable list of owned strings: warnings, unknowns, names. */
#ifndef MIGCHECK_UTIL_STRLIST_H
#define MIGCHECK_UTIL_STRLIST_H

#include <stddef.h>

struct strlist {
	char **item;
	size_t count, capacity;
};

/* Appends a formatted copy; returns 0 or -1 when out of memory. */
__attribute__((format(printf, 2, 3))) int strlist_addf(struct strlist *l,
						       const char *fmt, ...);
void strlist_free(struct strlist *l);

#endif
