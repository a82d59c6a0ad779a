/* Shared helpers for the cmocka unit tests. Tests run from the project
 * root (make unit), so paths are relative to it. */
#ifndef MIGCHECK_TEST_UTIL_H
#define MIGCHECK_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define AWS_DATASET	"../shared/datasets/aws-instance-isa-sets"
#define LIBVIRT_CPU_MAP "/usr/share/libvirt/cpu_map"

/* Writes `text` to a new temporary file with the given suffix; returns its
 * path (static buffer per call site is the caller's). */
static inline void write_temp(char *path, size_t size, const char *suffix,
			      const char *text)
{
	snprintf(path, size, "/tmp/migcheck-test-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	size_t len = strlen(text);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

/* A dataset of ../shared/datasets: under CI (CI=true), which lays
 * shared/ beside the clone, a missing one is a failure; else a skip. */
#define REQUIRE_DATASET(p)                                                     \
	do {                                                                   \
		const char *ci_ = getenv("CI");                                \
		if (access((p), R_OK) != 0 && ci_ && !strcmp(ci_, "true"))     \
			fail_msg("%s is missing (CI=true)", (p));              \
		REQUIRE_PATH(p);                                               \
	} while (0)

/* Skips the test with a reason when a path is missing. */
#define REQUIRE_PATH(p)                                                        \
	do {                                                                   \
		if (access((p), R_OK) != 0) {                                  \
			print_message("skipped: %s is missing\n", (p));        \
			skip();                                                \
		}                                                              \
	} while (0)

#endif
