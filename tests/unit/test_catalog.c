/* The catalog importers: libvirt's cpu_map, the LiveMigrate-Detector CSV
 * with its known defects, and migcheck profiles. */
#include "test_util.h"

#include "catalog/catalog.h"

static const struct destination *find(const migcheck_catalog *c,
				      const char *name)
{
	for (size_t i = 0; i < c->count; i++)
		if (!strcmp(c->dest[i].name, name))
			return &c->dest[i];
	fail_msg("no destination %s", name);
	return NULL;
}

static bool usable(const struct destination *d, const char *isa)
{
	int i = isa_find(isa);
	assert_true(i >= 0);
	return feature_set_has(&d->isa_sets, (size_t)i);
}

static bool claimed(const struct destination *d, const char *isa)
{
	return feature_set_has(&d->claimed, (size_t)isa_find(isa));
}

static void test_libvirt_models(void **state)
{
	(void)state;
	REQUIRE_PATH(LIBVIRT_CPU_MAP "/x86_features.xml");
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_default(c, &err);
	if (rc)
		fail_msg("%s", err.message);
	assert_true(c->count > 40);
	const struct destination *icx = find(c, "Icelake-Server");
	assert_true(usable(icx, "AVX512F_512"));
	assert_true(usable(icx, "AVX512_VBMI2_128"));
	assert_true(usable(icx, "PKU")); /* ospke assumed for a model */
	assert_false(usable(icx, "AMX_TILE"));
	assert_string_equal(icx->vendor, "GenuineIntel");
	const struct destination *rome = find(c, "EPYC-Rome");
	assert_true(usable(rome, "SSE4A"));
	assert_true(usable(rome, "CLZERO"));
	assert_false(usable(rome, "AVX512F_512"));
	assert_string_equal(rome->vendor, "AuthenticAMD");
	const struct destination *westmere = find(c, "Westmere");
	assert_false(usable(westmere, "AVX"));
	assert_true(usable(westmere, "AES"));
	/* 32-bit models cannot run x86-64 code and are left out, loudly. */
	for (size_t i = 0; i < c->count; i++)
		assert_string_not_equal(c->dest[i].name, "486");
	assert_true(c->warnings.count >= 1);
	migcheck_catalog_free(c);
}

/* Our own small cpu_map, in libvirt's format, with a model that includes
 * another: libvirt's older cpu_maps did this. */
static void test_libvirt_model_references(void **state)
{
	(void)state;
	char dir[] = "/tmp/migcheck-cpumap-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/x86_features.xml", dir);
	FILE *f = fopen(path, "w");
	fputs("<cpus>\n"
	      "  <feature name='lm'><cpuid eax_in='0x80000001' "
	      "edx='0x20000000'/></feature>\n"
	      "  <feature name='sse2'><cpuid eax_in='0x01' "
	      "edx='0x04000000'/></feature>\n"
	      "  <feature name='sse'><cpuid eax_in='0x01' "
	      "edx='0x02000000'/></feature>\n"
	      "  <feature name='fpu'><cpuid eax_in='0x01' "
	      "edx='0x00000001'/></feature>\n"
	      "  <feature name='cmov'><cpuid eax_in='0x01' "
	      "edx='0x00008000'/></feature>\n"
	      "  <feature name='fxsr'><cpuid eax_in='0x01' "
	      "edx='0x01000000'/></feature>\n"
	      "  <feature name='cx8'><cpuid eax_in='0x01' "
	      "edx='0x00000100'/></feature>\n"
	      "  <feature name='mmx'><cpuid eax_in='0x01' "
	      "edx='0x00800000'/></feature>\n"
	      "  <feature name='clflush'><cpuid eax_in='0x01' "
	      "edx='0x00080000'/></feature>\n"
	      "  <feature name='syscall'><cpuid eax_in='0x80000001' "
	      "edx='0x00000800'/></feature>\n"
	      "  <feature name='tsc'><cpuid eax_in='0x01' "
	      "edx='0x00000010'/></feature>\n"
	      "  <feature name='sep'><cpuid eax_in='0x01' "
	      "edx='0x00000800'/></feature>\n"
	      "  <feature name='pni'><cpuid eax_in='0x01' "
	      "ecx='0x00000001'/></feature>\n"
	      "  <feature name='avx2'><cpuid eax_in='0x07' ecx_in='0x00' "
	      "ebx='0x00000020'/></feature>\n"
	      "  <feature name='avx'><cpuid eax_in='0x01' "
	      "ecx='0x10000000'/></feature>\n"
	      "  <feature name='xsave'><cpuid eax_in='0x01' "
	      "ecx='0x04000000'/></feature>\n"
	      "</cpus>\n",
	      f);
	fclose(f);
	snprintf(path, sizeof path, "%s/x86_vendors.xml", dir);
	f = fopen(path, "w");
	fputs("<cpus><vendor name='Intel' string='GenuineIntel'/></cpus>\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/x86_Base.xml", dir);
	f = fopen(path, "w");
	fputs(
	    "<cpus><model name='Base'><vendor name='Intel'/>"
	    "<feature name='lm'/><feature name='sse'/><feature name='sse2'/>"
	    "<feature name='fpu'/><feature name='cmov'/><feature name='fxsr'/>"
	    "<feature name='cx8'/><feature name='mmx'/><feature "
	    "name='clflush'/>"
	    "<feature name='syscall'/><feature name='tsc'/><feature "
	    "name='sep'/>"
	    "<feature name='pni'/></model></cpus>\n",
	    f);
	fclose(f);
	snprintf(path, sizeof path, "%s/x86_Derived.xml", dir);
	f = fopen(path, "w");
	fputs(
	    "<cpus><model name='Derived'><model name='Base'/>"
	    "<feature name='avx'/><feature name='avx2'/><feature name='xsave'/>"
	    "</model></cpus>\n",
	    f);
	fclose(f);

	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(c, path, &err); /* one file */
	if (rc)
		fail_msg("%s", err.message);
	assert_int_equal(c->count, 1);
	const struct destination *d = find(c, "Derived");
	assert_true(usable(d, "SSE3")); /* inherited from Base */
	assert_true(usable(d, "AVX2"));
	assert_string_equal(d->vendor, "GenuineIntel");
	migcheck_catalog_free(c);

	/* A cycle is refused with the file and line. */
	snprintf(path, sizeof path, "%s/x86_Base.xml", dir);
	f = fopen(path, "w");
	fputs(
	    "<cpus><model name='Base'><model name='Derived'/></model></cpus>\n",
	    f);
	fclose(f);
	c = migcheck_catalog_create();
	rc = migcheck_catalog_add_path(c, dir, &err);
	assert_int_equal(rc, MIGCHECK_ERR_INVALID);
	assert_non_null(strstr(err.message, "includes itself"));
	migcheck_catalog_free(c);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static migcheck_catalog *aws_catalog(void)
{
	migcheck_catalog *c = migcheck_catalog_create();
	migcheck_error err;
	int rc = migcheck_catalog_add_path(c, AWS_DATASET, &err);
	if (rc)
		fail_msg("%s", err.message);
	return c;
}

static void test_aws_dataset_groups(void **state)
{
	(void)state;
	REQUIRE_DATASET(AWS_DATASET);
	migcheck_catalog *c = aws_catalog();
	assert_int_equal(c->count, 383);
	assert_int_equal(c->group_count, 30);
	migcheck_catalog_free(c);
}

/* The defects that ../shared/datasets/README.md lists are each noticed,
 * warned about, and not trusted. */
static void test_aws_dataset_defects(void **state)
{
	(void)state;
	REQUIRE_DATASET(AWS_DATASET);
	migcheck_catalog *c = aws_catalog();
	const char *all = NULL;
	size_t len = 0;
	for (size_t i = 0; i < c->warnings.count; i++)
		len += strlen(c->warnings.item[i]) + 1;
	char *joined = calloc(1, len + 1);
	for (size_t i = 0; i < c->warnings.count; i++)
		strcat(strcat(joined, c->warnings.item[i]), "\n");
	all = joined;
	/* Out-of-range leaves: AMX on Skylake, SNP on Intel. */
	assert_non_null(strstr(all, "AMX_BF16"));
	assert_non_null(strstr(all, "SNP (153)"));
	/* Sets no CPU has with the other vendor's, claimed everywhere. */
	assert_non_null(strstr(all, "AMD3DNOW"));
	assert_non_null(strstr(all, "TDX"));
	assert_non_null(strstr(all, "0 on every type"));

	const struct destination *c5 = find(c, "c5.large"); /* Skylake */
	assert_true(claimed(c5, "AMX_BF16"));
	assert_false(usable(c5, "AMX_BF16"));
	assert_true(claimed(c5, "SNP"));
	assert_false(usable(c5, "SNP"));
	assert_false(usable(c5, "XOP"));
	assert_false(usable(c5, "TDX"));
	assert_true(usable(c5, "AVX512F_512"));
	assert_true(usable(c5, "AVX512BW_KOP")); /* from KOPD and KOPQ */
	assert_true(usable(c5, "MPX"));
	assert_string_equal(c5->vendor, "GenuineIntel");

	const struct destination *rome = find(c, "c5a.large"); /* Zen 2 */
	assert_true(usable(rome, "SSE4A"));
	assert_true(usable(rome, "AVX2"));
	assert_false(usable(rome, "AMD3DNOW")); /* Zen has no 3DNow! */
	assert_false(usable(rome, "FMA4"));
	assert_false(usable(rome, "AVX512F_512"));
	assert_string_equal(rome->vendor, "AuthenticAMD");

	const struct destination *genoa = find(c, "c7a.large"); /* Zen 4 */
	assert_true(usable(genoa, "AVX512F_512"));
	assert_true(usable(genoa, "AVX512_BF16_512"));
	free(joined);
	migcheck_catalog_free(c);
}

static void test_profile_destination(void **state)
{
	(void)state;
	migcheck_profile *p;
	migcheck_error err;
	assert_int_equal(migcheck_host_collect(&p, &err), MIGCHECK_OK);
	migcheck_catalog *c = migcheck_catalog_create();
	assert_int_equal(migcheck_catalog_add_profile(c, p, "here", &err),
			 MIGCHECK_OK);
	assert_int_equal(c->count, 1);
	assert_memory_equal(&c->dest[0].isa_sets, &p->isa_sets,
			    sizeof p->isa_sets);
	migcheck_catalog_free(c);
	migcheck_profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_libvirt_models),
	    cmocka_unit_test(test_libvirt_model_references),
	    cmocka_unit_test(test_aws_dataset_groups),
	    cmocka_unit_test(test_aws_dataset_defects),
	    cmocka_unit_test(test_profile_destination),
	};
	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
