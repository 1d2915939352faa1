/*
 * event_fast.c — reads a "tinpipe.article/1" event without a jansson tree
 * when it has exactly the shape tp_event_encode() writes: compact, every
 * key in the encoder's order, strings or null where it writes them. The
 * strings are unescaped by envelope.c's reader (same rules as jansson:
 * UTF-8 checked, \u0000 and lone surrogates declined) into one buffer of
 * the event's size, so an event costs one pass and a few allocations
 * instead of a tree of them and a second copy.
 *
 * Anything else is declined (returns 0) and tp_event_decode() runs the
 * jansson reader, which stays the reference: every error (a wrong type, a
 * span outside the body, an unknown entity type, a bad digest, a
 * duplicate key, a number that might overflow) is declined here, so the
 * error messages are jansson's path's as before. What is accepted must
 * give what the jansson path gives, field by field: tests/fuzz/
 * fuzz_event_decode.c checks that.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event/event_internal.h"
#include "text/text_internal.h"

/* The most extra fields one entity may have here (the extractor writes a
 * handful); more are left to jansson. */
#define TP__EF_MAX_FIELDS 32

typedef struct tp_ef {
    tp_arena_t *arena;
    const char *p, *end;
    char *buf; /* unescaped strings, each NUL-terminated, never ahead of p */
    size_t used;
} tp_ef_t;

/* Consumes the n bytes of lit if they come next. */
static int tp__ef_lit(tp_ef_t *r, const char *lit, size_t n)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0)
        return 0;
    r->p += n;
    return 1;
}

/* Only for string literals. */
#define TP__EF_LIT(r, lit) tp__ef_lit((r), "" lit, sizeof(lit) - 1)

/* A string (the next byte must be '"'): its unescaped value in the buffer. */
static int tp__ef_str(tp_ef_t *r, const char **v, size_t *len)
{
    if (r->p == r->end || *r->p != '"')
        return 0;
    char *out = r->buf + r->used;
    size_t n;
    const char *q = tp__env_string(r->p + 1, r->end, out, &n);
    if (!q)
        return 0;
    r->p = q;
    r->used += n + 1;
    *v = out;
    if (len)
        *len = n;
    return 1;
}

/* A string, or null (NULL), as tp__dec_str() reads them. */
static int tp__ef_str_null(tp_ef_t *r, const char **v)
{
    if (TP__EF_LIT(r, "null")) {
        *v = NULL;
        return 1;
    }
    return tp__ef_str(r, v, NULL);
}

/* An integer jansson reads as one and without overflow: -?(0|[1-9]d*) of
 * at most 18 digits, not followed by what would make it a real or
 * something else ('.', 'e', 'E', a digit after a leading 0). */
static int tp__ef_int(tp_ef_t *r, int64_t *v)
{
    const char *p = r->p;
    int neg = p < r->end && *p == '-';
    p += neg;
    const char *d = p;
    int64_t x = 0;
    while (p < r->end && *p >= '0' && *p <= '9' && p - d < 18)
        x = x * 10 + (*p++ - '0');
    size_t nd = (size_t)(p - d);
    if (nd == 0 || (nd > 1 && *d == '0'))
        return 0;
    /* a 19th digit stops here too: declined, never overflowed */
    if (p < r->end &&
        (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9')))
        return 0;
    *v = neg ? -x : x;
    r->p = p;
    return 1;
}

/* An integer or null (def), as tp__dec_int() reads them. */
static int tp__ef_int_null(tp_ef_t *r, int64_t *v, int64_t def)
{
    if (TP__EF_LIT(r, "null")) {
        *v = def;
        return 1;
    }
    return tp__ef_int(r, v);
}

/* An array of strings, as tp__dec_strs() reads it (counted first: the
 * array is allocated at its size, as there). */
static int tp__ef_strs(tp_ef_t *r, const char ***out, size_t *n)
{
    if (!TP__EF_LIT(r, "["))
        return 0;
    /* the pointers go into an arena array that doubles as needed */
    size_t cap = 4, len = 0;
    const char **v = tp_arena_alloc(r->arena, (cap + 1) * sizeof *v);
    if (!TP__EF_LIT(r, "]")) {
        for (;;) {
            if (len == cap) {
                const char **w =
                    tp_arena_alloc(r->arena, (2 * cap + 1) * sizeof *w);
                memcpy(w, v, len * sizeof *v);
                v = w;
                cap *= 2;
            }
            if (!tp__ef_str(r, &v[len], NULL))
                return 0;
            len++;
            if (TP__EF_LIT(r, "]"))
                break;
            if (!TP__EF_LIT(r, ","))
                return 0;
        }
    }
    *out = v;
    *n = len;
    return 1;
}

/* [start, end) inside the body, as tp__dec_span() checks it. */
static int tp__ef_span(int64_t start, int64_t end, size_t body_len,
                       tp_span_t *out)
{
    if (start < 0 || end < start || (uint64_t)end > body_len)
        return 0;
    out->start = (uint32_t)start;
    out->end = (uint32_t)end;
    return 1;
}

/* A lower-case hex digest of 1..cap-1 digits into out, or null when not
 * required, as tp__dec_hex() reads it. */
static int tp__ef_hex(tp_ef_t *r, char *out, size_t cap, int required)
{
    const char *s;
    size_t n;
    if (TP__EF_LIT(r, "null"))
        return !required;
    if (!tp__ef_str(r, &s, &n))
        return 0;
    if (n == 0 || n >= cap || strspn(s, "0123456789abcdef") != n)
        return 0;
    memcpy(out, s, n + 1);
    return 1;
}

/* An entity field's number as the jansson path prints it: integers with
 * "%lld" (JSON_INTEGER_FORMAT), reals with "%.17g" of strtod's value
 * (jansson's own reading); a real that over- or underflows is declined. */
static int tp__ef_number(tp_ef_t *r, const char **value)
{
    int64_t i;
    const char *start = r->p;
    if (tp__ef_int(r, &i)) {
        *value = tp_arena_printf(r->arena, "%lld", (long long)i);
        return 1;
    }
    /* a real: a '.' or an exponent */
    size_t nd, ne;
    int real;
    const char *p = tp__json_number_end(start, r->end, &nd, &ne, &real);
    if (!p)
        return 0;
    char tmp[64];
    size_t n = (size_t)(p - start);
    if (!real || n >= sizeof tmp)
        return 0;
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    errno = 0;
    double v = strtod(tmp, NULL);
    if (errno || !isfinite(v))
        return 0;
    *value = tp_arena_printf(r->arena, "%.17g", v);
    r->p = p;
    return 1;
}

/* Room for one more element in an arena array of n elements of size sz
 * and capacity *cap: the array itself, or a copy of twice the capacity
 * (zeroed past the old elements) when it is full. */
static void *tp__ef_room(tp_ef_t *r, void *v, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return v;
    void *w = tp_arena_realloc(r->arena, v, *cap * sz + 1, 2 * *cap * sz + 1);
    *cap *= 2;
    return w;
}

/* {"title":..,"organization":..} objects, as tp__dec_entity() reads them. */
static int tp__ef_positions(tp_ef_t *r, tp_entity_t *e)
{
    size_t cap = 2;
    e->positions = tp_arena_alloc(r->arena, cap * sizeof *e->positions + 1);
    if (!TP__EF_LIT(r, "["))
        return 0;
    if (TP__EF_LIT(r, "]"))
        return 1;
    for (;;) {
        e->positions = tp__ef_room(r, e->positions, e->n_positions, &cap,
                                   sizeof *e->positions);
        tp_position_t *ps = &e->positions[e->n_positions];
        if (!TP__EF_LIT(r, "{\"title\":") || !tp__ef_str_null(r, &ps->title) ||
            !TP__EF_LIT(r, ",\"organization\":") ||
            !tp__ef_str_null(r, &ps->organization) || !TP__EF_LIT(r, "}"))
            return 0;
        e->n_positions++;
        if (TP__EF_LIT(r, "]"))
            return 1;
        if (!TP__EF_LIT(r, ","))
            return 0;
    }
}

/* {"start":..,"end":..} objects inside the body. */
static int tp__ef_mentions(tp_ef_t *r, tp_entity_t *e, size_t body_len)
{
    size_t cap = 4;
    e->mentions = tp_arena_alloc(r->arena, cap * sizeof *e->mentions + 1);
    if (!TP__EF_LIT(r, "["))
        return 0;
    if (TP__EF_LIT(r, "]"))
        return 1;
    for (;;) {
        e->mentions = tp__ef_room(r, e->mentions, e->n_mentions, &cap,
                                  sizeof *e->mentions);
        int64_t s, en;
        if (!TP__EF_LIT(r, "{\"start\":") || !tp__ef_int(r, &s) ||
            !TP__EF_LIT(r, ",\"end\":") || !tp__ef_int(r, &en) ||
            !TP__EF_LIT(r, "}") ||
            !tp__ef_span(s, en, body_len, &e->mentions[e->n_mentions]))
            return 0;
        e->n_mentions++;
        if (TP__EF_LIT(r, "]"))
            return 1;
        if (!TP__EF_LIT(r, ","))
            return 0;
    }
}

/* One entity: type, key, name, extra fields, positions (optional),
 * mentions; fields in their order, null ones skipped, as the jansson
 * path's json_object_foreach() gives them. A name repeated (jansson
 * refuses it) or any other order is declined. */
static int tp__ef_entity(tp_ef_t *r, tp_entity_t *e, size_t body_len)
{
    const char *type;
    if (!TP__EF_LIT(r, "{\"type\":") || !tp__ef_str(r, &type, NULL))
        return 0;
    int t = tp_entity_type_from_name(type);
    if (t < 0)
        return 0;
    e->type = (tp_entity_type_t)t;
    if (!TP__EF_LIT(r, ",\"key\":") || !tp__ef_str(r, &e->key, NULL) ||
        !TP__EF_LIT(r, ",\"name\":") || !tp__ef_str_null(r, &e->name))
        return 0;
    /* every extra key, null ones included, for the duplicate check */
    const char *names[TP__EF_MAX_FIELDS];
    size_t n_names = 0;
    tp_field_t fields[TP__EF_MAX_FIELDS];
    for (;;) {
        if (TP__EF_LIT(r, ",\"positions\":")) {
            if (!tp__ef_positions(r, e) || !TP__EF_LIT(r, ",\"mentions\":"))
                return 0;
            break;
        }
        if (TP__EF_LIT(r, ",\"mentions\":"))
            break;
        const char *k;
        if (!TP__EF_LIT(r, ",") || !tp__ef_str(r, &k, NULL) ||
            !TP__EF_LIT(r, ":") || n_names == TP__EF_MAX_FIELDS)
            return 0;
        if (!strcmp(k, "type") || !strcmp(k, "key") || !strcmp(k, "name") ||
            !strcmp(k, "positions") || !strcmp(k, "mentions"))
            return 0;
        for (size_t i = 0; i < n_names; i++)
            if (!strcmp(names[i], k))
                return 0;
        names[n_names++] = k;
        tp_field_t *f = &fields[e->n_fields];
        f->is_number = 0;
        if (TP__EF_LIT(r, "null"))
            continue;
        if (r->p < r->end && *r->p == '"') {
            if (!tp__ef_str(r, &f->value, NULL))
                return 0;
        } else {
            if (!tp__ef_number(r, &f->value))
                return 0;
            f->is_number = 1;
        }
        f->name = k;
        e->n_fields++;
    }
    e->fields = tp_arena_alloc(r->arena, e->n_fields * sizeof *e->fields + 1);
    memcpy(e->fields, fields, e->n_fields * sizeof *e->fields);
    return tp__ef_mentions(r, e, body_len) && TP__EF_LIT(r, "}");
}

/* The entities array. */
static int tp__ef_entities(tp_ef_t *r, tp_article_t *a)
{
    size_t cap = 8;
    a->entities = tp_arena_alloc(r->arena, cap * sizeof *a->entities + 1);
    if (!TP__EF_LIT(r, "["))
        return 0;
    if (TP__EF_LIT(r, "]"))
        return 1;
    for (;;) {
        a->entities = tp__ef_room(r, a->entities, a->n_entities, &cap,
                                  sizeof *a->entities);
        tp_entity_t *e = &a->entities[a->n_entities];
        memset(e, 0, sizeof *e);
        if (!tp__ef_entity(r, e, a->body_len))
            return 0;
        a->n_entities++;
        if (TP__EF_LIT(r, "]"))
            return 1;
        if (!TP__EF_LIT(r, ","))
            return 0;
    }
}

/* paragraphs: [[start,end],...] inside the body. */
static int tp__ef_paragraphs(tp_ef_t *r, tp_article_t *a)
{
    size_t cap = 16;
    a->paragraphs = tp_arena_alloc(r->arena, cap * sizeof *a->paragraphs + 1);
    if (!TP__EF_LIT(r, "["))
        return 0;
    if (TP__EF_LIT(r, "]"))
        return 1;
    for (;;) {
        a->paragraphs = tp__ef_room(r, a->paragraphs, a->n_paragraphs, &cap,
                                    sizeof *a->paragraphs);
        int64_t s, e;
        if (!TP__EF_LIT(r, "[") || !tp__ef_int(r, &s) || !TP__EF_LIT(r, ",") ||
            !tp__ef_int(r, &e) || !TP__EF_LIT(r, "]") ||
            !tp__ef_span(s, e, a->body_len, &a->paragraphs[a->n_paragraphs]))
            return 0;
        a->n_paragraphs++;
        if (TP__EF_LIT(r, "]"))
            return 1;
        if (!TP__EF_LIT(r, ","))
            return 0;
    }
}

/* removed: [{"kind":..,"text":..},...] */
static int tp__ef_removed(tp_ef_t *r, tp_article_t *a)
{
    size_t cap = 8;
    a->removed = tp_arena_alloc(r->arena, cap * sizeof *a->removed + 1);
    if (!TP__EF_LIT(r, "["))
        return 0;
    if (TP__EF_LIT(r, "]"))
        return 1;
    for (;;) {
        a->removed =
            tp__ef_room(r, a->removed, a->n_removed, &cap, sizeof *a->removed);
        tp_removed_t *m = &a->removed[a->n_removed];
        if (!TP__EF_LIT(r, "{\"kind\":") || !tp__ef_str_null(r, &m->kind) ||
            !TP__EF_LIT(r, ",\"text\":") || !tp__ef_str_null(r, &m->text) ||
            !TP__EF_LIT(r, "}"))
            return 0;
        a->n_removed++;
        if (TP__EF_LIT(r, "]"))
            return 1;
        if (!TP__EF_LIT(r, ","))
            return 0;
    }
}

/* The event in the encoder's order (tp_event_encode()). */
static int tp__ef_event(tp_ef_t *r, tp_article_t *a)
{
    int64_t partition;
    if (!TP__EF_LIT(r, "{\"schema\":\"" TP_EVENT_SCHEMA "\",\"article_id\":") ||
        !tp__ef_hex(r, a->article_id, sizeof a->article_id, 1) ||
        !TP__EF_LIT(r, ",\"source\":{\"url\":") ||
        !tp__ef_str_null(r, &a->url) || !TP__EF_LIT(r, ",\"site\":") ||
        !tp__ef_str_null(r, &a->site) || !TP__EF_LIT(r, ",\"topic\":") ||
        !tp__ef_str_null(r, &a->topic) || !TP__EF_LIT(r, ",\"partition\":") ||
        !tp__ef_int_null(r, &partition, -1) || !TP__EF_LIT(r, ",\"offset\":") ||
        !tp__ef_int_null(r, &a->offset, -1) ||
        !TP__EF_LIT(r, ",\"fetched_at\":") ||
        !tp__ef_str_null(r, &a->fetched_at) || !TP__EF_LIT(r, "},\"title\":") ||
        !tp__ef_str_null(r, &a->title) ||
        !TP__EF_LIT(r, ",\"published_at\":") ||
        !tp__ef_str_null(r, &a->published_at) ||
        !TP__EF_LIT(r, ",\"authors\":") ||
        !tp__ef_strs(r, &a->authors, &a->n_authors) ||
        !TP__EF_LIT(r, ",\"agency\":") || !tp__ef_str_null(r, &a->agency) ||
        !TP__EF_LIT(r, ",\"lead\":") || !tp__ef_str_null(r, &a->lead) ||
        !TP__EF_LIT(r, ",\"body\":") || !tp__ef_str(r, &a->body, &a->body_len))
        return 0;
    a->partition = (int32_t)partition;
    a->body_clean = tp__event_no_controls(a->body, a->body_len);
    return TP__EF_LIT(r, ",\"paragraphs\":") && tp__ef_paragraphs(r, a) &&
           TP__EF_LIT(r, ",\"captions\":") &&
           tp__ef_strs(r, &a->captions, &a->n_captions) &&
           TP__EF_LIT(r, ",\"tags\":") &&
           tp__ef_strs(r, &a->tags, &a->n_tags) &&
           TP__EF_LIT(r, ",\"view_count\":") &&
           tp__ef_int_null(r, &a->view_count, -1) &&
           TP__EF_LIT(r, ",\"removed\":") && tp__ef_removed(r, a) &&
           TP__EF_LIT(r, ",\"content_hash\":") &&
           tp__ef_hex(r, a->content_hash, sizeof a->content_hash, 0) &&
           TP__EF_LIT(r, ",\"simhash\":") &&
           tp__ef_hex(r, a->simhash, sizeof a->simhash, 0) &&
           TP__EF_LIT(r, ",\"versions\":{\"normalizer\":") &&
           tp__ef_str_null(r, &a->normalizer_version) &&
           TP__EF_LIT(r, ",\"extractor\":") &&
           tp__ef_str_null(r, &a->extractor_version) &&
           TP__EF_LIT(r, ",\"gazetteer\":") &&
           tp__ef_str_null(r, &a->gazetteer_version) &&
           TP__EF_LIT(r, "},\"entities\":") && tp__ef_entities(r, a) &&
           TP__EF_LIT(r, "}");
}

int tp__event_decode_fast(tp_arena_t *arena, const char *json, size_t len,
                          tp_article_t *a)
{
    tp_article_init(a);
    /* Every string is shorter than its quoted form, so all of them with
     * their NULs fit in len bytes. */
    tp_ef_t r = {arena, json, json + len, tp_arena_alloc_nz(arena, len + 1), 0};
    if (!tp__ef_event(&r, a))
        return 0;
    /* jansson allows whitespace after the value, nothing else */
    while (r.p < r.end &&
           (*r.p == ' ' || *r.p == '\t' || *r.p == '\n' || *r.p == '\r'))
        r.p++;
    return r.p == r.end;
}
