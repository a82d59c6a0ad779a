/* The ELF cache: what elf_code_open_fd reads from an object file, kept on
 * disk beside the code cache (code/cache.c), so that a later scan of any
 * process that maps the same file reads one block instead of walking
 * libelf's symbol tables, FDEs and relocations and sorting them (redis-
 * server's 18 objects: 26 ms of work, a quarter of a scan).
 *
 * An entry is named by a hash of the file's identity and headers
 * (elf_cache_key). The code cache names its entries by the bytes of the
 * code itself, which a scan hashes either way; an ELF file's tables are
 * more than its code, and hashing the whole file would cost most of what
 * the cache saves. The kernel sets a file's change time on every write
 * and no call can set it back, so a file with the same device, inode,
 * size and change time to the nanosecond has the same bytes.
 *
 * File layout, little-endian, all of it after the header covered by the
 * checksum: struct elf_cache_header, then each array of struct elf_code
 * in the order of `arrays` (elements as in memory, a name as its offset
 * in the names), then the names, each ending in a NUL. */
#include "code/cache.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "util/memory.h"

#define ELF_CACHE_MAGIC "MIGELF\n"

enum {
	FLAG_SHARED = 1,
	FLAG_HAS_LSDA = 2,
	FLAG_LANDINGS_UNKNOWN = 4,
};

#define NONE SIZE_MAX

/* The arrays of struct elf_code: where each is and what its elements
 * hold. A name is stored as an offset in the names; a bool is 0 or 1,
 * and the bytes after it are padding (stored as zeroes). */
static const struct array {
	size_t array, count, size, name, flag;
} arrays[] = {
#define ARRAY(field, count, type, name, flag)                                  \
	{                                                                      \
		offsetof(struct elf_code, field),                              \
		    offsetof(struct elf_code, count), sizeof(type), name, flag \
	}
    ARRAY(ranges, range_count, struct elf_range, NONE, NONE),
    ARRAY(symbols, symbol_count, struct elf_symbol,
	  offsetof(struct elf_symbol, name), NONE),
    ARRAY(starts, start_count, uint64_t, NONE, NONE),
    ARRAY(extents, extent_count, struct elf_span, NONE, NONE),
    ARRAY(slots, slot_count, struct elf_slot, offsetof(struct elf_slot, name),
	  NONE),
    ARRAY(exports, export_count, struct elf_export,
	  offsetof(struct elf_export, name),
	  offsetof(struct elf_export, ifunc)),
    ARRAY(resolvers, resolver_count, uint64_t, NONE, NONE),
    ARRAY(irelative_slots, irelative_count, uint64_t, NONE, NONE),
    ARRAY(cold, cold_count, struct elf_cold_part, NONE, NONE),
    ARRAY(landings, landing_count, struct elf_landing, NONE, NONE),
#undef ARRAY
};

#define ARRAY_COUNT (sizeof arrays / sizeof *arrays)

struct elf_cache_header {
	char magic[8];
	uint32_t format, flags;
	uint64_t key[2];
	uint64_t entry, first_load_vaddr;
	struct elf_span plt[3], got[2];
	uint64_t count[ARRAY_COUNT];
	uint64_t names_size;
	uint64_t checksum; /* XXH3-64 of everything after the header */
};

/* Elements stay 8-byte aligned one array after another. */
_Static_assert(sizeof(struct elf_range) % 8 == 0 &&
		   sizeof(struct elf_symbol) % 8 == 0 &&
		   sizeof(struct elf_span) % 8 == 0 &&
		   sizeof(struct elf_slot) % 8 == 0 &&
		   sizeof(struct elf_export) % 8 == 0 &&
		   sizeof(struct elf_cold_part) % 8 == 0 &&
		   sizeof(struct elf_landing) % 8 == 0 &&
		   sizeof(struct elf_cache_header) % 8 == 0,
	       "arrays follow each other aligned");
_Static_assert(sizeof(struct elf_cache_header) == 224 &&
		   offsetof(struct elf_cache_header, checksum) == 216 &&
		   offsetof(struct elf_cache_header, count) == 128,
	       "as tests/unit/test_elf_cache.c and the fuzz target have it");

static void *array_of(const struct elf_code *c, const struct array *a)
{
	void *p;
	memcpy(&p, (const char *)c + a->array, sizeof p);
	return p;
}

static size_t count_of(const struct elf_code *c, const struct array *a)
{
	size_t n;
	memcpy(&n, (const char *)c + a->count, sizeof n);
	return n;
}

/* ------------------------------------------------------------- the key */

/* Reads `size` bytes at `offset` into the hash; false when short. */
static bool hash_part(XXH3_state_t *st, int fd, uint64_t offset, size_t size)
{
	uint8_t buf[4096];
	while (size) {
		size_t n = size < sizeof buf ? size : sizeof buf;
		if (pread(fd, buf, n, (off_t)offset) != (ssize_t)n)
			return false;
		XXH3_128bits_update(st, buf, n);
		offset += n;
		size -= n;
	}
	return true;
}

int elf_cache_key(int fd, uint64_t key[2])
{
	struct stat st;
	Elf64_Ehdr eh;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64)
		return -1;
	uint64_t head[] = {ELF_CACHE_FORMAT,
			   (uint64_t)st.st_dev,
			   (uint64_t)st.st_ino,
			   (uint64_t)st.st_size,
			   (uint64_t)st.st_ctim.tv_sec,
			   (uint64_t)st.st_ctim.tv_nsec,
			   (uint64_t)st.st_mtim.tv_sec,
			   (uint64_t)st.st_mtim.tv_nsec};
	XXH3_state_t *h = XXH3_createState();
	if (!h)
		return -1;
	XXH3_128bits_reset(h);
	XXH3_128bits_update(h, head, sizeof head);
	XXH3_128bits_update(h, &eh, sizeof eh);
	/* the tables libelf starts from, bounded (a few kB in practice) */
	size_t ph = (size_t)eh.e_phnum * eh.e_phentsize,
	       sh = (size_t)eh.e_shnum * eh.e_shentsize;
	bool ok = ph <= 65536 && sh <= 1048576 &&
		  hash_part(h, fd, eh.e_phoff, ph) &&
		  hash_part(h, fd, eh.e_shoff, sh);
	XXH128_hash_t k = XXH3_128bits_digest(h);
	XXH3_freeState(h);
	key[0] = k.low64;
	key[1] = k.high64;
	return ok ? 0 : -1;
}

/* ------------------------------------------------------------ building */

void *elf_cache_build(const struct elf_code *c, const uint64_t key[2],
		      size_t *size)
{
	struct elf_cache_header h = {
	    .magic = ELF_CACHE_MAGIC,
	    .format = ELF_CACHE_FORMAT,
	    .flags = (c->shared ? FLAG_SHARED : 0) |
		     (c->has_lsda ? FLAG_HAS_LSDA : 0) |
		     (c->landings_unknown ? FLAG_LANDINGS_UNKNOWN : 0),
	    .key = {key[0], key[1]},
	    .entry = c->entry,
	    .first_load_vaddr = c->first_load_vaddr,
	};
	memcpy(h.plt, c->plt, sizeof h.plt);
	memcpy(h.got, c->got, sizeof h.got);
	size_t total = sizeof h;
	for (size_t i = 0; i < ARRAY_COUNT; i++) {
		const struct array *a = &arrays[i];
		size_t n = count_of(c, a);
		h.count[i] = n;
		total += n * a->size;
		if (a->name == NONE)
			continue;
		const char *e = array_of(c, a);
		for (size_t k = 0; k < n; k++, e += a->size) {
			const char *name;
			memcpy(&name, e + a->name, sizeof name);
			h.names_size += name ? strlen(name) + 1 : 1;
		}
	}
	total += h.names_size;
	uint8_t *out = calloc(1, total);
	if (!out)
		return NULL;
	uint8_t *p = out + sizeof h;
	char *names = (char *)out + total - h.names_size;
	uint64_t used = 0;
	for (size_t i = 0; i < ARRAY_COUNT; i++) {
		const struct array *a = &arrays[i];
		size_t n = count_of(c, a);
		if (n)
			memcpy(p, array_of(c, a), n * a->size);
		for (size_t k = 0; k < n; k++, p += a->size) {
			if (a->flag != NONE)
				memset(p + a->flag + 1, 0,
				       a->size - a->flag - 1);
			if (a->name == NONE)
				continue;
			const char *name;
			memcpy(&name, p + a->name, sizeof name);
			size_t len = name ? strlen(name) : 0;
			memcpy(p + a->name, &used, sizeof used);
			memcpy(names + used, name ? name : "", len + 1);
			used += len + 1;
		}
	}
	h.checksum = XXH3_64bits(out + sizeof h, total - sizeof h);
	memcpy(out, &h, sizeof h);
	*size = total;
	return out;
}

/* ------------------------------------------------------------- reading */

/* checksum: the XXH3-64 of what follows the header, or 0 to compute it */
static int parse(uint8_t *data, size_t size, uint64_t checksum,
		 struct elf_code *out)
{
	struct elf_cache_header h;
	memset(out, 0, sizeof *out);
	if (size < sizeof h)
		return -1;
	memcpy(&h, data, sizeof h);
	if (memcmp(h.magic, ELF_CACHE_MAGIC, sizeof h.magic) ||
	    h.format != ELF_CACHE_FORMAT ||
	    (h.flags &
	     ~(uint32_t)(FLAG_SHARED | FLAG_HAS_LSDA | FLAG_LANDINGS_UNKNOWN)))
		return -1;
	if (!checksum)
		checksum = XXH3_64bits(data + sizeof h, size - sizeof h);
	if (checksum != h.checksum)
		return -1;
	/* the arrays, then exactly the names, ending in a NUL */
	size_t at = sizeof h;
	for (size_t i = 0; i < ARRAY_COUNT; i++) {
		if (h.count[i] > (size - at) / arrays[i].size)
			return -1;
		at += (size_t)h.count[i] * arrays[i].size;
	}
	if (h.names_size != size - at || (h.names_size && data[size - 1] != 0))
		return -1;
	const char *names = (const char *)data + at;
	uint8_t *p = data + sizeof h;
	for (size_t i = 0; i < ARRAY_COUNT; i++) {
		const struct array *a = &arrays[i];
		size_t n = (size_t)h.count[i];
		void *array = n ? p : NULL;
		for (size_t k = 0; k < n; k++, p += a->size) {
			if (a->flag != NONE && p[a->flag] > 1)
				return -1;
			if (a->name == NONE)
				continue;
			uint64_t off;
			memcpy(&off, p + a->name, sizeof off);
			if (off >= h.names_size)
				return -1;
			const char *name = names + off;
			memcpy(p + a->name, &name, sizeof name);
		}
		memcpy((char *)out + a->array, &array, sizeof array);
		memcpy((char *)out + a->count, &n, sizeof n);
	}
	out->shared = h.flags & FLAG_SHARED;
	out->has_lsda = h.flags & FLAG_HAS_LSDA;
	out->landings_unknown = h.flags & FLAG_LANDINGS_UNKNOWN;
	out->entry = h.entry;
	out->first_load_vaddr = h.first_load_vaddr;
	memcpy(out->plt, h.plt, sizeof h.plt);
	memcpy(out->got, h.got, sizeof h.got);
	return 0;
}

int elf_cache_parse(void *data, size_t size, struct elf_code *out)
{
	if (parse(data, size, 0, out)) {
		memset(out, 0, sizeof *out);
		free(data);
		return -1;
	}
	out->block = data;
	elf_code_index_starts(out);
	return 0;
}

/* The entry is mapped, not read: parse writes pointers into its arrays
 * (those pages are copied), and the names stay in the file, the larger
 * part of a big C++ program's entry, until a report names a symbol. */
static int load(const char *path, const uint64_t key[2], struct elf_code *out)
{
	size_t size;
	int fd = cache_entry_open(path, &size);
	if (fd < 0)
		return -1;
	/* read, not mapped, for the checksum (cache_file_checksum); 0
	 * (unreadable, out of memory): parse reads it all itself */
	uint64_t checksum =
	    cache_file_checksum(fd, size, sizeof(struct elf_cache_header));
	uint8_t *m =
	    size >= sizeof(struct elf_cache_header)
		? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
		: MAP_FAILED;
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	if (memcmp(m + offsetof(struct elf_cache_header, key), key,
		   2 * sizeof *key) ||
	    parse(m, size, checksum, out)) {
		memset(out, 0, sizeof *out);
		munmap(m, size);
		return -1;
	}
	out->block = m;
	out->block_mapped = size;
	elf_code_index_starts(out);
	return 0;
}

int elf_cache_open(const char *dir, int fd, struct elf_code *out,
		   enum elf_cache_use *use)
{
	uint64_t key[2];
	char path[4096];
	*use = ELF_CACHE_UNUSED;
	if (!dir || elf_cache_key(fd, key))
		return elf_code_open_fd(fd, out);
	cache_entry_path(dir, key, ".elf", path, sizeof path);
	if (!load(path, key, out)) {
		*use = ELF_CACHE_READ;
		return 0;
	}
	if (elf_code_open_fd(fd, out))
		return -1;
	size_t size;
	void *data = elf_cache_build(out, key, &size);
	if (data && !cache_entry_save(dir, path, data, size))
		*use = ELF_CACHE_WRITTEN;
	free(data);
	return 0;
}
