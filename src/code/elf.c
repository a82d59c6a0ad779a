/* ELF objects with libelf: executable sections (so that a sweep stays in
 * real code) and function symbols (for evidence). */
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "code/code.h"

static int compare_symbols(const void *a, const void *b)
{
	const struct elf_symbol *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Link-time address -> file offset, through the executable sections. */
static bool vaddr_to_offset(const struct elf_code *c, uint64_t vaddr,
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
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    !sym.st_value ||
			    !vaddr_to_offset(c, sym.st_value, &off))
				continue;
			const char *name =
			    elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			struct elf_symbol *p = realloc(
			    c->symbols, (c->symbol_count + 1) * sizeof *p);
			if (!p)
				return;
			c->symbols = p;
			p[c->symbol_count++] =
			    (struct elf_symbol){off, sym.st_size, strdup(name)};
		}
	}
}

static int read_elf(Elf *elf, struct elf_code *out)
{
	memset(out, 0, sizeof *out);
	GElf_Ehdr eh;
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return -1;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
		    sh.sh_type != SHT_PROGBITS || !sh.sh_size)
			continue;
		struct elf_range *p =
		    realloc(out->ranges, (out->range_count + 1) * sizeof *p);
		if (!p)
			return -1;
		out->ranges = p;
		p[out->range_count++] =
		    (struct elf_range){sh.sh_offset, sh.sh_size, sh.sh_addr};
	}
	/* The full symbol table when present, else the dynamic one. */
	read_symbols(elf, out, SHT_SYMTAB);
	if (!out->symbol_count)
		read_symbols(elf, out, SHT_DYNSYM);
	if (out->symbol_count)
		qsort(out->symbols, out->symbol_count, sizeof *out->symbols,
		      compare_symbols);
	return 0;
}

int elf_code_open_file(const char *path, struct elf_code *out)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	int rc = read_elf(elf, out);
	elf_end(elf);
	close(fd);
	if (rc)
		elf_code_free(out);
	return rc;
}

int elf_code_open_memory(const void *image, size_t size, struct elf_code *out)
{
	elf_version(EV_CURRENT);
	Elf *elf = elf_memory((char *)image, size);
	int rc = read_elf(elf, out);
	elf_end(elf);
	if (rc)
		elf_code_free(out);
	return rc;
}

void elf_code_free(struct elf_code *c)
{
	for (size_t i = 0; i < c->symbol_count; i++)
		free(c->symbols[i].name);
	free(c->symbols);
	free(c->ranges);
	memset(c, 0, sizeof *c);
}

const struct elf_symbol *elf_code_symbol(const struct elf_code *c,
					 uint64_t offset)
{
	size_t lo = 0, hi = c->symbol_count;
	while (lo < hi) { /* the last symbol starting at or before offset */
		size_t mid = (lo + hi) / 2;
		if (c->symbols[mid].offset <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct elf_symbol *s = &c->symbols[lo - 1];
	return offset < s->offset + (s->size ? s->size : 1) ? s : NULL;
}
