/* libFuzzer target: the requirements parser and its JSON round trip. */
#include <stdint.h>
#include <stdlib.h>

#include "analysis/requirements.h"
#include "util/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *obj;
	migcheck_error err;
	if (json_parse_buffer("fuzz.json", (const char *)data, size, &obj,
			      &err) != MIGCHECK_OK)
		return 0;
	migcheck_requirements *r;
	if (requirements_from_json(obj, "fuzz.json", &r, &err) == MIGCHECK_OK) {
		json_object_put(requirements_to_json(r));
		migcheck_requirements_free(r);
	}
	json_object_put(obj);
	return 0;
}
