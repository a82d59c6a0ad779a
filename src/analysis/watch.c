/* Watching a live process: which non-baseline ISA sets it really
 * executes, with one-shot breakpoints (docs/watch.md).
 *
 * Sites: every instruction whose ISA set is not baseline and that this
 * host can execute, found by sweeping each function extent of each ELF
 * mapping from its start (FDE ranges and sized symbols, elf.c): a byte
 * between functions may be data, such as the constant tables that
 * hand-written assembly keeps in .text, and an int3 planted there would
 * change the workload's results. Anonymous executable memory (JIT code)
 * has no extents; it is followed by recursive descent from its start, so
 * only bytes reached as instructions are touched.
 *
 * Each site gets an int3 while the process runs (a one-byte store is
 * seen whole or not at all by a thread that runs the code). A hit
 * restores the byte and rewinds the thread: the instruction then runs
 * natively, and never traps again. JIT memory is patched only with every
 * thread stopped, because the target may write it too. On every way out
 * the remaining int3s are removed, each only where the bytes are still
 * ours. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/jit.h"
#include "analysis/scan.h"
#include "proc/trace.h"
#include "util/progress.h"
#include "util/error.h"

#define INT3	   0xcc
#define PAGE	   4096u
#define RESCAN_MS  200 /* how often new executable mappings are looked for */
#define MAX_LISTED 8   /* hits off the path named in the output */

enum site_state { SITE_FOUND, SITE_PLANTED, SITE_HIT, SITE_GONE };

struct site {
	uint64_t address;
	uint32_t mapping; /* index in watch.maps */
	int16_t isa;
	uint8_t length, state;
	bool on_path;  /* the path method reached it */
	bool new_code; /* mapped after the watch began */
	uint8_t code[15];
};

struct watch {
	pid_t pid;
	int mem_fd;
	const migcheck_profile *host;
	struct isa_record *rec; /* unknowns and decode counts */
	struct proc_mapping *maps;
	size_t map_count, map_cap;
	struct site *sites; /* sorted by address once planted */
	size_t site_count, site_cap;
	bool nomem;
	/* while collecting one mapping */
	uint32_t current;
	const uint8_t *bytes;
	bool new_code;
	/* results */
	size_t planted, hits, hits_on_path, hits_off_path;
	size_t on_path, jit_mappings, later_mappings;
	uint64_t first_hit[FEATURE_SET_WORDS * 64]; /* site address, or 0 */
	pid_t first_tid[FEATURE_SET_WORDS * 64];
	json_object *off_path;
	uint64_t max_pause_ns;
	char cache_buf[4096];
	const char *cache_dir; /* the ELF cache's, or NULL */
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_sites(const void *a, const void *b)
{
	const struct site *x = a, *y = b;
	return x->address < y->address ? -1 : x->address > y->address;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static struct site *find_site(struct watch *w, uint64_t address)
{
	struct site key = {.address = address};
	return w->site_count ? bsearch(&key, w->sites, w->site_count,
				       sizeof key, compare_sites)
			     : NULL;
}

/* ------------------------------------------------------------ sites */

static void on_instruction(void *ctx, const struct instruction *insn)
{
	struct watch *w = ctx;
	if (insn->isa < 0) {
		/* Unknown to the feature model: an unknown, as in a scan. */
		struct code_place where = {mapping_name(&w->maps[w->current]),
					   0, NULL};
		isa_record_instruction(w->rec, insn, &where);
		return;
	}
	size_t isa = (size_t)insn->isa;
	if (isa_table[isa].baseline ||
	    instruction_failure(isa, insn->mnemonic) == FAILS_NOP ||
	    !feature_set_has(&w->host->isa_sets, isa) ||
	    knobs_row(&w->rec->knobs, insn,
		      mapping_name(&w->maps[w->current])) >= 0)
		return; /* nothing to learn, it cannot run here, or it does
			 * not run as it is on a destination (knobs.h) */
	if (w->site_count == w->site_cap) {
		size_t cap = w->site_cap ? w->site_cap * 2 : 4096;
		struct site *grown = realloc(w->sites, cap * sizeof *grown);
		if (!grown) {
			w->nomem = true;
			return;
		}
		w->sites = grown;
		w->site_cap = cap;
	}
	const struct proc_mapping *m = &w->maps[w->current];
	struct site *s = &w->sites[w->site_count++];
	*s = (struct site){.address = insn->address,
			   .mapping = w->current,
			   .isa = (int16_t)isa,
			   .length = insn->length,
			   .new_code = w->new_code};
	memcpy(s->code, w->bytes + (insn->address - m->start), insn->length);
}

/* JIT code: only what control flow reaches from the mapping's start. */
static void descend(struct watch *w, const uint8_t *bytes, size_t size)
{
	const struct proc_mapping *m = &w->maps[w->current];
	uint8_t *seen = calloc(size ? size : 1, 1);
	size_t *todo = malloc(sizeof *todo * 64), count = 0, cap = 64;
	if (!seen || !todo) {
		w->nomem = true;
		free(seen);
		free(todo);
		return;
	}
	todo[count++] = 0;
	while (count) {
		size_t off = todo[--count];
		struct instruction insn;
		while (off < size && !seen[off] &&
		       decode_one(bytes + off, size - off, m->start + off,
				  &insn) == 0) {
			if (memchr(seen + off, 1, insn.length))
				break; /* overlaps another decoding */
			memset(seen + off, 1, insn.length);
			w->rec->stats.instructions++;
			on_instruction(w, &insn);
			if (insn.has_target && insn.target >= m->start &&
			    insn.target < m->start + size &&
			    insn.flow != FLOW_NEXT) {
				if (count == cap) {
					size_t *g =
					    realloc(todo, 2 * cap * sizeof *g);
					if (!g) {
						w->nomem = true;
						break;
					}
					todo = g;
					cap *= 2;
				}
				todo[count++] = insn.target - m->start;
			}
			if (insn.flow == FLOW_JUMP || insn.flow == FLOW_STOP)
				break;
			off += insn.length;
		}
	}
	free(seen);
	free(todo);
}

/* The extents of an ELF object, placed in mapping m. */
static void sweep_extents(struct watch *w, const struct elf_code *elf,
			  const uint8_t *bytes, size_t got)
{
	const struct proc_mapping *m = &w->maps[w->current];
	for (size_t i = 0; i < elf->extent_count; i++) {
		uint64_t off;
		if (!elf_code_offset_of(elf, elf->extents[i].vaddr, &off) ||
		    off < m->offset || off - m->offset >= got)
			continue;
		size_t from = (size_t)(off - m->offset);
		size_t len = elf->extents[i].size;
		if (len > got - from)
			len = got - from;
		decode_sweep(bytes + from, len, m->start + from, on_instruction,
			     w, &w->rec->stats);
	}
}

/* Finds the sites of one executable mapping. */
static void collect(struct watch *w, const struct proc_mapping *m,
		    bool new_code)
{
	if (w->map_count == w->map_cap) {
		size_t cap = w->map_cap ? w->map_cap * 2 : 64;
		struct proc_mapping *g = realloc(w->maps, cap * sizeof *g);
		if (!g) {
			w->nomem = true;
			return;
		}
		w->maps = g;
		w->map_cap = cap;
	}
	w->current = (uint32_t)w->map_count;
	w->maps[w->map_count++] = *m;
	w->new_code = new_code;
	/* The legacy vsyscall page is kernel-emulated and unreadable. */
	if (!strcmp(m->path, "[vsyscall]"))
		return;
	struct proc_code code;
	if (read_mapping(w->pid, m, w->rec->req, &code) != 0) {
		w->nomem = true;
		return;
	}
	w->bytes = code.bytes;
	struct elf_code elf;
	/* an ELF file, even in a memfd; else JIT code (jit.h) */
	if ((m->path[0] == '/' || !jit_memory(m)) &&
	    open_mapping_elf(m, &code, w->cache_dir, &elf, NULL)) {
		sweep_extents(w, &elf, code.bytes, code.size);
		elf_code_free(&elf);
	} else if (jit_memory(m)) {
		w->jit_mappings++;
		descend(w, code.bytes, code.size);
	} else {
		scan_add_unknown(w->rec->req, "no-elf-file",
				 "%s: no readable ELF file; not watched",
				 m->path);
	}
	proc_code_free(&code);
	w->bytes = NULL;
}

/* Sorts the sites, keeping the older of two at one address. */
static void sort_sites(struct watch *w)
{
	if (!w->site_count)
		return;
	qsort(w->sites, w->site_count, sizeof *w->sites, compare_sites);
	size_t k = 0;
	for (size_t i = 0; i < w->site_count; i++) {
		if (k && w->sites[k - 1].address == w->sites[i].address) {
			if (w->sites[i].state > w->sites[k - 1].state)
				w->sites[k - 1] = w->sites[i];
			continue;
		}
		w->sites[k++] = w->sites[i];
	}
	w->site_count = k;
}

/* ---------------------------------------------------------- patching */

/* Whether the bytes at s in `page` (read from `base`) are s's
 * instruction with `first` as its first byte. */
static bool holds(const struct site *s, const uint8_t *page, uint64_t base,
		  size_t got, uint8_t first)
{
	size_t at = (size_t)(s->address - base);
	size_t n = s->length;
	if (at + n > got)
		n = got - at; /* the rest is on the next page: unchecked */
	return page[at] == first &&
	       (n <= 1 || !memcmp(page + at + 1, s->code + 1, n - 1));
}

/* Plants (int3 over the original byte) or removes (the original byte
 * back over our int3) the sites [from, to) with state `want`, a page at
 * a time through memory file `fd`. Only bytes that are still what we
 * expect are changed. Returns the number changed. */
static size_t patch(struct watch *w, int fd, size_t from, size_t to,
		    uint8_t want, bool plant)
{
	static uint8_t page[PAGE + 16];
	size_t changed = 0;
	for (size_t i = from; i < to;) {
		uint64_t base = w->sites[i].address & ~(uint64_t)(PAGE - 1);
		size_t j = i;
		while (j < to && w->sites[j].address < base + PAGE)
			j++;
		ssize_t got = pread(fd, page, sizeof page, (off_t)base);
		if (got <= 0)
			got = 0;
		size_t lo = PAGE, hi = 0;
		for (size_t k = i; k < j; k++) {
			struct site *s = &w->sites[k];
			if (s->state != want)
				continue;
			size_t at = (size_t)(s->address - base);
			uint8_t expect = plant ? s->code[0] : INT3;
			if (at >= (size_t)got ||
			    !holds(s, page, base, (size_t)got, expect)) {
				if (plant)
					s->state = SITE_GONE;
				continue;
			}
			page[at] = plant ? INT3 : s->code[0];
			lo = at < lo ? at : lo;
			hi = at + 1 > hi ? at + 1 : hi;
			if (plant)
				s->state = SITE_PLANTED;
			changed++;
		}
		if (lo < hi &&
		    proc_write(fd, base + lo, page + lo, hi - lo) != hi - lo)
			for (size_t k = i; k < j; k++)
				if (plant && w->sites[k].state == SITE_PLANTED)
					w->sites[k].state = SITE_GONE;
		i = j;
	}
	return changed;
}

/* Plants every site found and not yet planted: in ELF code a page at a
 * time while the process runs, then in JIT code with every thread
 * stopped. */
static void plant(struct watch *w, struct tracer *t)
{
	sort_sites(w);
	bool jit = false;
	for (size_t i = 0, j; i < w->site_count; i = j) {
		for (j = i; j < w->site_count &&
			    w->sites[j].mapping == w->sites[i].mapping;
		     j++)
			;
		if (jit_memory(&w->maps[w->sites[i].mapping]))
			jit = true;
		else
			w->planted +=
			    patch(w, w->mem_fd, i, j, SITE_FOUND, true);
	}
	if (!jit)
		return;
	uint64_t start = now_ns();
	tracer_stop_all(t);
	w->planted += patch(w, w->mem_fd, 0, w->site_count, SITE_FOUND, true);
	tracer_resume_all(t);
	uint64_t pause = now_ns() - start;
	if (pause > w->max_pause_ns)
		w->max_pause_ns = pause;
}

/* ------------------------------------------------------------- hits */

static bool on_breakpoint(void *ctx, pid_t tid, uint64_t address)
{
	struct watch *w = ctx;
	struct site *s = find_site(w, address);
	if (!s || s->state == SITE_FOUND || s->state == SITE_GONE)
		return false;
	uint8_t now[15];
	ssize_t got = pread(w->mem_fd, now, s->length, (off_t)address);
	/* Another thread took it before we removed it: rewind. An int3
	 * there now is someone else's, planted after ours went. */
	if (s->state == SITE_HIT)
		return got > 0 && now[0] != INT3;
	if (got <= 0 || !holds(s, now, address, (size_t)got, INT3))
		return false; /* someone else's int3 now */
	proc_write(w->mem_fd, address, s->code, 1);
	s->state = SITE_HIT;
	w->hits++;
	if (s->on_path)
		w->hits_on_path++;
	else if (!s->new_code) {
		w->hits_off_path++;
		if (json_object_array_length(w->off_path) < MAX_LISTED) {
			const struct proc_mapping *m = &w->maps[s->mapping];
			char text[600];
			snprintf(text, sizeof text, "%s+0x%" PRIx64 " (%s)",
				 mapping_name(m),
				 address - m->start + m->offset,
				 isa_table[s->isa].name);
			json_object_array_add(w->off_path,
					      json_object_new_string(text));
		}
	}
	if (!w->first_hit[s->isa]) {
		w->first_hit[s->isa] = address;
		w->first_tid[s->isa] = tid;
	}
	return true;
}

/* A fork child holds a copy of our int3s: put its bytes back. */
static void on_fork(void *ctx, pid_t child)
{
	struct watch *w = ctx;
	int fd = proc_mem_open(child);
	if (fd < 0)
		return;
	patch(w, fd, 0, w->site_count, SITE_PLANTED, false);
	close(fd);
}

/* ------------------------------------------------------------ rescan */

static bool known_mapping(const struct watch *w, const struct proc_mapping *m)
{
	for (size_t i = 0; i < w->map_count; i++) {
		const struct proc_mapping *k = &w->maps[i];
		if (k->start == m->start && k->end == m->end &&
		    k->offset == m->offset && !strcmp(k->path, m->path))
			return true;
	}
	return false;
}

/* New executable mappings: dlopen'd libraries and JIT code. */
static void rescan(struct watch *w, struct tracer *t)
{
	struct proc_mapping *maps;
	size_t n;
	if (proc_maps(w->pid, &maps, &n, NULL) != MIGCHECK_OK)
		return;
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (maps[i].executable && !known_mapping(w, &maps[i])) {
			collect(w, &maps[i], true);
			w->later_mappings++;
			found = true;
		}
	free(maps);
	if (found)
		plant(w, t);
}

/* --------------------------------------------------------- the report */

static json_object *evidence_of(struct watch *w, size_t isa)
{
	const struct site *s = find_site(w, w->first_hit[isa]);
	const struct proc_mapping *m = &w->maps[s->mapping];
	uint64_t offset = s->address - m->start + m->offset;
	struct elf_code elf;
	const char *symbol = NULL;
	bool have_elf =
	    m->path[0] == '/' && elf_code_open_file(m->path, &elf) == 0;
	if (have_elf) {
		const struct elf_symbol *sym = elf_code_symbol(&elf, offset);
		symbol = sym ? sym->name : NULL;
	}
	struct instruction insn;
	bool decoded = decode_one(s->code, s->length, s->address, &insn) == 0;
	char text[32];
	json_object *e = json_object_new_object();
	snprintf(text, sizeof text, "0x%" PRIx64, s->address);
	json_object_object_add(e, "address", json_object_new_string(text));
	json_object_object_add(e, "object",
			       json_object_new_string(mapping_name(m)));
	snprintf(text, sizeof text, "0x%" PRIx64, offset);
	json_object_object_add(e, "offset", json_object_new_string(text));
	if (symbol)
		json_object_object_add(e, "symbol",
				       json_object_new_string(symbol));
	if (decoded)
		json_object_object_add(e, "instruction",
				       json_object_new_string(insn.mnemonic));
	json_object_object_add(
	    e, "reason", json_object_new_string("executed while watched"));
	json_object_object_add(e, "thread",
			       json_object_new_int(w->first_tid[isa]));
	if (have_elf)
		elf_code_free(&elf);
	return e;
}

/* {"object": ["ISA set", ...]}: where each set ran, for users who want
 * to know which library used what. */
static json_object *hits_by_object(const struct watch *w)
{
	json_object *o = json_object_new_object();
	for (size_t i = 0; i < w->site_count; i++) {
		const struct site *s = &w->sites[i];
		if (s->state != SITE_HIT)
			continue;
		const char *name = mapping_name(&w->maps[s->mapping]);
		json_object *sets;
		if (!json_object_object_get_ex(o, name, &sets)) {
			sets = json_object_new_array();
			json_object_object_add(o, name, sets);
		}
		const char *isa = isa_table[s->isa].name;
		bool listed = false;
		for (size_t k = 0; k < json_object_array_length(sets); k++)
			listed |=
			    !strcmp(json_object_get_string(
					json_object_array_get_idx(sets, k)),
				    isa);
		if (!listed)
			json_object_array_add(sets,
					      json_object_new_string(isa));
	}
	return o;
}

static json_object *metadata(struct watch *w, struct tracer *t,
			     const char *ended, uint64_t duration_ms,
			     uint64_t observed_ns, uint64_t plant_ns)
{
	size_t planted_on_path = 0;
	for (size_t i = 0; i < w->site_count; i++)
		planted_on_path +=
		    w->sites[i].on_path && (w->sites[i].state == SITE_PLANTED ||
					    w->sites[i].state == SITE_HIT);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "method", json_object_new_string("watch"));
	json_object_object_add(o, "ended", json_object_new_string(ended));
	json_object_object_add(o, "exited",
			       json_object_new_boolean(tracer_exited(t)));
	json_object_object_add(o, "execed",
			       json_object_new_boolean(tracer_execed(t)));
	json_add_count(o, "duration_ms", duration_ms);
	json_object_object_add(
	    o, "observed_ms",
	    json_object_new_double((double)observed_ns / 1e6));
	json_object_object_add(o, "plant_ms",
			       json_object_new_double((double)plant_ns / 1e6));
	json_object_object_add(
	    o, "max_stop_all_ms",
	    json_object_new_double((double)w->max_pause_ns / 1e6));
	json_add_count(o, "sites", w->site_count);
	json_add_count(o, "planted", w->planted);
	json_add_count(o, "hit", w->hits);
	json_add_count(o, "path_sites", w->on_path);
	json_add_count(o, "path_sites_planted", planted_on_path);
	json_add_count(o, "path_sites_hit", w->hits_on_path);
	json_object_object_add(
	    o, "coverage",
	    json_object_new_double(planted_on_path ? (double)w->hits_on_path /
							 (double)planted_on_path
						   : 0.0));
	json_add_count(o, "hit_off_path", w->hits_off_path);
	json_object_object_add(o, "hit_off_path_at",
			       json_object_get(w->off_path));
	json_object_object_add(o, "hit_by_object", hits_by_object(w));
	json_add_count(o, "jit_mappings", w->jit_mappings);
	json_add_count(o, "mappings_added_later", w->later_mappings);
	json_add_count(o, "threads_seen", tracer_threads_seen(t));
	json_add_count(o, "forks", tracer_forks(t));
	json_add_count(o, "signals_forwarded", tracer_signals_forwarded(t));
	return o;
}

/* ------------------------------------------------------------ the run */

/* The path method's sites, to measure coverage against. */
static void mark_path_sites(struct watch *w, const struct proc_snapshot *p)
{
	struct isa_record *rec = calloc(1, sizeof *rec);
	migcheck_requirements *r = requirements_new();
	if (!rec || !r) {
		free(rec);
		migcheck_requirements_free(r);
		return;
	}
	rec->req = r;
	rec->collect_sites = true;
	json_object_put(analysis_path(p, rec));
	if (rec->site_count)
		qsort(rec->sites, rec->site_count, sizeof *rec->sites,
		      compare_u64);
	for (size_t i = 0; i < w->site_count; i++) {
		struct site *s = &w->sites[i];
		s->on_path = rec->site_count &&
			     bsearch(&s->address, rec->sites, rec->site_count,
				     sizeof *rec->sites, compare_u64);
		w->on_path += s->on_path;
	}
	isa_record_release(rec);
	free(rec);
	migcheck_requirements_free(r);
}

static int watch_process(pid_t pid, unsigned duration_ms, int stop_fd,
			 const migcheck_profile *host,
			 migcheck_requirements **out, migcheck_error *err)
{
	struct proc_snapshot *p;
	int rc = proc_snapshot(pid, scan_stack_flags(pid), &p, err);
	if (rc)
		return rc;
	struct watch *w = calloc(1, sizeof *w);
	struct isa_record *rec = calloc(1, sizeof *rec);
	migcheck_requirements *r = requirements_new();
	if (!w || !rec || !r || !(w->off_path = json_object_new_array())) {
		rc = set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
		goto done;
	}
	r->observed = true;
	rec->req = r;
	knobs_read(p, &rec->knobs);
	w->pid = pid;
	w->host = host;
	w->rec = rec;
	w->mem_fd = -1;
	w->cache_dir = code_cache_dir(w->cache_buf, sizeof w->cache_buf);
	for (size_t i = 0; i < p->map_count; i++)
		if (p->maps[i].executable)
			collect(w, &p->maps[i], false);
	sort_sites(w);
	mark_path_sites(w, p);
	if (w->nomem) {
		rc = set_error(err, MIGCHECK_ERR_NOMEM,
			       "process %d: out of memory", pid);
		goto done;
	}

	struct tracer_hooks hooks = {w, on_breakpoint, on_fork};
	struct tracer *t;
	rc = tracer_attach(pid, &hooks, &t, err);
	if (rc)
		goto done;
	w->mem_fd = proc_mem_open(pid);
	uint64_t start = now_ns();
	if (w->mem_fd >= 0)
		plant(w, t);
	uint64_t plant_ns = now_ns() - start;
	const char *ended = "duration";
	for (;;) {
		uint64_t spent = (now_ns() - start) / 1000000;
		if (spent >= duration_ms)
			break;
		uint64_t left = duration_ms - spent;
		progress("watching, seconds left", (left + 999) / 1000,
			 ((uint64_t)duration_ms + 999) / 1000);
		enum tracer_wake why = tracer_run(
		    t, (int)(left < RESCAN_MS ? left : RESCAN_MS), stop_fd);
		if (why == TRACER_GONE) {
			ended = tracer_exited(t) ? "exited" : "exec";
			break;
		}
		if (why == TRACER_STOP) {
			ended = "stopped";
			break;
		}
		rescan(w, t);
	}
	uint64_t observed_ns = now_ns() - start;
	progress_end();
	if (!tracer_exited(t) && !tracer_execed(t)) {
		uint64_t stop = now_ns();
		tracer_stop_all(t); /* detaching needs stopped threads */
		if (w->mem_fd >= 0)
			patch(w, w->mem_fd, 0, w->site_count, SITE_PLANTED,
			      false);
		uint64_t pause = now_ns() - stop;
		if (pause > w->max_pause_ns)
			w->max_pause_ns = pause;
	}
	json_object *scan =
	    metadata(w, t, ended, duration_ms, observed_ns, plant_ns);
	if (w->mem_fd < 0)
		scan_add_unknown(r, "unreadable",
				 "process %d: /proc/%d/mem cannot be "
				 "written; nothing was watched",
				 pid, pid);
	tracer_detach(t);
	for (size_t i = 0; i < isa_count; i++)
		if (w->first_hit[i]) {
			rec->seen[i] = true;
			rec->evidence[i] = evidence_of(w, i);
		}
	rc = scan ? scan_finish(rec, host, p, scan, err)
		  : set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
done:
	if (w) {
		if (w->mem_fd >= 0)
			close(w->mem_fd);
		json_object_put(w->off_path);
		free(w->sites);
		free(w->maps);
	}
	free(w);
	return scan_release(rc, rec, p, r, out);
}

int migcheck_watch(int pid, unsigned duration_ms, int stop_fd,
		   migcheck_requirements **out, migcheck_error *err)
{
	migcheck_profile *host;
	int rc = migcheck_host_collect(&host, err);
	if (rc)
		return rc;
	rc = watch_process((pid_t)pid, duration_ms, stop_fd, host, out, err);
	migcheck_profile_free(host);
	return rc;
}
