/*
 * test_extract_gazetteer.c — the generated gazetteer: the table has the
 * General Statistics Office's counts, names are stored without level words
 * in the traditional tone style, and regenerating it from ../shared/data
 * gives the committed file byte for byte (skipped, saying so, when the
 * data or python3 is not there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "data/gazetteer.h"

static void test_counts(void **state)
{
    (void)state;
    size_t tiers[2][4] = {{0}};
    for (size_t i = 0; i < tp_gaz_n_units; i++) {
        const tp_gaz_unit_t *u = &tp_gaz_units[i];
        int t = tp_gaz_tier(i);
        if (u->era >= 1 && u->era <= 2)
            tiers[u->era - 1][t]++;
        assert_true(u->parent < (int32_t)i);
        assert_non_null(strchr(u->name, '\0'));
        /* No level word left in a name. */
        assert_false(strncmp(u->name, "Huyện ", 7) == 0);
        assert_false(strncmp(u->name, "Xã ", 4) == 0);
    }
    assert_int_equal(tiers[0][1], 63);
    assert_int_equal(tiers[0][2], 696);
    assert_int_equal(tiers[0][3], 10047);
    assert_int_equal(tiers[1][1], 34);
    assert_int_equal(tiers[1][2], 3321);
    assert_string_equal(tp_gaz_level_name(TP_GAZ_THI_TRAN), "thi_tran");
}

static void test_tone_style_and_mapping(void **state)
{
    (void)state;
    int hoa = 0, successor = 0;
    for (size_t i = 0; i < tp_gaz_n_units; i++) {
        const char *n = tp_gaz_units[i].name;
        /* Traditional style: open syllables are hòa, ủy, never hoà, uỷ
         * ("Hoàng" is a closed syllable and keeps its mark). */
        for (const char *p = n; (p = strstr(p, "oà")); p++)
            assert_true(p[3] != '\0' && p[3] != ' ');
        for (const char *p = n; (p = strstr(p, "uỷ")); p++)
            assert_true(p[3] != '\0' && p[3] != ' ');
        hoa += strstr(n, "Hòa") != NULL;
        if (tp_gaz_units[i].successor >= 0) {
            successor++;
            assert_int_equal(tp_gaz_units[tp_gaz_units[i].successor].era,
                             TP_GAZ_ERA_NEW);
        }
    }
    assert_true(hoa > 100);
    assert_true(successor > 9000);
}

/* Foreign countries come after the Vietnamese units, at level quoc_gia
 * with no parent; Việt Nam stays row 0. */
static void test_countries(void **state)
{
    (void)state;
    int lao = 0, countries = 0;
    assert_string_equal(tp_gaz_units[0].code, "VN");
    for (size_t i = 1; i < tp_gaz_n_units; i++) {
        const tp_gaz_unit_t *u = &tp_gaz_units[i];
        if (u->level != TP_GAZ_QUOC_GIA)
            continue;
        countries++;
        assert_int_equal(u->parent, -1);
        assert_int_equal(tp_gaz_tier(i), 0);
        assert_int_equal(strlen(u->code), 2);
        if (strcmp(u->name, "Lào") == 0) {
            lao++;
            assert_string_equal(u->code, "LA");
        }
    }
    assert_int_equal(lao, 1);
    assert_true(countries >= 40);
}

static void test_regenerates_identically(void **state)
{
    (void)state;
    const char *src = getenv("TP_SOURCE_DIR");
    if (!src)
        src = "..";
    char data[1024], cmd[4096], out[] = "/tmp/tp_gaz_XXXXXX";
    snprintf(data, sizeof data, "%s/../shared/data/admin-units-2025-03.json", src);
    FILE *f = fopen(data, "r");
    if (!f || system("python3 -c '' 2>/dev/null") != 0) {
        if (f)
            fclose(f);
        skip(); /* the source lists or python3 are not here */
    }
    fclose(f);
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    snprintf(cmd, sizeof cmd,
             "python3 %s/shared/data/gen_gazetteer.py %s/../shared/data %s "
             "2>/dev/null && cmp -s %s %s/shared/data/gazetteer_data.c",
             src, src, out, out, src);
    int rc = system(cmd);
    remove(out);
    assert_int_equal(rc, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_tone_style_and_mapping),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_regenerates_identically),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
