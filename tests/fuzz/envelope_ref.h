/*
 * envelope_ref.h — the jansson reading of a JSON envelope, as
 * tp_normalize() does it (json_loadb with flags 0, then each wanted field
 * a string or null or absent), for checking envelope.c against it: the
 * fuzz target fuzz_envelope.c and the unit test test_normalize_envelope.c
 * include it. Header-only.
 */
#ifndef TP_TEST_ENVELOPE_REF_H
#define TP_TEST_ENVELOPE_REF_H

#include <jansson.h>
#include <string.h>

#include "text/text_internal.h"

/* What jansson's path finds: ok 0 when it fails (invalid JSON, not an
 * object, a wanted field of another type, neither text nor html), else
 * the fields (borrowed from root, which the caller json_decref()s). */
typedef struct envref {
    int ok;
    json_t *root;
    const char *val[7];
    size_t len[7];
} envref_t;

static const char *const envref_keys[7] = {
    "url", "site", "fetched_at", "published_at", "title", "text", "html",
};

/* Reads s[0..n) the way tp_normalize()'s jansson path does. */
static inline envref_t envref_read(const char *s, size_t n)
{
    envref_t r = {0};
    json_error_t jerr;
    r.root = json_loadb(s, n, 0, &jerr);
    if (!r.root || !json_is_object(r.root))
        return r;
    for (int k = 0; k < 7; k++) {
        json_t *v = json_object_get(r.root, envref_keys[k]);
        if (!v || json_is_null(v))
            continue;
        if (!json_is_string(v))
            return r;
        r.val[k] = json_string_value(v);
        r.len[k] = json_string_length(v);
    }
    r.ok = (r.val[6] && r.len[6]) || r.val[5];
    return r;
}

/* The fields of a tp__envelope_t in envref's order. */
static inline void envref_fields(const tp__envelope_t *e, const char *val[7],
                                 size_t len[7])
{
    const char *v[7] = {e->url,   e->site, e->fetched_at, e->published_at,
                        e->title, e->text, e->html};
    for (int k = 0; k < 7; k++) {
        val[k] = v[k];
        len[k] = v[k] ? strlen(v[k]) : 0;
    }
    /* text and html carry their own lengths (strlen above must agree:
     * jansson refuses \u0000, so no value holds a NUL) */
    if (e->text && e->text_len != len[5])
        len[5] = (size_t)-1;
    if (e->html && e->html_len != len[6])
        len[6] = (size_t)-1;
}

/* 1 when the fast path's fields are the jansson path's, byte for byte. */
static inline int envref_same(const envref_t *r, const tp__envelope_t *e)
{
    const char *val[7];
    size_t len[7];
    envref_fields(e, val, len);
    if (!r->ok)
        return 0;
    for (int k = 0; k < 7; k++) {
        if (!val[k] != !r->val[k])
            return 0;
        if (val[k] &&
            (len[k] != r->len[k] || memcmp(val[k], r->val[k], len[k]) != 0))
            return 0;
    }
    return 1;
}

#endif
