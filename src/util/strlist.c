/* A growable list of owned strings. */
#include "util/strlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int strlist_addf(struct strlist *l, const char *fmt, ...)
{
	if (l->count == l->capacity) {
		size_t cap = l->capacity ? l->capacity * 2 : 8;
		char **p = realloc(l->item, cap * sizeof *p);
		if (!p)
			return -1;
		l->item = p;
		l->capacity = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&l->item[l->count], fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	l->count++;
	return 0;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->item[i]);
	free(l->item);
	l->item = NULL;
	l->count = l->capacity = 0;
}
