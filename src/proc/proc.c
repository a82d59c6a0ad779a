/* Access to a live process: checks, a stopped-thread snapshot, memory. */
#include "proc/proc.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"

#define XSAVE_BUFFER_SIZE (64 * 1024)
#define XSTATE_BV_OFFSET  512 /* SDM Vol. 1, 13.4.2: the XSAVE header */

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* "State:", "SigCgt:" and "x86_Thread_features:" of /proc/PID/status. */
static int read_status(pid_t pid, char *state, struct proc_snapshot *s)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	*state = '?';
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "State:", 6))
			sscanf(line + 6, " %c", state);
		else if (!strncmp(line, "SigCgt:", 7))
			sscanf(line + 7, " %" SCNx64, &s->signals_caught);
		else if (!strncmp(line, "x86_Thread_features:", 20)) {
			char *v = line + 20;
			v += strspn(v, " \t");
			v[strcspn(v, "\n")] = '\0';
			snprintf(s->shadow_stack, sizeof s->shadow_stack, "%s",
				 v);
		}
	}
	fclose(f);
	return 0;
}

/* Why reading or tracing pid was refused, and what to do: " (...)". */
static void ptrace_hint(pid_t pid, char *buf, size_t size)
{
	char path[64], line[256];
	long tracer = 0, scope = -1;
	unsigned uid = 0;
	bool have_uid = false;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		if (!strncmp(line, "TracerPid:", 10))
			tracer = strtol(line + 10, NULL, 10);
		else if (!strncmp(line, "Uid:", 4))
			have_uid = sscanf(line + 4, "%u", &uid) == 1;
	}
	if (f)
		fclose(f);
	f = fopen("/proc/sys/kernel/yama/ptrace_scope", "r");
	if (f && fscanf(f, "%ld", &scope) != 1)
		scope = -1;
	if (f)
		fclose(f);
	if (tracer)
		snprintf(buf, size,
			 " (process %ld traces it already: detach that "
			 "debugger or tracer first)",
			 tracer);
	else if (have_uid && uid != geteuid() && geteuid() != 0)
		snprintf(buf, size,
			 " (it belongs to uid %u: run migcheck as that user "
			 "or as root)",
			 uid);
	else if (scope >= 1 && geteuid() != 0)
		snprintf(buf, size,
			 " (kernel.yama.ptrace_scope is %ld: run migcheck as "
			 "root, or set it to 0 with sysctl)",
			 scope);
	else
		snprintf(buf, size,
			 " (another user's, or kernel.yama.ptrace_scope%s)",
			 scope >= 0 ? "" : " or a security module");
}

static int read_maps(struct proc_snapshot *s, migcheck_error *err)
{
	migcheck_error ignored;
	if (!err)
		err = &ignored;
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%d/maps", s->pid);
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		char hint[256] = "";
		if (e == EACCES || e == EPERM)
			ptrace_hint(s->pid, hint, sizeof hint);
		return set_error(err,
				 e == EACCES ? MIGCHECK_ERR_UNSUPPORTED
					     : MIGCHECK_ERR_IO,
				 "process %d: cannot read its maps: %s%s",
				 s->pid, strerror(e), hint);
	}
	size_t cap = 0;
	while (fgets(line, sizeof line, f)) {
		struct proc_mapping m = {0};
		char perms[8] = "";
		int name_at = 0;
		if (sscanf(line,
			   "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64
			   " %x:%x %" SCNu64 " %n",
			   &m.start, &m.end, perms, &m.offset, &m.dev_major,
			   &m.dev_minor, &m.inode, &name_at) < 7)
			continue;
		m.readable = perms[0] == 'r';
		m.writable = perms[1] == 'w';
		m.executable = perms[2] == 'x';
		if (name_at > 0) {
			char *name = line + name_at;
			name[strcspn(name, "\n")] = '\0';
			snprintf(m.path, sizeof m.path, "%s", name);
		}
		if (s->map_count == cap) {
			cap = cap ? cap * 2 : 64;
			struct proc_mapping *p =
			    realloc(s->maps, cap * sizeof *p);
			if (!p) {
				fclose(f);
				return set_error(err, MIGCHECK_ERR_NOMEM,
						 "process %d: out of memory",
						 s->pid);
			}
			s->maps = p;
		}
		s->maps[s->map_count++] = m;
	}
	fclose(f);
	return MIGCHECK_OK;
}

/* The ELF class of the running executable: 32-bit processes are refused. */
static int check_elf_class(struct proc_snapshot *s, migcheck_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/exe", s->pid);
	ssize_t n = readlink(path, s->exe, sizeof s->exe - 1);
	if (n > 0)
		s->exe[n] = '\0';
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return MIGCHECK_OK; /* ptrace will say whether we may look */
	unsigned char ident[EI_NIDENT];
	ssize_t got = read(fd, ident, sizeof ident);
	close(fd);
	if (got == (ssize_t)sizeof ident && ident[EI_CLASS] == ELFCLASS32)
		return set_error(err, MIGCHECK_ERR_UNSUPPORTED,
				 "process %d (%s): a 32-bit process; migcheck "
				 "analyses x86-64 processes only",
				 s->pid, s->exe);
	return MIGCHECK_OK;
}

struct seized {
	pid_t tid;
	int resume_signal; /* a signal that arrived while we held it */
};

static void release_all(struct seized *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ptrace(PTRACE_DETACH, t[i].tid, NULL,
		       (void *)(intptr_t)t[i].resume_signal);
}

/* Waits until a seized, interrupted thread is in a stop. Returns 0, or -1
 * if it exited. A signal-delivery stop is a stop too: its signal is
 * passed back at detach, so the target loses nothing. */
static int wait_stopped(struct seized *t)
{
	for (;;) {
		int status;
		pid_t r = waitpid(t->tid, &status, __WALL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || WIFEXITED(status) || WIFSIGNALED(status))
			return -1;
		if (!WIFSTOPPED(status))
			continue;
		if (status >> 16 != PTRACE_EVENT_STOP)
			t->resume_signal = WSTOPSIG(status);
		return 0;
	}
}

static bool already_seized(const struct seized *t, size_t n, pid_t tid)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].tid == tid)
			return true;
	return false;
}

/* Whether `tid` is already traced by this process: a thread that a
 * seized one created with PTRACE_O_TRACECLONE in effect. */
static bool traced_by_us(pid_t tid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", tid);
	FILE *f = fopen(path, "r");
	long tracer = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "TracerPid:", 10))
			tracer = strtol(line + 10, NULL, 10);
	if (f)
		fclose(f);
	return tracer == (long)getpid();
}

/* Seizes every thread, again until no new thread appeared meanwhile. */

static int seize_threads(pid_t pid, unsigned long options, struct seized **out,
			 size_t *count, migcheck_error *err)
{
	struct seized *t = NULL;
	size_t n = 0, cap = 0;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", pid);
	for (bool grew = true; grew;) {
		grew = false;
		DIR *d = opendir(path);
		if (!d) {
			release_all(t, n);
			free(t);
			return set_error(err, MIGCHECK_ERR_IO,
					 "process %d: vanished", pid);
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			pid_t tid = (pid_t)atoi(e->d_name);
			if (tid <= 0 || already_seized(t, n, tid))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				struct seized *p = realloc(t, cap * sizeof *p);
				if (!p) {
					/* A thread left out would be a thread
					 * not analysed: give up instead. */
					closedir(d);
					release_all(t, n);
					free(t);
					return set_error(err,
							 MIGCHECK_ERR_NOMEM,
							 "process %d: out of "
							 "memory",
							 pid);
				}
				t = p;
			}
			if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)options) !=
			    0) {
				if (errno == ESRCH)
					continue; /* the thread just ended */
				if (errno == EPERM && options &&
				    traced_by_us(tid))
					continue; /* auto-attached */
				int e_ = errno;
				closedir(d);
				release_all(t, n);
				free(t);
				char hint[256] = "";
				if (e_ == EPERM)
					ptrace_hint(pid, hint, sizeof hint);
				return set_error(
				    err, MIGCHECK_ERR_UNSUPPORTED,
				    "process %d: may not trace it: %s%s", pid,
				    strerror(e_), hint);
			}
			t[n++] = (struct seized){tid, 0};
			grew = true;
		}
		closedir(d);
	}
	*out = t;
	*count = n;
	return MIGCHECK_OK;
}

/* Field 22 of /proc/PID/stat, after the parenthesised command name. */
static int read_start_time(pid_t pid, uint64_t *out)
{
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char *got = fgets(line, sizeof line, f);
	fclose(f);
	char *p = got ? strrchr(line, ')') : NULL;
	if (!p)
		return -1;
	for (int field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	return p && sscanf(p, " %" SCNu64, out) == 1 ? 0 : -1;
}

bool proc_still_running(const struct proc_snapshot *s)
{
	uint64_t t;
	char state = '?';
	struct proc_snapshot probe = {0};
	return read_start_time(s->pid, &t) == 0 && t == s->start_time &&
	       read_status(s->pid, &state, &probe) == 0 && state != 'Z' &&
	       state != 'X';
}

const struct proc_mapping *proc_mapping_at(const struct proc_snapshot *s,
					   uint64_t address)
{
	size_t lo = 0, hi = s->map_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->maps[mid].end <= address)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->map_count && s->maps[lo].start <= address ? &s->maps[lo]
								 : NULL;
}

/* glibc's x86-64 TCB (tcbhead_t): tcb and self, at fs:0 and fs:0x10,
 * point to itself, and pointer_guard is at fs:0x30. A thread of another
 * runtime (Go's, without libc) has no such TCB: its fs:0x30 is anything,
 * and demangling with it would make random roots. */
static bool read_pointer_guard(pid_t pid, const struct proc_thread *th,
			       uint64_t *guard)
{
	uint64_t tcb[7];
	if (!th->fs_base ||
	    proc_read(pid, th->fs_base, tcb, sizeof tcb) != sizeof tcb ||
	    tcb[0] != th->fs_base || tcb[2] != th->fs_base)
		return false;
	*guard = tcb[6];
	return true;
}

/* A Go thread runs a goroutine whose stack is a piece of the heap arena:
 * its g, at fs:-8 on linux/amd64 (the runtime's TLS slot when not linked
 * with cgo), starts with the stack's bounds, g.stack.lo and .hi
 * (runtime/runtime2.go). Taken only where they hold rsp inside its
 * mapping: a cgo thread's fs:-8 is something else, and its stack is a
 * thread stack of its own. */
static bool go_stack(const struct proc_snapshot *s,
		     const struct proc_thread *th, const struct proc_mapping *m,
		     uint64_t bounds[2])
{
	uint64_t g;
	return th->fs_base > 8 &&
	       proc_read(s->pid, th->fs_base - 8, &g, 8) == 8 && g &&
	       proc_read(s->pid, g, bounds, 16) == 16 && bounds[0] <= th->rsp &&
	       th->rsp < bounds[1] && bounds[0] >= m->start &&
	       bounds[1] <= m->end;
}

/* The live stack: its values are only consistent while stopped. The
 * 128-byte red zone below rsp may hold a leaf function's locals. */
static void copy_stack(const struct proc_snapshot *s, struct proc_thread *th,
		       unsigned flags)
{
	const struct proc_mapping *m = proc_mapping_at(s, th->rsp);
	if (!m || !m->readable)
		return;
	uint64_t from = th->rsp - 128 < m->start ? m->start : th->rsp - 128;
	uint64_t to = m->end, bounds[2];
	if ((flags & PROC_GO) && go_stack(s, th, m, bounds)) {
		th->stack_bounded = true;
		th->stack_low = bounds[0];
		if (from < bounds[0])
			from = bounds[0];
		to = bounds[1];
	}
	if (to - from > PROC_STACK_MAX) {
		to = from + PROC_STACK_MAX;
		th->stack_truncated = true;
	}
	th->stack = malloc(to - from);
	if (!th->stack)
		return;
	th->stack_start = from;
	th->stack_size = proc_read(s->pid, from, th->stack, to - from);
	th->stack_complete = th->stack_size == to - from;
}

static void read_thread(struct proc_thread *th)
{
	struct user_regs_struct regs;
	_Static_assert(sizeof regs == sizeof th->registers,
		       "user_regs_struct is 27 words on x86-64");
	if (ptrace(PTRACE_GETREGS, th->tid, NULL, &regs) == 0) {
		th->rip = regs.rip;
		th->rsp = regs.rsp;
		th->rbp = regs.rbp;
		th->fs_base = regs.fs_base;
		memcpy(th->registers, &regs, sizeof regs);
	}
	static unsigned char xsave[XSAVE_BUFFER_SIZE];
	struct iovec iov = {xsave, sizeof xsave};
	if (ptrace(PTRACE_GETREGSET, th->tid, (void *)NT_X86_XSTATE, &iov) ==
		0 &&
	    iov.iov_len >= XSTATE_BV_OFFSET + 8) {
		memcpy(&th->xstate_bv, xsave + XSTATE_BV_OFFSET, 8);
		th->have_xstate = true;
	}
}

int proc_snapshot(pid_t pid, unsigned flags, struct proc_snapshot **out,
		  migcheck_error *err)
{
	struct proc_snapshot *s = calloc(1, sizeof *s);
	if (!s)
		return set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
	s->pid = pid;
	char state;
	int rc = MIGCHECK_OK;
	if (pid <= 0 || read_status(pid, &state, s) != 0 ||
	    read_start_time(pid, &s->start_time) != 0)
		rc = set_error(err, MIGCHECK_ERR_IO,
			       "process %d: no such process", pid);
	else if (state == 'Z' || state == 'X')
		rc = set_error(err, MIGCHECK_ERR_UNSUPPORTED,
			       "process %d: a zombie; it runs no code", pid);
	if (rc == MIGCHECK_OK)
		rc = read_maps(s, err);
	if (rc == MIGCHECK_OK && s->map_count == 0)
		rc = set_error(err, MIGCHECK_ERR_UNSUPPORTED,
			       "process %d: a kernel thread (no user memory)",
			       pid);
	if (rc == MIGCHECK_OK)
		rc = check_elf_class(s, err);

	struct seized *t = NULL;
	size_t n = 0;
	uint64_t start = now_ns();
	if (rc == MIGCHECK_OK)
		rc = seize_threads(pid, 0, &t, &n, err);
	if (rc == MIGCHECK_OK) {
		for (size_t i = 0; i < n; i++)
			ptrace(PTRACE_INTERRUPT, t[i].tid, NULL, NULL);
		s->threads = calloc(n ? n : 1, sizeof *s->threads);
		for (size_t i = 0; s->threads && i < n; i++) {
			if (wait_stopped(&t[i]) != 0)
				continue; /* it exited meanwhile */
			struct proc_thread *th = &s->threads[s->thread_count++];
			th->tid = t[i].tid;
			read_thread(th);
			if (flags & PROC_STACKS)
				copy_stack(s, th, flags);
			if (!s->have_pointer_guard)
				s->have_pointer_guard = read_pointer_guard(
				    pid, th, &s->pointer_guard);
		}
		release_all(t, n);
		s->pause_ns = now_ns() - start;
		if (!s->threads)
			rc =
			    set_error(err, MIGCHECK_ERR_NOMEM, "out of memory");
		else if (s->thread_count == 0)
			rc = set_error(err, MIGCHECK_ERR_IO,
				       "process %d: exited during the scan",
				       pid);
	}
	free(t);
	if (rc) {
		proc_snapshot_free(s);
		return rc;
	}
	*out = s;
	return MIGCHECK_OK;
}

int proc_maps(pid_t pid, struct proc_mapping **maps, size_t *count,
	      migcheck_error *err)
{
	struct proc_snapshot s = {.pid = pid};
	int rc = read_maps(&s, err);
	if (rc) {
		free(s.maps);
		return rc;
	}
	*maps = s.maps;
	*count = s.map_count;
	return MIGCHECK_OK;
}

int proc_seize(pid_t pid, unsigned long options, pid_t **tids, size_t *count,
	       migcheck_error *err)
{
	struct seized *t;
	size_t n;
	int rc = seize_threads(pid, options, &t, &n, err);
	if (rc)
		return rc;
	pid_t *out = malloc((n ? n : 1) * sizeof *out);
	if (!out) {
		release_all(t, n);
		free(t);
		return set_error(err, MIGCHECK_ERR_NOMEM,
				 "process %d: out of memory", pid);
	}
	for (size_t i = 0; i < n; i++)
		out[i] = t[i].tid;
	free(t);
	*tids = out;
	*count = n;
	return MIGCHECK_OK;
}

void proc_snapshot_free(struct proc_snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->thread_count; i++)
		free(s->threads[i].stack);
	free(s->maps);
	free(s->threads);
	free(s);
}

size_t proc_read(pid_t pid, uint64_t address, void *buf, size_t size)
{
	struct iovec local = {buf, size};
	struct iovec remote = {(void *)(uintptr_t)address, size};
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)size)
		return size;
	/* Partial or refused: /proc/PID/mem reads what is mapped. */
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/mem", pid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return n > 0 ? (size_t)n : 0;
	size_t done = 0;
	while (done < size) {
		ssize_t r = pread(fd, (char *)buf + done, size - done,
				  (off_t)(address + done));
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	close(fd);
	return done;
}

int proc_open_mapped_file(pid_t pid, const struct proc_mapping *m)
{
	if (!m->inode)
		return -1;
	char path[96];
	snprintf(path, sizeof path, "/proc/%d/map_files/%" PRIx64 "-%" PRIx64,
		 pid, m->start, m->end);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && m->path[0] == '/')
		fd = open(m->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 &&
	    (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_ino != m->inode ||
	     major(st.st_dev) != m->dev_major ||
	     minor(st.st_dev) != m->dev_minor)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Pagemap bits (Documentation/admin-guide/mm/pagemap.rst). */
#define PAGE_PRESENT (1ull << 63)
#define PAGE_SWAPPED (1ull << 62)
#define PAGE_FILE    (1ull << 61) /* file page or shared anonymous */

/* A present page that is not a file page is the process's private copy;
 * a swapped one was too (file pages are dropped, not swapped). */
static bool private_page(uint64_t entry)
{
	return (entry & PAGE_PRESENT && !(entry & PAGE_FILE)) ||
	       entry & PAGE_SWAPPED;
}

/* Maps [m->offset, + size) of the file privately and copies in the pages
 * that are no longer the file's. False when that cannot be done. */
static bool map_from_file(pid_t pid, const struct proc_mapping *m, int fd,
			  struct proc_code *out)
{
	size_t size = m->end - m->start, pages = size / 4096;
	struct stat st;
	/* Past the end of the file a mapping holds no file pages, and
	 * touching them through our own mapping would raise SIGBUS. */
	if (fd < 0 || !size || m->start % 4096 || size % 4096 ||
	    fstat(fd, &st) ||
	    m->offset + size > ((uint64_t)st.st_size + 4095) / 4096 * 4096)
		return false;
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/pagemap", pid);
	int pm = open(path, O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		return false;
	uint64_t *entries = malloc(pages * sizeof *entries);
	bool ok = entries &&
		  pread(pm, entries, pages * 8, (off_t)(m->start / 4096 * 8)) ==
		      (ssize_t)(pages * 8);
	close(pm);
	void *p = ok ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
			    (off_t)m->offset)
		     : MAP_FAILED;
	if (p == MAP_FAILED) {
		free(entries);
		return false;
	}
	/* Populated, read-only until a private page is copied in: the code
	 * cache's key hashes it all, and the path method's handler roots
	 * search it all (util/memory.h). */
	madvise(p, size, MADV_POPULATE_READ);
	*out = (struct proc_code){.bytes = p, .length = size, .mapped = true};
	/* Runs of private pages are copied from memory; the first page that
	 * cannot be read ends the readable part, as with a plain read. */
	size_t readable = size;
	for (size_t i = 0; i < pages && readable == size;) {
		if (!private_page(entries[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < pages && private_page(entries[j]))
			j++;
		size_t want = (j - i) * 4096;
		size_t got = proc_read(pid, m->start + i * 4096,
				       out->bytes + i * 4096, want);
		out->private_pages += j - i;
		if (got < want)
			readable = i * 4096 + got;
		i = j;
	}
	out->size = readable;
	free(entries);
	return true;
}

int proc_read_code(pid_t pid, const struct proc_mapping *m,
		   struct proc_code *out)
{
	int fd = proc_open_mapped_file(pid, m);
	if (map_from_file(pid, m, fd, out)) {
		out->fd = fd;
		return 0;
	}
	size_t size = m->end - m->start;
	*out = (struct proc_code){
	    .bytes = malloc(size ? size : 1), .length = size, .fd = fd};
	if (!out->bytes) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	out->size = proc_read(pid, m->start, out->bytes, size);
	out->private_pages = (size + 4095) / 4096;
	return 0;
}

void proc_code_free(struct proc_code *c)
{
	if (c->mapped)
		munmap(c->bytes, c->length);
	else
		free(c->bytes);
	if (c->fd >= 0)
		close(c->fd);
	c->bytes = NULL;
	c->fd = -1;
}

size_t proc_cached_read(struct proc_page_cache *c, uint64_t address, void *buf,
			size_t size)
{
	if (!c->pages &&
	    !(c->pages = calloc(PROC_CACHE_PAGES, sizeof *c->pages)))
		return proc_read(c->pid, address, buf, size);
	size_t done = 0;
	while (done < size) {
		uint64_t a = address + done, page = a & ~(uint64_t)4095;
		struct proc_cached_page *p =
		    &c->pages[(page / 4096) % PROC_CACHE_PAGES];
		if (p->page != page + 1) {
			p->page = page + 1;
			p->got = proc_read(c->pid, page, p->bytes, 4096);
		}
		size_t at = a - page, n = size - done;
		if (n > 4096 - at)
			n = 4096 - at;
		if (at >= p->got)
			break;
		if (n > p->got - at)
			n = p->got - at;
		memcpy((uint8_t *)buf + done, p->bytes + at, n);
		done += n;
		if (at + n < 4096)
			break; /* the rest of this page is unreadable */
	}
	return done;
}

void proc_page_cache_free(struct proc_page_cache *c)
{
	free(c->pages);
	c->pages = NULL;
}

size_t proc_read_populated(const struct proc_snapshot *s,
			   const struct proc_mapping *m, bool all_pages,
			   uint8_t *buf, proc_chunk_fn fn, void *ctx)
{
	uint64_t entries[PROC_CHUNK_PAGES];
	size_t lost = 0;
	int pagemap = -1;
	if (!all_pages) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/pagemap", s->pid);
		pagemap = open(path, O_RDONLY | O_CLOEXEC);
	}
	for (uint64_t at = m->start; at < m->end;) {
		size_t pages = (size_t)((m->end - at) / 4096);
		if (pages > PROC_CHUNK_PAGES)
			pages = PROC_CHUNK_PAGES;
		bool known = pagemap >= 0 && pread(pagemap, entries, pages * 8,
						   (off_t)(at / 4096 * 8)) ==
						 (ssize_t)(pages * 8);
		/* Runs of pages that may hold data: bit 63 present, bit 62
		 * swapped (Documentation/admin-guide/mm/pagemap.rst). */
		for (size_t i = 0; i < pages;) {
			size_t j = i;
			while (j < pages && (!known || entries[j] >> 62))
				j++;
			if (j > i) {
				uint64_t from = at + i * 4096;
				size_t size = (j - i) * 4096;
				size_t got = proc_read(s->pid, from, buf, size);
				lost += size - got;
				fn(ctx, from, buf, got);
			}
			i = j + 1;
		}
		at += pages * 4096;
	}
	if (pagemap >= 0)
		close(pagemap);
	return lost;
}
