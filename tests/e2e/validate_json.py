"""Validates a JSON document against one of migcheck's JSON Schemas.

usage: /usr/bin/python3 validate_json.py SCHEMA.json DOCUMENT.json
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
document = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document),
                key=lambda e: list(e.path))
for e in errors:
    print(f"{sys.argv[2]}: {list(e.path)}: {e.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
