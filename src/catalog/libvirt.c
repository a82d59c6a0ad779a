/* libvirt CPU models (the cpu_map directory of Debian's libvirt0).
 *
 * libvirt names features its own way ("avx512-vpopcntdq", "pclmuldq"), so
 * names are resolved through x86_features.xml to the CPUID bit they stand
 * for, and the bit to our flag. A model may include another model by
 * <model name='...'/>; such references are followed, with cycles refused.
 * Features backed by an MSR rather than CPUID carry no instruction or state
 * and are ignored. */
#include <dirent.h>
#include <dlfcn.h>
#include <libgen.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "util/error.h"

/* libxml2 is opened when a cpu_map is first read, not linked: linked, it
 * and what it needs (ICU, libstdc++, liblzma) were loaded by every run of
 * migcheck, 2.6 ms of a scan's start, which never reads XML. Its
 * functions, typed by its own headers: */
static struct {
	__typeof__(xmlReadFile) *ReadFile;
	__typeof__(xmlGetLastError) *GetLastError;
	__typeof__(xmlFreeDoc) *FreeDoc;
	__typeof__(xmlDocGetRootElement) *DocGetRootElement;
	__typeof__(xmlGetProp) *GetProp;
	__typeof__(xmlGetLineNo) *GetLineNo;
	xmlFreeFunc *Free; /* xmlFree is a variable holding the function */
	char error[256];   /* why it could not be opened */
} xml;

static void *xml_symbol(void *lib, const char *name)
{
	void *p = dlsym(lib, name);
	if (!p && !xml.error[0])
		snprintf(xml.error, sizeof xml.error, "libxml2.so.2 has no %s",
			 name);
	return p;
}

static void open_libxml(void)
{
	void *lib = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(xml.error, sizeof xml.error, "%s", dlerror());
		return;
	}
	xml.ReadFile = xml_symbol(lib, "xmlReadFile");
	xml.GetLastError = xml_symbol(lib, "xmlGetLastError");
	xml.FreeDoc = xml_symbol(lib, "xmlFreeDoc");
	xml.DocGetRootElement = xml_symbol(lib, "xmlDocGetRootElement");
	xml.GetProp = xml_symbol(lib, "xmlGetProp");
	xml.GetLineNo = xml_symbol(lib, "xmlGetLineNo");
	xml.Free = xml_symbol(lib, "xmlFree");
}

static int load_libxml(const char *path, migcheck_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, open_libxml);
	if (xml.error[0])
		return set_error(err, MIGCHECK_ERR_IO,
				 "%s: cannot read XML: %s", path, xml.error);
	return MIGCHECK_OK;
}

static void xml_free(void *p)
{
	(*xml.Free)(p);
}

struct libvirt_feature {
	char *name;
	struct feature_set flags; /* the CPUID bits it stands for */
};

struct libvirt_model {
	char *name;
	char *file;
	xmlNode *node;
	char vendor[16];
	bool resolving, resolved;
	struct feature_set flags;
};

struct libvirt_map {
	const char *dir;
	struct libvirt_feature *feature;
	size_t feature_count;
	struct libvirt_model *model;
	size_t model_count;
	xmlDoc **docs;
	size_t doc_count;
	char vendor_name[8][16], vendor_string[8][16];
	size_t vendor_count;
};

static char *attr(xmlNode *n, const char *name)
{
	return (char *)xml.GetProp(n, (const xmlChar *)name);
}

static bool is_element(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

static int parse_file(struct libvirt_map *m, const char *path, xmlDoc **out,
		      migcheck_error *err)
{
	xmlDoc *doc = xml.ReadFile(path, NULL,
				   XML_PARSE_NONET | XML_PARSE_NOERROR |
				       XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xml.GetLastError();
		if (access(path, R_OK) != 0)
			return set_error(err, MIGCHECK_ERR_IO,
					 "%s: cannot open", path);
		return set_error(err, MIGCHECK_ERR_PARSE,
				 "%s:%d: XML error: %s", path, e ? e->line : 0,
				 e && e->message ? strtok(e->message, "\n")
						 : "malformed");
	}
	xmlDoc **docs = realloc(m->docs, (m->doc_count + 1) * sizeof *docs);
	if (!docs) {
		xml.FreeDoc(doc);
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 path);
	}
	m->docs = docs;
	m->docs[m->doc_count++] = doc;
	xmlNode *root = xml.DocGetRootElement(doc);
	if (!root || !is_element(root, "cpus"))
		return set_error(err, MIGCHECK_ERR_PARSE,
				 "%s: not a libvirt cpu_map file (no <cpus>)",
				 path);
	*out = doc;
	return MIGCHECK_OK;
}

/* One <cpuid eax_in= ecx_in= eax|ebx|ecx|edx=mask/>: every set bit of the
 * mask that is one of our flags. */
static int read_cpuid_element(xmlNode *n, const char *path,
			      struct feature_set *flags, migcheck_error *err)
{
	static const char *const regs[4] = {"eax", "ebx", "ecx", "edx"};
	char *in = attr(n, "eax_in"), *sub = attr(n, "ecx_in");
	unsigned long leaf = in ? strtoul(in, NULL, 0) : 0;
	unsigned long subleaf = sub ? strtoul(sub, NULL, 0) : 0;
	bool ok = in != NULL;
	xml_free(in);
	xml_free(sub);
	if (!ok)
		return set_error(err, MIGCHECK_ERR_PARSE,
				 "%s:%ld: <cpuid> without eax_in", path,
				 xml.GetLineNo(n));
	for (int r = 0; r < 4; r++) {
		char *v = attr(n, regs[r]);
		if (!v)
			continue;
		unsigned long mask = strtoul(v, NULL, 0);
		xml_free(v);
		for (size_t f = 0; f < flag_count; f++) {
			const struct flag_def *d = &flag_table[f];
			if (d->leaf == leaf && d->subleaf == subleaf &&
			    d->reg == r && d->field_width == 0 &&
			    (mask >> d->bit & 1))
				feature_set_add(flags, f);
		}
	}
	return MIGCHECK_OK;
}

static int add_feature(struct libvirt_map *m, const char *name,
		       const struct feature_set *flags)
{
	struct libvirt_feature *f =
	    realloc(m->feature, (m->feature_count + 1) * sizeof *f);
	if (!f)
		return -1;
	m->feature = f;
	f = &f[m->feature_count];
	f->name = strdup(name);
	if (!f->name)
		return -1;
	f->flags = *flags;
	m->feature_count++;
	return 0;
}

static int read_features(struct libvirt_map *m, migcheck_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/x86_features.xml", m->dir);
	xmlDoc *doc;
	int rc = parse_file(m, path, &doc, err);
	if (rc)
		return rc;
	for (xmlNode *n = xml.DocGetRootElement(doc)->children; n;
	     n = n->next) {
		if (!is_element(n, "feature"))
			continue;
		struct feature_set flags = {{0}};
		for (xmlNode *c = n->children; c; c = c->next)
			if (is_element(c, "cpuid") &&
			    (rc = read_cpuid_element(c, path, &flags, err)))
				return rc;
		char *name = attr(n, "name");
		if (!name)
			return set_error(err, MIGCHECK_ERR_PARSE,
					 "%s:%ld: <feature> without a name",
					 path, xml.GetLineNo(n));
		rc = add_feature(m, name, &flags);
		xml_free(name);
		/* QEMU's spellings of the same feature. */
		for (xmlNode *c = n->children; rc == 0 && c; c = c->next) {
			if (!is_element(c, "alias"))
				continue;
			char *alias = attr(c, "name");
			if (alias)
				rc = add_feature(m, alias, &flags);
			xml_free(alias);
		}
		if (rc)
			return set_error(err, MIGCHECK_ERR_NOMEM,
					 "%s: out of memory", path);
	}
	return MIGCHECK_OK;
}

static void read_vendors(struct libvirt_map *m)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/x86_vendors.xml", m->dir);
	xmlDoc *doc;
	migcheck_error ignored;
	if (access(path, R_OK) != 0 || parse_file(m, path, &doc, &ignored))
		return;
	for (xmlNode *n = xml.DocGetRootElement(doc)->children;
	     n && m->vendor_count < 8; n = n->next) {
		if (!is_element(n, "vendor"))
			continue;
		char *name = attr(n, "name"), *string = attr(n, "string");
		if (name && string) {
			snprintf(m->vendor_name[m->vendor_count], 16, "%s",
				 name);
			snprintf(m->vendor_string[m->vendor_count], 16, "%s",
				 string);
			m->vendor_count++;
		}
		xml_free(name);
		xml_free(string);
	}
}

static int read_models(struct libvirt_map *m, const char *path,
		       migcheck_error *err)
{
	xmlDoc *doc;
	int rc = parse_file(m, path, &doc, err);
	if (rc)
		return rc;
	for (xmlNode *n = xml.DocGetRootElement(doc)->children; n;
	     n = n->next) {
		if (!is_element(n, "model"))
			continue;
		struct libvirt_model *model =
		    realloc(m->model, (m->model_count + 1) * sizeof *model);
		if (!model)
			return set_error(err, MIGCHECK_ERR_NOMEM,
					 "%s: out of memory", path);
		m->model = model;
		model = &model[m->model_count];
		memset(model, 0, sizeof *model);
		model->name = attr(n, "name");
		model->file = strdup(path);
		model->node = n;
		m->model_count++;
		if (!model->name || !model->file)
			return set_error(err, MIGCHECK_ERR_PARSE,
					 "%s:%ld: <model> without a name", path,
					 xml.GetLineNo(n));
	}
	return MIGCHECK_OK;
}

static const struct libvirt_feature *find_feature(const struct libvirt_map *m,
						  const char *name)
{
	for (size_t i = 0; i < m->feature_count; i++)
		if (strcmp(m->feature[i].name, name) == 0)
			return &m->feature[i];
	return NULL;
}

static struct libvirt_model *find_model(struct libvirt_map *m, const char *name)
{
	for (size_t i = 0; i < m->model_count; i++)
		if (strcmp(m->model[i].name, name) == 0)
			return &m->model[i];
	return NULL;
}

static int resolve_model(struct libvirt_map *m, struct libvirt_model *model,
			 migcheck_error *err)
{
	if (model->resolved)
		return MIGCHECK_OK;
	if (model->resolving)
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s:%ld: model '%s' includes itself",
				 model->file, xml.GetLineNo(model->node),
				 model->name);
	model->resolving = true;
	int rc = MIGCHECK_OK;
	for (xmlNode *n = model->node->children; rc == MIGCHECK_OK && n;
	     n = n->next) {
		char *name =
		    n->type == XML_ELEMENT_NODE ? attr(n, "name") : NULL;
		if (!name)
			continue;
		if (is_element(n, "model")) {
			struct libvirt_model *base = find_model(m, name);
			if (!base)
				rc = set_error(err, MIGCHECK_ERR_INVALID,
					       "%s:%ld: unknown model '%s'",
					       model->file, xml.GetLineNo(n),
					       name);
			else if ((rc = resolve_model(m, base, err)) ==
				 MIGCHECK_OK) {
				for (size_t w = 0; w < FEATURE_SET_WORDS; w++)
					model->flags.word[w] |=
					    base->flags.word[w];
				if (!model->vendor[0])
					memcpy(model->vendor, base->vendor,
					       sizeof model->vendor);
			}
		} else if (is_element(n, "vendor")) {
			for (size_t v = 0; v < m->vendor_count; v++)
				if (strcmp(m->vendor_name[v], name) == 0)
					memcpy(model->vendor,
					       m->vendor_string[v], 16);
		} else if (is_element(n, "feature")) {
			const struct libvirt_feature *f = find_feature(m, name);
			char *policy = attr(n, "policy");
			bool removed = policy && (!strcmp(policy, "disable") ||
						  !strcmp(policy, "forbid"));
			xml_free(policy);
			if (!f)
				rc = set_error(err, MIGCHECK_ERR_INVALID,
					       "%s:%ld: unknown feature '%s'",
					       model->file, xml.GetLineNo(n),
					       name);
			for (size_t w = 0; f && w < FEATURE_SET_WORDS; w++) {
				if (removed)
					model->flags.word[w] &=
					    ~f->flags.word[w];
				else
					model->flags.word[w] |=
					    f->flags.word[w];
			}
		}
		xml_free(name);
	}
	model->resolving = false;
	model->resolved = rc == MIGCHECK_OK;
	return rc;
}

static void map_free(struct libvirt_map *m)
{
	for (size_t i = 0; i < m->feature_count; i++)
		free(m->feature[i].name);
	free(m->feature);
	for (size_t i = 0; i < m->model_count; i++) {
		xml_free(m->model[i].name);
		free(m->model[i].file);
	}
	free(m->model);
	for (size_t i = 0; i < m->doc_count; i++)
		xml.FreeDoc(m->docs[i]);
	free(m->docs);
}

/* A model that lacks part of x86-64's baseline (the 32-bit 486 or pentium
 * models) cannot run a 64-bit workload at all. */
static bool runs_x86_64(const struct feature_set *isa_sets)
{
	for (size_t i = 0; i < isa_count; i++)
		if (isa_table[i].baseline && !feature_set_has(isa_sets, i))
			return false;
	return true;
}

static int add_models(migcheck_catalog *c, struct libvirt_map *m,
		      const char *only, migcheck_error *err)
{
	struct strlist skipped = {0};
	int rc = MIGCHECK_OK;
	for (size_t i = 0; rc == MIGCHECK_OK && i < m->model_count; i++) {
		struct libvirt_model *model = &m->model[i];
		const char *file = strrchr(model->file, '/');
		if (only && strcmp(file ? file + 1 : model->file, only) != 0)
			continue;
		if ((rc = resolve_model(m, model, err)))
			break;
		struct feature_set flags = model->flags, isa_sets;
		flags_assume_os_enabled(&flags);
		isa_supported_all(&flags, UINT64_MAX, &isa_sets);
		isa_keep_vendor(&isa_sets, vendor_mask_of(model->vendor));
		if (!runs_x86_64(&isa_sets)) {
			strlist_addf(&skipped, "%s", model->name);
			continue;
		}
		struct destination *d =
		    catalog_append(c, model->name, model->file, DEST_LIBVIRT);
		if (!d)
			return set_error(err, MIGCHECK_ERR_NOMEM,
					 "%s: out of memory", model->file);
		d->knows_flags = true;
		d->flags = flags;
		d->isa_sets = isa_sets;
		memcpy(d->vendor, model->vendor, sizeof d->vendor);
	}
	if (rc == MIGCHECK_OK && skipped.count) {
		char list[512] = "";
		for (size_t i = 0; i < skipped.count; i++)
			snprintf(list + strlen(list),
				 sizeof list - strlen(list), "%s%s",
				 i ? ", " : "", skipped.item[i]);
		strlist_addf(&c->warnings,
			     "%s: skipped %zu models that cannot run x86-64 "
			     "code: %s",
			     m->dir, skipped.count, list);
	}
	strlist_free(&skipped);
	return rc;
}

int catalog_add_libvirt(migcheck_catalog *c, const char *path,
			migcheck_error *err)
{
	char dir_buf[4096];
	snprintf(dir_buf, sizeof dir_buf, "%s", path);
	bool is_dir = strcasecmp(path + strlen(path) - 4, ".xml") != 0;
	const char *dir = is_dir ? path : dirname(dir_buf);
	const char *base = is_dir ? NULL : strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!is_dir && strncmp(base, "x86_", 4) != 0)
		return set_error(err, MIGCHECK_ERR_UNSUPPORTED,
				 "%s: not an x86 libvirt CPU model "
				 "(migcheck handles x86_64 only)",
				 path);

	struct libvirt_map m = {.dir = dir};
	int rc = load_libxml(path, err);
	if (rc == MIGCHECK_OK)
		rc = read_features(&m, err);
	if (rc == MIGCHECK_OK) {
		read_vendors(&m);
		/* Every x86 model file is read, even to add one model, so
		 * that references to models in other files resolve. */
		char file[4096];
		struct dirent **entries;
		int n = scandir(dir, &entries, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			const char *f = entries[i]->d_name;
			if (rc == MIGCHECK_OK && !strncmp(f, "x86_", 4) &&
			    strlen(f) > 8 &&
			    !strcmp(f + strlen(f) - 4, ".xml") &&
			    strcmp(f, "x86_features.xml") &&
			    strcmp(f, "x86_vendors.xml")) {
				snprintf(file, sizeof file, "%s/%s", dir, f);
				rc = read_models(&m, file, err);
			}
			free(entries[i]);
		}
		free(entries);
		if (n < 0)
			rc = set_error(err, MIGCHECK_ERR_IO,
				       "%s: cannot read directory", dir);
	}
	if (rc == MIGCHECK_OK)
		rc = add_models(c, &m, is_dir ? NULL : base, err);
	map_free(&m);
	return rc;
}
