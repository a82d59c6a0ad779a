/* Code a process holds that does not run as it is on a destination
 * (knobs.h). A row names the code precisely (the object, and the
 * instructions in it), the knob, and where the facts come from. A row
 * whose knob cannot be read counts as enabled: unsure is required. */
#include "analysis/knobs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file.h"

static const struct knob_row {
	const char *name;
	const char *object; /* the mapping's file name, or "[vdso]" */
	/* its instructions the row covers; NULL: every one */
	const char *const *mnemonics;
	const char *source;
} rows[KNOB_ROWS] = {
    /* glibc's lock elision is its only use of XBEGIN, XEND and XABORT
     * (XTEST, in its *_rtm string functions, is not covered). Since
     * 2.27 it runs only when the glibc.elision.enable tunable is 1 in
     * GLIBC_TUNABLES at start-up: __pthread_force_elision is set from it
     * once, and a mutex takes the elision path only then. */
    {"glibc lock elision (glibc.elision.enable)", "libc.so.6",
     (const char *const[]){"xbegin", "xend", "xabort", NULL},
     "glibc sysdeps/unix/sysv/linux/x86/elision-conf.c, elision-lock.c, "
     "elision-unlock.c; manual, Elision Tunables"},
    /* The vDSO is the kernel's code, patched at boot for that CPU
     * (alternatives: RDPID in getcpu, RDTSCP in clock_gettime). CRIU
     * maps the restoring kernel's vDSO and makes the dumped one a proxy
     * that jumps into it; a VM's guest kernel keeps the vDSO of its
     * virtual CPU model, which the destination must offer anyway. */
    {"vDSO (the destination kernel's own)", "[vdso]", NULL,
     "CRIU criu/vdso.c, criu/pie/parasite-vdso.c; Linux "
     "arch/x86/entry/vdso"},
};

/* GLIBC_TUNABLES of the environment block (NUL-separated), or "". */
static const char *tunables_of(const char *env, size_t size)
{
	static const char var[] = "GLIBC_TUNABLES=";
	for (size_t at = 0; at < size; at += strlen(env + at) + 1)
		if (!strncmp(env + at, var, sizeof var - 1))
			return env + at + sizeof var - 1;
	return "";
}

/* Whether a GLIBC_TUNABLES value sets glibc.elision.enable to 1. */
static bool elision_tunable(const char *tunables)
{
	char *list = strdup(tunables), *save = NULL;
	bool on = false;
	for (char *t = list ? strtok_r(list, ":", &save) : NULL; t;
	     t = strtok_r(NULL, ":", &save))
		on = on || !strcmp(t, "glibc.elision.enable=1");
	free(list);
	return on;
}

/* The process's libc.so.6 mapping, or NULL. */
static const struct proc_mapping *libc_mapping(const struct proc_snapshot *p)
{
	for (size_t i = 0; i < p->map_count; i++) {
		const char *slash = strrchr(p->maps[i].path, '/');
		if (slash && !strcmp(slash + 1, "libc.so.6"))
			return &p->maps[i];
	}
	return NULL;
}

/* glibc 2.27 added memfd_create: a libc that exports it has elision
 * behind the tunable. An older one may have it on by its build. */
static bool glibc_2_27(const struct proc_snapshot *p,
		       const struct proc_mapping *m)
{
	int fd = proc_open_mapped_file(p->pid, m);
	if (fd < 0)
		return false;
	static const char *const names[] = {"memfd_create"};
	uint64_t load, vaddr[1] = {0};
	bool ok =
	    elf_dynamic_lookup(fd, m->offset, &load, names, 1, vaddr) == 0 &&
	    vaddr[0];
	close(fd);
	return ok;
}

void knobs_read(const struct proc_snapshot *p, struct knobs *k)
{
	memset(k, 0, sizeof *k);
	k->known = true;
	/* elision */
	const struct proc_mapping *libc = libc_mapping(p);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/environ", (int)p->pid);
	size_t size = 0;
	char *env = NULL;
	migcheck_error err;
	if (file_read_all(path, &env, &size, &err) != MIGCHECK_OK)
		env = NULL;
	if (env) {
		const char *t = tunables_of(env, size);
		k->environment_read = strlen(t) < sizeof k->tunables;
		snprintf(k->tunables, sizeof k->tunables, "%s", t);
	}
	if (!libc) {
		snprintf(k->state[0], sizeof k->state[0], "no libc.so.6");
	} else if (!env || !glibc_2_27(p, libc)) {
		k->enabled[0] = true;
		snprintf(k->state[0], sizeof k->state[0], "%s: counted as on",
			 env ? "glibc before 2.27" : "environment unreadable");
	} else {
		k->enabled[0] = elision_tunable(tunables_of(env, size));
		snprintf(k->state[0], sizeof k->state[0], "%s",
			 k->enabled[0] ? "on: GLIBC_TUNABLES sets it"
				       : "off: GLIBC_TUNABLES does not set it");
	}
	free(env);
	snprintf(k->state[1], sizeof k->state[1],
		 "replaced: the restoring kernel maps its own");
}

int knobs_row(const struct knobs *k, const struct instruction *insn,
	      const char *object)
{
	if (!k->known || !object)
		return -1;
	const char *slash = strrchr(object, '/');
	const char *name = slash ? slash + 1 : object;
	for (int r = 0; r < KNOB_ROWS; r++) {
		if (k->enabled[r] || strcmp(name, rows[r].object))
			continue;
		if (!rows[r].mnemonics)
			return r;
		for (const char *const *m = rows[r].mnemonics; *m; m++)
			if (insn->mnemonic && !strcmp(insn->mnemonic, *m))
				return r;
	}
	return -1;
}

json_object *knobs_json(const struct knobs *k)
{
	json_object *a = json_object_new_array();
	for (int r = 0; k->known && r < KNOB_ROWS; r++) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "code",
				       json_object_new_string(rows[r].name));
		json_object_object_add(o, "state",
				       json_object_new_string(k->state[r]));
		json_object_object_add(
		    o, "instructions_not_required",
		    json_object_new_int64((int64_t)k->skipped[r]));
		json_object_object_add(o, "source",
				       json_object_new_string(rows[r].source));
		json_object_array_add(a, o);
	}
	return a;
}
