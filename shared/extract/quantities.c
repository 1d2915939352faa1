/*
 * extract/quantities.c — quantities entities (see article-event-v1.md).
 */
#include "extract_internal.h"

/* Finds quantities in x->body and adds them to the entity set. */
void tp__extract_quantities(tp_xctx_t *x)
{
    (void)x;
}
