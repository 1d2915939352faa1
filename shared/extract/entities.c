/*
 * entities.c — the per-article entity set (extract_internal.h): entities
 * keyed by their contract key, mentions merged, everything in the arena.
 */
#include <string.h>

#include "extract/extract_internal.h"

/* FNV-1a over a key; small keys, small sets, good enough. */
static uint32_t tp__key_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Rebuilds the hash index for the current entities at capacity cap. */
static void tp__ent_reindex(tp_xctx_t *x, size_t cap)
{
    x->index = tp_arena_alloc(x->arena, cap * sizeof *x->index);
    x->index_cap = cap;
    for (size_t i = 0; i < x->n_ents; i++) {
        if (!x->ents[i].key)
            continue; /* removed */
        size_t h = tp__key_hash(x->ents[i].key) & (cap - 1);
        while (x->index[h])
            h = (h + 1) & (cap - 1);
        x->index[h] = (uint32_t)i + 1;
    }
}

tp_entity_t *tp__ent_find(tp_xctx_t *x, const char *key)
{
    if (!x->index_cap)
        return NULL;
    size_t h = tp__key_hash(key) & (x->index_cap - 1);
    while (x->index[h]) {
        tp_entity_t *e = &x->ents[x->index[h] - 1];
        if (e->key && strcmp(e->key, key) == 0)
            return e;
        h = (h + 1) & (x->index_cap - 1);
    }
    return NULL;
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
    e->mentions = tp_arena_realloc(x->arena, e->mentions,
                                   e->n_mentions * sizeof *e->mentions,
                                   (e->n_mentions + 1) * sizeof *e->mentions);
    /* Keep mentions in text order. */
    size_t i = e->n_mentions;
    while (i > 0 && e->mentions[i - 1].start > start) {
        e->mentions[i] = e->mentions[i - 1];
        i--;
    }
    e->mentions[i] = (tp_span_t){start, end};
    e->n_mentions++;
}

tp_entity_t *tp__ent_add(tp_xctx_t *x, tp_entity_type_t type,
                         const char *value, size_t value_len,
                         const char *name, uint32_t start, uint32_t end)
{
    const char *tn = tp_entity_type_name(type);
    /* "<type>:<value>" by hand: printf dominated the per-mention cost. */
    size_t tl = strlen(tn);
    char *key = tp_arena_alloc(x->arena, tl + value_len + 2);
    memcpy(key, tn, tl);
    key[tl] = ':';
    memcpy(key + tl + 1, value, value_len);
    key[tl + 1 + value_len] = '\0';
    tp_entity_t *e = tp__ent_find(x, key);
    if (!e) {
        if (x->n_ents == x->cap_ents) {
            size_t cap = x->cap_ents ? x->cap_ents * 2 : 32;
            x->ents = tp_arena_realloc(x->arena, x->ents,
                                       x->n_ents * sizeof *x->ents,
                                       cap * sizeof *x->ents);
            x->cap_ents = cap;
        }
        e = &x->ents[x->n_ents++];
        memset(e, 0, sizeof *e);
        e->type = type;
        e->key = key;
        e->name = name ? tp_arena_strdup(x->arena, name)
                       : tp_arena_strndup(x->arena, value, value_len);
        if (x->n_ents * 2 > x->index_cap)
            tp__ent_reindex(x, x->index_cap ? x->index_cap * 2 : 64);
        else {
            size_t h = tp__key_hash(key) & (x->index_cap - 1);
            while (x->index[h])
                h = (h + 1) & (x->index_cap - 1);
            x->index[h] = (uint32_t)(e - x->ents) + 1;
        }
    }
    tp__ent_mention(x, e, start, end);
    return e;
}

void tp__ent_field(tp_xctx_t *x, tp_entity_t *e, const char *name,
                   const char *value, int is_number)
{
    if (!value)
        return;
    for (size_t i = 0; i < e->n_fields; i++) {
        if (strcmp(e->fields[i].name, name) == 0) {
            e->fields[i].value = tp_arena_strdup(x->arena, value);
            e->fields[i].is_number = is_number;
            return;
        }
    }
    e->fields = tp_arena_realloc(x->arena, e->fields,
                                 e->n_fields * sizeof *e->fields,
                                 (e->n_fields + 1) * sizeof *e->fields);
    e->fields[e->n_fields++] = (tp_field_t){
        tp_arena_strdup(x->arena, name), tp_arena_strdup(x->arena, value),
        is_number};
}

const char *tp__ent_get_field(const tp_entity_t *e, const char *name)
{
    for (size_t i = 0; i < e->n_fields; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return e->fields[i].value;
    return NULL;
}

void tp__ent_position(tp_xctx_t *x, tp_entity_t *e, const char *title,
                      size_t title_len, const char *org_key)
{
    /* Titles that differ only in case ("Phó trưởng Ban", "Phó Trưởng
     * Ban") are one position. */
    char *folded = tp_vn_fold(x->arena, title, title_len);
    for (size_t i = 0; i < e->n_positions; i++)
        if (strlen(e->positions[i].title) == title_len &&
            memcmp(tp_vn_fold(x->arena, e->positions[i].title, title_len),
                   folded, title_len) == 0) {
            if (!e->positions[i].organization && org_key)
                e->positions[i].organization = tp_arena_strdup(x->arena, org_key);
            return;
        }
    e->positions = tp_arena_realloc(x->arena, e->positions,
                                    e->n_positions * sizeof *e->positions,
                                    (e->n_positions + 1) * sizeof *e->positions);
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

int tp__ent_overlaps(const tp_xctx_t *x, tp_entity_type_t t, uint32_t start,
                     uint32_t end)
{
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
