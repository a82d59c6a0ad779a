/* The CPU feature model: CPUID flags, XSAVE state components and instruction
 * ISA sets, and the facts that tie them together.
 *
 * Everything here is data. The two tables (flag_table.c and isa_table.c) are
 * plain arrays, one row per fact, with the manual that states it in a comment.
 * Code elsewhere asks questions of the tables through the functions below and
 * never hard-codes an ISA fact of its own. */
#ifndef MIGCHECK_CPU_FEATURE_MODEL_H
#define MIGCHECK_CPU_FEATURE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cpuid_register { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

/* Which vendors define a CPUID bit or an ISA set. A bit defined by one
 * vendor only is never set by the other, so a destination that claims
 * features of both vendors is lying about some of them. */
enum vendor_mask {
	VENDOR_INTEL = 1u << 0,
	VENDOR_AMD = 1u << 1,
	VENDOR_OTHER = 1u << 2, /* VIA/Centaur/Zhaoxin */
	VENDOR_ANY = VENDOR_INTEL | VENDOR_AMD | VENDOR_OTHER,
};

/* One CPUID feature bit. `name` is the Linux /proc/cpuinfo name where Linux
 * has one (arch/x86/include/asm/cpufeatures.h), else a lowercase name in the
 * same style. `depends` names a flag that every real CPU with this flag also
 * has (Linux arch/x86/kernel/cpu/cpuid-deps.c and the manuals), or NULL. */
struct flag_def {
	const char *name;
	uint32_t leaf;
	uint32_t subleaf;
	uint8_t reg; /* enum cpuid_register */
	uint8_t bit;
	uint8_t vendors; /* enum vendor_mask */
	const char *depends;
	/* A multi-bit field read as a number, for version fields such as the
	 * AVX10 version in CPUID.(24H,0):EBX[7:0]. 0 means a single bit; else
	 * the flag holds when the `field_width`-bit field at `bit` is at least
	 * `field_min`. */
	uint8_t field_width;
	uint8_t field_min;
};

/* XCR0 bits: the state components the OS must enable (SDM Vol. 1, 13.1). */
enum xsave_component {
	XFEATURE_X87 = 0,
	XFEATURE_SSE = 1,
	XFEATURE_AVX = 2, /* YMM_Hi128 */
	XFEATURE_BNDREGS = 3,
	XFEATURE_BNDCSR = 4,
	XFEATURE_OPMASK = 5,
	XFEATURE_ZMM_HI256 = 6,
	XFEATURE_HI16_ZMM = 7,
	XFEATURE_PT = 8,
	XFEATURE_PKRU = 9,
	XFEATURE_PASID = 10,
	XFEATURE_CET_U = 11,
	XFEATURE_CET_S = 12,
	XFEATURE_HDC = 13,
	XFEATURE_UINTR = 14,
	XFEATURE_LBR = 15,
	XFEATURE_HWP = 16,
	XFEATURE_XTILECFG = 17,
	XFEATURE_XTILEDATA = 18,
	XFEATURE_APX = 19,
};
#define XMASK(c)  (UINT64_C(1) << (c))
#define XMASK_AVX (XMASK(XFEATURE_SSE) | XMASK(XFEATURE_AVX))
#define XMASK_AVX512                                                           \
	(XMASK_AVX | XMASK(XFEATURE_OPMASK) | XMASK(XFEATURE_ZMM_HI256) |      \
	 XMASK(XFEATURE_HI16_ZMM))
#define XMASK_MPX (XMASK(XFEATURE_BNDREGS) | XMASK(XFEATURE_BNDCSR))
#define XMASK_AMX (XMASK(XFEATURE_XTILECFG) | XMASK(XFEATURE_XTILEDATA))

/* What an instruction does on a CPU that lacks its ISA set. */
enum failure_mode {
	FAILS_UD,     /* raises #UD: SIGILL */
	FAILS_SILENT, /* runs as another instruction with another result */
	FAILS_NOP,    /* a hint: executes as a no-op */
};

/* One instruction ISA set, named as Intel XED and Zydis name it.
 *
 * `requires` is a small expression over flag names: space-separated terms
 * that must all hold, each term a flag or `a|b` alternatives. "" means no
 * CPUID bit is needed; "!" means no CPU that runs 64-bit Linux user code
 * can execute it (Knights Corner, TDX guest-only calls). `baseline` marks
 * what every x86-64 CPU has (psABI x86-64 baseline); such sets are never a
 * migration requirement. `psabi_level` is the x86-64 psABI
 * microarchitecture level (2, 3, 4) the set belongs to, or 0. */
struct isa_set_def {
	const char *name;
	const char *requires;
	uint64_t xsave;	 /* XCR0 bits the OS must have enabled */
	uint8_t failure; /* enum failure_mode */
	uint8_t vendors; /* enum vendor_mask */
	bool baseline;
	uint8_t psabi_level;
};

/* Another name for an ISA set: older or newer XED/Zydis spellings. */
struct isa_alias {
	const char *alias;
	const char *name;
};

/* An instruction that fails differently from the rest of its ISA set
 * (ENDBR64 is a NOP where CET is absent; TZCNT runs as BSF). */
struct mnemonic_failure {
	const char *mnemonic; /* Zydis's spelling, lowercase */
	uint8_t failure;      /* enum failure_mode */
};

/* The tables. */
extern const struct flag_def flag_table[];
extern const size_t flag_count;
extern const struct isa_set_def isa_table[];
extern const size_t isa_count;
extern const struct isa_alias isa_alias_table[];
extern const size_t isa_alias_count;
extern const struct mnemonic_failure mnemonic_failure_table[];
extern const size_t mnemonic_failure_count;

/* How one instruction of ISA set `isa` fails on a CPU without the set. */
enum failure_mode instruction_failure(size_t isa, const char *mnemonic);

/* A set of flags or ISA sets, indexed by table row. */
#define FEATURE_SET_WORDS 8
struct feature_set {
	uint64_t word[FEATURE_SET_WORDS];
};

static inline void feature_set_add(struct feature_set *s, size_t i)
{
	s->word[i / 64] |= UINT64_C(1) << (i % 64);
}
static inline bool feature_set_has(const struct feature_set *s, size_t i)
{
	return (s->word[i / 64] >> (i % 64)) & 1;
}
bool feature_set_is_subset(const struct feature_set *a,
			   const struct feature_set *b);
size_t feature_set_count(const struct feature_set *s);

enum feature_kind { FEATURE_FLAG, FEATURE_ISA };

/* The names in a set, sorted; ISA sets marked baseline are left out.
 * `names` must hold FEATURE_SET_WORDS * 64 entries. Returns the count. */
size_t feature_set_names(const struct feature_set *s, enum feature_kind kind,
			 const char **names);

/* Look-ups by name; -1 when unknown. ISA-set look-up follows aliases. */
int flag_find(const char *name);
int isa_find(const char *name);

/* One raw CPUID answer. */
struct cpuid_leaf {
	uint32_t leaf, subleaf;
	uint32_t reg[4];
};

/* Which ISA sets are usable given a set of flags and an XCR0. An ISA set
 * needs its `requires` expression to hold and all its `xsave` bits enabled.
 * Pass xcr0 = UINT64_MAX where the OS state is unknown but assumed enabled
 * (libvirt models). */
bool isa_supported(size_t isa, const struct feature_set *flags, uint64_t xcr0);
void isa_supported_all(const struct feature_set *flags, uint64_t xcr0,
		       struct feature_set *out);

/* Adds the flags an ISA set certainly needs: its terms that have a single
 * alternative. A term "a|b" names no flag in particular and adds none. */
void isa_required_flags(size_t isa, struct feature_set *out);

/* Sets the flags that report what the OS enabled (OSXSAVE, OSPKE) where
 * the CPU has the feature: a model that lists XSAVE runs under an OS that
 * turns it on. For destinations that are CPU models, not running hosts. */
void flags_assume_os_enabled(struct feature_set *flags);

/* Evaluates an ISA set's `requires` expression with `has` deciding each
 * flag (XCR0 is not considered). False for impossible sets. */
bool isa_requirement_holds(size_t isa, bool (*has)(size_t flag, void *ctx),
			   void *ctx);

/* The vendor_mask bit of a CPUID vendor string ("GenuineIntel"), or
 * VENDOR_ANY when unknown. */
unsigned vendor_mask_of(const char *vendor);

/* Removes from `isa_sets` the sets defined by other vendors only: SYSENTER
 * (SEP) raises #UD in 64-bit mode on AMD although CPUID.1:EDX[11] is set. */
void isa_keep_vendor(struct feature_set *isa_sets, unsigned vendor);

/* True for ISA sets no 64-bit Linux user process can execute ("!"). */
bool isa_is_impossible(size_t isa);

/* A flag's value in the four registers of its CPUID leaf. */
bool flag_value(size_t flag, const uint32_t reg[4]);

/* Validates both tables once; returns 0, or -1 with a message naming the
 * bad row. Used by the unit tests and at library start in debug builds. */
int feature_model_validate(char *message, size_t size);

/* Names of XCR0 components in the style of Linux xstate ("AVX-512 opmask"
 * is "opmask"), for reports and JSON. NULL for unknown bits. */
const char *xsave_component_name(unsigned bit);
int xsave_component_find(const char *name);

#endif
