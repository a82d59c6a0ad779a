/* The migcheck command line: one file per subcommand, each only argument
 * handling on top of the library. Exit status: 0 success (and "compatible"
 * for check --to), 1 "incompatible or unknown" for check --to, 2 error. */
#ifndef MIGCHECK_CLI_H
#define MIGCHECK_CLI_H

#include "migcheck/migcheck.h"

enum { EXIT_OK = 0, EXIT_NO = 1, EXIT_ERROR = 2 };

int cmd_host(int argc, char **argv);
int cmd_catalog(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_compare(int argc, char **argv);

/* "30", "30s", "500ms", "5m", "1h" -> milliseconds. Returns 0 or -1. */
int cli_parse_duration(const char *arg, unsigned *ms);
/* Blocks SIGINT, SIGTERM and SIGHUP and returns a signalfd for them,
 * which ends a watch cleanly; -1 on error. */
int cli_stop_fd(void);

/* A PID argument: a positive decimal number. Returns 0 or -1. */
int cli_parse_pid(const char *arg, int *pid);

/* Prints "migcheck: <message>" to stderr and returns EXIT_ERROR. */
int cli_fail(const migcheck_error *err);
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Loads every --catalog path, or the default catalog when there is none. */
int cli_load_catalog(char **paths, int count, migcheck_catalog **out);

#endif
