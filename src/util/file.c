/* Reading whole files and JSON documents. */
#include "util/file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define MAX_FILE_SIZE (64u << 20)

int file_read_all(const char *path, char **data, size_t *size,
		  migcheck_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return set_error(err, MIGCHECK_ERR_IO, "%s: cannot open: %s",
				 path, strerror(errno));
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	int rc = MIGCHECK_OK;
	while (buf) {
		if (len + 1 >= cap) {
			if (cap >= MAX_FILE_SIZE) {
				rc = set_error(err, MIGCHECK_ERR_IO,
					       "%s: larger than %u MiB", path,
					       MAX_FILE_SIZE >> 20);
				break;
			}
			char *p = realloc(buf, cap * 2);
			if (!p)
				break;
			buf = p;
			cap *= 2;
		}
		size_t n = fread(buf + len, 1, cap - 1 - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f))
				rc = set_error(err, MIGCHECK_ERR_IO,
					       "%s: read error: %s", path,
					       strerror(errno));
			break;
		}
	}
	if (!is_stdin)
		fclose(f);
	if (!buf)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 path);
	if (rc != MIGCHECK_OK) {
		free(buf);
		return rc;
	}
	buf[len] = '\0';
	*data = buf;
	*size = len;
	return MIGCHECK_OK;
}

int json_parse_buffer(const char *name, const char *data, size_t size,
		      json_object **out, migcheck_error *err)
{
	if (size > INT32_MAX)
		return set_error(err, MIGCHECK_ERR_PARSE, "%s: too large",
				 name);
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return set_error(err, MIGCHECK_ERR_NOMEM, "%s: out of memory",
				 name);
	json_object *obj = json_tokener_parse_ex(tok, data, (int)size);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t offset = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (obj && jerr == json_tokener_success) {
		/* Only white space may follow the document. */
		while (offset < size && strchr(" \t\r\n", data[offset]))
			offset++;
		if (offset == size) {
			*out = obj;
			return MIGCHECK_OK;
		}
		json_object_put(obj);
		obj = NULL;
		jerr = json_tokener_error_parse_unexpected;
	}
	if (jerr == json_tokener_continue)
		jerr = json_tokener_error_parse_eof;
	unsigned line = 1, column = 1;
	for (size_t i = 0; i < offset && i < size; i++) {
		if (data[i] == '\n') {
			line++;
			column = 1;
		} else {
			column++;
		}
	}
	if (obj)
		json_object_put(obj);
	return set_error(err, MIGCHECK_ERR_PARSE, "%s:%u:%u: JSON error: %s",
			 name, line, column, json_tokener_error_desc(jerr));
}

int json_load_file(const char *path, json_object **out, migcheck_error *err)
{
	char *data;
	size_t size;
	int rc = file_read_all(path, &data, &size, err);
	if (rc != MIGCHECK_OK)
		return rc;
	rc = json_parse_buffer(path, data, size, out, err);
	free(data);
	return rc;
}

int json_get_string(json_object *obj, const char *key, const char *where,
		    const char **out, migcheck_error *err)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: \"%s\" must be a string", where, key);
	*out = json_object_get_string(v);
	return MIGCHECK_OK;
}

int json_get_uint(json_object *obj, const char *key, const char *where,
		  uint64_t max, uint64_t *out, migcheck_error *err)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: \"%s\" must be an integer", where, key);
	errno = 0;
	uint64_t u = json_object_get_uint64(v);
	if (json_object_get_int64(v) < 0 || errno || u > max)
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: \"%s\" is out of range (0..%" PRIu64 ")",
				 where, key, max);
	*out = u;
	return MIGCHECK_OK;
}

int json_get_array(json_object *obj, const char *key, const char *where,
		   json_object **out, migcheck_error *err)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_array))
		return set_error(err, MIGCHECK_ERR_INVALID,
				 "%s: \"%s\" must be an array", where, key);
	*out = v;
	return MIGCHECK_OK;
}
