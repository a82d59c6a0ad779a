/* Code that does not exist yet: what the JIT compilers in a process can
 * emit after the scan.
 *
 * A JIT compiler chooses its instructions from the CPU features it
 * detected when the process started, and keeps choosing them after a
 * migration. So for each engine recognised in the process, the ISA sets
 * its code generators can emit under its feature state are requirements,
 * whether or not code using them exists yet. Engines are recognised by a
 * dynamic symbol that only they define; their state is read from the
 * live process where it can be (HotSpot, V8), else bounded by what their
 * code generators can ever use (the repertoire). The facts are in
 * jit_table.c, with their sources; docs/scan.md, "Code that does not
 * exist yet", says what each rule covers and what it misses. */
#ifndef MIGCHECK_ANALYSIS_JIT_H
#define MIGCHECK_ANALYSIS_JIT_H

#include "analysis/scan.h"

/* How an engine's CPU-feature state is known. */
enum jit_state {
	/* Nothing to read: its code generators use each feature of its
	 * repertoire that the CPU has, detected by CPUID, and no option
	 * adds one. The source-host intersection then gives the state. */
	JIT_REPERTOIRE,
	/* HotSpot's VM_Version _features, found through the tables its
	 * serviceability agent reads (gHotSpotVMStructs and friends). */
	JIT_HOTSPOT,
	/* V8's CpuFeatures::supported_, a bit per CpuFeature, whose order
	 * depends on the V8 version (v8_layout_table). */
	JIT_V8,
	/* Kept where migcheck cannot read it, and the code generators can
	 * use any feature: an unknown of kind jit-state-unreadable. */
	JIT_OPAQUE,
};

struct jit_engine {
	const char *name;
	const char *marker; /* a dynamic symbol only this engine defines */
	/* A function every new compilation goes through: where the path
	 * method does not reach it, nothing more is compiled. NULL: the
	 * engine compiles whenever its runtime runs. */
	const char *generator;
	enum jit_state state;
	/* JIT_REPERTOIRE: the cpuinfo flags its generators may use */
	const char *repertoire;
	/* It compiles only into a buffer made at its start (PHP's
	 * opcache.jit_buffer_size): no executable memory, no JIT. */
	bool buffer_at_start;
	/* Only memory whose name holds this is its own; NULL: any. */
	const char *memory;
	const char *source;
};

/* A feature named by an engine's state, and the cpuinfo flags the
 * instructions it allows need ("" for a tuning fact that allows none). */
struct jit_feature {
	enum jit_state engine; /* JIT_HOTSPOT or JIT_V8 */
	const char *name;      /* "CPU_POPCNT" (HotSpot), "POPCNT" (V8) */
	const char *flags;
	const char *knob; /* HotSpot: the -XX flag that tunes its use */
	/* The knob is the only way the feature's instructions are emitted:
	 * off (read as false), the feature allows nothing. */
	bool only_with_knob;
};

/* The order of V8's CpuFeature enum for versions [from, to], as
 * major * 100 + minor. */
struct v8_layout {
	int from, to;
	const char *bits[32];
	const char *source;
};

extern const struct jit_engine jit_engine_table[];
extern const size_t jit_engine_count;
extern const struct jit_feature jit_feature_table[];
extern const size_t jit_feature_count;
extern const struct v8_layout v8_layout_table[];
extern const size_t v8_layout_count;

/* Executable memory that no ELF file describes: anonymous memory and
 * shared memory objects (memfd, /dev/zero, POSIX and System V shm). */
bool jit_memory(const struct proc_mapping *m);

/* Whether the path method reached `address` (NULL: the full method,
 * which takes every loaded engine as running). */
typedef bool (*jit_reached_fn)(void *ctx, uint64_t address);

/* Adds to `rec` the ISA sets the engines of process `p` can emit later,
 * with evidence naming the engine and its state, and the unknowns of
 * what cannot be told; describes them in `scan` ("jit"). */
void jit_account(const struct proc_snapshot *p, struct isa_record *rec,
		 json_object *scan, jit_reached_fn reached, void *ctx);

/* The ISA sets that code needing only `flags` beyond the x86-64 baseline
 * may use, baseline sets left out. */
void jit_isa_sets_of_flags(const struct feature_set *flags,
			   struct feature_set *out);

#endif
