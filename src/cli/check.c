/* migcheck check: a workload's requirements against a catalog. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

static const char check_help[] =
    "usage: migcheck check (PID | REQUIREMENTS.json | --like-host PROFILE)\n"
    "                      [--catalog PATH]... [--policy NAME] [--to NAME]\n"
    "                      [--method path|full] [--groups] [--verbose]\n"
    "                      [--explain NAME] [--json]\n"
    "\nJudges every destination of the catalog: compatible, incompatible\n"
    "with the missing features named, or unknown (counts as incompatible).\n"
    "One line each, the summary last; for a process scanned here, the\n"
    "summary also gives what a host-level check of this host allows.\n"
    "\n  PID                 scan that running process first (see\n"
    "                      'migcheck scan --help'); --method path|full\n"
    "  REQUIREMENTS.json   what the workload needs (schema\n"
    "                      migcheck/requirements/v1, docs/requirements.md)\n"
    "  --like-host PROFILE the workload needs every feature of the host\n"
    "                      in PROFILE (from 'migcheck host --json'): the\n"
    "                      host-level check that today's tools do\n"
    "  --catalog PATH      destinations (see 'migcheck catalog --help');\n"
    "                      default: libvirt's x86 CPU models\n"
    "  --policy NAME       workload (default); criu-fpu, criu-ins,\n"
    "                      criu-fpu-ins (CRIU's default), criu-cpu: CRIU's\n"
    "                      --cpu-cap rules, which need --like-host and\n"
    "                      profile destinations (docs/policies.md)\n"
    "  --to NAME           exit 0 if destination NAME is compatible,\n"
    "                      1 if it is not or unknown, 2 on error\n"
    "  --groups            one line per group of identical destinations\n"
    "  --verbose           every missing feature, every group member\n"
    "  --explain NAME      then, why NAME is refused: each missing\n"
    "                      feature with an instruction that needs it\n"
    "  --json              machine-readable (schema migcheck/verdicts/v1)\n"
    "\nexamples:\n"
    "  migcheck check $(pidof redis-server) --explain Haswell\n"
    "  migcheck check redis.json --catalog aws-instance-isa-sets.csv "
    "--groups\n";

/* The verdicts of a host-level check of the host req was found on, over
 * cat, or NULL when that host is not known. */
static migcheck_verdicts *host_level_verdicts(const migcheck_requirements *req,
					      const migcheck_catalog *cat)
{
	const migcheck_profile *source = migcheck_requirements_source(req);
	migcheck_requirements *all = NULL;
	migcheck_verdicts *v = NULL;
	migcheck_error err;
	if (source &&
	    migcheck_requirements_from_profile(source, &all, &err) ==
		MIGCHECK_OK &&
	    migcheck_check(all, cat, MIGCHECK_POLICY_WORKLOAD, &v, &err) !=
		MIGCHECK_OK)
		v = NULL;
	migcheck_requirements_free(all);
	return v;
}

int cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
	    {"catalog", required_argument, 0, 'c'},
	    {"like-host", required_argument, 0, 'l'},
	    {"policy", required_argument, 0, 'p'},
	    {"to", required_argument, 0, 't'},
	    {"groups", no_argument, 0, 'g'},
	    {"verbose", no_argument, 0, 'v'},
	    {"explain", required_argument, 0, 'e'},
	    {"method", required_argument, 0, 'm'},
	    {"json", no_argument, 0, 'j'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	char *paths[64];
	int path_count = 0;
	const char *like_host = NULL, *to = NULL, *explain = NULL;
	enum migcheck_policy policy = MIGCHECK_POLICY_WORKLOAD;
	bool json = false;
	unsigned flags = 0;
	int method = MIGCHECK_SCAN_PATH;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (path_count == 64)
				return cli_usage_error("check",
						       "too many --catalog");
			paths[path_count++] = optarg;
			break;
		case 'l':
			like_host = optarg;
			break;
		case 'p':
			if (migcheck_policy_parse(optarg, &policy) < 0)
				return cli_usage_error(
				    "check", "unknown policy '%s'", optarg);
			break;
		case 't':
			to = optarg;
			break;
		case 'g':
			flags |= MIGCHECK_REPORT_GROUPS;
			break;
		case 'v':
			flags |= MIGCHECK_REPORT_VERBOSE;
			break;
		case 'e':
			explain = optarg;
			break;
		case 'm':
			method = migcheck_scan_method_parse(optarg);
			if (method < 0)
				return cli_usage_error(
				    "check", "unknown method '%s'", optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(check_help, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("check", "bad option");
		}
	}
	int positional = argc - optind;
	if ((like_host != NULL) == (positional == 1) || positional > 1)
		return cli_usage_error("check", "give a requirements file or "
						"--like-host PROFILE");

	migcheck_error err;
	migcheck_requirements *req = NULL;
	int pid;
	if (like_host) {
		migcheck_profile *p;
		if (migcheck_profile_load(like_host, &p, &err) != MIGCHECK_OK)
			return cli_fail(&err);
		int rc = migcheck_requirements_from_profile(p, &req, &err);
		migcheck_profile_free(p);
		if (rc != MIGCHECK_OK)
			return cli_fail(&err);
	} else if (cli_parse_pid(argv[optind], &pid) == 0) {
		if (migcheck_scan(pid, (enum migcheck_scan_method)method, &req,
				  &err) != MIGCHECK_OK)
			return cli_fail(&err);
	} else if (migcheck_requirements_load(argv[optind], &req, &err) !=
		   MIGCHECK_OK) {
		return cli_fail(&err);
	}

	migcheck_catalog *cat = NULL;
	migcheck_verdicts *v = NULL, *host_level = NULL;
	int status = cli_load_catalog(paths, path_count, &cat);
	if (status == EXIT_OK &&
	    migcheck_check(req, cat, policy, &v, &err) != MIGCHECK_OK)
		status = cli_fail(&err);
	/* --to's verdict is the exit status; --explain's name must exist */
	enum migcheck_verdict verdict = MIGCHECK_UNKNOWN, explained;
	const char *names[2] = {to, explain};
	for (int i = 0; i < 2 && status == EXIT_OK; i++)
		if (names[i] &&
		    migcheck_verdicts_find(v, names[i],
					   i ? &explained : &verdict) < 0) {
			fprintf(stderr,
				"migcheck: no destination named '%s' in the "
				"catalog (migcheck catalog lists them)\n",
				names[i]);
			status = EXIT_ERROR;
		}
	/* What today's host-level check allows, for comparison: the
	 * workload needs every feature of the host it was found on. */
	if (status == EXIT_OK && !json && !like_host &&
	    policy == MIGCHECK_POLICY_WORKLOAD)
		host_level = host_level_verdicts(req, cat);
	if (status == EXIT_OK) {
		int rc = json ? migcheck_report_verdicts_json(stdout, v)
			      : migcheck_report_verdicts_text(
				    stdout, v, host_level, flags);
		if (rc == MIGCHECK_OK && explain && !json) {
			fputc('\n', stdout);
			rc = migcheck_report_explain_text(stdout, v, req,
							  explain);
		}
		if (rc != MIGCHECK_OK)
			status = EXIT_ERROR;
		else if (to && verdict != MIGCHECK_COMPATIBLE)
			status = EXIT_NO;
	}
	migcheck_verdicts_free(host_level);
	migcheck_verdicts_free(v);
	migcheck_catalog_free(cat);
	migcheck_requirements_free(req);
	return status;
}
