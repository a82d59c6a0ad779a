/* Code that does not exist yet (jit.h): recognising the JIT engines of a
 * process, reading their CPU-feature state, and turning it into the ISA
 * sets their code generators can emit after the scan. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/jit.h"

bool jit_memory(const struct proc_mapping *m)
{
	static const char *const shared[] = {"/memfd:", "/dev/zero", "/SYSV",
					     "/dev/shm/"};
	if (m->path[0] != '/') /* anonymous, [heap], [stack]; not the vDSO */
		return strcmp(m->path, "[vdso]") &&
		       strcmp(m->path, "[vsyscall]");
	for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
		if (!strncmp(m->path, shared[i], strlen(shared[i])))
			return true;
	return false;
}

/* Space-separated cpuinfo flag names; tests/unit/test_jit.c checks that
 * every name in the tables is a flag, so none is dropped here. */
static void parse_flags(const char *text, struct feature_set *out)
{
	char word[64];
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ");
		if (n && n < sizeof word) {
			memcpy(word, p, n);
			word[n] = 0;
			int f = flag_find(word);
			if (f >= 0)
				feature_set_add(out, (size_t)f);
		}
		p += n;
		p += strspn(p, " ");
	}
}

void jit_isa_sets_of_flags(const struct feature_set *flags,
			   struct feature_set *out)
{
	struct feature_set base = {0}, all, with, without;
	for (size_t i = 0; i < isa_count; i++)
		if (isa_table[i].baseline)
			isa_required_flags(i, &base);
	all = base;
	for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
		all.word[w] |= flags->word[w];
	isa_supported_all(&all, UINT64_MAX, &with);
	isa_supported_all(&base, UINT64_MAX, &without);
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < isa_count; i++)
		if (feature_set_has(&with, i) &&
		    !feature_set_has(&without, i) && !isa_table[i].baseline &&
		    isa_table[i].failure != FAILS_NOP)
			feature_set_add(out, i);
}

/* ---- one engine in the process ---- */

#define MAX_FEATURES 96

struct engine_feature {
	const char *name, *flags, *knob;
	long knob_value; /* -1: not read */
	bool only_with_knob;
};

/* HotSpot's UseAVX and UseSSE are int; the other knobs bool. */
static bool knob_is_number(const char *knob)
{
	return !strcmp(knob, "UseAVX") || !strcmp(knob, "UseSSE");
}

struct engine_state {
	const struct jit_engine *engine;
	const struct proc_mapping *map; /* its object's first mapping */
	uint64_t generator;		/* run-time address, or 0 */
	/* the features it may use, in its own names, with their flags */
	struct engine_feature features[MAX_FEATURES];
	size_t feature_count;
	const char *how;      /* where the state came from */
	char unreadable[256]; /* why it cannot be told, or "" */
	bool idle;	      /* it can compile nothing more */
};

static const struct jit_feature *feature_named(enum jit_state engine,
					       const char *name)
{
	for (size_t i = 0; i < jit_feature_count; i++)
		if (jit_feature_table[i].engine == engine &&
		    !strcmp(jit_feature_table[i].name, name))
			return &jit_feature_table[i];
	return NULL;
}

/* At most 64 HotSpot bits, 32 V8 bits or a repertoire's few flags. */
static void add_feature(struct engine_state *st, const char *name,
			const char *flags, const char *knob,
			bool only_with_knob)
{
	if (st->feature_count < MAX_FEATURES)
		st->features[st->feature_count++] = (struct engine_feature){
		    name, flags, knob, -1, only_with_knob};
}

/* Reads of the target go through a page cache: the tables are thousands
 * of small reads. */
static bool read_u64(struct proc_page_cache *r, uint64_t a, uint64_t *v)
{
	return a && proc_cached_read(r, a, v, 8) == 8;
}

static bool read_u32(struct proc_page_cache *r, uint64_t a, uint32_t *v)
{
	return a && proc_cached_read(r, a, v, 4) == 4;
}

/* A NUL-terminated string of at most size - 1 bytes. */
static bool read_string(struct proc_page_cache *r, uint64_t a, char *buf,
			size_t size)
{
	if (!a)
		return false;
	size_t got = proc_cached_read(r, a, buf, size - 1);
	buf[got] = 0;
	return memchr(buf, 0, got) != NULL;
}

/* Run-time addresses of `names` in the object of mapping m (0: absent). */
static bool lookup(pid_t pid, const struct proc_mapping *m,
		   const char *const *names, size_t n, uint64_t *at)
{
	int fd = proc_open_mapped_file(pid, m);
	if (fd < 0)
		return false;
	uint64_t load;
	int rc = elf_dynamic_lookup(fd, m->offset, &load, names, n, at);
	close(fd);
	if (rc)
		return false;
	for (size_t i = 0; i < n; i++)
		if (at[i])
			at[i] += m->start - load;
	return true;
}

/* ---- HotSpot: the serviceability agent's tables ---- */

enum {
	HS_STRUCTS,
	HS_STRUCT_STRIDE,
	HS_STRUCT_TYPE,
	HS_STRUCT_FIELD,
	HS_STRUCT_STATIC,
	HS_STRUCT_OFFSET,
	HS_STRUCT_ADDRESS,
	HS_TYPES,
	HS_TYPE_STRIDE,
	HS_TYPE_NAME,
	HS_TYPE_SIZE,
	HS_LONGS,
	HS_LONG_STRIDE,
	HS_LONG_NAME,
	HS_LONG_VALUE,
	HS_COUNT
};

static const char *const hotspot_names[HS_COUNT] = {
    "gHotSpotVMStructs",
    "gHotSpotVMStructEntryArrayStride",
    "gHotSpotVMStructEntryTypeNameOffset",
    "gHotSpotVMStructEntryFieldNameOffset",
    "gHotSpotVMStructEntryIsStaticOffset",
    "gHotSpotVMStructEntryOffsetOffset",
    "gHotSpotVMStructEntryAddressOffset",
    "gHotSpotVMTypes",
    "gHotSpotVMTypeEntryArrayStride",
    "gHotSpotVMTypeEntryTypeNameOffset",
    "gHotSpotVMTypeEntrySizeOffset",
    "gHotSpotVMLongConstants",
    "gHotSpotVMLongConstantEntryArrayStride",
    "gHotSpotVMLongConstantEntryNameOffset",
    "gHotSpotVMLongConstantEntryValueOffset",
};

/* The tables end with an entry whose name is NULL; a bound keeps a
 * damaged one from running on. */
#define HS_MAX_ENTRIES 100000

struct hotspot {
	uint64_t v[HS_COUNT]; /* the values of the variables above */
	/* VM_Version::CPU_* constants: a feature's bit and name */
	struct {
		uint64_t mask;
		char name[40];
	} cpu[64];
	size_t cpu_count;
	uint64_t features_at, flags_at, flag_count_at;
	uint64_t flag_name_offset, flag_addr_offset, flag_size;
	bool have_name_offset, have_addr_offset;
};

static void hotspot_structs(struct proc_page_cache *r, struct hotspot *h)
{
	char type[80], field[80];
	for (size_t i = 0; i < HS_MAX_ENTRIES; i++) {
		uint64_t e = h->v[HS_STRUCTS] + i * h->v[HS_STRUCT_STRIDE];
		uint64_t tp, fp, offset, address;
		uint32_t is_static;
		if (!read_u64(r, e + h->v[HS_STRUCT_TYPE], &tp) || !tp ||
		    !read_string(r, tp, type, sizeof type))
			return;
		if (!read_u64(r, e + h->v[HS_STRUCT_FIELD], &fp) ||
		    !read_string(r, fp, field, sizeof field) ||
		    !read_u32(r, e + h->v[HS_STRUCT_STATIC], &is_static) ||
		    !read_u64(r, e + h->v[HS_STRUCT_OFFSET], &offset) ||
		    !read_u64(r, e + h->v[HS_STRUCT_ADDRESS], &address))
			continue;
		if (is_static && !strcmp(field, "_features") &&
		    (!strcmp(type, "Abstract_VM_Version") ||
		     !strcmp(type, "VM_Version")))
			h->features_at = address;
		if (strcmp(type, "JVMFlag"))
			continue;
		if (is_static && !strcmp(field, "flags"))
			h->flags_at = address;
		else if (is_static && !strcmp(field, "numFlags"))
			h->flag_count_at = address;
		else if (!is_static && !strcmp(field, "_name"))
			h->flag_name_offset = offset,
			h->have_name_offset = true;
		else if (!is_static && !strcmp(field, "_addr"))
			h->flag_addr_offset = offset,
			h->have_addr_offset = true;
	}
}

static void hotspot_flag_size(struct proc_page_cache *r, struct hotspot *h)
{
	char name[80];
	for (size_t i = 0; i < HS_MAX_ENTRIES; i++) {
		uint64_t e = h->v[HS_TYPES] + i * h->v[HS_TYPE_STRIDE], np;
		if (!read_u64(r, e + h->v[HS_TYPE_NAME], &np) || !np ||
		    !read_string(r, np, name, sizeof name))
			return;
		if (!strcmp(name, "JVMFlag")) {
			read_u64(r, e + h->v[HS_TYPE_SIZE], &h->flag_size);
			return;
		}
	}
}

/* The VM_Version::CPU_* constants: each feature's bit and name. */
static void hotspot_cpu_constants(struct proc_page_cache *r, struct hotspot *h)
{
	static const char prefix[] = "VM_Version::CPU_";
	char text[96];
	for (size_t i = 0; i < HS_MAX_ENTRIES && h->cpu_count < 64; i++) {
		uint64_t e = h->v[HS_LONGS] + i * h->v[HS_LONG_STRIDE], np, v;
		if (!read_u64(r, e + h->v[HS_LONG_NAME], &np) || !np ||
		    !read_string(r, np, text, sizeof text))
			return;
		if (strncmp(text, prefix, sizeof prefix - 1) ||
		    !read_u64(r, e + h->v[HS_LONG_VALUE], &v))
			continue;
		h->cpu[h->cpu_count].mask = v;
		/* the table has no longer name: a longer one is unknown */
		size_t n = strlen(text + strlen("VM_Version::"));
		if (n >= sizeof h->cpu[0].name)
			n = sizeof h->cpu[0].name - 1;
		memcpy(h->cpu[h->cpu_count].name, text + strlen("VM_Version::"),
		       n);
		h->cpu[h->cpu_count].name[n] = 0;
		h->cpu_count++;
	}
}

/* The -XX flags that tune the features' use, for the evidence. */
static void hotspot_knobs(struct proc_page_cache *r, const struct hotspot *h,
			  struct engine_state *st)
{
	uint64_t flags, count;
	if (!h->flags_at || !h->flag_count_at || !h->have_name_offset ||
	    !h->have_addr_offset || !h->flag_size ||
	    !read_u64(r, h->flags_at, &flags) ||
	    !read_u64(r, h->flag_count_at, &count) || count > HS_MAX_ENTRIES)
		return;
	char name[80];
	for (uint64_t i = 0; i < count; i++) {
		uint64_t f = flags + i * h->flag_size, np, addr;
		if (!read_u64(r, f + h->flag_name_offset, &np) || !np ||
		    !read_string(r, np, name, sizeof name) ||
		    !read_u64(r, f + h->flag_addr_offset, &addr))
			continue;
		for (size_t k = 0; k < st->feature_count; k++) {
			if (!st->features[k].knob ||
			    strcmp(st->features[k].knob, name))
				continue;
			bool number = knob_is_number(name);
			uint32_t v = 0;
			if (proc_cached_read(r, addr, &v, number ? 4 : 1) ==
			    (number ? 4 : 1))
				st->features[k].knob_value = (long)(int32_t)v;
		}
	}
}

static void read_hotspot(pid_t pid, struct proc_page_cache *r,
			 struct engine_state *st)
{
	struct hotspot h = {0};
	uint64_t at[HS_COUNT];
	if (!lookup(pid, st->map, hotspot_names, HS_COUNT, at)) {
		snprintf(st->unreadable, sizeof st->unreadable,
			 "its object could not be read");
		return;
	}
	for (size_t i = 0; i < HS_COUNT; i++)
		if (!read_u64(r, at[i], &h.v[i])) {
			snprintf(st->unreadable, sizeof st->unreadable,
				 "%s is not exported or not readable",
				 hotspot_names[i]);
			return;
		}
	if (!h.v[HS_STRUCTS] || !h.v[HS_STRUCT_STRIDE] ||
	    !h.v[HS_LONG_STRIDE]) {
		snprintf(st->unreadable, sizeof st->unreadable,
			 "its tables are not set up yet (a JVM starting)");
		return;
	}
	hotspot_structs(r, &h);
	uint64_t features;
	if (!read_u64(r, h.features_at, &features)) {
		snprintf(st->unreadable, sizeof st->unreadable,
			 "no VM_Version::_features in its tables");
		return;
	}
	hotspot_cpu_constants(r, &h);
	st->how = "VM_Version::_features";
	for (unsigned bit = 0; bit < 64; bit++) {
		if (!(features >> bit & 1))
			continue;
		const char *name = NULL;
		for (size_t k = 0; k < h.cpu_count; k++)
			if (h.cpu[k].mask == UINT64_C(1) << bit)
				name = h.cpu[k].name;
		const struct jit_feature *f =
		    name ? feature_named(JIT_HOTSPOT, name) : NULL;
		if (!f) {
			snprintf(st->unreadable, sizeof st->unreadable,
				 "feature bit %u (%s) of VM_Version::_features "
				 "is not in migcheck's table",
				 bit, name ? name : "no name");
			return;
		}
		add_feature(st, f->name, f->flags, f->knob, f->only_with_knob);
	}
	hotspot_flag_size(r, &h);
	hotspot_knobs(r, &h, st);
}

/* ---- V8: CpuFeatures::supported_ ---- */

static void read_v8(pid_t pid, struct proc_page_cache *r,
		    struct engine_state *st)
{
	static const char *const names[] = {
	    "_ZN2v88internal11CpuFeatures10supported_E",
	    "_ZN2v88internal7Version6major_E",
	    "_ZN2v88internal7Version6minor_E",
	};
	uint64_t at[3];
	uint32_t supported, major, minor;
	if (!lookup(pid, st->map, names, 3, at) ||
	    !read_u32(r, at[0], &supported) || !read_u32(r, at[1], &major) ||
	    !read_u32(r, at[2], &minor)) {
		snprintf(st->unreadable, sizeof st->unreadable,
			 "CpuFeatures::supported_ or Version::major_ and "
			 "minor_ are not exported or not readable");
		return;
	}
	int version = (int)major * 100 + (int)minor;
	const struct v8_layout *layout = NULL;
	for (size_t i = 0; i < v8_layout_count; i++)
		if (version >= v8_layout_table[i].from &&
		    version <= v8_layout_table[i].to)
			layout = &v8_layout_table[i];
	if (!layout) {
		snprintf(st->unreadable, sizeof st->unreadable,
			 "the order of V8 %u.%u's CpuFeature bits is not in "
			 "migcheck's table",
			 major, minor);
		return;
	}
	/* Not probed yet: it will set what the CPU has of all it knows. */
	bool probed = supported != 0;
	if (!probed)
		supported = UINT32_MAX;
	st->how = probed ? "CpuFeatures::supported_"
			 : "every CpuFeature (not probed yet)";
	for (unsigned bit = 0; bit < 32; bit++) {
		if (!(supported >> bit & 1))
			continue;
		const char *name = layout->bits[bit];
		const struct jit_feature *f =
		    name ? feature_named(JIT_V8, name) : NULL;
		if (f) {
			add_feature(st, f->name, f->flags, NULL, false);
		} else if (probed) {
			snprintf(st->unreadable, sizeof st->unreadable,
				 "bit %u of V8 %u.%u's CpuFeatures::supported_ "
				 "is not in migcheck's table",
				 bit, major, minor);
			return;
		}
	}
}

static void read_repertoire(struct engine_state *st)
{
	/* each flag is a feature of its own, named as the flag */
	struct feature_set flags = {0};
	parse_flags(st->engine->repertoire, &flags);
	st->how = "its code generators' repertoire";
	for (size_t i = 0; i < flag_count; i++)
		if (feature_set_has(&flags, i))
			add_feature(st, flag_table[i].name, flag_table[i].name,
				    NULL, false);
}

/* ---- recognising engines ---- */

/* The first mapping of the file mapping m maps: where its symbols'
 * bias is measured from. */
static const struct proc_mapping *first_mapping(const struct proc_snapshot *p,
						const struct proc_mapping *m)
{
	for (size_t k = 0; k < p->map_count; k++)
		if (p->maps[k].inode == m->inode &&
		    p->maps[k].dev_major == m->dev_major &&
		    p->maps[k].dev_minor == m->dev_minor &&
		    !strcmp(p->maps[k].path, m->path))
			return &p->maps[k];
	return m;
}

/* Each object with code (a file with an executable mapping) is asked for
 * every engine's marker and generator. Returns SIZE_MAX when out of
 * memory or past `cap` engines: engines may then be missed. */
static size_t find_engines(const struct proc_snapshot *p,
			   struct engine_state *found, size_t cap)
{
	size_t n = 0, count = 0, asked_count = 0;
	const char **names = calloc(2 * jit_engine_count, sizeof *names);
	uint64_t *at = calloc(2 * jit_engine_count, sizeof *at);
	const struct proc_mapping **asked = calloc(p->map_count, sizeof *asked);
	if (!names || !at || !asked) {
		count = SIZE_MAX;
		goto out;
	}
	for (size_t i = 0; i < jit_engine_count; i++) {
		names[n++] = jit_engine_table[i].marker;
		if (jit_engine_table[i].generator)
			names[n++] = jit_engine_table[i].generator;
	}
	for (size_t i = 0; i < p->map_count; i++) {
		const struct proc_mapping *m = &p->maps[i];
		if (!m->executable || m->path[0] != '/' || jit_memory(m))
			continue;
		const struct proc_mapping *first = first_mapping(p, m);
		bool seen = false;
		for (size_t k = 0; k < asked_count; k++)
			seen |= asked[k] == first;
		/* a file that cannot be read is an unknown of the scan
		 * methods already (no-elf-file): none is added here */
		if (seen || !lookup(p->pid, first, names, n, at))
			continue;
		asked[asked_count++] = first;
		for (size_t k = 0, e = 0; e < jit_engine_count; e++) {
			const struct jit_engine *engine = &jit_engine_table[e];
			uint64_t marker = at[k++];
			uint64_t generator = engine->generator ? at[k++] : 0;
			if (!marker)
				continue;
			if (count == cap) {
				count = SIZE_MAX;
				goto out;
			}
			memset(&found[count], 0, sizeof found[count]);
			found[count].engine = engine;
			found[count].map = first;
			found[count].generator = generator;
			count++;
		}
	}
out:
	free(names);
	free(at);
	free(asked);
	return count;
}

/* ---- what the engines mean for the requirements ---- */

/* " (UseAVX=3)", " (UsePopCountInstruction=true)", or "" unread. */
static void knob_text(const struct engine_feature *f, char *buf, size_t size)
{
	buf[0] = 0;
	if (!f->knob || f->knob_value < 0)
		return;
	if (knob_is_number(f->knob))
		snprintf(buf, size, " (%s=%ld)", f->knob, f->knob_value);
	else
		snprintf(buf, size, " (%s=%s)", f->knob,
			 f->knob_value ? "true" : "false");
}

static void record_engine(struct isa_record *rec, struct engine_state *st,
			  json_object *sets)
{
	struct feature_set flags = {0}, done = {0};
	for (size_t k = 0; k < st->feature_count; k++) {
		if (st->features[k].only_with_knob &&
		    st->features[k].knob_value == 0)
			continue; /* its knob is off */
		parse_flags(st->features[k].flags, &flags);
		struct feature_set now;
		jit_isa_sets_of_flags(&flags, &now);
		for (size_t i = 0; i < isa_count; i++) {
			if (!feature_set_has(&now, i) ||
			    feature_set_has(&done, i))
				continue;
			feature_set_add(&done, i);
			json_object_array_add(
			    sets, json_object_new_string(isa_table[i].name));
			if (rec->seen[i])
				continue;
			char knob[96] = "";
			knob_text(&st->features[k], knob, sizeof knob);
			char reason[700];
			snprintf(reason, sizeof reason,
				 "%s can emit it in code compiled after the "
				 "scan: %s%s, from %s of %s",
				 st->engine->name, st->features[k].name, knob,
				 st->how, st->map->path);
			json_object *e = json_object_new_object();
			json_object_object_add(e, "reason",
					       json_object_new_string(reason));
			json_object_object_add(
			    e, "jit_engine",
			    json_object_new_string(st->engine->name));
			rec->seen[i] = true;
			rec->evidence[i] = e;
		}
	}
}

static json_object *describe(const struct engine_state *st, const char *state,
			     json_object *sets)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "engine",
			       json_object_new_string(st->engine->name));
	json_object_object_add(o, "object",
			       json_object_new_string(st->map->path));
	json_object_object_add(o, "state", json_object_new_string(state));
	json_object *features = json_object_new_array();
	for (size_t k = 0; k < st->feature_count; k++) {
		char text[96], knob[64];
		knob_text(&st->features[k], knob, sizeof knob);
		snprintf(text, sizeof text, "%s%s", st->features[k].name, knob);
		json_object_array_add(features, json_object_new_string(text));
	}
	json_object_object_add(o, "features", features);
	json_object_object_add(o, "isa_sets", sets);
	return o;
}

/* A thread's stack, made executable by a program or library linked with
 * an executable stack (for GCC's nested-function trampolines, fixed
 * code): no code generator's buffer. */
static bool a_stack(const struct proc_snapshot *p, const struct proc_mapping *m)
{
	if (!strcmp(m->path, "[stack]"))
		return true;
	for (size_t i = 0; i < p->thread_count; i++)
		if (p->threads[i].rsp >= m->start && p->threads[i].rsp < m->end)
			return true;
	return false;
}

/* Executable memory a code generator can still write: writable itself,
 * or a shared object (memfd, shm) with a writable mapping elsewhere. */
static bool writable_code(const struct proc_snapshot *p,
			  const struct proc_mapping *m)
{
	if (m->writable)
		return !a_stack(p, m);
	if (!m->inode)
		return false;
	for (size_t i = 0; i < p->map_count; i++) {
		const struct proc_mapping *o = &p->maps[i];
		if (o->writable && o->inode == m->inode &&
		    o->dev_major == m->dev_major &&
		    o->dev_minor == m->dev_minor)
			return true;
	}
	return false;
}

static bool claims(const struct engine_state *found, size_t count,
		   const struct proc_mapping *m)
{
	for (size_t k = 0; k < count; k++)
		if (!found[k].engine->memory ||
		    strstr(m->path, found[k].engine->memory))
			return true;
	return false;
}

void jit_account(const struct proc_snapshot *p, struct isa_record *rec,
		 json_object *scan, jit_reached_fn reached, void *ctx)
{
	enum { CAP = 64 };
	struct engine_state *found = calloc(CAP, sizeof *found);
	size_t count = found ? find_engines(p, found, CAP) : SIZE_MAX;
	if (count == SIZE_MAX) {
		scan_add_unknown(rec->req, "jit-state-unreadable",
				 "out of memory, or more than %d JIT engines, "
				 "while looking for them",
				 (int)CAP);
		free(found);
		return;
	}
	size_t memory = 0, writable = 0, unclaimed = 0;
	const struct proc_mapping *first_unclaimed = NULL;
	for (size_t i = 0; i < p->map_count; i++) {
		const struct proc_mapping *m = &p->maps[i];
		if (!m->executable || !jit_memory(m))
			continue;
		memory++;
		if (!writable_code(p, m))
			continue; /* fixed code, decoded whole */
		writable++;
		if (!claims(found, count, m) && !unclaimed++)
			first_unclaimed = m;
	}
	struct proc_page_cache r = {.pid = p->pid};
	json_object *engines = json_object_new_array();
	for (size_t k = 0; k < count; k++) {
		struct engine_state *st = &found[k];
		const struct jit_engine *e = st->engine;
		const char *state = NULL;
		if (st->generator && reached && !reached(ctx, st->generator)) {
			state = "idle: its compiler is not reached";
			st->idle = true;
		} else if (e->buffer_at_start && !memory) {
			state = "off: no JIT buffer";
			st->idle = true;
		} else if (e->state == JIT_HOTSPOT) {
			read_hotspot(p->pid, &r, st);
		} else if (e->state == JIT_V8) {
			read_v8(p->pid, &r, st);
		} else if (e->state == JIT_REPERTOIRE) {
			read_repertoire(st);
		} else {
			snprintf(st->unreadable, sizeof st->unreadable,
				 "migcheck cannot read its CPU feature state");
		}
		json_object *sets = json_object_new_array();
		if (st->unreadable[0]) {
			st->feature_count = 0;
			state = "unreadable";
			scan_add_unknown(rec->req, "jit-state-unreadable",
					 "%s in %s: %s; code it compiles after "
					 "the scan may use any feature of this "
					 "CPU (%s)",
					 e->name, st->map->path, st->unreadable,
					 e->source);
		} else if (!st->idle) {
			record_engine(rec, st, sets);
			state = st->how;
		}
		json_object_array_add(engines, describe(st, state, sets));
	}
	if (unclaimed)
		scan_add_unknown(
		    rec->req, "jit-unrecognised",
		    "%s 0x%" PRIx64 "-0x%" PRIx64 " (and %zu more): executable "
		    "memory that can be written, and no JIT engine migcheck "
		    "knows is in the process; code written there after the "
		    "scan cannot be told",
		    mapping_name(first_unclaimed), first_unclaimed->start,
		    first_unclaimed->end, unclaimed - 1);
	proc_page_cache_free(&r);
	free(found);
	json_object *jit = json_object_new_object();
	json_object_object_add(jit, "engines", engines);
	json_add_count(jit, "executable_memory_mappings", memory);
	json_add_count(jit, "writable", writable);
	json_add_count(jit, "writable_unclaimed", unclaimed);
	json_object_object_add(scan, "jit", jit);
}
