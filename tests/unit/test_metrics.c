/*
 * test_metrics.c — the Prometheus registry and the /metrics, /healthz,
 * /readyz server (tp/metrics.h): exact text format, concurrency, and real
 * HTTP round trips over a loopback socket.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tp/metrics.h"

/* Renders the registry and asserts it equals want. */
static void expect_render(const char *want)
{
    size_t len = 0;
    char *got = tp_metrics_render(&len);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
}

/* Counters: HELP escaping, labels, no labels, idempotent lookup. */
static void test_counter_format(void **state)
{
    (void)state;
    tp_metrics_reset();
    expect_render("");
    tp_counter_t *c = tp_metrics_counter("tp_messages_consumed_total",
                                         "Messages consumed\nfrom \\ Kafka",
                                         "stage=\"normalizer\",topic=\"raw\"");
    tp_counter_t *c2 = tp_metrics_counter("tp_messages_consumed_total", "x",
                                          "stage=\"writer\",topic=\"e\"");
    tp_counter_t *plain = tp_metrics_counter("tp_plain_total", "Plain", NULL);
    assert_ptr_equal(tp_metrics_counter("tp_messages_consumed_total", "",
                                        "stage=\"normalizer\",topic=\"raw\""),
                     c);
    assert_ptr_not_equal(c, c2);
    tp_counter_add(c, 3);
    tp_counter_inc(c);
    tp_counter_add(plain, 18446744073709551615ull);
    tp_counter_add(NULL, 5);
    tp_counter_inc(NULL);
    assert_int_equal(tp_counter_value(c), 4);
    assert_int_equal(tp_counter_value(NULL), 0);
    expect_render("# HELP tp_messages_consumed_total Messages consumed\\nfrom "
                  "\\\\ Kafka\n"
                  "# TYPE tp_messages_consumed_total counter\n"
                  "tp_messages_consumed_total{stage=\"normalizer\",topic=\"raw\"} 4\n"
                  "tp_messages_consumed_total{stage=\"writer\",topic=\"e\"} 0\n"
                  "# HELP tp_plain_total Plain\n"
                  "# TYPE tp_plain_total counter\n"
                  "tp_plain_total 18446744073709551615\n");
    tp_metrics_reset();
}

/* Gauges: set, add, special values. */
static void test_gauge_format(void **state)
{
    (void)state;
    tp_metrics_reset();
    tp_gauge_t *lag = tp_metrics_gauge("tp_consumer_lag", "Messages behind",
                                       "partition=\"0\"");
    tp_gauge_t *lag1 = tp_metrics_gauge("tp_consumer_lag", "Messages behind",
                                        "partition=\"1\"");
    tp_gauge_t *inf = tp_metrics_gauge("tp_inf", "Infinite", "");
    tp_gauge_t *tenth = tp_metrics_gauge("tp_tenth", "A tenth", "");
    tp_gauge_set(lag, 2.5);
    tp_gauge_add(lag, -1);
    tp_gauge_set(lag1, 1234567);
    tp_gauge_set(inf, -INFINITY);
    tp_gauge_set(tenth, 0.1);
    tp_gauge_set(NULL, 1);
    tp_gauge_add(NULL, 1);
    assert_true(tp_gauge_value(lag) == 1.5);
    assert_true(tp_gauge_value(NULL) == 0.0);
    expect_render("# HELP tp_consumer_lag Messages behind\n"
                  "# TYPE tp_consumer_lag gauge\n"
                  "tp_consumer_lag{partition=\"0\"} 1.5\n"
                  "tp_consumer_lag{partition=\"1\"} 1234567\n"
                  "# HELP tp_inf Infinite\n"
                  "# TYPE tp_inf gauge\n"
                  "tp_inf -Inf\n"
                  "# HELP tp_tenth A tenth\n"
                  "# TYPE tp_tenth gauge\n"
                  "tp_tenth 0.1\n");
    tp_gauge_set(tenth, 0.1 + 0.2); /* needs 17 digits to read back */
    char *out = tp_metrics_render(NULL);
    assert_non_null(strstr(out, "tp_tenth 0.30000000000000004\n"));
    free(out);
    tp_metrics_reset();
}

/* Histograms: cumulative buckets, bound inclusive, +Inf, sum, count. */
static void test_histogram_format(void **state)
{
    (void)state;
    tp_metrics_reset();
    const double b[] = {0.125, 1};
    tp_histogram_t *h = tp_metrics_histogram(
        "tp_processing_seconds", "Time per message", "stage=\"x\"", b, 2);
    tp_histogram_t *plain =
        tp_metrics_histogram("tp_processing_seconds", "", "", NULL, 0);
    tp_histogram_observe(h, 0.0625);
    tp_histogram_observe(h, 0.125); /* le is inclusive */
    tp_histogram_observe(h, 0.5);
    tp_histogram_observe(h, 2);
    tp_histogram_observe(plain, 3);
    tp_histogram_observe(NULL, 1);
    assert_int_equal(tp_histogram_count(h), 4);
    assert_int_equal(tp_histogram_count(NULL), 0);
    expect_render(
        "# HELP tp_processing_seconds Time per message\n"
        "# TYPE tp_processing_seconds histogram\n"
        "tp_processing_seconds_bucket{stage=\"x\",le=\"0.125\"} 2\n"
        "tp_processing_seconds_bucket{stage=\"x\",le=\"1\"} 3\n"
        "tp_processing_seconds_bucket{stage=\"x\",le=\"+Inf\"} 4\n"
        "tp_processing_seconds_sum{stage=\"x\"} 2.6875\n"
        "tp_processing_seconds_count{stage=\"x\"} 4\n"
        "tp_processing_seconds_bucket{le=\"0.125\"} 0\n"
        "tp_processing_seconds_bucket{le=\"1\"} 0\n"
        "tp_processing_seconds_bucket{le=\"+Inf\"} 1\n"
        "tp_processing_seconds_sum 3\n"
        "tp_processing_seconds_count 1\n");

    /* The default buckets. */
    tp_metrics_reset();
    h = tp_metrics_histogram("tp_d_seconds", "d", NULL, NULL, 0);
    tp_histogram_observe(h, 0.003);
    char *out = tp_metrics_render(NULL);
    assert_non_null(strstr(out, "tp_d_seconds_bucket{le=\"0.0025\"} 0\n"
                                "tp_d_seconds_bucket{le=\"0.005\"} 1\n"));
    assert_non_null(strstr(out, "tp_d_seconds_bucket{le=\"10\"} 1\n"
                                "tp_d_seconds_bucket{le=\"+Inf\"} 1\n"));
    free(out);
    assert_int_equal(tp_metrics_default_buckets_n, 14);
    tp_metrics_reset();
}

#define THREADS 4
#define ROUNDS 20000

typedef struct worker {
    tp_counter_t *c;
    tp_gauge_t *g;
    tp_histogram_t *h;
} worker_t;

/* Updates shared metrics many times, registering a series of its own. */
static void *worker(void *arg)
{
    worker_t *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        tp_counter_inc(w->c);
        tp_gauge_add(w->g, 1);
        tp_histogram_observe(w->h, (i % 2) ? 0.5 : 2);
    }
    char labels[32];
    snprintf(labels, sizeof labels, "t=\"%p\"", (void *)w);
    tp_counter_inc(tp_metrics_counter("tp_thread_total", "t", labels));
    return NULL;
}

/* Concurrent updates lose nothing. */
static void test_threads(void **state)
{
    (void)state;
    tp_metrics_reset();
    const double b[] = {1};
    worker_t w = {tp_metrics_counter("tp_t_total", "t", NULL),
                  tp_metrics_gauge("tp_t_gauge", "t", NULL),
                  tp_metrics_histogram("tp_t_seconds", "t", NULL, b, 1)};
    worker_t ws[THREADS];
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) {
        ws[i] = w;
        assert_int_equal(pthread_create(&th[i], NULL, worker, &ws[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(tp_counter_value(w.c), THREADS * ROUNDS);
    assert_true(tp_gauge_value(w.g) == THREADS * ROUNDS);
    assert_int_equal(tp_histogram_count(w.h), THREADS * ROUNDS);
    char *out = tp_metrics_render(NULL);
    char want[256];
    snprintf(want, sizeof want,
             "tp_t_seconds_bucket{le=\"1\"} %d\n"
             "tp_t_seconds_bucket{le=\"+Inf\"} %d\n"
             "tp_t_seconds_sum %d\n",
             THREADS * ROUNDS / 2, THREADS * ROUNDS,
             THREADS * ROUNDS / 2 * 2 + THREADS * ROUNDS / 4);
    assert_non_null(strstr(out, want));
    /* One series per thread, each at 1. */
    int n = 0;
    for (const char *p = out; (p = strstr(p, "tp_thread_total{")); p++)
        n++;
    assert_int_equal(n, THREADS);
    free(out);
    tp_metrics_reset();
}

/* A parsed HTTP response. */
typedef struct reply {
    int status;
    char head[2048];
    char *body;
} reply_t;

/* Sends one raw HTTP/1.0 request to 127.0.0.1:port and reads the reply. */
static void http_request(int port, const char *method, const char *path,
                         reply_t *r)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char req[256];
    int n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.0\r\nHost: localhost\r\n\r\n", method, path);
    assert_int_equal(write(fd, req, (size_t)n), n);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    ssize_t got;
    while ((got = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)got;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    close(fd);
    buf[len] = '\0';
    char *sep = strstr(buf, "\r\n\r\n");
    assert_non_null(sep);
    size_t hl = (size_t)(sep - buf);
    assert_true(hl < sizeof r->head);
    memcpy(r->head, buf, hl);
    r->head[hl] = '\0';
    r->body = strdup(sep + 4);
    assert_int_equal(sscanf(buf, "HTTP/1.%*d %d", &r->status), 1);
    free(buf);
}

/* Real round trips: /metrics, /healthz, /readyz, 404, 405. */
static void test_http(void **state)
{
    (void)state;
    tp_metrics_reset();
    tp_counter_add(tp_metrics_counter("tp_http_test_total", "h",
                                      "stage=\"test\""),
                   7);
    char err[256] = "x";
    tp_http_t *h = tp_http_new("127.0.0.1:0", 1, err, sizeof err);
    if (!h)
        fail_msg("%s", err);
    assert_string_equal(err, "");
    int port = tp_http_port(h);
    assert_true(port > 0);

    reply_t r;
    http_request(port, "GET", "/metrics", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strcasestr(r.head, "\r\nContent-Type: text/plain; "
                                       "version=0.0.4"));
    char *want = tp_metrics_render(NULL);
    assert_string_equal(r.body, want);
    assert_non_null(strstr(r.body, "tp_http_test_total{stage=\"test\"} 7\n"));
    free(want);
    free(r.body);

    tp_http_set_ready(0);
    http_request(port, "GET", "/readyz", &r);
    assert_int_equal(r.status, 503);
    assert_string_equal(r.body, "not ready\n");
    free(r.body);
    tp_http_set_ready(1);
    http_request(port, "GET", "/readyz", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "ready\n");
    free(r.body);

    tp_http_heartbeat();
    http_request(port, "GET", "/healthz", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "ok\n");
    free(r.body);
    /* No heartbeat for longer than stale_after_s (1 s): unhealthy. */
    struct timespec ts = {1, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
    http_request(port, "GET", "/healthz", &r);
    assert_int_equal(r.status, 503);
    assert_non_null(strstr(r.body, "stale: last heartbeat "));
    free(r.body);
    tp_http_heartbeat();
    http_request(port, "GET", "/healthz", &r);
    assert_int_equal(r.status, 200);
    free(r.body);

    http_request(port, "GET", "/nope", &r);
    assert_int_equal(r.status, 404);
    free(r.body);
    http_request(port, "DELETE", "/metrics", &r);
    assert_int_equal(r.status, 405);
    free(r.body);
    http_request(port, "HEAD", "/readyz", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "");
    free(r.body);

    /* The port is taken: a second server says so. */
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    tp_http_t *h2 = tp_http_new(listen, 1, err, sizeof err);
    assert_null(h2);
    char msg[128];
    snprintf(msg, sizeof msg,
             "could not listen on %s (address in use or not local?)", listen);
    assert_string_equal(err, msg);

    tp_http_destroy(h);
    tp_http_set_ready(0);
    tp_metrics_reset();
}

/* Disabled servers and bad addresses. */
static void test_http_config(void **state)
{
    (void)state;
    char err[256] = "x";
    tp_http_t *h = tp_http_new("", 0, err, sizeof err);
    assert_non_null(h);
    assert_string_equal(err, "");
    assert_int_equal(tp_http_port(h), 0);
    tp_http_destroy(h);
    h = tp_http_new(NULL, 0, err, sizeof err);
    assert_non_null(h);
    tp_http_destroy(h);
    tp_http_destroy(NULL);
    assert_int_equal(tp_http_port(NULL), 0);

    assert_null(tp_http_new("localhost", 0, err, sizeof err));
    assert_string_equal(err, "invalid http listen address \"localhost\": "
                             "expected host:port");
    assert_null(tp_http_new("127.0.0.1:99999", 0, err, sizeof err));
    assert_string_equal(err, "invalid http listen address "
                             "\"127.0.0.1:99999\": bad port");
    assert_null(tp_http_new("127.0.0.1:http", 0, err, sizeof err));
    assert_string_equal(err, "invalid http listen address "
                             "\"127.0.0.1:http\": bad port");

    /* IPv6 loopback in brackets, when the host has it. */
    h = tp_http_new("[::1]:0", 0, err, sizeof err);
    if (h) {
        assert_true(tp_http_port(h) > 0);
        tp_http_destroy(h);
    } else {
        print_message("no IPv6 loopback here (%s); not tested\n", err);
    }
}

/* Runs fn in a child process and returns the signal that ended it. */
static int child_signal(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* Registers a name that is not a Prometheus name. */
static void bad_name(void)
{
    tp_metrics_counter("tp bad-name", "x", NULL);
}

/* Registers one name as two types. */
static void two_types(void)
{
    tp_metrics_counter("tp_twice", "x", NULL);
    tp_metrics_gauge("tp_twice", "x", NULL);
}

/* Registers decreasing buckets. */
static void bad_buckets(void)
{
    const double b[] = {1, 0.5};
    tp_metrics_histogram("tp_bad_seconds", "x", NULL, b, 2);
}

/* A correct registration, to show the child harness tells them apart. */
static void fine(void)
{
    tp_metrics_counter("tp_fine_total", "x", NULL);
}

/* Programming errors in registration abort, as the header says. */
static void test_registration_errors(void **state)
{
    (void)state;
    assert_int_equal(child_signal(bad_name), SIGABRT);
    assert_int_equal(child_signal(two_types), SIGABRT);
    assert_int_equal(child_signal(bad_buckets), SIGABRT);
    assert_int_equal(child_signal(fine), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_format),
        cmocka_unit_test(test_gauge_format),
        cmocka_unit_test(test_histogram_format),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_http),
        cmocka_unit_test(test_http_config),
        cmocka_unit_test(test_registration_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
