/* migcheck host: this machine's CPU profile. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

static const char host_help[] =
    "usage: migcheck host [--json]\n"
    "\nPrints this machine's CPU profile: vendor and model, XCR0 and XSAVE\n"
    "sizes, the CPUID flags (Linux /proc/cpuinfo names) and the ISA sets\n"
    "(Intel XED names) that user code can use here.\n"
    "\n  --json   the whole profile, raw CPUID included (schema\n"
    "           migcheck/profile/v1, docs/profile.md); save it to use\n"
    "           this host as a destination or with check --like-host\n"
    "\nexample:\n"
    "  migcheck host --json > this-host.json\n";

int cmd_host(int argc, char **argv)
{
	static const struct option options[] = {
	    {"json", no_argument, 0, 'j'},
	    {"requirements", no_argument, 0, 'r'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	enum { TEXT, JSON, REQUIREMENTS } format = TEXT;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'j')
			format = JSON;
		else if (c == 'r')
			format = REQUIREMENTS;
		else if (c == 'h')
			return fputs(host_help, stdout), EXIT_OK;
		else
			return cli_usage_error("host", "bad option");
	}
	if (optind < argc)
		return cli_usage_error("host", "unexpected argument '%s'",
				       argv[optind]);
	migcheck_profile *p;
	migcheck_requirements *r = NULL;
	migcheck_error err;
	if (migcheck_host_collect(&p, &err) != MIGCHECK_OK)
		return cli_fail(&err);
	int rc;
	if (format == REQUIREMENTS) {
		rc = migcheck_requirements_from_profile(p, &r, &err);
		if (rc == MIGCHECK_OK)
			rc = migcheck_report_requirements_json(stdout, r);
		else
			cli_fail(&err);
	} else {
		rc = format == JSON ? migcheck_report_profile_json(stdout, p)
				    : migcheck_report_profile_text(stdout, p);
	}
	migcheck_requirements_free(r);
	migcheck_profile_free(p);
	return rc == MIGCHECK_OK ? EXIT_OK : EXIT_ERROR;
}
