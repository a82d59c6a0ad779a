/* Code: decoding instructions (Zydis) and reading ELF objects (libelf).
 * Pure functions over bytes: this module knows nothing about processes. */
#ifndef MIGCHECK_CODE_CODE_H
#define MIGCHECK_CODE_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One decoded instruction, as analysis needs it. */
struct instruction {
	uint64_t address;
	uint8_t length;
	int isa; /* row of isa_table, -1 if Zydis's set is unknown */
	const char *mnemonic; /* "vpaddd" */
};

typedef void (*instruction_fn)(void *ctx, const struct instruction *insn);

struct decode_stats {
	size_t instructions;
	size_t undecodable_bytes;
};

/* Linear sweep over [data, data + size) placed at `address`, in 64-bit
 * mode. A byte that does not start a valid instruction is counted and
 * skipped. */
void decode_sweep(const uint8_t *data, size_t size, uint64_t address,
		  instruction_fn fn, void *ctx, struct decode_stats *stats);

/* An ELF object's code: its executable sections, by file offset, and its
 * function symbols. */
struct elf_range {
	uint64_t offset, size; /* in the file (or image) */
	uint64_t vaddr;	       /* link-time address */
};

struct elf_symbol {
	uint64_t offset, size; /* file offset of the first byte */
	char *name;
};

struct elf_code {
	struct elf_range *ranges;
	size_t range_count;
	struct elf_symbol *symbols; /* sorted by offset */
	size_t symbol_count;
};

/* Reads an ELF file, or an ELF image in memory (the vDSO). Returns 0, or
 * -1 when it is not a readable 64-bit x86 ELF object. */
int elf_code_open_file(const char *path, struct elf_code *out);
int elf_code_open_memory(const void *image, size_t size, struct elf_code *out);
void elf_code_free(struct elf_code *c);

/* The function symbol containing a file offset, or NULL. */
const struct elf_symbol *elf_code_symbol(const struct elf_code *c,
					 uint64_t offset);

#endif
