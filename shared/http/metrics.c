/*
 * metrics.c — the process-wide Prometheus registry (tp/metrics.h).
 *
 * Families (name, help, type) hold series (one label string each) in
 * registration order. Registering takes a mutex; updating a series is a
 * C11 atomic operation, so the hot path never locks. Gauges and histogram
 * sums keep a double's bits in a 64-bit atomic and add with a
 * compare-and-swap loop. A histogram stores one count per bucket (not
 * cumulative) plus one for +Inf; rendering sums them, so _count and the
 * +Inf bucket always agree. Written by hand because no installed library
 * does Prometheus exposition in C.
 */
#include "tp/metrics.h"

#include <math.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TP_HIST_MAX_BUCKETS 64

typedef enum tp_mkind {
    TP_M_COUNTER,
    TP_M_GAUGE,
    TP_M_HISTOGRAM,
} tp_mkind_t;

struct tp_counter {
    _Atomic uint64_t v;
};

struct tp_gauge {
    _Atomic uint64_t bits; /* a double */
};

struct tp_histogram {
    size_t n;             /* finite buckets */
    const double *bounds; /* the family's */
    _Atomic uint64_t counts[TP_HIST_MAX_BUCKETS + 1]; /* last: above all */
    _Atomic uint64_t sum_bits;                         /* a double */
};

typedef struct tp_series {
    struct tp_series *next;
    char *labels; /* "" for none */
    union {
        struct tp_counter c;
        struct tp_gauge g;
        struct tp_histogram h;
    } u;
} tp_series_t;

typedef struct tp_family {
    struct tp_family *next;
    char *name;
    char *help;
    tp_mkind_t kind;
    size_t nbuckets;
    double bounds[TP_HIST_MAX_BUCKETS];
    tp_series_t *first, *last;
} tp_family_t;

static pthread_mutex_t tp__metrics_lock = PTHREAD_MUTEX_INITIALIZER;
static tp_family_t *tp__families, *tp__families_last;

const double tp_metrics_default_buckets[] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1,    0.25,  0.5,    1,     2.5,  5,     10,
};
const size_t tp_metrics_default_buckets_n =
    sizeof tp_metrics_default_buckets / sizeof tp_metrics_default_buckets[0];

/* Stops the process on a programming error in metric registration. */
static void tp__metrics_die(const char *what, const char *name)
{
    fprintf(stderr, "tinpipe: metrics: %s: \"%s\"\n", what, name ? name : "");
    abort();
}

/* Returns a malloc()ed copy of s; aborts when out of memory. */
static char *tp__metrics_strdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        tp__metrics_die("out of memory", s);
    return p;
}

/* Tells whether name is a valid Prometheus metric name. */
static int tp__metrics_name_ok(const char *name)
{
    if (!name || !*name || (*name >= '0' && *name <= '9'))
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == ':'))
            return 0;
    return 1;
}

/* Finds or creates the series name{labels} of the given kind; called with
 * the lock held. */
static tp_series_t *tp__metrics_get(const char *name, const char *help,
                                    const char *labels, tp_mkind_t kind,
                                    const double *buckets, size_t n)
{
    if (!tp__metrics_name_ok(name))
        tp__metrics_die("invalid metric name", name);
    if (!labels)
        labels = "";
    tp_family_t *f;
    for (f = tp__families; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            break;
    if (f && f->kind != kind)
        tp__metrics_die("metric registered with another type", name);
    if (!f) {
        f = calloc(1, sizeof *f);
        if (!f)
            tp__metrics_die("out of memory", name);
        f->name = tp__metrics_strdup(name);
        f->help = tp__metrics_strdup(help);
        f->kind = kind;
        if (kind == TP_M_HISTOGRAM) {
            if (!buckets) {
                buckets = tp_metrics_default_buckets;
                n = tp_metrics_default_buckets_n;
            }
            if (n > TP_HIST_MAX_BUCKETS)
                tp__metrics_die("too many histogram buckets", name);
            for (size_t i = 0; i < n; i++) {
                if (!isfinite(buckets[i]) ||
                    (i > 0 && buckets[i] <= buckets[i - 1]))
                    tp__metrics_die("histogram buckets must be finite and "
                                    "strictly increasing",
                                    name);
                f->bounds[i] = buckets[i];
            }
            f->nbuckets = n;
        }
        if (tp__families_last)
            tp__families_last->next = f;
        else
            tp__families = f;
        tp__families_last = f;
    }
    for (tp_series_t *s = f->first; s; s = s->next)
        if (strcmp(s->labels, labels) == 0)
            return s;
    tp_series_t *s = calloc(1, sizeof *s);
    if (!s)
        tp__metrics_die("out of memory", name);
    s->labels = tp__metrics_strdup(labels);
    if (kind == TP_M_HISTOGRAM) {
        s->u.h.n = f->nbuckets;
        s->u.h.bounds = f->bounds;
    }
    if (f->last)
        f->last->next = s;
    else
        f->first = s;
    f->last = s;
    return s;
}

/* Returns the counter name{labels}. */
tp_counter_t *tp_metrics_counter(const char *name, const char *help,
                                 const char *labels)
{
    pthread_mutex_lock(&tp__metrics_lock);
    tp_series_t *s =
        tp__metrics_get(name, help, labels, TP_M_COUNTER, NULL, 0);
    pthread_mutex_unlock(&tp__metrics_lock);
    return &s->u.c;
}

/* Returns the gauge name{labels}. */
tp_gauge_t *tp_metrics_gauge(const char *name, const char *help,
                             const char *labels)
{
    pthread_mutex_lock(&tp__metrics_lock);
    tp_series_t *s = tp__metrics_get(name, help, labels, TP_M_GAUGE, NULL, 0);
    pthread_mutex_unlock(&tp__metrics_lock);
    return &s->u.g;
}

/* Returns the histogram name{labels}. */
tp_histogram_t *tp_metrics_histogram(const char *name, const char *help,
                                     const char *labels,
                                     const double *buckets, size_t n)
{
    pthread_mutex_lock(&tp__metrics_lock);
    tp_series_t *s =
        tp__metrics_get(name, help, labels, TP_M_HISTOGRAM, buckets, n);
    pthread_mutex_unlock(&tp__metrics_lock);
    return &s->u.h;
}

/* Adds n to a counter. */
void tp_counter_add(tp_counter_t *c, uint64_t n)
{
    if (c)
        atomic_fetch_add_explicit(&c->v, n, memory_order_relaxed);
}

/* Adds 1 to a counter. */
void tp_counter_inc(tp_counter_t *c)
{
    tp_counter_add(c, 1);
}

/* Reads a counter. */
uint64_t tp_counter_value(const tp_counter_t *c)
{
    return c ? atomic_load_explicit(&((tp_counter_t *)c)->v,
                                    memory_order_relaxed)
             : 0;
}

/* Converts between a double and its bits. */
static uint64_t tp__d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}
static double tp__u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* Adds delta to the double stored in *bits. */
static void tp__atomic_add_double(_Atomic uint64_t *bits, double delta)
{
    uint64_t old = atomic_load_explicit(bits, memory_order_relaxed);
    while (!atomic_compare_exchange_weak_explicit(
        bits, &old, tp__d2u(tp__u2d(old) + delta), memory_order_relaxed,
        memory_order_relaxed))
        ;
}

/* Sets a gauge. */
void tp_gauge_set(tp_gauge_t *g, double v)
{
    if (g)
        atomic_store_explicit(&g->bits, tp__d2u(v), memory_order_relaxed);
}

/* Adds to a gauge. */
void tp_gauge_add(tp_gauge_t *g, double delta)
{
    if (g)
        tp__atomic_add_double(&g->bits, delta);
}

/* Reads a gauge. */
double tp_gauge_value(const tp_gauge_t *g)
{
    return g ? tp__u2d(atomic_load_explicit(&((tp_gauge_t *)g)->bits,
                                            memory_order_relaxed))
             : 0.0;
}

/* Records one observation: the first bucket whose bound is >= v. */
void tp_histogram_observe(tp_histogram_t *h, double v)
{
    if (!h)
        return;
    size_t i = 0;
    while (i < h->n && !(v <= h->bounds[i]))
        i++;
    atomic_fetch_add_explicit(&h->counts[i], 1, memory_order_relaxed);
    tp__atomic_add_double(&h->sum_bits, v);
}

/* Returns the number of observations. */
uint64_t tp_histogram_count(const tp_histogram_t *h)
{
    if (!h)
        return 0;
    uint64_t n = 0;
    for (size_t i = 0; i <= h->n; i++)
        n += atomic_load_explicit(&((tp_histogram_t *)h)->counts[i],
                                  memory_order_relaxed);
    return n;
}

/* Monotonic seconds. */
double tp_metrics_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A growable output string for rendering. */
typedef struct tp_mbuf {
    char *data;
    size_t len, cap;
    int oom;
} tp_mbuf_t;

/* Appends printf-formatted text to b. */
static void tp__mbuf_printf(tp_mbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void tp__mbuf_printf(tp_mbuf_t *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL,
                          b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = 1;
            return;
        }
        if (b->data && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
}

/* Formats a double the way Prometheus reads it: shortest of %.15g/%.17g
 * that reads back exactly; NaN, +Inf, -Inf spelled out. */
static const char *tp__fmt_double(double v, char *buf, size_t size)
{
    if (isnan(v))
        return "NaN";
    if (isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
    return buf;
}

/* Appends help text escaped as the format asks (\\ and \n). */
static void tp__mbuf_help(tp_mbuf_t *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            tp__mbuf_printf(b, "\\\\");
        else if (*s == '\n')
            tp__mbuf_printf(b, "\\n");
        else
            tp__mbuf_printf(b, "%c", *s);
    }
}

/* Renders one histogram series. */
static void tp__render_histogram(tp_mbuf_t *b, const tp_family_t *f,
                                 tp_series_t *s)
{
    const char *l = s->labels;
    const char *sep = *l ? "," : "";
    char num[64];
    uint64_t cum = 0;
    for (size_t i = 0; i <= s->u.h.n; i++) {
        cum += atomic_load_explicit(&s->u.h.counts[i], memory_order_relaxed);
        const char *le = i < s->u.h.n
                             ? tp__fmt_double(s->u.h.bounds[i], num, sizeof num)
                             : "+Inf";
        tp__mbuf_printf(b, "%s_bucket{%s%sle=\"%s\"} %llu\n", f->name, l, sep,
                        le, (unsigned long long)cum);
    }
    double sum = tp__u2d(
        atomic_load_explicit(&s->u.h.sum_bits, memory_order_relaxed));
    const char *open = *l ? "{" : "", *close = *l ? "}" : "";
    tp__mbuf_printf(b, "%s_sum%s%s%s %s\n", f->name, open, l, close,
                    tp__fmt_double(sum, num, sizeof num));
    tp__mbuf_printf(b, "%s_count%s%s%s %llu\n", f->name, open, l, close,
                    (unsigned long long)cum);
}

/* Renders the registry in the Prometheus text format. */
char *tp_metrics_render(size_t *len)
{
    static const char *const types[] = {"counter", "gauge", "histogram"};
    tp_mbuf_t b = {0};
    char num[64];
    tp__mbuf_printf(&b, "%s", "");
    pthread_mutex_lock(&tp__metrics_lock);
    for (tp_family_t *f = tp__families; f; f = f->next) {
        tp__mbuf_printf(&b, "# HELP %s ", f->name);
        tp__mbuf_help(&b, f->help);
        tp__mbuf_printf(&b, "\n# TYPE %s %s\n", f->name, types[f->kind]);
        for (tp_series_t *s = f->first; s; s = s->next) {
            const char *open = *s->labels ? "{" : "";
            const char *close = *s->labels ? "}" : "";
            switch (f->kind) {
            case TP_M_COUNTER:
                tp__mbuf_printf(&b, "%s%s%s%s %llu\n", f->name, open,
                                s->labels, close,
                                (unsigned long long)tp_counter_value(&s->u.c));
                break;
            case TP_M_GAUGE:
                tp__mbuf_printf(&b, "%s%s%s%s %s\n", f->name, open, s->labels,
                                close,
                                tp__fmt_double(tp_gauge_value(&s->u.g), num,
                                               sizeof num));
                break;
            case TP_M_HISTOGRAM:
                tp__render_histogram(&b, f, s);
                break;
            }
        }
    }
    pthread_mutex_unlock(&tp__metrics_lock);
    if (b.oom) {
        free(b.data);
        return NULL;
    }
    if (len)
        *len = b.len;
    return b.data;
}

/* Frees every family and series. */
void tp_metrics_reset(void)
{
    pthread_mutex_lock(&tp__metrics_lock);
    tp_family_t *f = tp__families;
    while (f) {
        tp_family_t *fn = f->next;
        tp_series_t *s = f->first;
        while (s) {
            tp_series_t *sn = s->next;
            free(s->labels);
            free(s);
            s = sn;
        }
        free(f->name);
        free(f->help);
        free(f);
        f = fn;
    }
    tp__families = tp__families_last = NULL;
    pthread_mutex_unlock(&tp__metrics_lock);
}
