/* Code: decoding instructions (Zydis) and reading ELF objects (libelf).
 * Pure functions over bytes: this module knows nothing about processes. */
#ifndef MIGCHECK_CODE_CODE_H
#define MIGCHECK_CODE_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an instruction does to control flow. */
enum flow {
	FLOW_NEXT,   /* the next instruction follows */
	FLOW_CALL,   /* a call: the target, then (usually) the next one */
	FLOW_BRANCH, /* conditional: the target or the next one */
	FLOW_JUMP,   /* unconditional jump: only the target */
	FLOW_STOP,   /* ret, ud2, hlt: nothing follows on this path */
};

/* The memory operand, when there is one. */
enum memory_operand {
	MEMORY_NONE,
	MEMORY_RIP,	 /* [rip + disp32] */
	MEMORY_ABSOLUTE, /* [disp32] */
	MEMORY_TABLE,	 /* [index*scale + disp32]: a table at disp32 */
	MEMORY_OTHER,	 /* through registers */
};

/* One decoded instruction, as analysis needs it. */
struct instruction {
	uint64_t address;
	uint8_t length;
	int isa; /* row of isa_table, -1 if Zydis's set is unknown */
	const char *mnemonic; /* "vpaddd" */
	enum flow flow;
	bool indirect;	 /* a call or jump through a register or memory */
	bool is_lea;	 /* the memory operand is an address, not a load */
	bool has_target; /* relative branch target (jcc, jmp, call, xbegin) */
	uint64_t target;
	enum memory_operand memory;
	uint64_t memory_address; /* for MEMORY_RIP/ABSOLUTE/TABLE */
	bool has_imm;		 /* an immediate operand */
	uint8_t imm_size;	 /* in bits */
	uint64_t imm;		 /* sign-extended when signed */
	bool is_cmp;		 /* cmp: bounds a jump table index */
};

typedef void (*instruction_fn)(void *ctx, const struct instruction *insn);

struct decode_stats {
	size_t instructions;
	size_t undecodable_bytes;
};

/* Decodes the instruction at `data` placed at `address`, in 64-bit mode.
 * Returns 0, or -1 when the bytes do not start a valid instruction. */
int decode_one(const uint8_t *data, size_t size, uint64_t address,
	       struct instruction *out);

/* A decoded instruction in 16 bytes, as the code cache keeps it
 * (code/cache.c). Zydis's own numbers for the ISA set and mnemonic, so
 * that a record does not depend on migcheck's tables. */
/* 16 bytes: a big program's entry holds millions. */
struct decode_record {
	uint8_t length, flow, memory, imm_size;
	uint8_t flags;
	uint8_t isa_set; /* Zydis's, at most ZYDIS_ISA_SET_MAX_VALUE */
	uint16_t mnemonic;
	int32_t rel; /* target or displacement, from the next instruction
		      * when relative */
	int32_t imm;
};

/* decode_one, and the record of what it decoded. */
int decode_pack(const uint8_t *data, size_t size, uint64_t address,
		struct instruction *out, struct decode_record *rec);

/* The instruction a record holds, placed at `address`. False when the
 * record is malformed or did not fit: decode the bytes instead. */
bool decode_unpack(const struct decode_record *rec, uint64_t address,
		   struct instruction *out);

/* Whether a walk may step over the record's instruction without
 * unpacking it: a well-formed record of a baseline instruction that runs
 * on to the next one and names no address a walk follows (no branch
 * target, no RIP-relative or absolute memory operand, no cmp immediate
 * that bounds a jump table, no 64-bit immediate, and no 32-bit one when
 * `imm32_may_be_address`: code is mapped where one can point). */
bool decode_record_plain(const struct decode_record *rec,
			 bool imm32_may_be_address);

/* The same test whatever the ISA set: the record's row of isa_table (-1
 * when the feature model does not know Zydis's set), or DECODE_NOT_PLAIN.
 * An instruction of a set a scan has its evidence for already is as
 * plain to a walk as a baseline one. */
#define DECODE_NOT_PLAIN (-2)
int decode_record_plain_isa(const struct decode_record *rec,
			    bool imm32_may_be_address);

/* Linear sweep over [data, data + size) placed at `address`. A byte that
 * does not start a valid instruction is counted and skipped. */
void decode_sweep(const uint8_t *data, size_t size, uint64_t address,
		  instruction_fn fn, void *ctx, struct decode_stats *stats);

/* Call encodings are 2 (call reg) to 7 bytes (call [base+index*s+d32])
 * long, 8 with a segment prefix. */
#define DECODE_CALL_MIN 2
#define DECODE_CALL_MAX 8

/* Whether the `len` bytes at `data` are exactly one call instruction. */
bool decode_is_call(const uint8_t *data, size_t len);

/* Whether the `size` bytes ending at `before + size` end with a call
 * instruction: a value just after one is a return address. */
bool decode_follows_call(const uint8_t *before, size_t size);

/* An ELF object's code: its executable sections, its functions, and what
 * the dynamic linker uses (PLT, GOT, jump slots, exports, ifuncs). */
struct elf_range {
	uint64_t offset, size; /* in the file (or image) */
	uint64_t vaddr;	       /* link-time address */
};

struct elf_span {
	uint64_t vaddr, size;
};

struct elf_symbol {
	uint64_t offset, vaddr, size; /* offset: in the file */
	char *name;
};

/* A PLT slot in the GOT and the symbol the dynamic linker binds it to. */
struct elf_slot {
	uint64_t vaddr;
	char *name;
};

/* A function this object defines for others (.dynsym). */
struct elf_export {
	char *name;
	uint64_t vaddr;
	/* of the name (DJB's, as in .gnu.hash): exports are sorted by it,
	 * then by name, so that a lookup reads the names of its hash only,
	 * not a big program's megabytes of names */
	uint32_t hash;
	bool ifunc; /* vaddr is the resolver */
};

/* foo.cold: the part of foo that GCC moved out of line. */
struct elf_cold_part {
	uint64_t parent, cold; /* link-time addresses */
};

/* A landing pad: where the unwinder resumes in the function that FDE
 * [start, start + size) describes, when an exception or a thread's
 * cancellation unwinds through one of its calls. Read from the FDE's
 * LSDA (the call-site table in .gcc_except_table). */
struct elf_landing {
	uint64_t start, size, pad; /* link-time addresses */
};

struct elf_code {
	struct elf_range *ranges;
	size_t range_count;
	struct elf_symbol *symbols; /* sorted by offset */
	size_t symbol_count;
	bool shared;		   /* ET_DYN: loaded at a bias */
	uint64_t entry;		   /* e_entry */
	uint64_t first_load_vaddr; /* page of the PT_LOAD at file offset 0 */
	uint64_t *starts; /* function starts: symbols and FDEs, sorted */
	size_t start_count;
	/* An index of starts: a bit per 16 bytes from starts[0] (some
	 * function starts there), and per 64 of them the number of starts
	 * before. elf_code_function and elf_code_is_function_start, asked
	 * for every code pointer in memory and every immediate of a
	 * program, find a start in it at once, not by a binary search of
	 * 100 k starts. Built from starts (elf_code_index_starts), never
	 * cached. NULL: none, binary search. */
	uint64_t *start_granules;
	uint32_t *start_rank;
	size_t granule_count;
	/* Function extents: FDE ranges and sized symbols, sorted, merged.
	 * A sweep from an extent's start stays aligned and out of data
	 * placed between functions (hand-written assembly's tables). */
	struct elf_span *extents;
	size_t extent_count;
	struct elf_span plt[3]; /* .plt, .plt.sec, .plt.got */
	struct elf_span got[2]; /* .got, .got.plt */
	struct elf_slot *slots; /* sorted by vaddr */
	size_t slot_count;
	struct elf_export *exports; /* sorted by name hash, then name */
	size_t export_count;
	uint64_t *resolvers; /* ifunc resolvers, sorted */
	size_t resolver_count;
	/* the GOT slots of its IRELATIVE relocations, which ld.so fills at
	 * start-up with what each resolver picks: sorted */
	uint64_t *irelative_slots;
	size_t irelative_count;
	struct elf_cold_part *cold; /* sorted by parent */
	size_t cold_count;
	/* .gcc_except_table, or an FDE with an LSDA: landing pads exist */
	bool has_lsda;
	/* every landing pad, sorted by start; when an FDE or its LSDA could
	 * not be read, landings_unknown, and any address of a function of
	 * an object with has_lsda may be one */
	struct elf_landing *landings;
	size_t landing_count;
	bool landings_unknown;
	bool incomplete;	 /* out of memory while reading: not usable */
	struct elf_names *names; /* where the names above are kept */
	/* read from the ELF cache (code/cache.h): every array above is in
	 * this one block, malloc'ed, or the entry mapped (block_mapped
	 * bytes), its names left in the file until read */
	void *block;
	size_t block_mapped;
};

/* The landing pads of the function (FDE) containing `vaddr`:
 * landings[*first, *first + returned count). */
size_t elf_code_landings(const struct elf_code *c, uint64_t vaddr,
			 size_t *first);

/* Reads an ELF file, or an ELF image in memory (the vDSO). Returns 0, or
 * -1 when it is not a readable 64-bit x86 ELF object. */
int elf_code_open_file(const char *path, struct elf_code *out);
int elf_code_open_fd(int fd, struct elf_code *out);
int elf_code_open_memory(const void *image, size_t size, struct elf_code *out);
void elf_code_free(struct elf_code *c);

/* Builds c->start_granules from c->starts; without memory, leaves none. */
void elf_code_index_starts(struct elf_code *c);

/* The function symbol containing a file offset, or NULL. */
const struct elf_symbol *elf_code_symbol(const struct elf_code *c,
					 uint64_t offset);
/* Link-time address -> file offset, inside the executable sections. */
bool elf_code_offset_of(const struct elf_code *c, uint64_t vaddr,
			uint64_t *offset);
/* The function containing `vaddr`: [*start, *end) between two known
 * starts. False when no start precedes it. */
bool elf_code_function(const struct elf_code *c, uint64_t vaddr,
		       uint64_t *start, uint64_t *end);
bool elf_code_is_function_start(const struct elf_code *c, uint64_t vaddr);
bool elf_code_in_span(const struct elf_span *spans, size_t n, uint64_t vaddr);
/* Whether `vaddr` is inside a function extent (FDE or sized symbol),
 * and where that extent ends. */
bool elf_code_extent(const struct elf_code *c, uint64_t vaddr, uint64_t *end);
bool elf_code_in_extent(const struct elf_code *c, uint64_t vaddr);
const struct elf_slot *elf_code_slot(const struct elf_code *c, uint64_t vaddr);
/* Every export named `name`: the first index and the count. */
size_t elf_code_exports(const struct elf_code *c, const char *name,
			size_t *first);
bool elf_code_is_resolver(const struct elf_code *c, uint64_t vaddr);

/* Named symbols of the ELF file open on fd, of any type (variables too),
 * from its dynamic symbol table: vaddr[i] is the link-time address of
 * names[i], or 0 where the file does not define it. *load_vaddr is the
 * link-time address of file offset `offset` (a mapping's), so that a
 * symbol's run-time address is mapping start - *load_vaddr + vaddr[i].
 * Returns -1 when fd is no 64-bit ELF file or no PT_LOAD holds `offset`. */
int elf_dynamic_lookup(int fd, uint64_t offset, uint64_t *load_vaddr,
		       const char *const *names, size_t n, uint64_t *vaddr);

/* The versions that define `name` in the .dynsym of the ELF file open
 * on fd ("GLIBC_2.2.5", "GLIBC_2.14"), at most max; 0 when there are
 * more, or any cannot be read. */
size_t elf_symbol_versions(int fd, const char *name, char (*versions)[64],
			   size_t max);

/* Whether the ELF file open on fd has a section of that name (Go's
 * toolchain marks its executables with .go.buildinfo, stripped or not). */
bool elf_has_section(int fd, const char *name);

#endif
