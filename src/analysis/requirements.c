/* Requirements: building them, and their JSON form. */
#include "analysis/requirements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/file.h"

#define REQUIREMENTS_SCHEMA "migcheck/requirements/v1"

migcheck_requirements *requirements_new(void)
{
	migcheck_requirements *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->evidence = json_object_new_object();
	r->unknowns = json_object_new_array();
	if (!r->evidence || !r->unknowns) {
		migcheck_requirements_free(r);
		return NULL;
	}
	return r;
}

const migcheck_profile *
migcheck_requirements_source(const migcheck_requirements *r)
{
	return r->source_profile;
}

void migcheck_requirements_free(migcheck_requirements *r)
{
	if (!r)
		return;
	json_object_put(r->evidence);
	json_object_put(r->unknowns);
	json_object_put(r->scan);
	migcheck_profile_free(r->source_profile);
	free(r);
}

void requirements_add_isa(migcheck_requirements *r, size_t isa)
{
	if (isa_table[isa].baseline)
		return;
	feature_set_add(&r->isa_sets, isa);
	isa_required_flags(isa, &r->flags);
	r->xsave |= isa_table[isa].xsave;
}

int migcheck_requirements_from_profile(const migcheck_profile *p,
				       migcheck_requirements **out,
				       migcheck_error *err)
{
	migcheck_requirements *r = requirements_new();
	if (r)
		r->source_profile = profile_clone(p);
	if (!r || !r->source_profile) {
		migcheck_requirements_free(r);
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 p->name);
	}
	for (size_t i = 0; i < isa_count; i++) {
		if (!feature_set_has(&p->isa_sets, i) || isa_table[i].baseline)
			continue;
		requirements_add_isa(r, i);
		json_object *e = json_object_new_object();
		json_object_object_add(
		    e, "reason",
		    json_object_new_string("the source host supports it "
					   "(host-level requirement)"));
		json_object_object_add(r->evidence, isa_table[i].name, e);
	}
	/* Everything the host has, as today's host-level checks demand. */
	r->flags = p->flags;
	r->xsave |= p->has_xcr0 ? p->xcr0 : 0;
	snprintf(r->source, sizeof r->source, "every feature of host %s",
		 p->name);
	*out = r;
	return MIGCHECK_OK;
}

json_object *requirements_to_json(const migcheck_requirements *r)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "schema",
			       json_object_new_string(REQUIREMENTS_SCHEMA));
	if (r->source[0])
		json_object_object_add(o, "source",
				       json_object_new_string(r->source));
	if (r->observed)
		json_object_object_add(o, "observed",
				       json_object_new_boolean(true));
	json_object_object_add(o, "isa_sets",
			       feature_names_json(&r->isa_sets, FEATURE_ISA));
	json_object_object_add(o, "flags",
			       feature_names_json(&r->flags, FEATURE_FLAG));
	json_object_object_add(o, "xsave_components",
			       xsave_names_json(r->xsave));
	json_object_object_add(o, "evidence", json_object_get(r->evidence));
	json_object_object_add(o, "unknowns", json_object_get(r->unknowns));
	if (r->scan)
		json_object_object_add(o, "scan", json_object_get(r->scan));
	return o;
}

enum name_kind { NAMES_ISA, NAMES_FLAG, NAMES_XSAVE };

static int read_name_list(json_object *obj, const char *key, const char *where,
			  enum name_kind kind, migcheck_requirements *r,
			  migcheck_error *err)
{
	json_object *arr;
	int rc = json_get_array(obj, key, where, &arr, err);
	for (size_t i = 0;
	     rc == MIGCHECK_OK && i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		const char *name = json_object_is_type(e, json_type_string)
				       ? json_object_get_string(e)
				       : NULL;
		int idx = !name		       ? -1
			  : kind == NAMES_FLAG ? flag_find(name)
			  : kind == NAMES_ISA  ? isa_find(name)
					       : xsave_component_find(name);
		if (idx < 0)
			return set_error(err, MIGCHECK_ERR_INVALID,
					 "%s: %s[%zu]: %s%s%s", where, key, i,
					 name ? "unknown name '"
					      : "not a string",
					 name ? name : "", name ? "'" : "");
		if (kind == NAMES_FLAG)
			feature_set_add(&r->flags, (size_t)idx);
		else if (kind == NAMES_ISA)
			requirements_add_isa(r, (size_t)idx);
		else
			r->xsave |= UINT64_C(1) << idx;
	}
	return rc;
}

static int read_evidence(json_object *v, const char *where,
			 migcheck_requirements *r, migcheck_error *err)
{
	json_object_object_foreach(v, key, val)
	{
		if (isa_find(key) < 0)
			return set_error(err, MIGCHECK_ERR_INVALID,
					 "%s: evidence: unknown ISA set '%s'",
					 where, key);
		json_object_object_add(r->evidence, key, json_object_get(val));
	}
	return MIGCHECK_OK;
}

int requirements_from_json(json_object *obj, const char *where,
			   migcheck_requirements **out, migcheck_error *err)
{
	if (!json_object_is_type(obj, json_type_object))
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: requirements must be a JSON object",
				 where);
	const char *schema;
	int rc = json_get_string(obj, "schema", where, &schema, err);
	if (rc)
		return rc;
	if (strcmp(schema, REQUIREMENTS_SCHEMA) != 0)
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: schema is \"%s\", expected \"%s\"", where,
				 schema, REQUIREMENTS_SCHEMA);
	migcheck_requirements *r = requirements_new();
	if (!r)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 where);
	rc = read_name_list(obj, "isa_sets", where, NAMES_ISA, r, err);
	if (rc == MIGCHECK_OK)
		rc = read_name_list(obj, "flags", where, NAMES_FLAG, r, err);
	json_object *v;
	if (rc == MIGCHECK_OK &&
	    json_object_object_get_ex(obj, "xsave_components", &v))
		rc = read_name_list(obj, "xsave_components", where, NAMES_XSAVE,
				    r, err);
	if (rc == MIGCHECK_OK &&
	    json_object_object_get_ex(obj, "evidence", &v)) {
		if (!json_object_is_type(v, json_type_object))
			rc = set_error(err, MIGCHECK_ERR_INVALID,
				       "%s: \"evidence\" must be an object",
				       where);
		else
			rc = read_evidence(v, where, r, err);
	}
	if (rc == MIGCHECK_OK &&
	    json_object_object_get_ex(obj, "unknowns", &v)) {
		if (!json_object_is_type(v, json_type_array))
			rc = set_error(err, MIGCHECK_ERR_INVALID,
				       "%s: \"unknowns\" must be an array",
				       where);
		for (size_t i = 0;
		     rc == MIGCHECK_OK && i < json_object_array_length(v); i++)
			json_object_array_add(
			    r->unknowns,
			    json_object_get(json_object_array_get_idx(v, i)));
	}
	if (rc == MIGCHECK_OK && json_object_object_get_ex(obj, "observed", &v))
		r->observed = json_object_get_boolean(v);
	if (rc == MIGCHECK_OK && json_object_object_get_ex(obj, "source", &v))
		snprintf(r->source, sizeof r->source, "%s",
			 json_object_get_string(v));
	if (rc == MIGCHECK_OK && !r->source[0])
		snprintf(r->source, sizeof r->source, "%s", where);
	if (rc) {
		migcheck_requirements_free(r);
		return rc;
	}
	*out = r;
	return MIGCHECK_OK;
}

int migcheck_requirements_load(const char *path, migcheck_requirements **out,
			       migcheck_error *err)
{
	json_object *obj;
	int rc = json_load_file(path, &obj, err);
	if (rc)
		return rc;
	rc = requirements_from_json(obj, path, out, err);
	json_object_put(obj);
	return rc;
}
