/*
 * log.c — structured logs on stderr (tp/log.h): JSON lines by default,
 * plain text for people at a terminal. Each line is built in a local buffer
 * and written with one write(2), so lines from threads never interleave.
 */
#include "tp/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char tp__log_service[64] = "tinpipe";
static tp_log_level_t tp__log_min = TP_LOG_INFO;
static int tp__log_json = 1;

static const char *const tp__level_names[] = {"debug", "info", "warn", "error"};

/* Chooses level, format and the service name on every line. */
void tp_log_setup(const char *service, const char *level, const char *format)
{
    if (service) /* copied: callers may pass a buffer of their own */
        snprintf(tp__log_service, sizeof tp__log_service, "%s", service);
    if (level)
        for (int i = 0; i < 4; i++)
            if (strcmp(level, tp__level_names[i]) == 0)
                tp__log_min = (tp_log_level_t)i;
    if (format)
        tp__log_json = strcmp(format, "text") != 0;
}

/* Appends s to the line as a JSON string body (escaped) or as is. */
static void tp__log_put(char *line, size_t cap, size_t *len, const char *s,
                        int json)
{
    for (; s && *s && *len + 8 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (json && (c == '"' || c == '\\')) {
            line[(*len)++] = '\\';
            line[(*len)++] = (char)c;
        } else if (json && c < 0x20) {
            *len += (size_t)snprintf(line + *len, cap - *len, "\\u%04x", c);
        } else {
            line[(*len)++] = (char)c;
        }
    }
}

/* Formats one line from msg and key/value pairs and writes it. */
static void tp__log_emit(tp_log_level_t level, const char *msg, va_list ap)
{
    char line[8192];
    size_t len = 0, cap = sizeof line;
    char ts[40];
    struct timespec now;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    size_t tl = strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + tl, sizeof ts - tl, ".%03ldZ", now.tv_nsec / 1000000);

    if (tp__log_json) {
        len += (size_t)snprintf(line, cap,
                                "{\"ts\":\"%s\",\"level\":\"%s\",\"service\":\"",
                                ts, tp__level_names[level]);
        tp__log_put(line, cap, &len, tp__log_service, 1);
        tp__log_put(line, cap, &len, "\",\"msg\":\"", 0);
        tp__log_put(line, cap, &len, msg, 1);
        tp__log_put(line, cap, &len, "\"", 0);
        const char *k;
        while ((k = va_arg(ap, const char *)) != NULL) {
            const char *v = va_arg(ap, const char *);
            tp__log_put(line, cap, &len, ",\"", 0);
            tp__log_put(line, cap, &len, k, 1);
            tp__log_put(line, cap, &len, "\":\"", 0);
            tp__log_put(line, cap, &len, v ? v : "", 1);
            tp__log_put(line, cap, &len, "\"", 0);
        }
        tp__log_put(line, cap, &len, "}", 0);
    } else {
        len += (size_t)snprintf(line, cap, "%s %-5s %s: ", ts,
                                tp__level_names[level], tp__log_service);
        tp__log_put(line, cap, &len, msg, 0);
        const char *k;
        while ((k = va_arg(ap, const char *)) != NULL) {
            const char *v = va_arg(ap, const char *);
            tp__log_put(line, cap, &len, " ", 0);
            tp__log_put(line, cap, &len, k, 0);
            tp__log_put(line, cap, &len, "=", 0);
            tp__log_put(line, cap, &len, v ? v : "", 0);
        }
    }
    if (len >= cap - 1)
        len = cap - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void tp_log(tp_log_level_t level, const char *msg, ...)
{
    if (level < tp__log_min)
        return;
    va_list ap;
    va_start(ap, msg);
    tp__log_emit(level, msg, ap);
    va_end(ap);
}

/* A message with no fields; the va_list trick needs a NULL terminator,
 * so the formatted text is passed through tp_log. */
void tp_logf(tp_log_level_t level, const char *fmt, ...)
{
    if (level < tp__log_min)
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tp_log(level, msg, NULL);
}
