/*
 * tp/err.h — the one error enum of tinpipe, and an error record that says
 * what went wrong and what the caller should do next.
 *
 * TP_OK is 0. Every other code tells the caller its next move:
 *   TP_ERR_RETRY   transient (broker down, database unreachable,
 *                  serialization failure): back off and try again;
 *   TP_ERR_INPUT   permanent for this record (bad input, constraint
 *                  violation): dead-letter the record, go on;
 *   TP_ERR_FATAL   stop the process (bad config, fenced producer).
 *
 * Ownership: a tp_error_t is a plain value, usually on the caller's stack;
 * its strings are static or inside it.
 */
#ifndef TP_ERR_H
#define TP_ERR_H

#include <stddef.h>

typedef enum tp_err {
    TP_OK = 0,
    TP_ERR_RETRY = 1,
    TP_ERR_INPUT = 2,
    TP_ERR_FATAL = 3,
} tp_err_t;

/* An error with its class (a short stable word used in dead-letter headers
 * and metrics: "utf8", "json", "too_large", "encoding", "schema", "db_data",
 * ...) and a human-readable reason. */
typedef struct tp_error {
    tp_err_t code;
    char cls[32];
    char msg[512];
} tp_error_t;

/* Returns "ok", "retry", "input" or "fatal". */
const char *tp_err_name(tp_err_t code);

/* Fills e (when not NULL) and returns code, so callers can write
 * `return tp_error_set(e, TP_ERR_INPUT, "json", "...", ...);`. */
tp_err_t tp_error_set(tp_error_t *e, tp_err_t code, const char *cls,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Resets e to TP_OK with empty class and message. */
void tp_error_clear(tp_error_t *e);

#endif
