/* migcheck catalog: list destinations, optionally grouped. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

static const char catalog_help[] =
    "usage: migcheck catalog [--catalog PATH]... [--groups] [--verbose]\n"
    "                        [--json]\n"
    "\nLists the destination CPUs of a catalog. PATH is a file or a\n"
    "directory of migcheck profiles (.json), libvirt CPU models (the\n"
    "cpu_map directory or one x86_*.xml), or LiveMigrate-Detector CSV\n"
    "files; --catalog may be given more than once. Without it, the\n"
    "catalog is libvirt's x86 models in /usr/share/libvirt/cpu_map.\n"
    "Defects noticed in the data are printed as warnings on stderr.\n"
    "\n  --groups   one line per group of identical destinations\n"
    "  --verbose  every member of a group, whole warnings\n"
    "  --json     machine-readable (schema migcheck/catalog/v1)\n"
    "\nexample:\n"
    "  migcheck catalog --groups --catalog aws-instance-isa-sets.csv\n";

int cmd_catalog(int argc, char **argv)
{
	static const struct option options[] = {
	    {"catalog", required_argument, 0, 'c'},
	    {"groups", no_argument, 0, 'g'},
	    {"verbose", no_argument, 0, 'v'},
	    {"json", no_argument, 0, 'j'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	char *paths[64];
	int path_count = 0;
	bool groups = false, json = false;
	unsigned flags = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (path_count == 64)
				return cli_usage_error("catalog",
						       "too many --catalog");
			paths[path_count++] = optarg;
			break;
		case 'g':
			groups = true;
			flags |= MIGCHECK_REPORT_GROUPS;
			break;
		case 'v':
			flags |= MIGCHECK_REPORT_VERBOSE;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(catalog_help, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("catalog", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("catalog", "unexpected argument '%s'",
				       argv[optind]);
	migcheck_catalog *cat;
	int rc = cli_load_catalog(paths, path_count, &cat);
	if (rc != EXIT_OK)
		return rc;
	rc = json ? migcheck_report_catalog_json(stdout, cat, groups)
		  : migcheck_report_catalog_text(stdout, cat, flags);
	migcheck_catalog_free(cat);
	return rc == MIGCHECK_OK ? EXIT_OK : EXIT_ERROR;
}
