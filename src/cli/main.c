/* migcheck: git-style subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"host", cmd_host, "print this machine's CPU profile"},
    {"catalog", cmd_catalog, "list the destinations of a catalog"},
    {"scan", cmd_scan, "what a running process needs from a CPU"},
    {"check", cmd_check,
     "check a workload's requirements against destinations"},
    {"watch", cmd_watch, "which ISA sets a running process really executes"},
    {"compare", cmd_compare,
     "what each policy allows for a running process, side by side"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: migcheck [--version] [--help] <command> [<args>]\n"
		     "\nCan this workload live-migrate to that x86-64 host?\n"
		     "\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n'migcheck <command> --help' describes a command.\n"
		     "Exit status: 0 success, 1 incompatible (check --to), "
		     "2 error.\n");
}

int cli_fail(const migcheck_error *err)
{
	fprintf(stderr, "migcheck: %s\n", err->message);
	return EXIT_ERROR;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "migcheck %s: ", command);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, " (see 'migcheck %s --help')\n", command);
	va_end(ap);
	return EXIT_ERROR;
}

int cli_load_catalog(char **paths, int count, migcheck_catalog **out)
{
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	if (!c) {
		fprintf(stderr, "migcheck: out of memory\n");
		return EXIT_ERROR;
	}
	int rc = count ? MIGCHECK_OK : migcheck_catalog_add_default(c, &err);
	for (int i = 0; rc == MIGCHECK_OK && i < count; i++)
		rc = migcheck_catalog_add_path(c, paths[i], &err);
	if (rc != MIGCHECK_OK) {
		migcheck_catalog_free(c);
		return cli_fail(&err);
	}
	*out = c;
	return EXIT_OK;
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Progress on a terminal's stderr: one line, redrawn at most ten times a
 * second, and only once the work has gone on for half a second, so that
 * quick commands print nothing; gone when the work is over. */
static void show_progress(void *ctx, const char *phase, unsigned long long done,
			  unsigned long long total)
{
	static double started, drawn;
	static bool shown;
	(void)ctx;
	double now = seconds();
	if (!phase) {
		if (shown)
			fputs("\r\033[K", stderr);
		shown = false;
		started = 0;
		return;
	}
	if (!started)
		started = now;
	if (now - started < 0.5 || now - drawn < 0.1)
		return;
	drawn = now;
	shown = true;
	if (total)
		fprintf(stderr, "\r\033[Kmigcheck: %s: %llu of %llu", phase,
			done, total);
	else if (done)
		fprintf(stderr, "\r\033[Kmigcheck: %s: %llu", phase, done);
	else
		fprintf(stderr, "\r\033[Kmigcheck: %s...", phase);
	fflush(stderr);
}

int main(int argc, char **argv)
{
	if (isatty(STDERR_FILENO))
		migcheck_set_progress(show_progress, NULL);
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("migcheck %s\n", migcheck_version());
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "migcheck: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_ERROR;
}
