/*
 * extract/documents.c — documents entities (see article-event-v1.md).
 */
#include "extract_internal.h"

/* Finds documents in x->body and adds them to the entity set. */
void tp__extract_documents(tp_xctx_t *x)
{
    (void)x;
}
