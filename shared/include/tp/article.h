/*
 * tp/article.h — the article as it moves through tinpipe: the raw message a
 * crawler sent (tp_raw_article_t), and the normalized, enriched article
 * (tp_article_t) that article-event-v1 describes.
 *
 * Ownership: every pointer in these structs is borrowed. A tp_raw_article_t
 * points into the Kafka message or file it was read from; a tp_article_t
 * filled by tp_normalize(), tp_extract() or tp_event_decode() points into
 * the arena passed to them and lives until that arena is reset.
 */
#ifndef TP_ARTICLE_H
#define TP_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

/* A message as the crawler sent it: a JSON envelope (url, site, fetched_at,
 * published_at, title, text or html) or a bare document (plain text or
 * HTML) whose metadata came in Kafka headers (same names). */
typedef struct tp_raw_article {
    const char *data; /* message value, not NUL-terminated */
    size_t len;
    const char *key; /* crawler's id for the article, or NULL */
    size_t key_len;
    /* Metadata from Kafka headers; NULL when absent. An envelope's own
     * fields win over headers. */
    const char *url, *site, *fetched_at, *published_at, *title;
    const char *content_type; /* "text/html", "text/plain", "application/json" */
    /* Where it came from; topic NULL for files (then partition = -1). */
    const char *topic;
    int32_t partition;
    int64_t offset;
} tp_raw_article_t;

/* A byte range [start, end) in article.body. */
typedef struct tp_span {
    uint32_t start, end;
} tp_span_t;

/* Site chrome the normalizer took out of the body, kept so that nothing
 * disappears silently. kind: "comment_form", "related_list",
 * "visit_counter", "login_link", "tag_line", "caption_repeat", "banner",
 * "byline", "sort_widget", "html_boilerplate", ... */
typedef struct tp_removed {
    const char *kind;
    const char *text;
} tp_removed_t;

typedef enum tp_entity_type {
    TP_ENT_PERSON = 0,
    TP_ENT_ORGANIZATION,
    TP_ENT_LOCATION,
    TP_ENT_DOCUMENT,
    TP_ENT_DATE,
    TP_ENT_QUANTITY,
    TP_ENT_CONGRESS,
    TP_ENT_TERM,
    TP_ENT_TENURE,
    TP_ENT_PERIOD,
    TP_ENT__COUNT
} tp_entity_type_t;

/* "person", "organization", ... as in the contract's key prefix. */
const char *tp_entity_type_name(tp_entity_type_t t);
/* Returns the type for a name, or -1. */
int tp_entity_type_from_name(const char *name);

/* A typed field of an entity: level, code, doc_type, number, issuer,
 * issued_on, title, value, unit, scope, body, from, to, ... */
typedef struct tp_field {
    const char *name;
    const char *value;
    int is_number; /* encode value as a JSON number, not a string */
} tp_field_t;

typedef struct tp_position {
    const char *title;        /* as written: "Phó Chủ tịch UBND thành phố" */
    const char *organization; /* organization key, or NULL */
} tp_position_t;

typedef struct tp_entity {
    tp_entity_type_t type;
    const char *key;  /* "person:Lê Hồng Sơn" */
    const char *name; /* display name */
    tp_field_t *fields;
    size_t n_fields;
    tp_position_t *positions;
    size_t n_positions;
    tp_span_t *mentions;
    size_t n_mentions;
} tp_entity_t;

typedef struct tp_article {
    char article_id[33]; /* 32 hex digits, stable across re-ingestion */
    /* source */
    const char *url, *site;
    const char *topic; /* NULL when read from a file */
    int32_t partition;
    int64_t offset;
    const char *fetched_at;

    const char *title;
    const char *published_at; /* ISO 8601 with offset, or NULL */
    const char **authors;
    size_t n_authors;
    const char *agency;
    const char *lead;
    const char *body; /* NUL-terminated; mention offsets point into it */
    size_t body_len;
    /* 1 when body is known to be UTF-8 with no control character but
     * '\n', as tp_normalize() makes it (fuzz_normalize checks that); the
     * event encoder then only looks for '"', '\\' and '\n' in it. 0 when
     * unknown: the encoder checks every byte. */
    int body_clean;
    tp_span_t *paragraphs;
    size_t n_paragraphs;
    const char **captions;
    size_t n_captions;
    const char **tags;
    size_t n_tags;
    int64_t view_count; /* -1 when unknown */
    tp_removed_t *removed;
    size_t n_removed;
    char content_hash[17]; /* xxh64 of body, hex */
    char simhash[17];      /* 64-bit simhash of body shingles, hex */

    const char *normalizer_version;
    const char *extractor_version; /* NULL until extracted */
    const char *gazetteer_version;

    tp_entity_t *entities;
    size_t n_entities;
} tp_article_t;

/* Sets every field to its empty value (view_count -1, partition -1). */
void tp_article_init(tp_article_t *a);

#endif
