/* migcheck: can this workload live-migrate to that x86-64 host?
 *
 * The library answers one question. A workload (a process, a container, a
 * VM) runs on a source host. A catalog lists destination CPUs. For each
 * destination, migcheck says: compatible; incompatible, with the exact
 * features the destination lacks; or unknown, which counts as incompatible
 * until shown safe.
 *
 * The flow runs one way:
 *
 *   migcheck_host_collect / migcheck_profile_load   -> migcheck_profile (a CPU)
 *   migcheck_catalog_add_path                 -> migcheck_catalog
 * (destinations) migcheck_requirements_load / _from_profile->
 * migcheck_requirements  (what it needs) migcheck_check -> migcheck_verdicts
 * (per destination) migcheck_report_*                         -> text or JSON
 *
 * Conventions:
 * - Functions that can fail return 0 on success and a negative
 *   MIGCHECK_ERR_* code on failure, and fill the caller's migcheck_error with
 * one line that names the input (file, position, PID). They print nothing.
 * - Every *_create / *_load has a matching *_free, which accepts NULL.
 * - Names of features are those users already know: Linux /proc/cpuinfo
 *   flag names, and Intel XED / Zydis ISA-set names.
 */
#ifndef MIGCHECK_MIGCHECK_H
#define MIGCHECK_MIGCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum migcheck_status {
	MIGCHECK_OK = 0,
	MIGCHECK_ERR_IO = -1,	 /* a file could not be read or written */
	MIGCHECK_ERR_PARSE = -2, /* malformed input: JSON, CSV, XML */
	MIGCHECK_ERR_INVALID =
	    -3, /* well-formed, but wrong: unknown names, ... */
	MIGCHECK_ERR_NOMEM = -4,
	MIGCHECK_ERR_UNSUPPORTED =
	    -5, /* another architecture, a missing facility */
};

/* One line that names the input and what is wrong with it. */
typedef struct migcheck_error {
	char message[512];
} migcheck_error;

/* ---------------------------------------------------------------- CPUs */

/* A CPU profile: vendor and model, raw CPUID leaves, XCR0 and XSAVE sizes,
 * the CPUID flags that are set and the ISA sets that are usable. */
typedef struct migcheck_profile migcheck_profile;

/* Collects the profile of the CPU this code runs on.
 * @return MIGCHECK_OK, or MIGCHECK_ERR_UNSUPPORTED on a CPU that is not x86-64.
 */
int migcheck_host_collect(migcheck_profile **out, migcheck_error *err);

/* Reads a profile written by migcheck_profile_write_json (schema
 * "migcheck/profile/v1"). "-" reads standard input.
 * @return MIGCHECK_OK, MIGCHECK_ERR_IO, MIGCHECK_ERR_PARSE,
 * MIGCHECK_ERR_INVALID (unknown schema, unknown flag names) or
 * MIGCHECK_ERR_UNSUPPORTED (another architecture). */
int migcheck_profile_load(const char *path, migcheck_profile **out,
			  migcheck_error *err);

void migcheck_profile_free(migcheck_profile *profile);

/* -------------------------------------------------------------- catalog */

/* A set of destination CPUs, loaded from files in any supported format. */
typedef struct migcheck_catalog migcheck_catalog;

migcheck_catalog *migcheck_catalog_create(void);

/* Adds every destination in a file or directory: migcheck profiles (JSON),
 * libvirt's cpu_map directory or one of its x86_*.xml models, or the
 * LiveMigrate-Detector CSV format. Data defects that the importer noticed
 * are kept as warnings (migcheck_catalog_warning).
 * @return MIGCHECK_OK, or an error naming the file and position. */
int migcheck_catalog_add_path(migcheck_catalog *catalog, const char *path,
			      migcheck_error *err);

/* Adds libvirt's x86 CPU models from /usr/share/libvirt/cpu_map. */
int migcheck_catalog_add_default(migcheck_catalog *catalog,
				 migcheck_error *err);

size_t migcheck_catalog_size(const migcheck_catalog *catalog);
size_t migcheck_catalog_group_count(const migcheck_catalog *catalog);
size_t migcheck_catalog_warning_count(const migcheck_catalog *catalog);
const char *migcheck_catalog_warning(const migcheck_catalog *catalog, size_t i);

/* Adds a copy of `profile` as a destination named `name`. */
int migcheck_catalog_add_profile(migcheck_catalog *catalog,
				 const migcheck_profile *profile,
				 const char *name, migcheck_error *err);

void migcheck_catalog_free(migcheck_catalog *catalog);

/* --------------------------------------------------------- requirements */

/* What a workload needs: ISA sets, CPUID flags, XSAVE state components,
 * with evidence, and whatever could not be analysed (unknowns). */
typedef struct migcheck_requirements migcheck_requirements;

/* Reads a requirements file (schema "migcheck/requirements/v1"). */
int migcheck_requirements_load(const char *path, migcheck_requirements **out,
			       migcheck_error *err);

/* The host-level requirement that today's tools apply: the workload needs
 * every feature the source profile has. */
int migcheck_requirements_from_profile(const migcheck_profile *profile,
				       migcheck_requirements **out,
				       migcheck_error *err);

/* The host the requirements were found on (a scan's, or one a
 * requirements file names), or NULL when unknown. */
const migcheck_profile *
migcheck_requirements_source(const migcheck_requirements *req);

void migcheck_requirements_free(migcheck_requirements *req);

/* How a live process is analysed. */
enum migcheck_scan_method {
	/* instructions on the paths the process can still execute, from
	 * its threads, stacks, code pointers in memory and handlers */
	MIGCHECK_SCAN_PATH,
	MIGCHECK_SCAN_FULL, /* every instruction of every executable mapping */
};

/* "path" or "full" -> method; -1 when unknown. */
int migcheck_scan_method_parse(const char *name);
const char *migcheck_scan_method_name(enum migcheck_scan_method method);

/* Analyses the running process `pid` on this host: its threads are
 * stopped with PTRACE_SEIZE/PTRACE_INTERRUPT only while registers, XSAVE
 * state and (for the path method) stacks are read (the pause is
 * reported), then left running exactly as they were, on every path. The result
 * holds the ISA sets the process's code uses that this host can execute, the
 * state it holds (XSAVE components in use, CET shadow stack, LA57 addresses),
 * evidence for each ISA set, and unknowns for what could not be read.
 * @return MIGCHECK_OK; MIGCHECK_ERR_IO for a process that does not exist
 *         or exits during the scan; MIGCHECK_ERR_UNSUPPORTED for a kernel
 *         thread, a zombie, a 32-bit process or one we may not trace. */
int migcheck_scan(int pid, enum migcheck_scan_method method,
		  migcheck_requirements **out, migcheck_error *err);

/* Watches the running process `pid` for `duration_ms`, or until it
 * exits or `stop_fd` (-1 for none) becomes readable: which non-baseline
 * ISA sets it executes meanwhile. An int3 is planted at every such
 * instruction of its code and removed at the first hit; the process runs
 * at native speed, its signals are passed on unchanged, new threads and
 * new executable mappings (dlopen, JIT) are followed, and every int3
 * left is removed on the way out. SIGCHLD is blocked in the calling
 * thread meanwhile. The result is marked observed: its ISA sets are
 * exactly those executed, with the first execution of each as evidence.
 * A process that exits during the watch gives the report for the time
 * observed.
 * @return as migcheck_scan. */
int migcheck_watch(int pid, unsigned duration_ms, int stop_fd,
		   migcheck_requirements **out, migcheck_error *err);

/* --------------------------------------------------------------- check */

/* How a destination is judged. */
enum migcheck_policy {
	MIGCHECK_POLICY_WORKLOAD, /* what the workload needs (migcheck's own) */
	MIGCHECK_POLICY_CRIU_FPU, /* criu --cpu-cap=fpu */
	MIGCHECK_POLICY_CRIU_INS, /* criu --cpu-cap=ins */
	MIGCHECK_POLICY_CRIU_FPU_INS, /* criu --cpu-cap=fpu,ins (CRIU's default)
				       */
	MIGCHECK_POLICY_CRIU_CPU,     /* criu --cpu-cap=cpu */
};

/* Parses "workload", "criu-fpu", "criu-ins", "criu-fpu-ins", "criu-cpu".
 * @return 0, or -1 for an unknown name. */
int migcheck_policy_parse(const char *name, enum migcheck_policy *out);
const char *migcheck_policy_name(enum migcheck_policy policy);

enum migcheck_verdict {
	MIGCHECK_COMPATIBLE,
	MIGCHECK_INCOMPATIBLE,
	MIGCHECK_UNKNOWN, /* could not decide: counts as incompatible */
};

typedef struct migcheck_verdicts migcheck_verdicts;

/* Judges every destination of `catalog` against `req` under `policy`.
 * The CRIU policies need raw CPUID on both sides: a requirements object
 * made by migcheck_requirements_from_profile and destinations that are
 * profiles; other destinations get MIGCHECK_UNKNOWN with the reason. */
int migcheck_check(const migcheck_requirements *req,
		   const migcheck_catalog *catalog, enum migcheck_policy policy,
		   migcheck_verdicts **out, migcheck_error *err);

size_t migcheck_verdicts_count(const migcheck_verdicts *v);
size_t migcheck_verdicts_compatible(const migcheck_verdicts *v);
size_t migcheck_verdicts_groups(const migcheck_verdicts *v);
size_t migcheck_verdicts_groups_compatible(const migcheck_verdicts *v);

/* The verdict for the destination called `name`.
 * @return 0 and *out set, or -1 when no destination has that name. */
int migcheck_verdicts_find(const migcheck_verdicts *v, const char *name,
			   enum migcheck_verdict *out);

void migcheck_verdicts_free(migcheck_verdicts *v);

/* ------------------------------------------------------------- compare */

/* One workload's destinations under every policy, side by side: CRIU's
 * fpu+ins and cpu on the source host, migcheck's full and path scans,
 * and the observed set from a watch, a lower bound on what it needs. */
typedef struct migcheck_comparison migcheck_comparison;

/* `full` and `path` come from migcheck_scan of one process, `observed`
 * from migcheck_watch of it, or NULL. All of them and the catalog must
 * outlive the comparison. */
int migcheck_compare(const migcheck_requirements *full,
		     const migcheck_requirements *path,
		     const migcheck_requirements *observed,
		     const migcheck_catalog *catalog, migcheck_comparison **out,
		     migcheck_error *err);

/* Destinations that full or path allows and the observation refuses:
 * soundness failures. */
size_t migcheck_comparison_failures(const migcheck_comparison *c);

void migcheck_comparison_free(migcheck_comparison *c);

/* -------------------------------------------------------------- reports */

/* Each writes one report to `out`. JSON reports are one object, documented
 * in docs/. They return MIGCHECK_OK or MIGCHECK_ERR_IO. Text reports fit
 * 100 columns a line: long lists are folded (`AVX512* (31 sets)`, `+12
 * more`), unless MIGCHECK_REPORT_VERBOSE. */
enum migcheck_report_flags {
	MIGCHECK_REPORT_GROUPS = 1,  /* a line per group of identical ones */
	MIGCHECK_REPORT_VERBOSE = 2, /* every name, chains, whole warnings */
};
int migcheck_report_profile_text(FILE *out, const migcheck_profile *profile);
int migcheck_report_profile_json(FILE *out, const migcheck_profile *profile);
int migcheck_report_catalog_text(FILE *out, const migcheck_catalog *catalog,
				 unsigned flags);
int migcheck_report_catalog_json(FILE *out, const migcheck_catalog *catalog,
				 bool groups);
int migcheck_report_requirements_json(FILE *out,
				      const migcheck_requirements *req);
int migcheck_report_requirements_text(FILE *out,
				      const migcheck_requirements *req,
				      unsigned flags);
/* A line per destination (or group), the summary last. `host_level`:
 * the verdicts of a host-level check (migcheck_requirements_from_profile
 * of the source host) over the same catalog, or NULL; its count is named
 * in the summary, for comparison. */
int migcheck_report_verdicts_text(FILE *out, const migcheck_verdicts *v,
				  const migcheck_verdicts *host_level,
				  unsigned flags);
int migcheck_report_verdicts_json(FILE *out, const migcheck_verdicts *v);
/* Why destination `name` is refused: each missing feature with the
 * instruction that needs it, from the requirements' evidence.
 * @return MIGCHECK_ERR_INVALID when no destination has that name. */
int migcheck_report_explain_text(FILE *out, const migcheck_verdicts *v,
				 const migcheck_requirements *req,
				 const char *name);
/* One row per group of the catalog, one column per policy, the summary
 * and, loudly, any soundness failure with its evidence. */
int migcheck_report_comparison_text(FILE *out, const migcheck_comparison *c,
				    unsigned flags);
/* Schema migcheck/comparison/v1 (docs/compare.md). */
int migcheck_report_comparison_json(FILE *out, const migcheck_comparison *c);

/* Progress of long work, for a person watching: `phase` names it
 * ("walking code"), `done` and `total` count its units (total 0: not
 * known ahead). A NULL phase: the work is over, its line can go. Called
 * on the calling thread, often: rate limiting is the callback's. NULL,
 * the default: no calls. */
typedef void (*migcheck_progress_fn)(void *ctx, const char *phase,
				     unsigned long long done,
				     unsigned long long total);
void migcheck_set_progress(migcheck_progress_fn fn, void *ctx);

const char *migcheck_version(void);

#ifdef __cplusplus
}
#endif

#endif
