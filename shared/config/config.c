/*
 * config.c — loads tinpipe's YAML configuration (tp/config.h).
 *
 * libyaml's document API builds the tree and gives every node its position;
 * the walk below checks that tree against the options table (options.c):
 * sections must be maps, leaves scalars, keys known and given once, values
 * of the right type and within bounds. `${VAR}`, `${VAR:-default}` and `$$`
 * are expanded in every scalar value before it is converted. Defaults are
 * filled first, so the walk only overwrites what the file sets. Every error
 * is "name:line:column: message", line and column counted from 1.
 */
#include "tp/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "config/config_internal.h"

/* Most entries in one kafka map (librdkafka has ~200 properties). */
#define TP_KV_MAX 1000
/* Most options in the table (checked at load). */
#define TP_OPT_MAX 128
/* Largest password file read. */
#define TP_SECRET_MAX (64 * 1024)

/* State of one load. */
typedef struct tp_cfgload {
    const char *name;
    yaml_document_t *doc;
    tp_config_t *c;
    char *errstr;
    size_t errstr_size;
    yaml_mark_t *marks; /* per option: where the file set it */
    unsigned char *set; /* per option: set by the file */
} tp_cfgload_t;

/* Writes "name:line:col: message" into the load's error buffer. */
static int tp__cfg_fail(tp_cfgload_t *ld, yaml_mark_t mark, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));
static int tp__cfg_fail(tp_cfgload_t *ld, yaml_mark_t mark, const char *fmt,
                        ...)
{
    if (!ld->errstr || ld->errstr_size == 0)
        return -1;
    int n = snprintf(ld->errstr, ld->errstr_size, "%s:%zu:%zu: ", ld->name,
                     mark.line + 1, mark.column + 1);
    if (n >= 0 && (size_t)n < ld->errstr_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ld->errstr + n, ld->errstr_size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Writes an error without a position. */
static void tp__cfg_errf(char *errstr, size_t errstr_size, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
static void tp__cfg_errf(char *errstr, size_t errstr_size, const char *fmt,
                         ...)
{
    if (!errstr || errstr_size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errstr, errstr_size, fmt, ap);
    va_end(ap);
}

/* Returns a pointer to the field of option o inside c. */
static void *tp__cfg_field(tp_config_t *c, size_t offset)
{
    return (char *)c + offset;
}

/* Returns a malloc()ed copy of n bytes of s, NUL-terminated; aborts when
 * memory is exhausted (a config that cannot be allocated cannot run). */
static char *tp__cfg_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) {
        fprintf(stderr, "tinpipe: out of memory loading the configuration\n");
        abort();
    }
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Replaces the string at *slot with a copy of s (n bytes). */
static void tp__cfg_setstr(char **slot, const char *s, size_t n)
{
    char *p = tp__cfg_strndup(s, n);
    free(*slot);
    *slot = p;
}

/* Frees every entry of a kv list and empties it. */
static void tp__kv_clear(tp_kv_list_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].key);
        free(l->items[i].value);
    }
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Sets key to value in l, replacing an existing entry with that key. */
static void tp__kv_set(tp_kv_list_t *l, const char *key, size_t klen,
                       const char *value, size_t vlen)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->items[i].key) == klen &&
            memcmp(l->items[i].key, key, klen) == 0) {
            tp__cfg_setstr(&l->items[i].value, value, vlen);
            return;
        }
    tp_kv_t *items = realloc(l->items, (l->n + 1) * sizeof *items);
    if (!items) {
        fprintf(stderr, "tinpipe: out of memory loading the configuration\n");
        abort();
    }
    l->items = items;
    l->items[l->n].key = tp__cfg_strndup(key, klen);
    l->items[l->n].value = tp__cfg_strndup(value, vlen);
    l->n++;
}

/* Returns the value of key in l, or NULL. */
const char *tp_config_kv_get(const tp_kv_list_t *l, const char *key)
{
    if (!l || !key)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].key, key) == 0)
            return l->items[i].value;
    return NULL;
}

/* Returns the stage section of a service by name. */
const tp_stage_config_t *tp_config_stage(const tp_config_t *c,
                                         const char *service)
{
    if (!c || !service)
        return NULL;
    if (strcmp(service, "normalizer") == 0)
        return &c->normalizer.stage;
    if (strcmp(service, "extractor") == 0)
        return &c->extractor.stage;
    if (strcmp(service, "writer") == 0)
        return &c->writer.stage;
    return NULL;
}

/* Releases a config and every string in it. */
void tp_config_destroy(tp_config_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const tp_option_t *o = &tp__config_options[i];
        switch (o->type) {
        case TP_OPT_STRING:
        case TP_OPT_SECRET:
        case TP_OPT_SECRET_FILE:
        case TP_OPT_ENUM:
            free(*(char **)tp__cfg_field(c, o->offset));
            break;
        case TP_OPT_KV:
            tp__kv_clear(tp__cfg_field(c, o->offset));
            break;
        case TP_OPT_INT:
        case TP_OPT_INT64:
        case TP_OPT_BOOL:
            break;
        }
    }
    free(c->path);
    free(c);
}

/* Parses a base-10 integer filling the whole of s. */
static int tp__cfg_parse_int(const char *s, int64_t *out)
{
    if (!*s || isspace((unsigned char)*s))
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* Parses true/false, yes/no, on/off (any case). */
static int tp__cfg_parse_bool(const char *s, int *out)
{
    static const char *const t[] = {"true", "yes", "on"};
    static const char *const f[] = {"false", "no", "off"};
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(s, t[i]) == 0)
            return *out = 1, 0;
        if (strcasecmp(s, f[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

/* Appends the allowed values of an enum option to buf, comma-separated. */
static void tp__cfg_enum_list(const tp_option_t *o, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *const *v = o->values; *v && len < size; v++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                v == o->values ? "" : ", ", *v);
}

/* Converts text to option o's type and stores it in c. On error writes a
 * message (without position) into msg and returns -1. */
static int tp__cfg_assign(tp_config_t *c, const tp_option_t *o,
                          const char *text, size_t len, char *msg,
                          size_t msg_size)
{
    void *field = tp__cfg_field(c, o->offset);
    int64_t v;
    int b;
    if (strlen(text) != len) {
        snprintf(msg, msg_size, "%s: value contains a NUL byte", o->path);
        return -1;
    }
    switch (o->type) {
    case TP_OPT_STRING:
    case TP_OPT_SECRET:
    case TP_OPT_SECRET_FILE:
        tp__cfg_setstr(field, text, len);
        return 0;
    case TP_OPT_ENUM:
        for (const char *const *e = o->values; *e; e++)
            if (strcmp(*e, text) == 0) {
                tp__cfg_setstr(field, text, len);
                return 0;
            }
        char list[256];
        tp__cfg_enum_list(o, list, sizeof list);
        snprintf(msg, msg_size, "%s: expected one of %s, got \"%.80s\"",
                 o->path, list, text);
        return -1;
    case TP_OPT_BOOL:
        if (tp__cfg_parse_bool(text, &b) < 0) {
            snprintf(msg, msg_size,
                     "%s: expected a boolean (true or false), got \"%.80s\"",
                     o->path, text);
            return -1;
        }
        *(int *)field = b;
        return 0;
    case TP_OPT_INT:
    case TP_OPT_INT64:
        if (tp__cfg_parse_int(text, &v) < 0) {
            snprintf(msg, msg_size, "%s: expected an integer, got \"%.80s\"",
                     o->path, text);
            return -1;
        }
        if (v < o->min || v > o->max) {
            snprintf(msg, msg_size,
                     "%s: %lld is out of range [%lld, %lld]", o->path,
                     (long long)v, (long long)o->min, (long long)o->max);
            return -1;
        }
        if (o->type == TP_OPT_INT)
            *(int *)field = (int)v;
        else
            *(int64_t *)field = v;
        return 0;
    case TP_OPT_KV:
        break;
    }
    snprintf(msg, msg_size, "%s: not a scalar option", o->path);
    return -1;
}

/* Fills every option of c with its default. */
static void tp__cfg_fill_defaults(tp_config_t *c)
{
    char msg[256];
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const tp_option_t *o = &tp__config_options[i];
        if (o->type != TP_OPT_KV) {
            if (tp__cfg_assign(c, o, o->def, strlen(o->def), msg,
                               sizeof msg) < 0) {
                /* The table itself is wrong: a programming error. */
                fprintf(stderr, "tinpipe: bad default: %s\n", msg);
                abort();
            }
            continue;
        }
        /* "key=value" lines. */
        for (const char *p = o->def; *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            const char *eq = memchr(p, '=', n);
            if (eq)
                tp__kv_set(tp__cfg_field(c, o->offset), p, (size_t)(eq - p),
                           eq + 1, n - (size_t)(eq - p) - 1);
            p += n + (nl ? 1 : 0);
        }
    }
}

/* A growable string for interpolation. */
typedef struct tp_cfgbuf {
    char *data;
    size_t len, cap;
} tp_cfgbuf_t;

/* Appends n bytes to b. */
static void tp__cfgbuf_add(tp_cfgbuf_t *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            fprintf(stderr,
                    "tinpipe: out of memory loading the configuration\n");
            abort();
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Expands ${VAR}, ${VAR:-default} (default when VAR is unset or empty) and
 * $$ in s. Returns a malloc()ed string, or NULL with a message in msg. */
static char *tp__cfg_interpolate(const char *s, size_t len, char *msg,
                                 size_t msg_size)
{
    tp_cfgbuf_t b = {0};
    tp__cfgbuf_add(&b, "", 0);
    size_t i = 0;
    while (i < len) {
        const char *dollar = memchr(s + i, '$', len - i);
        if (!dollar) {
            tp__cfgbuf_add(&b, s + i, len - i);
            break;
        }
        size_t d = (size_t)(dollar - s);
        tp__cfgbuf_add(&b, s + i, d - i);
        if (d + 1 < len && s[d + 1] == '$') {
            tp__cfgbuf_add(&b, "$", 1);
            i = d + 2;
            continue;
        }
        if (d + 1 >= len || s[d + 1] != '{') {
            tp__cfgbuf_add(&b, "$", 1); /* a lone dollar is itself */
            i = d + 1;
            continue;
        }
        const char *close = memchr(s + d + 2, '}', len - d - 2);
        if (!close) {
            snprintf(msg, msg_size, "unterminated \"${\" (write $$ for a "
                                    "literal dollar)");
            free(b.data);
            return NULL;
        }
        const char *name = s + d + 2;
        size_t nlen = 0;
        while (name + nlen < close &&
               (isalnum((unsigned char)name[nlen]) || name[nlen] == '_'))
            nlen++;
        const char *rest = name + nlen;
        int has_default = 0;
        if (rest + 1 < close && rest[0] == ':' && rest[1] == '-')
            has_default = 1;
        else if (rest != close)
            nlen = 0; /* anything else after the name is invalid */
        if (nlen == 0 || isdigit((unsigned char)name[0])) {
            snprintf(msg, msg_size, "invalid variable reference \"%.*s\"",
                     (int)(close - dollar + 1 > 80 ? 80 : close - dollar + 1),
                     dollar);
            free(b.data);
            return NULL;
        }
        char var[256];
        if (nlen >= sizeof var) {
            snprintf(msg, msg_size, "variable name too long");
            free(b.data);
            return NULL;
        }
        memcpy(var, name, nlen);
        var[nlen] = '\0';
        const char *val = getenv(var);
        if (has_default && (!val || !*val)) {
            tp__cfgbuf_add(&b, rest + 2, (size_t)(close - rest - 2));
        } else if (!val) {
            snprintf(msg, msg_size,
                     "environment variable \"%.100s\" is not set (write "
                     "${%.100s:-default} to give a default)",
                     var, var);
            free(b.data);
            return NULL;
        } else {
            tp__cfgbuf_add(&b, val, strlen(val));
        }
        i = (size_t)(close - s) + 1;
    }
    return b.data;
}

/* Returns "a scalar", "a map" or "a list" for a node. */
static const char *tp__cfg_kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_MAPPING_NODE:
        return "a map";
    case YAML_SEQUENCE_NODE:
        return "a list";
    default:
        return "nothing";
    }
}

/* Tells whether a node is a YAML null (empty, ~ or null, unquoted). */
static int tp__cfg_is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE ||
        n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *s = (const char *)n->data.scalar.value;
    return n->data.scalar.length == 0 || strcmp(s, "~") == 0 ||
           strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
           strcmp(s, "NULL") == 0;
}

/* Interpolates a scalar node's value; NULL after writing the error. */
static char *tp__cfg_value(tp_cfgload_t *ld, const yaml_node_t *n,
                           const char *path)
{
    char msg[512];
    char *v = tp__cfg_interpolate((const char *)n->data.scalar.value,
                                  n->data.scalar.length, msg, sizeof msg);
    if (!v)
        tp__cfg_fail(ld, n->start_mark, "%s: %s", path, msg);
    return v;
}

/* Fills a kv option from a map of scalars. */
static int tp__cfg_walk_kv(tp_cfgload_t *ld, const tp_option_t *o,
                           yaml_node_t *node)
{
    if (tp__cfg_is_null(node))
        return 0;
    if (node->type != YAML_MAPPING_NODE)
        return tp__cfg_fail(ld, node->start_mark, "%s: expected a map, got %s",
                            o->path, tp__cfg_kind(node));
    tp_kv_list_t *l = tp__cfg_field(ld->c, o->offset);
    yaml_node_pair_t *start = node->data.mapping.pairs.start;
    yaml_node_pair_t *top = node->data.mapping.pairs.top;
    if (top - start > TP_KV_MAX)
        return tp__cfg_fail(ld, node->start_mark,
                            "%s: too many entries (more than %d)", o->path,
                            TP_KV_MAX);
    for (yaml_node_pair_t *p = start; p < top; p++) {
        yaml_node_t *k = yaml_document_get_node(ld->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(ld->doc, p->value);
        if (!k || !v)
            return tp__cfg_fail(ld, node->start_mark, "%s: broken map",
                                o->path);
        if (k->type != YAML_SCALAR_NODE)
            return tp__cfg_fail(ld, k->start_mark,
                                "%s: expected a scalar key, got %s", o->path,
                                tp__cfg_kind(k));
        const char *key = (const char *)k->data.scalar.value;
        for (yaml_node_pair_t *q = start; q < p; q++) {
            yaml_node_t *qk = yaml_document_get_node(ld->doc, q->key);
            if (qk->data.scalar.length == k->data.scalar.length &&
                memcmp(qk->data.scalar.value, key, k->data.scalar.length) ==
                    0)
                return tp__cfg_fail(ld, k->start_mark,
                                    "duplicate key \"%.80s\" in section \"%s\" "
                                    "(first at line %zu)",
                                    key, o->path, qk->start_mark.line + 1);
        }
        if (v->type != YAML_SCALAR_NODE)
            return tp__cfg_fail(ld, v->start_mark,
                                "%s.%.80s: expected a scalar, got %s", o->path,
                                key, tp__cfg_kind(v));
        char path[256];
        snprintf(path, sizeof path, "%s.%.80s", o->path, key);
        char *val = tp__cfg_value(ld, v, path);
        if (!val)
            return -1;
        tp__kv_set(l, key, k->data.scalar.length, val, strlen(val));
        free(val);
    }
    return 0;
}

/* Sets one option from its node. */
static int tp__cfg_walk_leaf(tp_cfgload_t *ld, size_t idx, yaml_node_t *node)
{
    const tp_option_t *o = &tp__config_options[idx];
    ld->marks[idx] = node->start_mark;
    if (o->type == TP_OPT_KV)
        return tp__cfg_walk_kv(ld, o, node);
    if (node->type != YAML_SCALAR_NODE)
        return tp__cfg_fail(ld, node->start_mark,
                            "%s: expected a scalar, got %s", o->path,
                            tp__cfg_kind(node));
    if (tp__cfg_is_null(node))
        return 0; /* null keeps the default */
    char *val = tp__cfg_value(ld, node, o->path);
    if (!val)
        return -1;
    char msg[512];
    int rc = tp__cfg_assign(ld->c, o, val, strlen(val), msg, sizeof msg);
    free(val);
    if (rc < 0)
        return tp__cfg_fail(ld, node->start_mark, "%s", msg);
    ld->set[idx] = 1;
    return 0;
}

/* Tells whether path (n bytes) names a section: a proper prefix of some
 * option's path, followed by a dot. */
static int tp__cfg_is_section(const char *path, size_t n)
{
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const char *p = tp__config_options[i].path;
        if (strncmp(p, path, n) == 0 && p[n] == '.')
            return 1;
    }
    return 0;
}

/* Writes the keys known in section prefix (n bytes; 0 for the top level)
 * into buf, comma-separated, in table order, each once. */
static void tp__cfg_known(const char *prefix, size_t n, char *buf,
                          size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    const char *last = NULL;
    size_t last_n = 0;
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const char *p = tp__config_options[i].path;
        if (n && (strncmp(p, prefix, n) != 0 || p[n] != '.'))
            continue;
        const char *k = n ? p + n + 1 : p;
        size_t kn = strcspn(k, ".");
        if (last && kn == last_n && strncmp(k, last, kn) == 0)
            continue; /* sections are contiguous, so this skips repeats */
        if (len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%.*s",
                                    last ? ", " : "", (int)kn, k);
        last = k;
        last_n = kn;
    }
}

/* Checks one map against the section prefix ("" for the top level). */
static int tp__cfg_walk_map(tp_cfgload_t *ld, yaml_node_t *node,
                            const char *prefix, int depth)
{
    if (tp__cfg_is_null(node))
        return 0; /* an empty section keeps every default */
    if (node->type != YAML_MAPPING_NODE) {
        if (!*prefix)
            return tp__cfg_fail(ld, node->start_mark,
                                "expected a map at the top level, got %s",
                                tp__cfg_kind(node));
        return tp__cfg_fail(ld, node->start_mark, "%s: expected a map, got %s",
                            prefix, tp__cfg_kind(node));
    }
    size_t plen = strlen(prefix);
    yaml_node_pair_t *start = node->data.mapping.pairs.start;
    for (yaml_node_pair_t *p = start; p < node->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(ld->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(ld->doc, p->value);
        if (!k || !v)
            return tp__cfg_fail(ld, node->start_mark, "broken map");
        if (k->type != YAML_SCALAR_NODE)
            return tp__cfg_fail(ld, k->start_mark,
                                "expected a scalar key, got %s",
                                tp__cfg_kind(k));
        const char *key = (const char *)k->data.scalar.value;
        size_t klen = k->data.scalar.length;
        /* Keys before this one were all known, so this loop is short. */
        for (yaml_node_pair_t *q = start; q < p; q++) {
            yaml_node_t *qk = yaml_document_get_node(ld->doc, q->key);
            if (qk->data.scalar.length == klen &&
                memcmp(qk->data.scalar.value, key, klen) == 0) {
                if (!*prefix)
                    return tp__cfg_fail(ld, k->start_mark,
                                        "duplicate key \"%.80s\" at the top "
                                        "level (first at line %zu)",
                                        key, qk->start_mark.line + 1);
                return tp__cfg_fail(ld, k->start_mark,
                                    "duplicate key \"%.80s\" in section "
                                    "\"%s\" (first at line %zu)",
                                    key, prefix, qk->start_mark.line + 1);
            }
        }
        char path[256];
        int n = snprintf(path, sizeof path, "%s%s%.*s", prefix,
                         plen ? "." : "", (int)(klen > 100 ? 100 : klen),
                         key);
        int ok_key = klen <= 100 && strlen(key) == klen && n > 0 &&
                     (size_t)n < sizeof path;
        size_t idx = tp__config_options_n;
        for (size_t i = 0; ok_key && i < tp__config_options_n; i++)
            if (strcmp(tp__config_options[i].path, path) == 0)
                idx = i;
        int rc;
        if (idx < tp__config_options_n)
            rc = tp__cfg_walk_leaf(ld, idx, v);
        else if (ok_key && depth < 8 && tp__cfg_is_section(path, (size_t)n))
            rc = tp__cfg_walk_map(ld, v, path, depth + 1);
        else {
            char known[1024];
            tp__cfg_known(prefix, plen, known, sizeof known);
            if (!*prefix)
                return tp__cfg_fail(ld, k->start_mark,
                                    "unknown key \"%.80s\" at the top level "
                                    "(known: %s)",
                                    key, known);
            return tp__cfg_fail(ld, k->start_mark,
                                "unknown key \"%.80s\" in section \"%s\" "
                                "(known: %s)",
                                key, prefix, known);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Reads a secret file into *out (malloc()ed), dropping trailing newlines.
 * Returns 0, or -1 with errno set (EFBIG when too large). */
static int tp__cfg_read_secret(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *buf = malloc(TP_SECRET_MAX + 1);
    if (!buf) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    size_t n = fread(buf, 1, TP_SECRET_MAX + 1, f);
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (!err && n > TP_SECRET_MAX)
        err = EFBIG;
    if (err) {
        free(buf);
        errno = err;
        return -1;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    buf[n] = '\0';
    *out = buf;
    return 0;
}

/* Reads every secret file named in c. Errors say where the file was named
 * (mark, when set by the file) or which variable named it. */
static int tp__cfg_secrets(tp_cfgload_t *ld, const char *origin)
{
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const tp_option_t *o = &tp__config_options[i];
        if (o->type != TP_OPT_SECRET_FILE)
            continue;
        char *file = *(char **)tp__cfg_field(ld->c, o->offset);
        if (!file || !*file)
            continue;
        char **target = tp__cfg_field(ld->c, o->target);
        for (size_t j = 0; j < tp__config_options_n; j++)
            if (tp__config_options[j].offset == o->target && ld->set[j])
                return tp__cfg_fail(ld, ld->marks[i],
                                    "%s: %s is set too; give only one", o->path,
                                    tp__config_options[j].path);
        char *secret;
        if (tp__cfg_read_secret(file, &secret) < 0) {
            int e = errno;
            if (origin) {
                tp__cfg_errf(ld->errstr, ld->errstr_size,
                             "%s: could not read password file \"%s\": %s",
                             origin, file,
                             e == EFBIG ? "file too large" : strerror(e));
                return -1;
            }
            return tp__cfg_fail(ld, ld->marks[i],
                                "%s: could not read \"%s\": %s", o->path,
                                file,
                                e == EFBIG ? "file too large" : strerror(e));
        }
        free(*target);
        *target = secret;
    }
    return 0;
}

/* Returns the index of the option at path (which must exist). */
static size_t tp__cfg_index(const char *path)
{
    for (size_t i = 0; i < tp__config_options_n; i++)
        if (strcmp(tp__config_options[i].path, path) == 0)
            return i;
    fprintf(stderr, "tinpipe: no option \"%s\" in the table\n", path);
    abort();
}

/* Checks rules that tie options together, pointing at the option the file
 * set (the first of the pair when it set both). */
static int tp__cfg_cross_check(tp_cfgload_t *ld)
{
    const tp_config_t *c = ld->c;
    if (c->writer.retry_initial_ms > c->writer.retry_max_ms) {
        size_t a = tp__cfg_index("writer.retry_initial_ms");
        size_t b = tp__cfg_index("writer.retry_max_ms");
        size_t at = ld->set[a] || !ld->set[b] ? a : b;
        return tp__cfg_fail(ld, ld->marks[at],
                            "writer.retry_initial_ms (%d) is greater than "
                            "writer.retry_max_ms (%d)",
                            c->writer.retry_initial_ms,
                            c->writer.retry_max_ms);
    }
    return 0;
}

/* Allocates a config with every default. */
static tp_config_t *tp__cfg_new(void)
{
    tp_config_t *c = calloc(1, sizeof *c);
    if (!c || tp__config_options_n > TP_OPT_MAX) {
        fprintf(stderr, "tinpipe: out of memory loading the configuration\n");
        abort();
    }
    tp__cfg_fill_defaults(c);
    return c;
}

/* Loads yaml (len bytes) named name; the shared body of both loaders. */
tp_config_t *tp_config_load_string(const char *name, const char *yaml,
                                   size_t len, char *errstr,
                                   size_t errstr_size)
{
    if (errstr && errstr_size)
        errstr[0] = '\0';
    if (!name)
        name = "<string>";
    yaml_parser_t parser;
    yaml_document_t doc;
    int have_doc = 0;
    unsigned char set[TP_OPT_MAX];
    yaml_mark_t marks[TP_OPT_MAX];
    memset(set, 0, sizeof set);
    memset(marks, 0, sizeof marks);
    tp_cfgload_t ld = {name, &doc, NULL, errstr, errstr_size, marks, set};

    if (!yaml_parser_initialize(&parser)) {
        tp__cfg_errf(errstr, errstr_size, "%s: could not start the yaml "
                                          "parser", name);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &doc))
        goto syntax;
    have_doc = 1;
    ld.c = tp__cfg_new();
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root) {
        /* One document only: a second one would be silently ignored. */
        yaml_document_t next;
        if (!yaml_parser_load(&parser, &next))
            goto syntax;
        yaml_node_t *nroot = yaml_document_get_root_node(&next);
        yaml_mark_t nmark = nroot ? nroot->start_mark : next.start_mark;
        yaml_document_delete(&next);
        if (nroot) {
            tp__cfg_fail(&ld, nmark, "expected one yaml document, found a "
                                     "second one");
            goto error;
        }
        if (tp__cfg_walk_map(&ld, root, "", 0) < 0)
            goto error;
    }
    if (tp__cfg_cross_check(&ld) < 0)
        goto error;
    if (tp__cfg_secrets(&ld, NULL) < 0)
        goto error;
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return ld.c;

syntax:
    if (parser.context)
        tp__cfg_fail(&ld, parser.problem_mark,
                     "invalid yaml: %s (%s at line %zu, column %zu)",
                     parser.problem ? parser.problem : "syntax error",
                     parser.context, parser.context_mark.line + 1,
                     parser.context_mark.column + 1);
    else
        tp__cfg_fail(&ld, parser.problem_mark, "invalid yaml: %s",
                     parser.problem ? parser.problem : "syntax error");
error:
    if (have_doc)
        yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    tp_config_destroy(ld.c);
    return NULL;
}

/* Loads path; reads the whole file and hands it to the string loader. */
tp_config_t *tp_config_load(const char *path, char *errstr,
                            size_t errstr_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        tp__cfg_errf(errstr, errstr_size, "could not open file \"%s\": %s",
                     path, strerror(errno));
        return NULL;
    }
    tp_cfgbuf_t b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tp__cfgbuf_add(&b, chunk, n);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        free(b.data);
        tp__cfg_errf(errstr, errstr_size, "could not read file \"%s\": %s",
                     path, strerror(e));
        return NULL;
    }
    fclose(f);
    tp_config_t *c =
        tp_config_load_string(path, b.data ? b.data : "", b.len, errstr,
                              errstr_size);
    free(b.data);
    if (c)
        c->path = tp__cfg_strndup(path, strlen(path));
    return c;
}

/* The defaults, with the environment overrides of tp/config.h. */
tp_config_t *tp_config_defaults(char *errstr, size_t errstr_size)
{
    if (errstr && errstr_size)
        errstr[0] = '\0';
    unsigned char set[TP_OPT_MAX];
    yaml_mark_t marks[TP_OPT_MAX];
    memset(set, 0, sizeof set);
    memset(marks, 0, sizeof marks);
    tp_cfgload_t ld = {"(defaults)", NULL, tp__cfg_new(), errstr, errstr_size,
                       marks, set};
    const char *v;
    if ((v = getenv("TP_KAFKA_BOOTSTRAP")) && *v)
        tp__kv_set(&ld.c->kafka, "bootstrap.servers", 17, v, strlen(v));
    if ((v = getenv("TP_PG_CONNINFO")) && *v)
        tp__cfg_setstr(&ld.c->postgres.conninfo, v, strlen(v));
    if ((v = getenv("TP_HTTP_LISTEN")) && *v)
        tp__cfg_setstr(&ld.c->http.listen, strcmp(v, "-") == 0 ? "" : v,
                       strcmp(v, "-") == 0 ? 0 : strlen(v));
    if ((v = getenv("TP_PG_PASSWORD_FILE")) && *v) {
        tp__cfg_setstr(&ld.c->postgres.password_file, v, strlen(v));
        if (tp__cfg_secrets(&ld, "TP_PG_PASSWORD_FILE") < 0) {
            tp_config_destroy(ld.c);
            return NULL;
        }
    }
    return ld.c;
}

/* Prints s as a double-quoted YAML string. */
static void tp__cfg_print_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(out, "\\x%02x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

/* Tells whether a librdkafka property holds a secret. */
static int tp__cfg_kv_secret(const char *key)
{
    return strstr(key, "password") || strstr(key, "secret") ||
           strstr(key, "sasl.oauthbearer.config");
}

/* Prints the section headers that lead from the previous option's path to
 * path, and returns the indentation of path's leaf key. */
static int tp__cfg_open_sections(FILE *out, const char *prev, const char *path)
{
    /* Count components shared with the previous path's sections. */
    int depth = 0;
    size_t common = 0;
    if (prev) {
        for (;;) {
            const char *a = strchr(prev + common, '.');
            const char *b = strchr(path + common, '.');
            if (!a || !b || a - prev != b - path ||
                strncmp(prev + common, path + common,
                        (size_t)(a - prev) - common) != 0)
                break;
            common = (size_t)(a - prev) + 1;
            depth++;
        }
    }
    const char *p = path + common;
    const char *dot;
    while ((dot = strchr(p, '.')) != NULL) {
        fprintf(out, "%*s%.*s:\n", depth * 2, "", (int)(dot - p), p);
        depth++;
        p = dot + 1;
    }
    return depth * 2;
}

/* Prints the effective config as YAML. */
void tp_config_print(const tp_config_t *c, FILE *out)
{
    if (!c)
        return;
    const char *prev = NULL;
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const tp_option_t *o = &tp__config_options[i];
        int ind = tp__cfg_open_sections(out, prev, o->path);
        prev = o->path;
        const char *leaf = strrchr(o->path, '.');
        leaf = leaf ? leaf + 1 : o->path;
        const void *field = (const char *)c + o->offset;
        fprintf(out, "%*s%s:", ind, "", leaf);
        switch (o->type) {
        case TP_OPT_STRING:
        case TP_OPT_ENUM:
        case TP_OPT_SECRET_FILE:
            fputc(' ', out);
            tp__cfg_print_quoted(out, *(char *const *)field);
            break;
        case TP_OPT_SECRET:
            fputs(**(char *const *)field ? " \"********\"" : " \"\"", out);
            break;
        case TP_OPT_INT:
            fprintf(out, " %d", *(const int *)field);
            break;
        case TP_OPT_INT64:
            fprintf(out, " %lld", (long long)*(const int64_t *)field);
            break;
        case TP_OPT_BOOL:
            fputs(*(const int *)field ? " true" : " false", out);
            break;
        case TP_OPT_KV: {
            const tp_kv_list_t *l = field;
            if (l->n == 0)
                fputs(" {}", out);
            for (size_t j = 0; j < l->n; j++) {
                fprintf(out, "\n%*s", ind + 2, "");
                tp__cfg_print_quoted(out, l->items[j].key);
                fputs(": ", out);
                tp__cfg_print_quoted(out, tp__cfg_kv_secret(l->items[j].key)
                                              ? "********"
                                              : l->items[j].value);
            }
            break;
        }
        }
        fputc('\n', out);
    }
}

/* Prints every option: path, type, default, description. */
void tp_config_print_help(FILE *out)
{
    static const char *const type_names[] = {
        [TP_OPT_STRING] = "string",       [TP_OPT_SECRET] = "secret string",
        [TP_OPT_SECRET_FILE] = "file path", [TP_OPT_INT] = "integer",
        [TP_OPT_INT64] = "integer",       [TP_OPT_BOOL] = "boolean",
        [TP_OPT_ENUM] = "one of",         [TP_OPT_KV] = "map of strings",
    };
    fprintf(out,
            "tinpipe configuration: one YAML file, a section per service.\n"
            "Values (not keys) may use ${VAR}, ${VAR:-default} (when VAR is "
            "unset or empty) and $$ for a dollar sign.\n"
            "An empty value (key:, ~ or null) keeps the default.\n\n");
    for (size_t i = 0; i < tp__config_options_n; i++) {
        const tp_option_t *o = &tp__config_options[i];
        char type[256];
        switch (o->type) {
        case TP_OPT_INT:
        case TP_OPT_INT64:
            snprintf(type, sizeof type, "integer in [%lld, %lld]",
                     (long long)o->min, (long long)o->max);
            break;
        case TP_OPT_ENUM: {
            char list[200];
            tp__cfg_enum_list(o, list, sizeof list);
            snprintf(type, sizeof type, "one of %s", list);
            break;
        }
        default:
            snprintf(type, sizeof type, "%s", type_names[o->type]);
        }
        fprintf(out, "%s  (%s", o->path, type);
        if (o->type == TP_OPT_KV) {
            if (*o->def) {
                fputs(", default {", out);
                for (const char *p = o->def; *p; p++) {
                    if (*p == '\n')
                        fputs(", ", out);
                    else if (*p == '=')
                        fputs(": ", out);
                    else
                        fputc(*p, out);
                }
                fputc('}', out);
            }
        } else if (o->type == TP_OPT_INT || o->type == TP_OPT_INT64 ||
                   o->type == TP_OPT_BOOL) {
            fprintf(out, ", default %s", o->def);
        } else {
            fputs(", default ", out);
            tp__cfg_print_quoted(out, o->def);
        }
        fprintf(out, ")\n    %s\n", o->desc);
    }
}

tp_config_t *tp_config_open(const char *path, const char **used,
                            char *errstr, size_t errstr_size)
{
    if (!path) {
        const char *env = getenv("TP_CONFIG");
        if (env && *env)
            path = env;
    }
    if (used)
        *used = path;
    return path ? tp_config_load(path, errstr, errstr_size)
                : tp_config_defaults(errstr, errstr_size);
}
