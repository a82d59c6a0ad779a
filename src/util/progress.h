/* Progress of long work (migcheck_set_progress): a phase and a count,
 * for the caller's callback. Call only from the thread that called the
 * library. */
#ifndef MIGCHECK_UTIL_PROGRESS_H
#define MIGCHECK_UTIL_PROGRESS_H

#include <stdint.h>

#include "migcheck/migcheck.h"

void progress(const char *phase, uint64_t done, uint64_t total);

/* The work is over. */
static inline void progress_end(void)
{
	progress(NULL, 0, 0);
}

#endif
