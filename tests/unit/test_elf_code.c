/* ELF objects: the landing pads read from each FDE's LSDA, on a fixture
 * whose catch handler only the unwinder enters, on Debian's C and C++
 * runtimes, and on an object whose FDEs are gone. */
#include <sys/wait.h>

#include "test_util.h"

#include "code/cache.h"
#include "code/code.h"

#define FIXTURE "build/fixtures/landing_pad"

static const struct elf_symbol *symbol(const struct elf_code *c,
				       const char *name)
{
	for (size_t i = 0; i < c->symbol_count; i++)
		if (!strcmp(c->symbols[i].name, name))
			return &c->symbols[i];
	return NULL;
}

/* step() catches what maybe_throw() throws: its FDE has one landing pad,
 * inside it and not its start; main() has none. */
static void test_landing_pads_of_a_fixture(void **state)
{
	(void)state;
	REQUIRE_PATH(FIXTURE);
	struct elf_code c;
	assert_int_equal(elf_code_open_file(FIXTURE, &c), 0);
	assert_true(c.has_lsda);
	assert_false(c.landings_unknown);
	const struct elf_symbol *step = symbol(&c, "_Z4stepj");
	const struct elf_symbol *main_ = symbol(&c, "main");
	assert_non_null(step);
	assert_non_null(main_);
	size_t first, n = elf_code_landings(&c, step->vaddr + 1, &first);
	assert_true(n >= 1);
	for (size_t i = first; i < first + n; i++) {
		assert_true(c.landings[i].pad > step->vaddr);
		assert_true(c.landings[i].pad < step->vaddr + step->size);
	}
	assert_int_equal(elf_code_landings(&c, main_->vaddr, &first), 0);
	elf_code_free(&c);
}

/* The index of function starts (elf_code_index_starts) answers as a
 * binary search of the sorted starts does: at each start, one byte either
 * side, and at every address of a stretch of code, on libcrypto (16 k
 * starts, tightly packed) and on the ELF cache's copy of it. */
static void check_start_index(const struct elf_code *c)
{
	assert_non_null(c->start_granules);
	uint64_t lo = c->starts[0], hi = c->starts[c->start_count - 1];
	for (uint64_t a = lo - 64; a < hi + 64; a += a - lo < 65536 ? 1 : 61) {
		size_t n = 0; /* starts at or before a, the slow way */
		size_t l = 0, h = c->start_count;
		while (l < h) {
			size_t m = (l + h) / 2;
			if (c->starts[m] <= a)
				l = m + 1;
			else
				h = m;
		}
		n = l;
		uint64_t start = 0, end = 0;
		bool in = elf_code_function(c, a, &start, &end);
		assert_int_equal(in, n > 0);
		if (in) {
			assert_true(start == c->starts[n - 1]);
			assert_true(end == (n < c->start_count ? c->starts[n]
							       : UINT64_MAX));
		}
		assert_int_equal(elf_code_is_function_start(c, a),
				 n > 0 && c->starts[n - 1] == a);
	}
	for (size_t i = 0; i < c->start_count; i++) {
		assert_true(elf_code_is_function_start(c, c->starts[i]));
		if (i + 1 < c->start_count &&
		    c->starts[i + 1] != c->starts[i] + 1)
			assert_false(
			    elf_code_is_function_start(c, c->starts[i] + 1));
	}
}

static void test_start_index_agrees_with_search(void **state)
{
	(void)state;
	const char *lib = "/usr/lib/x86_64-linux-gnu/libcrypto.so.3";
	REQUIRE_PATH(lib);
	struct elf_code c;
	assert_int_equal(elf_code_open_file(lib, &c), 0);
	assert_true(c.start_count > 1000);
	check_start_index(&c);
	size_t size;
	void *data = elf_cache_build(&c, (uint64_t[2]){1, 2}, &size);
	assert_non_null(data);
	struct elf_code back;
	assert_int_equal(elf_cache_parse(data, size, &back), 0);
	check_start_index(&back);
	elf_code_free(&back);
	elf_code_free(&c);
}

/* Exports are sorted by name hash, then name: every export of libc and
 * libstdc++ is found by its name, with every other of that name, and a
 * name no export has is not. */
static void test_exports_by_name(void **state)
{
	(void)state;
	static const char *const libs[] = {
	    "/lib/x86_64-linux-gnu/libc.so.6",
	    "/lib/x86_64-linux-gnu/libstdc++.so.6",
	};
	for (size_t l = 0; l < 2; l++) {
		REQUIRE_PATH(libs[l]);
		struct elf_code c;
		assert_int_equal(elf_code_open_file(libs[l], &c), 0);
		assert_true(c.export_count > 1000);
		for (size_t i = 0; i < c.export_count; i++) {
			size_t first,
			    n = elf_code_exports(&c, c.exports[i].name, &first);
			assert_true(n >= 1 && first <= i && i < first + n);
			if (i >= 50) /* the quadratic check, on a few */
				continue;
			size_t same = 0;
			for (size_t k = 0; k < c.export_count; k++)
				same += !strcmp(c.exports[k].name,
						c.exports[i].name);
			assert_int_equal(n, same);
		}
		size_t first;
		assert_int_equal(
		    elf_code_exports(&c, "migcheck_no_such_export", &first), 0);
		elf_code_free(&c);
	}
}

/* Every FDE and LSDA of glibc and libstdc++ reads, and each landing pad
 * is in code. */
static void test_landing_pads_of_runtimes(void **state)
{
	(void)state;
	static const char *const libs[] = {
	    "/lib/x86_64-linux-gnu/libc.so.6",
	    "/lib/x86_64-linux-gnu/libstdc++.so.6",
	};
	for (size_t i = 0; i < 2; i++) {
		REQUIRE_PATH(libs[i]);
		struct elf_code c;
		assert_int_equal(elf_code_open_file(libs[i], &c), 0);
		assert_true(c.has_lsda);
		assert_false(c.landings_unknown);
		assert_true(c.landing_count > 0);
		for (size_t k = 0; k < c.landing_count; k++) {
			uint64_t off; /* in code: in an executable section */
			assert_true(
			    elf_code_offset_of(&c, c.landings[k].pad, &off));
		}
		elf_code_free(&c);
	}
}

/* Without .eh_frame no FDE says where landing pads are: unknown, so a
 * scan decodes whole every function it reaches in that object. */
static void test_landing_pads_without_fdes(void **state)
{
	(void)state;
	REQUIRE_PATH(FIXTURE);
	char path[] = "/tmp/migcheck-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof cmd,
		 "objcopy --remove-section .eh_frame --remove-section "
		 ".eh_frame_hdr %s %s",
		 FIXTURE, path);
	int rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) == 127) {
		unlink(path);
		print_message("skipped: objcopy is missing\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(rc), 0);
	struct elf_code c;
	assert_int_equal(elf_code_open_file(path, &c), 0);
	unlink(path);
	assert_true(c.has_lsda);
	assert_true(c.landings_unknown);
	elf_code_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_landing_pads_of_a_fixture),
	    cmocka_unit_test(test_start_index_agrees_with_search),
	    cmocka_unit_test(test_exports_by_name),
	    cmocka_unit_test(test_landing_pads_of_runtimes),
	    cmocka_unit_test(test_landing_pads_without_fdes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
