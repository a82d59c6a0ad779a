/* Questions asked of the feature tables: look-ups by name, and which ISA
 * sets a set of flags and an XCR0 make usable.
 *
 * The `requires` strings of isa_table.c are compiled once into flag indices
 * so that evaluating them is a few bit tests. */
#include "cpu/feature_model.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS	 8
#define MAX_ALTERNATIVES 4

struct compiled_requirement {
	bool impossible;
	uint8_t term_count;
	uint8_t alternative_count[MAX_TERMS];
	uint16_t flag[MAX_TERMS][MAX_ALTERNATIVES];
};

static struct compiled_requirement compiled[FEATURE_SET_WORDS * 64];
static uint16_t flag_by_name[FEATURE_SET_WORDS * 64];
static uint16_t isa_by_name[FEATURE_SET_WORDS * 64];
static char compile_error[256];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static int compare_flag_index(const void *a, const void *b)
{
	return strcmp(flag_table[*(const uint16_t *)a].name,
		      flag_table[*(const uint16_t *)b].name);
}

static int compare_isa_index(const void *a, const void *b)
{
	return strcmp(isa_table[*(const uint16_t *)a].name,
		      isa_table[*(const uint16_t *)b].name);
}

static int flag_lookup(const char *name, size_t len)
{
	size_t lo = 0, hi = flag_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *candidate = flag_table[flag_by_name[mid]].name;
		int c = strncmp(name, candidate, len);
		if (c == 0 && candidate[len] != '\0')
			c = -1;
		if (c == 0)
			return flag_by_name[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Compiles one `requires` expression; returns 0 or -1 with compile_error. */
static int compile_requirement(size_t isa)
{
	const char *p = isa_table[isa].requires;
	struct compiled_requirement *c = &compiled[isa];
	if (strcmp(p, "!") == 0) {
		c->impossible = true;
		return 0;
	}
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (c->term_count == MAX_TERMS)
			goto too_many;
		uint8_t t = c->term_count++;
		for (;;) {
			size_t len = strcspn(p, " |");
			int f = flag_lookup(p, len);
			if (f < 0) {
				snprintf(compile_error, sizeof compile_error,
					 "ISA set %s requires unknown flag "
					 "'%.*s'",
					 isa_table[isa].name, (int)len, p);
				return -1;
			}
			if (c->alternative_count[t] == MAX_ALTERNATIVES)
				goto too_many;
			c->flag[t][c->alternative_count[t]++] = (uint16_t)f;
			p += len;
			if (*p != '|')
				break;
			p++;
		}
	}
	return 0;
too_many:
	snprintf(compile_error, sizeof compile_error,
		 "ISA set %s: requirement too long", isa_table[isa].name);
	return -1;
}

static void compile_tables(void)
{
	if (flag_count > FEATURE_SET_WORDS * 64 ||
	    isa_count > FEATURE_SET_WORDS * 64) {
		snprintf(compile_error, sizeof compile_error,
			 "feature tables exceed FEATURE_SET_WORDS");
		return;
	}
	for (size_t i = 0; i < flag_count; i++)
		flag_by_name[i] = (uint16_t)i;
	qsort(flag_by_name, flag_count, sizeof flag_by_name[0],
	      compare_flag_index);
	for (size_t i = 0; i < isa_count; i++)
		isa_by_name[i] = (uint16_t)i;
	qsort(isa_by_name, isa_count, sizeof isa_by_name[0], compare_isa_index);
	for (size_t i = 0; i < isa_count; i++)
		if (compile_requirement(i) < 0)
			return;
}

static void ensure_compiled(void)
{
	pthread_once(&compile_once, compile_tables);
}

int flag_find(const char *name)
{
	ensure_compiled();
	return flag_lookup(name, strlen(name));
}

int isa_find(const char *name)
{
	ensure_compiled();
	for (size_t i = 0; i < isa_alias_count; i++)
		if (strcmp(isa_alias_table[i].alias, name) == 0) {
			name = isa_alias_table[i].name;
			break;
		}
	size_t lo = 0, hi = isa_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, isa_table[isa_by_name[mid]].name);
		if (c == 0)
			return isa_by_name[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

bool isa_requirement_holds(size_t isa, bool (*has)(size_t flag, void *ctx),
			   void *ctx)
{
	ensure_compiled();
	const struct compiled_requirement *c = &compiled[isa];
	if (c->impossible)
		return false;
	for (size_t t = 0; t < c->term_count; t++) {
		bool any = false;
		for (size_t a = 0; a < c->alternative_count[t] && !any; a++)
			any = has(c->flag[t][a], ctx);
		if (!any)
			return false;
	}
	return true;
}

static bool in_set(size_t flag, void *set)
{
	return feature_set_has(set, flag);
}

bool isa_supported(size_t isa, const struct feature_set *flags, uint64_t xcr0)
{
	if ((isa_table[isa].xsave & xcr0) != isa_table[isa].xsave)
		return false;
	return isa_requirement_holds(isa, in_set, (void *)flags);
}

void isa_supported_all(const struct feature_set *flags, uint64_t xcr0,
		       struct feature_set *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < isa_count; i++)
		if (isa_supported(i, flags, xcr0))
			feature_set_add(out, i);
}

void isa_required_flags(size_t isa, struct feature_set *out)
{
	ensure_compiled();
	const struct compiled_requirement *c = &compiled[isa];
	for (size_t t = 0; t < c->term_count; t++)
		if (c->alternative_count[t] == 1)
			feature_set_add(out, c->flag[t][0]);
}

bool isa_is_impossible(size_t isa)
{
	ensure_compiled();
	return compiled[isa].impossible;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t feature_set_names(const struct feature_set *s, enum feature_kind kind,
			 const char **names)
{
	size_t n = kind == FEATURE_FLAG ? flag_count : isa_count, k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!feature_set_has(s, i))
			continue;
		if (kind == FEATURE_FLAG)
			names[k++] = flag_table[i].name;
		else if (!isa_table[i].baseline)
			names[k++] = isa_table[i].name;
	}
	qsort(names, k, sizeof *names, compare_names);
	return k;
}

enum failure_mode instruction_failure(size_t isa, const char *mnemonic)
{
	for (size_t i = 0; i < mnemonic_failure_count; i++)
		if (!strcmp(mnemonic_failure_table[i].mnemonic, mnemonic))
			return (enum failure_mode)mnemonic_failure_table[i]
			    .failure;
	return (enum failure_mode)isa_table[isa].failure;
}

bool feature_set_is_subset(const struct feature_set *a,
			   const struct feature_set *b)
{
	for (size_t i = 0; i < FEATURE_SET_WORDS; i++)
		if (a->word[i] & ~b->word[i])
			return false;
	return true;
}

size_t feature_set_count(const struct feature_set *s)
{
	size_t n = 0;
	for (size_t i = 0; i < FEATURE_SET_WORDS; i++)
		n += (size_t)__builtin_popcountll(s->word[i]);
	return n;
}

bool flag_value(size_t flag, const uint32_t reg[4])
{
	const struct flag_def *f = &flag_table[flag];
	uint32_t v = reg[f->reg] >> f->bit;
	if (f->field_width == 0)
		return v & 1;
	uint32_t mask = f->field_width >= 32
			    ? UINT32_MAX
			    : (UINT32_C(1) << f->field_width) - 1;
	return (v & mask) >= f->field_min;
}

/* CPUID.0 vendor strings (SDM Vol. 2A; AMD APM Vol. 3, Appendix E). */
static const struct {
	const char *string;
	unsigned mask;
} vendors[] = {
    {"GenuineIntel", VENDOR_INTEL}, {"AuthenticAMD", VENDOR_AMD},
    {"HygonGenuine", VENDOR_AMD},   {"CentaurHauls", VENDOR_OTHER},
    {"  Shanghai  ", VENDOR_OTHER},
};

unsigned vendor_mask_of(const char *vendor)
{
	for (size_t i = 0; i < sizeof vendors / sizeof vendors[0]; i++)
		if (!strcmp(vendor, vendors[i].string))
			return vendors[i].mask;
	return VENDOR_ANY;
}

void isa_keep_vendor(struct feature_set *isa_sets, unsigned vendor)
{
	for (size_t i = 0; i < isa_count; i++)
		if (!(isa_table[i].vendors & vendor))
			isa_sets->word[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

/* Flags the OS sets when it enables a feature (SDM Vol. 2A, CPUID.01H:ECX
 * OSXSAVE; CPUID.(07H,0):ECX OSPKE), and the CPU flag that allows it. */
static const struct {
	const char *os_flag, *cpu_flag;
} os_enabled_flags[] = {
    {"osxsave", "xsave"},
    {"ospke", "pku"},
};

void flags_assume_os_enabled(struct feature_set *flags)
{
	for (size_t i = 0;
	     i < sizeof os_enabled_flags / sizeof os_enabled_flags[0]; i++) {
		int os = flag_find(os_enabled_flags[i].os_flag);
		int cpu = flag_find(os_enabled_flags[i].cpu_flag);
		if (os >= 0 && cpu >= 0 && feature_set_has(flags, (size_t)cpu))
			feature_set_add(flags, (size_t)os);
	}
}

int feature_model_validate(char *message, size_t size)
{
	ensure_compiled();
	if (compile_error[0]) {
		snprintf(message, size, "%s", compile_error);
		return -1;
	}
	for (size_t i = 1; i < flag_count; i++)
		if (strcmp(flag_table[flag_by_name[i - 1]].name,
			   flag_table[flag_by_name[i]].name) == 0) {
			snprintf(message, size, "flag %s is listed twice",
				 flag_table[flag_by_name[i]].name);
			return -1;
		}
	for (size_t i = 1; i < isa_count; i++)
		if (strcmp(isa_table[isa_by_name[i - 1]].name,
			   isa_table[isa_by_name[i]].name) == 0) {
			snprintf(message, size, "ISA set %s is listed twice",
				 isa_table[isa_by_name[i]].name);
			return -1;
		}
	for (size_t i = 0; i < flag_count; i++) {
		const struct flag_def *f = &flag_table[i];
		if (f->depends && flag_find(f->depends) < 0) {
			snprintf(message, size,
				 "flag %s depends on unknown flag %s", f->name,
				 f->depends);
			return -1;
		}
		if (f->reg > CPUID_EDX || f->bit > 31 ||
		    f->bit + (f->field_width ? f->field_width : 1) > 32) {
			snprintf(message, size, "flag %s: bad register/bit",
				 f->name);
			return -1;
		}
	}
	for (size_t i = 0; i < isa_alias_count; i++) {
		int target = -1;
		for (size_t j = 0; j < isa_count && target < 0; j++)
			if (strcmp(isa_table[j].name,
				   isa_alias_table[i].name) == 0)
				target = (int)j;
		if (target < 0) {
			snprintf(
			    message, size, "alias %s names unknown ISA set %s",
			    isa_alias_table[i].alias, isa_alias_table[i].name);
			return -1;
		}
	}
	return 0;
}

/* Linux's names for the XSAVE components (arch/x86/kernel/fpu/xstate.c),
 * shortened the way its boot log and /proc/PID/arch_status use them. */
static const char *const xsave_names[] = {
    [XFEATURE_X87] = "x87",
    [XFEATURE_SSE] = "sse",
    [XFEATURE_AVX] = "avx",
    [XFEATURE_BNDREGS] = "mpx_bndregs",
    [XFEATURE_BNDCSR] = "mpx_bndcsr",
    [XFEATURE_OPMASK] = "avx512_opmask",
    [XFEATURE_ZMM_HI256] = "avx512_zmm_hi256",
    [XFEATURE_HI16_ZMM] = "avx512_hi16_zmm",
    [XFEATURE_PT] = "pt",
    [XFEATURE_PKRU] = "pkru",
    [XFEATURE_PASID] = "pasid",
    [XFEATURE_CET_U] = "cet_user",
    [XFEATURE_CET_S] = "cet_supervisor",
    [XFEATURE_HDC] = "hdc",
    [XFEATURE_UINTR] = "uintr",
    [XFEATURE_LBR] = "lbr",
    [XFEATURE_HWP] = "hwp",
    [XFEATURE_XTILECFG] = "amx_tilecfg",
    [XFEATURE_XTILEDATA] = "amx_tiledata",
    [XFEATURE_APX] = "apx",
};

const char *xsave_component_name(unsigned bit)
{
	if (bit >= sizeof xsave_names / sizeof xsave_names[0])
		return NULL;
	return xsave_names[bit];
}

int xsave_component_find(const char *name)
{
	unsigned bit;
	int end = 0;
	if (sscanf(name, "bit%u%n", &bit, &end) == 1 && !name[end] && bit < 64)
		return (int)bit;
	for (unsigned i = 0; i < sizeof xsave_names / sizeof xsave_names[0];
	     i++)
		if (xsave_names[i] && strcmp(xsave_names[i], name) == 0)
			return (int)i;
	return -1;
}
