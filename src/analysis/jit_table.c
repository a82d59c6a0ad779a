/* JIT engines: how each is recognised, where its CPU-feature state lives,
 * and which ISA sets its code generators can emit. One row per fact, with
 * the engine's source file that states it. See jit.h for the fields and
 * docs/scan.md ("Code that does not exist yet") for the rules. */
#include "analysis/jit.h"

const struct jit_engine jit_engine_table[] = {
    {"HotSpot", "gHotSpotVMStructs", NULL, JIT_HOTSPOT, NULL, false, NULL,
     "OpenJDK src/hotspot/cpu/x86/vm_version_x86.{hpp,cpp} (the CPU_ "
     "features, masked by UseAVX and UseSSE), "
     "src/hotspot/share/runtime/vmStructs.cpp (the exported tables)"},
    {"V8", "_ZN2v88internal11CpuFeatures10supported_E", NULL, JIT_V8, NULL,
     false, NULL,
     "V8 src/codegen/cpu-features.h, src/codegen/x64/assembler-x64.cc "
     "(CpuFeatures::ProbeImpl)"},
    {"LuaJIT", "luaJIT_setmode", NULL, JIT_REPERTOIRE, "pni sse4_1 bmi2", false,
     NULL,
     "LuaJIT 2.1 src/lj_jit.h (JIT_F_SSE3, JIT_F_SSE4_1, JIT_F_BMI2), "
     "src/lj_asm_x86.h, src/lj_emit_x86.h"},
    /* sljit tests CMOV, LZCNT, TZCNT (BMI1), SSE4.1 and, from PCRE2
     * 10.43, AVX and AVX2 for its character searches; the row covers
     * them all, whatever the version. */
    {"PCRE2 JIT (8-bit)", "pcre2_jit_compile_8", "pcre2_jit_compile_8",
     JIT_REPERTOIRE, "ssse3 sse4_1 sse4_2 abm bmi1 avx avx2", false, NULL,
     "PCRE2 src/sljit/sljitNativeX86_common.c (get_cpu_features, "
     "cpu_feature_list), src/pcre2_jit_simd_inc.h"},
    {"PCRE2 JIT (16-bit)", "pcre2_jit_compile_16", "pcre2_jit_compile_16",
     JIT_REPERTOIRE, "ssse3 sse4_1 sse4_2 abm bmi1 avx avx2", false, NULL,
     "as PCRE2 JIT (8-bit)"},
    {"PCRE2 JIT (32-bit)", "pcre2_jit_compile_32", "pcre2_jit_compile_32",
     JIT_REPERTOIRE, "ssse3 sse4_1 sse4_2 abm bmi1 avx avx2", false, NULL,
     "as PCRE2 JIT (8-bit)"},
    /* zend_jit_setup allows ZEND_JIT_CPU_AVX alone; the row adds the
     * x86-64-v2 and v3 integer sets as a margin for other versions. */
    {"PHP opcache JIT", "zend_jit_startup", NULL, JIT_REPERTOIRE,
     "pni ssse3 sse4_1 sse4_2 popcnt abm bmi1 bmi2 avx", true, NULL,
     "php-src ext/opcache/jit/zend_jit_x86.dasc (zend_jit_setup), "
     "ext/opcache/jit/zend_jit.c, PHP 8.0-8.3"},
    /* Closures are fixed trampolines (ENDBR64, LEA, JMP): no feature. */
    {"libffi closures", "ffi_closure_alloc", NULL, JIT_REPERTOIRE, "", false,
     NULL, "libffi src/x86/ffi64.c (ffi_prep_closure_loc), src/closures.c"},
    {".NET CoreCLR", "coreclr_initialize", NULL, JIT_OPAQUE, NULL, false, NULL,
     "dotnet/runtime src/coreclr/vm/codeman.cpp (EEJitManager::SetCpuInfo: "
     "the instruction sets are kept in no exported variable)"},
    {"Mono", "mono_jit_init", NULL, JIT_OPAQUE, NULL, false, NULL,
     "mono mono/mini/mini-amd64.c (mono_arch_cpu_optimizations), optional "
     "LLVM back end"},
    {"LLVM ORC/MCJIT", "LLVMCreateMCJITCompilerForModule", NULL, JIT_OPAQUE,
     NULL, false, NULL,
     "llvm lib/ExecutionEngine: the target features are the embedder's "
     "choice, in no fixed variable"},
    {"Erlang BEAM JIT", "enif_alloc", NULL, JIT_OPAQUE, NULL, false, NULL,
     "erlang/otp erts/emulator/beam/jit/x86/beam_asm.hpp (asmjit "
     "CpuInfo::host(), not exported)"},
    {"PyPy", "pypy_setup_home", NULL, JIT_OPAQUE, NULL, false, NULL,
     "pypy rpython/jit/backend/x86/detect_feature.py (detected at start, "
     "kept in the JIT's own objects)"},
};
const size_t jit_engine_count =
    sizeof jit_engine_table / sizeof jit_engine_table[0];

const struct jit_feature jit_feature_table[] = {
    /* HotSpot: VM_Version::Feature_Flag (vm_version_x86.hpp), named as
     * its long constants VM_Version::CPU_* (vmStructs_x86.hpp). The knob
     * is the -XX flag that gates the feature's use in compiled code. */
    {JIT_HOTSPOT, "CPU_CX8", "cx8", NULL, false},
    {JIT_HOTSPOT, "CPU_CMOV", "cmov", NULL, false},
    {JIT_HOTSPOT, "CPU_FXSR", "fxsr", NULL, false},
    {JIT_HOTSPOT, "CPU_HT", "", NULL, false},
    {JIT_HOTSPOT, "CPU_MMX", "mmx", NULL, false},
    {JIT_HOTSPOT, "CPU_3DNOW_PREFETCH", "3dnowprefetch", NULL, false},
    {JIT_HOTSPOT, "CPU_SSE", "sse", "UseSSE", false},
    {JIT_HOTSPOT, "CPU_SSE2", "sse2", "UseSSE", false},
    {JIT_HOTSPOT, "CPU_SSE3", "pni", "UseSSE", false},
    {JIT_HOTSPOT, "CPU_SSSE3", "ssse3", "UseSSE", false},
    {JIT_HOTSPOT, "CPU_SSE4A", "sse4a", NULL, false},
    {JIT_HOTSPOT, "CPU_SSE4_1", "sse4_1", "UseSSE", false},
    {JIT_HOTSPOT, "CPU_SSE4_2", "sse4_2", "UseSSE", false},
    {JIT_HOTSPOT, "CPU_POPCNT", "popcnt", "UsePopCountInstruction", false},
    {JIT_HOTSPOT, "CPU_LZCNT", "abm", "UseCountLeadingZerosInstruction", false},
    {JIT_HOTSPOT, "CPU_TSC", "tsc", NULL, false},
    {JIT_HOTSPOT, "CPU_TSCINV_BIT", "", NULL, false},
    {JIT_HOTSPOT, "CPU_TSCINV", "", NULL, false},
    {JIT_HOTSPOT, "CPU_AVX", "avx", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX2", "avx2", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AES", "aes", "UseAES", false},
    {JIT_HOTSPOT, "CPU_ERMS", "", NULL, false}, /* REP MOVSB: baseline */
    {JIT_HOTSPOT, "CPU_CLMUL", "pclmulqdq", "UseCLMUL", false},
    {JIT_HOTSPOT, "CPU_BMI1", "bmi1", "UseBMI1Instructions", false},
    {JIT_HOTSPOT, "CPU_BMI2", "bmi2", "UseBMI2Instructions", false},
    /* XBEGIN only in MacroAssembler::rtm_* (macroAssembler_x86.cpp),
     * called only under UseRTMLocking */
    {JIT_HOTSPOT, "CPU_RTM", "rtm", "UseRTMLocking", true},
    {JIT_HOTSPOT, "CPU_ADX", "adx", NULL, false},
    {JIT_HOTSPOT, "CPU_AVX512F", "avx512f", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512DQ", "avx512dq", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512PF", "avx512pf", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512ER", "avx512er", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512CD", "avx512cd", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512BW", "avx512bw", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512VL", "avx512vl", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_SHA", "sha_ni", "UseSHA", false},
    {JIT_HOTSPOT, "CPU_FMA", "fma", "UseFMA", false},
    {JIT_HOTSPOT, "CPU_VZEROUPPER", "", NULL, false}, /* part of AVX */
    {JIT_HOTSPOT, "CPU_AVX512_VPOPCNTDQ", "avx512_vpopcntdq", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512_VPCLMULQDQ", "vpclmulqdq", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512_VAES", "vaes", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512_VNNI", "avx512_vnni", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_FLUSH", "clflush", NULL, false},
    {JIT_HOTSPOT, "CPU_FLUSHOPT", "clflushopt", NULL, false},
    {JIT_HOTSPOT, "CPU_CLWB", "clwb", NULL, false},
    {JIT_HOTSPOT, "CPU_AVX512_VBMI2", "avx512_vbmi2", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512_VBMI", "avx512vbmi", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_HV", "", NULL, false},
    /* later JDKs (17u updates, 21, 25) */
    {JIT_HOTSPOT, "CPU_SERIALIZE", "serialize", NULL, false},
    {JIT_HOTSPOT, "CPU_RDTSCP", "rdtscp", NULL, false},
    {JIT_HOTSPOT, "CPU_RDPID", "rdpid", NULL, false},
    {JIT_HOTSPOT, "CPU_FSRM", "", NULL, false},
    {JIT_HOTSPOT, "CPU_GFNI", "gfni", NULL, false},
    {JIT_HOTSPOT, "CPU_AVX512_BITALG", "avx512_bitalg", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_F16C", "f16c", NULL, false},
    {JIT_HOTSPOT, "CPU_PKU", "pku", NULL, false},
    {JIT_HOTSPOT, "CPU_OSPKE", "ospke", NULL, false},
    {JIT_HOTSPOT, "CPU_CET_IBT", "ibt", NULL, false},
    {JIT_HOTSPOT, "CPU_CET_SS", "shstk", NULL, false},
    {JIT_HOTSPOT, "CPU_AVX512_IFMA", "avx512ifma", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX_IFMA", "avx_ifma", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_AVX512_FP16", "avx512_fp16", "UseAVX", false},
    {JIT_HOTSPOT, "CPU_SHA512", "sha512", NULL, false},
    {JIT_HOTSPOT, "CPU_APX_F", "apx_f", NULL, false},
    /* V8: enum CpuFeature (cpu-features.h) */
    {JIT_V8, "SSE4_2", "sse4_2", NULL, false},
    {JIT_V8, "SSE4_1", "sse4_1", NULL, false},
    {JIT_V8, "SSSE3", "ssse3", NULL, false},
    {JIT_V8, "SSE3", "pni", NULL, false},
    {JIT_V8, "SAHF", "lahf_lm", NULL, false},
    {JIT_V8, "AVX", "avx", NULL, false},
    {JIT_V8, "AVX2", "avx2", NULL, false},
    {JIT_V8, "AVX_VNNI", "avx_vnni", NULL, false},
    {JIT_V8, "AVX_VNNI_INT8", "avx_vnni_int8", NULL, false},
    {JIT_V8, "FMA3", "fma", NULL, false},
    {JIT_V8, "BMI1", "bmi1", NULL, false},
    {JIT_V8, "BMI2", "bmi2", NULL, false},
    {JIT_V8, "LZCNT", "abm", NULL, false},
    {JIT_V8, "POPCNT", "popcnt", NULL, false},
    {JIT_V8, "INTEL_ATOM", "", NULL, false}, /* instruction selection tuning */
    {JIT_V8, "INTEL_JCC_ERRATUM_MITIGATION", "", NULL, false},
    {JIT_V8, "CETSS", "shstk", NULL, false},
    {JIT_V8, "F16C", "f16c", NULL, false},
};
const size_t jit_feature_count =
    sizeof jit_feature_table / sizeof jit_feature_table[0];

const struct v8_layout v8_layout_table[] = {
    /* 10.2 (Debian 12's nodejs 18): read from CpuFeatures::PrintFeatures
     * in libnode.so.108, which tests bit 3 for SSE3 ... bit 12 for ATOM.
     * 11.3 (nodejs 20): each --no-enable-FEATURE clears the bit named
     * here. The two agree, so every version between does. Bits 13 and
     * 14, where a version has them, follow ATOM as in later sources. */
    {1002,
     1103,
     {"SSE4_2", "SSE4_1", "SSSE3", "SSE3", "SAHF", "AVX", "AVX2", "FMA3",
      "BMI1", "BMI2", "LZCNT", "POPCNT", "INTEL_ATOM",
      "INTEL_JCC_ERRATUM_MITIGATION", "CETSS"},
     "V8 10.2 and 11.3 src/codegen/cpu-features.h"},
};
const size_t v8_layout_count =
    sizeof v8_layout_table / sizeof v8_layout_table[0];
