/*
 * normalize.c — tp_normalize(): one raw message in, one normalized article
 * out. The steps, each in its own file:
 *
 *   envelope or bare document (jansson) → encoding.c (legacy charsets,
 *   mojibake) → html.c when it is HTML → clean.c (characters, NFC, tone,
 *   lines) → structure.c (title, date, lead, byline, chrome) → hash.c
 *   (content hash, simhash, article id).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"
#include "tp/normalizer.h"

#define TP__DEFAULT_MAX_BYTES (8u * 1024 * 1024)

struct tp_normalizer {
    tp_normalizer_opts_t opts;
};

/* Creates a normalizer; opts NULL means defaults. */
tp_normalizer_t *tp_normalizer_new(const tp_normalizer_opts_t *opts,
                                   char *errstr, size_t errstr_size)
{
    if (opts && opts->tone_style != TP_TONE_TRADITIONAL &&
        opts->tone_style != TP_TONE_MODERN) {
        if (errstr && errstr_size)
            snprintf(errstr, errstr_size, "unknown tone style %d",
                     (int)opts->tone_style);
        return NULL;
    }
    tp_normalizer_t *nz = calloc(1, sizeof *nz);
    if (!nz) {
        if (errstr && errstr_size)
            snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    if (opts)
        nz->opts = *opts;
    if (!nz->opts.max_article_bytes)
        nz->opts.max_article_bytes = TP__DEFAULT_MAX_BYTES;
    return nz;
}

/* Releases a normalizer; NULL is a no-op. */
void tp_normalizer_destroy(tp_normalizer_t *nz)
{
    free(nz);
}

/* The envelope's fields, borrowed from the jansson tree or the headers. */
typedef struct tp__src {
    const char *url, *site, *fetched_at, *published_at, *title;
    const char *content;
    size_t content_len;
    int is_html;
} tp__src_t;

/* Reads an optional string field; returns 0 and fills err when the field
 * has another type. */
static int tp__env_str(json_t *obj, const char *key, const char **out,
                       size_t *len, tp_error_t *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 1;
    if (!json_is_string(v)) {
        tp_error_set(err, TP_ERR_INPUT, "schema",
                     "envelope field \"%s\" is not a string", key);
        return 0;
    }
    *out = json_string_value(v);
    if (len)
        *len = json_string_length(v);
    return 1;
}

/* Copies a borrowed string into the arena (NULL stays NULL). */
static const char *tp__dup(tp_arena_t *a, const char *s)
{
    return s ? tp_arena_strdup(a, s) : NULL;
}

/* Parses a date given as metadata into "...+07:00"; NULL if unreadable. */
static const char *tp__meta_date(tp_arena_t *a, const char *s,
                                 tp__datetime_t *d)
{
    if (!s)
        return NULL;
    tp__datetime_t tmp;
    if (!d)
        d = &tmp;
    if (!tp__date_parse(s, strlen(s), d))
        return NULL;
    return tp__date_format(a, d);
}

/* 1 when the first non-space byte is '{'. */
static int tp__starts_json(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i < n && s[i] == '{';
}

/* The normalization after the envelope is read. */
static tp_err_t tp__normalize_src(tp_normalizer_t *nz, tp_arena_t *a,
                                  const tp_raw_article_t *in, tp__src_t *src,
                                  tp_article_t *out, tp_error_t *err)
{
    tp_tone_style_t style = nz->opts.tone_style;
    tp__hints_t h = {0};
    tp__html_meta_t meta = {0};
    tp__lines_t ls = {0};
    if (!src->is_html && in->content_type && strstr(in->content_type, "html"))
        src->is_html = 1;
    /* Plain text that is clean UTF-8 (what tp__encoding_fix() returns as
     * it is) is checked while it is cleaned, in one pass over it. */
    int cleaned = !src->is_html &&
                  !tp__looks_like_html(src->content, src->content_len) &&
                  tp__clean_lines_utf8(a, src->content, src->content_len,
                                       style, &ls);
    size_t tl = 0;
    const char *enc = NULL;
    char *text = cleaned ? NULL
                         : tp__encoding_fix(a, src->content, src->content_len,
                                            &tl, &enc);
    if (!cleaned && !text)
        return tp_error_set(err, TP_ERR_INPUT, "encoding",
                            "not valid utf-8 and no legacy vietnamese "
                            "encoding fits (%zu bytes)",
                            src->content_len);
    if (!cleaned && !src->is_html && tp__looks_like_html(text, tl))
        src->is_html = 1;
    if (src->is_html) {
        size_t depth = tp__html_depth(text, tl, TP__HTML_MAX_PARSE_DEPTH);
        if (depth > TP__HTML_MAX_PARSE_DEPTH)
            return tp_error_set(err, TP_ERR_INPUT, "html",
                                "elements nested more than %d deep; refused "
                                "before parsing",
                                TP__HTML_MAX_PARSE_DEPTH);
        size_t hl;
        char *ht = tp__html_to_text(a, text, tl, &meta, &hl);
        if (!ht)
            return tp_error_set(err, TP_ERR_INPUT, "html",
                                "html parser gave no document");
        text = ht;
        tl = hl;
    }
    if (!cleaned)
        tp__clean_lines(a, text, tl, style, &ls);
    if (ls.n == 0)
        return tp_error_set(err, TP_ERR_INPUT, "empty",
                            "no text left after cleaning");

    /* Hints: the envelope wins over markup. */
    const char *title = src->title ? src->title : meta.title;
    if (title)
        h.title = tp__clean_field(a, title, strlen(title), style);
    tp__datetime_t fd;
    if (src->fetched_at && tp__date_parse(src->fetched_at,
                                          strlen(src->fetched_at), &fd))
        h.year = fd.year;
    h.published_at = tp__meta_date(a, src->published_at, NULL);
    if (!h.published_at)
        h.published_at = tp__meta_date(a, meta.published, NULL);
    if (meta.author)
        h.author = tp__clean_field(a, meta.author, strlen(meta.author), style);
    if (meta.n_captions) {
        h.captions = tp_arena_alloc(a, meta.n_captions * sizeof *h.captions);
        for (size_t i = 0; i < meta.n_captions; i++) {
            const char *c = tp__clean_field(a, meta.captions[i],
                                            strlen(meta.captions[i]), style);
            if (c)
                h.captions[h.n_captions++] = c;
        }
    }

    tp__structure(a, &ls, &h, out);
    if (out->body_len == 0)
        return tp_error_set(err, TP_ERR_INPUT, "empty",
                            "no article text left after removing site chrome");
    out->body_clean = 1; /* lines of cleaned UTF-8 joined by '\n' */

    /* Markup extras: tags and dropped blocks. */
    if (meta.n_tags && !out->n_tags) {
        out->tags = tp_arena_alloc(a, meta.n_tags * sizeof *out->tags);
        for (size_t i = 0; i < meta.n_tags; i++) {
            const char *t = tp__clean_field(a, meta.tags[i],
                                            strlen(meta.tags[i]), style);
            if (t)
                out->tags[out->n_tags++] = t;
        }
    }
    if (meta.n_removed) {
        tp_removed_t *r = tp_arena_alloc(
            a, (out->n_removed + meta.n_removed) * sizeof *r);
        if (out->n_removed)
            memcpy(r, out->removed, out->n_removed * sizeof *r);
        memcpy(r + out->n_removed, meta.removed, meta.n_removed * sizeof *r);
        out->removed = r;
        out->n_removed += meta.n_removed;
    }
    if (!src->url && meta.url)
        src->url = meta.url;
    if (!src->site && meta.site)
        src->site = meta.site;

    out->url = tp__dup(a, src->url);
    out->site = tp__dup(a, src->site);
    out->fetched_at = tp__dup(a, src->fetched_at);
    tp__hash_body(out);
    if (in->key && in->key_len)
        tp__article_id(out->article_id, in->key, in->key_len);
    else if (out->url && *out->url)
        tp__article_id(out->article_id, out->url, strlen(out->url));
    else /* title, newline, body */
        tp__article_id_parts(out->article_id, out->title ? out->title : "",
                             out->title ? strlen(out->title) : 0, out->body,
                             out->body_len);
    return TP_OK;
}

/* Normalizes one raw article; see tp/normalizer.h. */
tp_err_t tp_normalize(tp_normalizer_t *nz, tp_arena_t *arena,
                      const tp_raw_article_t *in, tp_article_t *out,
                      tp_error_t *err)
{
    tp_article_init(out);
    tp_error_clear(err);
    out->topic = in->topic ? tp_arena_strdup(arena, in->topic) : NULL;
    out->partition = in->partition;
    out->offset = in->offset;
    out->normalizer_version = TP_NORMALIZER_VERSION;
    if (!in->data && in->len)
        return tp_error_set(err, TP_ERR_INPUT, "empty", "message has no value");
    if (in->len > nz->opts.max_article_bytes)
        return tp_error_set(err, TP_ERR_INPUT, "too_large",
                            "article of %zu bytes exceeds max_article_bytes %zu",
                            in->len, nz->opts.max_article_bytes);
    if (in->len == 0)
        return tp_error_set(err, TP_ERR_INPUT, "empty", "message is empty");

    tp__src_t src = {
        .url = in->url, .site = in->site, .fetched_at = in->fetched_at,
        .published_at = in->published_at, .title = in->title,
        .content = in->data, .content_len = in->len,
    };
    int is_json = tp__starts_json(in->data, in->len) ||
                  (in->content_type && strstr(in->content_type, "json"));
    if (!is_json)
        return tp__normalize_src(nz, arena, in, &src, out, err);

    /* The common envelope without a jansson tree (envelope.c); what it
     * declines, jansson reads below. */
    tp__envelope_t env;
    if (tp__envelope_parse(arena, in->data, in->len, &env)) {
        if (env.url)
            src.url = env.url;
        if (env.site)
            src.site = env.site;
        if (env.fetched_at)
            src.fetched_at = env.fetched_at;
        if (env.published_at)
            src.published_at = env.published_at;
        if (env.title)
            src.title = env.title;
        src.is_html = env.html && env.html_len;
        src.content = src.is_html ? env.html : env.text;
        src.content_len = src.is_html ? env.html_len : env.text_len;
        return tp__normalize_src(nz, arena, in, &src, out, err);
    }
    json_error_t jerr;
    json_t *root = json_loadb(in->data, in->len, 0, &jerr);
    if (!root)
        return tp_error_set(err, TP_ERR_INPUT, "json",
                            "invalid json envelope at line %d column %d: %s",
                            jerr.line, jerr.column, jerr.text);
    tp_err_t rc = TP_OK;
    if (!json_is_object(root)) {
        rc = tp_error_set(err, TP_ERR_INPUT, "schema",
                          "envelope is not a json object");
        goto done;
    }
    const char *text = NULL, *html = NULL;
    size_t text_len = 0, html_len = 0;
    if (!tp__env_str(root, "url", &src.url, NULL, err) ||
        !tp__env_str(root, "site", &src.site, NULL, err) ||
        !tp__env_str(root, "fetched_at", &src.fetched_at, NULL, err) ||
        !tp__env_str(root, "published_at", &src.published_at, NULL, err) ||
        !tp__env_str(root, "title", &src.title, NULL, err) ||
        !tp__env_str(root, "text", &text, &text_len, err) ||
        !tp__env_str(root, "html", &html, &html_len, err)) {
        rc = TP_ERR_INPUT;
        goto done;
    }
    if (html && html_len) {
        src.content = html;
        src.content_len = html_len;
        src.is_html = 1;
    } else if (text) {
        src.content = text;
        src.content_len = text_len;
    } else {
        rc = tp_error_set(err, TP_ERR_INPUT, "schema",
                          "envelope has neither \"text\" nor \"html\"");
        goto done;
    }
    /* Copy what outlives the json tree. */
    src.url = tp__dup(arena, src.url);
    src.site = tp__dup(arena, src.site);
    src.fetched_at = tp__dup(arena, src.fetched_at);
    src.published_at = tp__dup(arena, src.published_at);
    src.title = tp__dup(arena, src.title);
    src.content = tp_arena_strndup(arena, src.content, src.content_len);
    rc = tp__normalize_src(nz, arena, in, &src, out, err);
done:
    json_decref(root);
    return rc;
}
