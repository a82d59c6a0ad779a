/* Code a process holds that does not run as it is on a destination: a
 * knob of the process keeps it off for the process's whole life, or the
 * destination brings its own copy. Such instructions are counted, not
 * required (knobs.c has the table, with its sources). */
#ifndef MIGCHECK_ANALYSIS_KNOBS_H
#define MIGCHECK_ANALYSIS_KNOBS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "code/code.h"
#include "proc/proc.h"

enum { KNOB_ROWS = 2 };

/* What a process's knobs say, read once per scan (knobs_read). */
struct knobs {
	bool known;		 /* read: without it no row applies */
	bool enabled[KNOB_ROWS]; /* the row's code may run */
	char state[KNOB_ROWS][160];
	size_t skipped[KNOB_ROWS]; /* instructions not required */
	/* GLIBC_TUNABLES of its environment ("" without), when read */
	bool environment_read;
	char tunables[1024];
};

/* Reads the knobs of the process of snapshot p. */
void knobs_read(const struct proc_snapshot *p, struct knobs *k);

/* The row that keeps insn, in the mapping named `object` (a path or
 * "[vdso]"), from running as it is on a destination, or -1. */
int knobs_row(const struct knobs *k, const struct instruction *insn,
	      const char *object);

/* scan.knobs of the metadata: each row, its state and its count. */
json_object *knobs_json(const struct knobs *k);

#endif
