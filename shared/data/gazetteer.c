/* gazetteer.c — small helpers over the generated gazetteer table. */
#include "data/gazetteer.h"

static const char *const tp__gaz_level_names[] = {
    "quoc_gia", "tinh", "thanh_pho", "huyen", "quan",
    "thi_xa",   "xa",   "phuong",    "thi_tran", "dac_khu",
};

/* Returns the contract's level name, "dia_danh" when out of range. */
const char *tp_gaz_level_name(int level)
{
    if (level < 0 || level > TP_GAZ_DAC_KHU)
        return "dia_danh";
    return tp__gaz_level_names[level];
}

/* Counts parents up to the country. */
int tp_gaz_tier(size_t row)
{
    int t = 0;
    int32_t p = tp_gaz_units[row].parent;
    while (p >= 0) {
        t++;
        p = tp_gaz_units[p].parent;
    }
    return t;
}
