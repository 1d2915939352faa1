/*
 * extractor.c — the extractor handle and the tp_extract() driver
 * (tp/extractor.h).
 *
 * tp_extractor_new() puts every lexicon phrase (lexicon.c) and every
 * gazetteer name (data/gazetteer_data.c) into ONE automaton over
 * syllables (see struct tp_extractor), so the cost of finding them does not
 * grow with the size of the lists: the body is folded to lower case once
 * (byte offsets unchanged) and tokenized, each token is looked up once in
 * a hash table of the syllables the phrases use, and a phrase is followed
 * token by token from there. The hits (phrases that start and end on token
 * boundaries, the only ones the modules use) are grouped by token for the
 * modules. The modules then run in the order extract_internal.h declares
 * and the entity set is handed to the article.
 *
 * Written by hand rather than with Hyperscan's literal matcher (which this
 * replaced): the literal matcher reported every short syllable inside
 * longer ones ("anh" in "thanh") and cost about a quarter of extraction;
 * a lookup per token finds exactly the same token-aligned hits in a few
 * percent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/gazetteer.h"
#include "extract/extract_internal.h"
#include "tp/normalizer.h"

/* A syllable id that is in no phrase. */
#define TP__NO_SYL UINT32_MAX

/* A phrase before grouping: its folded text and what it stands for. */
typedef struct tp__raw_phrase {
    const char *text;
    uint64_t key; /* text's first 8 bytes, big-endian, zero-padded */
    uint32_t len;
    uint32_t is_gaz; /* 0: lexicon entry, 1: gazetteer row */
    uint32_t ref;
} tp__raw_phrase_t;

/* The first 8 bytes of s[0..n) as a big-endian number, zero-padded: keys
 * order as memcmp() orders the bytes (texts hold no NUL). */
static uint64_t tp__raw_key(const char *s, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < 8; i++)
        k = k << 8 | (i < n ? (unsigned char)s[i] : 0);
    return k;
}

/* Orders raw phrases by text, lexicon entries before gazetteer rows. The
 * key settles most pairs without memcmp(). */
static inline int tp__raw_cmp(const tp__raw_phrase_t *a,
                              const tp__raw_phrase_t *b)
{
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n > 8 ? memcmp(a->text + 8, b->text + 8, n - 8) : 0;
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->is_gaz != b->is_gaz)
        return a->is_gaz < b->is_gaz ? -1 : 1;
    return a->ref < b->ref ? -1 : a->ref > b->ref;
}

/* Sorts raw[0..n) by tp__raw_cmp() (a total order: no two raw phrases
 * compare equal): a bottom-up merge sort through tmp (n entries), with
 * the comparison inlined; qsort() calling it through a pointer was a
 * third of tp_extractor_new(). Returns 0, or -1 when out of memory. */
static int tp__raw_sort(tp__raw_phrase_t *raw, size_t n)
{
    tp__raw_phrase_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return -1;
    tp__raw_phrase_t *src = raw, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = tp__raw_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        tp__raw_phrase_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != raw)
        memcpy(raw, src, n * sizeof *raw);
    free(tmp);
    return 0;
}

/* How many tokens ahead tp__match() computes syllable keys and
 * prefetches their slots (a power of two). */
#define TP__SYL_AHEAD 16

/* Bytes of padding after a text whose tokens tp__syl_key() reads. */
#define TP__SYL_PAD 16

/* Packs the first 16 bytes of s[0..n) (zero-padded) into *w0, *w1 and
 * returns their hash. Reads 16 bytes at s whatever n is: the caller pads
 * the text (TP__SYL_PAD). */
static inline uint64_t tp__syl_key(const char *s, size_t n, uint64_t *w0,
                                   uint64_t *w1)
{
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + 8, 8);
    if (n < 8) {
        a &= (1ull << (n * 8)) - 1;
        b = 0;
    } else if (n < 16) {
        b &= n == 8 ? 0 : (1ull << ((n - 8) * 8)) - 1;
    }
    *w0 = a;
    *w1 = b;
    /* Every byte reaches the low bits the tables index by. */
    uint64_t h = (a ^ (uint64_t)n) * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 32);
}

/* The slot a syllable in no phrase finds: id TP__NO_SYL, no node. */
static const struct tp__syl_slot tp__no_syl = {0, 0, 0};

/* Returns the slot of syllable s[0..n) (key and hash from tp__syl_key()),
 * or &tp__no_syl. A key whose top byte is 0 is a syllable of at most 7
 * bytes and equal keys are equal syllables (tokens hold no NUL); a longer
 * one is checked against bytes 8..15 and the length, and past 16 bytes
 * against the text. */
static inline const struct tp__syl_slot *
tp__syl_find(const tp_extractor_t *ex, const char *s, size_t n, uint64_t h,
             uint64_t w0, uint64_t w1)
{
    /* Most tokens are settled by their first slot: the syllable itself,
     * or an empty slot (whose id1 and root read as tp__no_syl's). One
     * branch that rarely goes the other way, whether the token is in a
     * phrase or not. */
    const struct tp__syl_slot *e = &ex->syl_tab[h & ex->syl_mask];
    if (((e->w0 == w0) | (e->id1 == 0)) & ((w0 >> 56) == 0))
        return e;
    for (size_t i = h & ex->syl_mask; ex->syl_tab[i].id1; i = (i + 1) & ex->syl_mask) {
        e = &ex->syl_tab[i];
        if (e->w0 != w0)
            continue;
        if (!(w0 >> 56))
            return e;
        uint32_t id = e->id1 - 1;
        if (ex->syl_w1[id] == w1 && ex->syl_off[id + 1] - ex->syl_off[id] == n &&
            (n <= 16 || memcmp(ex->syl_pool + ex->syl_off[id] + 16, s + 16,
                               n - 16) == 0))
            return e;
    }
    return &tp__no_syl;
}

/* Puts syllable id (key from tp__syl_key()) reaching node root into a
 * table of mask + 1 slots. */
static void tp__syl_insert(struct tp__syl_slot *tab, size_t mask, uint64_t h,
                           uint64_t w0, uint32_t id, uint32_t root)
{
    size_t i = h & mask;
    while (tab[i].id1)
        i = (i + 1) & mask;
    tab[i] = (struct tp__syl_slot){w0, id + 1, root};
}

/* Label of an edge over (gap, syl). */
static inline uint32_t tp__edge_label(uint32_t gap, uint32_t syl)
{
    return gap << 24 | syl;
}

/* Slot of the edge labelled label out of node in a table of mask + 1
 * slots. */
static inline size_t tp__edge_slot(uint32_t node, uint32_t label, size_t mask)
{
    uint64_t key = ((uint64_t)node << 32) | label;
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

/* Bit of struct tp__node.kids for an edge over (gap, syl). */
static inline uint64_t tp__kid_bit(uint32_t gap, uint32_t syl)
{
    return 1ull << ((syl + gap * 37u) & 63);
}

/* Puts the edge node -label-> child into a table of mask + 1 slots. */
static void tp__edge_insert(struct tp__edge *tab, size_t mask, uint32_t node,
                            uint32_t label, uint32_t child)
{
    size_t i = tp__edge_slot(node, label, mask);
    while (tab[i].child)
        i = (i + 1) & mask;
    tab[i] = (struct tp__edge){label, child};
}

/* The node reached from node over (gap, syl), 0 when none. */
static inline uint32_t tp__edge_find(const tp_extractor_t *ex, uint32_t node,
                                     uint32_t gap, uint32_t syl)
{
    if (node == 0)
        return gap == 0 ? ex->syl_root[syl] : 0;
    uint32_t label = tp__edge_label(gap, syl);
    for (size_t i = tp__edge_slot(node, label, ex->edge_mask); ex->edges[i].child;
         i = (i + 1) & ex->edge_mask)
        if (ex->edges[i].label == label && ex->nodes[ex->edges[i].child].parent == node)
            return ex->edges[i].child;
    return 0;
}

/* Id of the whitespace s[0..n) between two tokens, as the phrases spell
 * it: 0 glued, 1 one space, 2.. listed in ex->gaps; UINT32_MAX when no
 * phrase has it. */
static inline uint32_t tp__gap_find(const tp_extractor_t *ex, const char *s,
                                    size_t n)
{
    if (n == 0)
        return 0;
    if (n == 1 && s[0] == ' ')
        return 1;
    for (size_t g = 2; g < ex->n_gaps; g++)
        if (strlen(ex->gaps[g]) == n && memcmp(ex->gaps[g], s, n) == 0)
            return (uint32_t)g;
    return UINT32_MAX;
}

/* Smallest power of two >= 2n (at least 16). */
static size_t tp__pow2_for(size_t n)
{
    size_t c = 16;
    while (c < 2 * n)
        c *= 2;
    return c;
}

/* Gives the nodes one syllable reaches from the root the numbers 1..n in
 * syllable order, the others keep their order after them: the nodes most
 * body tokens start at then lie together (they were spread over the
 * whole node array in phrase order). Rebuilds the edge table with the new
 * numbers. Returns 0, or -1 when out of memory. */
static int tp__nodes_renumber(tp_extractor_t *ex)
{
    uint32_t *nid = calloc(ex->n_nodes, sizeof *nid);
    struct tp__node *nodes = calloc(ex->n_nodes, sizeof *nodes);
    struct tp__edge *edges = calloc(ex->edge_mask + 1, sizeof *edges);
    if (!nid || !nodes || !edges) {
        free(nid);
        free(nodes);
        free(edges);
        return -1;
    }
    uint32_t next = 1;
    for (size_t s = 0; s < ex->n_syl; s++)
        if (ex->syl_root[s])
            nid[ex->syl_root[s]] = next++;
    for (size_t v = 1; v < ex->n_nodes; v++)
        if (!nid[v])
            nid[v] = next++;
    for (size_t v = 1; v < ex->n_nodes; v++) {
        nodes[nid[v]] = ex->nodes[v];
        nodes[nid[v]].parent = nid[ex->nodes[v].parent];
    }
    for (size_t s = 0; s < ex->n_syl; s++)
        ex->syl_root[s] = nid[ex->syl_root[s]];
    for (size_t i = 0; i <= ex->edge_mask; i++) {
        uint32_t c = ex->edges[i].child;
        if (c)
            tp__edge_insert(edges, ex->edge_mask, nid[ex->nodes[c].parent],
                            ex->edges[i].label, nid[c]);
    }
    free(ex->nodes);
    free(ex->edges);
    free(nid);
    ex->nodes = nodes;
    ex->edges = edges;
    return 0;
}

/* Doubles the syllable table being built (ids 0..n_syl-1, roots not yet
 * in the slots). Returns 0, or -1 when out of memory. */
static int tp__syl_grow(tp_extractor_t *ex)
{
    size_t cap = (ex->syl_mask + 1) * 2;
    struct tp__syl_slot *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return -1;
    for (uint32_t id = 0; id < ex->n_syl; id++) {
        uint64_t w0, w1;
        uint64_t h = tp__syl_key(ex->syl_pool + ex->syl_off[id],
                                 ex->syl_off[id + 1] - ex->syl_off[id], &w0, &w1);
        tp__syl_insert(tab, cap - 1, h, w0, id, 0);
    }
    free(ex->syl_tab);
    ex->syl_tab = tab;
    ex->syl_mask = cap - 1;
    return 0;
}

/* Doubles the edge table being built (a child's parent is set before its
 * edge goes in). Returns 0, or -1 when out of memory. */
static int tp__edge_grow(tp_extractor_t *ex)
{
    size_t cap = (ex->edge_mask + 1) * 2;
    struct tp__edge *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return -1;
    for (size_t i = 0; i <= ex->edge_mask; i++) {
        uint32_t c = ex->edges[i].child;
        if (c)
            tp__edge_insert(tab, cap - 1, ex->nodes[c].parent, ex->edges[i].label, c);
    }
    free(ex->edges);
    ex->edges = tab;
    ex->edge_mask = cap - 1;
    return 0;
}

/* Builds the syllable automaton over ex->phrases (texts[i] of lens[i]
 * bytes spells phrase i). Returns 0, or -1 when out of memory. */
static int tp__automaton_build(tp_extractor_t *ex, const char *const *texts,
                               const size_t *lens)
{
    int rc = -1;
    tp_arena_t *tmp = tp_arena_new(0);
    size_t total = 0, n_tok = 0;
    for (size_t p = 0; p < ex->n_phrases; p++)
        total += lens[p];
    /* Bounds: a token is at least one byte. The two hash tables start
     * small and double as they fill (tp__syl_grow(), tp__edge_grow()):
     * sized for the bound, they took 12 MB that the inserts touched all
     * over, some 3000 page faults at every start. */
    size_t syl_cap = 1024;
    struct tp__syl_slot *stab = calloc(syl_cap, sizeof *stab);
    ex->syl_pool = calloc(total + TP__SYL_PAD, 1);
    ex->syl_off = calloc(total + 2, sizeof *ex->syl_off);
    ex->syl_root = calloc(total + 1, sizeof *ex->syl_root);
    ex->syl_w1 = calloc(total + 1, sizeof *ex->syl_w1);
    ex->nodes = calloc(total + 2, sizeof *ex->nodes);
    size_t edge_cap = 1024, n_edges = 0;
    ex->edges = calloc(edge_cap, sizeof *ex->edges);
    ex->gaps = calloc(2, sizeof *ex->gaps);
    if (!tmp || !stab || !ex->syl_pool || !ex->syl_off || !ex->syl_root ||
        !ex->syl_w1 || !ex->nodes || !ex->edges || !ex->gaps)
        goto done;
    ex->n_gaps = 2;
    ex->syl_tab = stab;
    ex->syl_mask = syl_cap - 1;
    ex->edge_mask = edge_cap - 1;
    ex->n_nodes = 1;
    size_t pool = 0;
    for (size_t p = 0; p < ex->n_phrases; p++) {
        size_t nt;
        tp_arena_reset(tmp);
        /* A padded copy: tp__syl_key() reads 16 bytes at each token. The
         * tokens are tp_vn_tokenize()'s, cut by the faster
         * tp_vn_fold_tokenize() (its folded copy is not used: syllables
         * are spelled as the phrase writes them). */
        char *t = tp_arena_alloc(tmp, lens[p] + TP__SYL_PAD);
        memcpy(t, texts[p], lens[p]);
        char *scratch = tp_arena_alloc_nz(tmp, lens[p] + 1);
        tp_vn_tok_t *tk = tp_vn_fold_tokenize(tmp, t, lens[p], scratch, &nt, NULL);
        /* A phrase that starts or ends with whitespace never starts and
         * ends on token boundaries: nothing to find. */
        if (nt == 0 || tk[0].start != 0 || tk[nt - 1].end != lens[p])
            continue;
        uint32_t node = 0;
        for (size_t k = 0; k < nt; k++, n_tok++) {
            const char *ss = t + tk[k].start;
            size_t sn = tk[k].end - tk[k].start;
            uint64_t w0, w1, h = tp__syl_key(ss, sn, &w0, &w1);
            uint32_t syl = tp__syl_find(ex, ss, sn, h, w0, w1)->id1 - 1;
            if (syl == TP__NO_SYL) {
                if ((ex->n_syl + 1) * 4 > ex->syl_mask + 1) {
                    if (tp__syl_grow(ex) != 0)
                        goto done;
                    stab = ex->syl_tab;
                }
                syl = (uint32_t)ex->n_syl++;
                memcpy(ex->syl_pool + pool, ss, sn);
                ex->syl_off[syl] = (uint32_t)pool;
                pool += sn;
                ex->syl_off[syl + 1] = (uint32_t)pool;
                ex->syl_w1[syl] = w1;
                tp__syl_insert(ex->syl_tab, ex->syl_mask, h, w0, syl, 0);
            }
            uint32_t gap = 0;
            if (k > 0) {
                const char *gs = t + tk[k - 1].end;
                size_t gn = tk[k].start - tk[k - 1].end;
                gap = tp__gap_find(ex, gs, gn);
                if (gap == UINT32_MAX) {
                    char **g = realloc(ex->gaps, (ex->n_gaps + 1) * sizeof *g);
                    if (!g)
                        goto done;
                    ex->gaps = g;
                    if (!(g[ex->n_gaps] = strndup(gs, gn)))
                        goto done;
                    gap = (uint32_t)ex->n_gaps++;
                    if (gap >= 256)
                        goto done; /* the edge label holds 8 bits */
                }
            }
            if (syl >= (1u << 24))
                goto done; /* and 24 of the syllable */
            uint32_t next = tp__edge_find(ex, node, gap, syl);
            if (!next) {
                next = (uint32_t)ex->n_nodes++;
                ex->nodes[next].parent = node;
                if (node == 0) {
                    ex->syl_root[syl] = next;
                } else {
                    if (++n_edges * 2 > ex->edge_mask + 1 && tp__edge_grow(ex) != 0)
                        goto done;
                    tp__edge_insert(ex->edges, ex->edge_mask, node,
                                    tp__edge_label(gap, syl), next);
                    ex->nodes[node].kids |= tp__kid_bit(gap, syl);
                }
            }
            node = next;
        }
        ex->nodes[node].phrase1 = (uint32_t)p + 1;
    }
    /* The edge table at its final size (at most half full while
     * building). */
    size_t ecap = tp__pow2_for(n_edges);
    struct tp__edge *edges = calloc(ecap, sizeof *edges);
    if (!edges)
        goto done;
    for (size_t i = 0; i <= ex->edge_mask; i++) {
        uint32_t c = ex->edges[i].child;
        if (c)
            tp__edge_insert(edges, ecap - 1, ex->nodes[c].parent,
                            ex->edges[i].label, c);
    }
    free(ex->edges);
    ex->edges = edges;
    ex->edge_mask = ecap - 1;
    if (tp__nodes_renumber(ex) != 0)
        goto done;
    /* The syllable table at its final size, with each syllable's node:
     * an eighth full, so that tp__syl_find() nearly always settles a
     * token at its home slot (a quarter full left one token in five to
     * the probe loop and its mispredicted exits; the lines the frequent
     * syllables use are as many either way). */
    size_t cap = tp__pow2_for(2 * ex->n_syl);
    struct tp__syl_slot *small = calloc(cap, sizeof *small);
    if (!small)
        goto done;
    for (uint32_t id = 0; id < ex->n_syl; id++) {
        uint64_t w0, w1;
        const char *ss = ex->syl_pool + ex->syl_off[id];
        uint64_t h = tp__syl_key(ss, ex->syl_off[id + 1] - ex->syl_off[id],
                                 &w0, &w1);
        tp__syl_insert(small, cap - 1, h, w0, id, ex->syl_root[id]);
    }
    ex->syl_tab = small;
    ex->syl_mask = cap - 1;
    rc = 0;
done:
    if (ex->syl_tab == stab)
        ex->syl_tab = NULL;
    free(stab);
    tp_arena_destroy(tmp);
    (void)n_tok;
    return rc;
}

/* Returns the gazetteer's data version. */
const char *tp_gazetteer_version(void)
{
    return TP_GAZETTEER_VERSION;
}

/* Builds the phrase table and compiles the automaton. */
tp_extractor_t *tp_extractor_new(const tp_extractor_opts_t *opts,
                                 char *errstr, size_t errstr_size)
{
    tp_extractor_t *ex = calloc(1, sizeof *ex);
    size_t n_raw = tp_lex_n_entries + tp_gaz_n_units;
    tp__raw_phrase_t *raw = calloc(n_raw, sizeof *raw);
    const char **exprs = NULL;
    size_t *lens = NULL;
    char *gaz_text = NULL; /* the folded gazetteer names, one after another */
    if (!ex || !raw)
        goto oom;
    if (opts)
        ex->opts = *opts;

    size_t n = 0, gaz_bytes = 0;
    for (size_t i = 0; i < tp_lex_n_entries; i++) {
        const char *p = tp_lex_entries[i].phrase;
        size_t len = strlen(p);
        raw[n++] = (tp__raw_phrase_t){p, tp__raw_key(p, len), (uint32_t)len, 0,
                                      (uint32_t)i};
    }
    for (size_t i = 0; i < tp_gaz_n_units; i++)
        gaz_bytes += strlen(tp_gaz_units[i].name);
    if (!(gaz_text = malloc(gaz_bytes + 1)))
        goto oom;
    gaz_bytes = 0;
    for (size_t i = 0; i < tp_gaz_n_units; i++) {
        const char *name = tp_gaz_units[i].name;
        if (name[0] >= '0' && name[0] <= '9')
            continue; /* "Quận 1": only with its level word, not scanned */
        size_t len = strlen(name);
        char *f = gaz_text + gaz_bytes;
        tp_vn_fold_into(name, len, f);
        gaz_bytes += len;
        raw[n++] = (tp__raw_phrase_t){f, tp__raw_key(f, len), (uint32_t)len, 1,
                                      (uint32_t)i};
    }
    if (tp__raw_sort(raw, n) != 0)
        goto oom;

    ex->phrases = calloc(n, sizeof *ex->phrases);
    ex->lex_idx = calloc(n, sizeof *ex->lex_idx);
    ex->gaz_idx = calloc(n, sizeof *ex->gaz_idx);
    exprs = calloc(n, sizeof *exprs);
    lens = calloc(n, sizeof *lens);
    if (!ex->phrases || !ex->lex_idx || !ex->gaz_idx || !exprs || !lens)
        goto oom;
    size_t n_lex = 0, n_gaz = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        tp__phrase_t *ph = &ex->phrases[ex->n_phrases];
        ph->len = raw[i].len;
        ph->lex_first = (uint32_t)n_lex;
        ph->gaz_first = (uint32_t)n_gaz;
        while (j < n && raw[j].len == raw[i].len &&
               memcmp(raw[j].text, raw[i].text, raw[i].len) == 0) {
            if (raw[j].is_gaz)
                ex->gaz_idx[n_gaz++] = raw[j].ref;
            else
                ex->lex_idx[n_lex++] = raw[j].ref;
            j++;
        }
        ph->lex_count = (uint32_t)n_lex - ph->lex_first;
        ph->gaz_count = (uint32_t)n_gaz - ph->gaz_first;
        for (uint32_t k = 0; k < ph->lex_count; k++)
            ph->cls_mask |= 1u << tp_lex_entries[ex->lex_idx[ph->lex_first + k]].cls;
        if (ph->gaz_count)
            ph->cls_mask |= TP__TOK_GAZ;
        exprs[ex->n_phrases] = raw[i].text;
        lens[ex->n_phrases] = raw[i].len;
        ex->n_phrases++;
        i = j;
    }

    if (tp__automaton_build(ex, exprs, lens) != 0)
        goto oom;
    free(gaz_text);
    free(raw);
    free(exprs);
    free(lens);
    return ex;

oom:
    snprintf(errstr, errstr_size, "out of memory building the extractor");
    free(gaz_text);
    free(raw);
    free(exprs);
    free(lens);
    tp_extractor_destroy(ex);
    return NULL;
}

/* Frees the handle; NULL is a no-op. */
void tp_extractor_destroy(tp_extractor_t *ex)
{
    if (!ex)
        return;
    free(ex->syl_tab);
    free(ex->syl_pool);
    free(ex->syl_off);
    free(ex->syl_root);
    for (size_t g = 2; g < ex->n_gaps; g++)
        free(ex->gaps[g]);
    free(ex->gaps);
    free(ex->syl_w1);
    free(ex->edges);
    free(ex->nodes);
    free(ex->phrases);
    free(ex->lex_idx);
    free(ex->gaz_idx);
    free(ex);
}

/* Finds the phrases spelled by tokens of text (tk[0..nt), tokens of
 * text, which is padded with TP__SYL_PAD readable bytes): for each start token, every phrase that starts and ends on token
 * boundaries, shortest first. Returns the hits (arena) and sets *n_out. */
static tp_xhit_t *tp__match(const tp_extractor_t *ex, tp_arena_t *arena,
                            const char *text, const tp_vn_tok_t *tk,
                            size_t nt, size_t *n_out)
{
    /* Not zeroed: [0, nt) is written below before any read, and index
     * nt is never read (j + 1 < nt is tested first). */
    uint32_t *sid = tp_arena_alloc_nz(arena, (nt + 1) * sizeof *sid);
    uint32_t *root = tp_arena_alloc_nz(arena, (nt + 1) * sizeof *root);
    /* The tokens some phrase starts at, [0, n_at). */
    uint32_t *at = tp_arena_alloc_nz(arena, (nt + 1) * sizeof *at);
    size_t n_at = 0;
    /* The syllable table is looked up at every token and its slots are
     * mostly cache misses: keys are computed TP__SYL_AHEAD tokens ahead
     * (a small ring) and their slots prefetched, so that the misses
     * overlap instead of each stalling its lookup. */
    uint64_t rh[TP__SYL_AHEAD], r0[TP__SYL_AHEAD], r1[TP__SYL_AHEAD];
    size_t pre = nt < TP__SYL_AHEAD ? nt : TP__SYL_AHEAD;
    for (size_t t = 0; t < pre; t++) {
        rh[t] = tp__syl_key(text + tk[t].start, tk[t].end - tk[t].start,
                            &r0[t], &r1[t]);
        __builtin_prefetch(&ex->syl_tab[rh[t] & ex->syl_mask]);
    }
    for (size_t t = 0; t < nt; t++) {
        size_t r = t & (TP__SYL_AHEAD - 1);
        uint64_t h = rh[r], w0 = r0[r], w1 = r1[r];
        size_t a = t + TP__SYL_AHEAD;
        if (a < nt) {
            rh[r] = tp__syl_key(text + tk[a].start, tk[a].end - tk[a].start,
                                &r0[r], &r1[r]);
            __builtin_prefetch(&ex->syl_tab[rh[r] & ex->syl_mask]);
        }
        const struct tp__syl_slot *e =
            tp__syl_find(ex, text + tk[t].start, tk[t].end - tk[t].start, h,
                         w0, w1);
        sid[t] = e->id1 - 1; /* TP__NO_SYL for tp__no_syl */
        root[t] = e->root;
        /* Kept without a branch: about every other token starts a
         * phrase, in no pattern a predictor learns. */
        at[n_at] = (uint32_t)t;
        n_at += e->root != 0;
    }
    /* The walks, one per token in at[]. Their tests are data too: whether
     * a node ends a phrase, whether the next token continues one. The
     * first is no branch (a hit is written at every node and kept when
     * the node ends a phrase), the second one branch. */
    tp_xhit_t *hits = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < n_at; i++) {
        size_t k = at[i], j = k;
        uint32_t node = root[k];
        for (;;) {
            const struct tp__node *nd = &ex->nodes[node];
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 256;
                /* hits[0, n) is all that is ever read */
                hits = tp_arena_realloc_nz(arena, hits, n * sizeof *hits,
                                           nc * sizeof *hits);
                cap = nc;
            }
            hits[n] = (tp_xhit_t){(uint32_t)k, (uint32_t)j + 1, nd->phrase1 - 1};
            n += nd->phrase1 != 0;
            if (j + 1 >= nt)
                break;
            uint32_t s1 = sid[j + 1];
            /* The gap's id is its length when that is 0 or a space
             * (nearly always); tp__gap_find() answers the rest. */
            uint32_t glen = tk[j + 1].start - tk[j].end, gap = glen;
            if ((glen > 1) | ((glen == 1) & (text[tk[j].end] != ' ')))
                gap = tp__gap_find(ex, text + tk[j].end, glen);
            /* A syllable in no phrase (TP__NO_SYL) or an unknown gap
             * (UINT32_MAX) test a meaningless bit, and are cut by the
             * other terms. */
            if (!((s1 != TP__NO_SYL) & (gap != UINT32_MAX) &
                  ((nd->kids & tp__kid_bit(gap, s1)) != 0)))
                break;
            node = tp__edge_find(ex, node, gap, s1);
            if (!node)
                break;
            j++;
        }
    }
    *n_out = n;
    return hits;
}

/* True when the hits are in the order tp__match() gives them: by start
 * token, and within a token by strictly growing end (shortest first). */
static int tp__hits_in_order(const tp_xhit_t *h, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (h[i].tok < h[i - 1].tok ||
            (h[i].tok == h[i - 1].tok && h[i].tok_end <= h[i - 1].tok_end))
            return 0;
    return 1;
}

/* Groups the hits by start token, longest first, in x->hits and
 * x->tok_hits, and fills x->tok_cls. raw may be reordered. */
static void tp__group_hits(tp_xctx_t *x, tp_xhit_t *raw, size_t n)
{
    size_t nt = x->n_toks;
    uint32_t *th = tp_arena_alloc(x->arena, (nt + 2) * sizeof *th);
    x->tok_cls = tp_arena_alloc(x->arena, (nt + 1) * sizeof *x->tok_cls);
    for (size_t i = 0; i < n; i++)
        x->tok_cls[raw[i].tok] |= (uint16_t)x->ex->phrases[raw[i].phrase].cls_mask;
    x->n_hits = n;
    x->tok_hits = th;
    if (tp__hits_in_order(raw, n)) {
        /* The usual case (every body whose tone marks matched as they
         * are): the hits are grouped already, shortest first, so each
         * group is reversed in place and th[t] counts the hits before
         * token t. */
        for (size_t i = 0; i < n; i++)
            th[raw[i].tok + 1]++;
        for (size_t t = 1; t < nt + 2; t++)
            th[t] += th[t - 1];
        for (size_t i = 0; i < n;) {
            size_t j = th[raw[i].tok + 1];
            for (size_t lo = i, hi = j - 1; lo < hi; lo++, hi--) {
                tp_xhit_t v = raw[lo];
                raw[lo] = raw[hi];
                raw[hi] = v;
            }
            i = j;
        }
        x->hits = raw;
        return;
    }
    /* Hits mapped back from a retoned text: a counting sort. */
    for (size_t i = 0; i < n; i++)
        th[raw[i].tok + 2]++;
    for (size_t t = 2; t < nt + 2; t++)
        th[t] += th[t - 1];
    /* th[t + 1] is now where token t's hits go; placing them moves it to
     * the end of token t, i.e. the start of token t + 1. */
    tp_xhit_t *h = n ? tp_arena_alloc_nz(x->arena, n * sizeof *h) : NULL;
    for (size_t i = 0; i < n; i++)
        h[th[raw[i].tok + 1]++] = raw[i];
    /* Within a token, longer hits first (distinct phrases never share a
     * span, so the order is total). */
    for (size_t t = 0; t < nt; t++)
        for (uint32_t a = th[t] + 1; a < th[t + 1]; a++) {
            tp_xhit_t v = h[a];
            uint32_t b = a;
            while (b > th[t] && h[b - 1].tok_end < v.tok_end) {
                h[b] = h[b - 1];
                b--;
            }
            h[b] = v;
        }
    th[nt + 1] = th[nt];
    x->hits = h;
}

/* Tone placement for matching, whatever the body's style. The
 * lexicon and the gazetteer are written in the traditional style (hòa,
 * ủy), so the folded body is put in that style too, whatever style the
 * body uses: *scan gets the text to scan. Moving a mark keeps byte
 * lengths (hoà/hòa, uỷ/ủy) except for uỳ/ùy and uỹ/ũy (ỳ, ỹ take three
 * bytes, ù, ũ two). Without such a syllable the canonical text replaces
 * x->fold (offsets unchanged) and *map is NULL. With one, the shorter
 * canonical text is scanned and *map (scan offset -> body offset, one
 * entry per byte and one past the end) maps hits back; x->fold takes the
 * canonical spelling of every syllable whose length did not change, so
 * token comparisons (family names, level words) see the same spellings
 * in both styles. */
static void tp__canon_tone(tp_xctx_t *x, const char **scan, size_t *scan_len,
                           const uint32_t **map)
{
    size_t cl;
    char *canon = tp_tone_apply(x->arena, x->fold, x->len, TP_TONE_TRADITIONAL, &cl);
    *map = NULL;
    if (cl == x->len) {
        memcpy(x->fold, canon, cl); /* keeps x->fold's padding */
        *scan = x->fold;
        *scan_len = cl;
        return;
    }
    /* Walk both texts one code point at a time: moving a mark keeps the
     * number of code points, and the rest is the same bytes. A run of
     * changed code points between two unchanged ones is one syllable's
     * nucleus; it goes into x->fold when its length did not change. */
    /* Not zeroed: every entry [0, cl] is written below. */
    uint32_t *m = tp_arena_alloc_nz(x->arena, (cl + 1) * sizeof *m);
    char *f = x->fold;
    size_t i = 0, j = 0, si = 0, sj = 0;
    while (i < x->len && j < cl) {
        int32_t cp;
        size_t a = tp_vn_decode(f, x->len, i, &cp);
        size_t b = tp_vn_decode(canon, cl, j, &cp);
        for (size_t q = 0; q < b; q++)
            m[j + q] = (uint32_t)(i + (q < a ? q : a - 1));
        int same = a == b && memcmp(f + i, canon + j, a) == 0;
        if (same && i - si == j - sj && i > si)
            memcpy(f + si, canon + sj, i - si);
        i += a;
        j += b;
        if (same) {
            si = i;
            sj = j;
        }
    }
    if (i - si == j - sj && i > si)
        memcpy(f + si, canon + sj, i - si);
    for (; j < cl; j++)
        m[j] = (uint32_t)x->len; /* not reached: same code point counts */
    m[cl] = (uint32_t)x->len;
    *scan = canon;
    *scan_len = cl;
    *map = m;
}

/* Folds, tokenizes and scans the body; fills x->fold, toks, hits. */
static tp_err_t tp__prepare(tp_xctx_t *x, tp_error_t *err)
{
    (void)err;
    /* tp_vn_fold_tokenize() writes fold[0, len); only the padding that
     * tp__syl_key() reads past the text needs zeroing. */
    x->fold = tp_arena_alloc_nz(x->arena, x->len + TP__SYL_PAD);
    memset(x->fold + x->len, 0, TP__SYL_PAD);
    int tone_cand = 0;
    x->toks = tp_vn_fold_tokenize(x->arena, x->body, x->len, x->fold,
                                  &x->n_toks, &tone_cand);
    const char *scan = x->fold;
    size_t scan_len = x->len;
    const uint32_t *map = NULL;
    if (tone_cand)
        tp__canon_tone(x, &scan, &scan_len, &map);
    size_t n;
    tp_xhit_t *hits;
    if (!map) {
        hits = tp__match(x->ex, x->arena, x->fold, x->toks, x->n_toks, &n);
    } else {
        /* The canonical text is shorter: tokenize and match it, then map
         * each hit back to the body's bytes, where it must again start and
         * end on token boundaries. */
        char *f2 = tp_arena_alloc_nz(x->arena, scan_len + TP__SYL_PAD);
        memset(f2 + scan_len, 0, TP__SYL_PAD);
        size_t ns;
        tp_vn_tok_t *st = tp_vn_fold_tokenize(x->arena, scan, scan_len, f2,
                                              &ns, NULL);
        memcpy(f2, scan, scan_len); /* the scanned text, padded */
        hits = tp__match(x->ex, x->arena, f2, st, ns, &n);
        size_t m = 0;
        const tp_vn_tok_t *tk = x->toks;
        for (size_t i = 0; i < n; i++) {
            uint32_t start = map[st[hits[i].tok].start];
            uint32_t end = map[st[hits[i].tok_end - 1].end];
            size_t c = tp_vn_tok_at(tk, x->n_toks, end - 1);
            if (c >= x->n_toks || tk[c].end != end)
                continue;
            size_t k = c;
            while (k > 0 && tk[k].start > start)
                k--;
            if (tk[k].start != start)
                continue;
            hits[m++] = (tp_xhit_t){(uint32_t)k, (uint32_t)c + 1, hits[i].phrase};
        }
        n = m;
    }
    tp__group_hits(x, hits, n);
    return TP_OK;
}

/* Phrase test on tokens; see extract_internal.h. */
size_t tp__tok_phrase(const tp_xctx_t *x, size_t k, const char *p, int spaced)
{
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        if (k >= x->n_toks || (spaced && x->toks[k].brk != 1) ||
            x->toks[k].end - x->toks[k].start != l ||
            memcmp(x->fold + x->toks[k].start, p, l) != 0)
            return 0;
        k++;
        p += l + (sp != NULL);
    }
    return k;
}

/* The longest lexicon hit of the classes asked for at token tok (the
 * inline tp__lex_at() has checked the token's class mask). */
const tp_lex_entry_t *tp__lex_at_hits(const tp_xctx_t *x, size_t tok,
                                      unsigned cls_mask, size_t *end)
{
    for (uint32_t h = x->tok_hits[tok]; h < x->tok_hits[tok + 1]; h++) {
        const tp__phrase_t *ph = &x->ex->phrases[x->hits[h].phrase];
        if (!(ph->cls_mask & cls_mask))
            continue;
        for (uint32_t k = 0; k < ph->lex_count; k++) {
            const tp_lex_entry_t *e =
                &tp_lex_entries[x->ex->lex_idx[ph->lex_first + k]];
            if (cls_mask & (1u << e->cls)) {
                *end = x->hits[h].tok_end;
                return e;
            }
        }
    }
    return NULL;
}

/* The longest gazetteer hit at token tok (after tp__gaz_at()'s check). */
const tp__phrase_t *tp__gaz_at_hits(const tp_xctx_t *x, size_t tok, size_t *end)
{
    for (uint32_t h = x->tok_hits[tok]; h < x->tok_hits[tok + 1]; h++) {
        const tp__phrase_t *ph = &x->ex->phrases[x->hits[h].phrase];
        if (ph->gaz_count) {
            *end = x->hits[h].tok_end;
            return ph;
        }
    }
    return NULL;
}

/* Reads YYYY-MM-DD from the front of an ISO 8601 timestamp. */
static void tp__parse_date(const char *s, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    if (!s)
        return;
    int yy, mm, dd;
    if (sscanf(s, "%4d-%2d-%2d", &yy, &mm, &dd) == 3 && yy > 1900 &&
        mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) {
        *y = yy;
        *m = mm;
        *d = dd;
    }
}

/* Runs the modules and hands the entity set to the article. */
tp_err_t tp_extract(tp_extractor_t *ex, tp_arena_t *arena, tp_article_t *art,
                    tp_error_t *err)
{
    tp_xctx_t x;
    memset(&x, 0, sizeof x);
    x.arena = arena;
    x.ex = ex;
    x.art = art;
    x.body = art->body ? art->body : "";
    x.len = art->body ? (art->body_len ? art->body_len : strlen(art->body)) : 0;
    if (x.len > 0xFFFFFFF0u)
        return tp_error_set(err, TP_ERR_INPUT, "too_large",
                            "article body of %zu bytes is too large to extract",
                            x.len);
    x.tone_style = ex->opts.tone_style;
    tp__parse_date(art->published_at, &x.year, &x.month, &x.day);

    tp_err_t rc = tp__prepare(&x, err);
    if (rc != TP_OK)
        return rc;

    tp__extract_documents(&x);
    tp__extract_dates(&x);
    tp__extract_terms(&x);
    tp__extract_quantities(&x);
    tp__extract_places(&x);
    tp__extract_organizations(&x);
    tp__extract_persons(&x);
    tp__orgs_finish(&x);

    size_t n = 0;
    for (size_t i = 0; i < x.n_ents; i++)
        if (x.ents[i].key)
            n++;
    /* Not zeroed: the n entries are all copied below. */
    art->entities = n ? tp_arena_alloc_nz(arena, n * sizeof *art->entities) : NULL;
    art->n_entities = 0;
    for (size_t i = 0; i < x.n_ents; i++)
        if (x.ents[i].key)
            art->entities[art->n_entities++] = x.ents[i];
    art->extractor_version = TP_EXTRACTOR_VERSION;
    art->gazetteer_version = TP_GAZETTEER_VERSION;
    return TP_OK;
}
