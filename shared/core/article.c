/* article.c — the article struct's defaults and the entity type names. */
#include "tp/article.h"

#include <string.h>

/* Lower-case ASCII words: the event encoder writes them without escaping. */
static const char *const tp__entity_names[TP_ENT__COUNT] = {
    "person", "organization", "location", "document", "date",
    "quantity", "congress", "term", "tenure", "period",
};

/* Returns the contract's name of an entity type. */
const char *tp_entity_type_name(tp_entity_type_t t)
{
    return (unsigned)t < TP_ENT__COUNT ? tp__entity_names[t] : "unknown";
}

/* Returns the entity type called name, or -1. */
int tp_entity_type_from_name(const char *name)
{
    for (int i = 0; i < TP_ENT__COUNT; i++)
        if (strcmp(tp__entity_names[i], name) == 0)
            return i;
    return -1;
}

/* Empties a: no strings, no arrays, unknown view count and partition. */
void tp_article_init(tp_article_t *a)
{
    memset(a, 0, sizeof *a);
    a->partition = -1;
    a->offset = -1;
    a->view_count = -1;
}
