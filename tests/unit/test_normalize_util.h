/*
 * test_normalize_util.h — helpers shared by the normalizer tests: read a
 * file, encode the article fields the tests compare as JSON (jansson; the
 * tests do not depend on the event encoder), run the normalizer on a file.
 * Header-only, each test includes it once.
 */
#ifndef TP_TEST_NORMALIZE_UTIL_H
#define TP_TEST_NORMALIZE_UTIL_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp/normalizer.h"

/* Reads a whole file (malloc'd, NUL-terminated); NULL when unreadable. */
static inline char *tnu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* A JSON string or null. */
static inline json_t *tnu_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A JSON array of strings. */
static inline json_t *tnu_strs(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

/* The article fields the golden files hold. */
static inline json_t *tnu_article_json(const tp_article_t *art)
{
    json_t *o = json_object();
    json_object_set_new(o, "title", tnu_str(art->title));
    json_object_set_new(o, "published_at", tnu_str(art->published_at));
    json_object_set_new(o, "authors", tnu_strs(art->authors, art->n_authors));
    json_object_set_new(o, "agency", tnu_str(art->agency));
    json_object_set_new(o, "lead", tnu_str(art->lead));
    json_object_set_new(o, "body", json_stringn(art->body, art->body_len));
    json_t *ps = json_array();
    for (size_t i = 0; i < art->n_paragraphs; i++) {
        json_t *p = json_array();
        json_array_append_new(p, json_integer(art->paragraphs[i].start));
        json_array_append_new(p, json_integer(art->paragraphs[i].end));
        json_array_append_new(ps, p);
    }
    json_object_set_new(o, "paragraphs", ps);
    json_object_set_new(o, "captions", tnu_strs(art->captions, art->n_captions));
    json_object_set_new(o, "tags", tnu_strs(art->tags, art->n_tags));
    json_object_set_new(o, "view_count", art->view_count >= 0
                                             ? json_integer(art->view_count)
                                             : json_null());
    json_t *rm = json_array();
    for (size_t i = 0; i < art->n_removed; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "kind", json_string(art->removed[i].kind));
        json_object_set_new(r, "text", json_string(art->removed[i].text));
        json_array_append_new(rm, r);
    }
    json_object_set_new(o, "removed", rm);
    json_object_set_new(o, "content_hash", json_string(art->content_hash));
    return o;
}

#endif
