/* libFuzzer target: code cache entries as a scan reads them from disk.
 * The input gets a valid magic, format and checksum first: a checksum the
 * fuzzer cannot forge would otherwise stop every input before the checks
 * of the structure, which are what must hold against any bytes. Then
 * lookups everywhere in the span it claims: a plain run must end at a
 * record, or a walk would step past code it never looked at. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <Zydis/Zydis.h>

#include "code/cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { HEADER = 72, CHECKSUM_AT = 64 }; /* struct cache_header */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HEADER)
		return 0;
	/* aligned, and ours to fix up */
	uint64_t *buf = malloc((size + 7) / 8 * 8);
	if (!buf)
		return 0;
	uint8_t *p = (uint8_t *)buf;
	memcpy(p, data, size);
	uint32_t format = CACHE_FORMAT,
		 record_size = sizeof(struct decode_record);
	uint64_t zydis = ZYDIS_VERSION;
	memcpy(p, "MIGCODE\n", 8);
	memcpy(p + 8, &format, 4);
	memcpy(p + 12, &record_size, 4);
	memcpy(p + 16, &zydis, 8);
	uint64_t sum = XXH3_64bits(p + HEADER, size - HEADER);
	memcpy(p + CHECKSUM_AT, &sum, 8);
	struct code_cache c;
	if (code_cache_parse(p, size, &c) == 0) {
		uint64_t step = c.size / 4096 + 1;
		for (uint64_t off = 0; off < c.size + 16; off += step) {
			struct instruction insn;
			uint64_t end, next;
			code_cache_prefetch(&c, c.start + off, true);
			code_cache_get(&c, c.start + off, 0x1000 + off, &insn);
			if (!code_cache_find(&c, c.start + off, &end) &&
			    end != c.start + off &&
			    (end < c.start + off ||
			     !code_cache_find(&c, end, &next)))
				abort();
		}
	}
	free(buf);
	return 0;
}
