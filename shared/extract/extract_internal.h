/*
 * extract/extract_internal.h — what the extractor's modules share: the
 * per-article context and the entity set they add to.
 *
 * Each module (persons.c, organizations.c, places.c, documents.c, dates.c,
 * quantities.c, terms.c) exposes one `tp__extract_<what>(tp_xctx_t *x)`
 * that reads x->body and adds entities with tp__ent_add(). The set merges
 * mentions of the same key into one entity, so modules never look for
 * duplicates themselves. Everything is allocated in x->arena.
 */
#ifndef TP_EXTRACT_INTERNAL_H
#define TP_EXTRACT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tp/arena.h"
#include "tp/article.h"
#include "tp/extractor.h"
#include "extract/lexicon.h"
#include "extract/vn.h"

/* One distinct phrase of the automaton: lexicon entries and gazetteer
 * rows that are written this way (folded). */
typedef struct tp__phrase {
    uint32_t len;                  /* bytes of the folded phrase */
    uint32_t lex_first, lex_count; /* into tp_extractor.lex_idx */
    uint32_t gaz_first, gaz_count; /* into tp_extractor.gaz_idx */
    uint32_t cls_mask;             /* 1 << tp_lex_class_t of its lexicon
                                      entries, TP__TOK_GAZ when gazetteer
                                      rows share it */
} tp__phrase_t;

/* Bytes of the body per entry of the mention position index. */
#define TP__POS_BLOCK 8

/* Bit of tp__phrase_t.cls_mask and tp_xctx_t.tok_cls: a gazetteer name. */
#define TP__TOK_GAZ (1u << 15)

/* The extractor handle (tp/extractor.h): every lexicon phrase and
 * gazetteer name in one automaton over syllables (extractor.c), built once
 * per handle and read-only afterwards.
 *
 * A phrase is split into tokens as the body is (vn.h) and spelled as a
 * path from the root: each step is one token's folded text (a "syllable",
 * interned once in syl_*) and the exact whitespace before it (a "gap",
 * interned in gaps). Matching looks every body token up once in the
 * syllable table and walks the edge table from there, so a token costs two
 * hash lookups whatever the size of the lists. */
struct tp_extractor {
    tp_extractor_opts_t opts;
    tp__phrase_t *phrases;
    size_t n_phrases;
    uint32_t *lex_idx;
    uint32_t *gaz_idx;

    /* Syllables: an open-addressing table (syl_mask + 1 slots of 16
     * bytes) holding each syllable's first 8 bytes (zero-padded: a
     * syllable of up to 7 bytes is its w0, as no token holds a NUL), its
     * id and the node a phrase starting with it reaches, so that a lookup
     * of a short syllable reads one slot; bytes 8..15 of id i are
     * syl_w1[i], its text is at syl_pool + syl_off[i] (syl_off[i + 1] -
     * syl_off[i] bytes, compared there only past 16 bytes), and
     * syl_root[i] is its node again (0: no phrase starts with it). */
    struct tp__syl_slot {
        uint64_t w0;
        uint32_t id1;  /* id + 1, 0: empty slot */
        uint32_t root; /* syl_root[id] */
    } *syl_tab;
    size_t syl_mask;
    uint64_t *syl_w1;
    char *syl_pool;
    uint32_t *syl_off;
    uint32_t *syl_root;
    size_t n_syl;
    /* Gaps between two tokens of a phrase: id 0 is "" (glued), 1 is " ",
     * the rest are listed here (rare). */
    char **gaps;
    size_t n_gaps;
    /* Edges: open-addressing table of 8-byte slots hashed by (node, gap,
     * syllable), holding the edge's label (gap << 24 | syllable) and its
     * child; the child's parent tells edges of the same label apart (that
     * node is read next anyway). Node 0 is the root; per node, the phrase
     * id + 1 it ends (0: none), its parent and a 64-bit filter of its
     * edges (bit
     * tp__kid_bit(gap, syllable) set for each), which answers most "no
     * such edge" questions without touching the edge table. The nodes
     * one syllable reaches from the root come first (1..n, in syllable
     * order), so that the ones most tokens start at share few cache
     * lines. */
    struct tp__edge {
        uint32_t label;
        uint32_t child; /* 0: empty slot */
    } *edges;
    size_t edge_mask;
    struct tp__node {
        uint32_t phrase1;
        uint32_t parent;
        uint64_t kids;
    } *nodes;
    size_t n_nodes;
};

/* A phrase found in the body on syllable boundaries: tokens
 * [tok, tok_end) spell phrase. */
typedef struct tp_xhit {
    uint32_t tok, tok_end;
    uint32_t phrase;
} tp_xhit_t;

typedef struct tp_xctx {
    tp_arena_t *arena;
    tp_extractor_t *ex;
    tp_article_t *art;
    const char *body; /* art->body */
    size_t len;
    tp_tone_style_t tone_style;
    int year, month, day; /* from art->published_at; 0 when unknown */

    /* Filled by tp_extract() before the modules run: the folded body
     * (same byte offsets), its tokens, and the automaton's hits grouped by
     * start token (hits[tok_hits[t] .. tok_hits[t + 1]) start at token t,
     * longest first). */
    char *fold;
    tp_vn_tok_t *toks;
    size_t n_toks;
    tp_xhit_t *hits;
    size_t n_hits;
    uint32_t *tok_hits;
    /* Per token, the union of cls_mask over the hits that start there:
     * tp__lex_at() and tp__gaz_at() answer "none" from it at once. */
    uint16_t *tok_cls;

    /* The starts of the body's numbers (see tp__num_starts), computed
     * once for the numeric modules. */
    uint32_t *nums;
    size_t n_nums;
    int nums_ready;

    /* The entity set (see tp__ent_add). */
    tp_entity_t *ents;
    size_t n_ents, cap_ents;
    uint32_t *index; /* open-addressing hash of key -> ents index + 1 */
    uint32_t *ent_hash; /* per entity, its key's hash (entities.c) */
    size_t index_cap;

    /* Where mentions lie, per block of TP__POS_BLOCK bytes of the body
     * (entities.c): bit 1 << type in pos_cover for blocks under a mention
     * ever recorded, in pos_start for blocks where one starts. Bits are
     * never cleared, so a clear bit is a sure "none" and a set one is
     * checked against the entities. Allocated on the first mention;
     * pos_partial when a mention fell outside the body (then every
     * question is answered the long way). */
    uint16_t *pos_cover, *pos_start;
    int pos_partial;
} tp_xctx_t;

/* Adds a mention [start, end) of the entity whose key is
 * "<type name>:<value>" (value given as value/value_len, already canonical)
 * and returns the entity, created with name (NULL: value) on first sight.
 * A mention already recorded, or one overlapping an existing mention of
 * the same entity, is not added twice. start == end adds no mention (an
 * entity known only by inference). */
tp_entity_t *tp__ent_add(tp_xctx_t *x, tp_entity_type_t type,
                         const char *value, size_t value_len,
                         const char *name, uint32_t start, uint32_t end);

/* Returns the entity with this full key ("person:..."), or NULL. */
tp_entity_t *tp__ent_find(tp_xctx_t *x, const char *key);

/* Sets field name of e to value (replacing an earlier value); value is
 * copied into the arena, name is kept as given (a string literal). */
void tp__ent_field(tp_xctx_t *x, tp_entity_t *e, const char *name,
                   const char *value, int is_number);

/* Returns the value of field name, or NULL. */
const char *tp__ent_get_field(const tp_entity_t *e, const char *name);

/* Adds a position (title as written, organization key or NULL) unless e
 * already has the same title. */
void tp__ent_position(tp_xctx_t *x, tp_entity_t *e, const char *title,
                      size_t title_len, const char *org_key);

/* Removes entity e from the set (its key becomes free again). */
void tp__ent_remove(tp_xctx_t *x, tp_entity_t *e);

/* True when [start, end) overlaps a mention of any entity of type t.
 * Answered from the position index: no walk over the entities unless a
 * mention of that type lies there. */
int tp__ent_overlaps(const tp_xctx_t *x, tp_entity_type_t t, uint32_t start,
                     uint32_t end);

/* True when a mention of an entity of type t starts at byte start (same
 * index). */
int tp__ent_starts_at(const tp_xctx_t *x, tp_entity_type_t t, uint32_t start);

/* Returns the longest lexicon entry of one of the classes in cls_mask
 * (bits 1 << tp_lex_class_t) that starts at token tok, and sets *end to
 * the token after it; NULL when none. */
const tp_lex_entry_t *tp__lex_at_hits(const tp_xctx_t *x, size_t tok,
                                      unsigned cls_mask, size_t *end);
/* (Inline: most tokens start no hit of the classes asked for, and the
 * per-token mask answers that without a call.) */
static inline const tp_lex_entry_t *tp__lex_at(const tp_xctx_t *x, size_t tok,
                                               unsigned cls_mask, size_t *end)
{
    if (tok >= x->n_toks || !(x->tok_cls[tok] & cls_mask))
        return NULL;
    return tp__lex_at_hits(x, tok, cls_mask, end);
}

/* Returns the phrase of the longest gazetteer name that starts at token
 * tok (and sets *end), or NULL. */
const tp__phrase_t *tp__gaz_at_hits(const tp_xctx_t *x, size_t tok, size_t *end);
/* (Inline for the same reason as tp__lex_at().) */
static inline const tp__phrase_t *tp__gaz_at(const tp_xctx_t *x, size_t tok,
                                             size_t *end)
{
    if (tok >= x->n_toks || !(x->tok_cls[tok] & TP__TOK_GAZ))
        return NULL;
    return tp__gaz_at_hits(x, tok, end);
}

/* Returns the first token at or after t whose class mask has a bit of
 * mask (x->n_toks when none): the modules' per-token loops skip the
 * tokens that start nothing they look for, four masks at a time. */
static inline size_t tp__next_cls(const tp_xctx_t *x, size_t t, unsigned mask)
{
    const uint16_t *cls = x->tok_cls;
    size_t n = x->n_toks;
    uint64_t m4 = (uint64_t)(mask & 0xFFFFu) * 0x0001000100010001ull;
    for (; t + 4 <= n; t += 4) {
        uint64_t w;
        __builtin_memcpy(&w, cls + t, sizeof w);
        if (w & m4)
            break;
    }
    while (t < n && !(cls[t] & mask))
        t++;
    return t;
}

/* True when token t exists and its folded text is exactly lit. Inline so
 * that strlen() and memcmp() of the literal callers pass are folded into
 * a length test and a few byte compares (it runs several times per
 * token). */
static inline __attribute__((always_inline)) int tp__tok_is(const tp_xctx_t *x, size_t t, const char *lit)
{
    if (t >= x->n_toks)
        return 0;
    size_t n = __builtin_strlen(lit);
    const tp_vn_tok_t *k = &x->toks[t];
    return k->end - k->start == n && __builtin_memcmp(x->fold + k->start, lit, n) == 0;
}

/* Do the folded tokens from k spell phrase p (folded words split at
 * single spaces: "cộng hòa nhân dân")? With spaced, each of them must
 * follow a space (brk 1), so the phrase stands on one line after a word.
 * Returns the token after them, or 0 (extractor.c). */
size_t tp__tok_phrase(const tp_xctx_t *x, size_t k, const char *p, int spaced);

/* Adds the location entity for gazetteer row (key, level, code) with a
 * mention [start, end) (places.c). */
tp_entity_t *tp__place_add(tp_xctx_t *x, size_t row, uint32_t start,
                           uint32_t end);

/* Parses an organization name starting at token t (organizations.c).
 * Returns its key value (without "organization:", arena string) and sets
 * *end to the token after it, or returns NULL. */
char *tp__org_parse(tp_xctx_t *x, size_t t, size_t *end);

/* Folds an organization key into the one that adds a place to it
 * ("Huyện ủy" into "Huyện ủy Thường Tín") when the article holds exactly
 * one such; runs after the modules (organizations.c). */
void tp__orgs_finish(tp_xctx_t *x);

/* Returns the byte offsets, rising, of every digit that starts a
 * syllable of x->body (a digit run not glued to a letter or digit before
 * it): where documents, dates and quantities look for their numbers. One
 * pass over the body on first use, shared by the three (scan.c). */
const uint32_t *tp__num_starts(tp_xctx_t *x, size_t *n);

/* A small set of words (a module's list of labels, units, ...), looked
 * up by hash instead of a strcmp() per entry: the numeric modules ask
 * several such lists at every number. Fill once (under the module's
 * pthread_once) with tp__wset_fill(); lists of up to TP__WSET_MAX words
 * (entities.c). */
#define TP__WSET_SLOTS 256
#define TP__WSET_MAX (TP__WSET_SLOTS / 2)
typedef struct tp__wset {
    const char *const *list;       /* NULL-terminated */
    uint8_t slot[TP__WSET_SLOTS];  /* list index + 1, 0: empty */
    uint8_t len[TP__WSET_SLOTS];   /* byte length of that word */
} tp__wset_t;
void tp__wset_fill(tp__wset_t *ws, const char *const *list);
/* Is w[0..n) one of the set's words? */
int tp__wset_has(const tp__wset_t *ws, const char *w, size_t n);

/* The modules, called by tp_extract() in this order (later modules can
 * see what earlier ones found, e.g. quantities skip numbers inside dates
 * and document symbols, persons link positions to organizations). */
void tp__extract_documents(tp_xctx_t *x);     /* documents.c */
void tp__extract_dates(tp_xctx_t *x);         /* dates.c */
void tp__extract_terms(tp_xctx_t *x);         /* terms.c: congress, term, tenure, period */
void tp__extract_quantities(tp_xctx_t *x);    /* quantities.c */
void tp__extract_places(tp_xctx_t *x);        /* places.c */
void tp__extract_organizations(tp_xctx_t *x); /* organizations.c */
void tp__extract_persons(tp_xctx_t *x);       /* persons.c */

#endif
