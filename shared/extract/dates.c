/*
 * extract/dates.c — calendar dates: `date:YYYY-MM-DD` or `date:YYYY-MM`
 * (article-event-v1.md).
 *
 * Forms: 25/2/2010, 03-02-2020, 14.7.2020; "ngày 5 tháng 11 năm 2010";
 * day-month dates after a time-of-day or date word ("Sáng 26/3",
 * "ngày 14/7", "ngày 5 tháng 11"), resolved with the article's year;
 * month dates "tháng 7/2020", "tháng 7 năm 2020"; ISO 2020-03-26. Bare
 * years and durations are not dates.
 *
 * The article's year comes from published_at. When it is unknown, it is
 * inferred from anniversaries, which is how these reports are dated: "10
 * năm thực hiện Quyết định ... ngày 5/11/2010" is written in 2020. Votes
 * from every "N năm thực hiện/triển khai" whose document has a known
 * issue date; the most voted year wins. Without any, day-month dates are
 * left out rather than guessed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "extract/scan.h"

/* Words after which a bare day/month is a date. */
static const char *const tp__dm_triggers[] = {
    "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "rạng sáng",
    "từ", "đến", "tới", "hết", "vào", "hôm nay", "sáng nay", "chiều nay",
    "tối nay", NULL};

/* Words that name a day: after them "26-3" and "26.3" are dates too. */
static const char *const tp__dm_strong[] = {
    "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "rạng sáng", NULL};

/* True when w is the last syllable of a trigger word. */
static int tp__is_trigger_end(const char *w)
{
    static const char *const ends[] = {
        "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "từ", "đến",
        "tới", "hết", "vào", "nay", NULL};
    for (int k = 0; ends[k]; k++)
        if (ends[k][0] == w[0] && strcmp(w, ends[k]) == 0)
            return 1;
    return 0;
}

/* True for an ASCII digit. */
static int tp__dig(char c)
{
    return c >= '0' && c <= '9';
}

/* Day of year (approximate, for distances only). */
static int tp__doy(int m, int d)
{
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return cum[m - 1] + d;
}

/* The year a day-month date belongs to: the article's (the contract's
 * rule), or the one before only when the date is nearer in that year,
 * more than half a year after publication (a January article recalling
 * "ngày 28/12"). A deadline a few months ahead stays in the article's
 * year: "trước ngày 31/12" in an October article is this year's end.
 * 0 when unknown. */
static int tp__resolve_year(const tp_xctx_t *x, int year, int m, int d)
{
    if (!year)
        return 0;
    if (x->year == year && x->month && x->day &&
        tp__doy(m, d) - tp__doy(x->month, x->day) > 182)
        return year - 1;
    return year;
}

/* Adds date:YYYY-MM-DD (d > 0) or date:YYYY-MM for [start, end). */
static void tp__add_date(tp_xctx_t *x, int y, int m, int d, size_t start,
                         size_t end)
{
    char val[16];
    size_t n = tp__fmt_date(val, y, m, d);
    tp__ent_add(x, TP_ENT_DATE, val, n, NULL, (uint32_t)start,
                (uint32_t)end);
}

/* Reads " năm YYYY" or "/YYYY" after a month at i; returns the year and
 * its end, or 0. */
static int tp__year_after(const char *s, size_t len, size_t i, size_t *end)
{
    size_t e;
    if (i + 1 < len && (s[i] == '/' || s[i] == '-') && tp__dig(s[i + 1])) {
        int y = tp__scan_uint(s, len, i + 1, 4, &e);
        if (y >= 1000 && e - (i + 1) == 4) {
            *end = e;
            return y;
        }
        return 0;
    }
    size_t k = tp__scan_word(s, len, tp__scan_skip_sp(s, len, i), "năm");
    if (!k)
        return 0;
    k = tp__scan_skip_sp(s, len, k);
    int y = tp__scan_uint(s, len, k, 4, &e);
    if (y >= 1000 && e - k == 4 && (e >= len || !tp__dig(s[e]))) {
        *end = e;
        return y;
    }
    return 0;
}

/* Tells whether some document entity with a mention has an issue date
 * of at least four characters, the only kind tp__infer_year() counts. */
static int tp__has_issued_doc(const tp_xctx_t *x)
{
    for (size_t d = 0; d < x->n_ents; d++) {
        const tp_entity_t *ent = &x->ents[d];
        if (!ent->key || ent->type != TP_ENT_DOCUMENT || !ent->n_mentions)
            continue;
        const char *on = tp__ent_get_field(ent, "issued_on");
        if (on && strlen(on) >= 4)
            return 1;
    }
    return 0;
}

/* Infers the article's year from anniversaries (see the file comment);
 * returns 0 when nothing says. */
static int tp__infer_year(tp_xctx_t *x)
{
    /* Every vote needs a document with an issue date; most articles have
     * none, and then the scan of every number below finds nothing. */
    if (!tp__has_issued_doc(x))
        return 0;
    const char *s = x->body;
    size_t len = x->len;
    int years[32], votes[32], n = 0;
    /* A vote needs "<number> năm" (the number a whole digit run, spaces
     * or tabs between). Rather than try every digit run of the body,
     * find the "năm"s (N/n, the lead byte 0xC4 of ă/Ă, M/m) and take the
     * run before each; runs come in the same rising order, and the runs
     * skipped could not have matched "năm" after them. */
    for (const char *p = s; (p = memchr(p, 0xC4, len - (size_t)(p - s))); p++) {
        size_t c = (size_t)(p - s);
        if (c == 0 || c + 2 >= len || (s[c - 1] | 0x20) != 'n' ||
            ((unsigned char)s[c + 1] != 0x82 && (unsigned char)s[c + 1] != 0x83) ||
            (s[c + 2] | 0x20) != 'm')
            continue;
        size_t i = tp__scan_back_sp(s, c - 1);
        if (i == 0 || !tp__dig(s[i - 1]))
            continue;
        while (i > 0 && tp__dig(s[i - 1]))
            i--;
        size_t e;
        int yrs = tp__scan_uint(s, len, i, 3, &e);
        if (yrs <= 0 || yrs > 100)
            continue;
        size_t k = tp__scan_word(s, len, tp__scan_skip_sp(s, len, e), "năm");
        if (!k)
            continue;
        static const char *const verbs[] = {
            "thực hiện", "triển khai", "thi hành", "tổ chức thực hiện",
            "triển khai thực hiện", "ban hành", "học tập và làm theo", NULL};
        size_t q = tp__scan_skip_sp(s, len, k);
        if (!tp__scan_words(s, len, q, verbs, NULL))
            continue;
        /* The sentence: up to ". " or a line break. */
        size_t stop = len;
        {
            /* memchr() to the line's end, then to each '.' before it
             * (a byte loop here was 2,000 instructions a candidate). */
            const char *nl = q < len ? memchr(s + q, '\n', len - q) : NULL;
            if (nl)
                stop = (size_t)(nl - s);
            size_t lim = stop > q ? stop : q;
            for (const char *d = s + q;
                 (size_t)(d - s) < lim && (d = memchr(d, '.', lim - (size_t)(d - s)));
                 d++) {
                size_t di = (size_t)(d - s);
                if (di + 1 >= len || s[di + 1] == ' ') {
                    stop = di;
                    break;
                }
            }
            if (stop < q)
                stop = q;
        }
        /* The first document mentioned in it with a known issue date. */
        size_t best = (size_t)-1;
        int issued = 0;
        for (size_t d = 0; d < x->n_ents; d++) {
            const tp_entity_t *ent = &x->ents[d];
            if (!ent->key || ent->type != TP_ENT_DOCUMENT)
                continue;
            const char *on = tp__ent_get_field(ent, "issued_on");
            if (!on || strlen(on) < 4)
                continue;
            for (size_t m = 0; m < ent->n_mentions; m++) {
                size_t st = ent->mentions[m].start;
                if (st >= q && st < stop && st < best) {
                    best = st;
                    issued = atoi(on);
                }
            }
        }
        if (!issued)
            continue;
        int y = issued + yrs;
        int v;
        for (v = 0; v < n && years[v] != y; v++)
            ;
        if (v == n) {
            if (n == 32)
                continue;
            years[n] = y;
            votes[n++] = 0;
        }
        votes[v]++;
    }
    int best = 0, bv = 0;
    for (int v = 0; v < n; v++)
        if (votes[v] > bv || (votes[v] == bv && years[v] > best)) {
            best = years[v];
            bv = votes[v];
        }
    return best;
}

/* Words that join the days of a list sharing one month ("ngày 7 và
 * 8/8", "từ ngày 7 đến 9/8"). */
static const char *const tp__day_joins[] = {"và", "đến", "tới", NULL};

/* Reads a list of days that share the month written after the last one,
 * starting at the day number i (after a day word): "7 và 8/8", "7, 8/8",
 * "7-8/8", "7 đến 9/8", "5, 6 và 7 tháng 8 năm 2024", "7 và 8/8/2025".
 * The days must rise. Adds every day as a date and returns the end of
 * the last one, or 0 when i does not start such a list. */
static size_t tp__date_list(tp_xctx_t *x, size_t i, int year)
{
    const char *s = x->body;
    size_t len = x->len;
    enum { MAXD = 8 };
    int days[MAXD];
    size_t st[MAXD], en[MAXD];
    int n = 0;
    size_t k = i;
    for (;;) {
        size_t e, de, me;
        int d = tp__scan_uint(s, len, k, 2, &e);
        if (d < 1 || d > 31)
            return 0;
        int y = 0, m = 0, dd = 0;
        if (n > 0) {
            /* The last day carries the month (and maybe the year). */
            if (tp__scan_dmy(s, len, k, 2, &y, &m, &dd, &de) == 0) {
                me = de;
            } else {
                size_t t = tp__scan_word(s, len, tp__scan_skip_sp(s, len, e), "tháng");
                if (!t)
                    goto more;
                t = tp__scan_skip_sp(s, len, t);
                m = tp__scan_uint(s, len, t, 2, &me);
                if (m < 1 || m > 12 || (me < len && tp__dig(s[me])))
                    return 0;
                dd = d;
                size_t ye;
                if ((y = tp__year_after(s, len, me, &ye)))
                    me = ye;
            }
            if (dd <= days[n - 1])
                return 0;
            for (int q = 0; q < n; q++) {
                int yq = y ? y : tp__resolve_year(x, year, m, days[q]);
                if (yq && tp__valid_date(yq, m, days[q]))
                    tp__add_date(x, yq, m, days[q], st[q], en[q]);
            }
            int yl = y ? y : tp__resolve_year(x, year, m, dd);
            if (yl && tp__valid_date(yl, m, dd))
                tp__add_date(x, yl, m, dd, k, me);
            return me;
        }
    more:
        if (n == MAXD || (n > 0 && d <= days[n - 1]))
            return 0;
        if (e < len && (s[e] == '/' || s[e] == '.' || tp__dig(s[e])))
            return 0;
        days[n] = d;
        st[n] = k;
        en[n++] = e;
        /* The join: ',', a dash, "và", "đến", "tới" (then maybe "ngày"). */
        size_t c = tp__scan_skip_sp(s, len, e), w;
        if (c < len && (s[c] == ',' || s[c] == '-'))
            c++;
        else if (c + 3 <= len && memcmp(s + c, "\xe2\x80\x93", 3) == 0)
            c += 3;
        else if (c > e && (w = tp__scan_words(s, len, c, tp__day_joins, NULL)))
            c = w;
        else
            return 0;
        c = tp__scan_skip_sp(s, len, c);
        if ((w = tp__scan_word(s, len, c, "và")))
            c = tp__scan_skip_sp(s, len, w);
        if ((w = tp__scan_word(s, len, c, "ngày")))
            c = tp__scan_skip_sp(s, len, w);
        if (c >= len || !tp__dig(s[c]))
            return 0;
        k = c;
    }
}

/* Examines the number at i (a digit that starts a syllable); adds a date
 * when one starts there. Returns where the scan goes on. */
static size_t tp__date_at(tp_xctx_t *x, size_t i, int year)
{
    const char *s = x->body;
    size_t len = x->len;
    size_t e;
    int y, m, d;
    if (i > 0 && (s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.' ||
                  s[i - 1] == ',' || s[i - 1] == ':'))
        goto skip;
    /* i starts a syllable (tp__num_starts). */

    /* ISO 2020-03-26 */
    if (i + 10 <= len && s[i + 4] == '-' && s[i + 7] == '-') {
        size_t e1, e2, e3;
        y = tp__scan_uint(s, len, i, 4, &e1);
        m = tp__scan_uint(s, len, i + 5, 2, &e2);
        d = tp__scan_uint(s, len, i + 8, 2, &e3);
        if (y >= 1000 && e1 == i + 4 && e2 == i + 7 && e3 == i + 10 &&
            tp__valid_date(y, m, d) && (e3 >= len || !tp__dig(s[e3]))) {
            tp__add_date(x, y, m, d, i, e3);
            return e3;
        }
    }

    /* Full numeric date. */
    if (tp__scan_dmy(s, len, i, 0, &y, &m, &d, &e) == 0) {
        if (!tp__ent_overlaps(x, TP_ENT_DOCUMENT, (uint32_t)i, (uint32_t)e))
            tp__add_date(x, y, m, d, i, e);
        return e;
    }

    /* The word before decides most forms; look it up once. */
    char pw[32];
    size_t pws;
    if (!tp__scan_prev_word(s, i, &pws, pw, sizeof pw))
        pw[0] = 0;
    int after_month = strcmp(pw, "tháng") == 0;
    int after_day = strcmp(pw, "ngày") == 0;
    int may_trigger = pw[0] && tp__is_trigger_end(pw);

    /* "tháng 7/2020", "tháng 7 năm 2020" */
    if (after_month) {
        m = tp__scan_uint(s, len, i, 2, &e);
        if (m >= 1 && m <= 12) {
            size_t ye;
            y = tp__year_after(s, len, e, &ye);
            if (y) {
                tp__add_date(x, y, m, 0, i, ye);
                return ye;
            }
        }
        goto skip;
    }

    /* "ngày 5 tháng 11 năm 2010", "5 tháng 11 năm 2010", "ngày 5 tháng 11" */
    d = tp__scan_uint(s, len, i, 2, &e);
    if (d >= 1 && d <= 31) {
        size_t k = tp__scan_word(s, len, tp__scan_skip_sp(s, len, e), "tháng");
        if (k) {
            k = tp__scan_skip_sp(s, len, k);
            size_t me;
            m = tp__scan_uint(s, len, k, 2, &me);
            if (m >= 1 && m <= 12 && (me >= len || !tp__dig(s[me]))) {
                size_t ye;
                y = tp__year_after(s, len, me, &ye);
                if (y && tp__valid_date(y, m, d)) {
                    tp__add_date(x, y, m, d, i, ye);
                    return ye;
                }
                if (after_day && (y = tp__resolve_year(x, year, m, d)) &&
                    tp__valid_date(y, m, d)) {
                    tp__add_date(x, y, m, d, i, me);
                    return me;
                }
            }
        }
    }

    /* Day/month after a date word: "Sáng 26/3", "ngày 14/7"; "ngày 26-3"
     * only after a word that names a day (not "từ 3-5 ngày"). */
    int strong = may_trigger && tp__scan_words_before(s, i, tp__dm_strong, NULL) != 0;
    if (tp__scan_dmy(s, len, i, strong ? 2 : 1, &y, &m, &d, &e) == 0 && y == 0) {
        if (strong || (may_trigger && tp__scan_words_before(s, i, tp__dm_triggers, NULL))) {
            y = tp__resolve_year(x, year, m, d);
            if (y && tp__valid_date(y, m, d))
                tp__add_date(x, y, m, d, i, e);
        }
        return e;
    }
    /* Days sharing the month after the last: "ngày 7 và 8/8". */
    if (strong && (e = tp__date_list(x, i, year)))
        return e;
skip:
    while (i < len && (tp__dig(s[i]) || s[i] == '/' || s[i] == '.' ||
                       s[i] == '-'))
        i++;
    return i;
}

/* Finds dates in x->body and adds them to the entity set. */
void tp__extract_dates(tp_xctx_t *x)
{
    int year = x->year ? x->year : tp__infer_year(x);
    size_t n_nums;
    const uint32_t *nums = tp__num_starts(x, &n_nums);
    for (size_t ni = 0, i = 0; ni < n_nums; ni++)
        if (nums[ni] >= i)
            i = tp__date_at(x, nums[ni], year);
}
