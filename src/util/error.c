/* Error messages with context. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

int set_error(migcheck_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return code;
}

const char *migcheck_version(void)
{
	return MIGCHECK_VERSION;
}
