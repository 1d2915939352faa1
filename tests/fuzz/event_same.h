/*
 * event_same.h — whether two tp_article_t are the same, field by field
 * (strings byte by byte with their lengths, NULL only equal to NULL):
 * how fuzz_event_decode.c and test_event_decode.c check event_fast.c's
 * reading against the jansson reader's. Header-only.
 */
#ifndef TP_TEST_EVENT_SAME_H
#define TP_TEST_EVENT_SAME_H

#include <string.h>

#include "tp/article.h"

static inline int evsame_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    size_t n = strlen(a);
    return n == strlen(b) && memcmp(a, b, n) == 0;
}

static inline int evsame_strs(const char *const *a, size_t na,
                              const char *const *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (!evsame_str(a[i], b[i]))
            return 0;
    return 1;
}

static inline int evsame_spans(const tp_span_t *a, size_t na,
                               const tp_span_t *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (a[i].start != b[i].start || a[i].end != b[i].end)
            return 0;
    return 1;
}

static inline int evsame_entity(const tp_entity_t *a, const tp_entity_t *b)
{
    if (a->type != b->type || !evsame_str(a->key, b->key) ||
        !evsame_str(a->name, b->name) || a->n_fields != b->n_fields ||
        a->n_positions != b->n_positions ||
        !evsame_spans(a->mentions, a->n_mentions, b->mentions, b->n_mentions))
        return 0;
    for (size_t i = 0; i < a->n_fields; i++)
        if (!evsame_str(a->fields[i].name, b->fields[i].name) ||
            !evsame_str(a->fields[i].value, b->fields[i].value) ||
            a->fields[i].is_number != b->fields[i].is_number)
            return 0;
    for (size_t i = 0; i < a->n_positions; i++)
        if (!evsame_str(a->positions[i].title, b->positions[i].title) ||
            !evsame_str(a->positions[i].organization,
                        b->positions[i].organization))
            return 0;
    return 1;
}

/* 1 when a and b hold the same article. */
static inline int evsame(const tp_article_t *a, const tp_article_t *b)
{
    if (strcmp(a->article_id, b->article_id) || !evsame_str(a->url, b->url) ||
        !evsame_str(a->site, b->site) || !evsame_str(a->topic, b->topic) ||
        a->partition != b->partition || a->offset != b->offset ||
        !evsame_str(a->fetched_at, b->fetched_at) ||
        !evsame_str(a->title, b->title) ||
        !evsame_str(a->published_at, b->published_at) ||
        !evsame_strs(a->authors, a->n_authors, b->authors, b->n_authors) ||
        !evsame_str(a->agency, b->agency) || !evsame_str(a->lead, b->lead) ||
        a->body_len != b->body_len || !a->body != !b->body ||
        (a->body && (memcmp(a->body, b->body, a->body_len) ||
                     a->body[a->body_len] || b->body[b->body_len])) ||
        a->body_clean != b->body_clean ||
        !evsame_spans(a->paragraphs, a->n_paragraphs, b->paragraphs,
                      b->n_paragraphs) ||
        !evsame_strs(a->captions, a->n_captions, b->captions, b->n_captions) ||
        !evsame_strs(a->tags, a->n_tags, b->tags, b->n_tags) ||
        a->view_count != b->view_count || a->n_removed != b->n_removed ||
        strcmp(a->content_hash, b->content_hash) ||
        strcmp(a->simhash, b->simhash) ||
        !evsame_str(a->normalizer_version, b->normalizer_version) ||
        !evsame_str(a->extractor_version, b->extractor_version) ||
        !evsame_str(a->gazetteer_version, b->gazetteer_version) ||
        a->n_entities != b->n_entities)
        return 0;
    for (size_t i = 0; i < a->n_removed; i++)
        if (!evsame_str(a->removed[i].kind, b->removed[i].kind) ||
            !evsame_str(a->removed[i].text, b->removed[i].text))
            return 0;
    for (size_t i = 0; i < a->n_entities; i++)
        if (!evsame_entity(&a->entities[i], &b->entities[i]))
            return 0;
    return 1;
}

#endif
