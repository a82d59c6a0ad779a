/* The catalog: destination CPUs loaded from files, and their grouping.
 *
 * Three kinds of input, one file each:
 * - profile.c: migcheck host profiles (JSON);
 * - libvirt.c: libvirt's cpu_map models, features resolved by CPUID bit;
 * - lmd_csv.c: the LiveMigrate-Detector CSV of XED ISA sets per instance
 *   type, with its known defects detected and distrusted.
 * catalog.c walks files and directories and hands each to its importer. */
#ifndef MIGCHECK_CATALOG_CATALOG_H
#define MIGCHECK_CATALOG_CATALOG_H

#include "cpu/profile.h"
#include "util/strlist.h"

enum destination_kind {
	DEST_PROFILE, /* a migcheck profile: raw CPUID, XCR0 */
	DEST_LIBVIRT, /* a libvirt CPU model: flags */
	DEST_ISA_LIST /* a list of ISA sets only (LiveMigrate-Detector CSV) */
};

struct destination {
	char name[128];
	char *origin; /* the file it came from */
	enum destination_kind kind;
	char vendor[16];

	/* Flags are known for profiles and libvirt models only. */
	bool knows_flags;
	struct feature_set flags;
	/* XCR0: a profile's own; otherwise every component is assumed
	 * enabled where the CPU has the feature. */
	uint64_t xcr0;
	/* Usable ISA sets. For DEST_ISA_LIST, the trusted claims. */
	struct feature_set isa_sets;
	/* DEST_ISA_LIST: the sets its file names, and those it claims,
	 * trusted or not. */
	struct feature_set mentioned, claimed;

	migcheck_profile
	    *profile; /* DEST_PROFILE: raw CPUID for CRIU policies */
	size_t group; /* index of its group */
};

struct migcheck_catalog {
	struct destination *dest;
	size_t count, capacity;
	size_t group_count;
	struct strlist warnings;
};

/* Appends a zeroed destination; NULL when out of memory. */
struct destination *catalog_append(migcheck_catalog *c, const char *name,
				   const char *origin,
				   enum destination_kind kind);

/* Recomputes groups: destinations that no requirement can tell apart. */
void catalog_group(migcheck_catalog *c);

/* Importers. Each returns MIGCHECK_OK or an error naming file and position. */
int catalog_add_profile_file(migcheck_catalog *c, const char *path,
			     migcheck_error *err);
int catalog_add_libvirt(migcheck_catalog *c, const char *path,
			migcheck_error *err);
int catalog_add_lmd_csv(migcheck_catalog *c, const char *const *paths, size_t n,
			const char *origin, migcheck_error *err);

/* Parses one LiveMigrate-Detector CSV held in memory (for the fuzzer). */
int lmd_csv_parse(migcheck_catalog *c, const char *name, const char *data,
		  size_t size, migcheck_error *err);
/* Checks the rows added since `first` for the data's known defects. */
void lmd_csv_distrust(migcheck_catalog *c, size_t first, const char *origin);

#endif
