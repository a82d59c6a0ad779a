/* Memory that a scan fills at once, faulted in by one call.
 *
 * A page fault is the dearest way to get a page: on the CI machine (a VM
 * with shadow page tables) a fresh page costs about 10 us when touched,
 * against 0.9 us when the kernel populates a range of them in one call,
 * and a scan touches thousands (bench/README.md). Buffers that will be
 * filled, or mostly filled, are populated when allocated. */
#ifndef MIGCHECK_UTIL_MEMORY_H
#define MIGCHECK_UTIL_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

/* Below this, populating saves less than the call costs. */
#define MEMORY_POPULATE_MIN (64 * 1024)

/* Faults in the whole pages of [p, p + size), for writing: the contents
 * do not change. A hint: kernels before 5.14 refuse it, and then pages
 * fault in one at a time as before. */
void memory_populate(void *p, size_t size);

/* Zeroed memory of `size` bytes, populated; NULL when out of memory.
 * Freed with memory_free and the same size. */
void *memory_alloc(size_t size);
void memory_free(void *p, size_t size);

/* Room for one more element in a growable array (*items, *cap of them,
 * `count` used, `size` bytes each), doubling from 64: false when out of
 * memory, the array as it was. */
bool memory_reserve(void **items, size_t *cap, size_t count, size_t size);

#endif
