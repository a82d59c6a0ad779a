/* Bad input: each case gets one error that names the file and the
 * position, the right code, and no crash. */
#include "test_util.h"

#include "catalog/catalog.h"

struct expectation {
	int code;
	const char *fragments[3]; /* all must appear in the message */
};

static void expect_error(int rc, const migcheck_error *err, const char *path,
			 const struct expectation *e)
{
	if (rc != e->code)
		fail_msg("expected code %d, got %d (%s)", e->code, rc,
			 err->message);
	if (!strstr(err->message, path))
		fail_msg("message does not name %s: %s", path, err->message);
	for (int i = 0; i < 3 && e->fragments[i]; i++)
		if (!strstr(err->message, e->fragments[i]))
			fail_msg("message lacks '%s': %s", e->fragments[i],
				 err->message);
	assert_null(strchr(err->message, '\n'));
}

static void catalog_case(const char *suffix, const char *text,
			 const struct expectation *e)
{
	char path[128];
	write_temp(path, sizeof path, suffix, text);
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(c, path, &err);
	expect_error(rc, &err, path, e);
	migcheck_catalog_free(c);
	unlink(path);
}

static void test_malformed_json(void **state)
{
	(void)state;
	catalog_case(
	    ".json",
	    "{\n  \"schema\": \"migcheck/profile/v1\",\n  \"name\": }\n",
	    &(struct expectation){MIGCHECK_ERR_PARSE, {":3:", "JSON error"}});
	catalog_case(".json", "",
		     &(struct expectation){MIGCHECK_ERR_PARSE, {":1:1"}});
	catalog_case(".json", "{} trailing",
		     &(struct expectation){MIGCHECK_ERR_PARSE, {"JSON error"}});
}

static void test_unreadable_file(void **state)
{
	(void)state;
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(c, "/nonexistent/x.json", &err);
	expect_error(rc, &err, "/nonexistent/x.json",
		     &(struct expectation){MIGCHECK_ERR_IO, {"cannot open"}});
	migcheck_catalog_free(c);
	migcheck_profile *p;
	rc = migcheck_profile_load("/nonexistent/p.json", &p, &err);
	expect_error(rc, &err, "/nonexistent/p.json",
		     &(struct expectation){MIGCHECK_ERR_IO, {"cannot open"}});
}

static void test_csv_wrong_column_count(void **state)
{
	(void)state;
	catalog_case(".csv", "AVX,AVX2,SSE3\n1,1\n",
		     &(struct expectation){MIGCHECK_ERR_PARSE,
					   {":2:", "2 columns", "3"}});
	catalog_case(
	    ".csv", "AVX,AVX2\n1,1,0\n",
	    &(struct expectation){MIGCHECK_ERR_PARSE, {":2:", "more columns"}});
	catalog_case(
	    ".csv", "AVX,AVX2\n1,x\n",
	    &(struct expectation){MIGCHECK_ERR_PARSE, {":2:3", "0 or 1"}});
	catalog_case(
	    ".csv", "AVX,AVX2\n",
	    &(struct expectation){MIGCHECK_ERR_PARSE, {"no data row"}});
}

static void test_unknown_feature_names(void **state)
{
	(void)state;
	catalog_case(
	    ".csv", "AVX,AVX9000\n1,1\n",
	    &(struct expectation){MIGCHECK_ERR_INVALID, {":1:5", "AVX9000"}});
	catalog_case(".json",
		     "{\"schema\":\"migcheck/profile/v1\",\"name\":\"x\","
		     "\"arch\":\"x86_64\",\"flags\":[\"avx\",\"avx513\"]}",
		     &(struct expectation){MIGCHECK_ERR_INVALID,
					   {"flags[1]", "avx513"}});
	char path[128];
	write_temp(path, sizeof path, ".json",
		   "{\"schema\":\"migcheck/requirements/v1\","
		   "\"isa_sets\":[\"AVX2\",\"NOPE\"],\"flags\":[]}");
	migcheck_requirements *r;
	migcheck_error err;
	int rc = migcheck_requirements_load(path, &r, &err);
	expect_error(rc, &err, path,
		     &(struct expectation){MIGCHECK_ERR_INVALID,
					   {"isa_sets[1]", "NOPE"}});
	unlink(path);
}

/* Found by fuzz_requirements_json: "evidence" as an array crashed. */
static void test_requirements_wrong_types(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"{\"schema\":\"migcheck/requirements/v1\",\"isa_sets\":[],"
	     "\"flags\":[],\"evidence\":[{\"\":\"x\"}]}",
	     "\"evidence\" must be an object"},
	    {"{\"schema\":\"migcheck/requirements/v1\",\"isa_sets\":[],"
	     "\"flags\":[],\"unknowns\":{}}",
	     "\"unknowns\" must be an array"},
	    {"{\"schema\":\"migcheck/requirements/v1\",\"isa_sets\":{},"
	     "\"flags\":[]}",
	     "\"isa_sets\" must be an array"},
	    {"{\"schema\":\"migcheck/requirements/v2\"}", "v2"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[128];
		write_temp(path, sizeof path, ".json", cases[i][0]);
		migcheck_requirements *r;
		migcheck_error err;
		int rc = migcheck_requirements_load(path, &r, &err);
		expect_error(
		    rc, &err, path,
		    &(struct expectation){MIGCHECK_ERR_INVALID, {cases[i][1]}});
		unlink(path);
	}
}

static void test_libvirt_unknown_feature(void **state)
{
	(void)state;
	REQUIRE_PATH(LIBVIRT_CPU_MAP "/x86_features.xml");
	char dir[] = "/tmp/migcheck-cpumap-XXXXXX", path[256], cmd[512];
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof cmd, "cp %s/x86_features.xml %s/", LIBVIRT_CPU_MAP,
		 dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/x86_Odd.xml", dir);
	FILE *f = fopen(path, "w");
	fputs("<cpus>\n<model name='Odd'>\n<feature name='lm'/>\n"
	      "<feature name='warp-drive'/>\n</model>\n</cpus>\n",
	      f);
	fclose(f);
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(c, path, &err);
	expect_error(
	    rc, &err, path,
	    &(struct expectation){MIGCHECK_ERR_INVALID, {":4:", "warp-drive"}});
	migcheck_catalog_free(c);
	/* Malformed XML names file and line too. */
	f = fopen(path, "w");
	fputs("<cpus>\n<model name='Odd'>\n</cpus>\n", f);
	fclose(f);
	c = migcheck_catalog_create();
	rc = migcheck_catalog_add_path(c, path, &err);
	expect_error(rc, &err, path,
		     &(struct expectation){MIGCHECK_ERR_PARSE, {"XML error"}});
	migcheck_catalog_free(c);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_empty_catalog(void **state)
{
	(void)state;
	char dir[] = "/tmp/migcheck-empty-XXXXXX";
	assert_non_null(mkdtemp(dir));
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(c, dir, &err);
	expect_error(
	    rc, &err, dir,
	    &(struct expectation){MIGCHECK_ERR_INVALID, {"no destinations"}});
	migcheck_catalog_free(c);
	rmdir(dir);
}

static void test_other_architecture(void **state)
{
	(void)state;
	catalog_case(".json",
		     "{\"schema\":\"migcheck/profile/v1\",\"name\":\"pi\","
		     "\"arch\":\"aarch64\",\"flags\":[]}",
		     &(struct expectation){MIGCHECK_ERR_UNSUPPORTED,
					   {"aarch64", "x86_64"}});
	REQUIRE_PATH(LIBVIRT_CPU_MAP "/arm_cortex-a72.xml");
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(
	    c, LIBVIRT_CPU_MAP "/arm_cortex-a72.xml", &err);
	expect_error(rc, &err, "arm_cortex-a72.xml",
		     &(struct expectation){MIGCHECK_ERR_UNSUPPORTED, {"x86"}});
	migcheck_catalog_free(c);
}

static void test_profile_contradicting_cpuid(void **state)
{
	(void)state;
	/* Leaf 1 says no AVX; the flags list says AVX. */
	catalog_case(
	    ".json",
	    "{\"schema\":\"migcheck/profile/v1\",\"name\":\"x\","
	    "\"arch\":\"x86_64\",\"flags\":[\"avx\"],\"cpuid\":["
	    "{\"leaf\":0,\"subleaf\":0,\"eax\":1,\"ebx\":0,\"ecx\":0,"
	    "\"edx\":0},{\"leaf\":1,\"subleaf\":0,\"eax\":0,\"ebx\":0,"
	    "\"ecx\":0,\"edx\":0}]}",
	    &(struct expectation){MIGCHECK_ERR_INVALID, {"'avx'", "cpuid"}});
	catalog_case(
	    ".json",
	    "{\"schema\":\"migcheck/profile/v1\",\"name\":\"x\","
	    "\"arch\":\"x86_64\",\"cpuid\":[{\"leaf\":-1}]}",
	    &(struct expectation){MIGCHECK_ERR_INVALID, {"cpuid[0]", "leaf"}});
	catalog_case(".json", "[1,2,3]",
		     &(struct expectation){MIGCHECK_ERR_INVALID, {"object"}});
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_malformed_json),
	    cmocka_unit_test(test_unreadable_file),
	    cmocka_unit_test(test_csv_wrong_column_count),
	    cmocka_unit_test(test_unknown_feature_names),
	    cmocka_unit_test(test_requirements_wrong_types),
	    cmocka_unit_test(test_libvirt_unknown_feature),
	    cmocka_unit_test(test_empty_catalog),
	    cmocka_unit_test(test_other_architecture),
	    cmocka_unit_test(test_profile_contradicting_cpuid),
	};
	return cmocka_run_group_tests_name("bad_input", tests, NULL, NULL);
}
