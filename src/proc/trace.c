/* Tracing a live process for a while: see trace.h.
 *
 * Under PTRACE_SEIZE a stop is one of (ptrace(2), "Stopped states"):
 * - signal-delivery-stop (status>>16 == 0): the signal is passed on when
 *   the thread is resumed, except our own int3 traps;
 * - group-stop (PTRACE_EVENT_STOP with a stop signal): the thread must
 *   stay stopped until SIGCONT, so it is resumed with PTRACE_LISTEN;
 * - PTRACE_EVENT_STOP with SIGTRAP: our PTRACE_INTERRUPT, the first stop
 *   of an auto-attached thread, or the end of a group stop;
 * - PTRACE_EVENT_CLONE/FORK/VFORK/EXEC stops.
 * Events are waited for with a signalfd on SIGCHLD, which the kernel
 * sends the tracer on every stop, so the loop sleeps between events. */
#include "proc/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc/proc.h"
#include "util/error.h"

enum task_kind {
	TASK_UNANNOUNCED, /* auto-attached before its parent's event */
	TASK_THREAD,	  /* a thread of the target: same memory */
	TASK_VFORK,	  /* a vfork child: same memory until it execs */
	TASK_FORK,	  /* a fork child: a copy, released at once */
};

struct task {
	pid_t tid;
	enum task_kind kind;
	bool stopped;	 /* in a ptrace stop that we hold */
	bool started;	 /* its first stop was seen (auto-attached ones) */
	bool group_stop; /* in a group stop: resume with PTRACE_LISTEN */
	bool zombie;	 /* exited, not yet reaped: never stops again */
	int signal;	 /* to deliver when resumed */
};

struct tracer {
	pid_t pid;
	struct tracer_hooks hooks;
	struct task *tasks;
	size_t count, cap;
	int sigchld_fd;
	sigset_t old_mask;
	bool holding; /* tracer_stop_all: keep stopped threads stopped */
	bool exited, execed;
	size_t threads_seen, signals, forks;
};

#define STOP_ALL_MS 5000

#define TRACE_OPTIONS                                                          \
	(PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |      \
	 PTRACE_O_TRACEEXEC)

static struct task *find_task(struct tracer *t, pid_t tid)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->tasks[i].tid == tid)
			return &t->tasks[i];
	return NULL;
}

static struct task *add_task(struct tracer *t, pid_t tid, enum task_kind kind,
			     bool started)
{
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct task *p = realloc(t->tasks, cap * sizeof *p);
		if (!p)
			return NULL;
		t->tasks = p;
		t->cap = cap;
	}
	struct task *k = &t->tasks[t->count++];
	*k = (struct task){.tid = tid, .kind = kind, .started = started};
	if (kind == TASK_THREAD)
		t->threads_seen++;
	return k;
}

static void remove_task(struct tracer *t, struct task *k)
{
	*k = t->tasks[--t->count];
	bool threads = false;
	for (size_t i = 0; i < t->count; i++)
		threads |= t->tasks[i].kind == TASK_THREAD;
	if (!threads)
		t->exited = true;
}

static void resume(struct task *k)
{
	if (!k->stopped)
		return;
	if (k->group_stop)
		ptrace(PTRACE_LISTEN, k->tid, NULL, NULL);
	else
		ptrace(PTRACE_CONT, k->tid, NULL, (void *)(intptr_t)k->signal);
	k->signal = 0;
	k->stopped = false;
}

/* A fork child is let go once it is stopped and known to be one: its
 * copy of the memory is cleaned first. */
static void release_fork_child(struct tracer *t, struct task *k)
{
	if (k->kind != TASK_FORK || !k->stopped || !k->started)
		return;
	if (t->hooks.forked)
		t->hooks.forked(t->hooks.ctx, k->tid);
	ptrace(PTRACE_DETACH, k->tid, NULL, NULL);
	remove_task(t, k);
}

static void new_child(struct tracer *t, struct task *parent, int event)
{
	unsigned long msg = 0;
	if (ptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) != 0)
		return;
	pid_t child = (pid_t)msg;
	enum task_kind kind = event == PTRACE_EVENT_FORK    ? TASK_FORK
			      : event == PTRACE_EVENT_VFORK ? TASK_VFORK
							    : TASK_THREAD;
	if (kind == TASK_FORK)
		t->forks++;
	struct task *k = find_task(t, child);
	if (!k) {
		add_task(t, child, kind, false);
		return;
	}
	k->kind = kind;
	if (kind == TASK_THREAD)
		t->threads_seen++;
	if (kind == TASK_FORK)
		release_fork_child(t, k);
	else if (k->stopped && k->started && !t->holding)
		resume(k);
}

/* An int3 trap: the caller's breakpoint, or the target's own. */
static bool our_breakpoint(struct tracer *t, struct task *k)
{
	siginfo_t si;
	struct user_regs_struct regs;
	if (ptrace(PTRACE_GETSIGINFO, k->tid, NULL, &si) != 0 ||
	    si.si_code != SI_KERNEL ||
	    ptrace(PTRACE_GETREGS, k->tid, NULL, &regs) != 0)
		return false;
	uint64_t at = regs.rip - 1;
	if (!t->hooks.breakpoint(t->hooks.ctx, k->tid, at))
		return false;
	regs.rip = at;
	return ptrace(PTRACE_SETREGS, k->tid, NULL, &regs) == 0;
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/* One waitpid report. */
static void handle(struct tracer *t, pid_t tid, int status)
{
	struct task *k = find_task(t, tid);
	if (!k && !(k = add_task(t, tid, TASK_UNANNOUNCED, false))) {
		/* Out of memory: let it go rather than hold it forever. */
		if (WIFSTOPPED(status))
			ptrace(PTRACE_DETACH, tid, NULL, NULL);
		return;
	}
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		remove_task(t, k);
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	k->stopped = true;
	int sig = WSTOPSIG(status), event = status >> 16;
	switch (event) {
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		new_child(t, k, event);
		k = find_task(t, tid); /* new_child may move tasks */
		break;
	case PTRACE_EVENT_EXEC:
		if (k->kind == TASK_VFORK) {
			/* Its own memory now: no breakpoints in it. */
			ptrace(PTRACE_DETACH, tid, NULL, NULL);
			remove_task(t, k);
			return;
		}
		t->execed = true;
		break;
	case PTRACE_EVENT_STOP:
		if (!k->started) {
			k->started = true;
			if (k->kind == TASK_FORK)
				release_fork_child(t, k);
			if (k->kind == TASK_UNANNOUNCED || k->kind == TASK_FORK)
				return; /* held until its parent's event */
		} else {
			k->group_stop = is_stop_signal(sig);
		}
		break;
	case 0:
		if (sig == SIGTRAP && our_breakpoint(t, k))
			break;
		k->signal = sig;
		t->signals++;
		break;
	default:
		break;
	}
	if (k && !t->holding && !t->execed)
		resume(k);
}

/* Every report waiting now. Returns false when there are no more
 * tracees at all. */
static bool drain(struct tracer *t)
{
	for (;;) {
		int status;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);
		if (tid > 0) {
			handle(t, tid, status);
			continue;
		}
		if (tid < 0 && errno == EINTR)
			continue;
		if (tid < 0 && errno == ECHILD) {
			t->exited = t->exited || !t->execed;
			return false;
		}
		return true;
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* PTRACE_DETACH needs a stopped tracee: interrupts a running one first,
 * and passes on a signal it was about to receive. */
static void detach_running(pid_t tid)
{
	ptrace(PTRACE_INTERRUPT, tid, NULL, NULL);
	for (;;) {
		int status;
		pid_t r = waitpid(tid, &status, __WALL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || !WIFSTOPPED(status))
			return;
		int sig = status >> 16 ? 0 : WSTOPSIG(status);
		ptrace(PTRACE_DETACH, tid, NULL, (void *)(intptr_t)sig);
		return;
	}
}

int tracer_attach(pid_t pid, const struct tracer_hooks *hooks,
		  struct tracer **out, migcheck_error *err)
{
	struct tracer *t = calloc(1, sizeof *t);
	if (!t)
		return set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
	t->pid = pid;
	t->hooks = *hooks;
	/* Blocked before seizing, so that no stop's SIGCHLD is lost. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &t->old_mask);
	t->sigchld_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	pid_t *tids = NULL;
	size_t n = 0;
	int rc = t->sigchld_fd < 0
		     ? set_error(err, MIGCHECK_ERR_IO, "signalfd: %s",
				 strerror(errno))
		     : proc_seize(pid, TRACE_OPTIONS, &tids, &n, err);
	for (size_t i = 0; rc == MIGCHECK_OK && i < n; i++) {
		if (!add_task(t, tids[i], TASK_THREAD, true))
			rc = set_error(err, MIGCHECK_ERR_NOMEM,
				       "process %d: out of memory", pid);
	}
	if (rc) {
		for (size_t i = 0; i < n; i++)
			detach_running(tids[i]);
		free(tids);
		t->count = 0;
		tracer_detach(t);
		return rc;
	}
	free(tids);
	*out = t;
	return MIGCHECK_OK;
}

enum tracer_wake tracer_run(struct tracer *t, int timeout_ms, int stop_fd)
{
	uint64_t deadline =
	    now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		drain(t);
		if (t->exited || t->execed)
			return TRACER_GONE;
		uint64_t now = now_ms();
		if (now >= deadline)
			return TRACER_TIMEOUT;
		struct pollfd fds[2] = {{t->sigchld_fd, POLLIN, 0},
					{stop_fd, POLLIN, 0}};
		int r = poll(fds, stop_fd >= 0 ? 2 : 1, (int)(deadline - now));
		if (r > 0 && stop_fd >= 0 && (fds[1].revents & POLLIN))
			return TRACER_STOP;
		if (r > 0 && (fds[0].revents & POLLIN)) {
			struct signalfd_siginfo si;
			while (read(t->sigchld_fd, &si, sizeof si) > 0)
				;
		}
	}
}

/* A thread's state letter, from /proc/PID/task/TID/stat. */
static char task_state(pid_t pid, pid_t tid)
{
	char path[96], line[512];
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
	FILE *f = fopen(path, "r");
	char *got = f ? fgets(line, sizeof line, f) : NULL;
	if (f)
		fclose(f);
	char *p = got ? strrchr(line, ')') : NULL;
	return p && p[1] == ' ' ? p[2] : 'X';
}

static bool waiting_for_stops(struct tracer *t)
{
	for (size_t i = 0; i < t->count; i++) {
		struct task *k = &t->tasks[i];
		if (!k->stopped && !k->zombie && k->kind != TASK_FORK)
			return true;
	}
	return false;
}

size_t tracer_stop_all(struct tracer *t)
{
	t->holding = true;
	if (t->execed)
		return 0;
	for (size_t i = 0; i < t->count; i++)
		if (!t->tasks[i].stopped)
			ptrace(PTRACE_INTERRUPT, t->tasks[i].tid, NULL, NULL);
	/* A thread that exited but is not reaped (a thread-group leader
	 * waiting for the others) never reports a stop: its state tells.
	 * One stuck in the kernel (state D) may not stop for long: after
	 * STOP_ALL_MS the others go ahead without it. */
	uint64_t give_up = now_ms() + STOP_ALL_MS;
	for (unsigned round = 0;
	     waiting_for_stops(t) && !t->execed && now_ms() < give_up;
	     round++) {
		if (!drain(t))
			break;
		if (!waiting_for_stops(t))
			break;
		if (round % 50 == 0)
			for (size_t i = 0; i < t->count; i++) {
				struct task *k = &t->tasks[i];
				char s = k->stopped
					     ? 't'
					     : task_state(t->pid, k->tid);
				k->zombie = s == 'Z' || s == 'X';
			}
		struct pollfd fd = {t->sigchld_fd, POLLIN, 0};
		poll(&fd, 1, 2);
		struct signalfd_siginfo si;
		while (read(t->sigchld_fd, &si, sizeof si) > 0)
			;
	}
	size_t stopped = 0;
	for (size_t i = 0; i < t->count; i++)
		stopped += t->tasks[i].stopped;
	return stopped;
}

void tracer_resume_all(struct tracer *t)
{
	t->holding = false;
	for (size_t i = 0; i < t->count; i++)
		if (t->tasks[i].kind != TASK_UNANNOUNCED &&
		    t->tasks[i].kind != TASK_FORK)
			resume(&t->tasks[i]);
}

/* Whether SIGTRAP is pending for the thread itself: an int3 trap raised
 * before our PTRACE_INTERRUPT, reported only after it. */
static bool trap_pending(pid_t pid, pid_t tid)
{
	char path[96], line[256];
	snprintf(path, sizeof path, "/proc/%d/task/%d/status", pid, tid);
	FILE *f = fopen(path, "r");
	uint64_t pending = 0;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "SigPnd:", 7))
			sscanf(line + 7, " %" SCNx64, &pending);
	if (f)
		fclose(f);
	return pending & (UINT64_C(1) << (SIGTRAP - 1));
}

/* Lets such a thread take the trap while we still trace it, so that the
 * breakpoint hook rewinds it instead of the signal killing it. */
static void settle_trap(struct tracer *t, struct task *k)
{
	pid_t tid = k->tid;
	ptrace(PTRACE_CONT, tid, NULL, NULL);
	k->stopped = false;
	for (int tries = 0; tries < 100; tries++) {
		int status;
		pid_t r = waitpid(tid, &status, __WALL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return;
		handle(t, tid, status);
		k = find_task(t, tid);
		if (!k || k->stopped)
			return;
	}
}

void tracer_detach(struct tracer *t)
{
	if (!t)
		return;
	if (!t->execed) {
		for (size_t i = 0; i < t->count; i++) {
			struct task *k = &t->tasks[i];
			if (k->stopped && k->kind != TASK_FORK && !k->signal &&
			    !k->group_stop && trap_pending(t->pid, k->tid))
				settle_trap(t, k);
		}
	}
	for (size_t i = 0; i < t->count; i++)
		ptrace(PTRACE_DETACH, t->tasks[i].tid, NULL,
		       (void *)(intptr_t)t->tasks[i].signal);
	if (t->sigchld_fd >= 0)
		close(t->sigchld_fd);
	/* SIGCHLDs that our tracing raised must not reach the caller. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	struct timespec zero = {0, 0};
	while (sigtimedwait(&chld, NULL, &zero) > 0)
		;
	sigprocmask(SIG_SETMASK, &t->old_mask, NULL);
	free(t->tasks);
	free(t);
}

bool tracer_exited(const struct tracer *t)
{
	return t->exited;
}
bool tracer_execed(const struct tracer *t)
{
	return t->execed;
}
size_t tracer_threads_seen(const struct tracer *t)
{
	return t->threads_seen;
}
size_t tracer_signals_forwarded(const struct tracer *t)
{
	return t->signals;
}
size_t tracer_forks(const struct tracer *t)
{
	return t->forks;
}

int proc_mem_open(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/mem", pid);
	return open(path, O_RDWR | O_CLOEXEC);
}

size_t proc_write(int mem_fd, uint64_t address, const void *buf, size_t size)
{
	size_t done = 0;
	while (done < size) {
		ssize_t r = pwrite(mem_fd, (const char *)buf + done,
				   size - done, (off_t)(address + done));
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	return done;
}
