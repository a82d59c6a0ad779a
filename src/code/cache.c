/* The code cache: an object's code decoded once and kept on disk, so that
 * a later scan of any process that maps the same code reads records
 * instead of running the decoder (the larger part of a scan's time).
 *
 * An entry is named by a hash of everything its records derive from:
 * this format's version, Zydis's version, the function extents swept and
 * every byte of code between the first and the last. Code that differs in
 * one byte, or is swept differently, has another name, so an entry is
 * never stale; it is only unused. Records hold Zydis's numbers, not
 * migcheck's tables, and each one was checked when written to unpack to
 * exactly what the decoder gave (decode_pack).
 *
 * Most instructions (six in ten) are plain (decode_record_plain, with
 * imm32_may_be_address): a walk only steps over them. They have no
 * record, only their start bit, so that an entry is less than half the
 * size and a walk reads that much less memory. A run of plain
 * instructions ends where the next record starts, with no gap: an
 * instruction the sweep does not follow right away with the next one
 * keeps its record.
 *
 * File layout, little-endian, all of it covered by the checksum:
 *   struct cache_header
 *   struct decode_record records[record_count], in address order, then
 *                              zeros up to a multiple of 8 bytes
 *   uint64_t starts[words]     a bit per byte of the span: an instruction
 *                              of the sweep starts there
 *   uint64_t kept[words]       of those, the ones with a record
 *   uint32_t rank[words]       kept bits before each word
 * The records come first: they are written and hashed as the sweep makes
 * them, so that building an entry holds only its bitmaps in memory. */
#include "code/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <Zydis/Zydis.h>

#include "util/bits.h"

#define CACHE_MAGIC "MIGCODE\n"

struct cache_header {
	char magic[8];
	uint32_t format, record_size;
	uint64_t zydis;
	uint64_t key[2];
	uint64_t span_start, span_size; /* link-time addresses */
	uint64_t record_count;
	uint64_t checksum; /* XXH3-64 of everything after the header */
};

static size_t words_of(uint64_t span_size)
{
	return (size_t)((span_size + 63) / 64);
}

/* The bytes the records take in a file, padded for the bitmaps after. */
static size_t records_size(uint64_t count)
{
	return ((size_t)count * sizeof(struct decode_record) + 7) & ~(size_t)7;
}

const struct decode_record *code_cache_find(const struct code_cache *c,
					    uint64_t vaddr, uint64_t *plain_end)
{
	uint64_t off = vaddr - c->start;
	*plain_end = vaddr;
	if (off >= c->size)
		return NULL;
	size_t w = (size_t)(off / 64), words = words_of(c->size);
	uint64_t bit = UINT64_C(1) << (off % 64), kept = c->kept[w];
	if (!(c->starts[w] & bit))
		return NULL;
	if (kept & bit) {
		size_t i = c->rank[w] + (size_t)count_bits(kept & (bit - 1));
		return i < c->record_count ? &c->records[i] : NULL;
	}
	/* plain: the run ends at the next record (there is one, the last
	 * start's: code_cache_parse) */
	uint64_t after = kept & ~(bit | (bit - 1));
	while (!after) {
		if (++w == words)
			return NULL;
		after = c->kept[w];
	}
	*plain_end = c->start + w * 64 + (uint64_t)__builtin_ctzll(after);
	return NULL;
}

bool code_cache_starts(const struct code_cache *c, uint64_t vaddr)
{
	uint64_t off = vaddr - c->start;
	return off < c->size && bit_test((const uint8_t *)c->starts, off);
}

bool code_cache_get(const struct code_cache *c, uint64_t vaddr,
		    uint64_t address, struct instruction *out)
{
	uint64_t plain_end;
	const struct decode_record *rec = code_cache_find(c, vaddr, &plain_end);
	return rec && decode_unpack(rec, address, out);
}

void code_cache_prefetch(const struct code_cache *c, uint64_t vaddr,
			 bool record)
{
	uint64_t off = vaddr - c->start;
	if (off >= c->size)
		return;
	size_t w = (size_t)(off / 64);
	if (!record) {
		__builtin_prefetch(&c->starts[w]);
		__builtin_prefetch(&c->kept[w]);
		__builtin_prefetch(&c->rank[w]);
		return;
	}
	/* the record at vaddr, or the one that ends its plain run */
	uint64_t below = c->kept[w] & ((UINT64_C(1) << (off % 64)) - 1);
	size_t i = c->rank[w] + (size_t)count_bits(below);
	if (i < c->record_count) {
		__builtin_prefetch(&c->records[i]);
		__builtin_prefetch(&c->records[i] + 4);
	}
}

void code_cache_free(struct code_cache *c)
{
	if (c->mapped)
		munmap(c->mapped, c->mapped_size);
	memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------ the key */

static int key_of(const struct code_source *src, uint64_t start, uint64_t size,
		  uint64_t key[2])
{
	XXH3_state_t *st = XXH3_createState();
	uint64_t head[3] = {CACHE_FORMAT, ZYDIS_VERSION, src->n};
	if (!st)
		return -1;
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, head, sizeof head);
	XXH3_128bits_update(st, src->extents, src->n * sizeof *src->extents);
	XXH3_128bits_update(st, src->bytes + (start - src->base), size);
	XXH128_hash_t h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	key[0] = h.low64;
	key[1] = h.high64;
	return 0;
}

/* ------------------------------------------------------------ parsing */

/* checksum: the XXH3-64 of what follows the header, or 0 to compute it */
static int parse(const void *data, size_t size, uint64_t checksum,
		 struct code_cache *out)
{
	const struct cache_header *h = data;
	memset(out, 0, sizeof *out);
	if (size < sizeof *h || memcmp(h->magic, CACHE_MAGIC, 8) ||
	    h->format != CACHE_FORMAT ||
	    h->record_size != sizeof(struct decode_record) ||
	    h->zydis != ZYDIS_VERSION || h->span_size > (UINT64_C(1) << 40) ||
	    h->record_count > h->span_size)
		return -1;
	size_t words = words_of(h->span_size);
	size_t records = records_size(h->record_count);
	if (size != sizeof *h + records + words * 20)
		return -1;
	if (!checksum)
		checksum = XXH3_64bits((const uint8_t *)data + sizeof *h,
				       size - sizeof *h);
	if (checksum != h->checksum)
		return -1;
	const uint8_t *p = (const uint8_t *)data + sizeof *h + records;
	const uint64_t *starts = (const void *)p;
	const uint64_t *kept = (const void *)(p + words * 8);
	const uint32_t *rank = (const void *)(p + words * 16);
	/* The rank must count the kept bits, or a lookup could index past
	 * the records; only starts have records; and the last start has
	 * one, where a plain run ends at the latest. Checked whole, once. */
	uint64_t total = 0, last = 0;
	for (size_t w = 0; w < words; w++) {
		if (rank[w] != total || (kept[w] & ~starts[w]))
			return -1;
		total += (uint64_t)count_bits(kept[w]);
		if (starts[w])
			last = UINT64_C(1)
				   << (63 - __builtin_clzll(starts[w])) &
			       kept[w];
	}
	/* nothing starts past the span, in its last word */
	if (total != h->record_count || (total && !last) ||
	    (h->span_size % 64 && starts[words - 1] >> (h->span_size % 64)))
		return -1;
	out->start = h->span_start;
	out->size = h->span_size;
	out->starts = starts;
	out->kept = kept;
	out->rank = rank;
	out->records = (const void *)((const uint8_t *)data + sizeof *h);
	out->record_count = (size_t)h->record_count;
	memcpy(out->key, h->key, sizeof out->key);
	return 0;
}

int code_cache_parse(const void *data, size_t size, struct code_cache *out)
{
	return parse(data, size, 0, out);
}

/* ----------------------------------------------------------- building */

/* Writes `size` bytes at *at of fd, hashed in file order. */
static bool put(int fd, off_t *at, XXH3_state_t *st, const void *data,
		size_t size)
{
	XXH3_64bits_update(st, data, size);
	for (const uint8_t *p = data; size;) {
		ssize_t w = pwrite(fd, p, size, *at);
		if (w <= 0)
			return false;
		p += w;
		size -= (size_t)w;
		*at += w;
	}
	return true;
}

/* Records on their way to the file, a buffer at a time. */
struct record_out {
	int fd;
	off_t at;
	XXH3_state_t *st;
	bool failed;
	size_t used;
	struct decode_record buf[4096];
};

static void put_record(struct record_out *o, const struct decode_record *r)
{
	o->buf[o->used++] = *r;
	if (o->used == sizeof o->buf / sizeof o->buf[0]) {
		o->failed |=
		    !put(o->fd, &o->at, o->st, o->buf, o->used * sizeof *r);
		o->used = 0;
	}
}

/* Sweeps each extent as decode_sweep would, from its start, a record per
 * instruction, and writes the entry to fd: the records as they come,
 * then the bitmaps, then the header. Decoding may read past an extent's
 * end, as the path method does, up to the end of the bytes given. */
static int build(const struct code_source *src, uint64_t start, uint64_t size,
		 const uint64_t key[2], int fd, size_t *decoded)
{
	const struct elf_span *extents = src->extents;
	size_t n = src->n, words = words_of(size), count = 0;
	uint64_t *starts = calloc(words, 20); /* starts, kept, rank */
	struct record_out *o = malloc(sizeof *o);
	XXH3_state_t *st = XXH3_createState();
	if (!starts || !o || !st || XXH3_64bits_reset(st) != XXH_OK) {
		free(starts);
		free(o);
		XXH3_freeState(st);
		return -1;
	}
	*o = (struct record_out){
	    .fd = fd, .at = sizeof(struct cache_header), .st = st};
	uint64_t *kept = starts + words;
	/* The last record, held back: the next instruction tells whether it
	 * is plain and runs on into it, and so needs none. */
	struct decode_record last_rec;
	uint64_t last = 0, last_end = 0; /* its span */
	bool held = false;
	for (size_t e = 0; e < n; e++) {
		uint64_t a = extents[e].vaddr, end = a + extents[e].size;
		while (a < end) {
			struct instruction insn;
			struct decode_record rec;
			size_t off = (size_t)(a - src->base);
			if (decode_pack(src->bytes + off, src->length - off, a,
					&insn, &rec)) {
				a++;
				continue;
			}
			/* Its bytes must all be in the key: one that runs past
			 * the span is left to be decoded. */
			if (a + insn.length > start + size)
				break;
			(*decoded)++;
			if (held && last_end == a &&
			    decode_record_plain(&last_rec, true)) {
				kept[(last - start) / 64] &=
				    ~(UINT64_C(1) << ((last - start) % 64));
				count--;
			} else if (held) {
				put_record(o, &last_rec);
			}
			starts[(a - start) / 64] |= UINT64_C(1)
						    << ((a - start) % 64);
			kept[(a - start) / 64] |= UINT64_C(1)
						  << ((a - start) % 64);
			count++;
			last_rec = rec;
			held = true;
			last = a;
			a += insn.length;
			last_end = a;
		}
	}
	if (held)
		put_record(o, &last_rec);
	bool ok = !o->failed && put(fd, &o->at, st, o->buf,
				    o->used * sizeof(struct decode_record));
	static const uint8_t zeros[8];
	size_t padding = records_size(count) - count * sizeof last_rec;
	ok = ok && put(fd, &o->at, st, zeros, padding);
	uint32_t *rank = (uint32_t *)(kept + words);
	uint32_t r = 0;
	for (size_t w = 0; w < words; w++) {
		rank[w] = r;
		r += (uint32_t)count_bits(kept[w]);
	}
	ok = ok && put(fd, &o->at, st, starts, words * 20);
	struct cache_header h = {
	    .format = CACHE_FORMAT,
	    .record_size = sizeof(struct decode_record),
	    .zydis = ZYDIS_VERSION,
	    .span_start = start,
	    .span_size = size,
	    .record_count = count,
	    .checksum = XXH3_64bits_digest(st),
	};
	memcpy(h.magic, CACHE_MAGIC, 8);
	memcpy(h.key, key, sizeof h.key);
	off_t at = 0;
	XXH3_64bits_reset(st); /* the header is not in the checksum */
	ok = ok && put(fd, &at, st, &h, sizeof h);
	free(starts);
	free(o);
	XXH3_freeState(st);
	return ok ? 0 : -1;
}

/* --------------------------------------------------------------- files */

void cache_entry_path(const char *dir, const uint64_t key[2],
		      const char *suffix, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%016" PRIx64 "%016" PRIx64 "%s", dir, key[1],
		 key[0], suffix);
}

/* Only its owner can have written an entry: someone else's file could
 * hide instructions or functions from the scan. */
int cache_entry_open(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
	    !(st.st_mode & 022) && st.st_size > 0) {
		*size = (size_t)st.st_size;
		return fd;
	}
	close(fd);
	return -1;
}

uint64_t cache_file_checksum(int fd, size_t size, size_t header)
{
	enum { CHUNK = 1 << 20 };
	uint8_t *buf = malloc(CHUNK);
	XXH3_state_t *st = XXH3_createState();
	uint64_t sum = 0;
	bool ok =
	    buf && st && size >= header && XXH3_64bits_reset(st) == XXH_OK;
	for (size_t at = header; ok && at < size;) {
		size_t n = size - at < CHUNK ? size - at : CHUNK;
		ssize_t got = pread(fd, buf, n, (off_t)at);
		ok = got > 0 &&
		     XXH3_64bits_update(st, buf, (size_t)got) == XXH_OK;
		at += got > 0 ? (size_t)got : 0;
	}
	if (ok)
		sum = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	free(buf);
	return sum;
}

uint64_t cache_entry_checksum(const uint8_t *m, size_t size, size_t header)
{
	/* Letting go of pages flushes them from every CPU the scan runs
	 * on: worth it for a large entry only. */
	const size_t chunk = (size_t)4 << 20, large = (size_t)16 << 20;
	XXH3_state_t *st = XXH3_createState();
	if (!st || XXH3_64bits_reset(st) != XXH_OK || size < header) {
		XXH3_freeState(st);
		return 0;
	}
	for (size_t at = 0; at < size; at += chunk) {
		size_t n = size - at < chunk ? size - at : chunk;
		size_t skip = at ? 0 : header;
		madvise((void *)(m + at), n, MADV_POPULATE_READ);
		XXH3_64bits_update(st, m + at + skip, n - skip);
		if (size >= large)
			madvise((void *)(m + at), n, MADV_DONTNEED);
	}
	uint64_t sum = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	return sum;
}

static int load(const char *dir, const uint64_t key[2], struct code_cache *out)
{
	char path[4096];
	size_t size;
	cache_entry_path(dir, key, ".code", path, sizeof path);
	int fd = cache_entry_open(path, &size);
	if (fd < 0)
		return -1;
	void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	/* 0 (too short, out of memory): parse reads it all itself */
	uint64_t checksum =
	    cache_entry_checksum(m, size, sizeof(struct cache_header));
	if (parse(m, size, checksum, out) ||
	    memcmp(out->key, key, sizeof out->key)) {
		munmap(m, size);
		memset(out, 0, sizeof *out);
		return -1;
	}
	out->mapped = m;
	out->mapped_size = size;
	return 0;
}

/* A new temporary file in dir, its name in tmp; -1 on failure. */
static int create_temporary(const char *dir, char tmp[4096])
{
	snprintf(tmp, 4096, "%s/.tmp.XXXXXX", dir);
	for (char *slash = strchr(tmp + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) { /* mkdir -p, private */
		*slash = 0;
		int rc = mkdir(tmp, 0700);
		*slash = '/';
		if (rc && errno != EEXIST)
			return -1;
	}
	return mkstemp(tmp);
}

/* Closes the temporary file and renames it into place, if `ok`. */
static int commit(int fd, const char *tmp, const char *path, bool ok)
{
	if (close(fd) || !ok || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Written to a temporary file renamed into place: a reader sees a whole
 * entry or none, also when two scans write the same one. */
int cache_entry_save(const char *dir, const char *path, const void *data,
		     size_t size)
{
	char tmp[4096];
	int fd = create_temporary(dir, tmp);
	if (fd < 0)
		return -1;
	const uint8_t *p = data;
	size_t left = size;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
	return commit(fd, tmp, path, !left);
}

/* The span the records cover, [*start, *end): from the first extent to
 * the end of the last. False when it is not all in the bytes given. */
static bool span_of(const struct code_source *src, uint64_t *start,
		    uint64_t *end)
{
	if (!src->n || src->extents[0].vaddr < src->base)
		return false;
	*start = src->extents[0].vaddr;
	*end = src->extents[src->n - 1].vaddr + src->extents[src->n - 1].size;
	/* the records' indexes are 32-bit */
	return *end - src->base <= src->length && *end - *start < UINT32_MAX;
}

int code_cache_load(const char *dir, const struct code_source *src,
		    struct code_cache *out)
{
	uint64_t start, end, key[2];
	memset(out, 0, sizeof *out);
	if (!dir || !span_of(src, &start, &end) ||
	    key_of(src, start, end - start, key))
		return -1;
	return load(dir, key, out);
}

int code_cache_write(const char *dir, const struct code_source *src,
		     size_t *decoded)
{
	uint64_t start, end, key[2];
	char path[4096], tmp[4096];
	if (!span_of(src, &start, &end) || key_of(src, start, end - start, key))
		return -1;
	cache_entry_path(dir, key, ".code", path, sizeof path);
	int fd = create_temporary(dir, tmp);
	if (fd < 0)
		return -1;
	return commit(fd, tmp, path,
		      !build(src, start, end - start, key, fd, decoded));
}

const char *code_cache_dir(char *buf, size_t size)
{
	const char *dir = getenv("MIGCHECK_CACHE_DIR");
	if (dir)
		return *dir ? dir : NULL; /* set and empty: no cache */
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(buf, size, "%s/migcheck", xdg);
	else if (home && *home == '/')
		snprintf(buf, size, "%s/.cache/migcheck", home);
	else
		return NULL;
	return buf;
}
