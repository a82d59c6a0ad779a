/* The feature model: the tables are consistent, every ISA set the
 * installed Zydis can return is classified, and spot checks of facts the
 * manuals state. */
#include "test_util.h"

#include <Zydis/Zydis.h>

#include "code/code.h"
#include "cpu/feature_model.h"

static void test_tables_validate(void **state)
{
	(void)state;
	char message[256] = "";
	int rc = feature_model_validate(message, sizeof message);
	if (rc)
		fail_msg("%s", message);
}

/* Every ISA-set value of the installed Zydis is either baseline x86-64 or
 * mapped to flags: a new Zydis release must not slip through unnoticed. */
static void test_every_zydis_isa_set_is_classified(void **state)
{
	(void)state;
	size_t unclassified = 0;
	for (int v = ZYDIS_ISA_SET_INVALID + 1; v <= ZYDIS_ISA_SET_MAX_VALUE;
	     v++) {
		const char *name = ZydisISASetGetString((ZydisISASet)v);
		assert_non_null(name);
		int isa = isa_find(name);
		if (isa < 0) {
			print_error("unclassified Zydis ISA set %s\n", name);
			unclassified++;
			continue;
		}
		const struct isa_set_def *d = &isa_table[isa];
		if (!d->baseline && d->requires[0] == '\0')
			fail_msg("%s is neither baseline nor mapped to flags",
				 name);
	}
	assert_int_equal(unclassified, 0);
}

/* Every name of the LiveMigrate-Detector header is known. */
static void test_every_lmd_csv_name_is_known(void **state)
{
	(void)state;
	REQUIRE_DATASET(AWS_DATASET "/c5.large.csv");
	FILE *f = fopen(AWS_DATASET "/c5.large.csv", "r");
	static char header[16384];
	assert_non_null(fgets(header, sizeof header, f));
	fclose(f);
	header[strcspn(header, "\r\n")] = '\0';
	size_t n = 0;
	for (char *save, *t = strtok_r(header, ",", &save); t;
	     t = strtok_r(NULL, ",", &save), n++)
		if (isa_find(t) < 0)
			fail_msg("unknown CSV ISA-set name %s", t);
	assert_int_equal(n, 282);
}

static struct feature_set flags_of(const char *const *names)
{
	struct feature_set s = {{0}};
	for (; *names; names++) {
		int f = flag_find(*names);
		if (f < 0)
			fail_msg("unknown flag %s", *names);
		feature_set_add(&s, (size_t)f);
	}
	return s;
}

static void test_avx512_vl_needs_both_flags(void **state)
{
	(void)state;
	int isa = isa_find("AVX512F_128");
	assert_true(isa >= 0);
	struct feature_set f = flags_of((const char *[]){"avx512f", NULL});
	assert_false(isa_supported((size_t)isa, &f, UINT64_MAX));
	f = flags_of((const char *[]){"avx512f", "avx512vl", NULL});
	assert_true(isa_supported((size_t)isa, &f, UINT64_MAX));
	/* ... and the OS must have enabled the AVX-512 state. */
	assert_false(isa_supported((size_t)isa, &f, XMASK_AVX));
	assert_true(isa_supported((size_t)isa, &f, XMASK_AVX512));
	assert_int_equal(isa_table[isa].xsave, XMASK_AVX512);
}

static void test_lzcnt_fails_silently_and_needs_abm(void **state)
{
	(void)state;
	int isa = isa_find("LZCNT");
	assert_true(isa >= 0);
	assert_int_equal(isa_table[isa].failure, FAILS_SILENT);
	struct feature_set f = flags_of((const char *[]){"abm", NULL});
	assert_true(isa_supported((size_t)isa, &f, 0));
	memset(&f, 0, sizeof f);
	assert_false(isa_supported((size_t)isa, &f, UINT64_MAX));
}

/* ENDBR64 is a NOP without CET, TZCNT runs as BSF without BMI1: each
 * differs from the rest of its set, and every override names a real
 * Zydis mnemonic. */
static void test_instruction_failure_overrides(void **state)
{
	(void)state;
	int cet = isa_find("CET"), bmi1 = isa_find("BMI1");
	assert_int_equal(instruction_failure((size_t)cet, "endbr64"),
			 FAILS_NOP);
	assert_int_equal(instruction_failure((size_t)cet, "wrssq"), FAILS_UD);
	assert_int_equal(instruction_failure((size_t)bmi1, "tzcnt"),
			 FAILS_SILENT);
	assert_int_equal(instruction_failure((size_t)bmi1, "andn"), FAILS_UD);
	for (size_t i = 0; i < mnemonic_failure_count; i++) {
		bool found = false;
		for (int m = 0; m <= ZYDIS_MNEMONIC_MAX_VALUE && !found; m++) {
			const char *s =
			    ZydisMnemonicGetString((ZydisMnemonic)m);
			found =
			    s && !strcmp(s, mnemonic_failure_table[i].mnemonic);
		}
		if (!found)
			fail_msg("%s is not a Zydis mnemonic",
				 mnemonic_failure_table[i].mnemonic);
	}
}

static void test_flag_bit_positions(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint32_t leaf, subleaf;
		uint8_t reg, bit;
	} facts[] = {
	    /* SDM Vol. 2A, Table 3-8 and AMD APM Vol. 3, Appendix E */
	    {"avx_vnni", 0x7, 1, CPUID_EAX, 4},
	    {"avx512f", 0x7, 0, CPUID_EBX, 16},
	    {"avx512vl", 0x7, 0, CPUID_EBX, 31},
	    {"sha_ni", 0x7, 0, CPUID_EBX, 29},
	    {"pku", 0x7, 0, CPUID_ECX, 3},
	    {"ospke", 0x7, 0, CPUID_ECX, 4},
	    {"abm", 0x80000001, 0, CPUID_ECX, 5},
	    {"avx2", 0x7, 0, CPUID_EBX, 5},
	    {"avx", 0x1, 0, CPUID_ECX, 28},
	    {"xsaveopt", 0xD, 1, CPUID_EAX, 0},
	    {"amx_tile", 0x7, 0, CPUID_EDX, 24},
	    {"clzero", 0x80000008, 0, CPUID_EBX, 0},
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		int f = flag_find(facts[i].name);
		if (f < 0)
			fail_msg("flag %s missing", facts[i].name);
		const struct flag_def *d = &flag_table[f];
		if (d->leaf != facts[i].leaf ||
		    d->subleaf != facts[i].subleaf || d->reg != facts[i].reg ||
		    d->bit != facts[i].bit)
			fail_msg("flag %s has the wrong CPUID position",
				 facts[i].name);
	}
}

static void test_baseline_sets_need_nothing_beyond_x86_64(void **state)
{
	(void)state;
	static const char *const baseline[] = {"I86",  "I386", "X87",	  "SSE",
					       "SSE2", "CMOV", "LONGMODE"};
	for (size_t i = 0; i < sizeof baseline / sizeof baseline[0]; i++) {
		int isa = isa_find(baseline[i]);
		assert_true(isa >= 0);
		assert_true(isa_table[isa].baseline);
	}
	static const char *const not_baseline[] = {
	    "SSE3", "SSE4", "POPCNT", "CMPXCHG16B", "LAHF", "AVX"};
	for (size_t i = 0; i < sizeof not_baseline / sizeof not_baseline[0];
	     i++) {
		int isa = isa_find(not_baseline[i]);
		assert_true(isa >= 0);
		assert_false(isa_table[isa].baseline);
	}
}

static void test_aliases_resolve(void **state)
{
	(void)state;
	assert_int_equal(isa_find("AVX512F_KOPW"), isa_find("AVX512F_KOP"));
	assert_int_equal(isa_find("3DNOW"), isa_find("AMD3DNOW"));
	assert_int_equal(isa_find("NO_SUCH_SET"), -1);
	assert_int_equal(flag_find("no_such_flag"), -1);
}

static void test_version_field_flags(void **state)
{
	(void)state;
	int f = flag_find("avx10_2");
	assert_true(f >= 0);
	uint32_t regs[4] = {0};
	regs[flag_table[f].reg] = 1 << flag_table[f].bit; /* version 1 */
	assert_false(flag_value((size_t)f, regs));
	regs[flag_table[f].reg] = 2u << flag_table[f].bit; /* version 2 */
	assert_true(flag_value((size_t)f, regs));
}

/* Opcodes Zydis 4.0 cannot decode but migcheck knows (decode.c): named
 * sets with their CPUID flags, and a cache record that is not kept (no
 * Zydis enum stands behind them), so the bytes are decoded again. */
static void test_known_opcodes_decode(void **state)
{
	(void)state;
	static const struct {
		uint8_t bytes[6];
		const char *isa, *flag;
	} cases[] = {
	    {{0xf3, 0x0f, 0xa6, 0xe0, 0xc3}, "PADLOCK_PHE2", "phe2"},
	    {{0xf3, 0x0f, 0xa6, 0xd8, 0xc3}, "PADLOCK_PHE2", "phe2_en"},
	    {{0xf3, 0x0f, 0xa6, 0xe8, 0xc3}, "ZHAOXIN_GMI_CCS", "ccs"},
	    {{0xf3, 0x0f, 0xa7, 0xf0, 0xc3}, "ZHAOXIN_GMI_CCS", "ccs_en"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct instruction insn;
		struct decode_record rec;
		assert_int_equal(decode_one(cases[i].bytes, 5, 0x1000, &insn),
				 0);
		assert_int_equal(insn.length, 4);
		assert_int_equal(insn.flow, FLOW_NEXT);
		assert_int_equal(insn.isa, isa_find(cases[i].isa));
		struct feature_set flags = {0};
		isa_required_flags((size_t)insn.isa, &flags);
		assert_true(
		    feature_set_has(&flags, (size_t)flag_find(cases[i].flag)));
		assert_int_equal(
		    decode_pack(cases[i].bytes, 5, 0x1000, &insn, &rec), 0);
		assert_false(decode_unpack(&rec, 0x1000, &insn));
	}
	/* one byte short is not one of them */
	struct instruction insn;
	assert_int_not_equal(decode_one(cases[0].bytes, 3, 0, &insn), 0);
}

/* The bytes of the file at `path`, the first n past its 64-byte ELF
 * header made random (seed): real code and garbage in one buffer. */
static uint8_t *code_and_noise(const char *path, unsigned seed, size_t n,
			       size_t *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	*size = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*size);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, *size, f), *size);
	fclose(f);
	srand(seed);
	for (size_t i = 64; i < n && i < *size; i++)
		b[i] = (uint8_t)rand();
	return b;
}

/* decode.c runs Zydis in minimal mode, which leaves out what it does
 * not read. What it reads must be what the full decoder gives: at every
 * byte offset of real code (libcrypto's, with its AVX-512 and hand-written
 * assembly) and of random bytes, the same success, length, ISA set,
 * mnemonic, flow and relative target. */
static void test_minimal_mode_reads_as_full(void **state)
{
	(void)state;
	const char *lib = "/usr/lib/x86_64-linux-gnu/libcrypto.so.3";
	REQUIRE_PATH(lib);
	size_t size;
	uint8_t *b = code_and_noise(lib, 7, 1 << 20, &size);
	ZydisDecoder full;
	ZydisDecoderInit(&full, ZYDIS_MACHINE_MODE_LONG_64,
			 ZYDIS_STACK_WIDTH_64);
	for (size_t at = 0; at < size; at++) {
		ZydisDecodedInstruction z;
		struct instruction insn;
		bool ok = ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(
		    &full, NULL, b + at, size - at, &z));
		bool got = !decode_one(b + at, size - at, 0x10000 + at, &insn);
		if (!ok) { /* only known_opcodes decode where Zydis does not */
			if (got)
				assert_int_equal(insn.length, 4);
			continue;
		}
		assert_true(got);
		assert_int_equal(insn.length, z.length);
		assert_int_equal(
		    insn.isa, isa_find(ZydisISASetGetString(z.meta.isa_set)));
		assert_string_equal(insn.mnemonic,
				    ZydisMnemonicGetString(z.mnemonic));
		assert_int_equal(insn.flow == FLOW_CALL,
				 z.meta.category == ZYDIS_CATEGORY_CALL);
		assert_int_equal(insn.flow == FLOW_BRANCH,
				 z.meta.category == ZYDIS_CATEGORY_COND_BR);
		bool relative =
		    (z.raw.imm[0].size && z.raw.imm[0].is_relative) ||
		    (z.raw.imm[1].size && z.raw.imm[1].is_relative);
		assert_int_equal(insn.has_target, relative);
		if (relative) {
			int k = z.raw.imm[0].is_relative ? 0 : 1;
			uint64_t next = 0x10000 + at + z.length;
			assert_true(insn.target ==
				    next + (uint64_t)z.raw.imm[k].value.s);
		}
	}
	free(b);
}

/* decode_follows_call skips windows with no E8 or FF byte: the answer
 * is the one decoding each length gives, on real code and random bytes. */
static void test_follows_call_prefilter(void **state)
{
	(void)state;
	const char *lib = "/lib/x86_64-linux-gnu/libc.so.6";
	REQUIRE_PATH(lib);
	size_t size;
	uint8_t *b = code_and_noise(lib, 11, 1 << 18, &size);
	size_t calls = 0;
	for (size_t end = 1; end < size; end++) {
		size_t k = end < 16 ? end : 16;
		bool slow = false;
		for (size_t len = DECODE_CALL_MIN;
		     len <= DECODE_CALL_MAX && len <= k && !slow; len++)
			slow = decode_is_call(b + end - len, len);
		assert_int_equal(decode_follows_call(b + end - k, k), slow);
		calls += slow;
	}
	assert_true(calls > 1000);
	free(b);
}

struct sweep_log {
	uint64_t addresses[4096];
	size_t count;
};

static void log_instruction(void *ctx, const struct instruction *insn)
{
	struct sweep_log *l = ctx;
	if (insn->length == 2 && insn->memory == MEMORY_OTHER &&
	    !strcmp(insn->mnemonic, "add") && insn->isa >= 0 &&
	    isa_table[insn->isa].baseline)
		return; /* what a run of zeros spells: skipped by the sweep */
	assert_true(l->count < 4096);
	l->addresses[l->count++] = insn->address;
}

/* decode_sweep steps over runs of zeros two bytes at a time. `00 00` is
 * an instruction nothing is done with (baseline, on to the next, no
 * operand followed), and a sweep with the shortcut sees every other
 * instruction where one decoding each does, with the same count: runs of
 * odd and even length, at the start, in the middle and at the end. */
static void test_sweep_over_zeros(void **state)
{
	(void)state;
	struct instruction insn;
	const uint8_t zero[2] = {0, 0};
	assert_int_equal(decode_one(zero, 2, 0, &insn), 0);
	assert_int_equal(insn.length, 2);
	assert_true(insn.isa >= 0 && isa_table[insn.isa].baseline);
	assert_int_equal(insn.flow, FLOW_NEXT);
	assert_int_equal(insn.memory, MEMORY_OTHER);
	assert_false(insn.has_imm || insn.has_target || insn.indirect ||
		     insn.is_lea || insn.is_cmp);
	static const uint8_t code[] = {0x48, 0x89, 0xe5, 0x0f, 0x38, 0xc8,
				       0xc1, 0xc3, 0x66, 0x0f, 0xa2};
	for (size_t run = 0; run < 40; run++) {
		uint8_t buf[256];
		size_t n = 0;
		memset(buf, 0, sizeof buf);
		n += run % 7; /* zeros first */
		memcpy(buf + n, code, sizeof code);
		n += sizeof code + run; /* then a run of `run` zeros */
		memcpy(buf + n, code, sizeof code);
		n += sizeof code + run % 5; /* and zeros at the end */
		struct sweep_log fast = {0}, slow = {0};
		struct decode_stats fs = {0}, ss = {0};
		decode_sweep(buf, n, 0x1000, log_instruction, &fast, &fs);
		for (size_t at = 0; at < n;) {
			if (decode_one(buf + at, n - at, 0x1000 + at, &insn)) {
				ss.undecodable_bytes++;
				at++;
				continue;
			}
			ss.instructions++;
			log_instruction(&slow, &insn);
			at += insn.length;
		}
		assert_int_equal(fs.instructions, ss.instructions);
		assert_int_equal(fs.undecodable_bytes, ss.undecodable_bytes);
		assert_int_equal(fast.count, slow.count);
		assert_memory_equal(fast.addresses, slow.addresses,
				    fast.count * sizeof fast.addresses[0]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables_validate),
	    cmocka_unit_test(test_every_zydis_isa_set_is_classified),
	    cmocka_unit_test(test_every_lmd_csv_name_is_known),
	    cmocka_unit_test(test_avx512_vl_needs_both_flags),
	    cmocka_unit_test(test_lzcnt_fails_silently_and_needs_abm),
	    cmocka_unit_test(test_instruction_failure_overrides),
	    cmocka_unit_test(test_flag_bit_positions),
	    cmocka_unit_test(test_baseline_sets_need_nothing_beyond_x86_64),
	    cmocka_unit_test(test_aliases_resolve),
	    cmocka_unit_test(test_version_field_flags),
	    cmocka_unit_test(test_known_opcodes_decode),
	    cmocka_unit_test(test_minimal_mode_reads_as_full),
	    cmocka_unit_test(test_follows_call_prefilter),
	    cmocka_unit_test(test_sweep_over_zeros),
	};
	return cmocka_run_group_tests_name("feature_model", tests, NULL, NULL);
}
