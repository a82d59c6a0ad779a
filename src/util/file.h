/* Reading whole files and JSON documents, with errors that name the file
 * and the position. */
#ifndef MIGCHECK_UTIL_FILE_H
#define MIGCHECK_UTIL_FILE_H

#include <json-c/json.h>
#include <stddef.h>

#include "migcheck/migcheck.h"

/* Reads a whole file ("-" is standard input) into a NUL-terminated buffer.
 * Refuses files over 64 MiB. */
int file_read_all(const char *path, char **data, size_t *size,
		  migcheck_error *err);

/* Parses a JSON document held in memory; `name` is used in messages
 * ("file.json:3:17: JSON error: ..."). */
int json_parse_buffer(const char *name, const char *data, size_t size,
		      json_object **out, migcheck_error *err);

int json_load_file(const char *path, json_object **out, migcheck_error *err);

/* Typed member access that fails with a message naming file and member. */
int json_get_string(json_object *obj, const char *key, const char *where,
		    const char **out, migcheck_error *err);
int json_get_uint(json_object *obj, const char *key, const char *where,
		  uint64_t max, uint64_t *out, migcheck_error *err);
int json_get_array(json_object *obj, const char *key, const char *where,
		   json_object **out, migcheck_error *err);

#endif
