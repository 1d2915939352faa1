/*
 * html.c — HTML input: parse with gumbo (a real HTML5 parser, which also
 * decodes entities), read the metadata (og:title, <title>, <h1>,
 * article:published_time, <time datetime>, author, keywords, figcaption)
 * and turn the main content into text, one block per line.
 *
 * The main content is the element whose paragraphs carry the most text
 * that is not link text (a small readability-style score: each <p> or
 * text-bearing block gives its length to its parent and half to its
 * grandparent); <article> and itemprop=articleBody win when they hold
 * real text. script, style, nav, header, footer, aside, forms, and
 * elements whose class or id names site chrome are dropped; so are
 * link-dense blocks (lists of other articles), and each drop is recorded
 * in meta->removed.
 *
 * Before gumbo sees the page, the text of script and style elements and
 * of comments is cut (tp__html_strip()): html.c never reads it, and on
 * pages as served it is often half of the bytes gumbo would tokenize.
 */
#include <gumbo.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "text/text_internal.h"

#define TP__HTML_MAX_DEPTH 200
#define TP__HTML_MAX_REMOVED 64
#define TP__HTML_REMOVED_TEXT 300

/* A growable array of strings in the arena. */
typedef struct tp__hstrs {
    const char **v;
    size_t n, cap;
} tp__hstrs_t;

/* Appends s to a string array. */
static void tp__hstrs_add(tp_arena_t *a, tp__hstrs_t *sv, const char *s)
{
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 8;
        sv->v = tp_arena_realloc(a, sv->v, sv->n * sizeof *sv->v,
                                 cap * sizeof *sv->v);
        sv->cap = cap;
    }
    sv->v[sv->n++] = s;
}

typedef struct tp__hctx {
    tp_arena_t *a;
    tp__html_meta_t *meta;
    tp__hstrs_t captions, tags;
    tp_removed_t *removed;
    size_t n_removed;
    const char *h1;
    const char *doc_title;
} tp__hctx_t;

/* Tags whose whole subtree is never article text. */
static int tp__skip_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SVG:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_MENU: case GUMBO_TAG_MATH:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP:
        return 1;
    default:
        return 0;
    }
}

/* Tags that end a line of text. */
static int tp__block_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_PRE: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_TBODY:
        return 1;
    default:
        return 0;
    }
}

/* Words in class or id that name site chrome. */
static const char *const tp__chrome_words[] = {
    "comment", "related", "share", "social", "menu", "breadcrumb",
    "footer", "sidebar", "banner", "advert", "quangcao", "qc-", "navbar",
    "navigation", "login", "popup", "toolbar", "rating", "print",
    "tinlienquan", "tin-lien-quan", "othernews", "other-news", "morenews",
    "box-tin", "weblink", "counter", "thongke", "widget", NULL,
};

/* 1 when the element's class or id names chrome. */
static int tp__chrome_attr(const GumboElement *el)
{
    const char *names[2] = {"class", "id"};
    for (int k = 0; k < 2; k++) {
        GumboAttribute *at = gumbo_get_attribute(&el->attributes, names[k]);
        if (!at || !at->value)
            continue;
        /* The words are lower-case ASCII, so an ASCII-lowered copy and
         * strstr() find what strcasestr() finds, without its per-call
         * setup. */
        char low[256];
        size_t n = strlen(at->value);
        if (n >= sizeof low) {
            for (int w = 0; tp__chrome_words[w]; w++)
                if (strcasestr(at->value, tp__chrome_words[w]))
                    return 1;
            continue;
        }
        for (size_t i = 0; i <= n; i++) {
            unsigned char ch = (unsigned char)at->value[i];
            low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        for (int w = 0; tp__chrome_words[w]; w++)
            if (strstr(low, tp__chrome_words[w]))
                return 1;
    }
    return 0;
}

/* Text statistics of a subtree: all text and the part inside links. */
typedef struct tp__tstat {
    size_t text, link;
} tp__tstat_t;

/* Counts text bytes under node (skipped tags excluded). */
static tp__tstat_t tp__stat(const GumboNode *node, int in_link, int depth)
{
    tp__tstat_t s = {0, 0};
    if (depth > TP__HTML_MAX_DEPTH)
        return s;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
        size_t l = strlen(node->v.text.text);
        s.text = l;
        s.link = in_link ? l : 0;
        return s;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
        return s;
    const GumboElement *el = &node->v.element;
    if (tp__skip_tag(el->tag))
        return s;
    int link = in_link || el->tag == GUMBO_TAG_A;
    for (unsigned i = 0; i < el->children.length; i++) {
        tp__tstat_t c = tp__stat(el->children.data[i], link, depth + 1);
        s.text += c.text;
        s.link += c.link;
    }
    return s;
}

/* Collects the text of a subtree into b (inline, spaces between text). */
static void tp__plain(tp_arena_t *a, const GumboNode *node, tp_buf_t *b,
                      int depth)
{
    if (depth > TP__HTML_MAX_DEPTH)
        return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
        tp_buf_puts(a, b, node->v.text.text);
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
        return;
    const GumboElement *el = &node->v.element;
    if (tp__skip_tag(el->tag))
        return;
    for (unsigned i = 0; i < el->children.length; i++) {
        tp__plain(a, el->children.data[i], b, depth + 1);
        if (tp__block_tag(el->tag))
            tp_buf_putc(a, b, ' ');
    }
}

/* Records a dropped block (its text, shortened). */
static void tp__hremoved(tp__hctx_t *c, const char *kind, const GumboNode *n)
{
    if (c->n_removed >= TP__HTML_MAX_REMOVED)
        return;
    tp_buf_t b = {0};
    tp__plain(c->a, n, &b, 0);
    char *t = tp__clean_field(c->a, b.data ? b.data : "", b.len,
                              TP_TONE_TRADITIONAL);
    if (!t)
        return;
    size_t l = strlen(t);
    if (l > TP__HTML_REMOVED_TEXT) {
        size_t cut = TP__HTML_REMOVED_TEXT;
        while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
            cut--;
        t = tp_arena_printf(c->a, "%.*s …", (int)cut, t);
    }
    if (!c->removed)
        c->removed = tp_arena_alloc(c->a, TP__HTML_MAX_REMOVED *
                                              sizeof *c->removed);
    c->removed[c->n_removed].kind = kind;
    c->removed[c->n_removed].text = t;
    c->n_removed++;
}

/* Reads metadata from the whole document (meta tags, title, h1, time). */
static void tp__meta_walk(tp__hctx_t *c, const GumboNode *node, int depth)
{
    if (depth > TP__HTML_MAX_DEPTH || node->type != GUMBO_NODE_ELEMENT)
        return;
    const GumboElement *el = &node->v.element;
    tp__html_meta_t *m = c->meta;
    if (el->tag == GUMBO_TAG_META) {
        GumboAttribute *p = gumbo_get_attribute(&el->attributes, "property");
        GumboAttribute *nm = gumbo_get_attribute(&el->attributes, "name");
        GumboAttribute *ip = gumbo_get_attribute(&el->attributes, "itemprop");
        GumboAttribute *ct = gumbo_get_attribute(&el->attributes, "content");
        const char *key = p ? p->value : nm ? nm->value : ip ? ip->value : NULL;
        if (!key || !ct || !ct->value || !*ct->value)
            return;
        const char *v = tp_arena_strdup(c->a, ct->value);
        if (!strcasecmp(key, "og:title") && !m->title)
            m->title = v;
        else if (!strcasecmp(key, "og:site_name"))
            m->site = v;
        else if (!strcasecmp(key, "og:url"))
            m->url = v;
        else if ((!strcasecmp(key, "article:published_time") ||
                  !strcasecmp(key, "datePublished") ||
                  !strcasecmp(key, "pubdate") ||
                  !strcasecmp(key, "publishdate") ||
                  !strcasecmp(key, "dc.date.issued") ||
                  !strcasecmp(key, "date")) &&
                 !m->published)
            m->published = v;
        else if ((!strcasecmp(key, "author") ||
                  !strcasecmp(key, "article:author")) &&
                 !m->author && !strstr(v, "://"))
            m->author = v;
        else if (!strcasecmp(key, "article:tag"))
            tp__hstrs_add(c->a, &c->tags, v);
        return;
    }
    if (el->tag == GUMBO_TAG_TITLE && !c->doc_title) {
        tp_buf_t b = {0};
        tp__plain(c->a, node, &b, 0);
        c->doc_title = b.data;
        return;
    }
    if (el->tag == GUMBO_TAG_H1 && !c->h1) {
        tp_buf_t b = {0};
        tp__plain(c->a, node, &b, 0);
        c->h1 = b.data;
    }
    if (el->tag == GUMBO_TAG_TIME && !c->meta->published) {
        GumboAttribute *dt = gumbo_get_attribute(&el->attributes, "datetime");
        if (dt && dt->value && *dt->value)
            c->meta->published = tp_arena_strdup(c->a, dt->value);
    }
    if (el->tag == GUMBO_TAG_FIGCAPTION) {
        tp_buf_t b = {0};
        tp__plain(c->a, node, &b, 0);
        if (b.data)
            tp__hstrs_add(c->a, &c->captions, b.data); /* raw, cleaned later */
    }
    for (unsigned i = 0; i < el->children.length; i++)
        tp__meta_walk(c, el->children.data[i], depth + 1);
}

/* Best content candidate found so far. */
typedef struct tp__best {
    const GumboNode *node;
    double score;
    const GumboNode *article; /* <article> or itemprop=articleBody */
    size_t article_text;
} tp__best_t;

/* Scores paragraphs: each text block gives its non-link text to its
 * parent and half to its grandparent; accumulated in a side table keyed
 * by node (a small linear map, pages have few scored parents). */
typedef struct tp__scores {
    const GumboNode **node;
    double *score;
    size_t n, cap;
} tp__scores_t;

/* Adds s to the score of node. */
static void tp__score_add(tp_arena_t *a, tp__scores_t *sc,
                          const GumboNode *node, double s)
{
    for (size_t i = sc->n; i-- > 0;)
        if (sc->node[i] == node) {
            sc->score[i] += s;
            return;
        }
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        sc->node = tp_arena_realloc(a, sc->node, sc->n * sizeof *sc->node,
                                    cap * sizeof *sc->node);
        sc->score = tp_arena_realloc(a, sc->score, sc->n * sizeof *sc->score,
                                     cap * sizeof *sc->score);
        sc->cap = cap;
    }
    sc->node[sc->n] = node;
    sc->score[sc->n] = s;
    sc->n++;
}

/* Walks the body and scores the parents of text blocks. */
static void tp__score_walk(tp__hctx_t *c, const GumboNode *node,
                           tp__scores_t *sc, tp__best_t *best, int depth)
{
    if (depth > TP__HTML_MAX_DEPTH || node->type != GUMBO_NODE_ELEMENT)
        return;
    const GumboElement *el = &node->v.element;
    if (tp__skip_tag(el->tag) || tp__chrome_attr(el))
        return;
    GumboAttribute *ip = gumbo_get_attribute(&el->attributes, "itemprop");
    if (el->tag == GUMBO_TAG_ARTICLE ||
        (ip && ip->value && !strcasecmp(ip->value, "articleBody"))) {
        tp__tstat_t st = tp__stat(node, 0, 0);
        if (st.text - st.link > best->article_text) {
            best->article = node;
            best->article_text = st.text - st.link;
        }
    }
    int text_block = 0;
    if (el->tag == GUMBO_TAG_P || el->tag == GUMBO_TAG_PRE ||
        el->tag == GUMBO_TAG_BLOCKQUOTE)
        text_block = 1;
    else if (el->tag == GUMBO_TAG_DIV || el->tag == GUMBO_TAG_TD ||
             el->tag == GUMBO_TAG_SPAN || el->tag == GUMBO_TAG_FONT) {
        /* a block with its own direct text (sites without <p>) */
        size_t direct = 0;
        for (unsigned i = 0; i < el->children.length; i++) {
            const GumboNode *ch = el->children.data[i];
            if (ch->type == GUMBO_NODE_TEXT)
                direct += strlen(ch->v.text.text);
        }
        text_block = direct >= 40;
    }
    if (text_block && node->parent) {
        tp__tstat_t st = tp__stat(node, 0, 0);
        double s = (double)(st.text - st.link);
        if (s >= 20) {
            const GumboNode *p = node->parent;
            if (el->tag != GUMBO_TAG_P && el->tag != GUMBO_TAG_PRE &&
                el->tag != GUMBO_TAG_BLOCKQUOTE)
                p = node; /* the text block is its own container */
            tp__score_add(c->a, sc, p, s);
            if (p->parent && p->parent->type == GUMBO_NODE_ELEMENT)
                tp__score_add(c->a, sc, p->parent, s / 2);
        }
    }
    for (unsigned i = 0; i < el->children.length; i++)
        tp__score_walk(c, el->children.data[i], sc, best, depth + 1);
}

/* Renders the content node as lines: blocks separated by blank lines,
 * <br> by line breaks; chrome and link-dense blocks are dropped. */
static void tp__render(tp__hctx_t *c, const GumboNode *node, tp_buf_t *b,
                       int depth)
{
    if (depth > TP__HTML_MAX_DEPTH)
        return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
        tp_buf_puts(c->a, b, node->v.text.text);
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
        return;
    const GumboElement *el = &node->v.element;
    if (tp__skip_tag(el->tag)) {
        if (el->tag == GUMBO_TAG_FORM || el->tag == GUMBO_TAG_NAV ||
            el->tag == GUMBO_TAG_ASIDE || el->tag == GUMBO_TAG_FOOTER)
            tp__hremoved(c, el->tag == GUMBO_TAG_FORM ? "comment_form"
                                                       : "html_boilerplate",
                         node);
        return;
    }
    if (el->tag == GUMBO_TAG_BR) {
        tp_buf_putc(c->a, b, '\n');
        return;
    }
    if (depth > 0 && tp__chrome_attr(el)) {
        tp__hremoved(c, "html_boilerplate", node);
        return;
    }
    int block = tp__block_tag(el->tag);
    if (block && depth > 0 &&
        (el->tag == GUMBO_TAG_UL || el->tag == GUMBO_TAG_OL ||
         el->tag == GUMBO_TAG_DIV || el->tag == GUMBO_TAG_TABLE ||
         el->tag == GUMBO_TAG_SECTION)) {
        tp__tstat_t st = tp__stat(node, 0, 0);
        if (st.text > 0 && st.link * 10 > st.text * 6) {
            tp__hremoved(c, "related_list", node);
            return;
        }
    }
    if (block)
        tp_buf_puts(c->a, b, "\n\n");
    for (unsigned i = 0; i < el->children.length; i++)
        tp__render(c, el->children.data[i], b, depth + 1);
    if (block)
        tp_buf_puts(c->a, b, "\n\n");
}

/* Finds the <body> element. */
static const GumboNode *tp__find_body(const GumboNode *root)
{
    if (root->type != GUMBO_NODE_ELEMENT)
        return root;
    const GumboVector *ch = &root->v.element.children;
    for (unsigned i = 0; i < ch->length; i++) {
        const GumboNode *n = ch->data[i];
        if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_BODY)
            return n;
    }
    return root;
}

/* Strips a " - Site name" or " | Site" tail from a <title>. */
static const char *tp__title_tail(tp_arena_t *a, const char *t)
{
    if (!t)
        return NULL;
    const char *seps[] = {" | ", " - ", " – ", " :: ", NULL};
    const char *cut = NULL;
    for (int k = 0; seps[k]; k++) {
        const char *p = t, *q;
        while ((q = strstr(p, seps[k])) != NULL) {
            if (!cut || q > cut)
                cut = q;
            p = q + 1;
        }
    }
    if (cut && (size_t)(cut - t) >= 20)
        return tp_arena_strndup(a, t, (size_t)(cut - t));
    return t;
}

/* ---- pre-pass: script, style and comment bodies out before gumbo ---- */

/* 1 when c ends a tag name or an end tag's name in the tokenizer (space
 * characters, '/' and '>'; '\r' counts because gumbo turns it into '\n'). */
static int tp__tag_delim(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
           c == '/' || c == '>';
}

/* 1 when c is a space character of the tokenizer. */
static int tp__tag_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* 1 when s[0..n) equals the lower-case ASCII word w, ignoring case. */
static int tp__tag_is(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    return n == wl && strncasecmp(s, w, n) == 0;
}

/* The byte after the '>' that ends a tag whose name ends at p, following
 * the tokenizer's attribute states so that a '>' inside a quoted value
 * does not end it; NULL when the document ends first. */
static const char *tp__tag_end(const char *p, const char *end)
{
    enum { BEFORE_NAME, NAME, AFTER_NAME, BEFORE_VALUE, DQ, SQ, UNQUOTED };
    int st = BEFORE_NAME;
    for (; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        switch (st) {
        case BEFORE_NAME:
            if (ch == '>')
                return p + 1;
            if (!tp__tag_space(ch) && ch != '/')
                st = NAME;
            break;
        case NAME:
        case AFTER_NAME:
            if (ch == '>')
                return p + 1;
            st = tp__tag_space(ch) ? AFTER_NAME
                 : ch == '/'       ? BEFORE_NAME
                 : ch == '='       ? BEFORE_VALUE
                                   : NAME;
            break;
        case BEFORE_VALUE:
            if (ch == '>')
                return p + 1;
            st = tp__tag_space(ch) ? BEFORE_VALUE
                 : ch == '"'       ? DQ
                 : ch == '\''      ? SQ
                                   : UNQUOTED;
            break;
        case DQ:
        case SQ: {
            /* A quoted value runs to its closing quote, whatever it holds. */
            const char *q = memchr(p, st == DQ ? '"' : '\'', (size_t)(end - p));
            if (!q)
                return NULL;
            p = q;
            /* After the quote: a space, '/' or anything else starts the
             * next attribute, '>' ends the tag (checked on the next byte). */
            st = BEFORE_NAME;
            if (q + 1 < end && q[1] != '>' && !tp__tag_space((unsigned char)q[1]) &&
                q[1] != '/') {
                p = q + 1;
                st = NAME;
            }
            break;
        }
        case UNQUOTED:
            if (ch == '>')
                return p + 1;
            if (tp__tag_space(ch))
                st = BEFORE_NAME;
            break;
        }
    }
    return NULL;
}

/* The start of the first "</name" followed by a delimiter (the end tag
 * that closes a raw-text element called name) in p[0..end), ignoring
 * case; NULL when there is none. */
static const char *tp__raw_close(const char *p, const char *end,
                                 const char *name)
{
    size_t nl = strlen(name);
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) < nl + 3)
            return NULL;
        if (p[1] == '/' && strncasecmp(p + 2, name, nl) == 0 &&
            tp__tag_delim((unsigned char)p[2 + nl]))
            return p;
        p++;
    }
    return NULL;
}

/* The first occurrence of the ASCII word w in p[0..end), ignoring case;
 * NULL when there is none. */
static const char *tp__find_ci(const char *p, const char *end, const char *w)
{
    size_t wl = strlen(w);
    while ((p = memchr(p, w[0], (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) < wl)
            return NULL;
        if (strncasecmp(p, w, wl) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* Output of the pre-pass: the kept bytes of the page, copied once into
 * the arena when something is cut. */
typedef struct tp__strip {
    tp_arena_t *a;
    const char *src, *copied; /* input, and how far it went to out */
    char *out;
    size_t len;
} tp__strip_t;

/* Copies the input up to p to the output, then skips the input up to
 * resume (the bytes between are cut) and appends add. */
static void tp__strip_cut(tp__strip_t *s, const char *p, const char *resume,
                          const char *add, size_t n_src)
{
    if (!s->out)
        s->out = tp_arena_alloc(s->a, n_src + 1);
    memcpy(s->out + s->len, s->copied, (size_t)(p - s->copied));
    s->len += (size_t)(p - s->copied);
    size_t al = strlen(add);
    memcpy(s->out + s->len, add, al);
    s->len += al;
    s->copied = resume;
}

/* Cuts what gumbo need not tokenize and html.c never reads: the text of
 * <script> and <style> elements (the element itself stays, empty) and
 * the text of comments (an empty comment stays), so that the tree gumbo
 * builds is the same apart from those never-read text nodes. Returns
 * html itself when nothing is cut, else a copy in the arena; *out_n gets
 * its length.
 *
 * It follows the tokenizer only as far as it can be sure of its state:
 * tags are read with their quoted attributes; title, textarea, xmp,
 * iframe, noembed and noframes bodies are stepped over as text; a script
 * holding "<!--" and then "<script" (HTML's double-escaped script) is
 * where it stops, and so are <svg>, <math> (foreign content), <frameset>
 * and <plaintext>, and inside <select> the tags that close a select
 * implicitly; from there on the page goes to gumbo as it is. <noscript>
 * and <template> are left alone: gumbo parses their content as markup
 * that can reach outside them. Written by hand: it is a subset of the
 * HTML tokenizer that no library offers on its own. */
static const char *tp__html_strip(tp_arena_t *a, const char *html, size_t n,
                                  size_t *out_n)
{
    tp__strip_t s = {.a = a, .src = html, .copied = html};
    const char *p = html, *end = html + n;
    int in_select = 0;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || lt + 1 >= end)
            break;
        const char *q = lt + 1;
        if (*q == '!') {
            if (end - q >= 3 && q[1] == '-' && q[2] == '-') {
                const char *b = q + 3, *ce;
                if (b < end && *b == '>')
                    ce = b + 1; /* "<!-->" */
                else if (end - b >= 2 && b[0] == '-' && b[1] == '>')
                    ce = b + 2; /* "<!--->" */
                else {
                    const char *e1 = memmem(b, (size_t)(end - b), "-->", 3);
                    const char *e2 = memmem(b, (size_t)((e1 ? e1 : end) - b),
                                            "--!>", 4);
                    if (e2)
                        ce = e2 + 4;
                    else if (e1)
                        ce = e1 + 3;
                    else
                        break; /* the rest is one comment */
                }
                if (ce - lt > 7)
                    tp__strip_cut(&s, lt, ce, "<!---->", n);
                p = ce;
                continue;
            }
            const char *gt = memchr(q, '>', (size_t)(end - q));
            if (!gt)
                break; /* doctype or bogus comment to the end */
            p = gt + 1;
            continue;
        }
        if (*q == '?') {
            const char *gt = memchr(q, '>', (size_t)(end - q));
            if (!gt)
                break;
            p = gt + 1;
            continue;
        }
        int closing = *q == '/';
        const char *name = q + closing;
        if (name >= end)
            break;
        if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z'))) {
            if (closing) { /* "</>" is dropped, "</3" a bogus comment */
                const char *gt = memchr(name, '>', (size_t)(end - name));
                if (!gt)
                    break;
                p = gt + 1;
            } else {
                p = q; /* "<" in text */
            }
            continue;
        }
        const char *ne = name;
        while (ne < end && !tp__tag_delim((unsigned char)*ne))
            ne++;
        if (ne >= end)
            break;
        const char *te = *ne == '>' ? ne + 1 : tp__tag_end(ne, end);
        if (!te)
            break;
        size_t nl = (size_t)(ne - name);
        p = te;
        if (closing) {
            if (in_select && tp__tag_is(name, nl, "select"))
                in_select = 0;
            else if (in_select &&
                     (tp__tag_is(name, nl, "table") ||
                      tp__tag_is(name, nl, "caption") ||
                      tp__tag_is(name, nl, "tbody") ||
                      tp__tag_is(name, nl, "tfoot") ||
                      tp__tag_is(name, nl, "thead") ||
                      tp__tag_is(name, nl, "tr") || tp__tag_is(name, nl, "td") ||
                      tp__tag_is(name, nl, "th") ||
                      tp__tag_is(name, nl, "template")))
                break;
            continue;
        }
        if (tp__tag_is(name, nl, "script")) {
            const char *ec = tp__raw_close(te, end, "script");
            if (!ec) {
                tp__strip_cut(&s, te, end, "", n); /* script text to the end */
                p = end;
                break;
            }
            const char *esc = memmem(te, (size_t)(ec - te), "<!--", 4);
            if (esc && tp__find_ci(esc, ec, "<script"))
                break; /* double-escaped: gumbo's own state machine decides */
            if (ec > te)
                tp__strip_cut(&s, te, ec, "", n);
            p = ec;
            continue;
        }
        if (in_select) {
            /* In a select, style, title and the like are ignored and their
             * content is markup; these start tags close the select. */
            if (tp__tag_is(name, nl, "select") || tp__tag_is(name, nl, "input") ||
                tp__tag_is(name, nl, "keygen") ||
                tp__tag_is(name, nl, "textarea") ||
                tp__tag_is(name, nl, "template") ||
                tp__tag_is(name, nl, "caption") ||
                tp__tag_is(name, nl, "table") || tp__tag_is(name, nl, "tbody") ||
                tp__tag_is(name, nl, "tfoot") || tp__tag_is(name, nl, "thead") ||
                tp__tag_is(name, nl, "tr") || tp__tag_is(name, nl, "td") ||
                tp__tag_is(name, nl, "th") || tp__tag_is(name, nl, "svg") ||
                tp__tag_is(name, nl, "math") ||
                tp__tag_is(name, nl, "plaintext") ||
                tp__tag_is(name, nl, "frameset"))
                break;
            continue;
        }
        if (tp__tag_is(name, nl, "style")) {
            const char *ec = tp__raw_close(te, end, "style");
            if (!ec) {
                tp__strip_cut(&s, te, end, "", n);
                p = end;
                break;
            }
            if (ec > te)
                tp__strip_cut(&s, te, ec, "", n);
            p = ec;
            continue;
        }
        static const char *const raw[] = {"title", "textarea", "xmp", "iframe",
                                          "noembed", "noframes", NULL};
        int k = 0;
        while (raw[k] && !tp__tag_is(name, nl, raw[k]))
            k++;
        if (raw[k]) {
            const char *ec = tp__raw_close(te, end, raw[k]);
            if (!ec)
                break;
            p = ec;
            continue;
        }
        if (tp__tag_is(name, nl, "select"))
            in_select = 1;
        else if (tp__tag_is(name, nl, "svg") || tp__tag_is(name, nl, "math") ||
                 tp__tag_is(name, nl, "frameset") ||
                 tp__tag_is(name, nl, "plaintext"))
            break;
    }
    if (!s.out) {
        *out_n = n;
        return html;
    }
    tp__strip_cut(&s, end, end, "", n);
    s.out[s.len] = '\0';
    *out_n = s.len;
    return s.out;
}

/* gumbo's allocator: the message's arena (ud), so the tree costs no
 * malloc and no teardown walk; it dies with the arena's next reset. */
static void *tp__gumbo_alloc(void *ud, size_t size)
{
    return tp_arena_alloc((tp_arena_t *)ud, size);
}

/* gumbo's deallocator: nothing, the arena reset frees everything. */
static void tp__gumbo_free(void *ud, void *ptr)
{
    (void)ud;
    (void)ptr;
}

/* Parses html and returns its main content as text; see text_internal.h. */
char *tp__html_to_text(tp_arena_t *a, const char *html, size_t n,
                       tp__html_meta_t *meta, size_t *out_len)
{
    memset(meta, 0, sizeof *meta);
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = tp__gumbo_alloc;
    opts.deallocator = tp__gumbo_free;
    opts.userdata = a;
    opts.max_errors = 0; /* parse errors are not used: do not record them */
    html = tp__html_strip(a, html, n, &n);
    GumboOutput *out = gumbo_parse_with_options(&opts, html, n);
    if (!out)
        return NULL;
    tp__hctx_t c = {.a = a, .meta = meta};
    tp__meta_walk(&c, out->root, 0);
    const GumboNode *body = tp__find_body(out->root);

    tp__scores_t sc = {0};
    tp__best_t best = {0};
    tp__score_walk(&c, body, &sc, &best, 0);
    for (size_t i = 0; i < sc.n; i++)
        if (!best.node || sc.score[i] > best.score) {
            best.node = sc.node[i];
            best.score = sc.score[i];
        }
    const GumboNode *content = body;
    if (best.article && best.article_text >= 200)
        content = best.article;
    else if (best.node)
        content = best.node;
    /* Climb to the wrapper that also holds the headline, date and sapo
     * beside the paragraphs, as long as it adds little text (sidebars
     * and link lists are dropped while rendering). */
    while (content != body && content->parent &&
           content->parent->type == GUMBO_NODE_ELEMENT && content->parent != body) {
        tp__tstat_t in = tp__stat(content, 0, 0);
        tp__tstat_t up = tp__stat(content->parent, 0, 0);
        size_t own = in.text - in.link, all = up.text - up.link;
        if (all > own + own / 4 + 400)
            break;
        content = content->parent;
    }

    tp_buf_t b = {0};
    /* The headline often sits outside the content block: keep the h1
     * (structure matches it against the title and takes it out). */
    if (!meta->title)
        meta->title = c.h1 ? c.h1 : tp__title_tail(a, c.doc_title);
    tp__render(&c, content, &b, 0);
    meta->captions = c.captions.v;
    meta->n_captions = c.captions.n;
    meta->tags = c.tags.v;
    meta->n_tags = c.tags.n;
    meta->removed = c.removed;
    meta->n_removed = c.n_removed;
    /* no gumbo_destroy_output(): the tree lives in the arena */
    if (!b.data)
        b.data = tp_arena_strdup(a, "");
    *out_len = b.len;
    return b.data;
}

/* 1 when an element named name[0..n) has no end tag that nests (void
 * elements) or one the parser closes by itself when a sibling opens
 * (p, li, td ...), so that counting it would overstate the depth. */
static int tp__flat_tag(const char *name, size_t n)
{
    static const char *const flat[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd",
        "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "tbody",
        "thead", "tfoot", "colgroup", "caption", "html", "head", "body",
        "!doctype"};
    for (size_t i = 0; i < sizeof flat / sizeof *flat; i++)
        if (strlen(flat[i]) == n && strncasecmp(flat[i], name, n) == 0)
            return 1;
    return 0;
}

/* Estimates how deep html's elements nest, from its tags alone, stopping
 * once the depth passes limit; see text_internal.h. Written by hand
 * because the point is to answer before gumbo, whose tree building gets
 * quadratic on deep nesting, ever sees the page. */
size_t tp__html_depth(const char *html, size_t n, size_t limit)
{
    size_t depth = 0, max = 0;
    const char *p = html, *end = html + n;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL && p + 1 < end) {
        p++;
        if (*p == '!' && end - p >= 3 && p[1] == '-' && p[2] == '-') {
            const char *c = memmem(p, (size_t)(end - p), "-->", 3);
            p = c ? c + 3 : end;
            continue;
        }
        int closing = *p == '/';
        const char *name = p + closing;
        const char *q = name;
        while (q < end && (isalnum((unsigned char)*q) || *q == '!' || *q == '-'))
            q++;
        if (q == name)
            continue; /* "<" in text */
        const char *after = tp__tag_end(q, end); /* '>' in quotes skipped */
        if (!after)
            break;
        const char *gt = after - 1;
        size_t nl = (size_t)(q - name);
        if (!tp__flat_tag(name, nl) && gt[-1] != '/') {
            if (closing)
                depth -= depth > 0;
            else if (++depth > max && (max = depth) > limit)
                return max;
        }
        /* Script and style bodies are text, whatever they hold. */
        if (!closing && ((nl == 6 && strncasecmp(name, "script", 6) == 0) ||
                         (nl == 5 && strncasecmp(name, "style", 5) == 0))) {
            const char *c = memmem(gt, (size_t)(end - gt), nl == 6 ? "</" "script" : "</" "style", nl + 2);
            if (!c)
                c = memmem(gt, (size_t)(end - gt), nl == 6 ? "</SCRIPT" : "</STYLE", nl + 2);
            p = c ? c : end;
            continue;
        }
        p = gt + 1;
    }
    return max;
}

/* 1 when a bare document starts with markup. */
int tp__looks_like_html(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    if (i >= n || s[i] != '<')
        return 0;
    static const char *const starts[] = {
        "<!doctype", "<html", "<head", "<body", "<p", "<div", "<article",
        "<meta", "<title", "<!--", "<h1", "<h2", "<section", "<main",
        "<table", "<span", "<?xml", NULL,
    };
    for (int k = 0; starts[k]; k++) {
        size_t l = strlen(starts[k]);
        if (n - i >= l && strncasecmp(s + i, starts[k], l) == 0)
            return 1;
    }
    return 0;
}
