/* Scanning live fixture processes through the library, so that the scan
 * code runs under ASan and UBSan too (the e2e tests run the plain CLI). */
#include <signal.h>
#include <sys/wait.h>

#include "test_util.h"

#include "analysis/requirements.h"

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

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_function_pointer_is_reached,
				      teardown),
	    cmocka_unit_test_teardown(test_never_called_is_not_reached,
				      teardown),
	    cmocka_unit_test_teardown(test_vanished_process, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
