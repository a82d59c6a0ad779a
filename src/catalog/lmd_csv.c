/* The LiveMigrate-Detector CSV format: a header of Intel XED ISA-set names
 * and, per instance type, a row of 0/1 values. One file per type (named
 * after the file), or several rows per file with a first column "name".
 *
 * The published data has known defects (../shared/datasets/README.md), so
 * a claimed "1" is trusted only when it is consistent with the rest of the
 * data and with the feature model. Distrusting a claim only ever removes a
 * destination, so every rule below errs on the safe side:
 *
 * 1. impossible: a set no 64-bit user process can run (TDX calls) is never
 *    trusted.
 * 2. prerequisite: a set whose flag needs a parent flag (amx_bf16 needs
 *    amx_tile) that no other trusted claim of the row gives. This is the
 *    signature of the collector reading CPUID leaves above the CPU's
 *    maximum: Intel answers them with the highest basic leaf's data.
 * 3. vendor: the row's vendor is inferred from vendor-exclusive sets in
 *    columns that vary across the file and in CPUID leaves every CPU has;
 *    claims of the other vendor's exclusive sets are not trusted (SNP on
 *    Intel). With no evidence, no vendor-exclusive claim is trusted.
 * 4. constant: a vendor-exclusive set claimed by every row of a file that
 *    holds both vendors carries no information (the collector had no rule
 *    for it and said "supported"): it is not trusted on any row.
 *
 * Sets the file does not name (Zydis spellings it lacks) are derived from
 * the flags the trusted claims attest. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "util/error.h"
#include "util/file.h"

#define MAX_COLUMNS 1024

struct csv_header {
	size_t columns;
	bool named_rows;	      /* first column is the type's name */
	int isa[MAX_COLUMNS];	      /* ISA-set row per column */
	struct feature_set mentioned; /* sets the header names */
};

/* Splits the next line off *p; returns its length or -1 at the end. */
static long next_line(const char **p, const char *end, const char **line)
{
	if (*p >= end)
		return -1;
	*line = *p;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *stop = nl ? nl : end;
	*p = nl ? nl + 1 : end;
	if (stop > *line && stop[-1] == '\r')
		stop--;
	return stop - *line;
}

static bool blank(const char *line, long len)
{
	for (long i = 0; i < len; i++)
		if (!isspace((unsigned char)line[i]))
			return false;
	return true;
}

static int parse_header(const char *name, const char *line, long len,
			struct csv_header *h, migcheck_error *err)
{
	memset(h, 0, sizeof *h);
	long start = 0;
	for (long i = 0; i <= len; i++) {
		if (i < len && line[i] != ',')
			continue;
		char field[128];
		long n = i - start;
		if (n <= 0 || n >= (long)sizeof field)
			return set_error(err, MIGCHECK_ERR_PARSE,
					 "%s:1:%ld: empty or overlong column "
					 "name",
					 name, start + 1);
		memcpy(field, line + start, (size_t)n);
		field[n] = '\0';
		if (h->columns == 0 &&
		    (!strcmp(field, "name") || !strcmp(field, "instance") ||
		     !strcmp(field, "instance_type"))) {
			h->named_rows = true;
			h->isa[h->columns++] = -1;
		} else {
			int isa = isa_find(field);
			if (isa < 0)
				return set_error(err, MIGCHECK_ERR_INVALID,
						 "%s:1:%ld: unknown ISA set "
						 "'%s'",
						 name, start + 1, field);
			if (h->columns == MAX_COLUMNS)
				return set_error(err, MIGCHECK_ERR_PARSE,
						 "%s:1: more than %d columns",
						 name, MAX_COLUMNS);
			h->isa[h->columns++] = isa;
			feature_set_add(&h->mentioned, (size_t)isa);
		}
		start = i + 1;
	}
	return MIGCHECK_OK;
}

static void row_name(const char *file, bool many_rows, unsigned row, char *out,
		     size_t size)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	int n = (int)strlen(base);
	if (n > 4 && !strcmp(base + n - 4, ".csv"))
		n -= 4;
	if (many_rows)
		snprintf(out, size, "%.*s#%u", n, base, row);
	else
		snprintf(out, size, "%.*s", n, base);
}

static int parse_row(migcheck_catalog *c, const char *file, const char *line,
		     long len, unsigned line_no, const struct csv_header *h,
		     bool many_rows, migcheck_error *err)
{
	struct feature_set zero = {{0}};
	char name[128] = "";
	size_t col = 0;
	long start = 0;
	for (long i = 0; i <= len; i++) {
		if (i < len && line[i] != ',')
			continue;
		long n = i - start;
		if (col >= h->columns)
			return set_error(
			    err, MIGCHECK_ERR_PARSE,
			    "%s:%u: more columns than the header's "
			    "%zu",
			    file, line_no, h->columns);
		if (h->isa[col] < 0) {
			snprintf(name, sizeof name, "%.*s", (int)n,
				 line + start);
		} else if (n != 1 ||
			   (line[start] != '0' && line[start] != '1')) {
			return set_error(err, MIGCHECK_ERR_PARSE,
					 "%s:%u:%ld: expected 0 or 1", file,
					 line_no, start + 1);
		} else if (line[start] == '0') {
			feature_set_add(&zero, (size_t)h->isa[col]);
		}
		col++;
		start = i + 1;
	}
	if (col != h->columns)
		return set_error(err, MIGCHECK_ERR_PARSE,
				 "%s:%u: %zu columns, but the header has %zu",
				 file, line_no, col, h->columns);
	if (!name[0])
		row_name(file, many_rows, line_no - 1, name, sizeof name);
	struct destination *d = catalog_append(c, name, file, DEST_ISA_LIST);
	if (!d)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 file);
	/* A set named by several columns (XED spellings that Zydis merged)
	 * is claimed only when every one of them says 1. */
	for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
		d->claimed.word[w] = h->mentioned.word[w] & ~zero.word[w];
	d->mentioned = h->mentioned;
	return MIGCHECK_OK;
}

int lmd_csv_parse(migcheck_catalog *c, const char *name, const char *data,
		  size_t size, migcheck_error *err)
{
	if (memchr(data, '\0', size))
		return set_error(err, MIGCHECK_ERR_PARSE, "%s: binary data",
				 name);
	const char *p = data, *end = data + size, *line;
	long len = next_line(&p, end, &line);
	if (len < 0 || blank(line, len))
		return set_error(err, MIGCHECK_ERR_PARSE,
				 "%s:1: empty: expected a header of ISA-set "
				 "names",
				 name);
	struct csv_header *h = malloc(sizeof *h);
	if (!h)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 name);
	int rc = parse_header(name, line, len, h, err);
	/* Count data rows first: one row is named after the file. */
	unsigned rows = 0;
	for (const char *q = p;
	     rc == MIGCHECK_OK && (len = next_line(&q, end, &line)) >= 0;)
		rows += !blank(line, len);
	if (rc == MIGCHECK_OK && rows == 0)
		rc = set_error(err, MIGCHECK_ERR_PARSE, "%s:2: no data row",
			       name);
	for (unsigned line_no = 2;
	     rc == MIGCHECK_OK && (len = next_line(&p, end, &line)) >= 0;
	     line_no++)
		if (!blank(line, len))
			rc = parse_row(c, name, line, len, line_no, h, rows > 1,
				       err);
	free(h);
	return rc;
}

int catalog_add_lmd_csv(migcheck_catalog *c, const char *const *paths, size_t n,
			const char *origin, migcheck_error *err)
{
	size_t first = c->count;
	for (size_t i = 0; i < n; i++) {
		char *data;
		size_t size;
		int rc = file_read_all(paths[i], &data, &size, err);
		if (rc)
			return rc;
		rc = lmd_csv_parse(c, paths[i], data, size, err);
		free(data);
		if (rc)
			return rc;
	}
	lmd_csv_distrust(c, first, origin);
	return MIGCHECK_OK;
}

/* ------------------------------------------------------------- defects */

enum distrust_rule {
	RULE_IMPOSSIBLE,
	RULE_PREREQUISITE,
	RULE_VENDOR,
	RULE_CONSTANT,
	RULE_COUNT
};

struct distrust_stats {
	/* rows[rule][isa]: how many rows lost that claim by that rule */
	unsigned rows[RULE_COUNT][FEATURE_SET_WORDS * 64];
	unsigned rows_hit[RULE_COUNT];
};

static void distrust(struct destination *d, size_t isa, enum distrust_rule rule,
		     struct distrust_stats *st, bool *row_hit)
{
	d->isa_sets.word[isa / 64] &= ~(UINT64_C(1) << (isa % 64));
	st->rows[rule][isa]++;
	row_hit[rule] = true;
}

static void baseline_flags(struct feature_set *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < isa_count; i++)
		if (isa_table[i].baseline)
			isa_required_flags(i, out);
}

/* The flags a claim of `isa` asserts on its own (`defines`): its certain
 * flags that are not the parent of another of its flags. What it `needs`
 * from other claims: its other flags, and the parents of those it defines.
 * AMX_BF16 requires amx_bf16 and amx_tile; it defines amx_bf16 and needs
 * amx_tile, which only a claim of AMX_TILE defines. */
static void claim_flags(size_t isa, struct feature_set *defines,
			struct feature_set *needs)
{
	struct feature_set certain = {{0}};
	isa_required_flags(isa, &certain);
	*defines = certain;
	memset(needs, 0, sizeof *needs);
	for (size_t f = 0; f < flag_count; f++) {
		const char *parent = flag_table[f].depends;
		int pf = parent ? flag_find(parent) : -1;
		if (!feature_set_has(&certain, f) || pf < 0)
			continue;
		if (feature_set_has(&certain, (size_t)pf))
			defines->word[pf / 64] &= ~(UINT64_C(1) << (pf % 64));
		else
			feature_set_add(needs, (size_t)pf);
	}
	for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
		needs->word[w] |= certain.word[w] & ~defines->word[w];
}

/* What one claim may rely on when its requirement is evaluated. */
struct attestation {
	const struct feature_set *base;
	const unsigned *defined; /* per flag: trusted claims defining it */
	struct feature_set defines, needs; /* of the claim at hand */
};

static bool parent_attested(size_t flag, const struct attestation *a)
{
	const char *parent = flag_table[flag].depends;
	int pf = parent ? flag_find(parent) : -1;
	if (pf < 0)
		return true;
	return feature_set_has(a->base, (size_t)pf) ||
	       a->defined[pf] > feature_set_has(&a->defines, (size_t)pf) ||
	       feature_set_has(&a->needs, (size_t)pf);
}

/* A flag holds for a claim when the baseline or another claim defines it,
 * or when the claim may assert it itself: not a flag it needs from
 * others, and with its parent attested. */
static bool attested(size_t flag, void *ctx)
{
	const struct attestation *a = ctx;
	if (feature_set_has(a->base, flag) ||
	    a->defined[flag] > feature_set_has(&a->defines, flag))
		return true;
	return !feature_set_has(&a->needs, flag) && parent_attested(flag, a);
}

/* Rule 2, to a fixed point: each trusted claim's requirement must hold
 * with what it may rely on. */
static void check_prerequisites(struct destination *d,
				const struct feature_set *base,
				struct distrust_stats *st, bool *row_hit)
{
	bool changed = true;
	while (changed) {
		changed = false;
		unsigned defined[FEATURE_SET_WORDS * 64] = {0};
		struct attestation a = {.base = base, .defined = defined};
		for (size_t i = 0; i < isa_count; i++) {
			if (!feature_set_has(&d->isa_sets, i))
				continue;
			claim_flags(i, &a.defines, &a.needs);
			for (size_t f = 0; f < flag_count; f++)
				defined[f] += feature_set_has(&a.defines, f);
		}
		for (size_t i = 0; i < isa_count; i++) {
			if (!feature_set_has(&d->isa_sets, i))
				continue;
			claim_flags(i, &a.defines, &a.needs);
			if (isa_requirement_holds(i, attested, &a))
				continue;
			distrust(d, i, RULE_PREREQUISITE, st, row_hit);
			changed = true;
		}
	}
}

/* Whether every flag of an ISA set sits in a leaf that every x86-64 CPU
 * of either vendor implements: basic leaves up to 0DH and extended leaves
 * up to 80000008H. A claim from a higher leaf may be the out-of-range
 * echo, so it is no evidence of the vendor. */
static bool in_common_leaves(size_t isa)
{
	struct feature_set flags = {{0}};
	isa_required_flags(isa, &flags);
	for (size_t f = 0; f < flag_count; f++) {
		uint32_t leaf = flag_table[f].leaf;
		if (feature_set_has(&flags, f) && leaf > 0xD &&
		    (leaf < 0x80000000u || leaf > 0x80000008u))
			return false;
	}
	return true;
}

static unsigned vendor_evidence(const struct destination *d,
				const struct feature_set *varying)
{
	unsigned v = 0;
	for (size_t i = 0; i < isa_count; i++)
		if (feature_set_has(&d->isa_sets, i) &&
		    feature_set_has(varying, i) &&
		    isa_table[i].vendors != VENDOR_ANY && in_common_leaves(i))
			v |= isa_table[i].vendors;
	return v;
}

static const char *vendor_string(unsigned v)
{
	return v == VENDOR_INTEL ? "GenuineIntel"
	       : v == VENDOR_AMD ? "AuthenticAMD"
				 : "";
}

static void warn_rule(migcheck_catalog *c, const char *origin, size_t total,
		      const struct distrust_stats *st, enum distrust_rule rule,
		      const char *what)
{
	if (!st->rows_hit[rule])
		return;
	char list[768] = "";
	size_t len = 0, sets = 0;
	for (size_t i = 0; i < isa_count; i++) {
		if (!st->rows[rule][i])
			continue;
		sets++;
		if (len < sizeof list - 64)
			len += (size_t)snprintf(list + len, sizeof list - len,
						"%s%s (%u)", len ? ", " : "",
						isa_table[i].name,
						st->rows[rule][i]);
		else if (!strstr(list, "..."))
			len += (size_t)snprintf(list + len, sizeof list - len,
						", ...");
	}
	strlist_addf(&c->warnings,
		     "%s: %u of %zu types claim %s; %zu ISA sets not trusted, "
		     "with the number of types: %s",
		     origin, st->rows_hit[rule], total, what, sets, list);
}

void lmd_csv_distrust(migcheck_catalog *c, size_t first, const char *origin)
{
	size_t total = c->count - first;
	if (total == 0)
		return;
	struct distrust_stats *st = calloc(1, sizeof *st);
	if (!st)
		return;
	struct feature_set base, mentioned = c->dest[first].mentioned;
	baseline_flags(&base);
	for (size_t r = first; r < c->count; r++)
		for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
			mentioned.word[w] &= c->dest[r].mentioned.word[w];

	/* Columns that vary tell something about a row; a constant one may
	 * be the collector's default. With one row, every column counts. */
	struct feature_set all = mentioned, any = {{0}}, varying;
	for (size_t r = first; r < c->count; r++)
		for (size_t w = 0; w < FEATURE_SET_WORDS; w++) {
			all.word[w] &= c->dest[r].claimed.word[w];
			any.word[w] |= c->dest[r].claimed.word[w];
		}
	for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
		varying.word[w] =
		    total > 1 ? any.word[w] & ~all.word[w] : any.word[w];

	unsigned vendors_seen = 0;
	unsigned *row_vendor = calloc(total, sizeof *row_vendor);
	for (size_t r = first; row_vendor && r < c->count; r++) {
		struct destination *d = &c->dest[r];
		bool hit[RULE_COUNT] = {0};
		d->isa_sets = d->claimed;
		for (size_t i = 0; i < isa_count; i++)
			if (feature_set_has(&d->isa_sets, i) &&
			    isa_is_impossible(i))
				distrust(d, i, RULE_IMPOSSIBLE, st, hit);
		check_prerequisites(d, &base, st, hit);
		/* SEP is Intel's and VIA's: with Intel's sets it says Intel */
		unsigned v =
		    vendor_evidence(d, &varying) & (VENDOR_INTEL | VENDOR_AMD);
		if (v != VENDOR_INTEL && v != VENDOR_AMD)
			v = 0;
		row_vendor[r - first] = v;
		vendors_seen |= v;
		for (size_t i = 0; i < isa_count; i++) {
			unsigned iv = isa_table[i].vendors;
			if (feature_set_has(&d->isa_sets, i) &&
			    iv != VENDOR_ANY && !(iv & v) &&
			    !(total > 1 && feature_set_has(&all, i)))
				distrust(d, i, RULE_VENDOR, st, hit);
		}
		for (int k = 0; k < RULE_COUNT; k++)
			st->rows_hit[k] += hit[k];
	}

	/* Rule 4, then rules 2 and 3 again for what it removed. */
	bool both =
	    (vendors_seen & VENDOR_INTEL) && (vendors_seen & VENDOR_AMD);
	for (size_t r = first; row_vendor && r < c->count; r++) {
		struct destination *d = &c->dest[r];
		bool hit[RULE_COUNT] = {0};
		unsigned v = row_vendor[r - first];
		for (size_t i = 0; i < isa_count; i++) {
			unsigned iv = isa_table[i].vendors;
			if (!feature_set_has(&d->isa_sets, i) ||
			    iv == VENDOR_ANY ||
			    !(total > 1 && feature_set_has(&all, i)))
				continue;
			if (both || !(iv & v))
				distrust(d, i, RULE_CONSTANT, st, hit);
		}
		check_prerequisites(d, &base, st, hit);
		st->rows_hit[RULE_CONSTANT] += hit[RULE_CONSTANT];
		snprintf(d->vendor, sizeof d->vendor, "%s", vendor_string(v));

		/* Baseline sets, and sets the file does not name whose flags
		 * the trusted claims attest. */
		struct feature_set attested = base;
		for (size_t i = 0; i < isa_count; i++)
			if (feature_set_has(&d->isa_sets, i))
				isa_required_flags(i, &attested);
		flags_assume_os_enabled(&attested);
		for (size_t i = 0; i < isa_count; i++) {
			bool own_vendor = isa_table[i].vendors == VENDOR_ANY ||
					  (isa_table[i].vendors & v);
			if (isa_table[i].baseline ||
			    (!feature_set_has(&d->mentioned, i) && own_vendor &&
			     isa_supported(i, &attested, UINT64_MAX)))
				feature_set_add(&d->isa_sets, i);
		}
	}
	if (!row_vendor) {
		/* Out of memory: trust nothing beyond the baseline. */
		for (size_t r = first; r < c->count; r++)
			memset(&c->dest[r].isa_sets, 0,
			       sizeof(struct feature_set));
	}
	free(row_vendor);

	size_t constant_ones = 0, constant_zeros = 0;
	for (size_t i = 0; i < isa_count; i++) {
		if (!feature_set_has(&mentioned, i) || total < 2)
			continue;
		constant_ones += feature_set_has(&all, i);
		constant_zeros += !feature_set_has(&any, i);
	}
	warn_rule(c, origin, total, st, RULE_IMPOSSIBLE,
		  "ISA sets that no 64-bit user process can execute");
	warn_rule(c, origin, total, st, RULE_PREREQUISITE,
		  "ISA sets whose prerequisite flag no other claim gives (the "
		  "signature of CPUID leaves read above the CPU's maximum "
		  "leaf)");
	warn_rule(c, origin, total, st, RULE_VENDOR,
		  "ISA sets of another vendor than the rest of their row");
	if (total > 1 && (constant_ones || constant_zeros))
		strlist_addf(&c->warnings,
			     "%s: %zu ISA sets are 1 on every type and %zu are "
			     "0 on every type",
			     origin, constant_ones, constant_zeros);
	warn_rule(c, origin, total, st, RULE_CONSTANT,
		  "vendor-exclusive ISA sets that every type of both vendors "
		  "claims (the collector had no CPUID rule for them)");
	free(st);
}
