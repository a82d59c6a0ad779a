/* The code cache against the decoder, on a real library: every record
 * read back gives what decoding the bytes gives, every instruction
 * without one is plain and runs on into the next, and an entry that is
 * damaged, cut or for other bytes is not read. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "test_util.h"

#include "code/cache.h"
#include "cpu/feature_model.h"

#define LIBC "/lib/x86_64-linux-gnu/libc.so.6"

struct library {
	struct elf_code elf;
	uint8_t *file;
	size_t size;
	struct code_source src;
	char dir[64];
};

/* libc's file, mapped whole: its executable sections are at their file
 * offsets less the load segment's delta. */
static void open_library(struct library *l)
{
	REQUIRE_PATH(LIBC);
	assert_int_equal(elf_code_open_file(LIBC, &l->elf), 0);
	int fd = open(LIBC, O_RDONLY);
	struct stat st;
	assert_true(fd >= 0 && !fstat(fd, &st));
	l->size = (size_t)st.st_size;
	l->file =
	    mmap(NULL, l->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	assert_true(l->file != MAP_FAILED);
	const struct elf_range *r = &l->elf.ranges[0];
	l->src = (struct code_source){l->file, r->vaddr - r->offset, l->size,
				      l->elf.extents, l->elf.extent_count};
	strcpy(l->dir, "/tmp/migcheck-cache-XXXXXX");
	assert_non_null(mkdtemp(l->dir));
}

static void close_library(struct library *l)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", l->dir);
	assert_int_equal(system(cmd), 0);
	munmap(l->file, l->size);
	elf_code_free(&l->elf);
}

/* Writes libc's entry and reads it back. */
static void write_and_load(struct library *l, struct code_cache *c,
			   size_t *decoded)
{
	*decoded = 0;
	assert_int_equal(code_cache_write(l->dir, &l->src, decoded), 0);
	assert_int_equal(code_cache_load(l->dir, &l->src, c), 0);
}

/* The test's own comparison, not decode.c's: a field that check forgot
 * must show here. */
static bool same(const struct instruction *a, const struct instruction *b)
{
	return a->address == b->address && a->length == b->length &&
	       a->isa == b->isa && a->mnemonic == b->mnemonic &&
	       a->flow == b->flow && a->indirect == b->indirect &&
	       a->is_lea == b->is_lea && a->has_target == b->has_target &&
	       a->target == b->target && a->memory == b->memory &&
	       a->memory_address == b->memory_address &&
	       a->has_imm == b->has_imm && a->imm_size == b->imm_size &&
	       a->imm == b->imm && a->is_cmp == b->is_cmp;
}

/* What a walk may step over without looking (decode_record_plain with
 * imm32_may_be_address), as the decoder sees it: baseline, on to the
 * next instruction, and nothing in it the walk would follow. */
static void assert_plain(const struct instruction *i)
{
	assert_true(i->isa >= 0 && isa_table[i->isa].baseline);
	assert_int_equal(i->flow, FLOW_NEXT);
	assert_false(i->has_target || i->indirect);
	assert_true(i->memory == MEMORY_NONE || i->memory == MEMORY_OTHER);
	assert_false(i->is_cmp && i->has_imm);
	assert_true(!i->has_imm || i->imm_size < 32);
}

static void test_records_are_what_the_decoder_gives(void **state)
{
	(void)state;
	struct library l;
	open_library(&l);
	size_t decoded;
	struct code_cache c;
	write_and_load(&l, &c, &decoded);
	/* placed elsewhere, as in a process: targets move with it */
	const uint64_t bias = 0x7f0000000000;
	size_t checked = 0, redecoded = 0, plain = 0;
	uint64_t run_end = 0; /* of the plain run the last one was in */
	for (size_t e = 0; e < l.elf.extent_count; e++) {
		uint64_t a = l.elf.extents[e].vaddr;
		uint64_t end = a + l.elf.extents[e].size;
		while (a < end) {
			size_t off = (size_t)(a - l.src.base);
			struct instruction want, got;
			if (decode_one(l.file + off, l.size - off, a + bias,
				       &want)) {
				assert_false(
				    code_cache_get(&c, a, a + bias, &got));
				a++;
				continue;
			}
			uint64_t plain_end;
			const struct decode_record *rec =
			    code_cache_find(&c, a, &plain_end);
			if (code_cache_get(&c, a, a + bias, &got))
				assert_true(same(&want, &got));
			else if (plain_end == a)
				redecoded++;
			if (rec) {
				/* a run ends where a record starts */
				assert_true(run_end == 0 || run_end == a);
				run_end = 0;
			} else if (plain_end != a) {
				assert_plain(&want);
				/* and goes on, one right after the other, to
				 * the same end */
				assert_true(plain_end > a);
				assert_true(run_end == 0 ||
					    run_end == plain_end);
				run_end = plain_end;
				uint64_t next;
				assert_non_null(
				    code_cache_find(&c, plain_end, &next));
				plain++;
			}
			/* inside an instruction there is no record */
			if (want.length > 1)
				assert_false(
				    code_cache_get(&c, a + 1, a + 1, &got));
			checked++;
			a += want.length;
		}
	}
	/* every instruction is in the entry, but one that would run past
	 * the last extent's end */
	assert_true(decoded <= checked && checked - decoded <= 1);
	assert_int_equal(c.record_count + plain, decoded);
	print_message("%zu instructions, %zu kept as bytes to decode, %zu "
		      "plain (no record)\n",
		      checked, redecoded, plain);
	assert_true(plain * 2 > checked);	/* most are */
	assert_true(redecoded * 100 < checked); /* movabs and such: rare */
	code_cache_free(&c);
	close_library(&l);
}

/* Every way an entry can be wrong makes it unread, never trusted. */
static void test_bad_entries_are_not_read(void **state)
{
	(void)state;
	struct library l;
	open_library(&l);
	size_t decoded;
	struct code_cache c;
	write_and_load(&l, &c, &decoded);
	size_t size = c.mapped_size;
	uint8_t *copy = malloc(size);
	assert_non_null(copy);
	memcpy(copy, c.mapped, size);
	code_cache_free(&c);

	struct code_cache p;
	assert_int_equal(code_cache_parse(copy, size, &p), 0);
	assert_int_equal(code_cache_parse(copy, size - 1, &p), -1);
	assert_int_equal(code_cache_parse(copy, 40, &p), -1);
	for (size_t at = 0; at < size; at += size / 97 + 1) {
		copy[at] ^= 0x10;
		assert_int_equal(code_cache_parse(copy, size, &p), -1);
		copy[at] ^= 0x10;
	}
	/* Other bytes: another entry's name, so nothing is read. */
	size_t first = (size_t)(l.elf.extents[0].vaddr - l.src.base);
	l.file[first] ^= 1;
	assert_int_equal(code_cache_load(l.dir, &l.src, &c), -1);
	l.file[first] ^= 1;
	/* A file anyone may write is not read. */
	char cmd[128];
	snprintf(cmd, sizeof cmd, "chmod 666 %s/*.code", l.dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(code_cache_load(l.dir, &l.src, &c), -1);
	free(copy);
	close_library(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_records_are_what_the_decoder_gives),
	    cmocka_unit_test(test_bad_entries_are_not_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
