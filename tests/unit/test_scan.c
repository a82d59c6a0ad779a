/* Scanning live fixture processes through the library, so that the scan
 * code runs under ASan and UBSan too (the e2e tests run the plain CLI). */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "test_util.h"

#include "analysis/requirements.h"
#include "proc/proc.h"

static pid_t running; /* killed by the teardown if a test fails */

/* Starts a fixture with its stdout on a pipe; returns once it printed
 * "ready". */
static pid_t start_fixture(const char *path)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char line[16] = "";
	ssize_t n = read(fds[0], line, sizeof line - 1);
	running = pid;
	assert_true(n > 0 && !strncmp(line, "ready", 5));
	/* Leave the pipe open for writes: a closed reader would SIGPIPE it. */
	return pid;
}

static void stop_fixture(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	running = 0;
}

static int teardown(void **state)
{
	(void)state;
	if (running)
		stop_fixture(running);
	return 0;
}

static bool has(const migcheck_requirements *r, const char *isa)
{
	int i = isa_find(isa);
	assert_true(i >= 0);
	return feature_set_has(&r->isa_sets, (size_t)i);
}

static void scan_both(pid_t pid, migcheck_requirements **path,
		      migcheck_requirements **full)
{
	migcheck_error err;
	if (migcheck_scan(pid, MIGCHECK_SCAN_PATH, path, &err) != MIGCHECK_OK)
		fail_msg("path scan: %s", err.message);
	if (migcheck_scan(pid, MIGCHECK_SCAN_FULL, full, &err) != MIGCHECK_OK)
		fail_msg("full scan: %s", err.message);
	for (size_t i = 0; i < isa_count; i++)
		if (feature_set_has(&(*path)->isa_sets, i) &&
		    !feature_set_has(&(*full)->isa_sets, i))
			fail_msg("%s: path but not full", isa_table[i].name);
}

static void test_function_pointer_is_reached(void **state)
{
	(void)state;
	REQUIRE_PATH("build/fixtures/fnptr");
	pid_t pid = start_fixture("build/fixtures/fnptr");
	migcheck_requirements *path, *full;
	scan_both(pid, &path, &full);
	stop_fixture(pid);
	assert_true(has(path, "AES"));
	json_object *e, *chain;
	assert_true(json_object_object_get_ex(path->evidence, "AES", &e));
	assert_true(json_object_object_get_ex(e, "chain", &chain));
	assert_true(json_object_array_length(chain) >= 1);
	migcheck_requirements_free(path);
	migcheck_requirements_free(full);
}

static void test_never_called_is_not_reached(void **state)
{
	(void)state;
	REQUIRE_PATH("build/fixtures/avx2_loop");
	pid_t pid = start_fixture("build/fixtures/avx2_loop");
	migcheck_requirements *path, *full;
	scan_both(pid, &path, &full);
	stop_fixture(pid);
	assert_true(has(path, "AVX2"));
	assert_false(has(path, "AVX512_IFMA_512"));
	assert_true(has(full, "AVX512_IFMA_512"));
	migcheck_requirements_free(path);
	migcheck_requirements_free(full);
}

static void test_vanished_process(void **state)
{
	(void)state;
	REQUIRE_PATH("build/fixtures/avx2_loop");
	pid_t pid = start_fixture("build/fixtures/avx2_loop");
	stop_fixture(pid);
	migcheck_requirements *r;
	migcheck_error err;
	assert_int_equal(migcheck_scan(pid, MIGCHECK_SCAN_PATH, &r, &err),
			 MIGCHECK_ERR_IO);
	assert_non_null(strstr(err.message, "no such process"));
}

/* Whether the executable mapping of `path` in process pid holds the
 * same bytes as the file: no int3 left behind. */
static bool code_matches_file(pid_t pid, const char *path)
{
	char maps[64], line[1024], real[512];
	assert_non_null(realpath(path, real));
	snprintf(maps, sizeof maps, "/proc/%d/maps", pid);
	FILE *f = fopen(maps, "r");
	assert_non_null(f);
	bool same = false, found = false;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long start, end, offset;
		char perms[8], name[512] = "";
		if (sscanf(line, "%lx-%lx %7s %lx %*s %*s %511s", &start, &end,
			   perms, &offset, name) < 4 ||
		    perms[2] != 'x' || strcmp(name, real) != 0)
			continue;
		found = true;
		size_t size = end - start;
		unsigned char *live = malloc(size), *disk = calloc(size, 1);
		FILE *file = fopen(real, "rb");
		assert_true(live && disk && file);
		assert_int_equal(proc_read(pid, start, live, size), size);
		fseek(file, (long)offset, SEEK_SET);
		size_t got = fread(disk, 1, size, file);
		same = got > 0 && !memcmp(live, disk, got);
		fclose(file);
		free(live);
		free(disk);
	}
	fclose(f);
	assert_true(found);
	return same;
}

/* watch: what runs after attach is observed (main, a late thread, late
 * JIT code), and the code is the file's again afterwards. */
static void test_watch_sees_what_runs_after_attach(void **state)
{
	(void)state;
	REQUIRE_PATH("build/fixtures/watch_phases");
	pid_t pid = start_fixture("build/fixtures/watch_phases");
	pid_t signaller = fork();
	assert_true(signaller >= 0);
	if (signaller == 0) {
		usleep(1200000);
		kill(pid, SIGUSR1);
		_exit(0);
	}
	migcheck_requirements *r;
	migcheck_error err;
	int rc = migcheck_watch(pid, 3000, -1, &r, &err);
	waitpid(signaller, NULL, 0);
	if (rc)
		fail_msg("%s", err.message);
	assert_true(r->observed);
	assert_true(has(r, "AVX2"));
	assert_true(has(r, "GFNI"));
	assert_true(has(r, "AVX2GATHER"));
	assert_true(code_matches_file(pid, "build/fixtures/watch_phases"));
	assert_int_equal(kill(pid, 0), 0);
	migcheck_requirements_free(r);
	stop_fixture(pid);
}

/* Code the child patches in its own copy of this test binary: a page of
 * its own, so that patching leaves the other pages file pages. */
__attribute__((noinline, aligned(4096))) static int patch_site(void)
{
	__asm__ volatile(".fill 64, 1, 0x90");
	return 7;
}

static const unsigned char vpaddd[] = {0xc5, 0xfd, 0xfe, 0xc1};

/* proc_read_code: pages the process never wrote come from the file, its
 * private copies (patched code) from memory. */
static void test_code_read_from_file_and_patched_pages(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	uint8_t *site = (uint8_t *)(uintptr_t)patch_site;
	if (pid == 0) {
		void *page = (void *)((uintptr_t)site & ~(uintptr_t)4095);
		if (mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC))
			_exit(1);
		memcpy(site + 8, vpaddd, sizeof vpaddd);
		if (write(fds[1], "ready", 5) != 5)
			_exit(1);
		pause();
		_exit(0);
	}
	running = pid;
	char line[8];
	assert_int_equal(read(fds[0], line, 5), 5);
	struct proc_mapping *maps;
	size_t count;
	migcheck_error err;
	assert_int_equal(proc_maps(pid, &maps, &count, &err), MIGCHECK_OK);
	char self[512];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	assert_true(n > 0);
	self[n] = '\0';
	bool patched_seen = false, clean_seen = false;
	for (size_t i = 0; i < count; i++) {
		const struct proc_mapping *m = &maps[i];
		bool has_site = (uintptr_t)site - m->start < m->end - m->start;
		if (!m->executable || strcmp(m->path, self) != 0)
			continue;
		struct proc_code code;
		assert_int_equal(proc_read_code(pid, m, &code), 0);
		assert_true(code.mapped);
		assert_true(code.fd >= 0);
		assert_int_equal(code.size, m->end - m->start);
		if (has_site) {
			/* the private copy, with the child's patch */
			assert_true(code.private_pages >= 1);
			assert_memory_equal(
			    code.bytes + ((uintptr_t)site - m->start + 8),
			    vpaddd, sizeof vpaddd);
			patched_seen = true;
		}
		if (!has_site) {
			/* untouched: the file's bytes, which are ours too
			 * (the child has our layout) */
			assert_int_equal(code.private_pages, 0);
			assert_memory_equal(code.bytes,
					    (const void *)(uintptr_t)m->start,
					    code.size);
			clean_seen = true;
		}
		proc_code_free(&code);
	}
	free(maps);
	close(fds[0]);
	close(fds[1]);
	stop_fixture(pid);
	assert_true(patched_seen);
	assert_true(clean_seen);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_function_pointer_is_reached,
				      teardown),
	    cmocka_unit_test_teardown(test_never_called_is_not_reached,
				      teardown),
	    cmocka_unit_test_teardown(test_vanished_process, teardown),
	    cmocka_unit_test_teardown(test_watch_sees_what_runs_after_attach,
				      teardown),
	    cmocka_unit_test_teardown(
		test_code_read_from_file_and_patched_pages, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
