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
	unsigned dev_major, dev_minor; /* of the file mapped, 0 if none */
	uint64_t inode;
	char path[512]; /* "" for anonymous; "[vdso]", "[heap]", ... */
};

#define PROC_REGISTER_COUNT 27 /* struct user_regs_struct, as words */

struct proc_thread {
	pid_t tid;
	uint64_t rip, rsp, rbp, fs_base;
	uint64_t registers[PROC_REGISTER_COUNT]; /* every general register */
	uint64_t xstate_bv; /* XSAVE header: components in use */
	bool have_xstate;
	/* With PROC_STACKS: the live part of its stack, copied while it was
	 * stopped: from the red zone below rsp to the end of the mapping. */
	uint8_t *stack;
	uint64_t stack_start;
	size_t stack_size;
	bool stack_truncated; /* longer than PROC_STACK_MAX */
	bool stack_complete;  /* every byte up to the end (or the cap) read */
	/* With PROC_GO: the stack's bounds came from the Go runtime (the
	 * goroutine's g), not from its mapping, which is heap: the stack is
	 * [stack_low, stack_start + stack_size), read from the red zone */
	bool stack_bounded;
	uint64_t stack_low;
};

#define PROC_STACK_MAX (8u << 20)

/* What to copy while the threads are stopped, besides registers. */
enum proc_snapshot_flags {
	PROC_STACKS = 1, /* each thread's live stack */
	/* the executable is Go: a thread's stack may be a goroutine's, in
	 * the heap arena, bounded by its g (linux/amd64: at fs:-8) */
	PROC_GO = 2,
};

struct proc_snapshot {
	pid_t pid;
	struct proc_mapping *maps;
	size_t map_count;
	struct proc_thread *threads;
	size_t thread_count;
	char exe[512];
	char shadow_stack[64];	 /* x86_Thread_features in /proc/PID/status */
	uint64_t signals_caught; /* SigCgt: signals with a handler */
	/* glibc's pointer guard (PTR_MANGLE), read at fs:0x30 */
	uint64_t pointer_guard;
	bool have_pointer_guard;
	uint64_t start_time; /* /proc/PID/stat field 22: tells PID reuse */
	uint64_t pause_ns;   /* how long the threads were stopped */
};

/* Stops every thread, reads registers and XSAVE state, and lets them run
 * again. On every error path the target is left running.
 * @return MIGCHECK_OK, MIGCHECK_ERR_IO (no such process, vanished),
 *         MIGCHECK_ERR_UNSUPPORTED (kernel thread, zombie, 32-bit,
 *         not permitted to trace). */
int proc_snapshot(pid_t pid, unsigned flags, struct proc_snapshot **out,
		  migcheck_error *err);
void proc_snapshot_free(struct proc_snapshot *s);

/* The process's mappings now, sorted; err may be NULL. */
int proc_maps(pid_t pid, struct proc_mapping **maps, size_t *count,
	      migcheck_error *err);

/* PTRACE_SEIZEs every thread of `pid` with `options`, again until no new
 * thread appeared meanwhile; nothing is stopped. Same errors as
 * proc_snapshot; on error nothing stays seized. */
int proc_seize(pid_t pid, unsigned long options, pid_t **tids, size_t *count,
	       migcheck_error *err);

/* Reads target memory: process_vm_readv, else /proc/PID/mem. Returns the
 * number of bytes read (a short count at an unreadable page). */
size_t proc_read(pid_t pid, uint64_t address, void *buf, size_t size);

/* The file behind mapping m, opened read-only: /proc/PID/map_files,
 * which names the very file mapped even if it was deleted or replaced
 * since, else its path when the device and inode match. -1 otherwise. */
int proc_open_mapped_file(pid_t pid, const struct proc_mapping *m);

/* The bytes of mapping m as the process sees them. For a file mapping
 * (the file from proc_open_mapped_file, kept open in fd), pages the
 * process never wrote to are mapped from the file: /proc/PID/pagemap shows they
 * are still the file's page-cache pages. Pages it holds a private copy of
 * (patched code, a debugger's breakpoints) and all other mappings are copied
 * from memory. */
struct proc_code {
	uint8_t *bytes;
	size_t size;	      /* bytes readable from the start */
	size_t length;	      /* of the buffer */
	bool mapped;	      /* bytes is mmap'ed, else malloc'ed */
	size_t private_pages; /* pages copied from memory */
	int fd;		      /* the file mapped, or -1 */
};
/* Returns 0, or -1 when out of memory (nothing to free). */
int proc_read_code(pid_t pid, const struct proc_mapping *m,
		   struct proc_code *out);
void proc_code_free(struct proc_code *c);

/* Scattered small reads (GOT slots, jump tables) through a cache of
 * whole pages: one system call per page instead of one per read. Pages
 * that cannot be read are remembered as such. */
#define PROC_CACHE_PAGES 256
struct proc_page_cache {
	pid_t pid;
	struct proc_cached_page {
		uint64_t page; /* address + 1; 0: empty */
		size_t got;    /* bytes of it that could be read */
		uint8_t bytes[4096];
	} * pages;
};
/* Returns the number of bytes read, as proc_read. */
size_t proc_cached_read(struct proc_page_cache *c, uint64_t address, void *buf,
			size_t size);
void proc_page_cache_free(struct proc_page_cache *c);

/* Whether the process of the snapshot still runs (not exited, not a new
 * process that reused its PID). */
bool proc_still_running(const struct proc_snapshot *s);

/* The mapping containing `address`, or NULL (maps are sorted). */
const struct proc_mapping *proc_mapping_at(const struct proc_snapshot *s,
					   uint64_t address);

/* Calls fn for each run of readable pages of mapping m, read into `buf`
 * (PROC_CHUNK_SIZE bytes, the caller's, so that it is faulted in once for
 * all the mappings read). Unless all_pages, only the pages present or
 * swapped out, as /proc/PID/pagemap tells: the process never touched the
 * others (anonymous ones are still zero). Returns the number of bytes
 * that could not be read. */
#define PROC_CHUNK_PAGES 256
#define PROC_CHUNK_SIZE	 (PROC_CHUNK_PAGES * 4096)
typedef void (*proc_chunk_fn)(void *ctx, uint64_t address, const uint8_t *bytes,
			      size_t size);
size_t proc_read_populated(const struct proc_snapshot *s,
			   const struct proc_mapping *m, bool all_pages,
			   uint8_t *buf, proc_chunk_fn fn, void *ctx);

#endif
