/* libFuzzer target: ELF images as the scan reads them (a process may map
 * any file), every lookup on what was read, and the decoder on the same
 * bytes as garbage code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code/code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *ctx, const struct instruction *insn)
{
	(void)ctx;
	(void)insn;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decode_stats stats = {0};
	decode_sweep(data, size, 0x400000, ignore, NULL, &stats);
	decode_follows_call(data, size < 8 ? size : 8);

	/* libelf may keep pointers into the image: give it its own copy. */
	void *image = malloc(size ? size : 1);
	if (!image)
		return 0;
	memcpy(image, data, size);
	struct elf_code c;
	if (elf_code_open_memory(image, size, &c) == 0) {
		uint64_t start, end, off;
		for (size_t i = 0; i < c.start_count && i < 64; i++) {
			elf_code_function(&c, c.starts[i] + 1, &start, &end);
			elf_code_is_function_start(&c, c.starts[i]);
			if (elf_code_offset_of(&c, c.starts[i], &off))
				elf_code_symbol(&c, off);
		}
		for (size_t i = 0; i < c.slot_count && i < 64; i++)
			elf_code_slot(&c, c.slots[i].vaddr);
		for (size_t i = 0; i < c.export_count && i < 64; i++)
			elf_code_exports(&c, c.exports[i].name, &off);
		elf_code_is_resolver(&c, c.entry);
		elf_code_in_span(c.plt, 3, c.entry);
		elf_code_free(&c);
	}
	free(image);
	return 0;
}
