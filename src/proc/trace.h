/* Tracing a live process for a while (migcheck watch): every thread is
 * held with PTRACE_SEIZE, so it runs at native speed and stops only when
 * it hits a breakpoint or receives a signal. The tracer never stops the
 * target with SIGSTOP and forwards every signal unchanged; a group stop
 * (SIGSTOP, SIGTSTP, ...) is kept with PTRACE_LISTEN, as the target's
 * parent expects.
 *
 * What the breakpoints mean is the caller's business (hooks): the tracer
 * reports an int3 trap at an address, rewinds the thread when the caller
 * claims it, and lets forked children go once the caller has cleaned
 * their copy of the memory.
 *
 * New threads are followed (PTRACE_O_TRACECLONE). vfork children share
 * the memory, so they are followed too until they exec or exit. fork
 * children get a copy of the memory, breakpoints included: the caller
 * removes them (hooks.forked) before the child is released. */
#ifndef MIGCHECK_PROC_TRACE_H
#define MIGCHECK_PROC_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "migcheck/migcheck.h"

struct tracer_hooks {
	void *ctx;
	/* Thread `tid` trapped on an int3 at `address`. Return true when
	 * it is one of the caller's breakpoints, already removed: the
	 * thread is rewound to `address` and resumed without the signal.
	 * False: the SIGTRAP is the target's own and is delivered. */
	bool (*breakpoint)(void *ctx, pid_t tid, uint64_t address);
	/* A forked child (pid `child`, stopped) holds a copy of the
	 * memory: remove every breakpoint from it. */
	void (*forked)(void *ctx, pid_t child);
};

struct tracer;

/* Seizes every thread of `pid` with the options above. Nothing stops.
 * SIGCHLD is blocked in the calling thread until tracer_free. */
int tracer_attach(pid_t pid, const struct tracer_hooks *hooks,
		  struct tracer **out, migcheck_error *err);

enum tracer_wake {
	TRACER_TIMEOUT, /* timeout_ms passed */
	TRACER_STOP,	/* stop_fd became readable */
	TRACER_GONE,	/* the process exited, or exec'd another program */
};

/* Handles events until one of enum tracer_wake happens. stop_fd may be
 * -1. */
enum tracer_wake tracer_run(struct tracer *t, int timeout_ms, int stop_fd);

/* Brings every thread into a ptrace stop, handling the events met on
 * the way (breakpoints included), for changes that must not race with
 * the target. Returns the number of threads stopped. */
size_t tracer_stop_all(struct tracer *t);
/* Lets them run again as they were (pending signals delivered). */
void tracer_resume_all(struct tracer *t);

/* After tracer_stop_all and removing every breakpoint: settles a trap
 * already raised but not yet reported, then detaches every thread with
 * the signal it was about to receive, and frees. Safe on a process that
 * is gone. */
void tracer_detach(struct tracer *t);

bool tracer_exited(const struct tracer *t); /* the process ended */
bool tracer_execed(const struct tracer *t); /* it exec'd */
size_t tracer_threads_seen(const struct tracer *t);
size_t tracer_signals_forwarded(const struct tracer *t);
size_t tracer_forks(const struct tracer *t);

/* /proc/PID/mem, open for reading and writing: a tracer may write
 * read-only code through it, as a debugger does. -1 on error. */
int proc_mem_open(pid_t pid);
/* Returns the number of bytes written at `address`. */
size_t proc_write(int mem_fd, uint64_t address, const void *buf, size_t size);

#endif
