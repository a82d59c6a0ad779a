/* JIT engines (analysis/jit.h): the table's facts name real flags and
 * features, flags turn into the ISA sets they allow and no others, memory
 * is told apart by its name, and dynamic symbols are found as nm finds
 * them, through the GNU hash table and without one. */
#include <fcntl.h>

#include "test_util.h"

#include "analysis/jit.h"

#define LIBC	"/usr/lib/x86_64-linux-gnu/libc.so.6"
#define SYSVLIB "build/fixtures/libsysvhash.so"

/* Every word of a flags text is a flag of the feature model. */
static void assert_flags_known(const char *text, const char *where)
{
	char word[64];
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ");
		assert_true(n > 0 && n < sizeof word);
		memcpy(word, p, n);
		word[n] = 0;
		if (flag_find(word) < 0)
			fail_msg("%s: unknown flag %s", where, word);
		p += n;
		p += strspn(p, " ");
	}
}

static void test_table_facts(void **state)
{
	(void)state;
	for (size_t i = 0; i < jit_engine_count; i++) {
		const struct jit_engine *e = &jit_engine_table[i];
		assert_non_null(e->name);
		assert_non_null(e->marker);
		assert_true(e->source && strlen(e->source) > 10);
		if (e->state == JIT_REPERTOIRE) {
			assert_non_null(e->repertoire);
			assert_flags_known(e->repertoire, e->name);
		} else {
			assert_null(e->repertoire);
		}
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(jit_engine_table[k].marker,
						e->marker);
	}
	for (size_t i = 0; i < jit_feature_count; i++) {
		const struct jit_feature *f = &jit_feature_table[i];
		assert_true(f->engine == JIT_HOTSPOT || f->engine == JIT_V8);
		assert_flags_known(f->flags, f->name);
		assert_true(!f->only_with_knob || f->knob);
		for (size_t k = 0; k < i; k++)
			assert_false(
			    jit_feature_table[k].engine == f->engine &&
			    !strcmp(jit_feature_table[k].name, f->name));
	}
	/* every bit a V8 layout names has a row */
	for (size_t i = 0; i < v8_layout_count; i++) {
		const struct v8_layout *l = &v8_layout_table[i];
		assert_true(l->from <= l->to);
		for (size_t b = 0; b < 32 && l->bits[b]; b++) {
			bool found = false;
			for (size_t k = 0; k < jit_feature_count; k++)
				found |=
				    jit_feature_table[k].engine == JIT_V8 &&
				    !strcmp(jit_feature_table[k].name,
					    l->bits[b]);
			if (!found)
				fail_msg("V8 bit %zu: %s has no row", b,
					 l->bits[b]);
		}
	}
}

static void sets_of(const char *flags, struct feature_set *out)
{
	struct feature_set f = {0};
	char copy[128];
	snprintf(copy, sizeof copy, "%s", flags);
	for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
		int i = flag_find(w);
		assert_true(i >= 0);
		feature_set_add(&f, (size_t)i);
	}
	jit_isa_sets_of_flags(&f, out);
}

static bool has(const struct feature_set *s, const char *isa)
{
	int i = isa_find(isa);
	assert_true(i >= 0);
	return feature_set_has(s, (size_t)i);
}

static void test_flags_to_isa_sets(void **state)
{
	(void)state;
	struct feature_set s;
	sets_of("popcnt", &s);
	assert_int_equal(feature_set_count(&s), 1);
	assert_true(has(&s, "POPCNT"));
	sets_of("abm", &s);
	assert_int_equal(feature_set_count(&s), 1);
	assert_true(has(&s, "LZCNT"));
	/* baseline flags allow nothing that is not baseline */
	sets_of("sse2 cmov fxsr", &s);
	assert_int_equal(feature_set_count(&s), 0);
	/* AVX-512F without VL: the 512-bit forms, not the 128/256-bit ones */
	sets_of("avx512f", &s);
	assert_true(has(&s, "AVX512F_512"));
	assert_false(has(&s, "AVX512F_128"));
	assert_false(has(&s, "AVX"));
	sets_of("avx512f avx512vl avx", &s);
	assert_true(has(&s, "AVX512F_128"));
	assert_true(has(&s, "AVX"));
	assert_false(has(&s, "AVX2"));
	/* a flag of prefetch hints only allows nothing that can fail */
	sets_of("sse4_1", &s);
	assert_true(has(&s, "SSE4"));
	assert_false(has(&s, "SSE42"));
}

static void test_jit_memory(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		bool jit;
	} cases[] = {
	    {"", true},
	    {"[heap]", true},
	    {"[stack]", true},
	    {"[vdso]", false},
	    {"[vsyscall]", false},
	    {"/memfd:doublemapper (deleted)", true},
	    {"/dev/zero (deleted)", true},
	    {"/dev/shm/jit-1234", true},
	    {"/SYSV00000000 (deleted)", true},
	    {"/usr/lib/x86_64-linux-gnu/libc.so.6", false},
	    {"/tmp/ffiXXXXXX (deleted)", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct proc_mapping m = {0};
		snprintf(m.path, sizeof m.path, "%s", cases[i].path);
		if (jit_memory(&m) != cases[i].jit)
			fail_msg("%s: expected %d", cases[i].path,
				 cases[i].jit);
	}
}

/* The address nm gives for a defined dynamic symbol, or 0. */
static uint64_t nm_address(const char *file, const char *name)
{
	char cmd[512], line[512];
	snprintf(cmd, sizeof cmd, "nm -D --defined-only %s", file);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	uint64_t found = 0;
	while (fgets(line, sizeof line, p)) {
		char sym[256];
		unsigned long long a;
		char type;
		if (sscanf(line, "%llx %c %255s", &a, &type, sym) != 3)
			continue;
		/* memcpy@GLIBC_2.2.5 is hidden; memcpy@@GLIBC_2.14 is it */
		char *at = strchr(sym, '@');
		if (at && at[1] != '@')
			continue;
		if (at)
			*at = 0;
		if (!strcmp(sym, name))
			found = a;
	}
	pclose(p);
	return found;
}

static void check_lookup(const char *file, const char *const *names, size_t n)
{
	REQUIRE_PATH(file);
	int fd = open(file, O_RDONLY);
	assert_true(fd >= 0);
	uint64_t load, at[8];
	assert_int_equal(elf_dynamic_lookup(fd, 0, &load, names, n, at), 0);
	close(fd);
	assert_int_equal(load, 0); /* offset 0 of a shared object */
	for (size_t i = 0; i < n; i++)
		if (at[i] != nm_address(file, names[i]))
			fail_msg(
			    "%s in %s: 0x%llx, nm says 0x%llx", names[i], file,
			    (unsigned long long)at[i],
			    (unsigned long long)nm_address(file, names[i]));
}

static void test_lookup_gnu_hash(void **state)
{
	(void)state;
	/* functions, a variable, and names libc does not define */
	static const char *const names[] = {
	    "malloc", "gnu_get_libc_version",	 "environ",
	    "stdout", "migcheck_no_such_symbol", "gHotSpotVMStructs",
	    "memcpy"};
	check_lookup(LIBC, names, sizeof names / sizeof names[0]);
	int fd = open(LIBC, O_RDONLY);
	uint64_t load, at[1];
	assert_int_equal(elf_dynamic_lookup(fd, 0, &load, names, 1, at), 0);
	close(fd);
	assert_true(at[0] != 0);
}

static void test_lookup_sysv_hash(void **state)
{
	(void)state;
	static const char *const names[] = {"sysvhash_value",
					    "sysvhash_counter", "malloc"};
	check_lookup(SYSVLIB, names, 3);
	assert_true(nm_address(SYSVLIB, "sysvhash_counter") != 0);
}

static void test_lookup_refuses_what_is_not_elf(void **state)
{
	(void)state;
	char path[64];
	write_temp(path, sizeof path, ".txt", "not an ELF file at all\n");
	int fd = open(path, O_RDONLY);
	static const char *const names[] = {"malloc"};
	uint64_t load, at[1] = {1};
	assert_int_equal(elf_dynamic_lookup(fd, 0, &load, names, 1, at), -1);
	assert_int_equal(at[0], 0);
	close(fd);
	unlink(path);
	/* an offset no PT_LOAD maps */
	fd = open(LIBC, O_RDONLY);
	assert_int_equal(
	    elf_dynamic_lookup(fd, UINT64_C(1) << 40, &load, names, 1, at), -1);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_facts),
	    cmocka_unit_test(test_flags_to_isa_sets),
	    cmocka_unit_test(test_jit_memory),
	    cmocka_unit_test(test_lookup_gnu_hash),
	    cmocka_unit_test(test_lookup_sysv_hash),
	    cmocka_unit_test(test_lookup_refuses_what_is_not_elf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
