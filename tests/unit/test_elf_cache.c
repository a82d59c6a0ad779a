/* The ELF cache on real objects: what an entry gives is what reading the
 * file gives, field by field; a changed file gets another entry; and an
 * entry that is damaged, cut or others may write is not read. */
#include <fcntl.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "test_util.h"

#include "code/cache.h"

#define LIBC "/lib/x86_64-linux-gnu/libc.so.6"

/* struct elf_cache_header's size and where its checksum is, as the fuzz
 * target has them: a test that must forge a checksum needs them. */
enum { HEADER = 224, CHECKSUM_AT = 216 };

#define SAME_ARRAY(a, b, field, count)                                         \
	do {                                                                   \
		assert_int_equal((a)->count, (b)->count);                      \
		if ((a)->count)                                                \
			assert_memory_equal((a)->field, (b)->field,            \
					    (a)->count * sizeof *(a)->field);  \
	} while (0)

/* The test's own comparison: a field the cache forgot must show here. */
static void assert_same(const struct elf_code *a, const struct elf_code *b)
{
	assert_int_equal(a->shared, b->shared);
	assert_int_equal(a->entry, b->entry);
	assert_int_equal(a->first_load_vaddr, b->first_load_vaddr);
	assert_int_equal(a->has_lsda, b->has_lsda);
	assert_int_equal(a->landings_unknown, b->landings_unknown);
	assert_false(a->incomplete || b->incomplete);
	assert_memory_equal(a->plt, b->plt, sizeof a->plt);
	assert_memory_equal(a->got, b->got, sizeof a->got);
	SAME_ARRAY(a, b, ranges, range_count);
	SAME_ARRAY(a, b, starts, start_count);
	SAME_ARRAY(a, b, extents, extent_count);
	SAME_ARRAY(a, b, resolvers, resolver_count);
	SAME_ARRAY(a, b, cold, cold_count);
	SAME_ARRAY(a, b, landings, landing_count);
	assert_int_equal(a->symbol_count, b->symbol_count);
	for (size_t i = 0; i < a->symbol_count; i++) {
		assert_int_equal(a->symbols[i].offset, b->symbols[i].offset);
		assert_int_equal(a->symbols[i].vaddr, b->symbols[i].vaddr);
		assert_int_equal(a->symbols[i].size, b->symbols[i].size);
		assert_string_equal(a->symbols[i].name, b->symbols[i].name);
	}
	assert_int_equal(a->slot_count, b->slot_count);
	for (size_t i = 0; i < a->slot_count; i++) {
		assert_int_equal(a->slots[i].vaddr, b->slots[i].vaddr);
		assert_string_equal(a->slots[i].name, b->slots[i].name);
	}
	assert_int_equal(a->export_count, b->export_count);
	for (size_t i = 0; i < a->export_count; i++) {
		assert_int_equal(a->exports[i].vaddr, b->exports[i].vaddr);
		assert_int_equal(a->exports[i].ifunc, b->exports[i].ifunc);
		assert_string_equal(a->exports[i].name, b->exports[i].name);
	}
}

static void make_dir(char *dir)
{
	strcpy(dir, "/tmp/migcheck-elf-cache-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void remove_dir(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Opens `path` through the cache in `dir`; checks how it was used. */
static void open_cached(const char *dir, const char *path, struct elf_code *out,
			enum elf_cache_use want)
{
	enum elf_cache_use use;
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(elf_cache_open(dir, fd, out, &use), 0);
	close(fd);
	assert_int_equal(use, want);
}

/* Written by the first open, read by the second, the same as the file
 * each time: libc (ifuncs, exports), libstdc++ (landing pads, .cold
 * parts), the dynamic linker, and a fixture with a symbol table. */
static void test_entries_give_what_the_file_gives(void **state)
{
	(void)state;
	static const char *const objects[] = {
	    LIBC,
	    "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
	    "/lib64/ld-linux-x86-64.so.2",
	    "build/fixtures/landing_pad",
	};
	char dir[64];
	make_dir(dir);
	size_t tested = 0;
	for (size_t i = 0; i < sizeof objects / sizeof *objects; i++) {
		struct elf_code file, written, read;
		if (access(objects[i], R_OK)) {
			print_message("%s is missing: not tested\n",
				      objects[i]);
			continue;
		}
		assert_int_equal(elf_code_open_file(objects[i], &file), 0);
		open_cached(dir, objects[i], &written, ELF_CACHE_WRITTEN);
		open_cached(dir, objects[i], &read, ELF_CACHE_READ);
		assert_non_null(read.block);
		assert_same(&file, &written);
		assert_same(&file, &read);
		/* lookups work on it as on the file's */
		if (file.symbol_count) {
			const struct elf_symbol *s =
			    &file.symbols[file.symbol_count / 2];
			assert_ptr_equal(
			    elf_code_symbol(&read, s->offset) - read.symbols,
			    elf_code_symbol(&file, s->offset) - file.symbols);
		}
		elf_code_free(&file);
		elf_code_free(&written);
		elf_code_free(&read);
		tested++;
	}
	assert_true(tested >= 2);
	/* no cache: read from the file, nothing written */
	struct elf_code c;
	open_cached(NULL, LIBC, &c, ELF_CACHE_UNUSED);
	elf_code_free(&c);
	remove_dir(dir);
}

/* A file changed in place (another size or change time) has another
 * key: its entry is not the old one. */
static void test_a_changed_file_has_another_entry(void **state)
{
	(void)state;
	REQUIRE_PATH(LIBC);
	char dir[64], copy[128], cmd[256];
	make_dir(dir);
	snprintf(copy, sizeof copy, "%s/libc-copy.so", dir);
	snprintf(cmd, sizeof cmd, "cp %s %s", LIBC, copy);
	assert_int_equal(system(cmd), 0);
	uint64_t before[2], after[2];
	int fd = open(copy, O_RDONLY);
	assert_int_equal(elf_cache_key(fd, before), 0);
	close(fd);
	struct elf_code c;
	open_cached(dir, copy, &c, ELF_CACHE_WRITTEN);
	elf_code_free(&c);
	open_cached(dir, copy, &c, ELF_CACHE_READ);
	elf_code_free(&c);
	/* the same bytes written again: a new change time */
	snprintf(cmd, sizeof cmd, "cp %s %s", LIBC, copy);
	usleep(10000);
	assert_int_equal(system(cmd), 0);
	fd = open(copy, O_RDONLY);
	assert_int_equal(elf_cache_key(fd, after), 0);
	close(fd);
	assert_memory_not_equal(before, after, sizeof before);
	open_cached(dir, copy, &c, ELF_CACHE_WRITTEN);
	elf_code_free(&c);
	/* not an ELF file: no key, read (and refused) as before */
	fd = open("Makefile", O_RDONLY);
	assert_int_equal(elf_cache_key(fd, after), -1);
	close(fd);
	remove_dir(dir);
}

static void *entry_of(const char *path, size_t *size)
{
	struct elf_code c;
	uint64_t key[2] = {1, 2};
	assert_int_equal(elf_code_open_file(path, &c), 0);
	void *data = elf_cache_build(&c, key, size);
	assert_non_null(data);
	elf_code_free(&c);
	return data;
}

static int parse_copy(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	assert_non_null(copy);
	memcpy(copy, data, size);
	struct elf_code c;
	int rc = elf_cache_parse(copy, size, &c); /* c owns copy */
	elf_code_free(&c);
	return rc;
}

/* Parses `data` with the 8 bytes at `at` set to `value` and the checksum
 * made to match, as only someone forging an entry would; then puts them
 * back. */
static int forge(uint8_t *data, size_t size, size_t at, uint64_t value)
{
	uint64_t saved, sum;
	memcpy(&saved, data + at, 8);
	memcpy(data + at, &value, 8);
	sum = XXH3_64bits(data + HEADER, size - HEADER);
	memcpy(data + CHECKSUM_AT, &sum, 8);
	int rc = parse_copy(data, size);
	memcpy(data + at, &saved, 8);
	sum = XXH3_64bits(data + HEADER, size - HEADER);
	memcpy(data + CHECKSUM_AT, &sum, 8);
	return rc;
}

/* Every way an entry can be wrong makes it unread, never trusted. */
static void test_bad_entries_are_not_read(void **state)
{
	(void)state;
	REQUIRE_PATH(LIBC);
	size_t size;
	uint8_t *data = entry_of(LIBC, &size);
	assert_int_equal(parse_copy(data, size), 0);
	assert_int_equal(parse_copy(data, size - 1), -1);
	assert_int_equal(parse_copy(data, HEADER - 1), -1);
	for (size_t at = 0; at < size; at += size / 97 + 1) {
		if (at >= CHECKSUM_AT && at < HEADER)
			continue; /* the checksum itself: checked below */
		data[at] ^= 0x10;
		assert_int_equal(parse_copy(data, size), -1);
		data[at] ^= 0x10;
	}
	/* Past the checksum: a name outside the names, a count past the
	 * end, names that do not end in a NUL. The first symbol's name is
	 * at HEADER + ranges + 24 (struct elf_symbol); the counts at 128. */
	uint64_t ranges;
	memcpy(&ranges, data + 128, 8);
	size_t name_at = HEADER + (size_t)ranges * 24 + 24;
	assert_int_equal(forge(data, size, name_at, 0), 0); /* forging works */
	assert_int_equal(forge(data, size, name_at, UINT64_C(1) << 40), -1);
	assert_int_equal(forge(data, size, 128, UINT64_C(1) << 30), -1);
	uint64_t last;
	memcpy(&last, data + size - 8, 8);
	assert_int_equal(forge(data, size, size - 8, last), 0);
	assert_int_equal(
	    forge(data, size, size - 8, last | UINT64_C(0x78) << 56), -1);
	free(data);
	/* An entry others may write is not read: read from the file and
	 * written again. */
	char dir[64], cmd[128];
	make_dir(dir);
	struct elf_code c;
	open_cached(dir, LIBC, &c, ELF_CACHE_WRITTEN);
	elf_code_free(&c);
	snprintf(cmd, sizeof cmd, "chmod 666 %s/*.elf", dir);
	assert_int_equal(system(cmd), 0);
	open_cached(dir, LIBC, &c, ELF_CACHE_WRITTEN);
	elf_code_free(&c);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entries_give_what_the_file_gives),
	    cmocka_unit_test(test_a_changed_file_has_another_entry),
	    cmocka_unit_test(test_bad_entries_are_not_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
