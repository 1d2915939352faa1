/*
 * test_normalize_golden.c — golden files for the normalizer: every input
 * in tests/golden/normalize/ (plain text, HTML, JSON envelopes, legacy
 * encodings) is normalized and its article fields, encoded as JSON, are
 * compared with NAME.expected.json beside it; each differing field is
 * printed. Inputs whose name starts with "modern_" use the modern tone
 * style. TP_GOLDEN_UPDATE=1 rewrites the expected files (review the diff
 * before committing).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_normalize_util.h"

/* Directory of the golden files (tests/ is the working directory). */
static const char *golden_dir(char *buf, size_t n)
{
    const char *src = getenv("TP_SOURCE_DIR");
    if (src)
        snprintf(buf, n, "%s/tests/golden/normalize", src);
    else
        snprintf(buf, n, "golden/normalize");
    return buf;
}

/* 1 when name ends with suffix. */
static int ends_with(const char *name, const char *suffix)
{
    size_t a = strlen(name), b = strlen(suffix);
    return a >= b && strcmp(name + a - b, suffix) == 0;
}

/* Prints the fields of got that differ from want. */
static int print_diff(const char *file, json_t *want, json_t *got)
{
    int diffs = 0;
    const char *key;
    json_t *v;
    json_object_foreach(got, key, v)
    {
        json_t *w = json_object_get(want, key);
        if (w && json_equal(w, v))
            continue;
        char *ws = w ? json_dumps(w, JSON_ENCODE_ANY) : NULL;
        char *gs = json_dumps(v, JSON_ENCODE_ANY);
        printf("%s: field %s differs\n  want: %s\n  got:  %s\n", file, key,
               ws ? ws : "(absent)", gs);
        free(ws);
        free(gs);
        diffs++;
    }
    return diffs;
}

/* Runs every golden input. */
static void test_golden_files(void **state)
{
    (void)state;
    char dir[4096];
    golden_dir(dir, sizeof dir);
    DIR *d = opendir(dir);
    assert_non_null(d);
    tp_normalizer_opts_t trad = {.tone_style = TP_TONE_TRADITIONAL};
    tp_normalizer_opts_t mod = {.tone_style = TP_TONE_MODERN};
    tp_normalizer_t *nz_t = tp_normalizer_new(&trad, NULL, 0);
    tp_normalizer_t *nz_m = tp_normalizer_new(&mod, NULL, 0);
    tp_arena_t *arena = tp_arena_new(0);
    int update = getenv("TP_GOLDEN_UPDATE") != NULL;
    int files = 0, failures = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || ends_with(de->d_name, ".expected.json"))
            continue;
        char path[8192], epath[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        snprintf(epath, sizeof epath, "%s/%s.expected.json", dir, de->d_name);
        size_t len = 0;
        char *data = tnu_read_file(path, &len);
        assert_non_null(data);
        tp_raw_article_t raw = {.data = data, .len = len, .partition = -1};
        tp_article_t art;
        tp_error_t err;
        int modern = strncmp(de->d_name, "modern_", 7) == 0;
        tp_err_t rc = tp_normalize(modern ? nz_m : nz_t, arena, &raw, &art, &err);
        json_t *got;
        if (rc == TP_OK) {
            got = tnu_article_json(&art);
        } else {
            got = json_object();
            json_object_set_new(got, "error", json_string(err.cls));
        }
        files++;
        if (update) {
            json_dump_file(got, epath, JSON_INDENT(2) | JSON_SORT_KEYS);
            printf("%s: expected file written\n", de->d_name);
        } else {
            json_error_t je;
            json_t *want = json_load_file(epath, 0, &je);
            if (!want) {
                printf("%s: no expected file %s\n", de->d_name, epath);
                failures++;
            } else {
                int n = print_diff(de->d_name, want, got);
                /* fields the expected file has and we no longer produce */
                const char *key;
                json_t *v;
                json_object_foreach(want, key, v)
                {
                    if (!json_object_get(got, key)) {
                        printf("%s: field %s missing\n", de->d_name, key);
                        n++;
                    }
                }
                failures += n > 0;
                json_decref(want);
            }
        }
        json_decref(got);
        free(data);
        tp_arena_reset(arena);
    }
    closedir(d);
    printf("golden files: %d, failing: %d\n", files, failures);
    tp_arena_destroy(arena);
    tp_normalizer_destroy(nz_t);
    tp_normalizer_destroy(nz_m);
    assert_true(files >= 10);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
