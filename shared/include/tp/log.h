/*
 * tp/log.h — structured logging: one JSON object (or one text line) per
 * event on stderr. Log once, where the decision is made; say what happened,
 * to which article/topic/partition/offset, and what happens next.
 *
 * Fields are given as alternating key/value strings ending with NULL:
 *   tp_log(TP_LOG_WARN, "dead-lettered message", "topic", t,
 *          "partition", p_str, NULL);
 * Thread-safe (one write(2) per line).
 */
#ifndef TP_LOG_H
#define TP_LOG_H

typedef enum tp_log_level {
    TP_LOG_DEBUG = 0,
    TP_LOG_INFO,
    TP_LOG_WARN,
    TP_LOG_ERROR,
} tp_log_level_t;

/* Sets the minimum level, the format ("json" or "text") and the service
 * name put on every line. Not thread-safe: call at start-up. */
void tp_log_setup(const char *service, const char *level, const char *format);

/* Logs msg with key/value string pairs, terminated by NULL. */
void tp_log(tp_log_level_t level, const char *msg, ...)
    __attribute__((sentinel));

/* printf-style message without fields. */
void tp_logf(tp_log_level_t level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
