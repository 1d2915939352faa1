/*
 * extract/dates.c — dates entities (see article-event-v1.md).
 */
#include "extract_internal.h"

/* Finds dates in x->body and adds them to the entity set. */
void tp__extract_dates(tp_xctx_t *x)
{
    (void)x;
}
