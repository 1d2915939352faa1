/*
 * extract/lexicon.h — the word lists behind persons, organizations and
 * places: honorifics, titles, the parts of organization names (fixed
 * bodies, party committees, bodies that take a level word, heads such as
 * "Ban"/"Sở" and the fields that follow them, prefixes such as "Ban
 * Thường vụ"), level words of places, and family names.
 *
 * Every phrase is written folded (lower case, NFC, traditional tone
 * placement) so that all of them, with the gazetteer's names, go into one
 * automaton over syllables (extractor.c) matched once over the folded
 * body.
 *
 * Ownership: static read-only tables.
 */
#ifndef TP_EXTRACT_LEXICON_H
#define TP_EXTRACT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

typedef enum tp_lex_class {
    TP_LEX_HONORIFIC = 0, /* đồng chí, ông, bà; kind 1: plural (các đồng chí) */
    TP_LEX_TITLE,         /* Bí thư, Phó Chủ tịch, Trưởng đoàn */
    TP_LEX_ORG_FIXED,     /* Bộ Chính trị, Quốc hội: complete names */
    TP_LEX_ORG_COMMITTEE, /* Tỉnh ủy, Huyện ủy: a place may follow */
    TP_LEX_ORG_LEVELED,   /* UBND, HĐND, Đảng bộ: a level word may follow */
    TP_LEX_ORG_HEAD,      /* Ban, Sở, Phòng: a field must follow */
    TP_LEX_ORG_FIELD,     /* Dân vận, Giáo dục và Đào tạo */
    TP_LEX_ORG_PREFIX,    /* Ban Thường vụ, Thường trực: an org follows */
    TP_LEX_LEVEL,         /* tỉnh, huyện, xã, TP: kind is a level mask */
    TP_LEX_PLACE_WORD,    /* sông, hồ, khu dân cư: a place's name that is
                             no unit may follow; kind is a TP_PW_* */
    TP_LEX__COUNT
} tp_lex_class_t;

/* Flags of lexicon entries. */
enum {
    TP_LEXF_ALONE = 1,   /* the org is an entity without a level word or
                            child org after it */
    TP_LEXF_NEEDCAP = 2, /* only when written with a capital (or as an
                            abbreviation) */
    TP_LEXF_NUM = 4,     /* a head named by a number ("Quân khu 1") */
};

typedef struct tp_lex_entry {
    const char *phrase; /* folded, traditional tone */
    uint8_t cls;        /* tp_lex_class_t */
    uint16_t kind;      /* class-specific (level mask for TP_LEX_LEVEL and
                           for the places a committee name takes) */
    uint8_t flags;      /* TP_LEXF_* */
    const char *canon;  /* written form in keys ("Ủy ban nhân dân"), NULL:
                           the phrase as written in the text */
} tp_lex_entry_t;

extern const tp_lex_entry_t tp_lex_entries[];
extern const size_t tp_lex_n_entries;

/* Kinds of TP_LEX_PLACE_WORD entries. */
enum {
    TP_PW_FEATURE = 1, /* a river, lake or station: "sông | Gianh" */
    TP_PW_REGION,      /* a region of the country may follow: "khu vực |
                          Nam Trung Bộ" */
    TP_PW_QUARTER,     /* old communes named as neighbourhoods: "khu dân
                          cư | Phú Hội, Vĩnh Ninh" */
    TP_PW_AROUND,      /* any named site: "vùng ven | Đền Bà Chúa" */
    TP_PW_ROUTE,       /* a line or road: its ends "từ A đến B" follow */
    TP_PW_GATE,        /* a border gate or economic zone, also
                          capitalised: "Cửa khẩu quốc tế | Lệ Thanh",
                          "Khu kinh tế | Dung Quất" */
};

/* Level masks: which gazetteer levels a level word selects. */
#define TP_LVM(l) (1u << (l))

/* True when the folded syllable s[0..n) is a common Vietnamese family
 * name (binary search in a sorted table). */
int tp_lex_is_surname(const char *folded, size_t n);

/* True for folded syllables that start a sentence or a clause but are
 * not names (Tại, Theo, Sáng, Chiều...): a capitalised run that starts
 * with one of them is not a name. */
int tp_lex_is_function_word(const char *folded, size_t n);

#endif
