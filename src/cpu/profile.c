/* CPU profiles: deriving flags and ISA sets from raw CPUID, and the JSON
 * form (schema "migcheck/profile/v1", documented in docs/profile.md). */
#include "cpu/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/file.h"

#define PROFILE_SCHEMA "migcheck/profile/v1"

static bool leaf_in_range(const migcheck_profile *p, uint32_t leaf)
{
	if (leaf < 0x80000000u)
		return leaf <= p->max_basic_leaf;
	if (leaf < 0xC0000000u)
		return leaf <= p->max_extended_leaf;
	/* The Centaur range has its own maximum in 0xC0000000. */
	for (size_t i = 0; i < p->leaf_count; i++)
		if (p->leaves[i].leaf == 0xC0000000u)
			return leaf <= p->leaves[i].reg[CPUID_EAX];
	return false;
}

const struct cpuid_leaf *profile_cpuid(const migcheck_profile *p, uint32_t leaf,
				       uint32_t subleaf)
{
	if (!leaf_in_range(p, leaf))
		return NULL;
	for (size_t i = 0; i < p->leaf_count; i++)
		if (p->leaves[i].leaf == leaf &&
		    p->leaves[i].subleaf == subleaf)
			return &p->leaves[i];
	return NULL;
}

uint64_t profile_effective_xcr0(const migcheck_profile *p)
{
	return p->has_xcr0 ? p->xcr0 : UINT64_MAX;
}

void profile_derive(migcheck_profile *p)
{
	if (p->has_cpuid) {
		const struct cpuid_leaf *l0 = profile_cpuid(p, 0, 0);
		if (l0) {
			memcpy(p->vendor, &l0->reg[CPUID_EBX], 4);
			memcpy(p->vendor + 4, &l0->reg[CPUID_EDX], 4);
			memcpy(p->vendor + 8, &l0->reg[CPUID_ECX], 4);
			p->vendor[12] = '\0';
		}
		/* SDM Vol. 2A, CPUID.01H:EAX: the display family and model. */
		const struct cpuid_leaf *l1 = profile_cpuid(p, 1, 0);
		if (l1) {
			uint32_t a = l1->reg[CPUID_EAX];
			unsigned family = a >> 8 & 0xF, model = a >> 4 & 0xF;
			if (family == 0xF)
				family += a >> 20 & 0xFF;
			if (family == 0x6 || family >= 0xF)
				model |= (a >> 16 & 0xF) << 4;
			p->family = family;
			p->model = model;
			p->stepping = a & 0xF;
		}
		const struct cpuid_leaf *xs = profile_cpuid(p, 0xD, 0);
		if (xs) {
			p->xsave_size = xs->reg[CPUID_EBX];
			p->xsave_size_max = xs->reg[CPUID_ECX];
			p->xsave_supported = (uint64_t)xs->reg[CPUID_EDX]
						 << 32 |
					     xs->reg[CPUID_EAX];
		}
		memset(&p->flags, 0, sizeof p->flags);
		for (size_t f = 0; f < flag_count; f++) {
			const struct cpuid_leaf *l = profile_cpuid(
			    p, flag_table[f].leaf, flag_table[f].subleaf);
			if (l && flag_value(f, l->reg) &&
			    !feature_set_has(&p->os_disabled, f))
				feature_set_add(&p->flags, f);
		}
	}
	isa_supported_all(&p->flags, profile_effective_xcr0(p), &p->isa_sets);
	isa_keep_vendor(&p->isa_sets, vendor_mask_of(p->vendor));
}

migcheck_profile *profile_clone(const migcheck_profile *p)
{
	migcheck_profile *c = malloc(sizeof *c);
	if (!c)
		return NULL;
	*c = *p;
	c->leaves = NULL;
	if (p->leaf_count) {
		c->leaves = malloc(p->leaf_count * sizeof *c->leaves);
		if (!c->leaves) {
			free(c);
			return NULL;
		}
		memcpy(c->leaves, p->leaves, p->leaf_count * sizeof *c->leaves);
	}
	return c;
}

void migcheck_profile_free(migcheck_profile *p)
{
	if (!p)
		return;
	free(p->leaves);
	free(p);
}

/* ------------------------------------------------------------------ JSON */

json_object *feature_names_json(const struct feature_set *s,
				enum feature_kind kind)
{
	const char *names[FEATURE_SET_WORDS * 64];
	size_t n = feature_set_names(s, kind, names);
	json_object *a = json_object_new_array_ext((int)n);
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(names[i]));
	return a;
}

json_object *xsave_names_json(uint64_t mask)
{
	json_object *a = json_object_new_array();
	for (unsigned bit = 0; bit < 64; bit++) {
		if (!(mask >> bit & 1))
			continue;
		const char *name = xsave_component_name(bit);
		char unknown[16];
		if (!name) {
			snprintf(unknown, sizeof unknown, "bit%u", bit);
			name = unknown;
		}
		json_object_array_add(a, json_object_new_string(name));
	}
	return a;
}

json_object *profile_to_json(const migcheck_profile *p)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema",
			       json_object_new_string(PROFILE_SCHEMA));
	json_object_object_add(o, "name", json_object_new_string(p->name));
	json_object_object_add(o, "arch", json_object_new_string("x86_64"));
	json_object_object_add(o, "vendor", json_object_new_string(p->vendor));
	json_object_object_add(o, "family", json_object_new_int(p->family));
	json_object_object_add(o, "model", json_object_new_int(p->model));
	json_object_object_add(o, "stepping", json_object_new_int(p->stepping));
	json_object_object_add(o, "model_name",
			       json_object_new_string(p->model_name));
	json_object_object_add(o, "microcode",
			       json_object_new_string(p->microcode));
	if (p->has_xcr0) {
		json_object_object_add(o, "xcr0",
				       json_object_new_uint64(p->xcr0));
		json_object_object_add(o, "xsave_components",
				       xsave_names_json(p->xcr0));
	}
	if (p->has_cpuid) {
		json_object_object_add(o, "xsave_size",
				       json_object_new_int64(p->xsave_size));
		json_object_object_add(
		    o, "xsave_size_max",
		    json_object_new_int64(p->xsave_size_max));
		json_object_object_add(
		    o, "xsave_supported",
		    json_object_new_uint64(p->xsave_supported));
		json_object_object_add(
		    o, "max_basic_leaf",
		    json_object_new_int64(p->max_basic_leaf));
		json_object_object_add(
		    o, "max_extended_leaf",
		    json_object_new_int64(p->max_extended_leaf));
	}
	json_object_object_add(o, "flags",
			       feature_names_json(&p->flags, FEATURE_FLAG));
	json_object_object_add(
	    o, "os_disabled_flags",
	    feature_names_json(&p->os_disabled, FEATURE_FLAG));
	json_object_object_add(o, "isa_sets",
			       feature_names_json(&p->isa_sets, FEATURE_ISA));
	if (p->has_cpuid) {
		static const char *const reg_names[4] = {"eax", "ebx", "ecx",
							 "edx"};
		json_object *leaves = json_object_new_array();
		for (size_t i = 0; i < p->leaf_count; i++) {
			const struct cpuid_leaf *l = &p->leaves[i];
			json_object *e = json_object_new_object();
			json_object_object_add(e, "leaf",
					       json_object_new_int64(l->leaf));
			json_object_object_add(
			    e, "subleaf", json_object_new_int64(l->subleaf));
			for (int r = 0; r < 4; r++)
				json_object_object_add(
				    e, reg_names[r],
				    json_object_new_int64(l->reg[r]));
			json_object_array_add(leaves, e);
		}
		json_object_object_add(o, "cpuid", leaves);
	}
	return o;
}

static int read_cpuid_leaves(migcheck_profile *p, json_object *arr,
			     const char *where, migcheck_error *err)
{
	static const char *const reg_names[4] = {"eax", "ebx", "ecx", "edx"};
	size_t n = json_object_array_length(arr);
	p->leaves = calloc(n ? n : 1, sizeof *p->leaves);
	if (!p->leaves)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 where);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		char at[300];
		snprintf(at, sizeof at, "%s: cpuid[%zu]", where, i);
		if (!json_object_is_type(e, json_type_object))
			return set_error(err, MIGCHECK_ERR_INVALID,
					 "%s: must be an object", at);
		uint64_t v;
		struct cpuid_leaf *l = &p->leaves[i];
		int rc = json_get_uint(e, "leaf", at, UINT32_MAX, &v, err);
		if (rc)
			return rc;
		l->leaf = (uint32_t)v;
		if ((rc = json_get_uint(e, "subleaf", at, UINT32_MAX, &v, err)))
			return rc;
		l->subleaf = (uint32_t)v;
		for (int r = 0; r < 4; r++) {
			rc = json_get_uint(e, reg_names[r], at, UINT32_MAX, &v,
					   err);
			if (rc)
				return rc;
			l->reg[r] = (uint32_t)v;
		}
		p->leaf_count++;
	}
	/* The maxima come from the data itself: leaf 0 and 0x80000000. */
	for (size_t i = 0; i < p->leaf_count; i++) {
		if (p->leaves[i].leaf == 0 && p->leaves[i].subleaf == 0)
			p->max_basic_leaf = p->leaves[i].reg[CPUID_EAX];
		if (p->leaves[i].leaf == 0x80000000u &&
		    p->leaves[i].subleaf == 0)
			p->max_extended_leaf = p->leaves[i].reg[CPUID_EAX];
	}
	p->has_cpuid = true;
	return MIGCHECK_OK;
}

/* Reads a list of names into a feature set; an unknown name is an error. */
static int read_names(json_object *obj, const char *key, const char *where,
		      enum feature_kind kind, struct feature_set *out,
		      bool *present, migcheck_error *err)
{
	json_object *arr;
	*present = json_object_object_get_ex(obj, key, &arr);
	if (!*present)
		return MIGCHECK_OK;
	int rc = json_get_array(obj, key, where, &arr, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(e, json_type_string))
			return set_error(err, MIGCHECK_ERR_INVALID,
					 "%s: %s[%zu] must be a string", where,
					 key, i);
		const char *name = json_object_get_string(e);
		int idx =
		    kind == FEATURE_FLAG ? flag_find(name) : isa_find(name);
		if (idx < 0)
			return set_error(
			    err, MIGCHECK_ERR_INVALID,
			    "%s: %s[%zu]: unknown %s '%s'", where, key, i,
			    kind == FEATURE_FLAG ? "CPUID flag" : "ISA set",
			    name);
		feature_set_add(out, (size_t)idx);
	}
	return MIGCHECK_OK;
}

static int profile_fill(migcheck_profile *p, json_object *obj,
			const char *where, migcheck_error *err)
{
	const char *s;
	int rc = json_get_string(obj, "schema", where, &s, err);
	if (rc)
		return rc;
	if (strcmp(s, PROFILE_SCHEMA) != 0)
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: schema is \"%s\", expected \"%s\"", where,
				 s, PROFILE_SCHEMA);
	if ((rc = json_get_string(obj, "arch", where, &s, err)))
		return rc;
	if (strcmp(s, "x86_64") != 0)
		return set_error(err, MIGCHECK_ERR_UNSUPPORTED,
				 "%s: a profile of architecture \"%s\"; "
				 "migcheck handles x86_64 only",
				 where, s);
	if ((rc = json_get_string(obj, "name", where, &s, err)))
		return rc;
	snprintf(p->name, sizeof p->name, "%s", s);
	json_object *v;
	if (json_object_object_get_ex(obj, "model_name", &v))
		snprintf(p->model_name, sizeof p->model_name, "%s",
			 json_object_get_string(v));
	if (json_object_object_get_ex(obj, "microcode", &v))
		snprintf(p->microcode, sizeof p->microcode, "%s",
			 json_object_get_string(v));
	if (json_object_object_get_ex(obj, "vendor", &v))
		snprintf(p->vendor, sizeof p->vendor, "%s",
			 json_object_get_string(v));
	if (json_object_object_get_ex(obj, "xcr0", &v)) {
		if ((rc = json_get_uint(obj, "xcr0", where, UINT64_MAX,
					&p->xcr0, err)))
			return rc;
		p->has_xcr0 = true;
	}
	struct feature_set listed = {{0}};
	bool have_flags, have_disabled;
	rc = read_names(obj, "flags", where, FEATURE_FLAG, &listed, &have_flags,
			err);
	if (rc == MIGCHECK_OK)
		rc = read_names(obj, "os_disabled_flags", where, FEATURE_FLAG,
				&p->os_disabled, &have_disabled, err);
	if (rc)
		return rc;
	if (json_object_object_get_ex(obj, "cpuid", &v)) {
		json_object *arr;
		if ((rc = json_get_array(obj, "cpuid", where, &arr, err)) ||
		    (rc = read_cpuid_leaves(p, arr, where, err)))
			return rc;
	} else if (!have_flags) {
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: a profile needs \"cpuid\" or \"flags\"",
				 where);
	}
	if (!p->has_cpuid)
		p->flags = listed;
	profile_derive(p);
	/* Raw CPUID is the truth; a listed flag it does not have means the
	 * file was edited by hand or is corrupt. */
	for (size_t i = 0; p->has_cpuid && have_flags && i < flag_count; i++)
		if (feature_set_has(&listed, i) !=
		    feature_set_has(&p->flags, i))
			return set_error(
			    err, MIGCHECK_ERR_INVALID,
			    "%s: flag '%s' %s in \"flags\" but "
			    "%s in \"cpuid\"",
			    where, flag_table[i].name,
			    feature_set_has(&listed, i) ? "is" : "is not",
			    feature_set_has(&listed, i) ? "clear" : "set");
	return MIGCHECK_OK;
}

int profile_from_json(json_object *obj, const char *where,
		      migcheck_profile **out, migcheck_error *err)
{
	if (!json_object_is_type(obj, json_type_object))
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: a profile must be a JSON object", where);
	migcheck_profile *p = calloc(1, sizeof *p);
	if (!p)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 where);
	int rc = profile_fill(p, obj, where, err);
	if (rc) {
		migcheck_profile_free(p);
		return rc;
	}
	*out = p;
	return MIGCHECK_OK;
}

int migcheck_profile_load(const char *path, migcheck_profile **out,
			  migcheck_error *err)
{
	json_object *obj;
	int rc = json_load_file(path, &obj, err);
	if (rc)
		return rc;
	rc = profile_from_json(obj, path, out, err);
	json_object_put(obj);
	return rc;
}
