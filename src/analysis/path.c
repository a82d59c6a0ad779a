/* The path method: the instructions a live process can still execute.
 *
 * It decodes from roots and follows edges, one instruction at a time, so
 * code that nothing can reach (an AVX-512 routine never called, the
 * variants an ifunc resolver did not pick) is not reported. See
 * docs/scan.md for the full list and the reasoning behind each.
 *
 * Roots:
 * - each thread's RIP, and every register value that points into code;
 * - every word of each thread's live stack (copied while stopped) that
 *   points into code: return addresses, saved contexts, pointers;
 * - every aligned word of readable, non-executable memory (.data,
 *   .data.rel.ro, .init_array/.fini_array, heap, anonymous memory) that
 *   points to a function start or just after a call instruction, also
 *   after undoing glibc's PTR_MANGLE (atexit, on_exit, TLS destructors and
 *   setjmp buffers hold mangled pointers);
 * - when the process has signal handlers, whose addresses only the kernel
 *   holds: every function whose address is taken anywhere in code.
 * - JIT code (anonymous executable memory) is decoded whole, and what it
 *   calls or points to in ELF code is a root.
 * Edges: direct calls, jumps and branches (tail calls are jumps); calls
 * and jumps through a GOT slot, followed through its live value, and for a
 * lazy slot not yet bound, every definition of its symbol (an ifunc's
 * resolver, whose address-taken candidates are then reached); code
 * addresses that reached code computes (lea, mov of an immediate); and for
 * an indirect jump through a register (switch tables, computed goto) the
 * whole enclosing function, plus the targets of its jump tables. Other
 * indirect calls land on code pointers held in memory, which are roots.
 * GOT slots are not roots themselves: only the code that reads them uses
 * them, and that read is an edge. */
#include <dlfcn.h>
#include <inttypes.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/jit.h"
#include "analysis/scan.h"
#include "code/cache.h"
#include "util/progress.h"
#include "util/bits.h"
#include "util/error.h"
#include "util/memory.h"

/* How a node was reached: roots first, then edges. */
enum how {
	ROOT_RIP,
	ROOT_REGISTER,
	ROOT_STACK,
	ROOT_MEMORY,
	ROOT_MANGLED,
	ROOT_HANDLER,
	ROOT_JIT,
	EDGE_CALL,
	EDGE_JUMP,
	EDGE_BRANCH,
	EDGE_SLOT,
	EDGE_LAZY,
	EDGE_ADDRESS,
	EDGE_TABLE,
	EDGE_FUNCTION,
	EDGE_LANDING,
	EDGE_LANDING_WHOLE,
	HOW_COUNT
};

static const char *const how_text[HOW_COUNT] = {
    [ROOT_RIP] = "current instruction of thread",
    [ROOT_REGISTER] = "register of thread",
    [ROOT_STACK] = "stack of thread",
    [ROOT_MEMORY] = "code pointer in memory at",
    [ROOT_MANGLED] = "mangled code pointer in memory at",
    [ROOT_HANDLER] = "possible signal handler, address taken at",
    [ROOT_JIT] = "called or referenced from JIT code at",
    [EDGE_CALL] = "call",
    [EDGE_JUMP] = "jump",
    [EDGE_BRANCH] = "branch",
    [EDGE_SLOT] = "through the GOT slot at",
    [EDGE_LAZY] = "lazy binding of",
    [EDGE_ADDRESS] = "address taken at",
    [EDGE_TABLE] = "jump table entry",
    [EDGE_FUNCTION] = "whole function, for the indirect jump at",
    [EDGE_LANDING] = "landing pad, entered by the unwinder",
    [EDGE_LANDING_WHOLE] = "exception landing pads (whole function)",
};

/* One ELF object (file or vDSO image), shared by its mappings. */
struct object {
	const char *path;
	struct elf_code elf;
	uint64_t bias; /* run-time address = bias + link-time address */
	bool *swept;   /* per elf.starts index: swept whole already */
	/* what its ifunc resolvers can return (link-time, sorted) */
	uint64_t *variants;
	size_t variant_count;
	struct code_cache cache; /* when read from the code cache */
	/* while loading (open_objects): the mapping its ELF image is read
	 * from (a region index), how many mappings it has, and the outcome */
	size_t first_region, mappings, code_size;
	/* the mapping whose code the code cache keeps: the largest at the
	 * first mapping's load bias (node maps its text in three, and a
	 * copy of part of it elsewhere) */
	size_t cache_region;
	bool opened, cached, nomem;
	enum elf_cache_use elf_cache;
	struct code_source cache_source; /* for an entry to write */
	/* the same file loaded in migcheck, its ifunc picks proven the same
	 * as the process's (resolve_here): 1 yes, -1 no, 0 not asked */
	int here;
	void *here_handle;
	uintptr_t here_base, here_lo, here_hi; /* l_addr, its extent */
};

/* One executable mapping and its bytes. */
struct region {
	const struct proc_mapping *map;
	struct proc_code code;
	uint8_t *visited;   /* a bit per byte: decoded from, or queued */
	struct object *obj; /* NULL: no ELF, decoded whole */
	const struct code_cache *cache; /* or NULL */
};

/* 24 bytes: a big program's walk queues half a million nodes and more. */
struct node {
	uint64_t address;
	union {
		uint64_t from; /* thread, memory address or instruction */
		const char
		    *name; /* EDGE_LAZY, which has no `from`: the symbol */
	};
	int32_t parent; /* -1 for a root */
	uint8_t how;
	/* decoded whole up to its end (range_ends), not along the flow */
	bool range;
	/* reached from a value only guessed to be code: a word in memory, on
	 * a stack or in a register that is not surely code (surely_code) */
	bool guessed;
};

/* Entries missing from the code cache are written by a thread of their
 * own while the walk decodes: on two cores, the first scan takes little
 * longer than with no cache. */
struct cache_writer {
	pthread_t thread;
	bool started;
	const char *dir;
	struct code_source *jobs;
	size_t job_count, written, decoded;
};

/* Roots to reach later, in order. */
struct root_list {
	struct pending_root {
		uint64_t address, from;
		uint8_t how;
	} * roots;
	size_t count, cap;
};

/* Appends a root; false when out of memory. */
static bool add_root(struct root_list *l, uint64_t a, enum how how,
		     uint64_t from)
{
	if (!memory_reserve((void **)&l->roots, &l->cap, l->count,
			    sizeof *l->roots))
		return false;
	l->roots[l->count++] = (struct pending_root){a, from, (uint8_t)how};
	return true;
}

struct path_scan {
	struct isa_record *rec;
	const struct proc_snapshot *p;
	struct region *regions; /* sorted by address */
	size_t region_count;
	struct region *last_region;	     /* found last by region_at */
	const struct proc_mapping *last_map; /* found last by object_at */
	struct object *objects;
	size_t object_count;
	struct object **map_objects; /* per snapshot mapping, or NULL */
	uint8_t *visited;	     /* every region's visited bits */
	size_t visited_size;
	struct object **open_order; /* while opening them: largest first */
	size_t next_object;	    /* the next to open, in that order */
	struct node *nodes;	    /* also the queue, in order */
	size_t node_count, node_cap;
	struct range_end {
		int32_t node;
		uint64_t end;
	} * range_ends; /* of the range nodes, in node order */
	size_t range_count, range_cap;
	uint64_t lo, hi; /* bounds of all executable regions */
	/* code is mapped where a 32-bit immediate can point: only then can
	 * one be a code address */
	bool imm32_may_be_address;
	bool nomem;
	struct proc_page_cache reads; /* GOT slots and jump tables */
	/* roots only guessed to be code, queued once the others are walked */
	struct root_list deferred;
	bool walking_guesses;
	/* values in the middle of an instruction, and constants that are
	 * not surely code: not followed (certainty_of, reach_constant) */
	size_t values_not_code, constants_not_code;
	size_t outside_code; /* targets outside executable sections */
	/* _start, and main (with old glibc, init/fini too): what _start
	 * passes to __libc_start_main, which calls it once. Their addresses
	 * stay on the stack but are never called again. */
	uint64_t entry_callees[4];
	size_t entry_callee_count;
	/* while a range is decoded whole: its bounds, and the last cmp
	 * immediate, which bounds a switch table's index */
	uint64_t range_start, range_end;
	int64_t cmp_bound;
	unsigned cmp_age;
	struct table_candidate {
		uint64_t table, at;
		int64_t bound; /* -1: unknown */
	} * candidates;
	size_t candidate_count, candidate_cap;
	uint8_t *starts; /* instruction starts in the range, a bit each */
	/* functions with jump tables, decoded from their start as far as
	 * their entries need (function_of_table), by start: open
	 * addressing, a power of two slots */
	struct decoded_function {
		uint64_t start, window;
		uint64_t decoded_to; /* bits below it are set */
		const uint8_t *code; /* the bytes at start */
		uint8_t *bits;
	} * decoded;
	size_t decoded_count, decoded_cap;
	/* counts for the scan metadata */
	struct cache_writer writer;
	size_t cache_hits, elf_hits, elf_written;
	size_t roots[ROOT_JIT + 1];
	size_t indirect_calls, functions_swept, lazy_slots, tables;
	size_t ifuncs_here; /* lazy ifunc slots bound as the process would */
	json_object *ifuncs_here_named; /* the first few */
	size_t undecodable_on_path, undecodable_after_guess;
	json_object *undecodable_at; /* the first few, named */
	/* GOT slots or tables that could not be read: their targets are
	 * unknown, so the result is too */
	size_t unreadable_refs, unmapped_refs;
	uint64_t first_unreadable_ref;
};

/* ------------------------------------------------------------- lookups */

/* The region holding `a`. Thread-safe: the root finder uses it. */
static struct region *find_region(const struct path_scan *s, uint64_t a)
{
	if (a < s->lo || a >= s->hi)
		return NULL;
	size_t lo = 0, hi = s->region_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->regions[mid].map->end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct region *r = lo < s->region_count ? &s->regions[lo] : NULL;
	if (!r || r->map->start > a || a - r->map->start >= r->code.size)
		return NULL;
	return r;
}

/* find_region for the walk: most lookups are in the region of the one
 * before. */
static struct region *region_at(struct path_scan *s, uint64_t a)
{
	struct region *last = s->last_region;
	if (last && a - last->map->start < last->code.size)
		return last;
	struct region *r = find_region(s, a);
	if (r)
		s->last_region = r;
	return r;
}

static struct object *object_of_path(struct path_scan *s, const char *path)
{
	for (size_t i = 0; i < s->object_count; i++)
		if (!strcmp(s->objects[i].path, path))
			return &s->objects[i];
	return NULL;
}

/* The ELF object whose file is mapped at `a` (code or data), or NULL.
 * On the decoding hot path (every RIP-relative load), so the object of
 * each mapping is looked up once, in load_regions. */
static struct object *object_at(struct path_scan *s, uint64_t a)
{
	const struct proc_mapping *m = s->last_map;
	if (!m || a - m->start >= m->end - m->start)
		m = proc_mapping_at(s->p, a);
	if (!m)
		return NULL;
	s->last_map = m;
	return s->map_objects[m - s->p->maps];
}

static bool in_code(const struct object *o, uint64_t a)
{
	uint64_t off;
	return elf_code_offset_of(&o->elf, a - o->bias, &off);
}

/* The end of the executable section holding `a` (run-time), or 0. A
 * library can have one R+X segment holding .text, .rodata and .eh_frame:
 * a path stops at the end of its section, not of the mapping. */
static uint64_t code_end(const struct object *o, uint64_t a)
{
	for (size_t i = 0; i < o->elf.range_count; i++) {
		const struct elf_range *r = &o->elf.ranges[i];
		if (a - o->bias - r->vaddr < r->size)
			return r->vaddr + r->size + o->bias;
	}
	return 0;
}

static bool in_got(const struct object *o, uint64_t a)
{
	return o && elf_code_in_span(o->elf.got, 2, a - o->bias);
}

static bool in_plt(const struct object *o, uint64_t a)
{
	return o && elf_code_in_span(o->elf.plt, 3, a - o->bias);
}

/* vm.mmap_min_addr: nothing can ever be mapped below it. */
static uint64_t mmap_min_addr(void)
{
	static uint64_t min;
	static bool read;
	if (!read) {
		FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
		if (!f || fscanf(f, "%" SCNu64, &min) != 1)
			min = 0;
		if (f)
			fclose(f);
		read = true;
	}
	return min;
}

/* A reference code makes that cannot be read: an unknown, except where
 * nothing is mapped. Below vm.mmap_min_addr nothing ever can be (a JIT's
 * deliberate implicit null check, such as HotSpot's loads from [0]);
 * elsewhere a load faults today, and memory mapped later holds only
 * pointers the process copies or computes, which are roots already. Such
 * references are mostly bytes of JIT data decoded as code, and are
 * counted. */
static void unreadable_ref(struct path_scan *s, uint64_t a)
{
	if (a < mmap_min_addr() || !proc_mapping_at(s->p, a)) {
		s->unmapped_refs++;
		return;
	}
	if (!s->unreadable_refs++)
		s->first_unreadable_ref = a;
}

static uint64_t read_word(struct path_scan *s, uint64_t a, bool *ok)
{
	uint64_t v = 0;
	*ok = proc_cached_read(&s->reads, a, &v, 8) == 8;
	if (!*ok)
		unreadable_ref(s, a);
	return v;
}

/* Reads up to `size` bytes of a jump table: a short read at the end of
 * its mapping is normal, nothing at all is an unknown. */
static size_t read_table(struct path_scan *s, uint64_t a, void *buf,
			 size_t size)
{
	size_t got = proc_cached_read(&s->reads, a, buf, size);
	if (got < 8)
		unreadable_ref(s, a);
	return got;
}

/* ------------------------------------------------------ the work queue */

static struct node *push_node(struct path_scan *s)
{
	if (s->node_count == s->node_cap) {
		/* Moved by the kernel, not copied: the queue grows to a
		 * hundred thousand nodes and more (redis-server). Not
		 * populated: half the new room stays unused on average,
		 * and pages not touched cost no memory. */
		size_t cap = s->node_cap ? s->node_cap * 2 : 16384;
		void *p = s->nodes
			      ? mremap(s->nodes, s->node_cap * sizeof *s->nodes,
				       cap * sizeof *s->nodes, MREMAP_MAYMOVE)
			      : mmap(NULL, cap * sizeof *s->nodes,
				     PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			s->nomem = true;
			return NULL;
		}
		s->nodes = p;
		s->node_cap = cap;
	}
	_Static_assert(sizeof(struct node) == 24, "a node stays small");
	struct node *n = &s->nodes[s->node_count++];
	memset(n, 0, sizeof *n);
	return n;
}

static struct node *add_node(struct path_scan *s, uint64_t a, uint64_t end,
			     enum how how, uint64_t from, int32_t parent)
{
	if (end) { /* few: functions decoded whole */
		if (!memory_reserve((void **)&s->range_ends, &s->range_cap,
				    s->range_count, sizeof *s->range_ends)) {
			s->nomem = true;
			return NULL;
		}
		s->range_ends[s->range_count++] =
		    (struct range_end){(int32_t)s->node_count, end};
	}
	struct node *n = push_node(s);
	if (n)
		*n = (struct node){.address = a,
				   .from = from,
				   .parent = parent,
				   .how = (uint8_t)how,
				   .range = end != 0};
	return n;
}

/* The end of range node ni: range_ends is in node order. */
static uint64_t range_end_of(const struct path_scan *s, int32_t ni)
{
	size_t lo = 0, hi = s->range_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->range_ends[mid].node < ni)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->range_count && s->range_ends[lo].node == ni
		   ? s->range_ends[lo].end
		   : 0;
}

enum start_answer { NOT_START, START, CANNOT_TELL };

/* Whether `a` starts an instruction when its function is decoded from
 * its start; CANNOT_TELL with no known start within 64 KiB before it. A
 * start bit of the code cache's sweep answers yes at once. */
static enum start_answer
instruction_start_of(struct path_scan *s, const struct object *o, uint64_t a)
{
	uint64_t start, end;
	struct region *r = region_at(s, a);
	if (!r || !elf_code_function(&o->elf, a - o->bias, &start, &end) ||
	    a - o->bias - start > 65536)
		return CANNOT_TELL;
	if (r->cache && code_cache_starts(r->cache, a - o->bias))
		return START;
	uint64_t at = start + o->bias;
	if (at < r->map->start)
		return CANNOT_TELL;
	while (at < a) {
		struct instruction insn;
		size_t off = at - r->map->start;
		if (decode_one(r->code.bytes + off, r->code.size - off, at,
			       &insn))
			return NOT_START;
		at += insn.length;
	}
	return at == a ? START : NOT_START;
}

/* As instruction_start_of, taking what cannot be told as a start. */
static bool instruction_start(struct path_scan *s, const struct object *o,
			      uint64_t a)
{
	return instruction_start_of(s, o, a) != NOT_START;
}

/* Whether a value found in memory, on a stack or in a register surely
 * points to code: a function start, or a return address (just after a
 * call that is an instruction of its function). Other values that point
 * into code may be anything; bytes that do not decode after them show
 * they were not code. */
static bool surely_code(struct path_scan *s, const struct region *r, uint64_t a)
{
	const struct object *o = r->obj;
	if (elf_code_is_function_start(&o->elf, a - o->bias))
		return true;
	size_t off = a - r->map->start;
	for (size_t len = DECODE_CALL_MIN; len <= DECODE_CALL_MAX && len <= off;
	     len++)
		if (decode_is_call(r->code.bytes + off - len, len) &&
		    instruction_start(s, o, a - len))
			return true;
	return false;
}

/* How sure code reached at `a` is to be code. */
enum certainty {
	SURE,	  /* bytes there that do not decode are an unknown */
	GUESS,	  /* walked last; bytes that do not decode are not code */
	NOT_CODE, /* not walked at all */
};

/* An edge from guessed code is a guess. A value from memory, a stack, a
 * register or from JIT memory (decoded whole, data included) is sure
 * when it is a function start or a return address; one in the middle of
 * an instruction of its function, by that function's own decoding, is
 * no address the CPU can be at (a stale word, a number) and is not code;
 * any other is a guess: a PC saved mid-function by a signal or by Go's
 * asynchronous preemption, or a value where no function is known. */
static enum certainty certainty_of(struct path_scan *s, const struct region *r,
				   uint64_t a, enum how how, int32_t parent)
{
	if (parent >= 0 && s->nodes[parent].how != ROOT_JIT)
		return s->nodes[parent].guessed ? GUESS : SURE;
	bool from_a_value = parent >= 0 || how == ROOT_REGISTER ||
			    how == ROOT_STACK || how == ROOT_MEMORY ||
			    how == ROOT_MANGLED;
	if (!from_a_value || surely_code(s, r, a))
		return SURE;
	return instruction_start_of(s, r->obj, a) == NOT_START ? NOT_CODE
							       : GUESS;
}

/* A root only guessed to be code waits until everything reachable from
 * the other roots was walked: code both reach is then walked as surely
 * code, so bytes there that do not decode are an unknown. */
static void defer_root(struct path_scan *s, uint64_t a, enum how how,
		       uint64_t from)
{
	if (!add_root(&s->deferred, a, how, from))
		s->nomem = true;
}

/* Queues `a` unless already reached. Only ELF code is queued: JIT code
 * is decoded whole anyway. */
static void reach(struct path_scan *s, uint64_t a, enum how how, uint64_t from,
		  int32_t parent)
{
	struct region *r = region_at(s, a);
	if (!r || !r->obj)
		return;
	size_t off = a - r->map->start;
	if (bit_test(r->visited, off))
		return;
	/* Outside every executable section of an object that has them:
	 * .rodata or .eh_frame in an R+X segment. No compiler branches
	 * there, no unwinder lands there, no symbol binds there; a target
	 * there comes from bytes that were not code. */
	if (r->obj->elf.range_count && !in_code(r->obj, a)) {
		s->outside_code++;
		return;
	}
	enum certainty c = certainty_of(s, r, a, how, parent);
	if (c == NOT_CODE) {
		s->values_not_code++;
		return;
	}
	bool guessed = c == GUESS;
	if (guessed && !s->walking_guesses) {
		defer_root(s, a, how, from);
		return;
	}
	bit_set(r->visited, off);
	struct node *n = add_node(s, a, 0, how, from, parent);
	if (!n)
		return;
	if (how <= ROOT_JIT)
		s->roots[how]++;
	n->guessed = guessed;
}

/* Queues [start, end) to be decoded whole, every instruction of it. */
static void reach_range(struct path_scan *s, uint64_t start, uint64_t end,
			enum how how, uint64_t from, int32_t parent)
{
	if (add_node(s, start, end, how, from, parent))
		s->functions_swept++;
}

/* The function containing `a` in r's object, decoded whole once:
 * [start, next function start), cut to the code section. Before the
 * first known function start, from the start of the section. */
static void reach_function(struct path_scan *s, struct region *r, uint64_t a,
			   enum how how, uint64_t from, int32_t parent)
{
	struct object *o = r->obj;
	uint64_t link = a - o->bias;
	size_t lo = 0, hi = o->elf.start_count;
	while (lo < hi) { /* lo - 1: the last start at or before link */
		size_t mid = (lo + hi) / 2;
		if (o->elf.starts[mid] <= link)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* swept[start_count] stands for the part before the first start */
	size_t index = lo ? lo - 1 : o->elf.start_count;
	if (o->swept[index])
		return;
	o->swept[index] = true;
	uint64_t start = lo ? o->elf.starts[lo - 1] : 0;
	uint64_t end = lo < o->elf.start_count ? o->elf.starts[lo] : UINT64_MAX;
	for (size_t i = 0; i < o->elf.range_count; i++) {
		const struct elf_range *sec = &o->elf.ranges[i];
		if (link - sec->vaddr >= sec->size)
			continue;
		if (start < sec->vaddr)
			start = sec->vaddr;
		if (end > sec->vaddr + sec->size)
			end = sec->vaddr + sec->size;
		reach_range(s, start + o->bias, end + o->bias, how, from,
			    parent);
		return;
	}
}

/* Whether `v` points to code that may run. With `any`, every address in
 * an executable section counts (a register, a stack word, JIT code);
 * otherwise only a function start or an address just after a call (a
 * return address), so that a stray number does not start a decode in the
 * middle of an instruction. */
static bool code_pointer_in(const struct region *r, uint64_t v, bool any)
{
	if (!r || !r->obj || !in_code(r->obj, v))
		return false;
	if (any || elf_code_is_function_start(&r->obj->elf, v - r->obj->bias))
		return true;
	size_t off = v - r->map->start, k = off < 8 ? off : 8;
	return decode_follows_call(r->code.bytes + off - k, k);
}

static bool code_pointer(struct path_scan *s, uint64_t v, bool any)
{
	return code_pointer_in(region_at(s, v), v, any);
}

/* Whether `a`, in an executable section, is outside every function
 * extent of an object that has them: a constant table that hand-written
 * assembly keeps in .text between its functions (OpenSSL's AES and SHA
 * tables), whose address code loads with lea. Not code: decoding it would
 * report whatever instructions its bytes happen to spell. */
static bool data_in_code(struct path_scan *s, uint64_t a)
{
	struct region *r = region_at(s, a);
	return r && r->obj && r->obj->elf.extent_count &&
	       !elf_code_in_extent(&r->obj->elf, a - r->obj->bias);
}

/* ---------------------------------------------------------------- edges */

/* An address in code that an instruction of ELF code names (a lea, an
 * immediate): a function start or a return address is code; any other is
 * at most a guess that a constant is an address, and nothing walked from
 * a guess is recorded, so it is not followed (counted). Such an address
 * cannot be run by an edge of its own: direct branches are edges already,
 * an indirect jump decodes its whole function, and an indirect call to
 * the middle of a function is no code a compiler makes. What it usually
 * is: a number, or data kept in a function's extent (strings that
 * hand-written assembly returns), whose bytes spell no real code. In JIT
 * code, decoded whole, every address is a guess of its own kind (reach). */
static void reach_constant(struct path_scan *s, const struct region *from,
			   uint64_t a, uint64_t at, int32_t parent)
{
	const struct region *r = region_at(s, a);
	if (from->obj && r && r->obj && !surely_code(s, r, a)) {
		s->constants_not_code++;
		return;
	}
	reach(s, a, EDGE_ADDRESS, at, parent);
}

/* The object migcheck has loaded from the file at dev:ino. */
struct loaded {
	dev_t dev;
	ino_t ino;
	const char *name;
	uintptr_t base, lo, hi;
};

static int find_loaded(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct loaded *l = data;
	struct stat st;
	if (!info->dlpi_name[0] || stat(info->dlpi_name, &st) ||
	    st.st_dev != l->dev || st.st_ino != l->ino)
		return 0;
	l->name = info->dlpi_name;
	l->base = info->dlpi_addr;
	l->lo = UINTPTR_MAX;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		uintptr_t from = info->dlpi_addr + ph->p_vaddr;
		if (from < l->lo)
			l->lo = from;
		if (from + ph->p_memsz > l->hi)
			l->hi = from + ph->p_memsz;
	}
	return 1;
}

/* Whether o's ifunc resolvers pick here what they pick in the process:
 * migcheck has loaded the same file (glibc's libc.so.6, its own), both
 * have the same GLIBC_TUNABLES (glibc.cpu.hwcaps changes the picks), and
 * every IRELATIVE slot, which ld.so filled at the process's start-up
 * from its cpu_features, holds the same function as ours: a process
 * started on another CPU, or restored from one, fails this. */
static bool same_picks(struct path_scan *s, struct object *o)
{
	const struct region *r = &s->regions[o->first_region];
	const struct knobs *k = &s->rec->knobs;
	const char *ours = getenv("GLIBC_TUNABLES");
	struct stat st;
	if (!o->elf.irelative_count || r->code.fd < 0 ||
	    fstat(r->code.fd, &st) || !k->environment_read ||
	    strcmp(k->tunables, ours ? ours : ""))
		return false;
	struct loaded l = {.dev = st.st_dev, .ino = st.st_ino};
	if (!dl_iterate_phdr(find_loaded, &l))
		return false;
	size_t agree = 0; /* slots that hold a function, the same */
	for (size_t i = 0; i < o->elf.irelative_count; i++) {
		uint64_t slot = o->elf.irelative_slots[i];
		bool ok;
		uint64_t theirs = read_word(s, slot + o->bias, &ok), mine;
		if (!ok || l.base + slot + 8 > l.hi)
			return false;
		memcpy(&mine, (const void *)(l.base + slot), 8);
		/* a slot ld.so left empty (0) is empty in both */
		if (theirs != mine && theirs - o->bias != mine - l.base)
			return false;
		agree += mine != 0;
	}
	if (!agree)
		return false;
	o->here_handle = dlopen(l.name, RTLD_LAZY | RTLD_NOLOAD);
	o->here_base = l.base;
	o->here_lo = l.lo;
	o->here_hi = l.hi;
	return o->here_handle != NULL;
}

/* The function a lazily bound ifunc `name` of o will be: what its
 * resolver picks in migcheck, when same_picks holds. Its link-time
 * address in *link; false when that cannot be known here. */
static bool resolve_here(struct path_scan *s, struct object *o,
			 const char *name, uint64_t *link)
{
	if (!o->here)
		o->here = same_picks(s, o) ? 1 : -1;
	if (o->here < 0)
		return false;
	uintptr_t a = (uintptr_t)dlsym(o->here_handle, name);
	if (a < o->here_lo || a >= o->here_hi) /* not its own */
		return false;
	*link = a - o->here_base;
	return true;
}

/* An unbound lazy slot for `name`: followed to the symbol's definition,
 * or for an ifunc to what its resolver will return. Every definition of
 * the name is reached (interposition is not modelled). The resolver runs
 * on the destination, but picks from the process's cpu_features, set on
 * the source: where that pick can be made here (resolve_here), the pick
 * is reached; else the resolver, and through its lea edges every
 * candidate. A resolver itself is baseline code: it runs before any
 * dispatch. */
/* Reaches what a lazy slot for `name` binds to in o, link-time `link`;
 * `picked`: a resolver's pick, named in the scan metadata (the first few,
 * each once). */
static void reach_lazily(struct path_scan *s, const struct object *o,
			 const char *name, uint64_t link, bool picked,
			 int32_t parent)
{
	size_t before = s->node_count;
	reach(s, link + o->bias, EDGE_LAZY, 0, parent);
	if (s->node_count == before)
		return;
	s->nodes[before].name = name;
	if (!picked || s->ifuncs_here++ >= 64)
		return;
	char text[32];
	snprintf(text, sizeof text, "0x%" PRIx64, link);
	json_object *e = json_object_new_object();
	json_object_object_add(e, "name", json_object_new_string(name));
	json_object_object_add(e, "object", json_object_new_string(o->path));
	json_object_object_add(e, "picked", json_object_new_string(text));
	json_object_array_add(s->ifuncs_here_named, e);
}

/* Every version of `name` of o, an ifunc in one at least
 * (memcpy@GLIBC_2.2.5, a function, and memcpy@@GLIBC_2.14, an ifunc),
 * each to what dlvsym gives here, its resolver's pick: a slot binds one
 * of them. False when that cannot be known here; then the n
 * exports are reached as they are. */
static bool reach_versions_here(struct path_scan *s, struct object *o,
				const char *name, size_t n, int32_t parent)
{
	char versions[8][64];
	uint64_t links[8];
	const struct region *r = &s->regions[o->first_region];
	if (n > 8 || !resolve_here(s, o, name, &links[0]) ||
	    elf_symbol_versions(r->code.fd, name, versions, 8) != n)
		return false;
	for (size_t k = 0; k < n; k++) {
		uintptr_t a =
		    (uintptr_t)dlvsym(o->here_handle, name, versions[k]);
		if (a < o->here_lo || a >= o->here_hi)
			return false;
		links[k] = a - o->here_base;
	}
	for (size_t k = 0; k < n; k++)
		reach_lazily(s, o, name, links[k], true, parent);
	return true;
}

static void bind_lazily(struct path_scan *s, const char *name, int32_t parent)
{
	s->lazy_slots++;
	for (size_t i = 0; i < s->object_count; i++) {
		struct object *o = &s->objects[i];
		size_t first, n = elf_code_exports(&o->elf, name, &first);
		/* dlsym gives a name's default version only: one with
		 * several has each resolved by its version */
		bool ifunc = false;
		for (size_t k = 0; k < n; k++)
			ifunc = ifunc || o->elf.exports[first + k].ifunc;
		if (n > 1 && ifunc &&
		    reach_versions_here(s, o, name, n, parent))
			continue;
		for (size_t k = 0; k < n; k++) {
			const struct elf_export *x = &o->elf.exports[first + k];
			uint64_t link = x->vaddr;
			bool picked = x->ifunc && n == 1 &&
				      resolve_here(s, o, name, &link);
			reach_lazily(s, o, name, link, picked, parent);
		}
	}
}

/* A call or jump through a GOT slot, or a code address loaded from one:
 * followed through the slot's live value. */
static void follow_slot(struct path_scan *s, uint64_t slot, int32_t parent)
{
	bool ok;
	uint64_t v = read_word(s, slot, &ok);
	if (!ok)
		return;
	struct object *o = object_at(s, slot);
	if (in_plt(o, v)) {
		const struct elf_slot *js =
		    elf_code_slot(&o->elf, slot - o->bias);
		if (js)
			bind_lazily(s, js->name, parent);
	}
	reach(s, v, EDGE_SLOT, slot, parent);
}

/* Whether `a` may be in a part of the function that GCC moved out of
 * line (foo.cold): a function named so, or one with no symbol, as in a
 * stripped object. */
static bool out_of_line_part(const struct object *o, uint64_t a)
{
	uint64_t start, end, off;
	if (!elf_code_function(&o->elf, a - o->bias, &start, &end) ||
	    !elf_code_offset_of(&o->elf, start, &off))
		return true;
	const struct elf_symbol *sym = elf_code_symbol(&o->elf, off);
	return !sym || sym->offset != off || strstr(sym->name, ".cold");
}

/* A switch table as GCC and Clang emit it for PIC: 32-bit offsets from
 * the table's own address. Each lea to data inside a function that jumps
 * through a register is a candidate, read once the function is decoded:
 * `cmp $N, idx; ja default` just before bounds it to N + 1 entries, and
 * entries are read while they land on an instruction start of the
 * function, or in an out-of-line part of it. So the next table in
 * .rodata is not read as this one's tail, and no decode starts in the
 * middle of an instruction. */
static void note_offset_table(struct path_scan *s, struct region *r,
			      uint64_t table, uint64_t at)
{
	if (object_at(s, table) != r->obj || region_at(s, table))
		return;
	if (!memory_reserve((void **)&s->candidates, &s->candidate_cap,
			    s->candidate_count, sizeof *s->candidates)) {
		s->nomem = true;
		return;
	}
	bool bounded =
	    s->cmp_age <= 8 && s->cmp_bound >= 0 && s->cmp_bound < 1024;
	s->candidates[s->candidate_count++] =
	    (struct table_candidate){table, at, bounded ? s->cmp_bound : -1};
}

static void follow_offset_tables(struct path_scan *s, struct region *r,
				 int32_t parent)
{
	for (size_t c = 0; c < s->candidate_count; c++) {
		const struct table_candidate *tc = &s->candidates[c];
		int32_t entries[1024];
		size_t got =
		    read_table(s, tc->table, entries, sizeof entries) / 4;
		if (tc->bound >= 0 && got > (size_t)tc->bound + 1)
			got = (size_t)tc->bound + 1;
		size_t i = 0;
		for (; i < got; i++) {
			uint64_t t = tc->table + (uint64_t)(int64_t)entries[i];
			struct region *tr = region_at(s, t);
			if (!tr || tr->obj != r->obj || !in_code(r->obj, t))
				break;
			bool inside = t >= s->range_start && t < s->range_end;
			if (inside ? !bit_test(s->starts, t - s->range_start)
				   : !out_of_line_part(r->obj, t) ||
					 !instruction_start(s, r->obj, t))
				break;
			reach(s, t, EDGE_TABLE, tc->at, parent);
		}
		s->tables += i > 0;
	}
	s->candidate_count = 0;
}

/* The slot of `start` in a table of `cap` slots: its own or a free one. */
static size_t decoded_slot(const struct decoded_function *t, size_t cap,
			   uint64_t start)
{
	size_t i = (size_t)((start * UINT64_C(0x9e3779b97f4a7c15)) >> 32);
	for (i &= cap - 1; t[i].bits && t[i].start != start;
	     i = (i + 1) & (cap - 1))
		;
	return i;
}

/* Keeps what function_of_table starts to decode; false when out of
 * memory. */
static bool keep_decoded(struct path_scan *s, struct decoded_function f)
{
	if (2 * (s->decoded_count + 1) > s->decoded_cap) {
		size_t cap = s->decoded_cap ? s->decoded_cap * 2 : 256;
		struct decoded_function *t = calloc(cap, sizeof *t);
		if (!t)
			return false;
		for (size_t i = 0; i < s->decoded_cap; i++)
			if (s->decoded[i].bits)
				t[decoded_slot(t, cap, s->decoded[i].start)] =
				    s->decoded[i];
		free(s->decoded);
		s->decoded = t;
		s->decoded_cap = cap;
	}
	s->decoded[decoded_slot(s->decoded, s->decoded_cap, f.start)] = f;
	s->decoded_count++;
	return true;
}

/* The function [*start, *end) holding `at`, whose instruction starts are
 * told by decoding it from its start (function_start_at), up to *window
 * (at most 64 KiB): for the entries of its jump tables. Kept: a big
 * switch has many tables. NULL where no function is known or it is not
 * mapped whole. */
static struct decoded_function *function_of_table(struct path_scan *s,
						  uint64_t at, uint64_t *end)
{
	struct region *r = region_at(s, at);
	const struct object *o = r ? r->obj : NULL;
	uint64_t fs, fe;
	if (!o || !elf_code_function(&o->elf, at - o->bias, &fs, &fe))
		return NULL;
	uint64_t start = fs + o->bias, window = fe + o->bias;
	*end = window;
	if (window - start > 65536)
		window = start + 65536;
	if (start < r->map->start || window > r->map->start + r->code.size)
		return NULL;
	if (s->decoded_cap) {
		struct decoded_function *f = &s->decoded[decoded_slot(
		    s->decoded, s->decoded_cap, start)];
		if (f->bits)
			return f;
	}
	struct decoded_function f = {
	    .start = start,
	    .window = window,
	    .decoded_to = start,
	    .code = r->code.bytes + (start - r->map->start),
	    .bits = calloc((window - start) / 8 + 1, 1),
	};
	if (!f.bits || !keep_decoded(s, f)) {
		free(f.bits);
		s->nomem = true; /* a table read short would lose edges */
		return NULL;
	}
	return &s->decoded[decoded_slot(s->decoded, s->decoded_cap, start)];
}

/* Whether `a`, in [f->start, f->window), starts an instruction of f,
 * decoding f only as far as `a`: entries rarely reach its end. */
static bool function_start_at(struct decoded_function *f, uint64_t a)
{
	while (f->decoded_to <= a) {
		struct instruction insn;
		uint64_t off = f->decoded_to - f->start;
		if (decode_one(f->code + off, f->window - f->decoded_to,
			       f->decoded_to, &insn)) {
			f->decoded_to =
			    f->window; /* nothing after is a start */
			break;
		}
		bit_set(f->bits, off);
		f->decoded_to += insn.length;
	}
	return bit_test(f->bits, a - f->start);
}

/* jmp [table + index*8]: absolute entries (non-PIC code), read as the
 * offset tables are: bounded by the cmp just before, and while entries
 * land on instruction starts of the jump's function or of an out-of-line
 * part. So the next table or datum is not read as this one's tail. */
static void follow_pointer_table(struct path_scan *s, uint64_t table,
				 uint64_t at, int32_t parent)
{
	uint64_t entries[1024], end = 0;
	size_t got = read_table(s, table, entries, sizeof entries) / 8;
	if (s->cmp_age <= 8 && s->cmp_bound >= 0 &&
	    got > (size_t)s->cmp_bound + 1)
		got = (size_t)s->cmp_bound + 1;
	struct region *r = region_at(s, at);
	struct decoded_function *f =
	    got ? function_of_table(s, at, &end) : NULL;
	size_t i = 0;
	for (; i < got && r && r->obj; i++) {
		uint64_t t = entries[i];
		struct region *tr = region_at(s, t);
		if (!tr || tr->obj != r->obj || !in_code(r->obj, t))
			break;
		bool same = f && t >= f->start && t < end;
		if (same && t < f->window
			? !function_start_at(f, t)
			: !(same || out_of_line_part(r->obj, t)) ||
			      !instruction_start(s, r->obj, t))
			break;
		reach(s, t, EDGE_TABLE, at, parent);
	}
	s->tables += i > 0;
}

static void follow(struct path_scan *s, struct region *r,
		   const struct instruction *insn, int32_t ni, bool whole)
{
	if (insn->has_target)
		reach(s, insn->target,
		      insn->flow == FLOW_CALL	? EDGE_CALL
		      : insn->flow == FLOW_JUMP ? EDGE_JUMP
						: EDGE_BRANCH,
		      insn->address, ni);
	uint64_t m = insn->memory_address;
	switch (insn->memory) {
	case MEMORY_RIP:
	case MEMORY_ABSOLUTE:
		if (insn->indirect)
			follow_slot(s, m, ni);
		else if (insn->is_lea && code_pointer(s, m, true) &&
			 !data_in_code(s, m))
			reach_constant(s, r, m, insn->address, ni);
		else if (in_got(object_at(s, m), m))
			/* mov foo@GOTPCREL, and TLS descriptors' lea */
			follow_slot(s, m, ni);
		else if (insn->is_lea && whole && r->obj)
			note_offset_table(s, r, m, insn->address);
		break;
	case MEMORY_TABLE:
		if (insn->indirect)
			follow_pointer_table(s, m, insn->address, ni);
		break;
	default:
		if (!insn->indirect)
			break;
		if (insn->flow == FLOW_JUMP && r->obj)
			reach_function(s, r, insn->address, EDGE_FUNCTION,
				       insn->address, ni);
		else
			s->indirect_calls++;
		break;
	}
	if (insn->has_imm && insn->imm_size >= 32 &&
	    code_pointer(s, insn->imm, !r->obj))
		reach_constant(s, r, insn->imm, insn->address, ni);
}

/* ------------------------------------------------------------- evidence */

/* "symbol+0x12 (libc.so.6)" or "0x7f..(object+0x1234)". */
static const char *describe(struct path_scan *s, uint64_t a, char *buf,
			    size_t size, const char **symbol)
{
	struct region *r = region_at(s, a);
	*symbol = NULL;
	if (!r) {
		snprintf(buf, size, "0x%" PRIx64, a);
		return buf;
	}
	const char *name = mapping_name(r->map);
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	uint64_t off = a - r->map->start + r->map->offset;
	const struct elf_symbol *sym = NULL;
	if (r->obj && elf_code_offset_of(&r->obj->elf, a - r->obj->bias, &off))
		sym = elf_code_symbol(&r->obj->elf, off);
	if (sym) {
		*symbol = sym->name;
		snprintf(buf, size, "%s+0x%" PRIx64 " (%s)", sym->name,
			 off - sym->offset, base);
	} else {
		snprintf(buf, size, "%s+0x%" PRIx64, base, off);
	}
	return buf;
}

/* The chain from a root to node `ni`, one step per function entered. */
static json_object *chain_of(struct path_scan *s, int32_t ni)
{
	enum { MAX_STEPS = 256 };
	int32_t steps[MAX_STEPS];
	size_t n = 0;
	for (int32_t i = ni; i >= 0 && n < MAX_STEPS; i = s->nodes[i].parent)
		steps[n++] = i;
	json_object *chain = json_object_new_array();
	const char *last = NULL;
	for (size_t k = n; k-- > 0;) {
		const struct node *nd = &s->nodes[steps[k]];
		char where[320], step[512];
		const char *symbol;
		describe(s, nd->address, where, sizeof where, &symbol);
		if (k != n - 1 && k != 0 && symbol && last &&
		    !strcmp(symbol, last) && nd->how != EDGE_LANDING)
			continue; /* still in the same function */
		last = symbol;
		const char *how = how_text[nd->how];
		if (nd->how == ROOT_RIP || nd->how == ROOT_REGISTER ||
		    nd->how == ROOT_STACK)
			snprintf(step, sizeof step, "%s %" PRIu64 ": %s", how,
				 nd->from, where);
		else if (nd->how == EDGE_LAZY)
			snprintf(step, sizeof step, "%s %s: %s", how, nd->name,
				 where);
		else if (nd->how == EDGE_LANDING ||
			 nd->how == EDGE_LANDING_WHOLE)
			snprintf(step, sizeof step, "%s: %s", how, where);
		else if (nd->from)
			snprintf(step, sizeof step, "%s 0x%" PRIx64 ": %s", how,
				 nd->from, where);
		else
			snprintf(step, sizeof step, "%s: %s", how, where);
		json_object_array_add(chain, json_object_new_string(step));
	}
	return chain;
}

static void record(struct path_scan *s, struct region *r,
		   const struct instruction *insn, int32_t ni)
{
	if (!isa_record_wants(s->rec, insn))
		return;
	uint64_t off = insn->address - r->map->start + r->map->offset;
	const char *symbol = NULL;
	if (r->obj && elf_code_offset_of(&r->obj->elf,
					 insn->address - r->obj->bias, &off)) {
		const struct elf_symbol *sym =
		    elf_code_symbol(&r->obj->elf, off);
		symbol = sym ? sym->name : NULL;
	}
	struct code_place where = {mapping_name(r->map), off, symbol};
	json_object *e = isa_record_instruction(s->rec, insn, &where);
	if (!e)
		return;
	json_object_object_add(
	    e, "reason",
	    json_object_new_string(r->obj ? "on an execution path"
					  : "in JIT code, decoded whole"));
	if (ni >= 0)
		json_object_object_add(e, "chain", chain_of(s, ni));
}

/* ------------------------------------------------------------- the walk */

/* Landing pads are entered by the unwinder, through the LSDA of the FDE
 * that covers a call, not by any edge: a path reaches the landing pads of
 * the FDE it starts in, and of the FDE of each call on it (a path can run
 * on into the next function). In an object whose LSDAs could not all be
 * read, the function is decoded whole instead, and so is its .cold part,
 * where GCC often puts them. */
static void reach_landing_pads(struct path_scan *s, struct region *r,
			       uint64_t a, int32_t ni)
{
	struct object *o = r->obj;
	if (!o->elf.landings_unknown) {
		size_t first,
		    n = elf_code_landings(&o->elf, a - o->bias, &first);
		for (size_t i = first; i < first + n; i++)
			reach(s, o->elf.landings[i].pad + o->bias, EDGE_LANDING,
			      0, ni);
		return;
	}
	reach_function(s, r, a, EDGE_LANDING_WHOLE, 0, ni);
	uint64_t start, end;
	if (!elf_code_function(&o->elf, a - o->bias, &start, &end))
		return;
	for (size_t i = 0; i < o->elf.cold_count; i++)
		if (o->elf.cold[i].parent == start) {
			struct region *cr =
			    region_at(s, o->elf.cold[i].cold + o->bias);
			if (cr)
				reach_function(s, cr,
					       o->elf.cold[i].cold + o->bias,
					       EDGE_LANDING_WHOLE, 0, ni);
		}
}

/* A path that runs into bytes that do not decode. From a value only
 * guessed to be a code address, that shows the guess was wrong: counted.
 * Otherwise it is an instruction newer than Zydis, whose ISA set cannot
 * be known, or data after a call that does not return: an unknown either
 * way, the first ones named. */
static void note_undecodable(struct path_scan *s, const struct node *n,
			     uint64_t a)
{
	if (n->guessed) {
		s->undecodable_after_guess++;
		return;
	}
	if (s->undecodable_on_path++ >= 8)
		return;
	char where[320];
	const char *symbol;
	describe(s, a, where, sizeof where, &symbol);
	json_object_array_add(s->undecodable_at, json_object_new_string(where));
	scan_add_unknown(s->rec->req, "undecodable",
			 "%s: bytes on an execution path that do not decode "
			 "(an instruction newer than the decoder, or data)",
			 where);
}

/* Whether the call at `call` can return to `next`. Not when the call is
 * the last instruction of its function extent and no extent covers what
 * follows: GCC's `call __stack_chk_fail` at a function's end, followed by
 * padding and data. Nor when what follows is an ifunc resolver, which
 * only ld.so enters: glibc puts a resolver right after the functions of
 * its file, and a call to __stack_chk_fail ends the one before (one
 * extent once merged). The code cache answers most calls at once: an
 * instruction of its sweep starts only inside an extent. So does *known,
 * [a call seen before, the end of its extent): a path's calls are
 * mostly in one function. */
static bool returns(const struct region *r, uint64_t call, uint64_t next,
		    uint64_t known[2])
{
	const struct object *o = r->obj;
	uint64_t end;
	/* a resolver starts a function: the indexed test rejects most */
	if (o->elf.resolver_count &&
	    elf_code_is_function_start(&o->elf, next - o->bias) &&
	    elf_code_is_resolver(&o->elf, next - o->bias))
		return false;
	if (next > call && call >= known[0] && next < known[1])
		return true;
	if (r->cache && code_cache_starts(r->cache, next - o->bias))
		return true;
	if (!elf_code_extent(&o->elf, call - o->bias, &end))
		return true;
	known[0] = call;
	known[1] = end + o->bias;
	return next - o->bias < end ||
	       elf_code_in_extent(&o->elf, next - o->bias);
}

/* The instruction at `a`: from its record in the code cache, or decoded. */
static bool fetch(const struct region *r, const struct decode_record *rec,
		  uint64_t a, struct instruction *insn)
{
	size_t off = a - r->map->start;
	return (rec && decode_unpack(rec, a, insn)) ||
	       !decode_one(r->code.bytes + off, r->code.size - off, a, insn);
}

/* Steps over the plain instructions that start in [a, b), a run the code
 * cache knows (code_cache_find), a word of start bits at a time: marked
 * reached, counted. Following the flow, it stops before one reached
 * already (not a itself: walk checked it) and returns true. */
static bool step_over(struct path_scan *s, const struct region *r,
		      uint64_t node, bool range, uint64_t a, uint64_t b)
{
	const struct code_cache *c = r->cache;
	const uint8_t *starts = (const uint8_t *)c->starts;
	size_t at = a - r->obj->bias - c->start, seen = a - r->map->start;
	for (uint64_t done = 0; done < b - a;) {
		unsigned k = b - a - done < BITS_CHUNK
				 ? (unsigned)(b - a - done)
				 : BITS_CHUNK;
		uint64_t st = bits_get(starts, at + done, k);
		uint64_t met = 0;
		if (!range) {
			met = st & bits_get(r->visited, seen + done, k) &
			      (done ? ~UINT64_C(0) : ~UINT64_C(1));
			if (met)
				st &= (met & -met) - 1;
		} else {
			bits_or(s->starts, a - node + done, st);
		}
		bits_or(r->visited, seen + done, st);
		unsigned count = count_bits(st);
		s->rec->stats.instructions += count;
		s->cmp_age += count;
		if (met)
			return true;
		done += k;
	}
	return false;
}

/* Decodes node `ni`: along the flow until a jump, a return or code
 * already reached; or, for a range, every instruction of it. */
static void walk(struct path_scan *s, int32_t ni)
{
	struct node n = s->nodes[ni];
	struct region *r = region_at(s, n.address);
	if (!r || !r->obj)
		return;
	uint64_t whole_end = n.range ? range_end_of(s, ni) : 0;
	uint64_t end = r->map->start + r->code.size,
		 section = code_end(r->obj, n.address);
	if (section && section < end)
		end = section;
	if (whole_end && whole_end < end)
		end = whole_end;
	if (r->obj->elf.has_lsda && !whole_end)
		reach_landing_pads(s, r, n.address, ni);
	s->range_start = n.address;
	s->range_end = end;
	uint64_t extent[2] = {0, 0}; /* for returns() */
	s->cmp_bound = -1;
	s->candidate_count = 0;
	if (whole_end) {
		free(s->starts);
		s->starts = calloc((end - n.address) / 8 + 1 + BITS_SLACK, 1);
		if (!s->starts) {
			s->nomem = true;
			return;
		}
	}
	for (uint64_t a = n.address; a < end;) {
		size_t off = a - r->map->start;
		if (!whole_end && a != n.address && bit_test(r->visited, off))
			break;
		uint64_t link = a - r->obj->bias, plain_end = link;
		const struct decode_record *rec =
		    r->cache ? code_cache_find(r->cache, link, &plain_end)
			     : NULL;
		if (plain_end != link) {
			uint64_t b = plain_end + r->obj->bias;
			if (step_over(s, r, n.address, n.range, a,
				      b < end ? b : end))
				break;
			a = b;
			continue;
		}
		bit_set(r->visited, off);
		/* A record can still be plain here: a 32-bit immediate
		 * where no code is mapped that low, the last instruction
		 * before a gap in the sweep, or an ISA set recorded already
		 * (then record() would do nothing, nor would follow()). */
		int plain_isa =
		    rec ? decode_record_plain_isa(rec, s->imm32_may_be_address)
			: DECODE_NOT_PLAIN;
		if (plain_isa != DECODE_NOT_PLAIN &&
		    !isa_record_wants_isa(s->rec, plain_isa)) {
			s->rec->stats.instructions++;
			if (whole_end)
				bit_set(s->starts, a - n.address);
			s->cmp_age++;
			a += rec->length;
			continue;
		}
		struct instruction insn;
		if (!fetch(r, rec, a, &insn)) {
			if (!whole_end) {
				note_undecodable(s, &n, a);
				break;
			}
			s->rec->stats.undecodable_bytes++;
			a++;
			continue;
		}
		s->rec->stats.instructions++;
		if (whole_end)
			bit_set(s->starts, a - n.address);
		record(s, r, &insn, ni);
		follow(s, r, &insn, ni, whole_end != 0);
		if (insn.flow == FLOW_CALL && r->obj->elf.has_lsda)
			reach_landing_pads(s, r, insn.address, ni);
		if (insn.is_cmp && insn.has_imm) {
			s->cmp_bound = (int64_t)insn.imm;
			s->cmp_age = 0;
		} else {
			s->cmp_age++;
		}
		a += insn.length;
		if (!whole_end &&
		    (insn.flow == FLOW_JUMP || insn.flow == FLOW_STOP ||
		     (insn.flow == FLOW_CALL &&
		      !returns(r, insn.address, a, extent))))
			break;
	}
	if (whole_end)
		follow_offset_tables(s, r, ni);
}

/* The walk jumps between objects and functions, and waits on memory
 * more than it computes: what node i will read is asked for early, the
 * cache's index a few nodes ahead, its records then. */
static void prefetch(struct path_scan *s, size_t i, bool record)
{
	if (i >= s->node_count)
		return;
	uint64_t a = s->nodes[i].address;
	const struct region *r = region_at(s, a);
	if (r && r->cache)
		code_cache_prefetch(r->cache, a - r->obj->bias, record);
}

/* Walks the queue from node i until it is empty; returns its end. */
static size_t walk_queue(struct path_scan *s, size_t i)
{
	for (; i < s->node_count && !s->nomem; i++) {
		prefetch(s, i + 8, false);
		prefetch(s, i + 4, true);
		walk(s, (int32_t)i);
		if (!(i % 16384))
			progress("walking code, instructions",
				 s->rec->stats.instructions, 0);
	}
	return i;
}

/* ---------------------------------------------------------------- roots */

struct jit_sweep {
	struct path_scan *s;
	struct region *r;
	int32_t node;
};

static void on_jit_instruction(void *ctx, const struct instruction *insn)
{
	struct jit_sweep *j = ctx;
	record(j->s, j->r, insn, -1);
	follow(j->s, j->r, insn, j->node, false);
}

/* JIT code has no known entry points: all of it, and what it reaches. */
static void sweep_jit(struct path_scan *s, struct region *r)
{
	if (!add_node(s, r->map->start, 0, ROOT_JIT, 0, -1))
		return;
	s->roots[ROOT_JIT]++;
	struct jit_sweep j = {s, r, (int32_t)(s->node_count - 1)};
	decode_sweep(r->code.bytes, r->code.size, r->map->start,
		     on_jit_instruction, &j, &s->rec->stats);
}

static uint64_t demangle(uint64_t v, uint64_t guard)
{
	/* PTR_MANGLE on x86-64: xor with the guard, then rotate left 17. */
	return ((v >> 17) | (v << 47)) ^ guard;
}

static bool run_once(const struct path_scan *s, uint64_t v)
{
	for (size_t i = 0; i < s->entry_callee_count; i++)
		if (s->entry_callees[i] == v)
			return true;
	return false;
}

/* The entry point (its address is in the auxiliary vector, AT_ENTRY) and
 * the code addresses _start loads before its first call. */
static void find_entry_callees(struct path_scan *s)
{
	struct object *o = object_of_path(s, s->p->exe);
	struct region *r = o ? region_at(s, o->elf.entry + o->bias) : NULL;
	if (!r)
		return;
	uint64_t a = o->elf.entry + o->bias;
	s->entry_callees[s->entry_callee_count++] = a;
	for (int n = 0; n < 32 && a < r->map->start + r->code.size; n++) {
		struct instruction insn;
		size_t off = a - r->map->start;
		if (decode_one(r->code.bytes + off, r->code.size - off, a,
			       &insn) ||
		    insn.flow != FLOW_NEXT)
			break;
		uint64_t v = insn.memory == MEMORY_RIP && insn.is_lea
				 ? insn.memory_address
			     : insn.has_imm && insn.imm_size >= 32 ? insn.imm
								   : 0;
		if (v && code_pointer(s, v, false) && s->entry_callee_count < 4)
			s->entry_callees[s->entry_callee_count++] = v;
		a += insn.length;
	}
}

static void thread_roots(struct path_scan *s, const struct proc_thread *t)
{
	reach(s, t->rip, ROOT_RIP, (uint64_t)t->tid, -1);
	for (size_t i = 0; i < PROC_REGISTER_COUNT; i++)
		if (code_pointer(s, t->registers[i], true) &&
		    !run_once(s, t->registers[i]))
			reach(s, t->registers[i], ROOT_REGISTER,
			      (uint64_t)t->tid, -1);
	for (size_t i = (8 - t->stack_start % 8) % 8; i + 8 <= t->stack_size;
	     i += 8) {
		uint64_t v;
		memcpy(&v, t->stack + i, 8);
		if (code_pointer(s, v, true) && !run_once(s, v))
			reach(s, v, ROOT_STACK, (uint64_t)t->tid, -1);
		uint64_t d = demangle(v, s->p->pointer_guard);
		if (s->p->have_pointer_guard && code_pointer(s, d, false))
			reach(s, d, ROOT_MANGLED, t->stack_start + i, -1);
	}
	if (t->stack_truncated)
		scan_add_unknown(s->rec->req, "stack-truncated",
				 "thread %d: only the first %u bytes of its "
				 "stack were read",
				 t->tid, PROC_STACK_MAX);
	else if (!t->stack_complete)
		scan_add_unknown(s->rec->req, "unreadable",
				 "thread %d: its stack at rsp 0x%" PRIx64
				 " could not be read whole (%zu bytes read)",
				 t->tid, t->rsp, t->stack_size);
}

/* The roots that memory and code hold (memory_roots, handler_roots),
 * found by a helper thread while the walk starts from the threads' roots:
 * reading the process's memory and searching all code took a fifth of a
 * scan. The search is cut into units (a data mapping, a MiB of code);
 * the walk's thread takes units too once it has nothing else to do. A
 * unit reads only what the walk does not change (mappings, objects,
 * code) and lists its roots; the walk then reaches them in the units'
 * order, so that the result does not depend on which thread was faster
 * or took which unit. */
struct finder_unit {
	const struct proc_mapping *map; /* memory roots of this mapping, */
	const struct region *region;	/* or address-taken code in it */
	uint64_t from, to;		/* offsets [from, to - 6) */
	struct root_list found;
	size_t lost; /* bytes of map that could not be read */
};

struct root_finder {
	struct path_scan *s;
	struct finder_unit *units;
	size_t unit_count, unit_cap;
	size_t next; /* the first unit no thread took yet: atomic */
	pthread_t thread;
	bool started, nomem; /* nomem: atomic */
};

/* What a thread works on: on_data's and handler_candidate's context. */
struct finder_job {
	struct root_finder *f;
	struct finder_unit *u;
	const struct object *data_obj; /* of the mapping being read */
};

static void found(struct finder_job *j, uint64_t a, enum how how, uint64_t from)
{
	if (!add_root(&j->u->found, a, how, from))
		__atomic_store_n(&j->f->nomem, true, __ATOMIC_RELAXED);
}

/* Whether mapping m is a thread's own stack: the live part was copied
 * while stopped, the rest is dead frames. A goroutine's stack, bounded by
 * the Go runtime, is only a piece of the heap arena: the rest of the
 * arena (other goroutines' stacks, closures) is memory like any other,
 * read around the live stacks (bounded_stacks_in). */
static bool holds_stack(const struct proc_snapshot *p,
			const struct proc_mapping *m)
{
	for (size_t i = 0; i < p->thread_count; i++)
		if (p->threads[i].stack && !p->threads[i].stack_bounded &&
		    p->threads[i].stack_start >= m->start &&
		    p->threads[i].stack_start < m->end)
			return true;
	return false;
}

/* The goroutine stacks (read as stacks already) that overlap the chunk
 * [from, to): at most `cap` of them in `ranges`, as [lo, hi) pairs; any
 * more are read again as memory, the safe side. */
static size_t bounded_stacks_in(const struct proc_snapshot *p, uint64_t from,
				uint64_t to, uint64_t (*ranges)[2], size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < p->thread_count && n < cap; i++) {
		const struct proc_thread *t = &p->threads[i];
		uint64_t hi = t->stack_start + t->stack_size;
		if (t->stack_bounded && t->stack_low < to && hi > from) {
			ranges[n][0] = t->stack_low;
			ranges[n++][1] = hi;
		}
	}
	return n;
}

static void on_data(void *ctx, uint64_t address, const uint8_t *bytes,
		    size_t size)
{
	struct finder_job *j = ctx;
	struct path_scan *s = j->f->s;
	uint64_t stacks[16][2];
	size_t n = bounded_stacks_in(s->p, address, address + size, stacks, 16);
	for (size_t i = (8 - address % 8) % 8; i + 8 <= size; i += 8) {
		uint64_t v, a = address + i;
		memcpy(&v, bytes + i, 8);
		bool in_stack = false;
		for (size_t k = 0; k < n && !in_stack; k++)
			in_stack = a >= stacks[k][0] && a < stacks[k][1];
		if (in_stack)
			continue; /* read as a stack already */
		if (v >= s->lo && v < s->hi && !in_got(j->data_obj, a) &&
		    code_pointer_in(find_region(s, v), v, false) &&
		    !run_once(s, v))
			found(j, v, ROOT_MEMORY, a);
		uint64_t d = demangle(v, s->p->pointer_guard);
		if (s->p->have_pointer_guard && d >= s->lo && d < s->hi &&
		    code_pointer_in(find_region(s, d), d, false) &&
		    !run_once(s, d))
			found(j, d, ROOT_MANGLED, a);
	}
}

/* Code pointers in readable, non-executable memory. The kernel's pages
 * and device memory are left alone: they hold no code pointers of the
 * process and reading device memory may have effects. Live stacks were
 * copied while stopped. Files that are not loaded ELF objects are read
 * only where the process touched them (pagemap): untouched pages still
 * hold the file's own bytes. */
static void add_unit(struct root_finder *f, struct finder_unit u)
{
	if (!memory_reserve((void **)&f->units, &f->unit_cap, f->unit_count,
			    sizeof *f->units))
		f->nomem = true;
	else
		f->units[f->unit_count++] = u;
}

static void memory_units(struct root_finder *f)
{
	const struct proc_snapshot *p = f->s->p;
	for (size_t i = 0; i < p->map_count; i++) {
		const struct proc_mapping *m = &p->maps[i];
		if (!m->readable || m->executable ||
		    (m->path[0] == '[' && strcmp(m->path, "[heap]") &&
		     strncmp(m->path, "[stack", 6) &&
		     strncmp(m->path, "[anon", 5)) ||
		    (!strncmp(m->path, "/dev/", 5) &&
		     strncmp(m->path, "/dev/shm/", 9) &&
		     strncmp(m->path, "/dev/zero", 9)) ||
		    holds_stack(p, m))
			continue;
		add_unit(f, (struct finder_unit){.map = m});
	}
}

static void memory_roots(struct finder_job *j, uint8_t *buf)
{
	const struct proc_mapping *m = j->u->map;
	j->data_obj = j->f->s->map_objects[m - j->f->s->p->maps];
	j->u->lost = proc_read_populated(j->f->s->p, m, j->data_obj != NULL,
					 buf, on_data, j);
}

/* Signal handlers: the kernel holds their addresses, so no memory scan
 * finds them. Every function whose address is taken anywhere in an
 * object's code is a root instead: lea of a function start (PIC), or a
 * 32-bit immediate equal to one (non-PIE executables). Two kinds of code
 * are left out because they never run again: the entry point (_start,
 * which takes main's address) and ifunc resolvers (whose candidates are
 * reached through lazy binding when a slot is still unbound). */
static bool runs_again(const struct object *o, uint64_t link)
{
	uint64_t start, end;
	if (!elf_code_function(&o->elf, link, &start, &end))
		return true;
	return !elf_code_is_resolver(&o->elf, start) &&
	       !(o->elf.entry >= start && o->elf.entry < end);
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The functions each ifunc resolver of `o` takes the address of: the
 * implementations it can return. They are called through the GOT, never
 * installed as signal handlers; glibc's __libc_ifunc_impl_list, which
 * lists them all, would otherwise make every one a root. */
static void collect_ifunc_variants(const struct path_scan *s, struct object *o)
{
	for (size_t i = 0; i < o->elf.resolver_count; i++) {
		uint64_t start, end, a = o->elf.resolvers[i] + o->bias;
		const struct region *r = find_region(s, a);
		if (!r ||
		    !elf_code_function(&o->elf, a - o->bias, &start, &end))
			continue;
		uint64_t stop = end - start > 4096 ? a + 4096 : end + o->bias;
		while (a < stop && a < r->map->start + r->code.size) {
			struct instruction insn;
			size_t off = a - r->map->start;
			if (decode_one(r->code.bytes + off, r->code.size - off,
				       a, &insn))
				break;
			uint64_t *v;
			if (insn.is_lea && insn.memory == MEMORY_RIP &&
			    elf_code_is_function_start(
				&o->elf, insn.memory_address - o->bias) &&
			    (v = realloc(o->variants,
					 (o->variant_count + 1) * sizeof *v))) {
				o->variants = v;
				v[o->variant_count++] =
				    insn.memory_address - o->bias;
			}
			a += insn.length;
		}
	}
	if (o->variant_count)
		qsort(o->variants, o->variant_count, sizeof *o->variants,
		      compare_u64);
}

static void handler_candidate(struct finder_job *j, const struct object *o,
			      uint64_t target, uint64_t at)
{
	uint64_t link = target - o->bias;
	if (link >= UINT64_MAX / 2 ||
	    !elf_code_is_function_start(&o->elf, link) ||
	    !runs_again(o, at - o->bias) ||
	    (o->variant_count && bsearch(&link, o->variants, o->variant_count,
					 sizeof link, compare_u64)))
		return;
	found(j, target, ROOT_HANDLER, at);
}

/* lea reg, [rip + d32] with REX.W: 48-4f 8d, mod 00 r/m 101. */
static bool lea_rip_at(const uint8_t *b)
{
	return (b[0] & 0xf8) == 0x48 && b[1] == 0x8d && (b[2] & 0xc7) == 0x05;
}

/* Every function whose address code in [from, to) of r may take, at any
 * byte offset: instruction boundaries are not trusted here. */
static void address_taken_in(struct finder_job *j, const struct region *r,
			     uint64_t from, uint64_t to)
{
	const struct object *o = r->obj;
	const uint8_t *code = r->code.bytes;
	uint64_t base = r->map->start; /* the address of code[0] */
	int32_t d;
	if (o->elf.shared) {
		/* Position-independent code takes addresses with lea only:
		 * memchr finds its opcode byte many times faster than a test
		 * at each offset. */
		const uint8_t *p = code + (from - base) + 1;
		const uint8_t *end = code + (to - base) - 5;
		while (p < end && (p = memchr(p, 0x8d, (size_t)(end - p)))) {
			if (lea_rip_at(p - 1)) {
				uint64_t a = base + (uint64_t)(p - 1 - code);
				memcpy(&d, p + 2, 4);
				handler_candidate(
				    j, o, a + 7 + (uint64_t)(int64_t)d, a);
			}
			p++;
		}
		return;
	}
	/* an immediate can only name this object's own code: most 32-bit
	 * windows of a large executable fall between lo and hi, few in it */
	uint64_t code_lo = UINT64_MAX, code_hi = 0;
	for (size_t i = 0; i < o->elf.range_count; i++) {
		const struct elf_range *e = &o->elf.ranges[i];
		if (e->vaddr + o->bias < code_lo)
			code_lo = e->vaddr + o->bias;
		if (e->vaddr + e->size + o->bias > code_hi)
			code_hi = e->vaddr + e->size + o->bias;
	}
	for (uint64_t a = from; a + 7 <= to; a++) {
		const uint8_t *b = code + (a - base);
		uint32_t v;
		memcpy(&v, b, 4);
		if (lea_rip_at(b)) {
			memcpy(&d, b + 3, 4);
			handler_candidate(j, o, a + 7 + (uint64_t)(int64_t)d,
					  a);
		} else if (v >= code_lo && v < code_hi) {
			/* an absolute address in a 32-bit immediate */
			handler_candidate(j, o, v, a);
		}
	}
}

/* A MiB of code a unit: the search of a large program's code is shared
 * by both threads. */
#define HANDLER_UNIT (UINT64_C(1) << 20)

static void handler_units(struct root_finder *f)
{
	struct path_scan *s = f->s;
	for (size_t i = 0; i < s->object_count; i++)
		collect_ifunc_variants(s, &s->objects[i]);
	for (size_t i = 0; i < s->region_count; i++) {
		struct region *r = &s->regions[i];
		const struct object *o = r->obj;
		if (!o)
			continue;
		for (size_t k = 0; k < o->elf.range_count; k++) {
			uint64_t from = o->elf.ranges[k].vaddr + o->bias;
			uint64_t to = from + o->elf.ranges[k].size;
			if (from < r->map->start)
				from = r->map->start;
			if (to > r->map->start + r->code.size)
				to = r->map->start + r->code.size;
			/* offsets [a, b) read up to b + 6 */
			for (uint64_t a = from; a + 7 <= to; a += HANDLER_UNIT)
				add_unit(f, (struct finder_unit){
						.region = r,
						.from = a,
						.to = to - a > HANDLER_UNIT + 6
							  ? a + HANDLER_UNIT + 6
							  : to});
		}
	}
}

/* Takes units until none is left; on either thread, the caller's
 * reporting progress. */
static void run_units(struct root_finder *f, bool caller)
{
	uint8_t *buf = NULL;
	for (;;) {
		size_t i = __atomic_fetch_add(&f->next, 1, __ATOMIC_RELAXED);
		if (i >= f->unit_count ||
		    __atomic_load_n(&f->nomem, __ATOMIC_RELAXED))
			break;
		if (caller)
			progress("searching data and code for code pointers", i,
				 f->unit_count);
		struct finder_job j = {.f = f, .u = &f->units[i]};
		if (j.u->region) {
			address_taken_in(&j, j.u->region, j.u->from, j.u->to);
			continue;
		}
		if (!buf && !(buf = memory_alloc(PROC_CHUNK_SIZE))) {
			__atomic_store_n(&f->nomem, true, __ATOMIC_RELAXED);
			break;
		}
		memory_roots(&j, buf);
	}
	memory_free(buf, PROC_CHUNK_SIZE);
}

static void *find_roots(void *arg)
{
	run_units(arg, false);
	return NULL;
}

/* Plans the units, and starts on them on a helper thread. */
static void start_finder(struct root_finder *f, bool handlers)
{
	memory_units(f);
	if (handlers)
		handler_units(f);
	f->started = !pthread_create(&f->thread, NULL, find_roots, f);
}

/* Takes the units left, waits for the helper, then reaches what they
 * found, in the units' order. */
static void reach_found(struct path_scan *s, struct root_finder *f)
{
	run_units(f, true);
	if (f->started)
		pthread_join(f->thread, NULL);
	for (size_t i = 0; i < f->unit_count; i++) {
		const struct finder_unit *u = &f->units[i];
		if (u->lost)
			scan_add_unknown(s->rec->req, "unreadable",
					 "%s 0x%" PRIx64 "-0x%" PRIx64
					 ": %zu bytes of data could not be "
					 "read for code pointers",
					 mapping_name(u->map), u->map->start,
					 u->map->end, u->lost);
	}
	for (size_t i = 0; i < f->unit_count; i++) {
		const struct root_list *l = &f->units[i].found;
		for (size_t k = 0; k < l->count; k++)
			reach(s, l->roots[k].address, l->roots[k].how,
			      l->roots[k].from, -1);
	}
	if (f->nomem)
		s->nomem = true;
	for (size_t i = 0; i < f->unit_count; i++)
		free(f->units[i].found.roots);
	free(f->units);
}

/* --------------------------------------------------------------- set-up */

static int compare_regions(const void *a, const void *b)
{
	const struct region *x = a, *y = b;
	return x->map->start < y->map->start ? -1
					     : x->map->start > y->map->start;
}

/* The load bias of an ELF file: where its first page (file offset 0) is
 * mapped, less that page's link-time address. */
static bool find_bias(const struct proc_snapshot *p, struct object *o,
		      const struct region *r)
{
	if (!o->elf.shared) {
		o->bias = 0;
		return true;
	}
	if (!strcmp(o->path, "[vdso]")) {
		o->bias = r->map->start - o->elf.first_load_vaddr;
		return true;
	}
	for (size_t i = 0; i < p->map_count; i++)
		if (p->maps[i].offset == 0 &&
		    !strcmp(p->maps[i].path, o->path)) {
			o->bias = p->maps[i].start - o->elf.first_load_vaddr;
			return true;
		}
	return false;
}

/* Opens an object's ELF file; when its code is one mapping, as in the
 * file (no page patched), reads its entry from the code cache, or notes
 * the entry to write. Runs on several threads, one object each. */
static void open_object(struct path_scan *s, struct object *o)
{
	const struct region *r = &s->regions[o->first_region];
	o->opened = open_mapping_elf(r->map, &r->code, s->writer.dir, &o->elf,
				     &o->elf_cache);
	if (o->opened && !find_bias(s->p, o, r)) {
		elf_code_free(&o->elf);
		o->opened = false;
	}
	if (!o->opened)
		return;
	o->swept = calloc(o->elf.start_count + 1, sizeof *o->swept);
	if (!o->swept) {
		o->nomem = true;
		return;
	}
	const struct region *c = &s->regions[o->cache_region];
	if (!s->writer.dir || c->code.private_pages)
		return;
	/* the extents inside that mapping (sorted): the entry's span */
	uint64_t lo = c->map->start - o->bias, hi = lo + c->code.size;
	size_t first = 0, n = 0;
	while (first < o->elf.extent_count && o->elf.extents[first].vaddr < lo)
		first++;
	while (first + n < o->elf.extent_count &&
	       o->elf.extents[first + n].vaddr +
		       o->elf.extents[first + n].size <=
		   hi)
		n++;
	o->cache_source = (struct code_source){c->code.bytes, lo, c->code.size,
					       o->elf.extents + first, n};
	o->cached =
	    !code_cache_load(s->writer.dir, &o->cache_source, &o->cache);
}

static void *open_objects_from(void *arg)
{
	struct path_scan *s = arg;
	for (size_t i;
	     (i = __atomic_fetch_add(&s->next_object, 1, __ATOMIC_RELAXED)) <
	     s->object_count;)
		open_object(s, s->open_order[i]);
	return NULL;
}

static int larger_code_first(const void *a, const void *b)
{
	const struct object *x = *(struct object *const *)a;
	const struct object *y = *(struct object *const *)b;
	size_t cx = x->code_size, cy = y->code_size;
	return cx > cy ? -1 : cx < cy;
}

/* Opening objects (libelf, sorting symbols, hashing code for the cache)
 * is most of a scan's set-up, and objects are independent: one thread
 * per core opens them. Then, in order: objects without a readable ELF
 * file are dropped (their mappings are decoded whole), entries missing
 * from the code cache go to its writer. */
static int open_objects(struct path_scan *s)
{
	pthread_t helpers[3];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	/* the largest first, so that no thread is left with one at the end */
	s->open_order = malloc(s->object_count * sizeof *s->open_order);
	if (!s->open_order)
		return -1;
	for (size_t i = 0; i < s->object_count; i++)
		s->open_order[i] = &s->objects[i];
	qsort(s->open_order, s->object_count, sizeof *s->open_order,
	      larger_code_first);
	size_t n = 0, wanted = cores > 4   ? 3
			       : cores > 1 ? (size_t)cores - 1
					   : 0;
	while (n < wanted && n + 1 < s->object_count &&
	       !pthread_create(&helpers[n], NULL, open_objects_from, s))
		n++;
	open_objects_from(s);
	while (n > 0)
		pthread_join(helpers[--n], NULL);
	struct cache_writer *w = &s->writer;
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < s->object_count; i++) {
		struct object *o = &s->objects[i];
		if (o->nomem)
			rc = -1;
		if (!o->opened) {
			/* shared memory (memfd, shm) is JIT memory: jit.c */
			if (!jit_memory(s->regions[o->first_region].map))
				scan_add_unknown(
				    s->rec->req, "no-elf-file",
				    "%s: no readable ELF file; the whole "
				    "mapping was decoded, data included",
				    o->path);
			for (size_t k = 0; k < s->region_count; k++)
				if (s->regions[k].obj == o)
					s->regions[k].obj = NULL;
			continue;
		}
		for (size_t k = 0; k < s->region_count; k++)
			if (s->regions[k].obj == o)
				s->regions[k].obj = &s->objects[kept];
		s->objects[kept++] = *o;
	}
	s->object_count = kept;
	for (size_t i = 0; i < kept; i++) {
		struct object *o = &s->objects[i];
		s->elf_hits += o->elf_cache == ELF_CACHE_READ;
		s->elf_written += o->elf_cache == ELF_CACHE_WRITTEN;
		if (o->cached) {
			s->regions[o->cache_region].cache = &o->cache;
			s->cache_hits++;
		} else if (o->cache_source.bytes && w->jobs) {
			w->jobs[w->job_count++] = o->cache_source;
		}
	}
	return rc;
}

static bool analysed(const struct proc_mapping *m)
{
	return m->executable && strcmp(m->path, "[vsyscall]");
}

static size_t visited_size(const struct proc_mapping *m)
{
	return ((m->end - m->start) / 8 + 1 + BITS_SLACK + 7) / 8 * 8;
}

/* Reads each executable mapping and opens its ELF object. */
static int load_regions(struct path_scan *s)
{
	const struct proc_snapshot *p = s->p;
	s->regions = calloc(p->map_count, sizeof *s->regions);
	s->objects = calloc(p->map_count, sizeof *s->objects);
	s->map_objects = calloc(p->map_count, sizeof *s->map_objects);
	if (!s->regions || !s->objects || !s->map_objects)
		return -1;
	/* one block for all the visited bits: a walk touches most of it */
	for (size_t i = 0; i < p->map_count; i++)
		if (analysed(&p->maps[i]))
			s->visited_size += visited_size(&p->maps[i]);
	s->visited = memory_alloc(s->visited_size);
	if (!s->visited)
		return -1;
	uint8_t *visited = s->visited;
	for (size_t i = 0; i < p->map_count; i++) {
		const struct proc_mapping *m = &p->maps[i];
		if (!analysed(m))
			continue;
		struct region *r = &s->regions[s->region_count];
		r->map = m;
		r->visited = visited;
		visited += visited_size(m);
		if (read_mapping(p->pid, m, s->rec->req, &r->code))
			return -1;
		s->region_count++;
		if (m->path[0] != '/' && strcmp(m->path, "[vdso]"))
			continue; /* JIT or memfd: no ELF */
		r->obj = object_of_path(s, m->path);
		if (!r->obj) {
			r->obj = &s->objects[s->object_count++];
			r->obj->path = m->path;
			r->obj->first_region = s->region_count - 1;
			r->obj->cache_region = s->region_count - 1;
		}
		const struct region *c = &s->regions[r->obj->cache_region];
		if (m->start - m->offset ==
			s->regions[r->obj->first_region].map->start -
			    s->regions[r->obj->first_region].map->offset &&
		    r->code.size > c->code.size)
			r->obj->cache_region = s->region_count - 1;
		r->obj->mappings++;
		r->obj->code_size += r->code.size;
	}
	if (open_objects(s))
		return -1;
	for (size_t i = 0; i < p->map_count; i++)
		s->map_objects[i] = p->maps[i].path[0]
					? object_of_path(s, p->maps[i].path)
					: NULL;
	qsort(s->regions, s->region_count, sizeof *s->regions, compare_regions);
	if (s->region_count) {
		s->lo = s->regions[0].map->start;
		s->hi = s->regions[s->region_count - 1].map->end;
		s->imm32_may_be_address = s->lo < UINT64_C(1) << 32 ||
					  s->hi > UINT64_C(0xffffffff80000000);
	}
	return 0;
}

static void *write_entries(void *arg)
{
	struct cache_writer *w = arg;
	for (size_t i = 0; i < w->job_count; i++)
		if (!code_cache_write(w->dir, &w->jobs[i], &w->decoded))
			w->written++;
	return NULL;
}

/* The code cache's directory, and room for the entries to write. */
static void find_cache(struct path_scan *s)
{
	char buf[4096];
	const char *dir = code_cache_dir(buf, sizeof buf);
	struct cache_writer *w = &s->writer;
	if (!dir || !(w->dir = strdup(dir)) ||
	    !(w->jobs = calloc(s->p->map_count, sizeof *w->jobs))) {
		free((char *)w->dir);
		w->dir = NULL;
	}
}

/* Entries missing from the code cache are written while the scan goes
 * on. */
static void start_writer(struct cache_writer *w)
{
	w->started =
	    w->job_count && !pthread_create(&w->thread, NULL, write_entries, w);
}

static void join_writer(struct cache_writer *w)
{
	if (w->started)
		pthread_join(w->thread, NULL);
	w->started = false;
}

static void free_scan(struct path_scan *s)
{
	join_writer(&s->writer); /* it reads the code and the extents */
	for (size_t i = 0; i < s->region_count; i++)
		proc_code_free(&s->regions[i].code);
	memory_free(s->visited, s->visited_size);
	for (size_t i = 0; i < s->object_count; i++) {
		elf_code_free(&s->objects[i].elf);
		free(s->objects[i].swept);
		free(s->objects[i].variants);
		code_cache_free(&s->objects[i].cache);
		if (s->objects[i].here_handle)
			dlclose(s->objects[i].here_handle);
	}
	free((char *)s->writer.dir);
	free(s->writer.jobs);
	free(s->regions);
	free(s->objects);
	free(s->map_objects);
	free(s->open_order);
	if (s->nodes)
		munmap(s->nodes, s->node_cap * sizeof *s->nodes);
	free(s->range_ends);
	free(s->starts);
	for (size_t i = 0; i < s->decoded_cap; i++)
		free(s->decoded[i].bits);
	free(s->decoded);
	free(s->candidates);
	proc_page_cache_free(&s->reads);
	free(s->deferred.roots);
	json_object_put(s->undecodable_at);
	json_object_put(s->ifuncs_here_named);
	free(s);
}

static json_object *metadata(const struct path_scan *s, bool handlers)
{
	json_object *scan = json_object_new_object();
	json_object_object_add(scan, "method", json_object_new_string("path"));
	json_object *roots = json_object_new_object();
	static const char *const names[] = {
	    [ROOT_RIP] = "thread_rip",	[ROOT_REGISTER] = "registers",
	    [ROOT_STACK] = "stacks",	[ROOT_MEMORY] = "memory",
	    [ROOT_MANGLED] = "mangled", [ROOT_HANDLER] = "address_taken",
	    [ROOT_JIT] = "jit_regions",
	};
	for (int i = 0; i <= ROOT_JIT; i++)
		json_add_count(roots, names[i], s->roots[i]);
	json_object_object_add(scan, "roots", roots);
	json_add_count(scan, "blocks", s->node_count);
	json_add_count(scan, "functions_decoded_whole", s->functions_swept);
	json_add_count(scan, "jump_tables", s->tables);
	json_add_count(scan, "lazy_slots_bound_by_name", s->lazy_slots);
	json_add_count(scan, "lazy_ifuncs_picked_here", s->ifuncs_here);
	json_object_object_add(scan, "lazy_ifuncs_picked",
			       json_object_get(s->ifuncs_here_named));
	json_add_count(scan, "indirect_calls", s->indirect_calls);
	json_object_object_add(
	    scan, "indirect_targets",
	    json_object_new_string(
		handlers ? "code pointers in memory, registers and stacks, "
			   "and every address-taken function (the process "
			   "has signal handlers or no pointer guard)"
			 : "code pointers in memory, registers and stacks, "
			   "and functions whose address reached code takes"));
	json_object *cache = json_object_new_object();
	json_object_object_add(
	    cache, "dir",
	    s->writer.dir ? json_object_new_string(s->writer.dir) : NULL);
	json_add_count(cache, "objects_read", s->cache_hits);
	json_add_count(cache, "objects_written", s->writer.written);
	json_add_count(cache, "instructions_decoded_for_it", s->writer.decoded);
	json_add_count(cache, "elf_read", s->elf_hits);
	json_add_count(cache, "elf_written", s->elf_written);
	json_object_object_add(scan, "code_cache", cache);
	json_add_count(scan, "refs_to_unmapped_memory", s->unmapped_refs);
	json_add_count(scan, "undecodable_on_path", s->undecodable_on_path);
	json_add_count(scan, "undecodable_after_guessed_root",
		       s->undecodable_after_guess);
	json_add_count(scan, "values_mid_instruction", s->values_not_code);
	json_add_count(scan, "constants_not_followed", s->constants_not_code);
	json_add_count(scan, "targets_outside_code_sections", s->outside_code);
	json_object_object_add(scan, "undecodable_on_path_at",
			       json_object_get(s->undecodable_at));
	return scan;
}

/* Whether the walk reached `a` (jit_reached_fn): a JIT engine whose
 * compiler is not reached compiles nothing more. */
static bool reached(void *ctx, uint64_t a)
{
	struct path_scan *s = ctx;
	struct region *r = region_at(s, a);
	return r && bit_test(r->visited, a - r->map->start);
}

json_object *analysis_path(const struct proc_snapshot *p,
			   struct isa_record *rec)
{
	struct path_scan *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->p = p;
	s->rec = rec;
	s->reads.pid = p->pid;
	s->undecodable_at = json_object_new_array();
	s->ifuncs_here_named = json_object_new_array();
	find_cache(s);
	progress("opening objects", 0, 0);
	if (!s->undecodable_at || load_regions(s) != 0) {
		free_scan(s);
		return NULL;
	}
	start_writer(&s->writer);
	for (size_t i = 0; i < s->region_count; i++)
		if (!s->regions[i].obj)
			sweep_jit(s, &s->regions[i]);
	find_entry_callees(s);
	/* Without the pointer guard, mangled pointers (atexit, TLS
	 * destructors) cannot be read either: the same fallback covers them. */
	bool handlers = p->signals_caught || !p->have_pointer_guard;
	struct root_finder finder = {.s = s};
	start_finder(&finder, handlers);
	for (size_t i = 0; i < p->thread_count; i++)
		thread_roots(s, &p->threads[i]);
	size_t i = walk_queue(s, 0);
	reach_found(s, &finder);
	i = walk_queue(s, i);
	s->walking_guesses = true;
	for (size_t k = 0; k < s->deferred.count; k++) {
		const struct pending_root *r = &s->deferred.roots[k];
		reach(s, r->address, r->how, r->from, -1);
	}
	walk_queue(s, i);

	if (s->unreadable_refs)
		scan_add_unknown(rec->req, "unreadable",
				 "%zu code pointers or jump tables that "
				 "reached code reads could not be read, the "
				 "first at 0x%" PRIx64,
				 s->unreadable_refs, s->first_unreadable_ref);
	join_writer(&s->writer); /* its counts are in the metadata */
	json_object *scan = s->nomem ? NULL : metadata(s, handlers);
	if (scan)
		jit_account(p, rec, scan, reached, s);
	free_scan(s);
	return scan;
}
