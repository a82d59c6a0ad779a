/* migcheck compare: every policy's answer for one running workload. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

static const char compare_help[] =
    "usage: migcheck compare PID [--catalog PATH]... [--watch DURATION]\n"
    "                        [--verbose] [--json]\n"
    "\nShows, per group of identical destinations, what each policy\n"
    "allows for the running process:\n"
    "  criu-fpu-ins  CRIU's default --cpu-cap, on this (the source) host\n"
    "  criu-cpu      --cpu-cap=cpu: every capability word equal\n"
    "  full          migcheck scan --method full\n"
    "  path          migcheck scan --method path\n"
    "  observed      with --watch: what the process executed meanwhile, a\n"
    "                lower bound on what it needs\n"
    "The summary gives each policy's compatible destinations and its\n"
    "recall against the observed bound. A destination that full or path\n"
    "allows and the observation refuses is a soundness failure: it is\n"
    "printed with its evidence and the exit status is 1.\n"
    "\n  --catalog PATH    destinations (default: libvirt's x86 models)\n"
    "  --watch DURATION  watch the process that long after the scans\n"
    "                    (30s, 5m, ...; SIGINT ends it early)\n"
    "  --verbose         every member of a group, whole warnings\n"
    "  --json            schema migcheck/comparison/v1\n"
    "\nexample:\n"
    "  migcheck compare $(pidof redis-server) --watch 30s \\\n"
    "      --catalog aws-instance-isa-sets.csv\n";

int cmd_compare(int argc, char **argv)
{
	static const struct option options[] = {
	    {"catalog", required_argument, 0, 'c'},
	    {"watch", required_argument, 0, 'w'},
	    {"json", no_argument, 0, 'j'},
	    {"verbose", no_argument, 0, 'v'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	char *paths[64];
	int path_count = 0;
	unsigned watch_ms = 0, flags = 0;
	bool json = false, watch = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'c' && path_count < 64)
			paths[path_count++] = optarg;
		else if (c == 'w') {
			if (cli_parse_duration(optarg, &watch_ms) < 0)
				return cli_usage_error(
				    "compare", "bad duration '%s'", optarg);
			watch = true;
		} else if (c == 'j')
			json = true;
		else if (c == 'v')
			flags |= MIGCHECK_REPORT_VERBOSE;
		else if (c == 'h')
			return fputs(compare_help, stdout), EXIT_OK;
		else
			return cli_usage_error("compare", "bad option");
	}
	int pid;
	if (argc - optind != 1 || cli_parse_pid(argv[optind], &pid) < 0)
		return cli_usage_error("compare", "give one PID");

	migcheck_catalog *cat = NULL;
	int status = cli_load_catalog(paths, path_count, &cat);
	if (status != EXIT_OK)
		return status;
	migcheck_requirements *full = NULL, *path = NULL, *observed = NULL;
	migcheck_comparison *cmp = NULL;
	migcheck_error err;
	int stop_fd = watch ? cli_stop_fd() : -1;
	if (migcheck_scan(pid, MIGCHECK_SCAN_FULL, &full, &err) ||
	    migcheck_scan(pid, MIGCHECK_SCAN_PATH, &path, &err) ||
	    (watch &&
	     migcheck_watch(pid, watch_ms, stop_fd, &observed, &err)) ||
	    migcheck_compare(full, path, observed, cat, &cmp, &err))
		status = cli_fail(&err);
	if (stop_fd >= 0)
		close(stop_fd);
	if (status == EXIT_OK) {
		int rc =
		    json ? migcheck_report_comparison_json(stdout, cmp)
			 : migcheck_report_comparison_text(stdout, cmp, flags);
		if (rc != MIGCHECK_OK)
			status = EXIT_ERROR;
		else if (migcheck_comparison_failures(cmp)) {
			fprintf(stderr,
				"migcheck: SOUNDNESS FAILURE: %zu destinations "
				"allowed by a static method were refused by "
				"what process %d executed\n",
				migcheck_comparison_failures(cmp), pid);
			status = EXIT_NO;
		}
	}
	migcheck_comparison_free(cmp);
	migcheck_requirements_free(observed);
	migcheck_requirements_free(path);
	migcheck_requirements_free(full);
	migcheck_catalog_free(cat);
	return status;
}
