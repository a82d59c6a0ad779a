/* libFuzzer target: ELF cache entries as a scan reads them from disk.
 * The input gets a valid magic, format and checksum first (a checksum the
 * fuzzer cannot forge would stop every input before the checks of the
 * structure). Then every lookup a scan makes, on whatever the entry
 * holds: names must be inside the entry, and unsorted tables must not
 * lead a search outside them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "code/cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { HEADER = 224, CHECKSUM_AT = 216 }; /* struct elf_cache_header */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HEADER)
		return 0;
	uint8_t *p = malloc(size); /* the entry's buffer: the parse owns it */
	if (!p)
		return 0;
	memcpy(p, data, size);
	uint32_t format = ELF_CACHE_FORMAT;
	memcpy(p, "MIGELF\n", 8);
	memcpy(p + 8, &format, 4);
	p[12] &= 7; /* the flags */
	p[13] = p[14] = p[15] = 0;
	uint64_t sum = XXH3_64bits(p + HEADER, size - HEADER);
	memcpy(p + CHECKSUM_AT, &sum, 8);
	struct elf_code c;
	if (elf_cache_parse(p, size, &c) == 0) {
		uint64_t probes[] = {0,
				     1,
				     0x1000,
				     UINT64_MAX,
				     c.start_count ? c.starts[0] : 2,
				     c.symbol_count ? c.symbols[0].offset : 3};
		for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
			uint64_t a = probes[i], x, y;
			size_t first;
			elf_code_symbol(&c, a);
			elf_code_function(&c, a, &x, &y);
			elf_code_is_function_start(&c, a);
			elf_code_extent(&c, a, &x);
			elf_code_offset_of(&c, a, &x);
			elf_code_landings(&c, a, &first);
			elf_code_slot(&c, a);
			elf_code_is_resolver(&c, a);
		}
		for (size_t i = 0; i < c.slot_count && i < 64; i++) {
			size_t first;
			elf_code_exports(&c, c.slots[i].name, &first);
		}
		for (size_t i = 0; i < c.symbol_count && i < 64; i++)
			(void)strlen(c.symbols[i].name);
	}
	elf_code_free(&c);
	return 0;
}
