/* The catalog: walking files and directories, handing each file to the
 * importer of its format, and grouping destinations that are identical. */
#include "catalog/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/progress.h"
#include "util/error.h"

#define LIBVIRT_CPU_MAP "/usr/share/libvirt/cpu_map"

migcheck_catalog *migcheck_catalog_create(void)
{
	return calloc(1, sizeof(migcheck_catalog));
}

void migcheck_catalog_free(migcheck_catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++) {
		free(c->dest[i].origin);
		migcheck_profile_free(c->dest[i].profile);
	}
	free(c->dest);
	strlist_free(&c->warnings);
	free(c);
}

struct destination *catalog_append(migcheck_catalog *c, const char *name,
				   const char *origin,
				   enum destination_kind kind)
{
	if (c->count == c->capacity) {
		size_t cap = c->capacity ? c->capacity * 2 : 64;
		struct destination *d = realloc(c->dest, cap * sizeof *d);
		if (!d)
			return NULL;
		c->dest = d;
		c->capacity = cap;
	}
	struct destination *d = &c->dest[c->count];
	memset(d, 0, sizeof *d);
	d->origin = strdup(origin);
	if (!d->origin)
		return NULL;
	snprintf(d->name, sizeof d->name, "%s", name);
	d->kind = kind;
	d->xcr0 = UINT64_MAX;
	c->count++;
	return d;
}

static bool same_destination(const struct destination *a,
			     const struct destination *b)
{
	return a->kind == b->kind && a->knows_flags == b->knows_flags &&
	       a->xcr0 == b->xcr0 &&
	       memcmp(&a->flags, &b->flags, sizeof a->flags) == 0 &&
	       memcmp(&a->isa_sets, &b->isa_sets, sizeof a->isa_sets) == 0 &&
	       memcmp(&a->claimed, &b->claimed, sizeof a->claimed) == 0;
}

void catalog_group(migcheck_catalog *c)
{
	c->group_count = 0;
	for (size_t i = 0; i < c->count; i++) {
		size_t j = 0;
		while (j < i && !same_destination(&c->dest[i], &c->dest[j]))
			j++;
		c->dest[i].group = j < i ? c->dest[j].group : c->group_count++;
	}
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory: libvirt's cpu_map as a whole, or a mix of profiles (.json)
 * and LiveMigrate-Detector files (.csv), read in name order. */
static int add_directory(migcheck_catalog *c, const char *path,
			 migcheck_error *err)
{
	char features[4096];
	snprintf(features, sizeof features, "%s/x86_features.xml", path);
	if (access(features, R_OK) == 0)
		return catalog_add_libvirt(c, path, err);

	DIR *dir = opendir(path);
	if (!dir)
		return set_error(err, MIGCHECK_ERR_IO, "%s: cannot open: %s",
				 path, strerror(errno));
	struct strlist json = {0}, csv = {0};
	int rc = MIGCHECK_OK;
	struct dirent *e;
	while (rc == MIGCHECK_OK && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		struct strlist *l = has_suffix(e->d_name, ".json")  ? &json
				    : has_suffix(e->d_name, ".csv") ? &csv
								    : NULL;
		if (l && strlist_addf(l, "%s/%s", path, e->d_name) < 0)
			rc = set_error(err, MIGCHECK_ERR_NOMEM,
				       "%s: out of memory", path);
	}
	closedir(dir);
	if (rc == MIGCHECK_OK) {
		if (json.count) /* qsort wants a non-null base even for 0 */
			qsort(json.item, json.count, sizeof(char *),
			      compare_strings);
		if (csv.count)
			qsort(csv.item, csv.count, sizeof(char *),
			      compare_strings);
		for (size_t i = 0; rc == MIGCHECK_OK && i < json.count; i++) {
			progress("reading profiles", i, json.count);
			rc = catalog_add_profile_file(c, json.item[i], err);
		}
		progress_end();
		if (rc == MIGCHECK_OK && csv.count)
			rc = catalog_add_lmd_csv(c,
						 (const char *const *)csv.item,
						 csv.count, path, err);
		if (rc == MIGCHECK_OK && json.count + csv.count == 0)
			rc = set_error(err, MIGCHECK_ERR_INVALID,
				       "%s: no destinations (no .json profile, "
				       ".csv file or libvirt cpu_map)",
				       path);
	}
	strlist_free(&json);
	strlist_free(&csv);
	return rc;
}

int migcheck_catalog_add_path(migcheck_catalog *c, const char *path,
			      migcheck_error *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return set_error(err, MIGCHECK_ERR_IO, "%s: cannot open: %s",
				 path, strerror(errno));
	size_t before = c->count;
	int rc;
	if (S_ISDIR(st.st_mode))
		rc = add_directory(c, path, err);
	else if (has_suffix(path, ".csv"))
		rc = catalog_add_lmd_csv(c, &path, 1, path, err);
	else if (has_suffix(path, ".xml"))
		rc = catalog_add_libvirt(c, path, err);
	else
		rc = catalog_add_profile_file(c, path, err);
	if (rc == MIGCHECK_OK && c->count == before)
		rc = set_error(err, MIGCHECK_ERR_INVALID, "%s: no destinations",
			       path);
	catalog_group(c);
	return rc;
}

int migcheck_catalog_add_default(migcheck_catalog *c, migcheck_error *err)
{
	return migcheck_catalog_add_path(c, LIBVIRT_CPU_MAP, err);
}

int migcheck_catalog_add_profile(migcheck_catalog *c, const migcheck_profile *p,
				 const char *name, migcheck_error *err)
{
	struct destination *d = catalog_append(c, name, p->name, DEST_PROFILE);
	migcheck_profile *copy = d ? profile_clone(p) : NULL;
	if (!copy)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 name);
	d->profile = copy;
	d->knows_flags = true;
	d->flags = p->flags;
	d->xcr0 = profile_effective_xcr0(p);
	d->isa_sets = p->isa_sets;
	snprintf(d->vendor, sizeof d->vendor, "%s", p->vendor);
	catalog_group(c);
	return MIGCHECK_OK;
}

int catalog_add_profile_file(migcheck_catalog *c, const char *path,
			     migcheck_error *err)
{
	migcheck_profile *p;
	int rc = migcheck_profile_load(path, &p, err);
	if (rc)
		return rc;
	rc = migcheck_catalog_add_profile(c, p, p->name, err);
	if (rc == MIGCHECK_OK) {
		free(c->dest[c->count - 1].origin);
		c->dest[c->count - 1].origin = strdup(path);
	}
	migcheck_profile_free(p);
	return rc;
}

size_t migcheck_catalog_size(const migcheck_catalog *c)
{
	return c->count;
}

size_t migcheck_catalog_group_count(const migcheck_catalog *c)
{
	return c->group_count;
}

size_t migcheck_catalog_warning_count(const migcheck_catalog *c)
{
	return c->warnings.count;
}

const char *migcheck_catalog_warning(const migcheck_catalog *c, size_t i)
{
	return i < c->warnings.count ? c->warnings.item[i] : NULL;
}
