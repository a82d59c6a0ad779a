/* The code cache: each object's code decoded once, kept on disk under a
 * hash of that code (code/cache.c), read back by later scans. */
#ifndef MIGCHECK_CODE_CACHE_H
#define MIGCHECK_CODE_CACHE_H

#include "code/code.h"

/* The format's version: in each entry's header and name. */
#define CACHE_FORMAT 4 /* 3: known_opcodes; 4: records first, 16 bytes */

struct code_cache {
	uint64_t start, size; /* the span of code covered, link-time */
	/* a bit per byte of the span: an instruction of the sweep starts
	 * there; kept: and has a record. Readable BITS_SLACK bytes past the
	 * end of starts (kept follows it). */
	const uint64_t *starts, *kept;
	const uint32_t *rank;
	const struct decode_record *records;
	size_t record_count;
	uint64_t key[2];
	void *mapped; /* the entry read from disk */
	size_t mapped_size;
};

/* What an entry is made from: an object's function extents (sorted,
 * link-time) and its code, `length` bytes from link-time address `base`.
 * Every extent must be in those bytes. */
struct code_source {
	const uint8_t *bytes;
	uint64_t base;
	size_t length;
	const struct elf_span *extents;
	size_t n;
};

/* Reads the entry of `src` from `dir`. Returns 0, or -1 when there is
 * none that can be used (missing, damaged, not the user's own). */
int code_cache_load(const char *dir, const struct code_source *src,
		    struct code_cache *out);

/* Decodes `src` (counting the instructions in *decoded) and writes its
 * entry to `dir`, creating it. Returns 0 or -1. Thread-safe. */
int code_cache_write(const char *dir, const struct code_source *src,
		     size_t *decoded);

/* The record of the sweep's instruction that starts at link-time
 * `vaddr`, or NULL. When it is NULL and *plain_end > vaddr, the
 * instruction at vaddr is plain (decode_record_plain with
 * imm32_may_be_address) and so is each instruction of the sweep from it
 * to *plain_end, one right after the other, where the next record
 * starts. Else (*plain_end == vaddr) there is no instruction of the sweep
 * at vaddr, or no record: decode the bytes. */
const struct decode_record *code_cache_find(const struct code_cache *c,
					    uint64_t vaddr,
					    uint64_t *plain_end);
/* Whether an instruction of the sweep starts at link-time `vaddr`: then
 * `vaddr` is inside one of the extents swept. */
bool code_cache_starts(const struct code_cache *c, uint64_t vaddr);

/* The instruction of the sweep that starts at link-time `vaddr`, placed
 * at run-time `address`. False when there is none, or it has no record
 * (a plain one): decode the bytes. */
bool code_cache_get(const struct code_cache *c, uint64_t vaddr,
		    uint64_t address, struct instruction *out);

/* Asks the CPU to load what code_cache_get(c, vaddr) will read: the
 * index first, then (record true) the records it points to. A walk
 * jumps from place to place, and waits on memory more than it computes. */
void code_cache_prefetch(const struct code_cache *c, uint64_t vaddr,
			 bool record);

/* Reads an entry's bytes (the file, mapped). They are checked whole: the
 * records are checked as each one is read. Returns 0 or -1. */
int code_cache_parse(const void *data, size_t size, struct code_cache *out);

void code_cache_free(struct code_cache *c);

/* ------------------------------------------------------- ELF facts */

/* What elf_code_open_fd reads from an object file (sections, symbols,
 * FDE extents and starts, slots, exports, ifunc resolvers, .cold parts,
 * landing pads) kept beside the code cache (code/elf_cache.c): reading
 * libelf's tables and sorting them was a quarter of a scan's set-up.
 * Bump the format whenever what elf_code_open_fd gives changes. */
#define ELF_CACHE_FORMAT 4 /* 3: exports by hash; 4: IRELATIVE slots */

enum elf_cache_use { ELF_CACHE_UNUSED, ELF_CACHE_READ, ELF_CACHE_WRITTEN };

/* elf_code_open_fd(fd, out), through the cache in `dir` (NULL: none):
 * read from an entry for this file when there is one, else from the file,
 * and then written. *use says which. Thread-safe. */
int elf_cache_open(const char *dir, int fd, struct elf_code *out,
		   enum elf_cache_use *use);

/* An entry's bytes for `c`, in a buffer the caller frees; NULL when out
 * of memory. Key: what names the file (elf_cache_key). */
void *elf_cache_build(const struct elf_code *c, const uint64_t key[2],
		      size_t *size);

/* Reads an entry's bytes, in a malloc'ed buffer that `out` then owns
 * (elf_code_free frees it; on failure, freed at once). Returns 0, or -1
 * when they are not a whole, well-formed entry. */
int elf_cache_parse(void *data, size_t size, struct elf_code *out);

/* The key of an object file: its identity (device, inode, size, change
 * and modification times to the nanosecond: a write changes them) and
 * its ELF, program and section headers. Returns 0 or -1. */
int elf_cache_key(int fd, uint64_t key[2]);

/* ------------------------------------------------------ entry files */

/* An entry's file: `dir`/KEY`suffix`, KEY the key in hex. */
void cache_entry_path(const char *dir, const uint64_t key[2],
		      const char *suffix, char *buf, size_t size);

/* Opens the entry at `path` if it can be trusted: a regular file, not a
 * link, owned by the user and writable by no one else. Returns its
 * descriptor and size, or -1. */
int cache_entry_open(const char *path, size_t *size);

/* The XXH3-64 of the mapped entry m's bytes after its `header` bytes,
 * read a few MiB at a time, each let go when the entry is large: the scan
 * then holds only the pages it uses. m must be a private mapping of a
 * file, not yet written. 0 when out of memory. */
uint64_t cache_entry_checksum(const uint8_t *m, size_t size, size_t header);

/* The same, read from the file through a small buffer, for an entry the
 * reader will write into once mapped (the ELF cache's pointers): a page
 * first mapped to be read would be copied on that write, and every CPU
 * the scan runs on told to forget the old one. 0 when it cannot be read. */
uint64_t cache_file_checksum(int fd, size_t size, size_t header);

/* Writes an entry (creating `dir`, mode 0700): whole or not at all.
 * Returns 0 or -1. */
int cache_entry_save(const char *dir, const char *path, const void *data,
		     size_t size);

/* $MIGCHECK_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/migcheck,
 * else ~/.cache/migcheck; in buf when composed. NULL: no cache. */
const char *code_cache_dir(char *buf, size_t size);

#endif
