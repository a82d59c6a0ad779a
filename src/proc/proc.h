/* Access to a live process: the only module that touches another process.
 *
 * A snapshot is taken with every thread stopped by PTRACE_SEIZE and
 * PTRACE_INTERRUPT (never SIGSTOP, which the target could observe), and
 * released at once: registers and XSAVE state are read while stopped, code
 * is read afterwards. Nothing is written to the target. */
#ifndef MIGCHECK_PROC_PROC_H
#define MIGCHECK_PROC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "migcheck/migcheck.h"

struct proc_mapping {
	uint64_t start, end, offset;
	bool readable, writable, executable;
	char path[512]; /* "" for anonymous; "[vdso]", "[heap]", ... */
};

struct proc_thread {
	pid_t tid;
	uint64_t rip, rsp, rbp;
	uint64_t xstate_bv; /* XSAVE header: components in use */
	bool have_xstate;
};

struct proc_snapshot {
	pid_t pid;
	struct proc_mapping *maps;
	size_t map_count;
	struct proc_thread *threads;
	size_t thread_count;
	char exe[512];
	char shadow_stack[64]; /* x86_Thread_features in /proc/PID/status */
	uint64_t pause_ns;     /* how long the threads were stopped */
};

/* Stops every thread, reads registers and XSAVE state, and lets them run
 * again. On every error path the target is left running.
 * @return MIGCHECK_OK, MIGCHECK_ERR_IO (no such process, vanished),
 *         MIGCHECK_ERR_UNSUPPORTED (kernel thread, zombie, 32-bit,
 *         not permitted to trace). */
int proc_snapshot(pid_t pid, struct proc_snapshot **out, migcheck_error *err);
void proc_snapshot_free(struct proc_snapshot *s);

/* Reads target memory: process_vm_readv, else /proc/PID/mem. Returns the
 * number of bytes read (a short count at an unreadable page). */
size_t proc_read(pid_t pid, uint64_t address, void *buf, size_t size);

#endif
