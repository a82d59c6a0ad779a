/* libFuzzer target: the LiveMigrate-Detector CSV importer, then the
 * defect checks, on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "catalog/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	if (lmd_csv_parse(c, "fuzz.csv", (const char *)data, size, &err) ==
	    MIGCHECK_OK)
		lmd_csv_distrust(c, 0, "fuzz.csv");
	catalog_group(c);
	migcheck_catalog_free(c);
	return 0;
}
