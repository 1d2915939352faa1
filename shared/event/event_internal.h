/*
 * event_internal.h — the two readers behind tp_event_decode(): the fast
 * one for the exact shape tp_event_encode() writes (event_fast.c) and the
 * jansson one (event.c), which is the reference. Tests, the fuzz target
 * and the bench call them one by one.
 */
#ifndef TP_EVENT_INTERNAL_H
#define TP_EVENT_INTERNAL_H

#include <stddef.h>

#include "tp/event.h"

/* Fills a and returns 1 when json[0..len) is an event in the encoder's
 * shape (keys in its order, compact) that the jansson reader accepts with
 * the same article; returns 0 to decline, a then being garbage (the
 * caller re-inits it) and some arena memory spent. Never reports errors. */
int tp__event_decode_fast(tp_arena_t *arena, const char *json, size_t len,
                          tp_article_t *a);

/* tp_event_decode() with jansson only (json_loadb, JSON_REJECT_DUPLICATES). */
tp_err_t tp__event_decode_jansson(tp_arena_t *arena, const char *json,
                                  size_t len, tp_article_t *a, tp_error_t *err);

/* 1 when UTF-8 text has no control character but '\n' (body_clean). */
int tp__event_no_controls(const char *str, size_t n);

#endif
