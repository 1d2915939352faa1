/*
 * entities.c — the per-article entity set (extract_internal.h): entities
 * keyed by their contract key, mentions merged, everything in the arena.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "tp/normalizer.h"

/* Hashes a key of n bytes eight bytes at a time (a byte-wise FNV-1a was
 * 3 % of extraction: every mention hashes its key). The index only
 * orders lookups, never the output, so any hash does. */
static uint32_t tp__key_hash(const char *s, size_t n)
{
    const uint64_t m = 0x9E3779B97F4A7C15ull;
    uint64_t h = n * m;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * m;
        h ^= h >> 29;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, s, n);
        h = (h ^ w) * m;
        h ^= h >> 29;
    }
    h *= m;
    return (uint32_t)(h >> 32);
}

/* Rebuilds the hash index for the current entities at capacity cap (the
 * keys' hashes are kept in x->ent_hash). */
static void tp__ent_reindex(tp_xctx_t *x, size_t cap)
{
    x->index = tp_arena_alloc(x->arena, cap * sizeof *x->index);
    x->index_cap = cap;
    for (size_t i = 0; i < x->n_ents; i++) {
        if (!x->ents[i].key)
            continue; /* removed */
        size_t h = x->ent_hash[i] & (cap - 1);
        while (x->index[h])
            h = (h + 1) & (cap - 1);
        x->index[h] = (uint32_t)i + 1;
    }
}

/* Looks a full key with hash hk up in the hash index. */
static tp_entity_t *tp__ent_lookup(tp_xctx_t *x, const char *key, uint32_t hk)
{
    if (!x->index_cap)
        return NULL;
    size_t h = hk & (x->index_cap - 1);
    while (x->index[h]) {
        size_t i = x->index[h] - 1;
        tp_entity_t *e = &x->ents[i];
        if (x->ent_hash[i] == hk && e->key && strcmp(e->key, key) == 0)
            return e;
        h = (h + 1) & (x->index_cap - 1);
    }
    return NULL;
}

tp_entity_t *tp__ent_find(tp_xctx_t *x, const char *key)
{
    size_t n = strlen(key);
    return tp__ent_lookup(x, key, tp__key_hash(key, n));
}

/* Grows an array of n elements of size sz, kept at a power-of-two
 * capacity implied by n (2, 4, 8, ...), so that appending one by one
 * copies O(n) in all instead of O(n^2). Shrinking n (callers may drop
 * elements) keeps the implied capacity at or below the real one. */
static void *tp__grow(tp_arena_t *a, void *v, size_t n, size_t sz)
{
    if (n >= 2 && (n & (n - 1)) != 0)
        return v; /* room left: capacity is the next power of two */
    if (n == 1)
        return v; /* capacity 2 from the first append */
    size_t cap = n ? n * 2 : 2;
    return tp_arena_realloc(a, v, n * sz, cap * sz);
}

/* Notes a mention [start, end) of type t in the position index (one
 * entry per TP__POS_BLOCK bytes). */
static void tp__pos_note(tp_xctx_t *x, tp_entity_type_t t, uint32_t start,
                         uint32_t end)
{
    if (end > x->len) {
        x->pos_partial = 1;
        return;
    }
    if (!x->pos_cover) {
        size_t nb = x->len / TP__POS_BLOCK + 1;
        x->pos_cover = tp_arena_alloc(x->arena, nb * sizeof *x->pos_cover);
        x->pos_start = tp_arena_alloc(x->arena, nb * sizeof *x->pos_start);
    }
    uint16_t bit = (uint16_t)(1u << t);
    x->pos_start[start / TP__POS_BLOCK] |= bit;
    for (uint32_t b = start / TP__POS_BLOCK; b <= (end - 1) / TP__POS_BLOCK; b++)
        x->pos_cover[b] |= bit;
}

/* Records [start, end) on e unless it overlaps a mention e already has. */
static void tp__ent_mention(tp_xctx_t *x, tp_entity_t *e, uint32_t start,
                            uint32_t end)
{
    if (start >= end)
        return;
    for (size_t i = 0; i < e->n_mentions; i++)
        if (start < e->mentions[i].end && e->mentions[i].start < end)
            return;
    e->mentions = tp__grow(x->arena, e->mentions, e->n_mentions,
                           sizeof *e->mentions);
    /* Keep mentions in text order. */
    size_t i = e->n_mentions;
    while (i > 0 && e->mentions[i - 1].start > start) {
        e->mentions[i] = e->mentions[i - 1];
        i--;
    }
    e->mentions[i] = (tp_span_t){start, end};
    e->n_mentions++;
    tp__pos_note(x, e->type, start, end);
}

/* Builds the key, finds or creates the entity, records the mention. */
tp_entity_t *tp__ent_add(tp_xctx_t *x, tp_entity_type_t type,
                         const char *value, size_t value_len,
                         const char *name, uint32_t start, uint32_t end)
{
    /* Keys use the configured tone style; the lists (lexicon canon,
     * gazetteer names) are written in the traditional one. */
    if (x->tone_style == TP_TONE_MODERN) {
        value = tp_tone_apply(x->arena, value, value_len, TP_TONE_MODERN,
                              &value_len);
        if (name)
            name = tp_tone_apply(x->arena, name, strlen(name), TP_TONE_MODERN,
                                 NULL);
    }
    const char *tn = tp_entity_type_name(type);
    /* "<type>:<value>" by hand: printf dominated the per-mention cost. */
    size_t tl = strlen(tn);
    size_t kl = tl + 1 + value_len;
    char *key = tp_arena_alloc_nz(x->arena, kl + 1);
    memcpy(key, tn, tl);
    key[tl] = ':';
    memcpy(key + tl + 1, value, value_len);
    key[kl] = '\0';
    uint32_t hk = tp__key_hash(key, kl);
    tp_entity_t *e = tp__ent_lookup(x, key, hk);
    if (!e) {
        if (x->n_ents == x->cap_ents) {
            size_t cap = x->cap_ents ? x->cap_ents * 2 : 32;
            /* No zeroing: each entity is cleared when it is added. */
            x->ents = tp_arena_realloc_nz(x->arena, x->ents,
                                          x->n_ents * sizeof *x->ents,
                                          cap * sizeof *x->ents);
            x->ent_hash = tp_arena_realloc_nz(x->arena, x->ent_hash,
                                              x->n_ents * sizeof *x->ent_hash,
                                              cap * sizeof *x->ent_hash);
            x->cap_ents = cap;
        }
        x->ent_hash[x->n_ents] = hk;
        e = &x->ents[x->n_ents++];
        memset(e, 0, sizeof *e);
        e->type = type;
        e->key = key;
        e->name = name ? tp_arena_strdup(x->arena, name)
                       : tp_arena_strndup(x->arena, value, value_len);
        if (x->n_ents * 2 > x->index_cap)
            tp__ent_reindex(x, x->index_cap ? x->index_cap * 2 : 64);
        else {
            size_t h = hk & (x->index_cap - 1);
            while (x->index[h])
                h = (h + 1) & (x->index_cap - 1);
            x->index[h] = (uint32_t)(e - x->ents) + 1;
        }
    }
    tp__ent_mention(x, e, start, end);
    return e;
}

/* Sets or replaces one field of an entity. */
void tp__ent_field(tp_xctx_t *x, tp_entity_t *e, const char *name,
                   const char *value, int is_number)
{
    if (!value)
        return;
    if (x->tone_style == TP_TONE_MODERN && !is_number)
        value = tp_tone_apply(x->arena, value, strlen(value), TP_TONE_MODERN,
                              NULL);
    for (size_t i = 0; i < e->n_fields; i++) {
        if (strcmp(e->fields[i].name, name) == 0) {
            e->fields[i].value = tp_arena_strdup(x->arena, value);
            e->fields[i].is_number = is_number;
            return;
        }
    }
    e->fields = tp__grow(x->arena, e->fields, e->n_fields, sizeof *e->fields);
    /* Field names are string literals (extract_internal.h): no copy. */
    e->fields[e->n_fields++] = (tp_field_t){
        name, tp_arena_strdup(x->arena, value), is_number};
}

/* Returns a field's value, or NULL. */
const char *tp__ent_get_field(const tp_entity_t *e, const char *name)
{
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return e->fields[i].value;
    return NULL;
}

/* Adds a position unless one with the same title (case-blind) exists. */
void tp__ent_position(tp_xctx_t *x, tp_entity_t *e, const char *title,
                      size_t title_len, const char *org_key)
{
    /* Titles that differ only in case ("Phó trưởng Ban", "Phó Trưởng
     * Ban") are one position. */
    if (org_key && x->tone_style == TP_TONE_MODERN)
        org_key = tp_tone_apply(x->arena, org_key, strlen(org_key),
                                TP_TONE_MODERN, NULL);
    char *folded = tp_vn_fold(x->arena, title, title_len);
    for (size_t i = 0; i < e->n_positions; i++)
        if (strlen(e->positions[i].title) == title_len &&
            memcmp(tp_vn_fold(x->arena, e->positions[i].title, title_len),
                   folded, title_len) == 0) {
            if (!e->positions[i].organization && org_key)
                e->positions[i].organization = tp_arena_strdup(x->arena, org_key);
            return;
        }
    e->positions = tp__grow(x->arena, e->positions, e->n_positions,
                            sizeof *e->positions);
    e->positions[e->n_positions++] = (tp_position_t){
        tp_arena_strndup(x->arena, title, title_len),
        tp_arena_strdup(x->arena, org_key)};
}

/* Marks e removed (key NULL) and rebuilds the index; tp_extract() drops
 * removed entities when it hands the set to the article. */
void tp__ent_remove(tp_xctx_t *x, tp_entity_t *e)
{
    e->key = NULL;
    tp__ent_reindex(x, x->index_cap ? x->index_cap : 64);
}

/* Overlap test, the position index first (see extract_internal.h). */
int tp__ent_overlaps(const tp_xctx_t *x, tp_entity_type_t t, uint32_t start,
                     uint32_t end)
{
    /* An empty range still "overlaps" a mention strictly around it; such
     * questions take the long way. */
    if (!x->pos_partial && start < end) {
        if (!x->pos_cover || start >= x->len)
            return 0;
        uint16_t bit = (uint16_t)(1u << t), any = 0;
        uint32_t stop = end < x->len ? end : (uint32_t)x->len;
        for (uint32_t b = start / TP__POS_BLOCK; b <= (stop - 1) / TP__POS_BLOCK && !any; b++)
            any = x->pos_cover[b] & bit;
        if (!any)
            return 0;
    }
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *e = &x->ents[i];
        if (!e->key || e->type != t)
            continue;
        for (size_t m = 0; m < e->n_mentions; m++)
            if (start < e->mentions[m].end && e->mentions[m].start < end)
                return 1;
    }
    return 0;
}

/* Start test, the position index first (see extract_internal.h). */
int tp__ent_starts_at(const tp_xctx_t *x, tp_entity_type_t t, uint32_t start)
{
    if (!x->pos_partial &&
        (!x->pos_start || start > x->len ||
         !(x->pos_start[start / TP__POS_BLOCK] & (1u << t))))
        return 0;
    for (size_t i = 0; i < x->n_ents; i++) {
        const tp_entity_t *e = &x->ents[i];
        if (!e->key || e->type != t)
            continue;
        for (size_t m = 0; m < e->n_mentions; m++)
            if (e->mentions[m].start == start)
                return 1;
    }
    return 0;
}

/* Hash of a word for tp__wset_t: its length and first eight bytes. */
static uint32_t tp__wset_hash(const char *w, size_t n)
{
    uint64_t v = 0;
    memcpy(&v, w, n < 8 ? n : 8);
    v = (v ^ n) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(v >> 40);
}

void tp__wset_fill(tp__wset_t *ws, const char *const *list)
{
    ws->list = list;
    for (size_t k = 0; list[k]; k++) {
        size_t n = strlen(list[k]);
        if (k >= TP__WSET_MAX || n > 255)
            abort(); /* a list outgrew the set: a programming error */
        size_t i = tp__wset_hash(list[k], n) & (TP__WSET_SLOTS - 1);
        while (ws->slot[i])
            i = (i + 1) & (TP__WSET_SLOTS - 1);
        ws->slot[i] = (uint8_t)(k + 1);
        ws->len[i] = (uint8_t)n;
    }
}

int tp__wset_has(const tp__wset_t *ws, const char *w, size_t n)
{
    for (size_t i = tp__wset_hash(w, n) & (TP__WSET_SLOTS - 1); ws->slot[i];
         i = (i + 1) & (TP__WSET_SLOTS - 1))
        if (ws->len[i] == n && memcmp(ws->list[ws->slot[i] - 1], w, n) == 0)
            return 1;
    return 0;
}
