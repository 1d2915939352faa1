/*
 * test_normalize_seeds.c — the normalizer on real crawler output: for
 * every seed in TP_SEEDS_DIR with a gold file in TP_GOLD_DIR, checks
 * title, published (date part), authors, and that no boilerplate string
 * is left in the body; prints every difference. Skips, saying so, when
 * the directories are absent. TP_NORM_DUMP=1 prints each article.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_normalize_util.h"

/* Compares a string field with the gold value (absent: not scored; null:
 * the article must not have the field, e.g. no invented published date). */
static int check_str(const char *file, const char *field, json_t *gold,
                     const char *got, size_t cmp_len)
{
    if (!gold)
        return 0;
    if (json_is_null(gold)) {
        if (!got)
            return 0;
        printf("%s: %s differs\n  want: null\n  got:  %s\n", file, field, got);
        return 1;
    }
    const char *want = json_string_value(gold);
    if (got && want &&
        (cmp_len ? strncmp(got, want, cmp_len) == 0 : strcmp(got, want) == 0))
        return 0;
    printf("%s: %s differs\n  want: %s\n  got:  %s\n", file, field,
           want ? want : "(null)", got ? got : "(null)");
    return 1;
}

/* Runs every seed against its gold file. */
static void test_seeds_against_gold(void **state)
{
    (void)state;
    const char *seeds = getenv("TP_SEEDS_DIR");
    const char *gold = getenv("TP_GOLD_DIR");
    DIR *d = seeds && gold ? opendir(seeds) : NULL;
    if (!d) {
        printf("skipped: TP_SEEDS_DIR/TP_GOLD_DIR not set or not readable\n");
        skip();
        return;
    }
    tp_normalizer_t *nz = tp_normalizer_new(NULL, NULL, 0);
    tp_arena_t *arena = tp_arena_new(0);
    int failures = 0, checked = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t nl = strlen(de->d_name);
        if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") != 0)
            continue;
        char path[4096], gpath[4096];
        snprintf(path, sizeof path, "%s/%s", seeds, de->d_name);
        snprintf(gpath, sizeof gpath, "%s/%s.gold.json", gold, de->d_name);
        json_error_t je;
        json_t *g = json_load_file(gpath, 0, &je);
        if (!g) {
            printf("%s: no gold file, not checked\n", de->d_name);
            continue;
        }
        size_t len = 0;
        char *data = tnu_read_file(path, &len);
        assert_non_null(data);
        tp_raw_article_t raw = {.data = data, .len = len, .partition = -1};
        tp_article_t art;
        tp_error_t err;
        tp_err_t rc = tp_normalize(nz, arena, &raw, &art, &err);
        checked++;
        if (rc != TP_OK) {
            printf("%s: normalize failed: %s: %s\n", de->d_name, err.cls,
                   err.msg);
            failures++;
        } else {
            if (getenv("TP_NORM_DUMP")) {
                json_t *j = tnu_article_json(&art);
                char *s = json_dumps(j, JSON_INDENT(1) | JSON_ENSURE_ASCII * 0);
                printf("== %s\n%s\n", de->d_name, s);
                free(s);
                json_decref(j);
            }
            failures += check_str(de->d_name, "title",
                                  json_object_get(g, "title"), art.title, 0);
            failures += check_str(de->d_name, "published",
                                  json_object_get(g, "published"),
                                  art.published_at, 10);
            json_t *ga = json_object_get(g, "authors");
            json_t *ours = tnu_strs(art.authors, art.n_authors);
            if (ga && !json_equal(ga, ours)) {
                char *w = json_dumps(ga, 0), *o = json_dumps(ours, 0);
                printf("%s: authors differ\n  want: %s\n  got:  %s\n",
                       de->d_name, w, o);
                free(w);
                free(o);
                failures++;
            }
            json_decref(ours);
            json_t *bp = json_object_get(g, "boilerplate");
            for (size_t i = 0; bp && i < json_array_size(bp); i++) {
                const char *s = json_string_value(json_array_get(bp, i));
                if (s && strstr(art.body, s)) {
                    printf("%s: boilerplate left in body: \"%s\"\n",
                           de->d_name, s);
                    failures++;
                }
            }
        }
        json_decref(g);
        free(data);
        tp_arena_reset(arena);
    }
    closedir(d);
    printf("seeds checked: %d, differences: %d\n", checked, failures);
    tp_arena_destroy(arena);
    tp_normalizer_destroy(nz);
    assert_true(checked > 0);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds_against_gold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
