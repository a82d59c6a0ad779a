/* Instruction ISA sets: the CPUID flags and XCR0 components each one needs.
 *
 * One row per ISA set, named as Zydis 4.0 (ZydisISASet) and Intel XED name
 * them. Fields: name, requires, xsave, failure, vendors, baseline,
 * psabi_level (see struct isa_set_def in feature_model.h).
 *
 * Sources: Intel SDM Vol. 1 (ch. 13-15) and Vol. 2 (per-instruction
 * "CPUID Feature Flag" column and #UD conditions); Intel ISE reference
 * (newer sets); Intel AVX10 and APX architecture specifications; AMD APM
 * Vol. 3/4/5; x86-64 psABI micro-architecture levels; XED datafiles
 * (isa-set membership and cpuid.xed.txt) for what each set covers.
 *
 * Conventions: AVX-512 subsets also list avx512f (SDM Vol. 1 15.4, tables
 * 15-2/15-3 tell software to check AVX512F with the subset bit); 128/256-bit
 * EVEX forms add avx512vl; "_128N" forms exist without VL. */
#include "feature_model.h"

const struct isa_set_def isa_table[] = {
    /* ---- x86-64 baseline (psABI baseline; AMD APM Vol. 3 / SDM Vol. 2) ----
     */
    {"I86", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"I186", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"I286REAL", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"I286PROTECTED", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"I386", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"I486REAL", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"I486", "", 0, FAILS_UD, VENDOR_ANY, true, 0}, /* RSM */
    {"PENTIUMREAL", "", 0, FAILS_UD, VENDOR_ANY, true,
     0}, /* CMPXCHG8B, RDTSC, RD/WRMSR */
    {"PENTIUMMMX", "mmx", 0, FAILS_UD, VENDOR_ANY, true, 0},
    /* Zydis PPRO also holds SYSENTER/SYSEXIT, which #UD in long mode on
     * AMD (APM Vol. 3): left to the per-instruction table (see SEP). */
    {"PPRO", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"PPRO_UD0_LONG", "", 0, FAILS_UD, VENDOR_ANY, true,
     0}, /* UD0 always #UD */
    {"PPRO_UD0_SHORT", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"RDPMC", "", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"X87", "fpu", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"FCMOV", "fpu cmov", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"FCOMI", "fpu cmov", 0, FAILS_UD, VENDOR_ANY, true,
     0}, /* XED only; Zydis: PPRO */
    {"CMOV", "cmov", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"FXSAVE", "fxsr", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"FXSAVE64", "fxsr", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"SSE", "sse", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"SSEMXCSR", "sse", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"SSE_PREFETCH", "sse", 0, FAILS_NOP, VENDOR_ANY, true,
     0}, /* PREFETCHh hints */
    {"SSE2", "sse2", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"SSE2MMX", "sse2", 0, FAILS_UD, VENDOR_ANY, true,
     0}, /* PADDQ/PSUBQ/PMULUDQ mm */
    {"CLFSH", "clflush", 0, FAILS_UD, VENDOR_ANY, true, 0},
    {"LONGMODE", "lm", 0, FAILS_UD, VENDOR_ANY, true,
     0}, /* 64-bit SYSCALL, SWAPGS, ... */
    {"PAUSE", "", 0, FAILS_NOP, VENDOR_ANY, true, 0}, /* REP NOP before P4 */
    {"FAT_NOP", "", 0, FAILS_NOP, VENDOR_ANY, true,
     0}, /* 0F 18..1F hint NOPs */

    /* ---- psABI x86-64-v2 (SDM Vol. 2; psABI 3.1.1) ---- */
    {"CMPXCHG16B", "cx16", 0, FAILS_UD, VENDOR_ANY, false, 2},
    {"LAHF", "lahf_lm", 0, FAILS_UD, VENDOR_ANY, false,
     2}, /* LAHF/SAHF in 64-bit mode */
    {"POPCNT", "popcnt", 0, FAILS_UD, VENDOR_ANY, false, 2},
    {"SSE3", "pni", 0, FAILS_UD, VENDOR_ANY, false, 2},
    {"SSE3X87", "pni", 0, FAILS_UD, VENDOR_ANY, false, 2}, /* FISTTP */
    {"SSSE3", "ssse3", 0, FAILS_UD, VENDOR_ANY, false, 2},
    {"SSSE3MMX", "ssse3", 0, FAILS_UD, VENDOR_ANY, false, 2},
    {"SSE4", "sse4_1", 0, FAILS_UD, VENDOR_ANY, false, 2},
    {"SSE42", "sse4_2", 0, FAILS_UD, VENDOR_ANY, false, 2}, /* incl. CRC32 */

    /* ---- psABI x86-64-v3 (SDM Vol. 1 14.3, 14.5, 14.7; Vol. 2) ---- */
    /* Zydis AVX also holds VEX.128 VPCLMULQDQ (needs pclmulqdq too):
     * left to the per-instruction table, not ANDed here. */
    {"AVX", "avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 3},
    {"AVX2", "avx2", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 3},
    {"AVX2GATHER", "avx2", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 3},
    {"FMA", "fma", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 3},
    {"F16C", "f16c", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 3},
    /* BMI1: TZCNT runs as BSF without BMI1 (silent); the rest #UD. TZCNT
     * is left to the per-instruction exception table. */
    {"BMI1", "bmi1", 0, FAILS_UD, VENDOR_ANY, false, 3},
    {"BMI2", "bmi2", 0, FAILS_UD, VENDOR_ANY, false, 3},
    {"LZCNT", "abm", 0, FAILS_SILENT, VENDOR_ANY, false, 3}, /* runs as BSR */
    {"MOVBE", "movbe", 0, FAILS_UD, VENDOR_ANY, false, 3},
    {"XSAVE", "xsave", 0, FAILS_UD, VENDOR_ANY, false,
     3}, /* psABI v3: OSXSAVE */

    /* ---- XSAVE family (SDM Vol. 1 ch. 13) ---- */
    {"XSAVEOPT", "xsave xsaveopt", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"XSAVEC", "xsave xsavec", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"XSAVES", "xsave xsaves", 0, FAILS_UD, VENDOR_ANY, false, 0}, /* ring 0 */

    /* ---- general-purpose extensions, both vendors (SDM Vol. 2; APM Vol. 3)
       ---- */
    {"ADOX_ADCX", "adx", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"RDRAND", "rdrand", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"RDSEED", "rdseed", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"RDTSCP", "rdtscp", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"RDPID", "rdpid", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"RDWRFSGS", "fsgsbase", 0, FAILS_UD, VENDOR_ANY, false,
     0}, /* also CR4.FSGSBASE */
    {"CLFLUSHOPT", "clflushopt", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"CLWB", "clwb", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"MONITOR", "monitor", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"PKU", "pku ospke", XMASK(XFEATURE_PKRU), FAILS_UD, VENDOR_ANY, false, 0},
    {"SERIALIZE", "serialize", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"WAITPKG", "waitpkg", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"CLDEMOTE", "cldemote", 0, FAILS_NOP, VENDOR_ANY, false,
     0}, /* 0F 1C hint NOP */
    /* Zydis 4.0 merged MOVDIRI and MOVDIR64B, which have separate CPUID
     * bits: the merged row ANDs both (conservative). */
    {"MOVDIR", "movdiri movdir64b", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"MOVDIRI", "movdiri", 0, FAILS_UD, VENDOR_ANY, false, 0},	   /* XED */
    {"MOVDIR64B", "movdir64b", 0, FAILS_UD, VENDOR_ANY, false, 0}, /* XED */
    {"CMPCCXADD", "cmpccxadd", 0, FAILS_UD, VENDOR_ANY, false, 0}, /* ISE */
    {"RAO_INT", "rao_int", 0, FAILS_UD, VENDOR_ANY, false,
     0}, /* ISE: AADD/AAND/AOR/AXOR */
    {"USER_MSR", "user_msr", 0, FAILS_UD, VENDOR_ANY, false,
     0}, /* ISE: URDMSR/UWRMSR */
    /* MOVRS loads #UD; PREFETCHRST2 (0F 18 /4) runs as a NOP (XED). */
    {"MOVRS", "movrs", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"ICACHE_PREFETCH", "prefetchiti", 0, FAILS_NOP, VENDOR_ANY, false,
     0}, /* PREFETCHIT0/1: NOP hint */
    /* PREFETCH/PREFETCHW (0F 0D): AMD has them with 3DNow!, 3DNowPrefetch
     * or LM (APM Vol. 3); Intel parts without PRFCHW run 0F 0D as a NOP.
     * Zydis 4.0 files both under PREFETCH_NOP. */
    /* Whether Intel parts without PRFCHW run 0F 0D as a NOP is not
     * documented: counted as #UD, the safe side. */
    {"PREFETCH_NOP", "3dnowprefetch|3dnow", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"PREFETCHW", "3dnowprefetch|3dnow", 0, FAILS_UD, VENDOR_ANY, false,
     0}, /* XED */
    /* SYSENTER/SYSEXIT: #UD in long mode on AMD (APM Vol. 3). */
    {"SEP", "sep", 0, FAILS_UD, VENDOR_INTEL | VENDOR_OTHER, false, 0},
    /* CET: ENDBR64/RDSSP/INCSSP are NOPs on older CPUs, the other CET
     * instructions #UD; per-instruction table handles the NOP ones. */
    {"CET", "shstk|ibt", 0, FAILS_UD, VENDOR_ANY, false, 0},

    /* ---- system instructions, both vendors (ring 0 or OS-controlled) ---- */
    {"SMAP", "smap", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"INVPCID", "invpcid", 0, FAILS_UD, VENDOR_ANY, false, 0},
    /* F3 0F 09 runs as WBINVD without WBNOINVD: same memory result. */
    {"WBNOINVD", "wbnoinvd", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"FRED", "fred", 0, FAILS_UD, VENDOR_ANY, false, 0}, /* ERETS/ERETU */
    {"LKGS", "lkgs", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"MSRLIST", "msrlist", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"WRMSRNS", "wrmsrns", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"MSR_IMM", "msr_imm", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"PBNDKB", "pbndkb", 0, FAILS_UD, VENDOR_ANY, false,
     0}, /* ISE: TSE, CPUID.(7,1):EBX[1] */

    /* ---- SSE/VEX crypto and Galois field (SDM Vol. 2; ISE) ---- */
    {"AES", "aes", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"PCLMULQDQ", "pclmulqdq", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"SHA", "sha_ni", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"GFNI", "gfni", 0, FAILS_UD, VENDOR_ANY, false, 0},
    {"AVXAES", "aes avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX_GFNI", "gfni avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0},
    {"VAES", "vaes avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false,
     0}, /* VEX.256 */
    {"VPCLMULQDQ", "vpclmulqdq avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false,
     0}, /* VEX.256 */
    {"SHA512", "sha512 avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0},
    {"SM3", "sm3 avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0},
    {"SM4", "sm4 avx", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0}, /* VEX */
    {"SM4_128", "sm4 avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0}, /* EVEX, AVX10.2 */
    {"SM4_256", "sm4 avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 0},
    {"SM4_512", "sm4 avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 0},

    /* ---- VEX-encoded AI/convert sets (ISE) ---- */
    {"AVX_VNNI", "avx_vnni", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX_VNNI_INT8", "avx_vnni_int8", XMASK_AVX, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX_VNNI_INT16", "avx_vnni_int16", XMASK_AVX, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX_NE_CONVERT", "avx_ne_convert", XMASK_AVX, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX_IFMA", "avx_ifma", XMASK_AVX, FAILS_UD, VENDOR_ANY, false, 0},

    /* ---- AVX-512 F/CD/BW/DQ: psABI x86-64-v4 (SDM Vol. 1 15.2-15.4) ---- */
    {"AVX512F_128", "avx512f avx512vl", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512F_128N", "avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 4},
    {"AVX512F_256", "avx512f avx512vl", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512F_512", "avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 4},
    {"AVX512F_SCALAR", "avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 4},
    {"AVX512F_KOP", "avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     4}, /* k*w */
    {"AVX512CD_128", "avx512cd avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 4},
    {"AVX512CD_256", "avx512cd avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 4},
    {"AVX512CD_512", "avx512cd avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512BW_128", "avx512bw avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 4},
    {"AVX512BW_128N", "avx512bw avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512BW_256", "avx512bw avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 4},
    {"AVX512BW_512", "avx512bw avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512BW_KOP", "avx512bw avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4}, /* k*d, k*q */
    {"AVX512DQ_128", "avx512dq avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 4},
    {"AVX512DQ_128N", "avx512dq avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512DQ_256", "avx512dq avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 4},
    {"AVX512DQ_512", "avx512dq avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512DQ_SCALAR", "avx512dq avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4},
    {"AVX512DQ_KOP", "avx512dq avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 4}, /* k*b, kaddw, ktestw */

    /* ---- AVX-512 extensions (SDM Vol. 2; ISE) ---- */
    {"AVX512_IFMA_128", "avx512ifma avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_IFMA_256", "avx512ifma avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_IFMA_512", "avx512ifma avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VBMI_128", "avx512vbmi avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VBMI_256", "avx512vbmi avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VBMI_512", "avx512vbmi avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VBMI2_128", "avx512_vbmi2 avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VBMI2_256", "avx512_vbmi2 avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VBMI2_512", "avx512_vbmi2 avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_128", "avx512_vnni avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_256", "avx512_vnni avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_512", "avx512_vnni avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_BITALG_128", "avx512_bitalg avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_BITALG_256", "avx512_bitalg avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_BITALG_512", "avx512_bitalg avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VPOPCNTDQ_128", "avx512_vpopcntdq avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VPOPCNTDQ_256", "avx512_vpopcntdq avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VPOPCNTDQ_512", "avx512_vpopcntdq avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_BF16_128", "avx512_bf16 avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_BF16_256", "avx512_bf16 avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_BF16_512", "avx512_bf16 avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_FP16_128", "avx512_fp16 avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_FP16_128N", "avx512_fp16 avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0}, /* VMOVW */
    {"AVX512_FP16_256", "avx512_fp16 avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_FP16_512", "avx512_fp16 avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_FP16_SCALAR", "avx512_fp16 avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VP2INTERSECT_128", "avx512_vp2intersect avx512vl avx512f",
     XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VP2INTERSECT_256", "avx512_vp2intersect avx512vl avx512f",
     XMASK_AVX512, FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VP2INTERSECT_512", "avx512_vp2intersect avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_GFNI_128", "gfni avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_GFNI_256", "gfni avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_GFNI_512", "gfni avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_VAES_128", "vaes avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VAES_256", "vaes avx512vl avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VAES_512", "vaes avx512f", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_VPCLMULQDQ_128", "vpclmulqdq avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VPCLMULQDQ_256", "vpclmulqdq avx512vl avx512f", XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"AVX512_VPCLMULQDQ_512", "vpclmulqdq avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},

    /* ---- Xeon Phi only (SDM Vol. 2; ISE): Knights Landing/Mill ---- */
    {"AVX512ER_512", "avx512er avx512f", XMASK_AVX512, FAILS_UD, VENDOR_INTEL,
     false, 0},
    {"AVX512ER_SCALAR", "avx512er avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"AVX512PF_512", "avx512pf avx512f", XMASK_AVX512, FAILS_UD, VENDOR_INTEL,
     false, 0},
    {"AVX512_4FMAPS_512", "avx512_4fmaps avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"AVX512_4FMAPS_SCALAR", "avx512_4fmaps avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"AVX512_4VNNIW_512", "avx512_4vnniw avx512f", XMASK_AVX512, FAILS_UD,
     VENDOR_INTEL, false, 0},
    /* 0F 0D /2: NOP on Intel parts without it, PREFETCH alias on AMD. */
    {"PREFETCHWT1", "prefetchwt1", 0, FAILS_UD, VENDOR_INTEL, false, 0},

    /* ---- AVX10.2 (Intel AVX10.2 spec; XED avx10-2 cpuid: 7.1 EDX[19] and
     * 24H EBX[7:0] >= 2). avx10_vnni_int is CPUID.(24H,1):ECX[2]. ---- */
    {"AVX512_VNNI_INT8_128", "avx10_2|avx10_vnni_int", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_INT8_256", "avx10_2|avx10_vnni_int", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_INT8_512", "avx10_2|avx10_vnni_int", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_INT16_128", "avx10_2|avx10_vnni_int", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_INT16_256", "avx10_2|avx10_vnni_int", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_INT16_512", "avx10_2|avx10_vnni_int", XMASK_AVX512, FAILS_UD,
     VENDOR_ANY, false, 0},
    {"AVX512_VNNI_FP16_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_VNNI_FP16_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_VNNI_FP16_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_MEDIAX_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_MEDIAX_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_MEDIAX_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_MINMAX_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_MINMAX_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_MINMAX_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_MINMAX_SCALAR", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_SAT_CVT_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_SAT_CVT_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_SAT_CVT_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX512_SAT_CVT_DS_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_SAT_CVT_DS_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_SAT_CVT_DS_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_SAT_CVT_DS_SCALAR", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_FP8_CONVERT_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_FP8_CONVERT_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_FP8_CONVERT_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_FP16_CONVERT_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_FP16_CONVERT_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_FP16_CONVERT_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX10_2_BF16_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX10_2_BF16_256", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX10_2_BF16_512", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0},
    {"AVX10_2_BF16_SCALAR", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX512_COM_EF_SCALAR", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0}, /* VCOMX*, VUCOMX* */
    {"AVX512_MOVZXC_128", "avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY, false,
     0}, /* VMOVD/VMOVW zero-ext */
    {"AVX10_MOVRS_128", "movrs avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX10_MOVRS_256", "movrs avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},
    {"AVX10_MOVRS_512", "movrs avx10_2", XMASK_AVX512, FAILS_UD, VENDOR_ANY,
     false, 0},

    /* ---- AMX (SDM Vol. 1 ch. 18; ISE; XED amx-dmr cpuid). Compute sets
     * also need amx_tile: tiles are configured with LDTILECFG. ---- */
    {"AMX_TILE", "amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL, false, 0},
    {"AMX_INT8", "amx_int8 amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL, false,
     0},
    {"AMX_BF16", "amx_bf16 amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL, false,
     0},
    {"AMX_FP16", "amx_fp16 amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL, false,
     0},
    {"AMX_COMPLEX", "amx_complex amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL,
     false, 0},
    {"AMX_FP8", "amx_fp8 amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL, false,
     0},
    {"AMX_TF32", "amx_tf32 amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL, false,
     0},
    {"AMX_MOVRS", "amx_movrs amx_tile", XMASK_AMX, FAILS_UD, VENDOR_INTEL,
     false, 0},
    {"AMX_AVX512", "amx_avx512 amx_tile", XMASK_AMX | XMASK_AVX512, FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"AMX_TRANSPOSE", "amx_transpose amx_tile", XMASK_AMX, FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"AMX_TRANSPOSE_BF16", "amx_transpose amx_bf16 amx_tile", XMASK_AMX,
     FAILS_UD, VENDOR_INTEL, false, 0},
    {"AMX_TRANSPOSE_FP16", "amx_transpose amx_fp16 amx_tile", XMASK_AMX,
     FAILS_UD, VENDOR_INTEL, false, 0},
    {"AMX_TRANSPOSE_COMPLEX", "amx_transpose amx_complex amx_tile", XMASK_AMX,
     FAILS_UD, VENDOR_INTEL, false, 0},
    {"AMX_TRANSPOSE_TF32", "amx_transpose amx_tf32 amx_tile", XMASK_AMX,
     FAILS_UD, VENDOR_INTEL, false, 0},
    {"AMX_TRANSPOSE_MOVRS", "amx_transpose amx_movrs amx_tile", XMASK_AMX,
     FAILS_UD, VENDOR_INTEL, false, 0},

    /* ---- APX (Intel APX spec; XED apx-f cpuid): EVEX/REX2-promoted forms
     * need APX_F plus the original feature. ---- */
    {"APX_F", "apx_f", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY, false, 0},
    {"APX_F_ADX", "apx_f adx", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY, false,
     0},
    {"APX_F_BMI1", "apx_f bmi1", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0},
    {"APX_F_BMI2", "apx_f bmi2", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0},
    {"APX_F_LZCNT", "apx_f abm", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0},
    {"APX_F_POPCNT", "apx_f popcnt", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0},
    {"APX_F_MOVBE", "apx_f movbe", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0},
    {"APX_F_CET", "apx_f shstk", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0}, /* WRSS/WRUSS */
    {"APX_F_CMPCCXADD", "apx_f cmpccxadd", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_ENQCMD", "apx_f enqcmd", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"APX_F_INVPCID", "apx_f invpcid", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_MOVDIRI", "apx_f movdiri", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_MOVDIR64B", "apx_f movdir64b", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_MOVRS", "apx_f movrs", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_ANY,
     false, 0},
    {"APX_F_MSR_IMM", "apx_f msr_imm", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_RAO_INT", "apx_f rao_int", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_USER_MSR", "apx_f user_msr", XMASK(XFEATURE_APX), FAILS_UD,
     VENDOR_ANY, false, 0},
    {"APX_F_VMX", "apx_f vmx", XMASK(XFEATURE_APX), FAILS_UD, VENDOR_INTEL,
     false, 0},
    /* EVEX KMOV*: AVX-512 subset or AVX10.1 (XED apx-f cpuid). */
    {"APX_F_KOPB", "apx_f avx512dq|avx10_1", XMASK(XFEATURE_APX) | XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"APX_F_KOPW", "apx_f avx512f|avx10_1", XMASK(XFEATURE_APX) | XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"APX_F_KOPD", "apx_f avx512bw|avx10_1", XMASK(XFEATURE_APX) | XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"APX_F_KOPQ", "apx_f avx512bw|avx10_1", XMASK(XFEATURE_APX) | XMASK_AVX512,
     FAILS_UD, VENDOR_ANY, false, 0},
    {"APX_F_AMX", "apx_f amx_tile", XMASK(XFEATURE_APX) | XMASK_AMX, FAILS_UD,
     VENDOR_INTEL, false, 0},
    {"APX_F_AMX_MOVRS", "apx_f amx_movrs amx_tile",
     XMASK(XFEATURE_APX) | XMASK_AMX, FAILS_UD, VENDOR_INTEL, false, 0},
    {"APX_F_AMX_TRANSPOSE", "apx_f amx_transpose amx_tile",
     XMASK(XFEATURE_APX) | XMASK_AMX, FAILS_UD, VENDOR_INTEL, false, 0},
    {"APX_F_AMX_TRANSPOSE_MOVRS", "apx_f amx_transpose amx_movrs amx_tile",
     XMASK(XFEATURE_APX) | XMASK_AMX, FAILS_UD, VENDOR_INTEL, false, 0},

    /* ---- Intel-only extensions (SDM Vol. 2/3; ISE) ---- */
    {"VTX", "vmx", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    /* VMFUNC: VMX non-root only, enabled by VM-execution controls; no
     * CPUID bit of its own (XED: n/a), so tie it to VT-x hosts. */
    {"VMFUNC", "vmx", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"SMX", "smx", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"SGX", "sgx", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"SGX_ENCLV", "sgx", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    /* MPX: NOP-space encodings (0F 1A/1B), NOPs where MPX is absent or
     * disabled (SDM Vol. 1 ch. 17; XED decoder mode MPX). */
    {"MPX", "mpx", XMASK_MPX, FAILS_NOP, VENDOR_INTEL, false, 0},
    {"RTM", "rtm", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"TSX_LDTRK", "tsxldtrk", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"PT", "ptwrite", 0, FAILS_UD, VENDOR_INTEL, false, 0}, /* PTWRITE */
    {"PCONFIG", "pconfig", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"KEYLOCKER", "aes_kl", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"KEYLOCKER_WIDE", "aes_kl wide_kl", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"ENQCMD", "enqcmd", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"UINTR", "uintr", 0, FAILS_UD, VENDOR_INTEL, false,
     0}, /* UINTR state is in XSS, not XCR0 */
    {"HRESET", "hreset", 0, FAILS_UD, VENDOR_INTEL, false, 0},

    /* ---- AMD-only extensions (APM Vol. 2/3/4/5) ---- */
    {"AMD", "syscall", 0, FAILS_UD, VENDOR_AMD, false,
     0}, /* SYSCALL/SYSRET outside 64-bit mode */
    {"AMD3DNOW", "3dnow 3dnowext", 0, FAILS_UD, VENDOR_AMD, false,
     0}, /* incl. 3DNow! extensions */
    {"SSE4A", "sse4a", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"XOP", "xop", XMASK_AVX, FAILS_UD, VENDOR_AMD, false, 0},
    {"FMA4", "fma4", XMASK_AVX, FAILS_UD, VENDOR_AMD, false, 0},
    {"TBM", "tbm", 0, FAILS_UD, VENDOR_AMD, false, 0},
    /* LWP state is XCR0 bit 62, which feature_model.h has no name for. */
    {"LWP", "lwp", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"SVM", "svm", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"CLZERO", "clzero", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"MONITORX", "mwaitx", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"RDPRU", "rdpru", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"MCOMMIT", "mcommit", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"AMD_INVLPGB", "invlpgb", 0, FAILS_UD, VENDOR_AMD, false, 0},
    {"SNP", "sev_snp", 0, FAILS_UD, VENDOR_AMD, false,
     0}, /* PSMASH, PVALIDATE, RMP* */

    /* ---- VIA/Zhaoxin PadLock (VIA PadLock guide; XED via cpuid:
     * C000_0001H EDX present and enabled bits) ---- */
    {"PADLOCK_ACE", "ace ace_en", 0, FAILS_UD, VENDOR_OTHER, false,
     0}, /* XCRYPT* */
    {"PADLOCK_PHE", "phe phe_en", 0, FAILS_UD, VENDOR_OTHER, false,
     0}, /* XSHA1/XSHA256 */
    {"PADLOCK_PMM", "pmm pmm_en", 0, FAILS_UD, VENDOR_OTHER, false,
     0}, /* MONTMUL */
    {"PADLOCK_RNG", "rng rng_en", 0, FAILS_UD, VENDOR_OTHER, false,
     0}, /* XSTORE */
    /* Not in Zydis 4.0 or XED: named here, decoded by the known_opcodes
     * of decode.c (Zhaoxin PHE v2 and GMI, Linux cpufeatures.h word 5) */
    {"PADLOCK_PHE2", "phe2 phe2_en", 0, FAILS_UD, VENDOR_OTHER, false,
     0}, /* XSHA384/XSHA512 */
    {"ZHAOXIN_GMI_CCS", "ccs ccs_en", 0, FAILS_UD, VENDOR_OTHER, false,
     0}, /* SM3 (CCS_HASH), SM4 (CCS_ENCRYPT) */

    /* ---- never runnable by 64-bit Linux user code ---- */
    {"KNCE", "!", 0, FAILS_UD, VENDOR_INTEL, false,
     0}, /* Knights Corner (MVEX) */
    {"KNCJKBR", "!", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"KNCSTREAM", "!", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"KNCV", "!", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"KNC_MISC", "!", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"KNC_PF_HINT", "!", 0, FAILS_UD, VENDOR_INTEL, false, 0},
    {"TDX", "!", 0, FAILS_UD, VENDOR_INTEL, false,
     0}, /* TDCALL, SEAMCALL/SEAMRET/SEAMOPS */
};
const size_t isa_count = sizeof isa_table / sizeof isa_table[0];

/* Other spellings of the same instructions needing the same flags. */
const struct isa_alias isa_alias_table[] = {
    /* newer XED names -> Zydis 4.0 names */
    {"3DNOW", "AMD3DNOW"},
    {"AVX512F_KOPW", "AVX512F_KOP"},
    {"AVX512BW_KOPD", "AVX512BW_KOP"},
    {"AVX512BW_KOPQ", "AVX512BW_KOP"},
    {"AVX512DQ_KOPB", "AVX512DQ_KOP"},
    {"AVX512DQ_KOPW", "AVX512DQ_KOP"},
    {"PTWRITE", "PT"},
    {"VIA_PADLOCK_AES", "PADLOCK_ACE"},
    {"VIA_PADLOCK_SHA", "PADLOCK_PHE"},
    {"VIA_PADLOCK_MONTMUL", "PADLOCK_PMM"},
    {"VIA_PADLOCK_RNG", "PADLOCK_RNG"},
};
const size_t isa_alias_count =
    sizeof isa_alias_table / sizeof isa_alias_table[0];

/* Instructions whose failure mode differs from their ISA set's.
 * SDM Vol. 1, 18.3 (CET): ENDBR32/64 sit in the reserved-NOP space and run
 * as NOPs on processors without CET; RDSSP and INCSSP are NOPs when shadow
 * stacks are not enabled. SDM Vol. 2B, TZCNT: without BMI1 it runs as BSF,
 * which leaves the destination undefined for a zero source. */
const struct mnemonic_failure mnemonic_failure_table[] = {
    {"endbr32", FAILS_NOP},  {"endbr64", FAILS_NOP}, {"rdsspd", FAILS_NOP},
    {"rdsspq", FAILS_NOP},   {"incsspd", FAILS_NOP}, {"incsspq", FAILS_NOP},
    {"tzcnt", FAILS_SILENT},
};
const size_t mnemonic_failure_count =
    sizeof mnemonic_failure_table / sizeof mnemonic_failure_table[0];
