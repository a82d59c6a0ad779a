/* CPUID feature bits: one row per bit (or version field), grouped by leaf and
 * register. Fields: name, leaf, subleaf, register, bit, vendors, depends,
 * field_width, field_min (see feature_model.h).
 *
 * Sources:
 *   SDM  = Intel SDM Vol. 2A, CPUID, Table 3-8 "Information Returned by
 *          CPUID Instruction".
 *   ISE  = Intel Architecture Instruction Set Extensions and Future Features
 *          Programming Reference (bits not yet in the SDM).
 *   AVX10 = Intel AVX10 Architecture Specification.
 *   APM  = AMD64 APM Vol. 3, Appendix E "Obtaining Processor Information Via
 *          the CPUID Instruction".
 *   Names: Linux arch/x86/include/asm/cpufeatures.h ("name" in its comment
 *          is the /proc/cpuinfo spelling); depends: Linux
 *          arch/x86/kernel/cpu/cpuid-deps.c where it has an entry.
 *
 * Vendors: VENDOR_ANY where AMD also defines the bit, where a hypervisor
 * (KVM) reports it on the other vendor, or where unsure. VENDOR_INTEL or
 * VENDOR_AMD only for bits the other vendor lists as reserved and has never
 * set. Intel-defined leaf-1 bits that Centaur/Zhaoxin parts also report get
 * VENDOR_INTEL | VENDOR_OTHER.
 *
 * `depends` names only flags that ISA sets require (so the importer can
 * attest them); bits whose only true parent is an OS-state or non-ISA flag
 * are left NULL. */
#include "feature_model.h"

const struct flag_def flag_table[] = {
    /* CPUID.01H:EDX. SDM Table 3-8 (EDX feature information); APM
     * Fn0000_0001_EDX; cpufeatures.h word 0. */
    {"fpu", 0x1, 0, CPUID_EDX, 0, VENDOR_ANY, NULL, 0, 0}, /* x87 FPU */
    {"vme", 0x1, 0, CPUID_EDX, 1, VENDOR_ANY, NULL, 0,
     0}, /* virtual-8086 ext. */
    {"de", 0x1, 0, CPUID_EDX, 2, VENDOR_ANY, NULL, 0,
     0}, /* debugging ext., CR4.DE */
    {"pse", 0x1, 0, CPUID_EDX, 3, VENDOR_ANY, NULL, 0, 0},  /* 4-MB pages */
    {"tsc", 0x1, 0, CPUID_EDX, 4, VENDOR_ANY, NULL, 0, 0},  /* RDTSC */
    {"msr", 0x1, 0, CPUID_EDX, 5, VENDOR_ANY, NULL, 0, 0},  /* RDMSR/WRMSR */
    {"pae", 0x1, 0, CPUID_EDX, 6, VENDOR_ANY, NULL, 0, 0},  /* PAE paging */
    {"mce", 0x1, 0, CPUID_EDX, 7, VENDOR_ANY, NULL, 0, 0},  /* #MC exception */
    {"cx8", 0x1, 0, CPUID_EDX, 8, VENDOR_ANY, NULL, 0, 0},  /* CMPXCHG8B */
    {"apic", 0x1, 0, CPUID_EDX, 9, VENDOR_ANY, NULL, 0, 0}, /* local APIC */
    {"sep", 0x1, 0, CPUID_EDX, 11, VENDOR_ANY, NULL, 0,
     0}, /* SYSENTER/SYSEXIT */
    {"mtrr", 0x1, 0, CPUID_EDX, 12, VENDOR_ANY, NULL, 0, 0}, /* MTRRs */
    {"pge", 0x1, 0, CPUID_EDX, 13, VENDOR_ANY, NULL, 0, 0},  /* global pages */
    {"mca", 0x1, 0, CPUID_EDX, 14, VENDOR_ANY, NULL, 0, 0},  /* MCA MSRs */
    {"cmov", 0x1, 0, CPUID_EDX, 15, VENDOR_ANY, NULL, 0,
     0}, /* CMOVcc, FCMOVcc/FCOMI */
    {"pat", 0x1, 0, CPUID_EDX, 16, VENDOR_ANY, NULL, 0, 0}, /* PAT MSR */
    {"pse36", 0x1, 0, CPUID_EDX, 17, VENDOR_ANY, NULL, 0,
     0}, /* 36-bit 4-MB pages */
    {"pn", 0x1, 0, CPUID_EDX, 18, VENDOR_INTEL, NULL, 0,
     0}, /* serial number (P-III) */
    {"clflush", 0x1, 0, CPUID_EDX, 19, VENDOR_ANY, NULL, 0, 0}, /* CLFLUSH */
    {"dts", 0x1, 0, CPUID_EDX, 21, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* debug store */
    {"acpi", 0x1, 0, CPUID_EDX, 22, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0},						    /* thermal MSRs */
    {"mmx", 0x1, 0, CPUID_EDX, 23, VENDOR_ANY, NULL, 0, 0}, /* MMX */
    {"fxsr", 0x1, 0, CPUID_EDX, 24, VENDOR_ANY, "fpu", 0,
     0}, /* FXSAVE/FXRSTOR */
    {"sse", 0x1, 0, CPUID_EDX, 25, VENDOR_ANY, "fxsr", 0, 0}, /* SSE */
    {"sse2", 0x1, 0, CPUID_EDX, 26, VENDOR_ANY, "sse", 0, 0}, /* SSE2 */
    {"ss", 0x1, 0, CPUID_EDX, 27, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* self snoop */
    {"ht", 0x1, 0, CPUID_EDX, 28, VENDOR_ANY, NULL, 0,
     0}, /* HTT: >1 logical CPU */
    {"tm", 0x1, 0, CPUID_EDX, 29, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* thermal monitor */
    {"ia64", 0x1, 0, CPUID_EDX, 30, VENDOR_INTEL, NULL, 0,
     0}, /* IA-64 (reserved in SDM) */
    {"pbe", 0x1, 0, CPUID_EDX, 31, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* pending break enable */

    /* CPUID.01H:ECX. SDM Table 3-8 (ECX feature information); APM
     * Fn0000_0001_ECX; cpufeatures.h word 4. */
    {"pni", 0x1, 0, CPUID_ECX, 0, VENDOR_ANY, "sse2", 0, 0}, /* SSE3 */
    {"pclmulqdq", 0x1, 0, CPUID_ECX, 1, VENDOR_ANY, "sse2", 0,
     0}, /* PCLMULQDQ */
    {"dtes64", 0x1, 0, CPUID_ECX, 2, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* 64-bit DS area */
    {"monitor", 0x1, 0, CPUID_ECX, 3, VENDOR_ANY, NULL, 0,
     0}, /* MONITOR/MWAIT */
    {"ds_cpl", 0x1, 0, CPUID_ECX, 4, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* CPL-qualified DS */
    {"vmx", 0x1, 0, CPUID_ECX, 5, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* VMX (also VIA/Zhaoxin) */
    {"smx", 0x1, 0, CPUID_ECX, 6, VENDOR_INTEL, NULL, 0, 0}, /* GETSEC (TXT) */
    {"est", 0x1, 0, CPUID_ECX, 7, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* Enhanced SpeedStep */
    {"tm2", 0x1, 0, CPUID_ECX, 8, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* thermal monitor 2 */
    {"ssse3", 0x1, 0, CPUID_ECX, 9, VENDOR_ANY, "sse2", 0, 0}, /* SSSE3 */
    {"cid", 0x1, 0, CPUID_ECX, 10, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* L1 context ID */
    {"sdbg", 0x1, 0, CPUID_ECX, 11, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* silicon debug MSR */
    {"fma", 0x1, 0, CPUID_ECX, 12, VENDOR_ANY, "avx", 0, 0}, /* FMA3 */
    {"cx16", 0x1, 0, CPUID_ECX, 13, VENDOR_ANY, NULL, 0, 0}, /* CMPXCHG16B */
    {"xtpr", 0x1, 0, CPUID_ECX, 14, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* xTPR update control */
    {"pdcm", 0x1, 0, CPUID_ECX, 15, VENDOR_INTEL | VENDOR_OTHER, NULL, 0,
     0}, /* PERF_CAPABILITIES MSR */
    {"pcid", 0x1, 0, CPUID_ECX, 17, VENDOR_ANY, NULL, 0, 0}, /* CR4.PCIDE */
    {"dca", 0x1, 0, CPUID_ECX, 18, VENDOR_INTEL, NULL, 0,
     0}, /* direct cache access */
    {"sse4_1", 0x1, 0, CPUID_ECX, 19, VENDOR_ANY, "sse2", 0, 0}, /* SSE4.1 */
    {"sse4_2", 0x1, 0, CPUID_ECX, 20, VENDOR_ANY, "sse2", 0, 0}, /* SSE4.2 */
    {"x2apic", 0x1, 0, CPUID_ECX, 21, VENDOR_ANY, NULL, 0, 0},	 /* x2APIC */
    {"movbe", 0x1, 0, CPUID_ECX, 22, VENDOR_ANY, NULL, 0, 0},	 /* MOVBE */
    {"popcnt", 0x1, 0, CPUID_ECX, 23, VENDOR_ANY, NULL, 0, 0},	 /* POPCNT */
    {"tsc_deadline_timer", 0x1, 0, CPUID_ECX, 24, VENDOR_ANY, NULL, 0,
     0}, /* KVM sets it on AMD */
    {"aes", 0x1, 0, CPUID_ECX, 25, VENDOR_ANY, "sse2", 0, 0}, /* AES-NI */
    {"xsave", 0x1, 0, CPUID_ECX, 26, VENDOR_ANY, "fxsr", 0,
     0}, /* XSAVE/XRSTOR/XSETBV/XGETBV */
    {"osxsave", 0x1, 0, CPUID_ECX, 27, VENDOR_ANY, NULL, 0,
     0}, /* OS set CR4.OSXSAVE */
    {"avx", 0x1, 0, CPUID_ECX, 28, VENDOR_ANY, "xsave", 0, 0}, /* AVX */
    {"f16c", 0x1, 0, CPUID_ECX, 29, VENDOR_ANY, "avx", 0,
     0}, /* VCVTPH2PS/VCVTPS2PH */
    {"rdrand", 0x1, 0, CPUID_ECX, 30, VENDOR_ANY, NULL, 0, 0}, /* RDRAND */
    {"hypervisor", 0x1, 0, CPUID_ECX, 31, VENDOR_ANY, NULL, 0,
     0}, /* running under a VMM */

    /* CPUID.(07H,0):EBX. SDM Table 3-8; APM Fn0000_0007_EBX_x0;
     * cpufeatures.h word 9. */
    {"fsgsbase", 0x7, 0, CPUID_EBX, 0, VENDOR_ANY, NULL, 0,
     0}, /* RD/WR{FS,GS}BASE */
    {"tsc_adjust", 0x7, 0, CPUID_EBX, 1, VENDOR_ANY, NULL, 0,
     0}, /* TSC_ADJUST MSR */
    {"sgx", 0x7, 0, CPUID_EBX, 2, VENDOR_INTEL, NULL, 0, 0}, /* SGX */
    {"bmi1", 0x7, 0, CPUID_EBX, 3, VENDOR_ANY, NULL, 0, 0},  /* BMI1 */
    {"hle", 0x7, 0, CPUID_EBX, 4, VENDOR_INTEL, NULL, 0, 0}, /* TSX HLE */
    {"avx2", 0x7, 0, CPUID_EBX, 5, VENDOR_ANY, "avx", 0, 0}, /* AVX2 */
    {"smep", 0x7, 0, CPUID_EBX, 7, VENDOR_ANY, NULL, 0, 0},  /* CR4.SMEP */
    {"bmi2", 0x7, 0, CPUID_EBX, 8, VENDOR_ANY, NULL, 0, 0},  /* BMI2 */
    {"erms", 0x7, 0, CPUID_EBX, 9, VENDOR_ANY, NULL, 0,
     0}, /* enhanced REP MOVSB/STOSB */
    {"invpcid", 0x7, 0, CPUID_EBX, 10, VENDOR_ANY, NULL, 0, 0}, /* INVPCID */
    {"rtm", 0x7, 0, CPUID_EBX, 11, VENDOR_INTEL, NULL, 0, 0},	/* TSX RTM */
    {"cqm", 0x7, 0, CPUID_EBX, 12, VENDOR_ANY, NULL, 0,
     0}, /* RDT monitoring (AMD PQM) */
    {"mpx", 0x7, 0, CPUID_EBX, 14, VENDOR_INTEL, "xsave", 0, 0}, /* MPX */
    {"rdt_a", 0x7, 0, CPUID_EBX, 15, VENDOR_ANY, NULL, 0,
     0}, /* RDT allocation (AMD PQE) */
    {"avx512f", 0x7, 0, CPUID_EBX, 16, VENDOR_ANY, "avx2", 0,
     0}, /* AVX-512 Foundation */
    {"avx512dq", 0x7, 0, CPUID_EBX, 17, VENDOR_ANY, "avx512f", 0,
     0},						       /* AVX-512 DQ */
    {"rdseed", 0x7, 0, CPUID_EBX, 18, VENDOR_ANY, NULL, 0, 0}, /* RDSEED */
    {"adx", 0x7, 0, CPUID_EBX, 19, VENDOR_ANY, NULL, 0, 0},    /* ADCX/ADOX */
    {"smap", 0x7, 0, CPUID_EBX, 20, VENDOR_ANY, NULL, 0,
     0}, /* CR4.SMAP, CLAC/STAC */
    {"avx512ifma", 0x7, 0, CPUID_EBX, 21, VENDOR_ANY, "avx512f", 0,
     0}, /* AVX-512 IFMA */
    {"clflushopt", 0x7, 0, CPUID_EBX, 23, VENDOR_ANY, NULL, 0,
     0},						     /* CLFLUSHOPT */
    {"clwb", 0x7, 0, CPUID_EBX, 24, VENDOR_ANY, NULL, 0, 0}, /* CLWB */
    {"intel_pt", 0x7, 0, CPUID_EBX, 25, VENDOR_INTEL, NULL, 0,
     0}, /* Processor Trace */
    {"avx512pf", 0x7, 0, CPUID_EBX, 26, VENDOR_INTEL, "avx512f", 0,
     0}, /* Xeon Phi prefetch */
    {"avx512er", 0x7, 0, CPUID_EBX, 27, VENDOR_INTEL, "avx512f", 0,
     0}, /* Xeon Phi exp/recip */
    {"avx512cd", 0x7, 0, CPUID_EBX, 28, VENDOR_ANY, "avx512f", 0,
     0}, /* AVX-512 CD */
    {"sha_ni", 0x7, 0, CPUID_EBX, 29, VENDOR_ANY, "sse2", 0,
     0}, /* SHA-1/SHA-256 */
    {"avx512bw", 0x7, 0, CPUID_EBX, 30, VENDOR_ANY, "avx512f", 0,
     0}, /* AVX-512 BW */
    {"avx512vl", 0x7, 0, CPUID_EBX, 31, VENDOR_ANY, "avx512f", 0,
     0}, /* AVX-512 VL */

    /* CPUID.(07H,0):ECX. SDM Table 3-8; APM Fn0000_0007_ECX_x0;
     * cpufeatures.h word 16. Bits 21:17 are the MAWAU field, not flags. */
    {"prefetchwt1", 0x7, 0, CPUID_ECX, 0, VENDOR_INTEL, NULL, 0,
     0}, /* Xeon Phi PREFETCHWT1 */
    {"avx512vbmi", 0x7, 0, CPUID_ECX, 1, VENDOR_ANY, "avx512f", 0,
     0},						    /* AVX-512 VBMI */
    {"umip", 0x7, 0, CPUID_ECX, 2, VENDOR_ANY, NULL, 0, 0}, /* CR4.UMIP */
    {"pku", 0x7, 0, CPUID_ECX, 3, VENDOR_ANY, "xsave", 0,
     0}, /* protection keys, RDPKRU/WRPKRU */
    {"ospke", 0x7, 0, CPUID_ECX, 4, VENDOR_ANY, NULL, 0,
     0}, /* OS set CR4.PKE */
    {"waitpkg", 0x7, 0, CPUID_ECX, 5, VENDOR_INTEL, NULL, 0,
     0}, /* UMONITOR/UMWAIT/TPAUSE */
    {"avx512_vbmi2", 0x7, 0, CPUID_ECX, 6, VENDOR_ANY, "avx512vl", 0,
     0}, /* AVX-512 VBMI2 */
    {"shstk", 0x7, 0, CPUID_ECX, 7, VENDOR_ANY, "xsaves", 0,
     0}, /* CET shadow stack (cpuinfo: user_shstk) */
    {"gfni", 0x7, 0, CPUID_ECX, 8, VENDOR_ANY, "sse2", 0, 0}, /* GFNI */
    {"vaes", 0x7, 0, CPUID_ECX, 9, VENDOR_ANY, "avx", 0, 0},  /* VEX/EVEX AES */
    {"vpclmulqdq", 0x7, 0, CPUID_ECX, 10, VENDOR_ANY, "avx", 0,
     0}, /* VEX/EVEX PCLMULQDQ */
    {"avx512_vnni", 0x7, 0, CPUID_ECX, 11, VENDOR_ANY, "avx512vl", 0,
     0}, /* AVX-512 VNNI */
    {"avx512_bitalg", 0x7, 0, CPUID_ECX, 12, VENDOR_ANY, "avx512vl", 0,
     0}, /* AVX-512 BITALG */
    {"tme", 0x7, 0, CPUID_ECX, 13, VENDOR_INTEL, NULL, 0,
     0}, /* total memory encryption */
    {"avx512_vpopcntdq", 0x7, 0, CPUID_ECX, 14, VENDOR_ANY, "avx512f", 0,
     0}, /* VPOPCNTD/Q */
    {"la57", 0x7, 0, CPUID_ECX, 16, VENDOR_ANY, NULL, 0,
     0}, /* 5-level paging */
    {"rdpid", 0x7, 0, CPUID_ECX, 22, VENDOR_ANY, NULL, 0, 0}, /* RDPID */
    {"kl", 0x7, 0, CPUID_ECX, 23, VENDOR_INTEL, "aes", 0,
     0}, /* Key Locker (LOADIWKEY) */
    {"bus_lock_detect", 0x7, 0, CPUID_ECX, 24, VENDOR_ANY, NULL, 0,
     0}, /* bus-lock #DB (AMD Zen 5) */
    {"cldemote", 0x7, 0, CPUID_ECX, 25, VENDOR_INTEL, NULL, 0,
     0},							/* CLDEMOTE */
    {"movdiri", 0x7, 0, CPUID_ECX, 27, VENDOR_ANY, NULL, 0, 0}, /* MOVDIRI */
    {"movdir64b", 0x7, 0, CPUID_ECX, 28, VENDOR_ANY, NULL, 0,
     0}, /* MOVDIR64B */
    {"enqcmd", 0x7, 0, CPUID_ECX, 29, VENDOR_INTEL, "xsaves", 0,
     0}, /* ENQCMD/ENQCMDS */
    {"sgx_lc", 0x7, 0, CPUID_ECX, 30, VENDOR_INTEL, "sgx", 0,
     0}, /* SGX launch control */
    {"pks", 0x7, 0, CPUID_ECX, 31, VENDOR_INTEL, NULL, 0,
     0}, /* supervisor protection keys */

    /* CPUID.(07H,0):EDX. SDM Table 3-8; cpufeatures.h word 18. */
    {"avx512_4vnniw", 0x7, 0, CPUID_EDX, 2, VENDOR_INTEL, "avx512f", 0,
     0}, /* Xeon Phi 4VNNIW */
    {"avx512_4fmaps", 0x7, 0, CPUID_EDX, 3, VENDOR_INTEL, "avx512f", 0,
     0}, /* Xeon Phi 4FMAPS */
    {"fsrm", 0x7, 0, CPUID_EDX, 4, VENDOR_ANY, NULL, 0,
     0}, /* fast short REP MOV */
    {"uintr", 0x7, 0, CPUID_EDX, 5, VENDOR_INTEL, NULL, 0,
     0}, /* user interrupts */
    {"avx512_vp2intersect", 0x7, 0, CPUID_EDX, 8, VENDOR_ANY, "avx512vl", 0,
     0}, /* VP2INTERSECTD/Q */
    {"srbds_ctrl", 0x7, 0, CPUID_EDX, 9, VENDOR_INTEL, NULL, 0,
     0}, /* MCU_OPT_CTRL MSR */
    {"md_clear", 0x7, 0, CPUID_EDX, 10, VENDOR_INTEL, NULL, 0,
     0}, /* VERW clears buffers */
    {"serialize", 0x7, 0, CPUID_EDX, 14, VENDOR_INTEL, NULL, 0,
     0}, /* SERIALIZE */
    {"tsxldtrk", 0x7, 0, CPUID_EDX, 16, VENDOR_INTEL, NULL, 0,
     0}, /* XSUSLDTRK/XRESLDTRK */
    {"pconfig", 0x7, 0, CPUID_EDX, 18, VENDOR_INTEL, NULL, 0, 0}, /* PCONFIG */
    {"arch_lbr", 0x7, 0, CPUID_EDX, 19, VENDOR_INTEL, NULL, 0,
     0}, /* architectural LBRs */
    {"ibt", 0x7, 0, CPUID_EDX, 20, VENDOR_INTEL, NULL, 0,
     0}, /* CET indirect branch tracking */
    {"amx_bf16", 0x7, 0, CPUID_EDX, 22, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-BF16 */
    {"avx512_fp16", 0x7, 0, CPUID_EDX, 23, VENDOR_ANY, "avx512bw", 0,
     0}, /* AVX512-FP16 (AMD Zen 6) */
    {"amx_tile", 0x7, 0, CPUID_EDX, 24, VENDOR_INTEL, "xsave", 0,
     0}, /* AMX-TILE */
    {"amx_int8", 0x7, 0, CPUID_EDX, 25, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-INT8 */
    {"spec_ctrl", 0x7, 0, CPUID_EDX, 26, VENDOR_ANY, NULL, 0,
     0}, /* IBRS/IBPB; KVM sets it on AMD */
    {"intel_stibp", 0x7, 0, CPUID_EDX, 27, VENDOR_ANY, NULL, 0,
     0}, /* STIBP; KVM sets it on AMD */
    {"flush_l1d", 0x7, 0, CPUID_EDX, 28, VENDOR_ANY, NULL, 0,
     0}, /* IA32_FLUSH_CMD */
    {"arch_capabilities", 0x7, 0, CPUID_EDX, 29, VENDOR_ANY, NULL, 0,
     0}, /* KVM emulates it on AMD */
    {"core_capabilities", 0x7, 0, CPUID_EDX, 30, VENDOR_INTEL, NULL, 0,
     0}, /* CORE_CAPABILITIES MSR */
    {"spec_ctrl_ssbd", 0x7, 0, CPUID_EDX, 31, VENDOR_ANY, "spec_ctrl", 0,
     0}, /* SSBD; KVM sets it on AMD */

    /* CPUID.(07H,1):EAX. SDM Table 3-8 / ISE; cpufeatures.h word 12. */
    {"sha512", 0x7, 1, CPUID_EAX, 0, VENDOR_INTEL, "avx2", 0, 0}, /* VSHA512* */
    {"sm3", 0x7, 1, CPUID_EAX, 1, VENDOR_INTEL, "avx", 0, 0},	  /* VSM3* */
    {"sm4", 0x7, 1, CPUID_EAX, 2, VENDOR_INTEL, "avx2", 0, 0},	  /* VSM4* */
    {"rao_int", 0x7, 1, CPUID_EAX, 3, VENDOR_INTEL, NULL, 0,
     0}, /* AADD/AAND/AOR/AXOR */
    {"avx_vnni", 0x7, 1, CPUID_EAX, 4, VENDOR_ANY, "avx", 0,
     0}, /* AVX-VNNI (AMD Zen 5) */
    {"avx512_bf16", 0x7, 1, CPUID_EAX, 5, VENDOR_ANY, "avx512vl", 0,
     0}, /* AVX512_BF16 (AMD Zen 4) */
    {"lass", 0x7, 1, CPUID_EAX, 6, VENDOR_INTEL, "smap", 0,
     0}, /* linear address space separation */
    {"cmpccxadd", 0x7, 1, CPUID_EAX, 7, VENDOR_INTEL, NULL, 0,
     0}, /* CMPccXADD */
    {"fzrm", 0x7, 1, CPUID_EAX, 10, VENDOR_INTEL, NULL, 0,
     0}, /* fast zero-length REP MOVSB */
    {"fsrs", 0x7, 1, CPUID_EAX, 11, VENDOR_INTEL, NULL, 0,
     0}, /* fast short REP STOSB */
    {"fsrc", 0x7, 1, CPUID_EAX, 12, VENDOR_INTEL, NULL, 0,
     0}, /* fast short REP CMPSB/SCASB */
    {"fred", 0x7, 1, CPUID_EAX, 17, VENDOR_ANY, "lkgs", 0,
     0}, /* FRED (x86 EAG: AMD too) */
    {"lkgs", 0x7, 1, CPUID_EAX, 18, VENDOR_ANY, NULL, 0, 0},	/* LKGS */
    {"wrmsrns", 0x7, 1, CPUID_EAX, 19, VENDOR_ANY, NULL, 0, 0}, /* WRMSRNS */
    {"amx_fp16", 0x7, 1, CPUID_EAX, 21, VENDOR_INTEL, "amx_tile", 0,
     0},							 /* AMX-FP16 */
    {"hreset", 0x7, 1, CPUID_EAX, 22, VENDOR_INTEL, NULL, 0, 0}, /* HRESET */
    {"avx_ifma", 0x7, 1, CPUID_EAX, 23, VENDOR_ANY, "avx2", 0,
     0}, /* AVX-IFMA (AMD Zen 6) */
    {"lam", 0x7, 1, CPUID_EAX, 26, VENDOR_INTEL, NULL, 0,
     0}, /* linear address masking */
    {"msrlist", 0x7, 1, CPUID_EAX, 27, VENDOR_INTEL, NULL, 0,
     0}, /* RDMSRLIST/WRMSRLIST */
    {"movrs", 0x7, 1, CPUID_EAX, 31, VENDOR_INTEL, NULL, 0,
     0}, /* MOVRS, PREFETCHRST2 (ISE) */

    /* CPUID.(07H,1):EBX. SDM Table 3-8. */
    {"pbndkb", 0x7, 1, CPUID_EBX, 1, VENDOR_INTEL, NULL, 0,
     0}, /* PBNDKB (TSE) */

    /* CPUID.(07H,1):ECX. ISE; Linux X86_FEATURE_MSR_IMM. */
    {"msr_imm", 0x7, 1, CPUID_ECX, 5, VENDOR_INTEL, NULL, 0,
     0}, /* RDMSR/WRMSRNS imm32 forms */

    /* CPUID.(07H,1):EDX. SDM Table 3-8 / ISE. */
    {"avx_vnni_int8", 0x7, 1, CPUID_EDX, 4, VENDOR_ANY, "avx2", 0,
     0}, /* AVX-VNNI-INT8 (AMD Zen 6) */
    {"avx_ne_convert", 0x7, 1, CPUID_EDX, 5, VENDOR_ANY, "avx2", 0,
     0}, /* AVX-NE-CONVERT (AMD Zen 6) */
    {"amx_complex", 0x7, 1, CPUID_EDX, 8, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-COMPLEX */
    {"avx_vnni_int16", 0x7, 1, CPUID_EDX, 10, VENDOR_INTEL, "avx2", 0,
     0}, /* AVX-VNNI-INT16 */
    {"utmr", 0x7, 1, CPUID_EDX, 13, VENDOR_INTEL, "uintr", 0,
     0}, /* user-timer events */
    {"prefetchiti", 0x7, 1, CPUID_EDX, 14, VENDOR_INTEL, NULL, 0,
     0}, /* PREFETCHIT0/1 */
    {"user_msr", 0x7, 1, CPUID_EDX, 15, VENDOR_INTEL, NULL, 0,
     0}, /* URDMSR/UWRMSR */
    {"uiret_uif_from_rflags", 0x7, 1, CPUID_EDX, 17, VENDOR_INTEL, "uintr", 0,
     0}, /* UIRET sets UIF from RFLAGS */
    {"cet_sss", 0x7, 1, CPUID_EDX, 18, VENDOR_ANY, "shstk", 0,
     0}, /* supervisor shadow stacks */
    {"avx10", 0x7, 1, CPUID_EDX, 19, VENDOR_ANY, "avx2", 0,
     0}, /* AVX10; version in leaf 24H */
    {"apx_f", 0x7, 1, CPUID_EDX, 21, VENDOR_ANY, "xsave", 0,
     0}, /* APX foundation (EGPRs) */

    /* CPUID.(07H,2):EDX. SDM Table 3-8: IA32_SPEC_CTRL/MEMORY_CTRL bits a
     * guest may write. Negative bits (MCDT_NO, MONITOR_MITG_NO) left out. */
    {"intel_psfd", 0x7, 2, CPUID_EDX, 0, VENDOR_INTEL, NULL, 0,
     0}, /* SPEC_CTRL.PSFD */
    {"ipred_ctrl", 0x7, 2, CPUID_EDX, 1, VENDOR_INTEL, NULL, 0,
     0}, /* SPEC_CTRL.IPRED_DIS_U/S */
    {"rrsba_ctrl", 0x7, 2, CPUID_EDX, 2, VENDOR_INTEL, NULL, 0,
     0}, /* SPEC_CTRL.RRSBA_DIS_U/S */
    {"ddpd_u", 0x7, 2, CPUID_EDX, 3, VENDOR_INTEL, NULL, 0,
     0}, /* SPEC_CTRL.DDPD_U */
    {"bhi_ctrl", 0x7, 2, CPUID_EDX, 4, VENDOR_INTEL, NULL, 0,
     0}, /* SPEC_CTRL.BHI_DIS_S */
    {"uc_lock_disable", 0x7, 2, CPUID_EDX, 6, VENDOR_INTEL, NULL, 0,
     0}, /* MEMORY_CTRL UC-lock disable */

    /* CPUID.(0DH,1):EAX. SDM Table 3-8 (XSAVE sub-leaf 1); APM
     * Fn0000_000D_EAX_x1; cpufeatures.h word 10. */
    {"xsaveopt", 0xD, 1, CPUID_EAX, 0, VENDOR_ANY, "xsave", 0,
     0},							 /* XSAVEOPT */
    {"xsavec", 0xD, 1, CPUID_EAX, 1, VENDOR_ANY, "xsave", 0, 0}, /* XSAVEC */
    {"xgetbv1", 0xD, 1, CPUID_EAX, 2, VENDOR_ANY, "xsave", 0,
     0}, /* XGETBV with ECX=1 */
    {"xsaves", 0xD, 1, CPUID_EAX, 3, VENDOR_ANY, "xsave", 0,
     0}, /* XSAVES/XRSTORS, IA32_XSS */
    {"xfd", 0xD, 1, CPUID_EAX, 4, VENDOR_INTEL, "xsaves", 0,
     0}, /* extended feature disable */

    /* CPUID.(14H,0):EBX. SDM Table 3-8 (Processor Trace leaf). */
    {"ptwrite", 0x14, 0, CPUID_EBX, 4, VENDOR_INTEL, NULL, 0, 0}, /* PTWRITE */

    /* CPUID.19H:EBX. SDM Table 3-8 (Key Locker leaf). */
    {"aes_kl", 0x19, 0, CPUID_EBX, 0, VENDOR_INTEL, "aes", 0,
     0}, /* AESKLE: AES*KL, ENCODEKEY* */
    {"wide_kl", 0x19, 0, CPUID_EBX, 2, VENDOR_INTEL, "aes_kl", 0,
     0}, /* AES*WIDE*KL */
    {"iwkey_backup", 0x19, 0, CPUID_EBX, 4, VENDOR_INTEL, NULL, 0,
     0}, /* IWKeyBackup MSRs */

    /* CPUID.(1EH,1):EAX. ISE (TMUL/AMX sub-leaf 1). Bits 3:0 mirror the
     * leaf-7 AMX bits. Bit 5 AMX-TRANSPOSE: defined in ISE rev. 056-058,
     * dropped from later revisions. */
    {"amx_int8_1e", 0x1E, 1, CPUID_EAX, 0, VENDOR_INTEL, "amx_tile", 0,
     0}, /* mirror of amx_int8 */
    {"amx_bf16_1e", 0x1E, 1, CPUID_EAX, 1, VENDOR_INTEL, "amx_tile", 0,
     0}, /* mirror of amx_bf16 */
    {"amx_complex_1e", 0x1E, 1, CPUID_EAX, 2, VENDOR_INTEL, "amx_tile", 0,
     0}, /* mirror of amx_complex */
    {"amx_fp16_1e", 0x1E, 1, CPUID_EAX, 3, VENDOR_INTEL, "amx_tile", 0,
     0}, /* mirror of amx_fp16 */
    {"amx_fp8", 0x1E, 1, CPUID_EAX, 4, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-FP8 */
    {"amx_transpose", 0x1E, 1, CPUID_EAX, 5, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-TRANSPOSE */
    {"amx_tf32", 0x1E, 1, CPUID_EAX, 6, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-TF32 */
    {"amx_avx512", 0x1E, 1, CPUID_EAX, 7, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-AVX512 */
    {"amx_movrs", 0x1E, 1, CPUID_EAX, 8, VENDOR_INTEL, "amx_tile", 0,
     0}, /* AMX-MOVRS */

    /* CPUID.(24H,0):EBX. AVX10 spec: EBX[7:0] version; EBX[18:16] vector
     * lengths (reserved at 1 since AVX10 rev. 3.0). */
    {"avx10_1", 0x24, 0, CPUID_EBX, 0, VENDOR_ANY, "avx10", 8,
     1}, /* AVX10 version >= 1 */
    {"avx10_2", 0x24, 0, CPUID_EBX, 0, VENDOR_ANY, "avx10_1", 8,
     2}, /* AVX10 version >= 2 */
    {"avx10_128", 0x24, 0, CPUID_EBX, 16, VENDOR_ANY, "avx10", 0,
     0}, /* 128-bit vectors */
    {"avx10_256", 0x24, 0, CPUID_EBX, 17, VENDOR_ANY, "avx10", 0,
     0}, /* 256-bit vectors */
    {"avx10_512", 0x24, 0, CPUID_EBX, 18, VENDOR_ANY, "avx10", 0,
     0}, /* 512-bit vectors */

    /* CPUID.(24H,1):ECX. AVX10.2 spec rev. 5.0. */
    {"avx10_vnni_int", 0x24, 1, CPUID_ECX, 2, VENDOR_ANY, "avx10", 0,
     0}, /* AVX10_VNNI_INT */

    /* CPUID.(29H,0):EBX. ISE (APX sub-features). */
    {"apx_nci_ndd_nf", 0x29, 0, CPUID_EBX, 0, VENDOR_ANY, "apx_f", 0,
     0}, /* APX NCI/NDD/NF forms */

    /* CPUID.80000001H:ECX. APM Fn8000_0001_ECX; SDM Table 3-8 for the
     * bits Intel defines (0, 5, 8); cpufeatures.h word 6. */
    {"lahf_lm", 0x80000001, 0, CPUID_ECX, 0, VENDOR_ANY, NULL, 0,
     0}, /* LAHF/SAHF in 64-bit mode */
    {"cmp_legacy", 0x80000001, 0, CPUID_ECX, 1, VENDOR_AMD, NULL, 0,
     0}, /* CmpLegacy */
    {"svm", 0x80000001, 0, CPUID_ECX, 2, VENDOR_AMD, NULL, 0, 0}, /* SVM */
    {"cr8_legacy", 0x80000001, 0, CPUID_ECX, 4, VENDOR_AMD, NULL, 0,
     0}, /* LOCK MOV CR0 = CR8 */
    {"abm", 0x80000001, 0, CPUID_ECX, 5, VENDOR_ANY, NULL, 0, 0}, /* LZCNT */
    {"sse4a", 0x80000001, 0, CPUID_ECX, 6, VENDOR_AMD, "sse2", 0,
     0}, /* SSE4A */
    {"misalignsse", 0x80000001, 0, CPUID_ECX, 7, VENDOR_AMD, NULL, 0,
     0}, /* misaligned SSE mode */
    {"3dnowprefetch", 0x80000001, 0, CPUID_ECX, 8, VENDOR_ANY, NULL, 0,
     0}, /* PREFETCH/PREFETCHW */
    {"osvw", 0x80000001, 0, CPUID_ECX, 9, VENDOR_AMD, NULL, 0,
     0}, /* OS-visible workaround MSRs */
    {"ibs", 0x80000001, 0, CPUID_ECX, 10, VENDOR_AMD, NULL, 0,
     0}, /* instruction-based sampling */
    {"xop", 0x80000001, 0, CPUID_ECX, 11, VENDOR_AMD, "avx", 0, 0}, /* XOP */
    {"skinit", 0x80000001, 0, CPUID_ECX, 12, VENDOR_AMD, NULL, 0,
     0}, /* SKINIT/STGI */
    {"lwp", 0x80000001, 0, CPUID_ECX, 15, VENDOR_AMD, "xsave", 0,
     0}, /* LWP (LLWPCB etc.) */
    {"fma4", 0x80000001, 0, CPUID_ECX, 16, VENDOR_AMD, "avx", 0, 0}, /* FMA4 */
    {"tce", 0x80000001, 0, CPUID_ECX, 17, VENDOR_AMD, NULL, 0,
     0}, /* EFER.TCE */
    {"tbm", 0x80000001, 0, CPUID_ECX, 21, VENDOR_AMD, NULL, 0, 0}, /* TBM */
    {"topoext", 0x80000001, 0, CPUID_ECX, 22, VENDOR_AMD, NULL, 0,
     0}, /* leaves 8000001D/1E */
    {"perfctr_core", 0x80000001, 0, CPUID_ECX, 23, VENDOR_AMD, NULL, 0,
     0}, /* core perf counter ext. */
    {"bpext", 0x80000001, 0, CPUID_ECX, 26, VENDOR_AMD, NULL, 0,
     0}, /* data breakpoint masks */
    {"mwaitx", 0x80000001, 0, CPUID_ECX, 29, VENDOR_AMD, NULL, 0,
     0}, /* MONITORX/MWAITX */

    /* CPUID.80000001H:EDX. APM Fn8000_0001_EDX; SDM Table 3-8 for the
     * bits Intel defines (11, 20, 26, 27, 29); cpufeatures.h word 1. */
    {"syscall", 0x80000001, 0, CPUID_EDX, 11, VENDOR_ANY, NULL, 0,
     0}, /* SYSCALL/SYSRET */
    {"nx", 0x80000001, 0, CPUID_EDX, 20, VENDOR_ANY, NULL, 0,
     0}, /* no-execute pages */
    {"mmxext", 0x80000001, 0, CPUID_EDX, 22, VENDOR_AMD, "mmx", 0,
     0}, /* AMD MMX extensions */
    {"fxsr_opt", 0x80000001, 0, CPUID_EDX, 25, VENDOR_AMD, "fxsr", 0,
     0}, /* EFER.FFXSR */
    {"pdpe1gb", 0x80000001, 0, CPUID_EDX, 26, VENDOR_ANY, NULL, 0,
     0}, /* 1-GB pages */
    {"rdtscp", 0x80000001, 0, CPUID_EDX, 27, VENDOR_ANY, NULL, 0,
     0}, /* RDTSCP */
    {"lm", 0x80000001, 0, CPUID_EDX, 29, VENDOR_ANY, NULL, 0,
     0}, /* long mode */
    {"3dnowext", 0x80000001, 0, CPUID_EDX, 30, VENDOR_AMD, "3dnow", 0,
     0}, /* 3DNow! extensions */
    {"3dnow", 0x80000001, 0, CPUID_EDX, 31, VENDOR_AMD | VENDOR_OTHER, "mmx", 0,
     0}, /* 3DNow! (also WinChip 2/C3) */

    /* CPUID.80000007H:EDX. SDM Table 3-8; APM Fn8000_0007_EDX. */
    {"invtsc", 0x80000007, 0, CPUID_EDX, 8, VENDOR_ANY, NULL, 0,
     0}, /* invariant TSC */

    /* CPUID.80000008H:EBX. APM Fn8000_0008_EBX; SDM Table 3-8 (bit 9);
     * cpufeatures.h word 13. KVM sets the AMD IBPB/IBRS/STIBP/SSBD bits
     * for Intel guests too. */
    {"clzero", 0x80000008, 0, CPUID_EBX, 0, VENDOR_AMD, NULL, 0,
     0}, /* CLZERO */
    {"irperf", 0x80000008, 0, CPUID_EBX, 1, VENDOR_AMD, NULL, 0,
     0}, /* instructions-retired MSR */
    {"xsaveerptr", 0x80000008, 0, CPUID_EBX, 2, VENDOR_AMD, NULL, 0,
     0}, /* FXSAVE always saves FIP/FDP */
    {"invlpgb", 0x80000008, 0, CPUID_EBX, 3, VENDOR_AMD, NULL, 0,
     0}, /* INVLPGB/TLBSYNC */
    {"rdpru", 0x80000008, 0, CPUID_EBX, 4, VENDOR_AMD, NULL, 0, 0}, /* RDPRU */
    {"mcommit", 0x80000008, 0, CPUID_EBX, 8, VENDOR_AMD, NULL, 0,
     0}, /* MCOMMIT */
    {"wbnoinvd", 0x80000008, 0, CPUID_EBX, 9, VENDOR_ANY, NULL, 0,
     0}, /* WBNOINVD */
    {"amd_ibpb", 0x80000008, 0, CPUID_EBX, 12, VENDOR_ANY, NULL, 0,
     0}, /* PRED_CMD.IBPB */
    {"amd_ibrs", 0x80000008, 0, CPUID_EBX, 14, VENDOR_ANY, NULL, 0,
     0}, /* SPEC_CTRL.IBRS */
    {"amd_stibp", 0x80000008, 0, CPUID_EBX, 15, VENDOR_ANY, NULL, 0,
     0}, /* SPEC_CTRL.STIBP */
    {"amd_ssbd", 0x80000008, 0, CPUID_EBX, 24, VENDOR_ANY, NULL, 0,
     0}, /* SPEC_CTRL.SSBD */
    {"virt_ssbd", 0x80000008, 0, CPUID_EBX, 25, VENDOR_AMD, NULL, 0,
     0}, /* VIRT_SPEC_CTRL.SSBD */
    {"amd_psfd", 0x80000008, 0, CPUID_EBX, 28, VENDOR_AMD, NULL, 0,
     0}, /* SPEC_CTRL.PSFD */

    /* CPUID.8000001FH:EAX. APM Fn8000_001F_EAX; cpufeatures.h word 19. */
    {"sme", 0x8000001F, 0, CPUID_EAX, 0, VENDOR_AMD, NULL, 0,
     0}, /* secure memory encryption */
    {"sev", 0x8000001F, 0, CPUID_EAX, 1, VENDOR_AMD, NULL, 0, 0}, /* SEV */
    {"sev_es", 0x8000001F, 0, CPUID_EAX, 3, VENDOR_AMD, NULL, 0,
     0}, /* SEV-ES, VMGEXIT */
    {"sev_snp", 0x8000001F, 0, CPUID_EAX, 4, VENDOR_AMD, NULL, 0,
     0}, /* SEV-SNP, PVALIDATE etc. */
    {"vmpl", 0x8000001F, 0, CPUID_EAX, 5, VENDOR_AMD, NULL, 0,
     0}, /* VM permission levels */
    {"rmpquery", 0x8000001F, 0, CPUID_EAX, 6, VENDOR_AMD, NULL, 0,
     0}, /* RMPQUERY */
    {"debug_swap", 0x8000001F, 0, CPUID_EAX, 14, VENDOR_AMD, NULL, 0,
     0}, /* SEV-ES debug state swap */
    {"rmpread", 0x8000001F, 0, CPUID_EAX, 21, VENDOR_AMD, NULL, 0,
     0}, /* RMPREAD */

    /* CPUID.80000021H:EAX. APM Fn8000_0021_EAX; cpufeatures.h word 20.
     * KVM reports bits 2 and 6 to Intel guests too. */
    {"wrmsr_xx_base_ns", 0x80000021, 0, CPUID_EAX, 1, VENDOR_AMD, NULL, 0,
     0}, /* WRMSR FS/GS base non-serializing */
    {"lfence_rdtsc", 0x80000021, 0, CPUID_EAX, 2, VENDOR_ANY, NULL, 0,
     0}, /* LFENCE always serializing */
    {"verw_clear", 0x80000021, 0, CPUID_EAX, 5, VENDOR_AMD, NULL, 0,
     0}, /* VERW m16 clears buffers (TSA) */
    {"null_sel_clr_base", 0x80000021, 0, CPUID_EAX, 6, VENDOR_ANY, NULL, 0,
     0}, /* null selector clears base */
    {"uai", 0x80000021, 0, CPUID_EAX, 7, VENDOR_AMD, NULL, 0,
     0}, /* upper address ignore, EFER.UAIE */
    {"autoibrs", 0x80000021, 0, CPUID_EAX, 8, VENDOR_AMD, NULL, 0,
     0}, /* automatic IBRS, EFER.AIBRSE */
    {"gp_on_user_cpuid", 0x80000021, 0, CPUID_EAX, 17, VENDOR_AMD, NULL, 0,
     0}, /* CPUID faulting, HWCR */
    {"prefetchi", 0x80000021, 0, CPUID_EAX, 20, VENDOR_AMD, NULL, 0,
     0}, /* PREFETCHIT0/1 (AMD bit) */
    {"avx512_bmm", 0x80000021, 0, CPUID_EAX, 23, VENDOR_AMD, "avx512f", 0,
     0}, /* bit matrix multiply */
    {"sbpb", 0x80000021, 0, CPUID_EAX, 27, VENDOR_AMD, NULL, 0,
     0}, /* PRED_CMD.SBPB */

    /* CPUID.C0000001H:EDX. VIA/Centaur PadLock (Zhaoxin too);
     * cpufeatures.h word 5, cpuinfo names. */
    {"rng", 0xC0000001, 0, CPUID_EDX, 2, VENDOR_OTHER, NULL, 0,
     0}, /* XSTORE present */
    {"rng_en", 0xC0000001, 0, CPUID_EDX, 3, VENDOR_OTHER, NULL, 0,
     0}, /* XSTORE enabled */
    {"ace", 0xC0000001, 0, CPUID_EDX, 6, VENDOR_OTHER, NULL, 0,
     0}, /* XCRYPT present */
    {"ace_en", 0xC0000001, 0, CPUID_EDX, 7, VENDOR_OTHER, NULL, 0,
     0}, /* XCRYPT enabled */
    {"ace2", 0xC0000001, 0, CPUID_EDX, 8, VENDOR_OTHER, NULL, 0,
     0}, /* ACE v2 present */
    {"ace2_en", 0xC0000001, 0, CPUID_EDX, 9, VENDOR_OTHER, NULL, 0,
     0}, /* ACE v2 enabled */
    {"phe", 0xC0000001, 0, CPUID_EDX, 10, VENDOR_OTHER, NULL, 0,
     0}, /* hash engine present */
    {"phe_en", 0xC0000001, 0, CPUID_EDX, 11, VENDOR_OTHER, NULL, 0,
     0}, /* hash engine enabled */
    {"pmm", 0xC0000001, 0, CPUID_EDX, 12, VENDOR_OTHER, NULL, 0,
     0}, /* Montgomery multiplier present */
    {"pmm_en", 0xC0000001, 0, CPUID_EDX, 13, VENDOR_OTHER, NULL, 0,
     0}, /* Montgomery multiplier enabled */
    /* Zhaoxin: Linux's cpufeatures.h patches name phe2 (bits 25, 26);
     * the CCS bits 4 and 5 (SM3/SM4) are those Zhaoxin's GMI drivers
     * test, which Linux does not print */
    {"ccs", 0xC0000001, 0, CPUID_EDX, 4, VENDOR_OTHER, NULL, 0,
     0}, /* SM3/SM4 present */
    {"ccs_en", 0xC0000001, 0, CPUID_EDX, 5, VENDOR_OTHER, NULL, 0,
     0}, /* SM3/SM4 enabled */
    {"phe2", 0xC0000001, 0, CPUID_EDX, 25, VENDOR_OTHER, NULL, 0,
     0}, /* hash engine v2 (SHA384/512) present */
    {"phe2_en", 0xC0000001, 0, CPUID_EDX, 26, VENDOR_OTHER, NULL, 0,
     0}, /* hash engine v2 enabled */
};

const size_t flag_count = sizeof flag_table / sizeof flag_table[0];
