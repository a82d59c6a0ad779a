/* migcheck scan: what a running process needs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char scan_help[] =
    "usage: migcheck scan PID [--method path|full] [--verbose] [--json]\n"
    "\nAnalyses a running process: the ISA sets its code uses that this\n"
    "host can execute, the CPU state it holds (XSAVE components in use,\n"
    "CET shadow stack, LA57 addresses), with evidence for each, and what\n"
    "could not be analysed. Its threads are stopped only while registers\n"
    "and stacks are read; the pause is reported.\n"
    "\n  --method path  (default) the instructions on paths the process can\n"
    "                 still execute: from its threads, stacks, code\n"
    "                 pointers in memory and signal handlers\n"
    "  --method full  every instruction of every executable mapping\n"
    "  --verbose      how each instruction is reached (the chain from a\n"
    "                 thread, a pointer or a handler), whole lines\n"
    "  --json         the requirements (schema migcheck/requirements/v1),\n"
    "                 which 'migcheck check FILE' reads\n"
    "\nexample:\n"
    "  migcheck scan $(pidof redis-server) --json > redis.json\n";

int cli_parse_pid(const char *arg, int *pid)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || v <= 0 || v > 0x7fffffff)
		return -1;
	*pid = (int)v;
	return 0;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option options[] = {
	    {"method", required_argument, 0, 'm'},
	    {"json", no_argument, 0, 'j'},
	    {"verbose", no_argument, 0, 'v'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	bool json = false;
	unsigned flags = 0;
	int method = MIGCHECK_SCAN_PATH;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'v')
			flags |= MIGCHECK_REPORT_VERBOSE;
		else if (c == 'm' &&
			 (method = migcheck_scan_method_parse(optarg)) < 0)
			return cli_usage_error("scan", "unknown method '%s'",
					       optarg);
		else if (c == 'h')
			return fputs(scan_help, stdout), EXIT_OK;
		else if (c != 'm')
			return cli_usage_error("scan", "bad option");
	}
	int pid;
	if (argc - optind != 1 || cli_parse_pid(argv[optind], &pid) < 0)
		return cli_usage_error("scan", "give one PID");
	migcheck_requirements *r;
	migcheck_error err;
	if (migcheck_scan(pid, (enum migcheck_scan_method)method, &r, &err) !=
	    MIGCHECK_OK)
		return cli_fail(&err);
	int rc = json ? migcheck_report_requirements_json(stdout, r)
		      : migcheck_report_requirements_text(stdout, r, flags);
	migcheck_requirements_free(r);
	return rc == MIGCHECK_OK ? EXIT_OK : EXIT_ERROR;
}
