/* Reports: every text and JSON output of migcheck. The only module that
 * formats for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/requirements.h"
#include "check/check.h"
#include "check/compare.h"

static int write_json(FILE *out, json_object *o)
{
	const char *s = json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = fprintf(out, "%s\n", s) < 0 ? MIGCHECK_ERR_IO : MIGCHECK_OK;
	json_object_put(o);
	return rc;
}

/* Prints names wrapped at 78 columns, each line indented by `indent`. */
static void print_wrapped(FILE *out, const char *const *names, size_t n,
			  int indent)
{
	int col = indent;
	fprintf(out, "%*s", indent, "");
	for (size_t i = 0; i < n; i++) {
		int len = (int)strlen(names[i]);
		if (col > indent && col + 1 + len > 78) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		}
		col += fprintf(out, "%s%s", col > indent ? " " : "", names[i]);
	}
	fprintf(out, "\n");
}

/* Text reports fit this many columns a line, unless verbose. */
#define WIDTH 100

/* Cuts s to `width` columns, ending in "..." when cut. */
static void fit(char *s, size_t width)
{
	if (width >= 3 && strlen(s) > width)
		strcpy(s + width - 3, "...");
}

/* Prints a warning of the catalog to stderr, on one line of WIDTH
 * columns unless verbose. */
static void print_warning(const char *text, unsigned flags)
{
	static char line[8192];
	snprintf(line, sizeof line, "migcheck: warning: %s", text);
	if (flags & MIGCHECK_REPORT_VERBOSE || strlen(line) <= WIDTH) {
		fprintf(stderr, "%s\n", line);
		return;
	}
	/* two lines at most, cut between words: the rest is a list */
	const char *p = line;
	for (int row = 0; row < 2 && *p; row++) {
		size_t room = row ? WIDTH - 2 : WIDTH, keep = strlen(p);
		if (keep > room) {
			keep = row ? room - 16 : room;
			while (keep > 20 && p[keep] != ' ')
				keep--;
		}
		fprintf(stderr, "%s%.*s", row ? "\n  " : "", (int)keep, p);
		p += keep;
		while (*p == ' ')
			p++;
	}
	fprintf(stderr, "%s\n", *p ? " ... (--verbose)" : "");
}

static size_t xsave_names(uint64_t mask, const char **names)
{
	size_t n = 0;
	for (unsigned bit = 0; bit < 64; bit++)
		if (mask >> bit & 1)
			names[n++] = xsave_component_name(bit)
					 ? xsave_component_name(bit)
					 : "unnamed";
	return n;
}

int migcheck_report_profile_text(FILE *out, const migcheck_profile *p)
{
	const char *names[FEATURE_SET_WORDS * 64];
	fprintf(out, "host:       %s\n", p->name);
	fprintf(out, "cpu:        %s\n",
		p->model_name[0] ? p->model_name : "?");
	fprintf(out, "vendor:     %s, family %u, model %u, stepping %u",
		p->vendor, p->family, p->model, p->stepping);
	if (p->microcode[0])
		fprintf(out, ", microcode %s", p->microcode);
	fprintf(out,
		"\ncpuid:      max basic leaf %#x, max extended leaf %#x\n",
		p->max_basic_leaf, p->max_extended_leaf);
	if (p->has_xcr0) {
		size_t n = xsave_names(p->xcr0, names);
		fprintf(out, "xcr0:       %#llx (",
			(unsigned long long)p->xcr0);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s%s", i ? " " : "", names[i]);
		fprintf(out, ")\n");
	}
	fprintf(out, "xsave size: %u bytes enabled, %u bytes for all\n",
		p->xsave_size, p->xsave_size_max);
	size_t n = feature_set_names(&p->flags, FEATURE_FLAG, names);
	fprintf(out, "flags (%zu):\n", n);
	print_wrapped(out, names, n, 2);
	n = feature_set_names(&p->isa_sets, FEATURE_ISA, names);
	fprintf(out, "ISA sets beyond the x86-64 baseline (%zu):\n", n);
	print_wrapped(out, names, n, 2);
	return ferror(out) ? MIGCHECK_ERR_IO : MIGCHECK_OK;
}

int migcheck_report_profile_json(FILE *out, const migcheck_profile *p)
{
	return write_json(out, profile_to_json(p));
}

int migcheck_report_requirements_json(FILE *out, const migcheck_requirements *r)
{
	return write_json(out, requirements_to_json(r));
}

static const char *json_string_of(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v)
						     : NULL;
}

/* How the path method reached it: "    via thread 12 stack: main+0x41
 * -> call: kernel" on indented lines. */
static void print_chain(FILE *out, json_object *evidence)
{
	json_object *chain;
	if (!json_object_object_get_ex(evidence, "chain", &chain) ||
	    !json_object_is_type(chain, json_type_array))
		return;
	size_t n = json_object_array_length(chain);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "      %s %s\n", i ? "->" : "via",
			json_object_get_string(
			    json_object_array_get_idx(chain, i)));
}

/* One line per JIT engine of a scan: what it may still compile. */
static void print_jit_engines(FILE *out, json_object *scan)
{
	json_object *jit, *engines;
	if (!json_object_object_get_ex(scan, "jit", &jit) ||
	    !json_object_object_get_ex(jit, "engines", &engines) ||
	    !json_object_is_type(engines, json_type_array))
		return;
	size_t n = json_object_array_length(engines);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(engines, i), *sets;
		json_object_object_get_ex(e, "isa_sets", &sets);
		fprintf(out, "%s %s (%s): %zu ISA sets it can emit later\n",
			i ? "             " : "JIT engines: ",
			json_string_of(e, "engine"), json_string_of(e, "state"),
			json_object_is_type(sets, json_type_array)
			    ? json_object_array_length(sets)
			    : 0);
	}
}

/* The last component of a path: evidence names objects by file name. */
static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path ? path : "?";
}

int migcheck_report_requirements_text(FILE *out, const migcheck_requirements *r,
				      unsigned flags)
{
	const char *names[FEATURE_SET_WORDS * 64];
	bool verbose = flags & MIGCHECK_REPORT_VERBOSE;
	char line[2048];
	snprintf(line, sizeof line, "requirements: %s", r->source);
	if (!verbose)
		fit(line, WIDTH);
	fprintf(out, "%s\n", line);
	if (r->scan) {
		json_object *v;
		json_object_object_get_ex(r->scan, "pause_ms", &v);
		fprintf(out, "pause:        %.3f ms (%s threads)\n",
			json_object_get_double(v),
			json_string_of(r->scan, "threads"));
		fprintf(out,
			"decoded:      %s instructions, %s bytes did not "
			"decode\n",
			json_string_of(r->scan, "instructions"),
			json_string_of(r->scan, "undecodable_bytes"));
		print_jit_engines(out, r->scan);
		if (r->observed) {
			json_object_object_get_ex(r->scan, "observed_ms", &v);
			double ms = json_object_get_double(v);
			json_object_object_get_ex(r->scan, "coverage", &v);
			fprintf(out,
				"watched:      %.1f s (ended: %s), %s of %s "
				"sites hit; %.1f%% of the path method's "
				"sites\n",
				ms / 1000, json_string_of(r->scan, "ended"),
				json_string_of(r->scan, "hit"),
				json_string_of(r->scan, "planted"),
				100 * json_object_get_double(v));
		}
	}
	size_t n = feature_set_names(&r->isa_sets, FEATURE_ISA, names);
	size_t sets = n;
	fprintf(out, "ISA sets (%zu)%s:\n", n,
		verbose ? "" : ", each with one instruction that needs it");
	for (size_t i = 0; i < n; i++) {
		json_object *e;
		if (!json_object_object_get_ex(r->evidence, names[i], &e)) {
			fprintf(out, "  %s\n", names[i]);
			continue;
		}
		const char *sym = json_string_of(e, "symbol");
		const char *insn = json_string_of(e, "instruction");
		const char *object = json_string_of(e, "object");
		if (object && verbose)
			snprintf(line, sizeof line,
				 "  %-24s %s at %s %s+%s%s%s%s", names[i],
				 insn ? insn : "?",
				 json_string_of(e, "address"), object,
				 json_string_of(e, "offset"), sym ? " (" : "",
				 sym ? sym : "", sym ? ")" : "");
		else if (object)
			snprintf(line, sizeof line, "  %-22s %-11s %s+%s%s%s%s",
				 names[i], insn ? insn : "?", base_name(object),
				 json_string_of(e, "offset"), sym ? " (" : "",
				 sym ? sym : "", sym ? ")" : "");
		else
			snprintf(line, sizeof line, "  %-24s %s", names[i],
				 json_string_of(e, "reason"));
		if (!verbose)
			fit(line, WIDTH);
		fprintf(out, "%s\n", line);
		if (verbose)
			print_chain(out, e);
	}
	n = xsave_names(r->xsave, names);
	fprintf(out, "state in use:");
	for (size_t i = 0; i < n; i++)
		fprintf(out, " %s", names[i]);
	fprintf(out, "%s\n", n ? "" : " none beyond x87 and SSE");
	size_t unknowns = json_object_array_length(r->unknowns);
	fprintf(out, "unknowns (%zu)%s\n", unknowns, unknowns ? ":" : "");
	for (size_t i = 0; i < unknowns; i++) {
		json_object *u = json_object_array_get_idx(r->unknowns, i);
		snprintf(line, sizeof line, "  %s: %s",
			 json_string_of(u, "kind"),
			 json_string_of(u, "detail"));
		if (!verbose)
			fit(line, WIDTH);
		fprintf(out, "%s\n", line);
	}
	if (!verbose && sets + unknowns)
		fprintf(out, "(--verbose: how each instruction is reached, "
			     "whole lines; --json: all of it)\n");
	return ferror(out) ? MIGCHECK_ERR_IO : MIGCHECK_OK;
}

static const char *kind_name(enum destination_kind k)
{
	return k == DEST_PROFILE   ? "profile"
	       : k == DEST_LIBVIRT ? "libvirt"
				   : "isa-list";
}

/* The members of group g in at most `width` columns: "a b c" or
 * "a b ... (+N more)"; *count is how many there are. */
static void group_members(const migcheck_catalog *c, size_t g, char *buf,
			  size_t size, size_t width, size_t *count)
{
	size_t len = 0, shown = 0;
	*count = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < c->count; i++)
		*count += c->dest[i].group == g;
	for (size_t i = 0; i < c->count; i++) {
		if (c->dest[i].group != g)
			continue;
		size_t name = strlen(c->dest[i].name) + (len ? 1 : 0);
		/* room for this name, and then for " ... (+N more)" */
		size_t tail = shown + 1 < *count ? 16 : 0;
		if (len + name + tail > width || len + name + 1 > size)
			break;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? " " : "", c->dest[i].name);
		shown++;
	}
	if (shown < *count)
		snprintf(buf + len, size - len, "%s... (+%zu more)",
			 len ? " " : "", *count - shown);
}

int migcheck_report_catalog_text(FILE *out, const migcheck_catalog *c,
				 unsigned flags)
{
	bool verbose = flags & MIGCHECK_REPORT_VERBOSE;
	for (size_t i = 0; i < c->warnings.count; i++)
		print_warning(c->warnings.item[i], flags);
	if (flags & MIGCHECK_REPORT_GROUPS) {
		for (size_t g = 0; g < c->group_count; g++) {
			static char members[65536];
			size_t count;
			group_members(c, g, members, sizeof members,
				      verbose ? sizeof members : WIDTH - 35,
				      &count);
			size_t first = 0;
			while (c->dest[first].group != g)
				first++;
			fprintf(out,
				"group %-3zu %3zu types, %3zu ISA sets: %s\n",
				g + 1, count,
				feature_set_count(&c->dest[first].isa_sets),
				members);
		}
	} else {
		for (size_t i = 0; i < c->count; i++) {
			const struct destination *d = &c->dest[i];
			fprintf(out,
				"%-32s %-8s %-13s %3zu ISA sets  group %zu\n",
				d->name, kind_name(d->kind),
				d->vendor[0] ? d->vendor : "-",
				feature_set_count(&d->isa_sets), d->group + 1);
		}
	}
	fprintf(out, "%zu destinations in %zu groups\n", c->count,
		c->group_count);
	return ferror(out) ? MIGCHECK_ERR_IO : MIGCHECK_OK;
}

static json_object *warnings_json(const migcheck_catalog *c)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < c->warnings.count; i++)
		json_object_array_add(
		    a, json_object_new_string(c->warnings.item[i]));
	return a;
}

int migcheck_report_catalog_json(FILE *out, const migcheck_catalog *c,
				 bool groups)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema",
			       json_object_new_string("migcheck/catalog/v1"));
	json_object *dests = json_object_new_array();
	for (size_t i = 0; i < c->count; i++) {
		const struct destination *d = &c->dest[i];
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name",
				       json_object_new_string(d->name));
		json_object_object_add(
		    e, "kind", json_object_new_string(kind_name(d->kind)));
		json_object_object_add(e, "origin",
				       json_object_new_string(d->origin));
		json_object_object_add(e, "vendor",
				       json_object_new_string(d->vendor));
		json_object_object_add(
		    e, "group", json_object_new_int64((int64_t)d->group + 1));
		json_object_object_add(
		    e, "isa_sets",
		    feature_names_json(&d->isa_sets, FEATURE_ISA));
		if (d->knows_flags)
			json_object_object_add(
			    e, "flags",
			    feature_names_json(&d->flags, FEATURE_FLAG));
		if (d->kind == DEST_ISA_LIST) {
			struct feature_set untrusted;
			for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
				untrusted.word[w] =
				    d->claimed.word[w] & ~d->isa_sets.word[w];
			json_object_object_add(
			    e, "untrusted_claims",
			    feature_names_json(&untrusted, FEATURE_ISA));
		}
		json_object_array_add(dests, e);
	}
	json_object_object_add(o, "destinations", dests);
	if (groups) {
		json_object *ga = json_object_new_array();
		for (size_t g = 0; g < c->group_count; g++) {
			json_object *members = json_object_new_array();
			for (size_t i = 0; i < c->count; i++)
				if (c->dest[i].group == g)
					json_object_array_add(
					    members, json_object_new_string(
							 c->dest[i].name));
			json_object *e = json_object_new_object();
			json_object_object_add(
			    e, "group", json_object_new_int64((int64_t)g + 1));
			json_object_object_add(e, "members", members);
			json_object_array_add(ga, e);
		}
		json_object_object_add(o, "groups", ga);
	}
	json_object_object_add(o, "destination_count",
			       json_object_new_int64((int64_t)c->count));
	json_object_object_add(o, "group_count",
			       json_object_new_int64((int64_t)c->group_count));
	json_object_object_add(o, "warnings", warnings_json(c));
	return write_json(out, o);
}

static const char *verdict_name(enum migcheck_verdict v)
{
	return v == MIGCHECK_COMPATIBLE	    ? "compatible"
	       : v == MIGCHECK_INCOMPATIBLE ? "incompatible"
					    : "unknown";
}

/* The length of an ISA-set name up to its vector-length suffix
 * ("AVX512F_" of "AVX512F_128"), or 0 when it has none. */
static size_t family_stem(const char *name)
{
	static const char *const suffixes[] = {"128", "128N",	"256",
					       "512", "SCALAR", "KOP"};
	const char *u = strrchr(name, '_');
	if (!u)
		return 0;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (!strcmp(u + 1, suffixes[i]))
			return (size_t)(u + 1 - name);
	return 0;
}

/* "missing AVX2 AVX512F_512 (not trusted: AMX_BF16); flags erms; state
 * pkru" for one verdict. */
static void describe_missing(const struct verdict *v, char *buf, size_t size)
{
	const char *names[FEATURE_SET_WORDS * 64];
	size_t len = 0;
	buf[0] = '\0';
#define APPEND(...)                                                            \
	do {                                                                   \
		if (len < size)                                                \
			len += (size_t)snprintf(buf + len, size - len,         \
						__VA_ARGS__);                  \
	} while (0)
	size_t n = feature_set_names(&v->missing_isa, FEATURE_ISA, names);
	if (n) {
		APPEND("missing");
		for (size_t i = 0; i < n;) {
			/* AVX512F_128 AVX512F_256 AVX512F_512 print as
			 * AVX512F_{128,256,512}: exact, and a line stays a
			 * line. */
			size_t stem = family_stem(names[i]), j = i + 1;
			while (stem && j < n && family_stem(names[j]) == stem &&
			       !strncmp(names[i], names[j], stem))
				j++;
			if (j - i > 1) {
				APPEND(" %.*s{", (int)stem, names[i]);
				for (size_t k = i; k < j; k++)
					APPEND("%s%s", k > i ? "," : "",
					       names[k] + stem);
				APPEND("}");
			} else {
				APPEND(" %s", names[i]);
			}
			for (size_t k = i; k < j; k++)
				if (feature_set_has(
					&v->untrusted,
					(size_t)isa_find(names[k]))) {
					APPEND("(claimed, not trusted)");
					break;
				}
			i = j;
		}
	}
	n = feature_set_names(&v->missing_flags, FEATURE_FLAG, names);
	if (n) {
		APPEND("%sflags", len ? "; " : "missing ");
		for (size_t i = 0; i < n; i++)
			APPEND(" %s", names[i]);
	}
	n = xsave_names(v->missing_xsave, names);
	if (n) {
		APPEND("%sstate", len ? "; " : "missing ");
		for (size_t i = 0; i < n; i++)
			APPEND(" %s", names[i]);
	}
	if (v->reason[0])
		APPEND("%s%s", len ? "; " : "", v->reason);
#undef APPEND
}

/* An ISA set's family, for folding: its leading letters and the digits
 * right after them ("AVX512" of "AVX512F_512", "AMX" of "AMX_BF16",
 * "AVX2" of "AVX2GATHER"). */
static size_t family_of(const char *name)
{
	size_t n = 0;
	while (name[n] >= 'A' && name[n] <= 'Z')
		n++;
	while (n && name[n] >= '0' && name[n] <= '9')
		n++;
	return n;
}

struct item {
	char text[64];
	size_t weight; /* sets it stands for */
};

static int heavier_first(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* v's missing features in at most `width` columns, the most telling
 * first, a family of three or more folded: "46 missing: AVX512* (31
 * sets), AMX* (3 sets), AVX2, +10 more". */
static void describe_short(const struct verdict *v, char *buf, size_t width)
{
	const char *names[FEATURE_SET_WORDS * 64];
	static struct item items[FEATURE_SET_WORDS * 64 + 2];
	size_t count = 0, total = 0, untrusted = 0;
	size_t n = feature_set_names(&v->missing_isa, FEATURE_ISA, names);
	for (size_t i = 0; i < n;) {
		size_t stem = family_of(names[i]), j = i + 1;
		while (stem && j < n && family_of(names[j]) == stem &&
		       !strncmp(names[i], names[j], stem))
			j++;
		if (j - i >= 3) {
			snprintf(items[count].text, sizeof items[count].text,
				 "%.*s* (%zu sets)", (int)stem, names[i],
				 j - i);
			items[count++].weight = j - i;
		} else {
			for (size_t k = i; k < j;) {
				/* AVX512_IFMA_256 AVX512_IFMA_512 print as
				 * AVX512_IFMA_{256,512} */
				size_t vl = family_stem(names[k]), e = k + 1;
				while (vl && e < j &&
				       family_stem(names[e]) == vl &&
				       !strncmp(names[k], names[e], vl))
					e++;
				size_t at = (size_t)snprintf(
				    items[count].text, sizeof items[count].text,
				    "%.*s%s",
				    (int)(e - k > 1 ? vl : strlen(names[k])),
				    names[k], e - k > 1 ? "{" : "");
				for (size_t m = k; e - k > 1 && m < e; m++)
					at += (size_t)snprintf(
					    items[count].text + at,
					    at < sizeof items[count].text
						? sizeof items[count].text - at
						: 0,
					    "%s%s%s", m > k ? "," : "",
					    names[m] + vl,
					    m + 1 == e ? "}" : "");
				items[count++].weight = e - k;
				k = e;
			}
		}
		for (size_t k = i; k < j; k++)
			untrusted += feature_set_has(
			    &v->untrusted, (size_t)isa_find(names[k]));
		total += j - i;
		i = j;
	}
	n = feature_set_names(&v->missing_flags, FEATURE_FLAG, names);
	for (size_t i = 0; i < n; i++) {
		snprintf(items[count].text, sizeof items[count].text, "flag %s",
			 names[i]);
		items[count++].weight = 1;
	}
	total += n;
	n = xsave_names(v->missing_xsave, names);
	for (size_t i = 0; i < n; i++) {
		snprintf(items[count].text, sizeof items[count].text,
			 "state %s", names[i]);
		items[count++].weight = 1;
	}
	total += n;
	qsort(items, count, sizeof *items, heavier_first);
	size_t len = 0;
	buf[0] = '\0';
	if (v->reason[0]) {
		/* the verdict's own explanation (CRIU's rules, an unknown),
		 * and how many features differ: the list is --verbose's */
		size_t room = total ? width - 12 : width;
		snprintf(buf, width + 1, "%.*s", (int)width, v->reason);
		if (strlen(v->reason) > room)
			strcpy(buf + room - 3, "...");
		len = strlen(buf);
		if (total)
			snprintf(buf + len, width + 1 - len, "; %zu missing",
				 total);
		return;
	}
	if (total)
		len += (size_t)snprintf(buf + len, width + 1 - len,
					"%zu missing:", total);
	/* The heaviest first; one that does not fit leaves room for a
	 * lighter one after it. Room is kept for ", +N more". */
	size_t shown = 0, all = len;
	for (size_t i = 0; i < count; i++)
		all += strlen(items[i].text) + 2;
	size_t tail = all > width ? 11 : 0; /* ", +NNN more" */
	for (size_t i = 0; i < count; i++) {
		size_t need = strlen(items[i].text) + 2;
		if (len + need + tail > width)
			continue;
		len += (size_t)snprintf(buf + len, width + 1 - len, "%s %s",
					shown ? "," : "", items[i].text);
		shown++;
	}
	if (shown < count)
		len +=
		    (size_t)snprintf(buf + len, width + 1 - len, "%s +%zu more",
				     shown ? "," : "", count - shown);
	if (untrusted && len + 20 <= width)
		snprintf(buf + len, width + 1 - len, " (%zu not trusted)",
			 untrusted);
}

int migcheck_report_verdicts_text(FILE *out, const migcheck_verdicts *vs,
				  const migcheck_verdicts *host_level,
				  unsigned flags)
{
	static char line[8192], members[65536];
	bool verbose = flags & MIGCHECK_REPORT_VERBOSE,
	     groups = flags & MIGCHECK_REPORT_GROUPS;
	const migcheck_catalog *c = vs->catalog;
	for (size_t i = 0; i < c->warnings.count; i++)
		print_warning(c->warnings.item[i], flags);
	snprintf(line, sizeof line, "policy %s; requirements: %s",
		 migcheck_policy_name(vs->policy), vs->source);
	if (!verbose)
		fit(line, WIDTH);
	fprintf(out, "%s\n", line);
	for (size_t i = 0; i < vs->count; i++) {
		const struct verdict *v = &vs->verdict[i];
		char label[256];
		if (groups) {
			/* One line per group, from its first member. */
			size_t first = 0;
			while (c->dest[first].group != v->dest->group)
				first++;
			if (first != i)
				continue;
			size_t count;
			group_members(c, v->dest->group, members,
				      sizeof members,
				      verbose ? sizeof members : 0, &count);
			snprintf(label, sizeof label, "group %zu (%zu): %s",
				 v->dest->group + 1, count, v->dest->name);
			fit(label, 28);
		} else {
			snprintf(label, sizeof label, "%s", v->dest->name);
		}
		/* what the verdict and the name leave of WIDTH, at least 40 */
		size_t used = 14 + (strlen(label) > 28 ? strlen(label) : 28);
		if (verbose)
			describe_missing(v, line, sizeof line);
		else
			describe_short(v, line,
				       used + 40 < WIDTH ? WIDTH - used : 40);
		if (line[0])
			fprintf(out, "%-12s %-28s %s\n",
				verdict_name(v->verdict), label, line);
		else
			fprintf(out, "%-12s %s\n", verdict_name(v->verdict),
				label);
		if (groups && verbose)
			fprintf(out, "%13s%s\n", "", members);
	}
	fprintf(out,
		"compatible with %zu of %zu destinations (%zu of %zu "
		"groups)",
		vs->compatible, vs->count, vs->groups_compatible, vs->groups);
	if (host_level)
		fprintf(out, "; host-level check: %zu of %zu",
			host_level->compatible, host_level->count);
	fprintf(out, "\n");
	return ferror(out) ? MIGCHECK_ERR_IO : MIGCHECK_OK;
}

int migcheck_report_explain_text(FILE *out, const migcheck_verdicts *vs,
				 const migcheck_requirements *req,
				 const char *name)
{
	const struct verdict *v = NULL;
	for (size_t i = 0; i < vs->count && !v; i++)
		if (!strcmp(vs->verdict[i].dest->name, name))
			v = &vs->verdict[i];
	if (!v)
		return MIGCHECK_ERR_INVALID;
	char line[1024];
	size_t used = strlen(name) + 20;
	describe_short(v, line, used + 40 < WIDTH ? WIDTH - used : 40);
	fprintf(out, "%s: %s%s%s\n", name, verdict_name(v->verdict),
		line[0] ? ", " : "", line);
	const char *names[FEATURE_SET_WORDS * 64];
	size_t n = feature_set_names(&v->missing_isa, FEATURE_ISA, names);
	for (size_t i = 0; i < n; i++) {
		json_object *e = NULL;
		json_object_object_get_ex(req->evidence, names[i], &e);
		const char *object = e ? json_string_of(e, "object") : NULL;
		const char *sym = e ? json_string_of(e, "symbol") : NULL;
		if (object)
			snprintf(line, sizeof line, "  %-22s %-11s %s+%s%s%s%s",
				 names[i], json_string_of(e, "instruction"),
				 base_name(object), json_string_of(e, "offset"),
				 sym ? " (" : "", sym ? sym : "",
				 sym ? ")" : "");
		else
			snprintf(line, sizeof line, "  %-22s %s", names[i],
				 e ? json_string_of(e, "reason")
				   : "the workload needs every feature of its "
				     "host");
		fit(line, WIDTH);
		fprintf(out, "%s\n", line);
	}
	size_t unknowns = json_object_array_length(req->unknowns);
	for (size_t i = 0; i < unknowns; i++) {
		json_object *u = json_object_array_get_idx(req->unknowns, i);
		snprintf(line, sizeof line, "  unknown: %s: %s",
			 json_string_of(u, "kind"),
			 json_string_of(u, "detail"));
		fit(line, WIDTH);
		fprintf(out, "%s\n", line);
	}
	return ferror(out) ? MIGCHECK_ERR_IO : MIGCHECK_OK;
}

int migcheck_report_verdicts_json(FILE *out, const migcheck_verdicts *vs)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema",
			       json_object_new_string("migcheck/verdicts/v1"));
	json_object_object_add(
	    o, "policy",
	    json_object_new_string(migcheck_policy_name(vs->policy)));
	json_object_object_add(o, "requirements",
			       json_object_new_string(vs->source));
	json_object *dests = json_object_new_array();
	for (size_t i = 0; i < vs->count; i++) {
		const struct verdict *v = &vs->verdict[i];
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name",
				       json_object_new_string(v->dest->name));
		json_object_object_add(
		    e, "group",
		    json_object_new_int64((int64_t)v->dest->group + 1));
		json_object_object_add(
		    e, "verdict",
		    json_object_new_string(verdict_name(v->verdict)));
		json_object *m = json_object_new_object();
		json_object_object_add(
		    m, "isa_sets",
		    feature_names_json(&v->missing_isa, FEATURE_ISA));
		json_object_object_add(
		    m, "flags",
		    feature_names_json(&v->missing_flags, FEATURE_FLAG));
		json_object_object_add(m, "xsave_components",
				       xsave_names_json(v->missing_xsave));
		json_object_object_add(e, "missing", m);
		if (feature_set_count(&v->untrusted))
			json_object_object_add(
			    e, "untrusted_claims",
			    feature_names_json(&v->untrusted, FEATURE_ISA));
		if (feature_set_count(&v->unchecked_flags))
			json_object_object_add(
			    e, "unchecked_flags",
			    feature_names_json(&v->unchecked_flags,
					       FEATURE_FLAG));
		if (v->reason[0])
			json_object_object_add(
			    e, "reason", json_object_new_string(v->reason));
		json_object_array_add(dests, e);
	}
	json_object_object_add(o, "destinations", dests);
	json_object *s = json_object_new_object();
	json_object_object_add(s, "compatible",
			       json_object_new_int64((int64_t)vs->compatible));
	json_object_object_add(s, "destinations",
			       json_object_new_int64((int64_t)vs->count));
	json_object_object_add(
	    s, "groups_compatible",
	    json_object_new_int64((int64_t)vs->groups_compatible));
	json_object_object_add(s, "groups",
			       json_object_new_int64((int64_t)vs->groups));
	json_object_object_add(o, "summary", s);
	json_object_object_add(o, "warnings", warnings_json(vs->catalog));
	return write_json(out, o);
}

/* --------------------------------------------------------- comparison */

/* A group's verdict under one policy: "yes" when every member is
 * compatible, "no" when none is, "some" between; "?" for unknown. */
static const char *group_cell(const migcheck_verdicts *v, size_t g)
{
	size_t members = 0, yes = 0, unknown = 0;
	for (size_t i = 0; i < v->count; i++) {
		if (v->verdict[i].dest->group != g)
			continue;
		members++;
		yes += v->verdict[i].verdict == MIGCHECK_COMPATIBLE;
		unknown += v->verdict[i].verdict == MIGCHECK_UNKNOWN;
	}
	return yes == members ? "yes" : yes ? "some" : unknown ? "?" : "no";
}

/* Of the destinations the observation allows, the share policy p
 * allows; negative when the observation allows none or is absent. */
static double recall(const migcheck_comparison *c, int p)
{
	const migcheck_verdicts *o = c->verdicts[COMPARE_OBSERVED];
	if (!o)
		return -1;
	size_t allowed = 0, both = 0;
	for (size_t i = 0; i < o->count; i++) {
		if (o->verdict[i].verdict != MIGCHECK_COMPATIBLE)
			continue;
		allowed++;
		both +=
		    c->verdicts[p]->verdict[i].verdict == MIGCHECK_COMPATIBLE;
	}
	return allowed ? (double)both / (double)allowed : -1;
}

/* The observed evidence of the first ISA set a failure names. */
static json_object *failure_evidence(const migcheck_comparison *c,
				     const struct compare_failure *f)
{
	const char *names[FEATURE_SET_WORDS * 64];
	size_t n =
	    feature_set_names(&f->observed->missing_isa, FEATURE_ISA, names);
	json_object *e = NULL;
	for (size_t i = 0; i < n && !e; i++)
		json_object_object_get_ex(c->observed->evidence, names[i], &e);
	return e;
}

int migcheck_report_comparison_text(FILE *out, const migcheck_comparison *c,
				    unsigned flags)
{
	static char line[65536];
	bool verbose = flags & MIGCHECK_REPORT_VERBOSE;
	const migcheck_catalog *cat = c->catalog;
	int policies =
	    c->verdicts[COMPARE_OBSERVED] ? COMPARE_POLICIES : COMPARE_OBSERVED;
	for (size_t i = 0; i < cat->warnings.count; i++)
		print_warning(cat->warnings.item[i], flags);
	fprintf(out, "workload: %s\n", c->source);
	if (c->observed)
		fprintf(out, "observed: %s\n", c->observed->source);
	fprintf(out, "catalog:  %zu destinations in %zu groups\n\n", cat->count,
		cat->group_count);
	fprintf(out, "group  size");
	for (int p = 0; p < policies; p++)
		fprintf(out, "  %s", compare_policy_names[p]);
	fprintf(out, "  members\n");
	/* the members take what the other columns leave */
	size_t used = 12;
	for (int p = 0; p < policies; p++)
		used += 2 + strlen(compare_policy_names[p]);
	for (size_t g = 0; g < cat->group_count; g++) {
		size_t count;
		group_members(cat, g, line, sizeof line,
			      verbose ? sizeof line : WIDTH - used - 2, &count);
		fprintf(out, "%5zu %5zu", g + 1, count);
		for (int p = 0; p < policies; p++)
			fprintf(out, "  %-*s",
				(int)strlen(compare_policy_names[p]),
				group_cell(c->verdicts[p], g));
		fprintf(out, "  %s\n", line);
	}
	fprintf(out, "\n%-13s %-17s %-15s %s\n", "policy", "compatible",
		"groups", "recall vs observed");
	for (int p = 0; p < policies; p++) {
		const migcheck_verdicts *v = c->verdicts[p];
		char a[32], b[32];
		snprintf(a, sizeof a, "%zu of %zu", v->compatible, v->count);
		snprintf(b, sizeof b, "%zu of %zu", v->groups_compatible,
			 v->groups);
		double r = recall(c, p);
		if (r < 0)
			fprintf(out, "%-13s %-17s %-15s -\n",
				compare_policy_names[p], a, b);
		else
			fprintf(out, "%-13s %-17s %-15s %.2f\n",
				compare_policy_names[p], a, b, r);
	}
	fprintf(out, "\ncriu-*: CRIU's --cpu-cap rules on the source host; "
		     "approximated in CRIU's favour\nwhere a destination has "
		     "no raw CPUID (docs/policies.md).\n");
	for (size_t i = 0; i < c->failure_count; i++) {
		const struct compare_failure *f = &c->failures[i];
		describe_missing(f->observed, line, sizeof line);
		fprintf(out,
			"\nSOUNDNESS FAILURE: %s allows %s, but the process "
			"executed what it lacks: %s\n",
			compare_policy_names[f->policy],
			f->observed->dest->name, line);
		json_object *e = failure_evidence(c, f);
		if (e)
			fprintf(out, "  %s at %s %s+%s (thread %s)\n",
				json_string_of(e, "instruction"),
				json_string_of(e, "address"),
				json_string_of(e, "object"),
				json_string_of(e, "offset"),
				json_string_of(e, "thread"));
	}
	return ferror(out) ? MIGCHECK_ERR_IO : MIGCHECK_OK;
}

int migcheck_report_comparison_json(FILE *out, const migcheck_comparison *c)
{
	const migcheck_catalog *cat = c->catalog;
	json_object *o = json_object_new_object();
	json_object_object_add(
	    o, "schema", json_object_new_string("migcheck/comparison/v1"));
	json_object_object_add(o, "workload",
			       json_object_new_string(c->source));
	if (c->observed)
		json_object_object_add(
		    o, "observed", json_object_new_string(c->observed->source));
	json_object_object_add(o, "destination_count",
			       json_object_new_int64((int64_t)cat->count));
	json_object_object_add(
	    o, "group_count", json_object_new_int64((int64_t)cat->group_count));
	json_object *policies = json_object_new_object();
	for (int p = 0; p < COMPARE_POLICIES; p++) {
		const migcheck_verdicts *v = c->verdicts[p];
		if (!v)
			continue;
		json_object *e = json_object_new_object(),
			    *names = json_object_new_array();
		for (size_t i = 0; i < v->count; i++)
			if (v->verdict[i].verdict == MIGCHECK_COMPATIBLE)
				json_object_array_add(
				    names, json_object_new_string(
					       v->verdict[i].dest->name));
		json_object_object_add(
		    e, "compatible",
		    json_object_new_int64((int64_t)v->compatible));
		json_object_object_add(
		    e, "groups_compatible",
		    json_object_new_int64((int64_t)v->groups_compatible));
		double r = recall(c, p);
		json_object_object_add(
		    e, "recall", r < 0 ? NULL : json_object_new_double(r));
		json_object_object_add(e, "destinations", names);
		json_object_object_add(policies, compare_policy_names[p], e);
	}
	json_object_object_add(o, "policies", policies);
	json_object *groups = json_object_new_array();
	for (size_t g = 0; g < cat->group_count; g++) {
		json_object *e = json_object_new_object(),
			    *members = json_object_new_array(),
			    *cells = json_object_new_object();
		for (size_t i = 0; i < cat->count; i++)
			if (cat->dest[i].group == g)
				json_object_array_add(
				    members,
				    json_object_new_string(cat->dest[i].name));
		for (int p = 0; p < COMPARE_POLICIES; p++)
			if (c->verdicts[p])
				json_object_object_add(
				    cells, compare_policy_names[p],
				    json_object_new_string(
					group_cell(c->verdicts[p], g)));
		json_object_object_add(e, "group",
				       json_object_new_int64((int64_t)g + 1));
		json_object_object_add(e, "members", members);
		json_object_object_add(e, "allowed", cells);
		json_object_array_add(groups, e);
	}
	json_object_object_add(o, "groups", groups);
	json_object *failures = json_object_new_array();
	for (size_t i = 0; i < c->failure_count; i++) {
		const struct compare_failure *f = &c->failures[i];
		json_object *e = json_object_new_object();
		json_object_object_add(
		    e, "policy",
		    json_object_new_string(compare_policy_names[f->policy]));
		json_object_object_add(
		    e, "destination",
		    json_object_new_string(f->observed->dest->name));
		json_object_object_add(
		    e, "missing",
		    feature_names_json(&f->observed->missing_isa, FEATURE_ISA));
		json_object *ev = failure_evidence(c, f);
		if (ev)
			json_object_object_add(e, "evidence",
					       json_object_get(ev));
		json_object_array_add(failures, e);
	}
	json_object_object_add(o, "soundness_failures", failures);
	json_object_object_add(o, "warnings", warnings_json(cat));
	return write_json(out, o);
}
