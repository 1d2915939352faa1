/*
 * bench_normalize.c — throughput of tp_normalize() on one core, for plain
 * text and for HTML, over at least 20 MB of input each.
 *
 * Inputs: the crawler seeds in TP_SEEDS_DIR (or ../shared/seeds) and the
 * plain-text golden fixtures; HTML pages are the golden HTML fixtures and
 * the same seed articles laid out as a provincial site page (header, menu,
 * article, related list, comment form, footer). Each article is one
 * tp_normalize() call with an arena reset after it, as in the service.
 *
 *   bench_normalize [MB_PER_KIND [WHAT]]   (default 24, all)
 *
 * WHAT is "text" or "html" to run one kind only (for profilers), or
 * "gumbo" to time gumbo_parse() alone on the HTML pages: the ceiling of
 * the HTML path on this machine.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gumbo.h>

#include "tp/normalizer.h"

typedef struct doc {
    char *data;
    size_t len;
} doc_t;

typedef struct docs {
    doc_t *v;
    size_t n, cap;
} docs_t;

/* Appends a document (takes ownership of data). */
static void docs_add(docs_t *d, char *data, size_t len)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
    }
    d->v[d->n].data = data;
    d->v[d->n].len = len;
    d->n++;
}

/* Reads a file into memory. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t r = fread(b, 1, (size_t)n, f);
    fclose(f);
    b[r] = '\0';
    *len = r;
    return b;
}

/* Loads files of dir whose names end with one of the suffixes. */
static void load_dir(docs_t *d, const char *dir, const char *suffix)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        size_t nl = strlen(de->d_name), sl = strlen(suffix);
        if (nl < sl || strcmp(de->d_name + nl - sl, suffix) != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *b = read_file(path, &len);
        if (b)
            docs_add(d, b, len);
    }
    closedir(dh);
}

/* 1 when s is UTF-8 (no bytes above 0x7F outside valid sequences);
 * a coarse check that is enough to keep legacy bytes out of pages. */
static int tp__bench_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int k = p[i] < 0x80 ? 0 : p[i] >= 0xF0 ? 3 : p[i] >= 0xE0 ? 2 : p[i] >= 0xC2 ? 1 : -1;
        if (k < 0 || i + (size_t)k >= n + (k == 0))
            return 0;
        for (int j = 1; j <= k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* Lays a plain-text article out as a site page. */
static char *as_html_page(const doc_t *t, size_t *len)
{
    size_t cap = t->len * 2 + 4096, o = 0;
    char *h = malloc(cap);
    o += (size_t)snprintf(h + o, cap - o,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức"
        "</title><script>var x=1;</script><style>p{margin:0}</style></head>"
        "<body><header><div class=\"logo\">Cổng thông tin</div><nav><ul>"
        "<li><a href=\"/\">Trang chủ</a></li><li><a href=\"/a\">Giới thiệu"
        "</a></li><li><a href=\"/b\">Tin tức &amp; sự kiện</a></li></ul>"
        "</nav></header><div class=\"container\"><div class=\"main\">"
        "<div class=\"detail\">");
    const char *s = t->data, *end = t->data + t->len;
    int first = 1;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        if (e > s) {
            const char *tag = first ? "h1" : "p";
            o += (size_t)snprintf(h + o, cap - o, "<%s>%.*s</%s>\n", tag,
                                  (int)(e - s), s, tag);
            first = 0;
        }
        s = e + 1;
    }
    o += (size_t)snprintf(h + o, cap - o,
        "</div><div class=\"tinlienquan\"><h3>Tin liên quan</h3><ul>"
        "<li><a href=\"/1\">Hội nghị giao ban công tác dân vận</a></li>"
        "<li><a href=\"/2\">Kiểm tra việc thực hiện quy chế dân chủ</a></li>"
        "</ul></div><form><input name=\"ten\"><textarea></textarea>"
        "<button>Gửi bình luận</button></form></div><aside><h3>Thống kê"
        "</h3><p>Đang online: 38</p></aside></div><footer>Bản quyền &copy; "
        "2024</footer></body></html>");
    *len = o;
    return h;
}

/* Normalizes docs round-robin until mb megabytes went through; returns
 * MB per CPU second (one core; the machine may be shared) and the wall
 * clock rate in *wall_mbs. */
static double run(tp_normalizer_t *nz, tp_arena_t *arena, const docs_t *d,
                  const char *ctype, size_t mb, size_t *bytes, size_t *arts,
                  size_t *errors, double *wall_mbs)
{
    struct timespec t0, t1, c0, c1;
    size_t target = mb * 1000 * 1000;
    *bytes = *arts = *errors = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (size_t i = 0; *bytes < target; i++) {
        const doc_t *doc = &d->v[i % d->n];
        tp_raw_article_t raw = {.data = doc->data, .len = doc->len,
                                .content_type = ctype, .partition = -1};
        tp_article_t art;
        tp_error_t err;
        if (tp_normalize(nz, arena, &raw, &art, &err) != TP_OK)
            (*errors)++;
        tp_arena_reset(arena);
        *bytes += doc->len;
        (*arts)++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    double c = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
    *wall_mbs = (double)*bytes / 1e6 / s;
    return (double)*bytes / 1e6 / c;
}

/* gumbo allocator on an arena (as html.c sets it up). */
static void *bench_gumbo_alloc(void *ud, size_t size)
{
    return tp_arena_alloc((tp_arena_t *)ud, size);
}

/* gumbo deallocator on an arena: nothing until the reset. */
static void bench_gumbo_free(void *ud, void *ptr)
{
    (void)ud;
    (void)ptr;
}

/* Parses docs with gumbo alone round-robin until mb megabytes went
 * through; returns MB per CPU second. arena NULL: gumbo's default options
 * (malloc, every error recorded, tree freed); otherwise the options of
 * html.c (allocation from the arena, no error records, arena reset). */
static double run_gumbo(const docs_t *d, size_t mb, tp_arena_t *arena,
                        size_t *bytes, double *wall_mbs)
{
    GumboOptions opts = kGumboDefaultOptions;
    if (arena) {
        opts.allocator = bench_gumbo_alloc;
        opts.deallocator = bench_gumbo_free;
        opts.userdata = arena;
        opts.max_errors = 0;
    }
    struct timespec t0, t1, c0, c1;
    size_t target = mb * 1000 * 1000;
    *bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (size_t i = 0; *bytes < target; i++) {
        const doc_t *doc = &d->v[i % d->n];
        GumboOutput *g = gumbo_parse_with_options(&opts, doc->data,
                                                  doc->len);
        if (arena)
            tp_arena_reset(arena);
        else
            gumbo_destroy_output(&opts, g);
        *bytes += doc->len;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    double c = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
    *wall_mbs = (double)*bytes / 1e6 / s;
    return (double)*bytes / 1e6 / c;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atol(argv[1]) : 24;
    const char *what = argc > 2 ? argv[2] : "all";
    int do_text = !strcmp(what, "all") || !strcmp(what, "text");
    int do_html = !strcmp(what, "all") || !strcmp(what, "html");
    if (mb < 1)
        mb = 24;
    const char *seeds = getenv("TP_SEEDS_DIR");
    const char *src = getenv("TP_SOURCE_DIR");
    char golden[4096];
    snprintf(golden, sizeof golden, "%s/tests/golden/normalize",
             src ? src : ".");
    docs_t text = {0}, html = {0};
    load_dir(&text, seeds ? seeds : "../shared/seeds", ".txt");
    load_dir(&text, golden, ".txt");
    load_dir(&html, golden, ".html");
    size_t nt = text.n;
    for (size_t i = 0; i < nt; i++) {
        size_t len;
        if (!tp__bench_utf8(text.v[i].data, text.v[i].len))
            continue; /* legacy-encoded fixtures stay plain text */
        char *h = as_html_page(&text.v[i], &len);
        docs_add(&html, h, len);
    }
    if (!text.n || !html.n) {
        fprintf(stderr, "bench_normalize: no input (set TP_SEEDS_DIR or "
                        "TP_SOURCE_DIR)\n");
        return 1;
    }
    tp_normalizer_t *nz = tp_normalizer_new(NULL, NULL, 0);
    tp_arena_t *arena = tp_arena_new(1 << 20);
    size_t bytes, arts, errs;
    double wt, wh;
    if (do_text) {
        double t = run(nz, arena, &text, NULL, mb, &bytes, &arts, &errs, &wt);
        printf("plain text: %zu distinct docs, %.1f MB, %zu articles, %zu "
               "errors: %.1f MB/s per CPU second (%.1f MB/s wall)\n", text.n,
               bytes / 1e6, arts, errs, t, wt);
    }
    if (do_html) {
        double h = run(nz, arena, &html, "text/html", mb, &bytes, &arts,
                       &errs, &wh);
        printf("html:       %zu distinct docs, %.1f MB, %zu articles, %zu "
               "errors: %.1f MB/s per CPU second (%.1f MB/s wall)\n", html.n,
               bytes / 1e6, arts, errs, h, wh);
    }
    if (!strcmp(what, "gumbo")) {
        for (int k = 0; k < 2; k++) {
            double g = run_gumbo(&html, mb, k ? arena : NULL, &bytes, &wh);
            printf("gumbo only (%s): %zu distinct docs, %.1f MB: %.1f MB/s "
                   "per CPU second (%.1f MB/s wall)\n",
                   k ? "arena, as html.c" : "default options", html.n,
                   bytes / 1e6, g, wh);
        }
    }
    tp_arena_destroy(arena);
    tp_normalizer_destroy(nz);
    for (size_t i = 0; i < text.n; i++)
        free(text.v[i].data);
    for (size_t i = 0; i < html.n; i++)
        free(html.v[i].data);
    free(text.v);
    free(html.v);
    return 0;
}
