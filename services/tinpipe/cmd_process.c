/*
 * cmd_process.c — `tinpipe process`: the pipeline offline. Each input (a
 * file, or standard input) is normalized and extracted exactly as the
 * daemons do it, and printed as one contract event per line, in input
 * order. An input that fails prints {"error": ...} instead and the exit
 * status is 1.
 *
 * With --jsonl every line of every input is one message (a JSON envelope),
 * which is how crawler dumps usually come.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cmds.h"
#include "tp/arena.h"
#include "tp/config.h"
#include "tp/event.h"
#include "tp/extractor.h"
#include "tp/normalizer.h"

/*
 * Output. Events are long lines (a few KiB each), so they go out with
 * writev() straight from where they were encoded instead of being copied
 * into stdio's buffer first: they are encoded into an arena of their own
 * that holds the pending lines until about TP__OUT_BYTES are due, or until
 * each line is done when a person reads them on a terminal.
 */
#define TP__OUT_IOV 512 /* a line and its newline each take two */
#define TP__OUT_BYTES (1u << 20)

typedef struct tp_out {
    tp_arena_t *arena; /* the pending lines; reset when they are written */
    struct iovec iov[TP__OUT_IOV];
    int n;
    size_t bytes;
    int eager; /* standard output is a terminal */
} tp_out_t;

/* Writes the pending lines. A write error drops them, as stdio would
 * (a closed pipe ends the process with SIGPIPE before that). */
static void tp__out_flush(tp_out_t *o)
{
    struct iovec *v = o->iov;
    int n = o->n;
    while (n > 0) {
        ssize_t w = writev(STDOUT_FILENO, v, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) /* an error (0 would make no progress) */
            break;
        size_t done = (size_t)w;
        for (; n > 0 && done >= v->iov_len; v++, n--)
            done -= v->iov_len;
        if (n > 0) { /* a partial write: the rest of this line next */
            v->iov_base = (char *)v->iov_base + done;
            v->iov_len -= done;
        }
    }
    o->n = 0;
    o->bytes = 0;
    tp_arena_reset(o->arena);
}

/* Queues line (len bytes, allocated in o->arena) and a newline; writes
 * the queue when it is full. */
static void tp__out_line(tp_out_t *o, char *line, size_t len)
{
    static char nl[] = "\n";
    o->iov[o->n++] = (struct iovec){line, len};
    o->iov[o->n++] = (struct iovec){nl, 1};
    o->bytes += len + 1;
    if (o->eager || o->bytes >= TP__OUT_BYTES || o->n + 2 > TP__OUT_IOV)
        tp__out_flush(o);
}

typedef struct tp_process {
    tp_normalizer_t *nz;
    tp_extractor_t *ex;
    tp_arena_t *arena;
    tp_out_t *out;
    int no_extract;
    size_t ok, failed;
} tp_process_t;

/* Reads all of fd into a malloc'd buffer sized from its length when it
 * has one (a crawler dump is thousands of small files; a pipe starts at
 * 64 KiB and grows); NULL with errno on failure. A regular file is read
 * to the size fstat gave, so one read() does for most files instead of a
 * second one that only finds the end. */
static char *tp__read_fd(int fd, size_t *len)
{
    struct stat st;
    size_t size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
                      ? (size_t)st.st_size
                      : 0;
    size_t cap = size ? size + 1 : 1 << 16;
    size_t n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (size && n == size) {
            *len = n;
            return buf;
        }
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                break;
            buf = nb;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            *len = n;
            return buf;
        }
        if (r < 0)
            break;
        n += (size_t)r;
    }
    int e = errno;
    free(buf);
    errno = e;
    return NULL;
}

/* Reads the file called name, or standard input for "-"; NULL with errno. */
static char *tp__read_input(const char *name, size_t *len)
{
    if (!strcmp(name, "-"))
        return tp__read_fd(STDIN_FILENO, len);
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *buf = tp__read_fd(fd, len);
    int e = errno;
    close(fd);
    errno = e;
    return buf;
}

/* Guesses the content type from a file name's extension. */
static const char *tp__content_type(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot)
        return NULL;
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
        return "text/html";
    if (!strcasecmp(dot, ".json"))
        return "application/json";
    if (!strcasecmp(dot, ".txt"))
        return "text/plain";
    return NULL;
}

/* Normalizes and extracts one message and prints its event or error. */
static void tp__process_one(tp_process_t *p, const char *name,
                            const char *data, size_t len,
                            const char *content_type)
{
    tp_raw_article_t raw = {.data = data, .len = len,
                            .content_type = content_type, .partition = -1,
                            .offset = -1};
    tp_article_t art;
    tp_error_t err;
    tp_error_clear(&err);
    tp_err_t rc = tp_normalize(p->nz, p->arena, &raw, &art, &err);
    if (rc == TP_OK && !p->no_extract)
        rc = tp_extract(p->ex, p->arena, &art, &err);
    char *line;
    size_t line_len;
    if (rc == TP_OK) {
        line = tp_event_encode(p->out->arena, &art, &line_len);
        p->ok++;
    } else {
        line = tp_event_encode_error(p->out->arena, &raw, name, &err);
        line_len = strlen(line);
        fprintf(stderr, "tinpipe process: %s: %s: %s\n", name, err.cls,
                err.msg);
        p->failed++;
    }
    tp__out_line(p->out, line, line_len);
    tp_arena_reset(p->arena);
}

/* Splits buf into lines and processes each non-empty one. */
static void tp__process_lines(tp_process_t *p, const char *name, char *buf,
                              size_t len)
{
    size_t start = 0, lineno = 0;
    while (start < len) {
        char *nl = memchr(buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - buf) : len;
        lineno++;
        if (end > start) {
            char label[4096];
            snprintf(label, sizeof label, "%s:%zu", name, lineno);
            tp__process_one(p, label, buf + start, end - start,
                            "application/json");
        }
        start = end + 1;
    }
}

/* Prints the usage of this command. */
static void tp__process_usage(FILE *out)
{
    fprintf(out,
            "usage: tinpipe process [--config FILE] [--tone-style S] "
            "[--jsonl] [--no-extract] [FILE...|-]\n"
            "  Normalizes and extracts each input and prints one "
            "tinpipe.article/1 event\n"
            "  per line (or {\"error\": ...}). Inputs: plain text, HTML or "
            "a JSON envelope;\n"
            "  --jsonl: every line is one JSON envelope. Exit 1 when any "
            "input failed.\n");
}

int tp_cmd_process(int argc, char **argv)
{
    const char *config_path = NULL, *tone = NULL;
    int jsonl = 0, no_extract = 0, i;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            config_path = argv[++i];
        else if (!strcmp(argv[i], "--tone-style") && i + 1 < argc)
            tone = argv[++i];
        else if (!strcmp(argv[i], "--jsonl"))
            jsonl = 1;
        else if (!strcmp(argv[i], "--no-extract"))
            no_extract = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            tp__process_usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--"))
            { i++; break; }
        else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "tinpipe process: unknown option \"%s\"\n", argv[i]);
            tp__process_usage(stderr);
            return 2;
        } else
            break;
    }

    char errstr[1024];
    tp_normalizer_opts_t nopts = {TP_TONE_TRADITIONAL, 16u << 20};
    if (config_path) {
        tp_config_t *conf = tp_config_load(config_path, errstr, sizeof errstr);
        if (!conf) {
            fprintf(stderr, "tinpipe process: %s\n", errstr);
            return 2;
        }
        nopts.tone_style = tp_tone_style_of(conf->normalizer.tone_style);
        nopts.max_article_bytes = (size_t)conf->normalizer.max_article_bytes;
        tp_config_destroy(conf);
    }
    if (tone) {
        int t = tp_tone_style_parse(tone);
        if (t < 0) {
            fprintf(stderr, "tinpipe process: --tone-style: expected "
                            "\"traditional\" or \"modern\", got \"%s\"\n", tone);
            return 2;
        }
        nopts.tone_style = (tp_tone_style_t)t;
    }
    tp_extractor_opts_t xopts = {nopts.tone_style};

    tp_process_t p = {0};
    tp_out_t out = {0};
    p.no_extract = no_extract;
    int status = 0;
    p.nz = tp_normalizer_new(&nopts, errstr, sizeof errstr);
    if (!p.nz)
        goto error;
    p.ex = tp_extractor_new(&xopts, errstr, sizeof errstr);
    if (!p.ex)
        goto error;
    p.arena = tp_arena_new(1 << 20);
    out.arena = tp_arena_new(2 << 20);
    out.eager = isatty(STDOUT_FILENO);
    p.out = &out;

    const char *stdin_only[] = {"-"};
    const char **files = (const char **)argv + i;
    int n_files = argc - i;
    if (n_files == 0) {
        files = stdin_only;
        n_files = 1;
    }
    for (int f = 0; f < n_files; f++) {
        const char *name = files[f];
        int is_stdin = !strcmp(name, "-");
        size_t len = 0;
        char *buf = tp__read_input(name, &len);
        if (!buf) {
            /* an error line too, so that every input has its line */
            fprintf(stderr, "tinpipe process: could not read \"%s\": %s\n",
                    name, strerror(errno));
            tp_error_t err;
            tp_error_set(&err, TP_ERR_INPUT, "io", "could not read file: %s",
                         strerror(errno));
            char *line = tp_event_encode_error(out.arena, NULL, name, &err);
            tp__out_line(&out, line, strlen(line));
            p.failed++;
            continue;
        }
        if (jsonl)
            tp__process_lines(&p, name, buf, len);
        else
            tp__process_one(&p, name, buf, len,
                            tp__content_type(is_stdin ? NULL : name));
        free(buf);
    }
    tp__out_flush(&out);
    status = p.failed ? 1 : 0;
    goto done;

error:
    fprintf(stderr, "tinpipe process: %s\n", errstr);
    status = 2;
done:
    tp_arena_destroy(out.arena);
    tp_arena_destroy(p.arena);
    tp_extractor_destroy(p.ex);
    tp_normalizer_destroy(p.nz);
    return status;
}
