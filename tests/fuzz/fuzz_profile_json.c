/* libFuzzer target: the profile parser, and a check of the profile
 * against itself under every policy. */
#include <stdint.h>
#include <stdlib.h>

#include "check/check.h"
#include "util/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *obj;
	migcheck_error err;
	if (json_parse_buffer("fuzz.json", (const char *)data, size, &obj,
			      &err) != MIGCHECK_OK)
		return 0;
	migcheck_profile *p;
	if (profile_from_json(obj, "fuzz.json", &p, &err) == MIGCHECK_OK) {
		migcheck_requirements *r;
		migcheck_catalog *c = migcheck_catalog_create();
		if (migcheck_requirements_from_profile(p, &r, &err) == 0 &&
		    migcheck_catalog_add_profile(c, p, "self", &err) == 0) {
			for (int policy = 0; policy <= MIGCHECK_POLICY_CRIU_CPU;
			     policy++) {
				migcheck_verdicts *v;
				if (migcheck_check(r, c, policy, &v, &err) == 0)
					migcheck_verdicts_free(v);
			}
		}
		json_object_put(profile_to_json(p));
		migcheck_requirements_free(r);
		migcheck_catalog_free(c);
		migcheck_profile_free(p);
	}
	json_object_put(obj);
	return 0;
}
