/*
 * tp/metrics.h — Prometheus metrics for one process, and the small HTTP
 * server that serves them with /healthz and /readyz (libmicrohttpd, one
 * internal thread).
 *
 * The registry is global: one per process. A metric is a family (name,
 * help, type) and a series inside it (a preformatted label string such as
 * `stage="normalizer",topic="articles.raw"`, or NULL/"" for none).
 *
 *   static tp_counter_t *consumed;
 *   consumed = tp_metrics_counter("tp_messages_consumed_total",
 *                                 "Messages consumed from Kafka",
 *                                 "stage=\"normalizer\",topic=\"articles.raw\"");
 *   tp_counter_add(consumed, 1);
 *
 * Ownership: handles returned by tp_metrics_counter(), tp_metrics_gauge()
 * and tp_metrics_histogram() belong to the registry and live until
 * tp_metrics_reset() (tests) or the end of the process; never free them.
 * Asking again for the same name and labels returns the same handle, so
 * registering is idempotent; it takes a mutex, so look a handle up once and
 * keep it. Updating a metric is lock-free (C11 atomics) and may be done
 * from any thread. Every update function accepts NULL and does nothing, so
 * code can run with metrics switched off. Asking for a name that is already
 * registered with another type is a programming error: the process aborts
 * with a message on stderr.
 *
 * tp_metrics_render() returns malloc()ed text the caller free()s.
 * tp_http_new() returns a handle the caller releases with tp_http_destroy();
 * tp_http_destroy(NULL) is a no-op.
 *
 * Names used by the stages (keep to them so dashboards work):
 *   tp_messages_consumed_total{stage,topic}       counter
 *   tp_messages_produced_total{stage,topic}       counter
 *   tp_errors_total{stage,class}                  counter
 *   tp_dead_letters_total{stage,class}            counter
 *   tp_consumer_lag{stage,topic,partition}        gauge (messages)
 *   tp_processing_seconds{stage}                  histogram (per message)
 *   tp_transaction_seconds{stage}                 histogram (per commit)
 *   tp_rows_written_total{table}                  counter (writer)
 */
#ifndef TP_METRICS_H
#define TP_METRICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct tp_counter tp_counter_t;
typedef struct tp_gauge tp_gauge_t;
typedef struct tp_histogram tp_histogram_t;

/* Returns the counter name{labels}, creating it at 0 the first time. name
 * must match [a-zA-Z_:][a-zA-Z0-9_:]*, else the process aborts. */
tp_counter_t *tp_metrics_counter(const char *name, const char *help,
                                 const char *labels);

/* Adds n to a counter (counters never go down). */
void tp_counter_add(tp_counter_t *c, uint64_t n);

/* Adds 1 to a counter. */
void tp_counter_inc(tp_counter_t *c);

/* Returns the counter's value (0 for NULL). */
uint64_t tp_counter_value(const tp_counter_t *c);

/* Returns the gauge name{labels}, creating it at 0 the first time. */
tp_gauge_t *tp_metrics_gauge(const char *name, const char *help,
                             const char *labels);

/* Sets, adds to (delta may be negative) and reads a gauge. */
void tp_gauge_set(tp_gauge_t *g, double v);
void tp_gauge_add(tp_gauge_t *g, double delta);
double tp_gauge_value(const tp_gauge_t *g);

/* The default buckets, in seconds: 0.0005 0.001 0.0025 0.005 0.01 0.025
 * 0.05 0.1 0.25 0.5 1 2.5 5 10 (+Inf is implicit). */
extern const double tp_metrics_default_buckets[];
extern const size_t tp_metrics_default_buckets_n;

/* Returns the histogram name{labels}. buckets are the upper bounds, strictly
 * increasing, without +Inf; NULL (n ignored) means the default buckets. The
 * first registration of a name fixes the buckets for the whole family; later
 * calls' buckets are ignored. At most 64 buckets. */
tp_histogram_t *tp_metrics_histogram(const char *name, const char *help,
                                     const char *labels,
                                     const double *buckets, size_t n);

/* Records one observation (for durations: seconds). */
void tp_histogram_observe(tp_histogram_t *h, double v);

/* Returns how many observations were recorded (0 for NULL). */
uint64_t tp_histogram_count(const tp_histogram_t *h);

/* Returns the whole registry in the Prometheus text format 0.0.4 (families
 * in registration order, each with # HELP and # TYPE, series in
 * registration order), NUL-terminated, and its length in *len when len is
 * not NULL. The caller free()s it. Returns NULL only when out of memory. */
char *tp_metrics_render(size_t *len);

/* Forgets every metric (handles become invalid). For tests. */
void tp_metrics_reset(void);

/* Monotonic seconds, for timing work observed in histograms. */
double tp_metrics_now(void);

/*
 * The HTTP endpoints:
 *   GET /metrics  200, text/plain; version=0.0.4, tp_metrics_render()
 *   GET /healthz  200 "ok" while the loop is alive: tp_http_heartbeat() was
 *                 called less than stale_after_s seconds ago (the clock
 *                 starts at tp_http_new()); 503 otherwise
 *   GET /readyz   200 "ready" after tp_http_set_ready(1) (the daemon has
 *                 its partitions and its connections); 503 otherwise
 * Anything else is 404; methods other than GET and HEAD are 405.
 */
typedef struct tp_http tp_http_t;

/* Starts serving on listen: "host:port", "[v6addr]:port" or ":port" (every
 * interface); port 0 picks a free port (see tp_http_port()). An empty (or
 * NULL) listen disables the server: the call succeeds and returns a handle
 * that serves nothing, whose port is 0. stale_after_s <= 0 means 30.
 * On error returns NULL with a message in errstr. */
tp_http_t *tp_http_new(const char *listen, int stale_after_s, char *errstr,
                       size_t errstr_size);

/* Stops the server thread and releases the handle. */
void tp_http_destroy(tp_http_t *h);

/* The port the server listens on, 0 when disabled. */
int tp_http_port(const tp_http_t *h);

/* Marks the process loop alive now (call once per poll iteration; cheap:
 * one atomic store). Process-wide, works without a server. */
void tp_http_heartbeat(void);

/* Says whether the process is ready to do its work. Process-wide. */
void tp_http_set_ready(int ready);

#endif
