/*
 * http.c — /metrics, /healthz and /readyz on libmicrohttpd's internal
 * thread (tp/metrics.h).
 *
 * The daemon's loop calls tp_http_heartbeat() each iteration (one atomic
 * store of a monotonic millisecond clock); /healthz compares it with now.
 * Readiness is one atomic flag the daemon sets when it has its partitions
 * and connections. Both are process-wide, so a loop can beat without
 * knowing about the server.
 */
#include "tp/metrics.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct tp_http {
    struct MHD_Daemon *daemon; /* NULL when disabled */
    int port;
    int64_t stale_ms;
};

static _Atomic int64_t tp__heartbeat_ms;
static atomic_int tp__ready;

/* Monotonic milliseconds. */
static int64_t tp__http_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Marks the loop alive. */
void tp_http_heartbeat(void)
{
    atomic_store_explicit(&tp__heartbeat_ms, tp__http_now_ms(),
                          memory_order_relaxed);
}

/* Sets readiness. */
void tp_http_set_ready(int ready)
{
    atomic_store_explicit(&tp__ready, ready ? 1 : 0, memory_order_relaxed);
}

/* Queues a response; buf is static (copy 0) or malloc()ed (copy 1). */
static enum MHD_Result tp__http_reply(struct MHD_Connection *conn,
                                      unsigned int status, char *body,
                                      size_t len, int owned,
                                      const char *type)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result rc = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return rc;
}

/* Answers one request. */
static enum MHD_Result tp__http_handle(void *cls, struct MHD_Connection *conn,
                                       const char *url, const char *method,
                                       const char *version,
                                       const char *upload_data,
                                       size_t *upload_data_size,
                                       void **con_cls)
{
    tp_http_t *h = cls;
    static const char text[] = "text/plain; charset=utf-8";
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        static char body[] = "method not allowed\n";
        return tp__http_reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, body,
                              sizeof body - 1, 0, text);
    }
    if (strcmp(url, "/metrics") == 0) {
        size_t len = 0;
        char *out = tp_metrics_render(&len);
        if (!out) {
            static char body[] = "out of memory\n";
            return tp__http_reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, body,
                                  sizeof body - 1, 0, text);
        }
        return tp__http_reply(conn, MHD_HTTP_OK, out, len, 1,
                              "text/plain; version=0.0.4; charset=utf-8");
    }
    if (strcmp(url, "/healthz") == 0) {
        int64_t age = tp__http_now_ms() -
                      atomic_load_explicit(&tp__heartbeat_ms,
                                           memory_order_relaxed);
        if (age <= h->stale_ms) {
            static char body[] = "ok\n";
            return tp__http_reply(conn, MHD_HTTP_OK, body, sizeof body - 1, 0,
                                  text);
        }
        char *body = malloc(96);
        if (!body)
            return MHD_NO;
        int n = snprintf(body, 96, "stale: last heartbeat %.1f s ago\n",
                         (double)age / 1000.0);
        return tp__http_reply(conn, MHD_HTTP_SERVICE_UNAVAILABLE, body,
                              (size_t)n, 1, text);
    }
    if (strcmp(url, "/readyz") == 0) {
        if (atomic_load_explicit(&tp__ready, memory_order_relaxed)) {
            static char body[] = "ready\n";
            return tp__http_reply(conn, MHD_HTTP_OK, body, sizeof body - 1, 0,
                                  text);
        }
        static char body[] = "not ready\n";
        return tp__http_reply(conn, MHD_HTTP_SERVICE_UNAVAILABLE, body,
                              sizeof body - 1, 0, text);
    }
    static char body[] = "not found: try /metrics, /healthz or /readyz\n";
    return tp__http_reply(conn, MHD_HTTP_NOT_FOUND, body, sizeof body - 1, 0,
                          text);
}

/* Writes an error message. */
static void tp__http_err(char *errstr, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void tp__http_err(char *errstr, size_t size, const char *fmt, ...)
{
    if (!errstr || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errstr, size, fmt, ap);
    va_end(ap);
}

/* Starts the server on listen (see tp/metrics.h). */
tp_http_t *tp_http_new(const char *listen, int stale_after_s, char *errstr,
                       size_t errstr_size)
{
    if (errstr && errstr_size)
        errstr[0] = '\0';
    tp_http_t *h = calloc(1, sizeof *h);
    if (!h) {
        tp__http_err(errstr, errstr_size, "out of memory");
        return NULL;
    }
    h->stale_ms = (int64_t)(stale_after_s > 0 ? stale_after_s : 30) * 1000;
    tp_http_heartbeat();
    if (!listen || !*listen)
        return h; /* disabled */

    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || !colon[1] || strlen(listen) >= sizeof host) {
        tp__http_err(errstr, errstr_size,
                     "invalid http listen address \"%s\": expected "
                     "host:port",
                     listen);
        free(h);
        return NULL;
    }
    size_t hlen = (size_t)(colon - listen);
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
        memmove(host, host + 1, hlen - 2);
        host[hlen - 2] = '\0';
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) {
        tp__http_err(errstr, errstr_size,
                     "invalid http listen address \"%s\": bad port", listen);
        free(h);
        return NULL;
    }
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &ai);
    if (gai != 0) {
        tp__http_err(errstr, errstr_size,
                     "invalid http listen address \"%s\": %s", listen,
                     gai_strerror(gai));
        free(h);
        return NULL;
    }
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    h->daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, tp__http_handle, h,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!h->daemon) {
        tp__http_err(errstr, errstr_size,
                     "could not listen on %s (address in use or not local?)",
                     listen);
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? (int)info->port : (int)port;
    return h;
}

/* Stops the server and frees the handle. */
void tp_http_destroy(tp_http_t *h)
{
    if (!h)
        return;
    if (h->daemon)
        MHD_stop_daemon(h->daemon);
    free(h);
}

/* The bound port, 0 when disabled. */
int tp_http_port(const tp_http_t *h)
{
    return h ? h->port : 0;
}
