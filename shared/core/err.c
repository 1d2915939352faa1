/* err.c — the error enum's names and the error record's setters. */
#include "tp/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Returns the stable lower-case name of an error code. */
const char *tp_err_name(tp_err_t code)
{
    switch (code) {
    case TP_OK: return "ok";
    case TP_ERR_RETRY: return "retry";
    case TP_ERR_INPUT: return "input";
    case TP_ERR_FATAL: return "fatal";
    }
    return "unknown";
}

/* Fills e with code, class and a formatted reason; returns code. */
tp_err_t tp_error_set(tp_error_t *e, tp_err_t code, const char *cls,
                      const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    snprintf(e->cls, sizeof e->cls, "%s", cls ? cls : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

/* Resets e to "no error". */
void tp_error_clear(tp_error_t *e)
{
    if (!e)
        return;
    e->code = TP_OK;
    e->cls[0] = '\0';
    e->msg[0] = '\0';
}
