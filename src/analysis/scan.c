/* Scanning a live process: what both methods share, and the full method.
 *
 * The full method decodes every instruction of every executable mapping,
 * kept inside the real code ranges: the executable sections of ELF files
 * (and of the vDSO image), so that constant tables and padding around them
 * are not decoded. Anonymous and memfd executable memory (JIT code) has no
 * sections and is decoded whole. The path method is in path.c.
 *
 * Source-host intersection: code behind a check for a feature this host
 * lacks cannot have run, and cannot run after migration either, because
 * the process cached its dispatch decisions here at start. So ISA sets the
 * source host cannot execute are dropped (and listed). This assumes the
 * process chose its code on this host; a process that was itself migrated
 * here from a richer host keeps choices this host never made, and would
 * already fail here. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/jit.h"
#include "analysis/scan.h"
#include "util/progress.h"
#include "util/error.h"

/* Linux user space ends at 2^47 with 4-level paging; above it is LA57. */
#define USER_SPACE_4LEVEL_END UINT64_C(0x800000000000)

const char *mapping_name(const struct proc_mapping *m)
{
	return m->path[0] ? m->path : "[anonymous]";
}

void json_add_count(json_object *o, const char *key, size_t n)
{
	json_object_object_add(o, key, json_object_new_int64((int64_t)n));
}

void scan_add_unknown(migcheck_requirements *r, const char *kind,
		      const char *fmt, ...)
{
	char detail[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	json_object *u = json_object_new_object();
	json_object_object_add(u, "kind", json_object_new_string(kind));
	json_object_object_add(u, "detail", json_object_new_string(detail));
	json_object_array_add(r->unknowns, u);
}

json_object *isa_record_instruction(struct isa_record *r,
				    const struct instruction *insn,
				    const struct code_place *where)
{
	if (insn->isa < 0) {
		/* An ISA set the feature model does not know: never silently
		 * "not needed". The unit tests keep this from happening with
		 * the installed Zydis; a newer one could. */
		if (!r->unclassified)
			scan_add_unknown(r->req, "unclassified-isa-set",
					 "%s at 0x%" PRIx64 " in %s: Zydis "
					 "reports an ISA set migcheck cannot "
					 "map to flags",
					 insn->mnemonic, insn->address,
					 where->object);
		r->unclassified = true;
		return NULL;
	}
	if (isa_table[insn->isa].baseline)
		return NULL;
	if (r->collect_sites) {
		if (r->site_count == r->site_cap) {
			size_t cap = r->site_cap ? r->site_cap * 2 : 1024;
			uint64_t *grown =
			    realloc(r->sites, cap * sizeof *grown);
			if (grown)
				r->sites = grown, r->site_cap = cap;
		}
		if (r->site_count < r->site_cap)
			r->sites[r->site_count++] = insn->address;
	}
	if (r->seen[insn->isa])
		return NULL;
	int knob = knobs_row(&r->knobs, insn, where->object);
	if (knob >= 0) {
		r->knobs.skipped[knob]++;
		return NULL;
	}
	/* A hint that runs as a NOP where unsupported (ENDBR64, CLDEMOTE)
	 * cannot break the workload anywhere: no requirement. */
	if (instruction_failure((size_t)insn->isa, insn->mnemonic) ==
	    FAILS_NOP) {
		r->hints++;
		return NULL;
	}
	r->seen[insn->isa] = true;
	char text[32];
	json_object *e = json_object_new_object();
	snprintf(text, sizeof text, "0x%" PRIx64, insn->address);
	json_object_object_add(e, "address", json_object_new_string(text));
	json_object_object_add(e, "object",
			       json_object_new_string(where->object));
	snprintf(text, sizeof text, "0x%" PRIx64, where->offset);
	json_object_object_add(e, "offset", json_object_new_string(text));
	if (where->symbol)
		json_object_object_add(e, "symbol",
				       json_object_new_string(where->symbol));
	json_object_object_add(e, "instruction",
			       json_object_new_string(insn->mnemonic));
	r->evidence[insn->isa] = e;
	return e;
}

int read_mapping(pid_t pid, const struct proc_mapping *m,
		 migcheck_requirements *r, struct proc_code *out)
{
	if (proc_read_code(pid, m, out))
		return -1;
	size_t size = m->end - m->start;
	if (out->size < size)
		scan_add_unknown(r, "unreadable",
				 "%s 0x%" PRIx64 "-0x%" PRIx64 ": %zu of %zu "
				 "bytes could not be read",
				 mapping_name(m), m->start, m->end,
				 size - out->size, size);
	return 0;
}

bool open_mapping_elf(const struct proc_mapping *m,
		      const struct proc_code *code, const char *cache_dir,
		      struct elf_code *out, enum elf_cache_use *use)
{
	enum elf_cache_use unused;
	if (!use)
		use = &unused;
	*use = ELF_CACHE_UNUSED;
	if (code->fd >= 0)
		return elf_cache_open(cache_dir, code->fd, out, use) == 0;
	return !strcmp(m->path, "[vdso]") &&
	       elf_code_open_memory(code->bytes, code->size, out) == 0;
}

/* ------------------------------------------------------ the full method */

struct full_scan {
	struct isa_record *rec;
	const char *cache_dir; /* the ELF cache's, or NULL */
	const struct proc_mapping *map;
	const struct elf_code *elf;
};

static void on_instruction(void *ctx, const struct instruction *insn)
{
	struct full_scan *s = ctx;
	if (!isa_record_wants(s->rec, insn))
		return;
	uint64_t offset = insn->address - s->map->start + s->map->offset;
	const struct elf_symbol *sym =
	    s->elf ? elf_code_symbol(s->elf, offset) : NULL;
	struct code_place where = {mapping_name(s->map), offset,
				   sym ? sym->name : NULL};
	json_object *e = isa_record_instruction(s->rec, insn, &where);
	if (e)
		json_object_object_add(
		    e, "reason",
		    json_object_new_string("decoded by the full scan of its "
					   "executable mapping"));
}

/* Decodes [from, to) of the mapping, as far as it could be read. */
static void sweep(struct full_scan *s, const struct proc_code *code,
		  uint64_t from, uint64_t to)
{
	const struct proc_mapping *m = s->map;
	if (from < m->start)
		from = m->start;
	if (to > m->start + code->size)
		to = m->start + code->size;
	if (from < to)
		decode_sweep(code->bytes + (from - m->start), to - from, from,
			     on_instruction, s, &s->rec->stats);
}

static void scan_mapping(struct full_scan *s, pid_t pid,
			 const struct proc_mapping *m)
{
	/* The legacy vsyscall page is kernel-emulated and unreadable. */
	if (!strcmp(m->path, "[vsyscall]"))
		return;
	struct proc_code code;
	if (read_mapping(pid, m, s->rec->req, &code) != 0) {
		scan_add_unknown(s->rec->req, "unreadable",
				 "%s 0x%" PRIx64 "-0x%" PRIx64
				 ": out of memory",
				 mapping_name(m), m->start, m->end);
		return;
	}
	struct elf_code elf;
	bool have_elf = open_mapping_elf(m, &code, s->cache_dir, &elf, NULL);
	s->map = m;
	s->elf = have_elf ? &elf : NULL;
	if (have_elf) {
		for (size_t i = 0; i < elf.range_count; i++) {
			const struct elf_range *r = &elf.ranges[i];
			uint64_t from = m->start + r->offset - m->offset;
			if (r->offset + r->size <= m->offset)
				continue;
			if (r->offset < m->offset)
				from = m->start;
			sweep(s, &code, from,
			      m->start + r->offset + r->size - m->offset);
		}
		elf_code_free(&elf);
	} else {
		/* JIT code, shared memory, or a file that is gone: all of
		 * it. Only the last is an unknown: jit.c accounts for
		 * memory a code generator writes. */
		if (!jit_memory(m))
			scan_add_unknown(s->rec->req, "no-elf-file",
					 "%s: no readable ELF file; the whole "
					 "mapping was decoded, data included",
					 m->path);
		sweep(s, &code, m->start, m->end);
	}
	s->elf = NULL;
	proc_code_free(&code);
}

/* State the process holds, needed even if no further instruction uses it:
 * XSAVE components in use, CET shadow stacks, addresses above 2^47. */
static void add_state(migcheck_requirements *r, const struct proc_snapshot *p)
{
	for (size_t i = 0; i < p->thread_count; i++)
		r->xsave |= p->threads[i].xstate_bv &
			    ~(XMASK(XFEATURE_X87) | XMASK(XFEATURE_SSE));
	if (strstr(p->shadow_stack, "shstk")) {
		int f = flag_find("shstk");
		if (f >= 0)
			feature_set_add(&r->flags, (size_t)f);
		r->xsave |= XMASK(XFEATURE_CET_U);
	}
	for (size_t i = 0; i < p->map_count; i++)
		if (p->maps[i].end > USER_SPACE_4LEVEL_END &&
		    strcmp(p->maps[i].path, "[vsyscall]") != 0) {
			int f = flag_find("la57");
			if (f >= 0)
				feature_set_add(&r->flags, (size_t)f);
			break;
		}
}

int scan_finish(struct isa_record *rec, const migcheck_profile *source,
		const struct proc_snapshot *p, json_object *scan,
		migcheck_error *err)
{
	migcheck_requirements *r = rec->req;
	if (!r->observed && !proc_still_running(p)) {
		json_object_put(scan);
		return set_error(err, MIGCHECK_ERR_IO,
				 "process %d: exited during the scan", p->pid);
	}
	json_object *dropped = json_object_new_array();
	for (size_t i = 0; i < isa_count; i++) {
		if (!rec->seen[i])
			continue;
		if (!feature_set_has(&source->isa_sets, i)) {
			json_object_array_add(
			    dropped, json_object_new_string(isa_table[i].name));
			json_object_put(rec->evidence[i]);
			rec->evidence[i] = NULL;
			continue;
		}
		requirements_add_isa(r, i);
		json_object_object_add(r->evidence, isa_table[i].name,
				       rec->evidence[i]);
		rec->evidence[i] = NULL;
	}
	add_state(r, p);

	json_object_object_add(scan, "pid", json_object_new_int(p->pid));
	json_object_object_add(scan, "executable",
			       json_object_new_string(p->exe));
	json_add_count(scan, "threads", p->thread_count);
	json_object_object_add(
	    scan, "pause_ms",
	    json_object_new_double((double)p->pause_ns / 1e6));
	json_add_count(scan, "instructions", rec->stats.instructions);
	json_add_count(scan, "undecodable_bytes", rec->stats.undecodable_bytes);
	json_object_object_add(scan, "not_usable_on_source_host", dropped);
	json_add_count(scan, "nop_hints_ignored", rec->hints);
	json_object_object_add(scan, "knobs", knobs_json(&rec->knobs));
	json_object_object_add(scan, "source_xcr0",
			       json_object_new_uint64(source->xcr0));
	r->scan = scan;
	json_object *method;
	json_object_object_get_ex(scan, "method", &method);
	snprintf(r->source, sizeof r->source, "%s %s process %d (%s)",
		 json_object_get_string(method), r->observed ? "of" : "scan of",
		 p->pid, p->exe);
	r->source_profile = profile_clone(source);
	return MIGCHECK_OK;
}

json_object *analysis_full(const struct proc_snapshot *p,
			   struct isa_record *rec)
{
	char dir[4096];
	struct full_scan s = {.rec = rec,
			      .cache_dir = code_cache_dir(dir, sizeof dir)};
	for (size_t i = 0; i < p->map_count; i++)
		if (p->maps[i].executable) {
			progress("decoding every mapping", i, p->map_count);
			scan_mapping(&s, p->pid, &p->maps[i]);
		}
	json_object *scan = json_object_new_object();
	if (scan) {
		json_object_object_add(scan, "method",
				       json_object_new_string("full"));
		/* every engine loaded is taken as compiling */
		jit_account(p, rec, scan, NULL, NULL);
	}
	return scan;
}

/* Test hook: MIGCHECK_TEST_DELAY_MS waits that long after the snapshot,
 * so that a test can make the target exit in the middle of a scan. */
static void test_delay(void)
{
	const char *v = getenv("MIGCHECK_TEST_DELAY_MS");
	long ms = v ? strtol(v, NULL, 10) : 0;
	if (ms > 0) {
		struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
}

unsigned scan_stack_flags(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool go = fd >= 0 && elf_has_section(fd, ".go.buildinfo");
	if (fd >= 0)
		close(fd);
	return PROC_STACKS | (go ? PROC_GO : 0);
}

/* Snapshot, method, requirements: the same for every method. */
static int scan_process(pid_t pid, enum migcheck_scan_method method,
			const migcheck_profile *source,
			migcheck_requirements **out, migcheck_error *err)
{
	struct proc_snapshot *p;
	progress("reading the process", 0, 0);
	int rc = proc_snapshot(
	    pid, method == MIGCHECK_SCAN_PATH ? scan_stack_flags(pid) : 0, &p,
	    err);
	if (rc) {
		progress_end();
		return rc;
	}
	test_delay();
	struct isa_record *rec = calloc(1, sizeof *rec);
	migcheck_requirements *r = requirements_new();
	json_object *scan = NULL;
	if (rec && r) {
		rec->req = r;
		knobs_read(p, &rec->knobs);
		scan = method == MIGCHECK_SCAN_PATH ? analysis_path(p, rec)
						    : analysis_full(p, rec);
	}
	rc = scan ? scan_finish(rec, source, p, scan, err)
		  : set_error(err, MIGCHECK_ERR_NOMEM,
			      "process %d: out of memory", pid);
	progress_end();
	return scan_release(rc, rec, p, r, out);
}

int scan_release(int rc, struct isa_record *rec, struct proc_snapshot *p,
		 migcheck_requirements *r, migcheck_requirements **out)
{
	if (rec)
		isa_record_release(rec);
	free(rec);
	proc_snapshot_free(p);
	if (rc) {
		migcheck_requirements_free(r);
		return rc;
	}
	*out = r;
	return MIGCHECK_OK;
}

void isa_record_release(struct isa_record *r)
{
	for (size_t i = 0; i < isa_count; i++) {
		json_object_put(r->evidence[i]);
		r->evidence[i] = NULL;
	}
	free(r->sites);
	r->sites = NULL;
	r->site_count = r->site_cap = 0;
}

int migcheck_scan_method_parse(const char *name)
{
	return !strcmp(name, "path")   ? MIGCHECK_SCAN_PATH
	       : !strcmp(name, "full") ? MIGCHECK_SCAN_FULL
				       : -1;
}

const char *migcheck_scan_method_name(enum migcheck_scan_method method)
{
	return method == MIGCHECK_SCAN_PATH ? "path" : "full";
}

int migcheck_scan(int pid, enum migcheck_scan_method method,
		  migcheck_requirements **out, migcheck_error *err)
{
	if (method != MIGCHECK_SCAN_FULL && method != MIGCHECK_SCAN_PATH)
		return set_error(err, MIGCHECK_ERR_UNSUPPORTED,
				 "unknown scan method %d", (int)method);
	migcheck_profile *host;
	int rc = migcheck_host_collect(&host, err);
	if (rc)
		return rc;
	rc = scan_process((pid_t)pid, method, host, out, err);
	migcheck_profile_free(host);
	return rc;
}
