/* migcheck watch: which ISA sets a running process really executes. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cli/cli.h"

static const char watch_help[] =
    "usage: migcheck watch PID --for DURATION [--verbose] [--json]\n"
    "\nObserves which non-baseline ISA sets the running process executes\n"
    "from now until DURATION ends, the process exits, or migcheck gets\n"
    "SIGINT or SIGTERM. An int3 is planted at each such instruction and\n"
    "removed at its first hit, so the process runs at native speed. Its\n"
    "signals are passed on; new threads, dlopen'd libraries and JIT code\n"
    "are followed. Every int3 left is removed on the way out.\n"
    "\n  --for DURATION  30, 30s, 500ms, 5m or 1h\n"
    "  --json          the requirements (schema migcheck/requirements/v1)\n"
    "                  marked \"observed\": true, which 'migcheck check'\n"
    "                  reads\n"
    "  --verbose       whole lines\n"
    "\nexample:\n"
    "  migcheck watch $(pidof redis-server) --for 30s --json > seen.json\n";

int cli_parse_duration(const char *arg, unsigned *ms)
{
	char *end;
	double v = strtod(arg, &end);
	double scale = !strcmp(end, "ms")	    ? 1
		       : !strcmp(end, "s") || !*end ? 1000
		       : !strcmp(end, "m")	    ? 60000
		       : !strcmp(end, "h")	    ? 3600000
						    : -1;
	if (end == arg || scale < 0 || !(v >= 0) || v * scale > 4e9)
		return -1;
	*ms = (unsigned)(v * scale);
	return 0;
}

/* SIGINT, SIGTERM and SIGHUP end the watch cleanly: they are read from
 * a signalfd that the library polls. */
int cli_stop_fd(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

int cmd_watch(int argc, char **argv)
{
	static const struct option options[] = {
	    {"for", required_argument, 0, 'f'},
	    {"json", no_argument, 0, 'j'},
	    {"verbose", no_argument, 0, 'v'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	bool json = false, have_duration = false;
	unsigned flags = 0;
	unsigned duration = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'v')
			flags |= MIGCHECK_REPORT_VERBOSE;
		else if (c == 'f') {
			if (cli_parse_duration(optarg, &duration) < 0)
				return cli_usage_error(
				    "watch", "bad duration '%s'", optarg);
			have_duration = true;
		} else if (c == 'h')
			return fputs(watch_help, stdout), EXIT_OK;
		else
			return cli_usage_error("watch", "bad option");
	}
	int pid;
	if (argc - optind != 1 || cli_parse_pid(argv[optind], &pid) < 0)
		return cli_usage_error("watch", "give one PID");
	if (!have_duration)
		return cli_usage_error("watch", "give --for DURATION");
	migcheck_requirements *r;
	migcheck_error err;
	int stop_fd = cli_stop_fd();
	int rc = migcheck_watch(pid, duration, stop_fd, &r, &err);
	if (stop_fd >= 0)
		close(stop_fd);
	if (rc != MIGCHECK_OK)
		return cli_fail(&err);
	rc = json ? migcheck_report_requirements_json(stdout, r)
		  : migcheck_report_requirements_text(stdout, r, flags);
	migcheck_requirements_free(r);
	return rc == MIGCHECK_OK ? EXIT_OK : EXIT_ERROR;
}
