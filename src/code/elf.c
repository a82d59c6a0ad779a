/* ELF objects with libelf: executable sections (so that a sweep stays in
 * real code), function starts from symbols and .eh_frame_hdr (so that a
 * value in memory can be recognised as a code pointer), and what the
 * dynamic linker uses: PLT and GOT sections, jump-slot relocations,
 * exported functions and ifunc resolvers; and the landing pads the
 * unwinder enters, from each FDE's LSDA.
 *
 * What read_elf gives is kept in the ELF cache (code/elf_cache.c): a
 * change to it needs a new ELF_CACHE_FORMAT (code/cache.h). */
#include <fcntl.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

#include "code/code.h"
#include "util/bits.h"
#include "util/memory.h"

/* qsort, which may not be given NULL even for no elements. */
static void sort(void *v, size_t n, size_t size,
		 int (*compare)(const void *, const void *))
{
	if (n)
		qsort(v, n, size, compare);
}

/* Sorts n elements of `size` bytes by the uint64_t at byte `key` of each,
 * keeping equal keys in their order: a radix sort, a byte at a time,
 * that skips the bytes all keys share (addresses differ in their low
 * bytes). glibc's qsort, a merge sort that calls `compare` at each
 * step, was half the time of opening libcrypto (16 k starts and
 * extents); this gives the same order as it. Out of memory, qsort with
 * `compare`. */
static void sort_by_key(void *v, size_t n, size_t size, size_t key,
			int (*compare)(const void *, const void *))
{
	uint8_t *src = v, *dst = n > 1 ? malloc(n * size) : NULL, *tmp = dst;
	if (!dst) {
		sort(v, n, size, compare);
		return;
	}
	memory_populate(dst, n * size);
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t at[256] = {0}, sum = 0;
		uint64_t k;
		for (size_t i = 0; i < n; i++) {
			memcpy(&k, src + i * size + key, sizeof k);
			at[k >> shift & 0xff]++;
		}
		memcpy(&k, src + key, sizeof k);
		if (at[k >> shift & 0xff] == n)
			continue; /* every key has this byte */
		for (size_t d = 0; d < 256; d++) {
			size_t c = at[d];
			at[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			memcpy(&k, src + i * size + key, sizeof k);
			memcpy(dst + at[k >> shift & 0xff]++ * size,
			       src + i * size, size);
		}
		uint8_t *swap = src;
		src = dst;
		dst = swap;
	}
	if (src != v)
		memcpy(v, src, n * size);
	free(tmp);
}

/* An array of `count` elements, doubled; NULL when out of memory (it is
 * left as it was). A large one moves to memory populated first: realloc
 * would copy it into pages that fault in one at a time (util/memory.h). */
static void *grow(void *array, size_t count, size_t size)
{
	size_t bytes = (count ? 2 * count : 1) * size;
	if (bytes < MEMORY_POPULATE_MIN)
		return realloc(array, bytes);
	void *p = malloc(bytes);
	if (p) {
		memory_populate(p, bytes);
		memcpy(p, array, count * size);
		free(array);
	}
	return p;
}

/* Appends a value to one of c's growable arrays, doubling it when the
 * count reaches a power of two: the capacity is implicit, so counts only
 * shrink once every append is done. Out of memory, c is marked incomplete
 * and read_elf refuses it: a lost function start or slot would be a lost
 * root or edge, never "not needed". */
#define APPEND(c, array, count, value)                                         \
	do {                                                                   \
		size_t n_ = (count);                                           \
		__typeof__(array) grown_ = (array);                            \
		if (!(n_ & (n_ - 1)))                                          \
			grown_ = grow((array), n_, sizeof *(array));           \
		if (grown_) {                                                  \
			(array) = grown_;                                      \
			(array)[(count)++] = (value);                          \
		} else {                                                       \
			(c)->incomplete = true;                                \
		}                                                              \
	} while (0)

/* Names are copied into blocks freed together: an object has tens of
 * thousands (libcrypto), and a malloc and a free each were a tenth of a
 * scan's setting up and tearing down. */
struct elf_names {
	struct elf_names *next;
	size_t used, size;
	char text[];
};

#define NAMES_BLOCK (64 * 1024)

static char *copy_name(struct elf_code *c, const char *name)
{
	size_t len = strlen(name) + 1;
	struct elf_names *b = c->names;
	if (!b || b->size - b->used < len) {
		size_t size = len > NAMES_BLOCK ? len : NAMES_BLOCK;
		if (!(b = malloc(sizeof *b + size))) {
			c->incomplete = true;
			return NULL;
		}
		*b = (struct elf_names){c->names, 0, size};
		c->names = b;
	}
	char *copy = memcpy(b->text + b->used, name, len);
	b->used += len;
	return copy;
}

static int compare_symbols(const void *a, const void *b)
{
	const struct elf_symbol *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int compare_slots(const void *a, const void *b)
{
	return compare_u64(&((const struct elf_slot *)a)->vaddr,
			   &((const struct elf_slot *)b)->vaddr);
}

static uint32_t export_hash(const char *name)
{
	uint32_t h = 5381;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = h * 33 + *p;
	return h;
}

static int compare_exports(const void *a, const void *b)
{
	const struct elf_export *x = a, *y = b;
	return x->hash != y->hash ? (x->hash > y->hash) - (x->hash < y->hash)
				  : strcmp(x->name, y->name);
}

static int compare_landings(const void *a, const void *b)
{
	const struct elf_landing *x = a, *y = b;
	return x->start != y->start ? compare_u64(&x->start, &y->start)
				    : compare_u64(&x->pad, &y->pad);
}

static int compare_cold(const void *a, const void *b)
{
	return compare_u64(&((const struct elf_cold_part *)a)->parent,
			   &((const struct elf_cold_part *)b)->parent);
}

static int compare_symbol_names(const void *a, const void *b)
{
	return strcmp((*(struct elf_symbol *const *)a)->name,
		      (*(struct elf_symbol *const *)b)->name);
}

bool elf_code_offset_of(const struct elf_code *c, uint64_t vaddr,
			uint64_t *offset)
{
	for (size_t i = 0; i < c->range_count; i++) {
		const struct elf_range *r = &c->ranges[i];
		if (vaddr >= r->vaddr && vaddr < r->vaddr + r->size) {
			*offset = vaddr - r->vaddr + r->offset;
			return true;
		}
	}
	return false;
}

static void add_start(struct elf_code *c, uint64_t vaddr)
{
	APPEND(c, c->starts, c->start_count, vaddr);
}

static void read_symbols(Elf *elf, struct elf_code *c, Elf64_Word type)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != type ||
		    !sh.sh_entsize)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		size_t n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym sym;
			uint64_t off;
			if (!gelf_getsym(data, (int)i, &sym) ||
			    (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
			     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC) ||
			    !sym.st_value ||
			    !elf_code_offset_of(c, sym.st_value, &off))
				continue;
			const char *name =
			    elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			add_start(c, sym.st_value);
			if (sym.st_size)
				APPEND(c, c->extents, c->extent_count,
				       ((struct elf_span){sym.st_value,
							  sym.st_size}));
			APPEND(
			    c, c->symbols, c->symbol_count,
			    ((struct elf_symbol){off, sym.st_value, sym.st_size,
						 copy_name(c, name)}));
		}
	}
}

/* Exported functions and ifunc resolvers, from .dynsym. */
static void read_exports(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
			 struct elf_code *c)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!data || !sh->sh_entsize)
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym) ||
		    sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		int t = GELF_ST_TYPE(sym.st_info);
		if (t != STT_FUNC && t != STT_GNU_IFUNC)
			continue;
		if (t == STT_GNU_IFUNC)
			APPEND(c, c->resolvers, c->resolver_count,
			       sym.st_value);
		const char *name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name || GELF_ST_BIND(sym.st_info) == STB_LOCAL)
			continue;
		APPEND(c, c->exports, c->export_count,
		       ((struct elf_export){copy_name(c, name), sym.st_value,
					    export_hash(name),
					    t == STT_GNU_IFUNC}));
	}
}

/* Jump slots (lazy PLT bindings) and IRELATIVE resolvers. */
static void read_relocations(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
			     struct elf_code *c)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	Elf_Scn *symscn = elf_getscn(elf, sh->sh_link);
	GElf_Shdr symsh;
	Elf_Data *syms = symscn ? elf_getdata(symscn, NULL) : NULL;
	if (!data || !sh->sh_entsize || !syms || !gelf_getshdr(symscn, &symsh))
		return;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela rela;
		if (!gelf_getrela(data, (int)i, &rela))
			continue;
		uint64_t type = GELF_R_TYPE(rela.r_info);
		if (type == R_X86_64_IRELATIVE) {
			APPEND(c, c->resolvers, c->resolver_count,
			       (uint64_t)rela.r_addend);
			APPEND(c, c->irelative_slots, c->irelative_count,
			       rela.r_offset);
			continue;
		}
		GElf_Sym sym;
		if (type != R_X86_64_JUMP_SLOT ||
		    !gelf_getsym(syms, (int)GELF_R_SYM(rela.r_info), &sym))
			continue;
		const char *name = elf_strptr(elf, symsh.sh_link, sym.st_name);
		if (!name)
			continue;
		APPEND(c, c->slots, c->slot_count,
		       ((struct elf_slot){rela.r_offset, copy_name(c, name)}));
	}
}

/* Function starts from .eh_frame_hdr's binary-search table: every FDE,
 * including functions that have no symbol in a stripped object. Only the
 * encoding every x86-64 toolchain emits (datarel sdata4) is read. */
static void read_eh_frame_hdr(Elf_Scn *scn, const GElf_Shdr *sh,
			      struct elf_code *c)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || d->d_size < 12)
		return;
	const uint8_t *p = d->d_buf;
	if (p[0] != 1 || p[2] != 0x03 || p[3] != 0x3b)
		return;
	size_t at = 4;
	switch (p[1] & 0x0f) { /* skip eh_frame_ptr */
	case 0x03:
	case 0x0b:
		at += 4;
		break;
	case 0x00:
	case 0x04:
	case 0x0c:
		at += 8;
		break;
	default:
		return;
	}
	if (at + 4 > d->d_size)
		return;
	uint32_t count;
	memcpy(&count, p + at, 4);
	at += 4;
	for (uint32_t i = 0; i < count && at + 8 <= d->d_size; i++, at += 8) {
		int32_t rel;
		memcpy(&rel, p + at, 4);
		add_start(c, sh->sh_addr + (uint64_t)(int64_t)rel);
	}
}

/* A DW_EH_PE-encoded value at p (of `size` bytes left), placed at
 * `vaddr`. Only the fixed-size encodings are read: every x86-64
 * toolchain emits pcrel sdata4. Returns its length, or 0. */
static size_t read_encoded(const uint8_t *p, size_t size, uint8_t enc,
			   uint64_t vaddr, uint64_t *out)
{
	size_t len;
	uint64_t v = 0;
	switch (enc & 0x0f) {
	case 0x00: /* absptr */
	case 0x04: /* udata8 */
	case 0x0c: /* sdata8 */
		len = 8;
		break;
	case 0x03: /* udata4 */
	case 0x0b: /* sdata4 */
		len = 4;
		break;
	case 0x02: /* udata2 */
	case 0x0a: /* sdata2 */
		len = 2;
		break;
	default:
		return 0;
	}
	if (len > size)
		return 0;
	if (len == 8)
		memcpy(&v, p, 8);
	else if (len == 4) {
		int32_t s4;
		uint32_t u4;
		memcpy(&s4, p, 4);
		memcpy(&u4, p, 4);
		v = enc & 0x08 ? (uint64_t)(int64_t)s4 : u4;
	} else {
		int16_t s2;
		uint16_t u2;
		memcpy(&s2, p, 2);
		memcpy(&u2, p, 2);
		v = enc & 0x08 ? (uint64_t)(int64_t)s2 : u2;
	}
	if ((enc & 0x70) == 0x10) /* pcrel */
		v += vaddr;
	*out = v;
	return len;
}

/* An unsigned LEB128 at p, of `size` bytes left. Returns its length, or
 * 0 when it does not end there or overflows. */
static size_t read_uleb128(const uint8_t *p, size_t size, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < size && i < 10; i++) {
		v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80)) {
			*out = v;
			return i + 1;
		}
	}
	return 0;
}

/* What an FDE of a CIE holds: its pointer encoding (the 'R'
 * augmentation's byte, absptr without one) and, with an 'L'
 * augmentation, its LSDA pointer's encoding (else -1). */
struct cie_encodings {
	int fde, lsda;
	bool augmented; /* 'z': FDEs hold augmentation data */
};

/* -1 when the CIE's augmentation cannot be read. */
static int cie_encodings(const Dwarf_CIE *cie, struct cie_encodings *out)
{
	const char *a = cie->augmentation;
	const uint8_t *d = cie->augmentation_data;
	size_t at = 0, n = cie->augmentation_data_size;
	*out = (struct cie_encodings){0x00, -1, false};
	if (!a)
		return -1;
	if (*a != 'z')
		return *a ? -1 : 0;
	out->augmented = true;
	for (a++; *a; a++) {
		if (*a == 'R' || *a == 'L') {
			if (at >= n)
				return -1;
			*(*a == 'R' ? &out->fde : &out->lsda) = d[at++];
		} else if (*a == 'P') {
			uint64_t ignored;
			size_t len = at < n
					 ? read_encoded(d + at + 1, n - at - 1,
							d[at], 0, &ignored)
					 : 0;
			if (!len)
				return -1;
			at += 1 + len;
		} else if (*a != 'S')
			return -1;
	}
	return 0;
}

/* A value of an LSDA (call-site tables use uleb128 too), placed at
 * `vaddr`. Returns its length, or 0. */
static size_t read_lsda_value(const uint8_t *p, size_t size, uint8_t enc,
			      uint64_t vaddr, uint64_t *out)
{
	if (enc == 0x01)
		return read_uleb128(p, size, out);
	if ((enc & 0x70) > 0x10 || enc & 0x80)
		return 0; /* textrel, datarel, funcrel, indirect: not used */
	return read_encoded(p, size, enc, vaddr, out);
}

/* An allocated section's bytes: LSDAs are all in one, mostly. */
struct section_bytes {
	uint64_t vaddr, size;
	const uint8_t *bytes;
};

/* The bytes at link-time address `vaddr` of an allocated section, and
 * how many there are up to its end; NULL when none holds it. `last` is
 * the section found the time before. */
static const uint8_t *section_bytes(Elf *elf, uint64_t vaddr, size_t *left,
				    struct section_bytes *last)
{
	Elf_Scn *scn = NULL;
	while (!last->bytes || vaddr - last->vaddr >= last->size) {
		GElf_Shdr sh;
		Elf_Data *d;
		if (!(scn = elf_nextscn(elf, scn)))
			return NULL;
		if (gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_ALLOC) &&
		    sh.sh_type == SHT_PROGBITS &&
		    vaddr - sh.sh_addr < sh.sh_size &&
		    (d = elf_getdata(scn, NULL)) && d->d_buf &&
		    d->d_size == sh.sh_size)
			*last = (struct section_bytes){sh.sh_addr, sh.sh_size,
						       d->d_buf};
	}
	*left = last->size - (vaddr - last->vaddr);
	return last->bytes + (vaddr - last->vaddr);
}

/* The landing pads of the function [start, start + size), from its LSDA
 * at `lsda` in GCC's format (the one __gxx_personality_v0 and
 * __gcc_personality_v0 read): a header, then a call-site table whose
 * entries name a landing pad relative to LPStart, which is the
 * function's start unless the header gives it. False when it cannot be
 * read. */
static bool read_lsda(Elf *elf, struct elf_code *c, uint64_t start,
		      uint64_t size, uint64_t lsda, struct section_bytes *last)
{
	size_t n, at = 0, len;
	const uint8_t *p = section_bytes(elf, lsda, &n, last);
	uint64_t lpstart = start, skip, table_size;
	if (!p || at >= n)
		return false;
	uint8_t enc = p[at++];
	if (enc != 0xff) {
		if (!(len = read_lsda_value(p + at, n - at, enc, lsda + at,
					    &lpstart)))
			return false;
		at += len;
	}
	if (at >= n)
		return false;
	if (p[at++] != 0xff) { /* the type table's offset */
		if (!(len = read_uleb128(p + at, n - at, &skip)))
			return false;
		at += len;
	}
	if (at >= n)
		return false;
	uint8_t cs = p[at++];
	if (!(len = read_uleb128(p + at, n - at, &table_size)))
		return false;
	at += len;
	if (table_size > n - at)
		return false;
	size_t end = at + table_size;
	while (at < end) {
		uint64_t v[4]; /* start, length, landing pad, action */
		for (int k = 0; k < 4; k++) {
			len = k < 3 ? read_lsda_value(p + at, end - at, cs, 0,
						      &v[k])
				    : read_uleb128(p + at, end - at, &v[k]);
			if (!len)
				return false;
			at += len;
		}
		if (v[2])
			APPEND(c, c->landings, c->landing_count,
			       ((struct elf_landing){start, size,
						     lpstart + v[2]}));
	}
	return true;
}

/* The FDE's LSDA pointer, after its range (`at` bytes into it): 0 when
 * it has none. False when it cannot be read. */
static bool read_lsda_pointer(const uint8_t *p, size_t left, size_t at,
			      const struct cie_encodings *ce, uint64_t where,
			      uint64_t *lsda)
{
	uint64_t aug_size;
	size_t len;
	*lsda = 0;
	if (!ce->augmented)
		return true;
	if (!(len = read_uleb128(p + at, left - at, &aug_size)) ||
	    aug_size > left - at - len)
		return false;
	at += len;
	if (ce->lsda < 0 || ce->lsda == 0xff)
		return true;
	return read_lsda_value(p + at, (size_t)aug_size, (uint8_t)ce->lsda,
			       where + at, lsda) != 0;
}

/* Function extents from .eh_frame: each FDE's [initial_location,
 * +address_range). Unlike .eh_frame_hdr, which gives starts only, these
 * end where the function ends, before any data that follows it. And the
 * landing pads of each FDE that has an LSDA. An entry that cannot be
 * read makes every landing pad unknown: one missed would be a missed
 * path. */
static void read_eh_frame(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
			  struct elf_code *c)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	const unsigned char *ident =
	    (const unsigned char *)elf_getident(elf, NULL);
	if (!d || !ident || sh->sh_type != SHT_PROGBITS) {
		c->landings_unknown = true;
		return;
	}
	Dwarf_Off cie_at = (Dwarf_Off)-1;
	struct cie_encodings ce;
	struct section_bytes lsda_in = {0, 0, NULL};
	int ok = -1;
	for (Dwarf_Off off = 0, next; off < d->d_size; off = next) {
		Dwarf_CFI_Entry e;
		int rc = dwarf_next_cfi(ident, d, true, off, &next, &e);
		if (rc > 0)
			break;
		if (rc < 0)
			c->landings_unknown = true;
		if (rc < 0 && next <= off)
			break;
		if (rc < 0 || e.CIE_id == LIBDW_CIE_ID)
			continue;
		if (e.fde.CIE_pointer != cie_at) {
			Dwarf_CFI_Entry cie;
			Dwarf_Off ignored;
			cie_at = e.fde.CIE_pointer;
			ok = dwarf_next_cfi(ident, d, true, cie_at, &ignored,
					    &cie) == 0 &&
				     cie.CIE_id == LIBDW_CIE_ID
				 ? cie_encodings(&cie.cie, &ce)
				 : -1;
		}
		const uint8_t *p = e.fde.start;
		size_t left = (size_t)(e.fde.end - p);
		uint64_t where =
		    sh->sh_addr + (uint64_t)(p - (const uint8_t *)d->d_buf);
		uint64_t start, size, lsda;
		size_t len, len2;
		if (ok < 0 || (ce.fde & 0x70) > 0x10 ||
		    !(len = read_encoded(p, left, (uint8_t)ce.fde, where,
					 &start)) ||
		    !(len2 =
			  read_encoded(p + len, left - len,
				       (uint8_t)(ce.fde & 0x0f), 0, &size))) {
			c->landings_unknown = true;
			continue;
		}
		if (!size)
			continue;
		APPEND(c, c->extents, c->extent_count,
		       ((struct elf_span){start, size}));
		bool read =
		    read_lsda_pointer(p, left, len + len2, &ce, where, &lsda);
		if (!read || lsda)
			c->has_lsda = true;
		if (!read ||
		    (lsda && !read_lsda(elf, c, start, size, lsda, &lsda_in)))
			c->landings_unknown = true;
	}
}

/* Go's function table, in .gopclntab, which stripped Go executables keep
 * too (the runtime needs it): Go emits no FDEs, so without it a stripped
 * Go program has no function starts or extents at all. Layout of Go 1.16
 * and later (src/runtime/symtab.go: pcHeader and functab, magic
 * 0xfffffffa for 1.16-1.17, 0xfffffff0 for 1.18-1.19, 0xfffffff1 since
 * 1.20): nfunc + 1 entries, the last one the end of the text. */
static void read_go_functions(Elf_Scn *scn, uint64_t text, struct elf_code *c)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf || d->d_size < 72)
		return;
	const uint8_t *p = d->d_buf;
	uint32_t magic;
	uint64_t nfunc, text_start, functab;
	memcpy(&magic, p, 4);
	bool go118 = magic == 0xfffffff0 || magic == 0xfffffff1;
	if ((!go118 && magic != 0xfffffffa) || p[6] != 1 || p[7] != 8)
		return; /* another version, or not amd64 */
	memcpy(&nfunc, p + 8, 8);
	memcpy(&text_start, p + 24, 8);
	memcpy(&functab, p + (go118 ? 64 : 56), 8);
	size_t entry_size = go118 ? 8 : 16;
	if (go118 && !text_start) /* relocated at run time (PIE) */
		text_start = text;
	if (functab > d->d_size || nfunc >= (d->d_size - functab) / entry_size)
		return;
	uint64_t previous = 0;
	for (uint64_t i = 0; i <= nfunc; i++) {
		uint64_t entry;
		const uint8_t *e = p + functab + i * entry_size;
		if (go118) {
			uint32_t off;
			memcpy(&off, e, 4);
			entry = text_start + off;
		} else {
			memcpy(&entry, e, 8);
		}
		if (i < nfunc)
			APPEND(c, c->starts, c->start_count, entry);
		if (i && entry > previous)
			APPEND(c, c->extents, c->extent_count,
			       ((struct elf_span){previous, entry - previous}));
		previous = entry;
	}
}

static void read_sections(Elf *elf, struct elf_code *c)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx))
		return;
	static const char *const plt_names[] = {".plt", ".plt.sec", ".plt.got"};
	static const char *const got_names[] = {".got", ".got.plt"};
	bool eh_frame = false;
	Elf_Scn *scn = NULL, *gopclntab = NULL;
	uint64_t text = 0;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name)
			continue;
		struct elf_span span = {sh.sh_addr, sh.sh_size};
		for (int i = 0; i < 3; i++)
			if (!strcmp(name, plt_names[i]))
				c->plt[i] = span;
		for (int i = 0; i < 2; i++)
			if (!strcmp(name, got_names[i]))
				c->got[i] = span;
		if (!strcmp(name, ".text"))
			text = sh.sh_addr;
		else if (!strcmp(name, ".gopclntab"))
			gopclntab = scn;
		if (!strcmp(name, ".gcc_except_table"))
			c->has_lsda = true;
		else if (!strcmp(name, ".eh_frame_hdr"))
			read_eh_frame_hdr(scn, &sh, c);
		else if (!strcmp(name, ".eh_frame")) {
			read_eh_frame(elf, scn, &sh, c);
			eh_frame = true;
		} else if (sh.sh_type == SHT_DYNSYM)
			read_exports(elf, scn, &sh, c);
		else if (sh.sh_type == SHT_RELA)
			read_relocations(elf, scn, &sh, c);
	}
	if (!eh_frame) /* no FDE says which functions have landing pads */
		c->landings_unknown = true;
	if (gopclntab)
		read_go_functions(gopclntab, text, c);
}

/* foo.cold and foo.cold.N -> foo, through a name-sorted view. */
static void link_cold_parts(struct elf_code *c)
{
	size_t cold = 0;
	while (cold < c->symbol_count &&
	       !strstr(c->symbols[cold].name, ".cold"))
		cold++;
	if (cold == c->symbol_count)
		return; /* none: no sort by name */
	struct elf_symbol **byname = malloc(c->symbol_count * sizeof *byname);
	if (!byname) {
		c->incomplete = c->symbol_count > 0;
		return;
	}
	for (size_t i = 0; i < c->symbol_count; i++)
		byname[i] = &c->symbols[i];
	sort(byname, c->symbol_count, sizeof *byname, compare_symbol_names);
	for (size_t i = 0; i < c->symbol_count; i++) {
		const char *dot = strstr(c->symbols[i].name, ".cold");
		if (!dot)
			continue;
		char parent[256];
		size_t len = (size_t)(dot - c->symbols[i].name);
		if (len >= sizeof parent)
			continue;
		memcpy(parent, c->symbols[i].name, len);
		parent[len] = 0;
		struct elf_symbol key = {.name = parent}, *pkey = &key;
		struct elf_symbol **hit =
		    bsearch(&pkey, byname, c->symbol_count, sizeof *byname,
			    compare_symbol_names);
		if (hit)
			APPEND(c, c->cold, c->cold_count,
			       ((struct elf_cold_part){(*hit)->vaddr,
						       c->symbols[i].vaddr}));
	}
	free(byname);
	sort_by_key(c->cold, c->cold_count, sizeof *c->cold,
		    offsetof(struct elf_cold_part, parent), compare_cold);
}

static void sort_unique(uint64_t *v, size_t *n)
{
	if (!*n)
		return;
	sort_by_key(v, *n, sizeof *v, 0, compare_u64);
	size_t k = 1;
	for (size_t i = 1; i < *n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	*n = k;
}

static int compare_spans(const void *a, const void *b)
{
	return compare_u64(&((const struct elf_span *)a)->vaddr,
			   &((const struct elf_span *)b)->vaddr);
}

/* Sorted, overlaps merged: a merged extent starts at the lowest start,
 * a real function start. */
static void merge_extents(struct elf_code *c)
{
	sort_by_key(c->extents, c->extent_count, sizeof *c->extents,
		    offsetof(struct elf_span, vaddr), compare_spans);
	size_t k = 0;
	for (size_t i = 0; i < c->extent_count; i++) {
		struct elf_span e = c->extents[i];
		if (k && e.vaddr <
			     c->extents[k - 1].vaddr + c->extents[k - 1].size) {
			struct elf_span *last = &c->extents[k - 1];
			if (e.vaddr + e.size > last->vaddr + last->size)
				last->size = e.vaddr + e.size - last->vaddr;
		} else {
			c->extents[k++] = e;
		}
	}
	c->extent_count = k;
}

static int read_elf(Elf *elf, struct elf_code *out)
{
	memset(out, 0, sizeof *out);
	GElf_Ehdr eh;
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return -1;
	out->shared = eh.e_type == ET_DYN;
	out->entry = eh.e_entry;
	size_t phnum = 0;
	elf_getphdrnum(elf, &phnum);
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD &&
		    ph.p_offset == 0)
			out->first_load_vaddr = ph.p_vaddr & ~UINT64_C(0xfff);
	}
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
		    sh.sh_type != SHT_PROGBITS || !sh.sh_size)
			continue;
		APPEND(
		    out, out->ranges, out->range_count,
		    ((struct elf_range){sh.sh_offset, sh.sh_size, sh.sh_addr}));
	}
	/* The full symbol table when present, else the dynamic one. */
	read_symbols(elf, out, SHT_SYMTAB);
	if (!out->symbol_count)
		read_symbols(elf, out, SHT_DYNSYM);
	read_sections(elf, out);
	if (out->incomplete)
		return -1;
	sort_by_key(out->symbols, out->symbol_count, sizeof *out->symbols,
		    offsetof(struct elf_symbol, offset), compare_symbols);
	link_cold_parts(out);
	if (out->incomplete)
		return -1;
	sort_unique(out->starts, &out->start_count);
	elf_code_index_starts(out);
	merge_extents(out);
	sort_unique(out->resolvers, &out->resolver_count);
	sort_unique(out->irelative_slots, &out->irelative_count);
	sort_by_key(out->slots, out->slot_count, sizeof *out->slots,
		    offsetof(struct elf_slot, vaddr), compare_slots);
	/* many call sites share a landing pad */
	sort_by_key(out->landings, out->landing_count, sizeof *out->landings,
		    offsetof(struct elf_landing, pad), compare_landings);
	sort_by_key(out->landings, out->landing_count, sizeof *out->landings,
		    offsetof(struct elf_landing, start), compare_landings);
	size_t k = 0;
	for (size_t i = 0; i < out->landing_count; i++)
		if (!k ||
		    compare_landings(&out->landings[i], &out->landings[k - 1]))
			out->landings[k++] = out->landings[i];
	out->landing_count = k;
	sort(out->exports, out->export_count, sizeof *out->exports,
	     compare_exports);
	return 0;
}

/* Once: objects may be opened on several threads at a time. */
static void set_libelf_version(void)
{
	elf_version(EV_CURRENT);
}

static void start_libelf(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, set_libelf_version);
}

int elf_code_open_fd(int fd, struct elf_code *out)
{
	start_libelf();
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	int rc = read_elf(elf, out);
	elf_end(elf);
	if (rc)
		elf_code_free(out);
	return rc;
}

int elf_code_open_file(const char *path, struct elf_code *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = elf_code_open_fd(fd, out);
	close(fd);
	return rc;
}

int elf_code_open_memory(const void *image, size_t size, struct elf_code *out)
{
	start_libelf();
	Elf *elf = elf_memory((char *)image, size);
	int rc = read_elf(elf, out);
	elf_end(elf);
	if (rc)
		elf_code_free(out);
	return rc;
}

void elf_code_index_starts(struct elf_code *c)
{
	free(c->start_granules);
	free(c->start_rank);
	c->start_granules = NULL;
	c->start_rank = NULL;
	c->granule_count = 0;
	if (!c->start_count || c->start_count >= UINT32_MAX)
		return;
	/* sorted, or no index: an entry from the cache is checked, not
	 * trusted */
	for (size_t i = 1; i < c->start_count; i++)
		if (c->starts[i] < c->starts[i - 1])
			return;
	uint64_t span = c->starts[c->start_count - 1] - c->starts[0];
	if (span >= (UINT64_C(1) << 36)) /* 64 MiB of bits: not worth it */
		return;
	size_t count = (size_t)(span / 16) + 1, words = count / 64 + 1;
	c->start_granules = calloc(words, sizeof *c->start_granules);
	c->start_rank = malloc(words * sizeof *c->start_rank);
	if (!c->start_granules || !c->start_rank) {
		free(c->start_granules);
		free(c->start_rank);
		c->start_granules = NULL;
		c->start_rank = NULL;
		return;
	}
	for (size_t i = 0; i < c->start_count; i++) {
		size_t g = (size_t)((c->starts[i] - c->starts[0]) / 16);
		c->start_granules[g / 64] |= UINT64_C(1) << (g % 64);
	}
	uint32_t before = 0;
	for (size_t w = 0; w < words; w++) {
		c->start_rank[w] = before;
		before += (uint32_t)count_bits(c->start_granules[w]);
	}
	c->granule_count = count;
}

void elf_code_free(struct elf_code *c)
{
	free(c->start_granules);
	free(c->start_rank);
	if (c->block) {
		if (c->block_mapped)
			munmap(c->block, c->block_mapped);
		else
			free(c->block);
		memset(c, 0, sizeof *c);
		return;
	}
	while (c->names) {
		struct elf_names *next = c->names->next;
		free(c->names);
		c->names = next;
	}
	free(c->symbols);
	free(c->ranges);
	free(c->starts);
	free(c->extents);
	free(c->slots);
	free(c->exports);
	free(c->resolvers);
	free(c->irelative_slots);
	free(c->cold);
	free(c->landings);
	memset(c, 0, sizeof *c);
}

/* i = the index of the first element of sorted array[n] whose member
 * (.field, or nothing for an array of numbers) is greater than key. */
#define UPPER_BOUND(i, array, n, member, key)                                  \
	do {                                                                   \
		size_t lo_ = 0, hi_ = (n);                                     \
		while (lo_ < hi_) {                                            \
			size_t mid_ = (lo_ + hi_) / 2;                         \
			if ((array)[mid_] member <= (key))                     \
				lo_ = mid_ + 1;                                \
			else                                                   \
				hi_ = mid_;                                    \
		}                                                              \
		(i) = lo_;                                                     \
	} while (0)

const struct elf_symbol *elf_code_symbol(const struct elf_code *c,
					 uint64_t offset)
{
	size_t lo; /* lo - 1: the last symbol starting at or before offset */
	UPPER_BOUND(lo, c->symbols, c->symbol_count, .offset, offset);
	if (lo == 0)
		return NULL;
	const struct elf_symbol *s = &c->symbols[lo - 1];
	return offset < s->offset + (s->size ? s->size : 1) ? s : NULL;
}

static size_t upper_bound(const uint64_t *v, size_t n, uint64_t key)
{
	size_t i;
	UPPER_BOUND(i, v, n, , key);
	return i;
}

/* The number of starts at or before vaddr. */
static size_t starts_upto(const struct elf_code *c, uint64_t vaddr)
{
	if (!c->start_granules)
		return upper_bound(c->starts, c->start_count, vaddr);
	if (vaddr < c->starts[0])
		return 0;
	uint64_t g = (vaddr - c->starts[0]) / 16;
	if (g >= c->granule_count)
		return c->start_count;
	/* the starts in granules before g, then those in g up to vaddr */
	uint64_t below =
	    c->start_granules[g / 64] & ((UINT64_C(1) << (g % 64)) - 1);
	size_t i = c->start_rank[g / 64] + count_bits(below);
	while (i < c->start_count && c->starts[i] <= vaddr)
		i++;
	return i;
}

bool elf_code_function(const struct elf_code *c, uint64_t vaddr,
		       uint64_t *start, uint64_t *end)
{
	size_t i = starts_upto(c, vaddr);
	if (i == 0)
		return false;
	*start = c->starts[i - 1];
	*end = i < c->start_count ? c->starts[i] : UINT64_MAX;
	return true;
}

bool elf_code_is_function_start(const struct elf_code *c, uint64_t vaddr)
{
	if (c->start_granules) { /* most addresses: no start near */
		uint64_t g = (vaddr - c->starts[0]) / 16;
		if (vaddr < c->starts[0] || g >= c->granule_count ||
		    !(c->start_granules[g / 64] >> (g % 64) & 1))
			return false;
	}
	size_t i = starts_upto(c, vaddr);
	return i > 0 && c->starts[i - 1] == vaddr;
}

bool elf_code_is_resolver(const struct elf_code *c, uint64_t vaddr)
{
	size_t i = upper_bound(c->resolvers, c->resolver_count, vaddr);
	return i > 0 && c->resolvers[i - 1] == vaddr;
}

bool elf_code_extent(const struct elf_code *c, uint64_t vaddr, uint64_t *end)
{
	size_t lo = 0, hi = c->extent_count;
	while (lo < hi) { /* the first extent ending after vaddr */
		size_t mid = (lo + hi) / 2;
		if (c->extents[mid].vaddr + c->extents[mid].size <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->extent_count || c->extents[lo].vaddr > vaddr)
		return false;
	*end = c->extents[lo].vaddr + c->extents[lo].size;
	return true;
}

bool elf_code_in_extent(const struct elf_code *c, uint64_t vaddr)
{
	uint64_t end;
	return elf_code_extent(c, vaddr, &end);
}

size_t elf_code_landings(const struct elf_code *c, uint64_t vaddr,
			 size_t *first)
{
	size_t lo; /* lo - 1: the last FDE starting at or before vaddr */
	UPPER_BOUND(lo, c->landings, c->landing_count, .start, vaddr);
	if (!lo ||
	    vaddr - c->landings[lo - 1].start >= c->landings[lo - 1].size)
		return 0;
	uint64_t start = c->landings[lo - 1].start;
	size_t k = lo - 1;
	while (k > 0 && c->landings[k - 1].start == start)
		k--;
	*first = k;
	return lo - k;
}

bool elf_code_in_span(const struct elf_span *spans, size_t n, uint64_t vaddr)
{
	for (size_t i = 0; i < n; i++)
		if (vaddr - spans[i].vaddr < spans[i].size)
			return true;
	return false;
}

const struct elf_slot *elf_code_slot(const struct elf_code *c, uint64_t vaddr)
{
	struct elf_slot key = {.vaddr = vaddr};
	if (!c->slot_count)
		return NULL;
	return bsearch(&key, c->slots, c->slot_count, sizeof key,
		       compare_slots);
}

size_t elf_code_exports(const struct elf_code *c, const char *name,
			size_t *first)
{
	struct elf_export key = {.name = (char *)name,
				 .hash = export_hash(name)};
	size_t lo = 0, hi = c->export_count;
	while (lo < hi) { /* the first export not less than key */
		size_t mid = (lo + hi) / 2;
		if (compare_exports(&c->exports[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < c->export_count &&
	       !compare_exports(&c->exports[lo + n], &key))
		n++;
	*first = lo;
	return n;
}
