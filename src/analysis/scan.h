/* What the scan methods (full, path) share: recording the ISA sets that
 * instructions use, with evidence, and turning them into requirements. */
#ifndef MIGCHECK_ANALYSIS_SCAN_H
#define MIGCHECK_ANALYSIS_SCAN_H

#include "analysis/requirements.h"
#include "analysis/knobs.h"
#include "code/cache.h"
#include "code/code.h"
#include "proc/proc.h"

struct isa_record {
	migcheck_requirements *req;
	bool seen[FEATURE_SET_WORDS * 64];
	json_object *evidence[FEATURE_SET_WORDS * 64];
	size_t hints;	   /* instructions that run as NOPs where unsupported */
	bool unclassified; /* an unknown ISA set was reported */
	struct decode_stats stats;
	/* With collect_sites: the address of every instruction noted whose
	 * ISA set is not baseline, not only the first of each set (watch
	 * measures its coverage of what the path method reaches). */
	bool collect_sites;
	uint64_t *sites;
	size_t site_count, site_cap;
	/* code that does not run as it is on a destination: not noted */
	struct knobs knobs;
};

/* Where an instruction is, for evidence. */
struct code_place {
	const char *object; /* path, "[vdso]", "[anonymous]" */
	uint64_t offset;    /* in the object's file (or mapping) */
	const char *symbol; /* or NULL */
};

/* Whether isa_record_instruction could note anything new: a cheap test
 * that spares looking up where the instruction is. */
static inline bool isa_record_wants_isa(const struct isa_record *r, int isa)
{
	return isa < 0 ? !r->unclassified
		       : !isa_table[isa].baseline &&
			     (r->collect_sites || !r->seen[isa]);
}

static inline bool isa_record_wants(const struct isa_record *r,
				    const struct instruction *insn)
{
	return isa_record_wants_isa(r, insn->isa);
}

/* Notes an instruction that may execute. Returns the evidence object
 * when it is the first of its ISA set, for the caller to complete with a
 * "reason" and maybe a "path"; else NULL. */
json_object *isa_record_instruction(struct isa_record *r,
				    const struct instruction *insn,
				    const struct code_place *where);

void scan_add_unknown(migcheck_requirements *r, const char *kind,
		      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reads executable mapping m whole (proc_read_code): the part that
 * cannot be read is named as an unknown in r. Returns -1 when out of
 * memory, with nothing to free. */
int read_mapping(pid_t pid, const struct proc_mapping *m,
		 migcheck_requirements *r, struct proc_code *out);

/* The ELF object behind mapping m: the very file mapped, through the ELF
 * cache in `cache_dir` (NULL: none; *use, when use is not NULL, says how
 * it was used), or the vDSO image read into `code`. False for anonymous
 * memory and files that cannot be read. */
bool open_mapping_elf(const struct proc_mapping *m,
		      const struct proc_code *code, const char *cache_dir,
		      struct elf_code *out, enum elf_cache_use *use);

/* The snapshot flags for the path method: PROC_STACKS, and PROC_GO when
 * the executable is Go (its threads' stacks are goroutines'). */
unsigned scan_stack_flags(pid_t pid);

/* The object name used in evidence and unknowns. */
const char *mapping_name(const struct proc_mapping *m);

/* Requirements from what was recorded: the source-host intersection,
 * the state the process holds, and the scan metadata in `scan` (method
 * and counts; pause, threads and more are added here). Fails when the
 * process exited during a scan; an observation (r->req->observed) keeps
 * what it saw. Takes `scan` either way. */
int scan_finish(struct isa_record *r, const migcheck_profile *source,
		const struct proc_snapshot *p, json_object *scan,
		migcheck_error *err);

/* Frees what a record holds (evidence not handed over, sites), not r. */
void isa_record_release(struct isa_record *r);

/* The end of every analysis: frees rec and p, and hands r to *out when
 * rc is MIGCHECK_OK (else frees it). Returns rc. */
int scan_release(int rc, struct isa_record *rec, struct proc_snapshot *p,
		 migcheck_requirements *r, migcheck_requirements **out);

/* The methods: each analyses a snapshot into `rec` and returns the scan
 * metadata ("method" and its counts), or NULL when out of memory. */
json_object *analysis_full(const struct proc_snapshot *p,
			   struct isa_record *rec);
json_object *analysis_path(const struct proc_snapshot *p,
			   struct isa_record *rec);

/* Adds a count to a JSON object. */
void json_add_count(json_object *o, const char *key, size_t n);

#endif
