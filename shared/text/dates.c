/*
 * dates.c — published_at: ISO 8601 from envelopes and markup, and the
 * Vietnamese forms sites print ("(19:54 26/03/2020)", "Cập nhật: 14:01 |
 * 14/07/2020", "Thứ Hai, 26/3/2020 - 19h54", "ngày 26 tháng 3 năm 2020",
 * "Ngày 14/7" with the year of fetched_at). Every result is in
 * Asia/Ho_Chi_Minh time, which has been UTC+07:00 without daylight saving
 * since 1975, so a fixed offset is exact for news.
 *
 * Written by hand: strptime() knows neither the Vietnamese forms nor
 * offsets portably, and the forms are few.
 */
#include <stdio.h>
#include <string.h>

#include "text/text_internal.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long tp__days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The civil date of a day count. */
static void tp__civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* 1 when y-m-d is a real calendar day in a plausible range for news. */
static int tp__valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

/* Reads up to max digits at s[*i]; returns the value or -1. */
static int tp__digits(const char *s, size_t n, size_t *i, int min, int max)
{
    int v = 0, k = 0;
    while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < min || (*i < n && s[*i] >= '0' && s[*i] <= '9'))
        return -1;
    return v;
}

/* Shifts d (given at UTC offset off_min minutes) to +07:00. */
static void tp__to_vn(tp__datetime_t *d, int off_min)
{
    long days = tp__days_from_civil(d->year, d->month, d->day);
    long mins = days * 1440 + d->hour * 60 + d->minute - off_min + 420;
    long dd = mins >= 0 ? mins / 1440 : -((-mins + 1439) / 1440);
    long rem = mins - dd * 1440;
    tp__civil_from_days(dd, &d->year, &d->month, &d->day);
    d->hour = (int)(rem / 60);
    d->minute = (int)(rem % 60);
}

/* Parses ISO 8601: YYYY-MM-DD[(T| )hh:mm[:ss[.fff]][Z|±hh[:]mm]]. */
static int tp__iso_parse(const char *s, size_t n, tp__datetime_t *out)
{
    size_t i = 0;
    tp__datetime_t d = {0};
    while (i < n && s[i] == ' ')
        i++;
    if ((d.year = tp__digits(s, n, &i, 4, 4)) < 0 || i >= n || s[i] != '-')
        return 0;
    i++;
    if ((d.month = tp__digits(s, n, &i, 1, 2)) < 0 || i >= n || s[i] != '-')
        return 0;
    i++;
    if ((d.day = tp__digits(s, n, &i, 1, 2)) < 0)
        return 0;
    if (!tp__valid_ymd(d.year, d.month, d.day))
        return 0;
    int off = 420; /* no offset: local Vietnamese time */
    if (i < n && (s[i] == 'T' || s[i] == ' ') && i + 1 < n && s[i + 1] >= '0' &&
        s[i + 1] <= '9') {
        i++;
        if ((d.hour = tp__digits(s, n, &i, 1, 2)) < 0 || i >= n || s[i] != ':')
            return 0;
        i++;
        if ((d.minute = tp__digits(s, n, &i, 2, 2)) < 0)
            return 0;
        if (i < n && s[i] == ':') {
            i++;
            if ((d.second = tp__digits(s, n, &i, 2, 2)) < 0)
                return 0;
            if (i < n && (s[i] == '.' || s[i] == ',')) {
                i++;
                while (i < n && s[i] >= '0' && s[i] <= '9')
                    i++;
            }
        }
        if (d.hour > 23 || d.minute > 59 || d.second > 60)
            return 0;
        if (d.second == 60)
            d.second = 59;
        d.has_time = 1;
        if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
            off = 0;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i] == '-' ? -1 : 1;
            i++;
            int oh = tp__digits(s, n, &i, 2, 2), om = 0;
            if (oh < 0)
                return 0;
            if (i < n && s[i] == ':')
                i++;
            if (i < n && s[i] >= '0' && s[i] <= '9' &&
                (om = tp__digits(s, n, &i, 2, 2)) < 0)
                return 0;
            if (oh > 14 || om > 59)
                return 0;
            off = sign * (oh * 60 + om);
        }
        if (off != 420)
            tp__to_vn(&d, off);
    }
    *out = d;
    return 1;
}

/* Looks for hh:mm or hhhmm ("19h54") in s[from..to); 1 when found. */
static int tp__find_time(const char *s, size_t from, size_t to, int *h,
                         int *m)
{
    for (size_t i = from; i + 3 < to + 1 && i < to; i++) {
        if (!(s[i] >= '0' && s[i] <= '9') ||
            (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
            continue;
        size_t j = i;
        int hh = tp__digits(s, to, &j, 1, 2);
        if (hh < 0 || hh > 23 || j >= to)
            continue;
        if (s[j] != ':' && s[j] != 'h' && s[j] != 'H')
            continue;
        j++;
        int mm = tp__digits(s, to, &j, 2, 2);
        if (mm < 0 || mm > 59)
            continue;
        /* hh:mm:ss is fine; a date like 14:01:2020 is not a time */
        *h = hh;
        *m = mm;
        return 1;
    }
    return 0;
}

/* Finds d/m/yyyy (or d-m-yyyy, d.m.yyyy, "ngày d tháng m năm yyyy") and a
 * time near it; see text_internal.h. */
int tp__date_find(const char *s, size_t n, tp__datetime_t *out, size_t *start,
                  size_t *end)
{
    for (size_t i = 0; i < n; i++) {
        if (!(s[i] >= '0' && s[i] <= '9') ||
            (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '/')))
            continue;
        size_t j = i;
        int d = tp__digits(s, n, &j, 1, 2), m, y;
        if (d < 0 || j >= n)
            continue;
        if (s[j] == '/' || s[j] == '-' || s[j] == '.') {
            char sep = s[j++];
            m = tp__digits(s, n, &j, 1, 2);
            if (m < 0 || j >= n || s[j] != sep)
                continue;
            j++;
            y = tp__digits(s, n, &j, 4, 4);
            if (y < 0)
                continue;
        } else if (n - j > 8 && memcmp(s + j, " tháng ", 8) == 0) {
            j += 8;
            m = tp__digits(s, n, &j, 1, 2);
            if (m < 0 || n - j < 6 || memcmp(s + j, " năm ", 6) != 0)
                continue;
            j += 6;
            y = tp__digits(s, n, &j, 4, 4);
            if (y < 0)
                continue;
        } else {
            continue;
        }
        if (!tp__valid_ymd(y, m, d))
            continue;
        tp__datetime_t r = {.year = y, .month = m, .day = d};
        /* a time within a few characters before or after */
        size_t lo = i > 24 ? i - 24 : 0, hi = j + 24 < n ? j + 24 : n;
        int hh, mm;
        if (tp__find_time(s, j, hi, &hh, &mm) ||
            tp__find_time(s, lo, i, &hh, &mm)) {
            r.hour = hh;
            r.minute = mm;
            r.has_time = 1;
        }
        *out = r;
        if (start)
            *start = i;
        if (end)
            *end = j;
        return 1;
    }
    return 0;
}

/* ISO first, then the Vietnamese forms. */
int tp__date_parse(const char *s, size_t n, tp__datetime_t *out)
{
    if (tp__iso_parse(s, n, out))
        return 1;
    return tp__date_find(s, n, out, NULL, NULL);
}

/* Words that may stand before the day in a lead's dateline. */
static const char *const tp__lead_words[] = {
    "ngày", "sáng", "chiều", "trưa", "tối", "đêm", "hôm", "nay", "qua",
    "mai", "rạng", "sớm", "từ", NULL,
};

/* Parses a dateline at the start of a lead ("Sáng 26/3, ..."). */
int tp__date_lead(const char *s, size_t n, int year_hint, tp__datetime_t *out)
{
    size_t i = 0;
    if (i < n && s[i] == '(')
        i++;
    /* up to three lead words, any case */
    for (int w = 0; w < 3 && i < n && !(s[i] >= '0' && s[i] <= '9'); w++) {
        size_t e = i;
        while (e < n && s[e] != ' ' && s[e] != ',')
            e++;
        size_t wl;
        char *low = NULL;
        char tmp[32];
        if (e - i >= sizeof tmp)
            return 0;
        memcpy(tmp, s + i, e - i);
        tmp[e - i] = '\0';
        /* lower-case the first letter (ASCII or the few Vietnamese ones) */
        if (tmp[0] >= 'A' && tmp[0] <= 'Z')
            tmp[0] = (char)(tmp[0] + 32);
        else if (memcmp(tmp, "Đ", 2) == 0)
            memcpy(tmp, "đ", 2);
        low = tmp;
        wl = strlen(low);
        int ok = 0;
        for (int k = 0; tp__lead_words[k]; k++)
            if (strlen(tp__lead_words[k]) == wl &&
                memcmp(tp__lead_words[k], low, wl) == 0)
                ok = 1;
        if (!ok)
            return 0;
        i = e;
        while (i < n && s[i] == ' ')
            i++;
    }
    size_t j = i;
    int d = tp__digits(s, n, &j, 1, 2);
    if (d < 0 || j >= n || s[j] != '/')
        return 0;
    j++;
    int m = tp__digits(s, n, &j, 1, 2);
    if (m < 0)
        return 0;
    int y = year_hint;
    if (j < n && s[j] == '/') {
        j++;
        y = tp__digits(s, n, &j, 4, 4);
        if (y < 0)
            return 0;
    }
    if (j < n && !strchr(",.;:) -", s[j]))
        return 0;
    if (!tp__valid_ymd(y, m, d))
        return 0;
    *out = (tp__datetime_t){.year = y, .month = m, .day = d};
    return 1;
}

/* Writes v (0..99) as two digits. */
static void tp__put2(char *o, int v)
{
    o[0] = (char)('0' + v / 10);
    o[1] = (char)('0' + v % 10);
}

/* Formats an ISO 8601 timestamp with +07:00 ("%04d-%02d-%02dT%02d:%02d:
 * %02d+07:00", written by hand: printf costs more than the rest of the
 * date work). */
char *tp__date_format(tp_arena_t *a, const tp__datetime_t *d)
{
    if (d->year < 0 || d->year > 9999 || d->month < 0 || d->month > 99 ||
        d->day < 0 || d->day > 99 || d->hour < 0 || d->hour > 99 ||
        d->minute < 0 || d->minute > 99 || d->second < 0 || d->second > 99)
        return tp_arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d+07:00",
                               d->year, d->month, d->day, d->hour, d->minute,
                               d->second);
    char *o = tp_arena_alloc(a, 26);
    tp__put2(o, d->year / 100);
    tp__put2(o + 2, d->year % 100);
    o[4] = '-';
    tp__put2(o + 5, d->month);
    o[7] = '-';
    tp__put2(o + 8, d->day);
    o[10] = 'T';
    tp__put2(o + 11, d->hour);
    o[13] = ':';
    tp__put2(o + 14, d->minute);
    o[16] = ':';
    tp__put2(o + 17, d->second);
    memcpy(o + 19, "+07:00", 7);
    return o;
}
