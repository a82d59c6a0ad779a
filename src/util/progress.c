#include "util/progress.h"

static migcheck_progress_fn callback;
static void *callback_ctx;

void migcheck_set_progress(migcheck_progress_fn fn, void *ctx)
{
	callback = fn;
	callback_ctx = ctx;
}

void progress(const char *phase, uint64_t done, uint64_t total)
{
	if (callback)
		callback(callback_ctx, phase, done, total);
}
