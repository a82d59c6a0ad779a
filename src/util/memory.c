#include "util/memory.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

void memory_populate(void *p, size_t size)
{
	if (size < MEMORY_POPULATE_MIN)
		return;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + size) & ~(page - 1);
	if (from < to)
		madvise((void *)from, to - from, MADV_POPULATE_WRITE);
}

void *memory_alloc(size_t size)
{
	void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memory_populate(p, size);
	return p;
}

void memory_free(void *p, size_t size)
{
	if (p)
		munmap(p, size ? size : 1);
}

bool memory_reserve(void **items, size_t *cap, size_t count, size_t size)
{
	if (count < *cap)
		return true;
	size_t grown = *cap ? *cap * 2 : 64;
	void *p = realloc(*items, grown * size);
	if (!p)
		return false;
	*items = p;
	*cap = grown;
	return true;
}
