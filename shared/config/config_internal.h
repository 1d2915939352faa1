/*
 * config_internal.h — the options table shared by the loader (config.c)
 * and its declaration (options.c).
 *
 * Ownership: the table is static and read-only; nothing here allocates.
 */
#ifndef TP_CONFIG_INTERNAL_H
#define TP_CONFIG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tp/config.h"

typedef enum tp_opt_type {
    TP_OPT_STRING,      /* char * */
    TP_OPT_SECRET,      /* char *, masked when printed */
    TP_OPT_SECRET_FILE, /* char * path; its contents go to ->target */
    TP_OPT_INT,         /* int, within [min, max] */
    TP_OPT_INT64,       /* int64_t, within [min, max] */
    TP_OPT_BOOL,        /* int, 0 or 1 */
    TP_OPT_ENUM,        /* char *, one of ->values */
    TP_OPT_KV,          /* tp_kv_list_t, scalar values kept as text */
} tp_opt_type_t;

/* One option: where it lives in the YAML tree and in tp_config_t. */
typedef struct tp_option {
    const char *path; /* "normalizer.group_id": sections joined by dots */
    tp_opt_type_t type;
    const char *def;  /* default as text; KV: "key=value" lines */
    size_t offset;    /* offsetof(tp_config_t, ...) */
    int64_t min, max; /* INT, INT64 */
    const char *const *values; /* ENUM: NULL-terminated */
    size_t target;    /* SECRET_FILE: offset of the char * it fills */
    const char *desc;
} tp_option_t;

/* The table, in the order options are printed (sections contiguous). */
extern const tp_option_t tp__config_options[];
extern const size_t tp__config_options_n;

#endif
