/*
 * event.c — the contract (tp/event.h): a tp_article_t to and from a
 * "tinpipe.article/1" JSON event, with jansson. Key order follows
 * article-event-v1.md so that events read well; strings stay UTF-8.
 */
#include "tp/event.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>


/* A JSON string, or null for NULL. */
static json_t *tp__jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* An array of strings. */
static json_t *tp__jstrs(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, tp__jstr(v[i]));
    return a;
}

/* [[start, end], ...] */
static json_t *tp__jspans(const tp_span_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("[II]", (json_int_t)v[i].start,
                                           (json_int_t)v[i].end));
    return a;
}

/* A typed field value: a number when flagged and parseable, else a string. */
static json_t *tp__jfield(const tp_field_t *f)
{
    if (f->is_number && f->value) {
        char *end;
        long long ll = strtoll(f->value, &end, 10);
        if (*end == '\0' && end != f->value)
            return json_integer(ll);
        double d = strtod(f->value, &end);
        if (*end == '\0' && end != f->value)
            return json_real(d);
    }
    return tp__jstr(f->value);
}

/* One entity: type, key, name, its typed fields, positions, mentions. */
static json_t *tp__jentity(const tp_entity_t *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(tp_entity_type_name(e->type)));
    json_object_set_new(o, "key", tp__jstr(e->key));
    json_object_set_new(o, "name", tp__jstr(e->name));
    for (size_t i = 0; i < e->n_fields; i++) {
        const char *n = e->fields[i].name;
        if (strcmp(n, "type") && strcmp(n, "key") && strcmp(n, "name") &&
            strcmp(n, "positions") && strcmp(n, "mentions"))
            json_object_set_new(o, n, tp__jfield(&e->fields[i]));
    }
    if (e->type == TP_ENT_PERSON || e->n_positions) {
        json_t *ps = json_array();
        for (size_t i = 0; i < e->n_positions; i++)
            json_array_append_new(
                ps, json_pack("{s:o,s:o}", "title",
                              tp__jstr(e->positions[i].title), "organization",
                              tp__jstr(e->positions[i].organization)));
        json_object_set_new(o, "positions", ps);
    }
    json_t *ms = json_array();
    for (size_t i = 0; i < e->n_mentions; i++)
        json_array_append_new(ms, json_pack("{s:I,s:I}", "start",
                                            (json_int_t)e->mentions[i].start,
                                            "end",
                                            (json_int_t)e->mentions[i].end));
    json_object_set_new(o, "mentions", ms);
    return o;
}

/* Serializes o into the arena as compact UTF-8 JSON and frees o. */
static char *tp__jdump(tp_arena_t *arena, json_t *o, size_t *out_len)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *r = tp_arena_strndup(arena, s, n);
    free(s);
    if (out_len)
        *out_len = n;
    return r;
}

char *tp_event_encode(tp_arena_t *arena, const tp_article_t *a, size_t *out_len)
{
    json_t *o = json_object();
    json_object_set_new(o, "schema", json_string(TP_EVENT_SCHEMA));
    json_object_set_new(o, "article_id", json_string(a->article_id));
    json_t *src = json_object();
    json_object_set_new(src, "url", tp__jstr(a->url));
    json_object_set_new(src, "site", tp__jstr(a->site));
    json_object_set_new(src, "topic", tp__jstr(a->topic));
    json_object_set_new(src, "partition",
                        a->topic ? json_integer(a->partition) : json_null());
    json_object_set_new(src, "offset",
                        a->topic ? json_integer(a->offset) : json_null());
    json_object_set_new(src, "fetched_at", tp__jstr(a->fetched_at));
    json_object_set_new(o, "source", src);
    json_object_set_new(o, "title", tp__jstr(a->title));
    json_object_set_new(o, "published_at", tp__jstr(a->published_at));
    json_object_set_new(o, "authors", tp__jstrs(a->authors, a->n_authors));
    json_object_set_new(o, "agency", tp__jstr(a->agency));
    json_object_set_new(o, "lead", tp__jstr(a->lead));
    json_object_set_new(o, "body",
                        json_stringn(a->body ? a->body : "", a->body_len));
    json_object_set_new(o, "paragraphs",
                        tp__jspans(a->paragraphs, a->n_paragraphs));
    json_object_set_new(o, "captions", tp__jstrs(a->captions, a->n_captions));
    json_object_set_new(o, "tags", tp__jstrs(a->tags, a->n_tags));
    json_object_set_new(o, "view_count", a->view_count >= 0
                                             ? json_integer(a->view_count)
                                             : json_null());
    json_t *rm = json_array();
    for (size_t i = 0; i < a->n_removed; i++)
        json_array_append_new(rm, json_pack("{s:o,s:o}", "kind",
                                            tp__jstr(a->removed[i].kind),
                                            "text",
                                            tp__jstr(a->removed[i].text)));
    json_object_set_new(o, "removed", rm);
    json_object_set_new(o, "content_hash", json_string(a->content_hash));
    json_object_set_new(o, "simhash", json_string(a->simhash));
    json_object_set_new(
        o, "versions",
        json_pack("{s:o,s:o,s:o}", "normalizer",
                  tp__jstr(a->normalizer_version), "extractor",
                  tp__jstr(a->extractor_version), "gazetteer",
                  tp__jstr(a->gazetteer_version)));
    json_t *ents = json_array();
    for (size_t i = 0; i < a->n_entities; i++)
        json_array_append_new(ents, tp__jentity(&a->entities[i]));
    json_object_set_new(o, "entities", ents);
    return tp__jdump(arena, o, out_len);
}

char *tp_event_encode_error(tp_arena_t *arena, const tp_raw_article_t *in,
                            const char *file, const tp_error_t *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "schema", json_string(TP_EVENT_SCHEMA));
    json_object_set_new(o, "error",
                        json_pack("{s:s,s:s}", "class", err->cls, "reason",
                                  err->msg));
    json_t *src = json_object();
    if (file)
        json_object_set_new(src, "file", json_string(file));
    if (in && in->topic) {
        json_object_set_new(src, "topic", json_string(in->topic));
        json_object_set_new(src, "partition", json_integer(in->partition));
        json_object_set_new(src, "offset", json_integer(in->offset));
    }
    json_object_set_new(o, "source", src);
    return tp__jdump(arena, o, NULL);
}

/*
 * Decoding. The event came over Kafka from another process, so every field
 * is checked: wrong types and offsets outside the body are "schema" errors.
 */

typedef struct tp_dec {
    tp_arena_t *arena;
    tp_error_t *err;
    int failed;
} tp_dec_t;

/* Records the first schema error. */
static void tp__dec_fail(tp_dec_t *d, const char *field, const char *what)
{
    if (!d->failed)
        tp_error_set(d->err, TP_ERR_INPUT, "schema", "field \"%s\": %s",
                     field, what);
    d->failed = 1;
}

/* An optional string field: NULL when absent or null. */
static const char *tp__dec_str(tp_dec_t *d, json_t *o, const char *field)
{
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        tp__dec_fail(d, field, "expected a string");
        return NULL;
    }
    return tp_arena_strndup(d->arena, json_string_value(v),
                            json_string_length(v));
}

/* An optional integer field; def when absent or null. */
static int64_t tp__dec_int(tp_dec_t *d, json_t *o, const char *field,
                           int64_t def)
{
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v))
        return def;
    if (!json_is_integer(v)) {
        tp__dec_fail(d, field, "expected an integer");
        return def;
    }
    return json_integer_value(v);
}

/* An array of strings; n receives its length. */
static const char **tp__dec_strs(tp_dec_t *d, json_t *o, const char *field,
                                 size_t *n)
{
    *n = 0;
    json_t *v = json_object_get(o, field);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_array(v)) {
        tp__dec_fail(d, field, "expected an array of strings");
        return NULL;
    }
    size_t len = json_array_size(v);
    const char **r = tp_arena_alloc(d->arena, (len + 1) * sizeof *r);
    for (size_t i = 0; i < len; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s)) {
            tp__dec_fail(d, field, "expected an array of strings");
            return NULL;
        }
        r[i] = tp_arena_strndup(d->arena, json_string_value(s),
                                json_string_length(s));
    }
    *n = len;
    return r;
}

/* Checks that [start, end) lies inside a body of body_len bytes. */
static int tp__dec_span(tp_dec_t *d, const char *field, json_int_t start,
                        json_int_t end, size_t body_len, tp_span_t *out)
{
    if (start < 0 || end < start || (size_t)end > body_len) {
        tp__dec_fail(d, field, "span outside the body");
        return -1;
    }
    out->start = (uint32_t)start;
    out->end = (uint32_t)end;
    return 0;
}

/* Reads one entity object into e. */
static void tp__dec_entity(tp_dec_t *d, json_t *o, size_t body_len,
                           tp_entity_t *e)
{
    if (!json_is_object(o)) {
        tp__dec_fail(d, "entities", "expected objects");
        return;
    }
    const char *type = tp__dec_str(d, o, "type");
    int t = type ? tp_entity_type_from_name(type) : -1;
    if (t < 0) {
        tp__dec_fail(d, "entities[].type", "unknown entity type");
        return;
    }
    e->type = (tp_entity_type_t)t;
    e->key = tp__dec_str(d, o, "key");
    e->name = tp__dec_str(d, o, "name");
    if (!e->key) {
        tp__dec_fail(d, "entities[].key", "missing");
        return;
    }
    size_t nf = json_object_size(o);
    e->fields = tp_arena_alloc(d->arena, nf * sizeof *e->fields + 1);
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (!strcmp(k, "type") || !strcmp(k, "key") || !strcmp(k, "name") ||
            !strcmp(k, "positions") || !strcmp(k, "mentions"))
            continue;
        tp_field_t *f = &e->fields[e->n_fields];
        if (json_is_string(v))
            f->value = tp_arena_strdup(d->arena, json_string_value(v));
        else if (json_is_integer(v)) {
            f->value = tp_arena_printf(d->arena, "%" JSON_INTEGER_FORMAT,
                                       json_integer_value(v));
            f->is_number = 1;
        } else if (json_is_real(v)) {
            f->value = tp_arena_printf(d->arena, "%.17g", json_real_value(v));
            f->is_number = 1;
        } else if (json_is_null(v))
            continue;
        else {
            tp__dec_fail(d, k, "entity fields are strings or numbers");
            return;
        }
        f->name = tp_arena_strdup(d->arena, k);
        e->n_fields++;
    }
    json_t *ps = json_object_get(o, "positions");
    if (ps && json_is_array(ps)) {
        e->positions = tp_arena_alloc(d->arena, json_array_size(ps) *
                                                    sizeof *e->positions + 1);
        size_t i;
        json_t *p;
        json_array_foreach(ps, i, p)
        {
            if (!json_is_object(p)) {
                tp__dec_fail(d, "positions", "expected objects");
                return;
            }
            e->positions[i].title = tp__dec_str(d, p, "title");
            e->positions[i].organization = tp__dec_str(d, p, "organization");
            e->n_positions++;
        }
    } else if (ps && !json_is_null(ps)) {
        tp__dec_fail(d, "positions", "expected an array");
    }
    json_t *ms = json_object_get(o, "mentions");
    if (ms && json_is_array(ms)) {
        e->mentions = tp_arena_alloc(d->arena, json_array_size(ms) *
                                                   sizeof *e->mentions + 1);
        size_t i;
        json_t *m;
        json_array_foreach(ms, i, m)
        {
            json_t *s = json_object_get(m, "start"), *en = json_object_get(m, "end");
            if (!json_is_integer(s) || !json_is_integer(en)) {
                tp__dec_fail(d, "mentions", "expected {start, end} integers");
                return;
            }
            if (tp__dec_span(d, "mentions", json_integer_value(s),
                             json_integer_value(en), body_len,
                             &e->mentions[e->n_mentions]) == 0)
                e->n_mentions++;
        }
    } else if (ms && !json_is_null(ms)) {
        tp__dec_fail(d, "mentions", "expected an array");
    }
}

/* Copies s (at most n bytes) into a fixed buffer if it is lower-case hex. */
static void tp__dec_hex(tp_dec_t *d, json_t *o, const char *field, char *out,
                        size_t cap, int required)
{
    const char *s = tp__dec_str(d, o, field);
    if (!s) {
        if (required)
            tp__dec_fail(d, field, "missing");
        return;
    }
    size_t n = strlen(s);
    if (n == 0 || n >= cap || strspn(s, "0123456789abcdef") != n) {
        tp__dec_fail(d, field, "expected a hex digest");
        return;
    }
    memcpy(out, s, n + 1);
}

tp_err_t tp_event_decode(tp_arena_t *arena, const char *json, size_t len,
                         tp_article_t *a, tp_error_t *err)
{
    tp_article_init(a);
    json_error_t jerr;
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o)
        return tp_error_set(err, TP_ERR_INPUT, "json",
                            "invalid JSON at line %d column %d: %s", jerr.line,
                            jerr.column, jerr.text);
    tp_dec_t d = {arena, err, 0};
    if (!json_is_object(o)) {
        json_decref(o);
        return tp_error_set(err, TP_ERR_INPUT, "schema",
                            "an event is a JSON object");
    }
    const char *schema = tp__dec_str(&d, o, "schema");
    if (!schema || strcmp(schema, TP_EVENT_SCHEMA) != 0) {
        json_decref(o);
        return tp_error_set(err, TP_ERR_INPUT, "schema",
                            "field \"schema\": expected \"%s\", got \"%s\"",
                            TP_EVENT_SCHEMA, schema ? schema : "(none)");
    }
    tp__dec_hex(&d, o, "article_id", a->article_id, sizeof a->article_id, 1);
    json_t *src = json_object_get(o, "source");
    if (src && json_is_object(src)) {
        a->url = tp__dec_str(&d, src, "url");
        a->site = tp__dec_str(&d, src, "site");
        a->topic = tp__dec_str(&d, src, "topic");
        a->partition = (int32_t)tp__dec_int(&d, src, "partition", -1);
        a->offset = tp__dec_int(&d, src, "offset", -1);
        a->fetched_at = tp__dec_str(&d, src, "fetched_at");
    } else if (src && !json_is_null(src)) {
        tp__dec_fail(&d, "source", "expected an object");
    }
    a->title = tp__dec_str(&d, o, "title");
    a->published_at = tp__dec_str(&d, o, "published_at");
    a->authors = tp__dec_strs(&d, o, "authors", &a->n_authors);
    a->agency = tp__dec_str(&d, o, "agency");
    a->lead = tp__dec_str(&d, o, "lead");
    json_t *body = json_object_get(o, "body");
    if (!json_is_string(body)) {
        tp__dec_fail(&d, "body", "expected a string");
    } else {
        a->body_len = json_string_length(body);
        a->body = tp_arena_strndup(arena, json_string_value(body), a->body_len);
    }
    json_t *ps = json_object_get(o, "paragraphs");
    if (ps && json_is_array(ps)) {
        a->paragraphs = tp_arena_alloc(arena, json_array_size(ps) *
                                                  sizeof *a->paragraphs + 1);
        size_t i;
        json_t *p;
        json_array_foreach(ps, i, p)
        {
            if (!json_is_array(p) || json_array_size(p) != 2 ||
                !json_is_integer(json_array_get(p, 0)) ||
                !json_is_integer(json_array_get(p, 1))) {
                tp__dec_fail(&d, "paragraphs", "expected [start, end] pairs");
                break;
            }
            if (tp__dec_span(&d, "paragraphs",
                             json_integer_value(json_array_get(p, 0)),
                             json_integer_value(json_array_get(p, 1)),
                             a->body_len, &a->paragraphs[a->n_paragraphs]) == 0)
                a->n_paragraphs++;
        }
    } else if (ps && !json_is_null(ps)) {
        tp__dec_fail(&d, "paragraphs", "expected an array");
    }
    a->captions = tp__dec_strs(&d, o, "captions", &a->n_captions);
    a->tags = tp__dec_strs(&d, o, "tags", &a->n_tags);
    a->view_count = tp__dec_int(&d, o, "view_count", -1);
    json_t *rm = json_object_get(o, "removed");
    if (rm && json_is_array(rm)) {
        a->removed = tp_arena_alloc(arena, json_array_size(rm) *
                                               sizeof *a->removed + 1);
        size_t i;
        json_t *r;
        json_array_foreach(rm, i, r)
        {
            if (!json_is_object(r)) {
                tp__dec_fail(&d, "removed", "expected objects");
                break;
            }
            a->removed[i].kind = tp__dec_str(&d, r, "kind");
            a->removed[i].text = tp__dec_str(&d, r, "text");
            a->n_removed++;
        }
    }
    tp__dec_hex(&d, o, "content_hash", a->content_hash, sizeof a->content_hash, 0);
    tp__dec_hex(&d, o, "simhash", a->simhash, sizeof a->simhash, 0);
    json_t *ver = json_object_get(o, "versions");
    if (ver && json_is_object(ver)) {
        a->normalizer_version = tp__dec_str(&d, ver, "normalizer");
        a->extractor_version = tp__dec_str(&d, ver, "extractor");
        a->gazetteer_version = tp__dec_str(&d, ver, "gazetteer");
    }
    json_t *ents = json_object_get(o, "entities");
    if (ents && json_is_array(ents)) {
        size_t n = json_array_size(ents);
        a->entities = tp_arena_alloc(arena, n * sizeof *a->entities + 1);
        for (size_t i = 0; i < n && !d.failed; i++)
            tp__dec_entity(&d, json_array_get(ents, i), a->body_len,
                           &a->entities[a->n_entities++]);
    } else if (ents && !json_is_null(ents)) {
        tp__dec_fail(&d, "entities", "expected an array");
    }
    json_decref(o);
    if (d.failed)
        return TP_ERR_INPUT;
    return TP_OK;
}
