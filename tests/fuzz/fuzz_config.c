/*
 * fuzz_config.c — libFuzzer target for the configuration loader: any bytes
 * must give a config or an error message, never a crash, a leak or a hang.
 *
 * Inputs naming postgres.password_file are skipped: the loader would open
 * whatever path the fuzzer invents (a FIFO or /dev/stdin would block), and
 * the secret-file path is covered by tests/unit/test_config.c.
 *
 * Run with a scratch directory first so new inputs do not land among the
 * seeds:  fuzz_config -max_total_time=30 /tmp/cfg-corpus \
 *             tests/fuzz/corpus/config
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tp/config.h"

/* Loads one input and, when it is valid, prints and frees it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memmem(data, size, "password_file", 13))
        return 0;
    char err[512];
    tp_config_t *c =
        tp_config_load_string("fuzz.yaml", (const char *)data, size, err,
                              sizeof err);
    if (c) {
        FILE *devnull = fopen("/dev/null", "w");
        if (devnull) {
            tp_config_print(c, devnull);
            fclose(devnull);
        }
        tp_config_destroy(c);
    } else if (strncmp(err, "fuzz.yaml:", 10) != 0) {
        /* Every load error carries the name and a position. */
        fprintf(stderr, "error without position: %s\n", err);
        __builtin_trap();
    }
    return 0;
}
