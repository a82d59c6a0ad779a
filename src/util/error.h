/* Error messages with context: every library error names its input. */
#ifndef MIGCHECK_UTIL_ERROR_H
#define MIGCHECK_UTIL_ERROR_H

#include "migcheck/migcheck.h"

/* Fills err (which may be NULL) with a printf-style message and returns
 * `code`, so that callers can write `return set_error(err, ...)`. */
__attribute__((format(printf, 3, 4))) int
set_error(migcheck_error *err, int code, const char *fmt, ...);

#endif
