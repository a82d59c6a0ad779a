/* Looking up a few named symbols (and sections) of an ELF file, of any
 * type (data too),
 * without reading its whole symbol table: a runtime's CPU-feature state
 * lives in named variables (HotSpot's gHotSpotVMStructs, V8's
 * CpuFeatures::supported_), and a scan asks every object of a process
 * whether it defines them.
 *
 * The GNU hash table (.gnu.hash, "DT_GNU_HASH" in the glibc and binutils
 * sources; layout in the LSB-style note by Ulrich Drepper, "How To Write
 * Shared Libraries", 1.5.3) answers "not defined here" from its Bloom
 * filter for most objects, without touching .dynsym. An object with no
 * .gnu.hash is searched linearly. */
#include <gelf.h>
#include <string.h>

#include "code/code.h"

struct dynamic_table {
	Elf_Data *symbols, *hash;
	Elf_Data *versions;    /* .gnu.version, or NULL */
	Elf_Data *definitions; /* .gnu.version_d, or NULL */
	size_t strings;	       /* section index of the string table */
	size_t definition_strings;
	size_t count; /* symbols */
};

static uint32_t gnu_hash(const char *name)
{
	uint32_t h = 5381;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = h * 33 + *c;
	return h;
}

static bool symbol_named(Elf *elf, const struct dynamic_table *t, size_t i,
			 const char *name, uint64_t *vaddr)
{
	GElf_Sym sym;
	if (!gelf_getsym(t->symbols, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
		return false;
	/* memcpy@GLIBC_2.2.5 beside memcpy@@GLIBC_2.14: a name without a
	 * version binds to the default one; the others are hidden */
	GElf_Versym v;
	if (t->versions && gelf_getversym(t->versions, (int)i, &v) &&
	    (v & 0x8000))
		return false;
	const char *s = elf_strptr(elf, t->strings, sym.st_name);
	if (!s || strcmp(s, name))
		return false;
	*vaddr = sym.st_value;
	return true;
}

static bool hash_lookup(Elf *elf, const struct dynamic_table *t,
			const char *name, uint64_t *vaddr)
{
	const uint32_t *w = t->hash->d_buf;
	size_t words = t->hash->d_size / 4;
	if (words < 4)
		return false;
	uint32_t buckets = w[0], first = w[1], bloom = w[2], shift = w[3];
	/* bloom words are 64 bits in ELFCLASS64 */
	if (!buckets || !bloom || 4 + 2 * (size_t)bloom + buckets > words)
		return false;
	uint32_t h = gnu_hash(name);
	uint64_t word, mask = (UINT64_C(1) << (h % 64)) |
			      (UINT64_C(1) << ((h >> (shift & 31)) % 64));
	memcpy(&word, w + 4 + 2 * ((h / 64) % bloom), sizeof word);
	if ((word & mask) != mask)
		return false;
	const uint32_t *bucket = w + 4 + 2 * (size_t)bloom;
	const uint32_t *chain = bucket + buckets;
	size_t chain_len = words - (size_t)(chain - w);
	for (size_t i = bucket[h % buckets];
	     i >= first && i < t->count && i - first < chain_len; i++) {
		uint32_t h2 = chain[i - first];
		if ((h | 1) == (h2 | 1) && symbol_named(elf, t, i, name, vaddr))
			return true;
		if (h2 & 1)
			break;
	}
	return false;
}

static bool linear_lookup(Elf *elf, const struct dynamic_table *t,
			  const char *name, uint64_t *vaddr)
{
	for (size_t i = 1; i < t->count; i++)
		if (symbol_named(elf, t, i, name, vaddr))
			return true;
	return false;
}

static void find_tables(Elf *elf, struct dynamic_table *t)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_DYNSYM && sh.sh_entsize) {
			t->symbols = elf_getdata(scn, NULL);
			t->strings = sh.sh_link;
			t->count =
			    t->symbols ? t->symbols->d_size / sh.sh_entsize : 0;
		} else if (sh.sh_type == SHT_GNU_HASH) {
			t->hash = elf_getdata(scn, NULL);
		} else if (sh.sh_type == SHT_GNU_versym) {
			t->versions = elf_getdata(scn, NULL);
		} else if (sh.sh_type == SHT_GNU_verdef) {
			t->definitions = elf_getdata(scn, NULL);
			t->definition_strings = sh.sh_link;
		}
	}
}

/* The link-time address of file offset `offset`, from the PT_LOAD that
 * maps it. */
static bool load_vaddr_of(Elf *elf, uint64_t offset, uint64_t *vaddr)
{
	size_t n;
	if (elf_getphdrnum(elf, &n))
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		/* mappings start on pages: compare on the page */
		uint64_t page = ph.p_offset & ~(uint64_t)4095;
		if (offset >= page && offset < ph.p_offset + ph.p_filesz) {
			*vaddr = (ph.p_vaddr & ~(uint64_t)4095) + offset - page;
			return true;
		}
	}
	return false;
}

bool elf_has_section(int fd, const char *name)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return false;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t strings;
	bool found = false;
	if (elf && elf_kind(elf) == ELF_K_ELF &&
	    !elf_getshdrstrndx(elf, &strings)) {
		Elf_Scn *scn = NULL;
		while (!found && (scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			const char *n =
			    gelf_getshdr(scn, &sh)
				? elf_strptr(elf, strings, sh.sh_name)
				: NULL;
			found = n && !strcmp(n, name);
		}
	}
	elf_end(elf);
	return found;
}

int elf_dynamic_lookup(int fd, uint64_t offset, uint64_t *load_vaddr,
		       const char *const *names, size_t n, uint64_t *vaddr)
{
	memset(vaddr, 0, n * sizeof *vaddr);
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	int rc = -1;
	if (elf && elf_kind(elf) == ELF_K_ELF &&
	    gelf_getclass(elf) == ELFCLASS64 &&
	    load_vaddr_of(elf, offset, load_vaddr)) {
		struct dynamic_table t = {0};
		find_tables(elf, &t);
		for (size_t i = 0; t.symbols && i < n; i++)
			if (!(t.hash ? hash_lookup(elf, &t, names[i], &vaddr[i])
				     : linear_lookup(elf, &t, names[i],
						     &vaddr[i])))
				vaddr[i] = 0;
		rc = 0;
	}
	elf_end(elf);
	return rc;
}

/* The name of version definition `index` in .gnu.version_d, or NULL. */
static const char *version_name(Elf *elf, const struct dynamic_table *t,
				unsigned index)
{
	size_t at = 0;
	GElf_Verdef def;
	for (int guard = 0;
	     guard < 4096 && gelf_getverdef(t->definitions, (int)at, &def);
	     guard++) {
		GElf_Verdaux aux;
		if (def.vd_ndx == index &&
		    gelf_getverdaux(t->definitions, (int)(at + def.vd_aux),
				    &aux))
			return elf_strptr(elf, t->definition_strings,
					  aux.vda_name);
		if (!def.vd_next)
			break;
		at += def.vd_next;
	}
	return NULL;
}

size_t elf_symbol_versions(int fd, const char *name, char (*versions)[64],
			   size_t max)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return 0;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t n = 0;
	struct dynamic_table t = {0};
	if (elf && elf_kind(elf) == ELF_K_ELF)
		find_tables(elf, &t);
	for (size_t i = 1;
	     t.symbols && t.versions && t.definitions && i < t.count; i++) {
		GElf_Sym sym;
		GElf_Versym v;
		const char *s, *ver;
		if (!gelf_getsym(t.symbols, (int)i, &sym) ||
		    sym.st_shndx == SHN_UNDEF ||
		    !(s = elf_strptr(elf, t.strings, sym.st_name)) ||
		    strcmp(s, name) || !gelf_getversym(t.versions, (int)i, &v))
			continue;
		ver = version_name(elf, &t, v & 0x7fff);
		if (!ver || n == max || strlen(ver) >= sizeof versions[0]) {
			n = 0; /* all of them, or none */
			break;
		}
		strcpy(versions[n++], ver);
	}
	elf_end(elf);
	return n;
}
