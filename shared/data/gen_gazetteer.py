#!/usr/bin/env python3
"""gen_gazetteer.py — builds shared/data/gazetteer_data.c, tinpipe's compact
table of Vietnamese administrative units, from the General Statistics Office
lists collected in ../shared/data (see shared/data/README.md):

  admin-units-2025-03.json       63 provinces, 696 districts, 10,047 communes
                                 (before the reform of 1 July 2025)
  admin-units-2025-07.json       34 provinces, 3,321 communes (after it)
  admin-units-2025-07-from-old.csv  which old communes each new one took in

Each unit becomes one row: its proper name without the level word, in NFC
with the traditional tone placement (hòa, ủy) the extractor's keys use, its
official code, its level, its era (old/new), its parent row and, for old
communes, the new commune it went into. The output is deterministic: running
the script twice gives the same bytes (a unit test checks it).

Usage: gen_gazetteer.py [DATA_DIR] [OUT_FILE]
"""
import csv
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', 'shared', 'data')
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, 'gazetteer_data.c')

# Level names of article-event-v1 and their numbers in gazetteer.h.
LEVELS = ['quoc_gia', 'tinh', 'thanh_pho', 'huyen', 'quan', 'thi_xa', 'xa',
          'phuong', 'thi_tran', 'dac_khu']
TYPE_LEVEL = {
    'tỉnh': 'tinh', 'thành phố trung ương': 'thanh_pho', 'thành phố': 'thanh_pho',
    'huyện': 'huyen', 'quận': 'quan', 'thị xã': 'thi_xa', 'xã': 'xa',
    'phường': 'phuong', 'thị trấn': 'thi_tran', 'đặc khu': 'dac_khu',
}
PREFIXES = sorted(['thành phố', 'tỉnh', 'huyện', 'quận', 'thị xã', 'xã',
                   'phường', 'thị trấn', 'đặc khu'], key=len, reverse=True)

# Foreign countries the press names (ISO 3166-1 alpha-2 codes), as
# Vietnamese writes them; appended after the Vietnamese units so that rows
# of those keep their numbers. Names that are far more often a given name
# or a common word (Anh, Đức, Ý) are left out.
COUNTRIES = [
    ('Lào', 'LA'), ('Campuchia', 'KH'), ('Trung Quốc', 'CN'), ('Thái Lan', 'TH'),
    ('Hàn Quốc', 'KR'), ('Triều Tiên', 'KP'), ('Nhật Bản', 'JP'), ('Hoa Kỳ', 'US'),
    ('Mỹ', 'US'), ('Nga', 'RU'), ('Liên bang Nga', 'RU'), ('Pháp', 'FR'),
    ('Ấn Độ', 'IN'), ('Singapore', 'SG'), ('Malaysia', 'MY'), ('Indonesia', 'ID'),
    ('Philippines', 'PH'), ('Myanmar', 'MM'), ('Brunei', 'BN'), ('Đông Timor', 'TL'),
    ('Timor-Leste', 'TL'), ('Úc', 'AU'), ('Australia', 'AU'), ('Canada', 'CA'),
    ('Cuba', 'CU'), ('Ukraine', 'UA'), ('Israel', 'IL'), ('Italy', 'IT'),
    ('Tây Ban Nha', 'ES'), ('Hà Lan', 'NL'), ('Thụy Điển', 'SE'), ('Thụy Sĩ', 'CH'),
    ('New Zealand', 'NZ'), ('Mông Cổ', 'MN'), ('Ba Lan', 'PL'), ('Hungary', 'HU'),
    ('Belarus', 'BY'), ('Kazakhstan', 'KZ'), ('Brazil', 'BR'), ('Argentina', 'AR'),
    ('Mexico', 'MX'), ('Chile', 'CL'), ('Venezuela', 'VE'), ('Ai Cập', 'EG'),
    ('Nam Phi', 'ZA'), ('Thổ Nhĩ Kỳ', 'TR'), ('Iran', 'IR'), ('Ả Rập Xê Út', 'SA'),
    ('Qatar', 'QA'), ('Mozambique', 'MZ'), ('Angola', 'AO'), ('Algeria', 'DZ'),
    # territories the press names as it names countries ("doanh nghiệp
    # Đài Loan", "Hồng Kông (Trung Quốc)"); "Đài" otherwise heads a body
    # ("Đài Truyền hình"), and the gazetteer is what makes it a place
    ('Đài Loan', 'TW'), ('Hồng Kông', 'HK'),
]

# Foreign provinces and cities the press names, as Vietnamese writes them
# (transliterations written with capitalised syllables; the hyphenated
# lower-case forms such as "Xa-van-na-khét" are left out, the extractor
# reads a name as capitalised syllables): the provinces of Laos and the
# Cambodian provinces along the border, and capitals. (name, ISO 3166-2
# code, level); appended after the countries, no parent.
FOREIGN_PLACES = [
    ('Viêng Chăn', 'LA-VT', 'thanh_pho'), ('Vientiane', 'LA-VT', 'thanh_pho'),
    ('Luông Pha Bang', 'LA-LP', 'tinh'), ('Luang Prabang', 'LA-LP', 'tinh'),
    ('Savannakhet', 'LA-SV', 'tinh'), ('Champasak', 'LA-CH', 'tinh'),
    ('Chămpasắc', 'LA-CH', 'tinh'), ('Khăm Muộn', 'LA-KH', 'tinh'),
    ('Khammouane', 'LA-KH', 'tinh'), ('Bolikhamxay', 'LA-BL', 'tinh'),
    ('Hủa Phăn', 'LA-HO', 'tinh'), ('Houaphanh', 'LA-HO', 'tinh'),
    ('Xiêng Khoảng', 'LA-XI', 'tinh'), ('Xieng Khouang', 'LA-XI', 'tinh'),
    ('Phongsaly', 'LA-PH', 'tinh'), ('Sê Kông', 'LA-XE', 'tinh'),
    ('Sekong', 'LA-XE', 'tinh'), ('Attapeu', 'LA-AT', 'tinh'),
    ('Salavan', 'LA-SL', 'tinh'), ('Luang Namtha', 'LA-LM', 'tinh'),
    ('Oudomxay', 'LA-OU', 'tinh'), ('Bokeo', 'LA-BK', 'tinh'),
    ('Sayaboury', 'LA-XA', 'tinh'), ('Xaysomboun', 'LA-XS', 'tinh'),
    ('Phnôm Pênh', 'KH-12', 'thanh_pho'), ('Phnom Penh', 'KH-12', 'thanh_pho'),
    ('Xiêm Riệp', 'KH-17', 'tinh'), ('Siem Reap', 'KH-17', 'tinh'),
    ('Kampot', 'KH-7', 'tinh'), ('Kandal', 'KH-8', 'tinh'),
    ('Svay Rieng', 'KH-20', 'tinh'), ('Prey Veng', 'KH-14', 'tinh'),
    ('Takeo', 'KH-21', 'tinh'), ('Ratanakiri', 'KH-16', 'tinh'),
    ('Mondulkiri', 'KH-11', 'tinh'), ('Kratie', 'KH-10', 'tinh'),
    ('Battambang', 'KH-2', 'tinh'),
    # The other provinces of Cambodia, by their romanized names (the
    # press writes them so in cooperation and border news), and the one
    # Vietnamese spelling in wide use (Kông Pông Chàm). Kep is left out:
    # Kép is a town of Bắc Giang.
    ('Kampong Cham', 'KH-3', 'tinh'), ('Kông Pông Chàm', 'KH-3', 'tinh'),
    ('Tbong Khmum', 'KH-25', 'tinh'), ('Kampong Chhnang', 'KH-4', 'tinh'),
    ('Kampong Speu', 'KH-5', 'tinh'), ('Kampong Thom', 'KH-6', 'tinh'),
    ('Koh Kong', 'KH-9', 'tinh'), ('Preah Vihear', 'KH-13', 'tinh'),
    ('Pursat', 'KH-15', 'tinh'), ('Preah Sihanouk', 'KH-18', 'tinh'),
    ('Stung Treng', 'KH-19', 'tinh'), ('Banteay Meanchey', 'KH-1', 'tinh'),
    ('Oddar Meanchey', 'KH-22', 'tinh'), ('Pailin', 'KH-24', 'tinh'),
    ('Bắc Kinh', 'CN-BJ', 'thanh_pho'), ('Thượng Hải', 'CN-SH', 'thanh_pho'),
    ('Quảng Tây', 'CN-GX', 'tinh'), ('Vân Nam', 'CN-YN', 'tinh'),
    ('Tokyo', 'JP-13', 'thanh_pho'), ('Seoul', 'KR-11', 'thanh_pho'),
    ('Bangkok', 'TH-10', 'thanh_pho'), ('Moskva', 'RU-MOW', 'thanh_pho'),
    ('Washington', 'US-DC', 'thanh_pho'), ('Paris', 'FR-75', 'thanh_pho'),
    ('London', 'GB-LND', 'thanh_pho'), ('Luân Đôn', 'GB-LND', 'thanh_pho'),
    ('Berlin', 'DE-BE', 'thanh_pho'), ('Canberra', 'AU-ACT', 'thanh_pho'),
    ('Jakarta', 'ID-JK', 'thanh_pho'), ('Kuala Lumpur', 'MY-14', 'thanh_pho'),
    ('Manila', 'PH-00', 'thanh_pho'), ('New Delhi', 'IN-DL', 'thanh_pho'),
    ('Bình Nhưỡng', 'KP-01', 'thanh_pho'), ('La Habana', 'CU-03', 'thanh_pho'),
    ('Havana', 'CU-03', 'thanh_pho'), ('Nay Pyi Taw', 'MM-18', 'thanh_pho'),
    # Provinces and large cities of partner countries the press names
    # ("tỉnh Shizuoka (Nhật Bản)", "tỉnh Gyeonggi, Hàn Quốc"): a prefecture
    # or province is level tinh, a city thanh_pho, as above. Names that
    # are also Vietnamese communes (Hải Nam, Quảng Đông) stay out.
    ('Shizuoka', 'JP-22', 'tinh'), ('Osaka', 'JP-27', 'tinh'),
    ('Kanagawa', 'JP-14', 'tinh'), ('Aichi', 'JP-23', 'tinh'),
    ('Fukuoka', 'JP-40', 'tinh'), ('Hyogo', 'JP-28', 'tinh'),
    ('Kyoto', 'JP-26', 'tinh'), ('Chiba', 'JP-12', 'tinh'),
    ('Saitama', 'JP-11', 'tinh'), ('Hokkaido', 'JP-01', 'tinh'),
    ('Hiroshima', 'JP-34', 'tinh'), ('Gunma', 'JP-10', 'tinh'),
    ('Tochigi', 'JP-09', 'tinh'), ('Ibaraki', 'JP-08', 'tinh'),
    ('Nagano', 'JP-20', 'tinh'), ('Niigata', 'JP-15', 'tinh'),
    ('Toyama', 'JP-16', 'tinh'), ('Gifu', 'JP-21', 'tinh'),
    ('Okayama', 'JP-33', 'tinh'), ('Nagasaki', 'JP-42', 'tinh'),
    ('Yamanashi', 'JP-19', 'tinh'), ('Okinawa', 'JP-47', 'tinh'),
    ('Yokohama', 'JP-14', 'thanh_pho'), ('Nagoya', 'JP-23', 'thanh_pho'),
    ('Gyeonggi', 'KR-41', 'tinh'), ('Gangwon', 'KR-42', 'tinh'),
    ('Gyeongsangbuk', 'KR-47', 'tinh'), ('Gyeongsangnam', 'KR-48', 'tinh'),
    ('Chungcheongbuk', 'KR-43', 'tinh'), ('Chungcheongnam', 'KR-44', 'tinh'),
    ('Jeollabuk', 'KR-45', 'tinh'), ('Jeollanam', 'KR-46', 'tinh'),
    ('Jeju', 'KR-49', 'tinh'), ('Busan', 'KR-26', 'thanh_pho'),
    ('Incheon', 'KR-28', 'thanh_pho'), ('Daegu', 'KR-27', 'thanh_pho'),
    ('Daejeon', 'KR-30', 'thanh_pho'), ('Ulsan', 'KR-31', 'thanh_pho'),
    ('Tứ Xuyên', 'CN-SC', 'tinh'),
    ('Triết Giang', 'CN-ZJ', 'tinh'), ('Giang Tô', 'CN-JS', 'tinh'),
    ('Udon Thani', 'TH-41', 'tinh'), ('Nakhon Phanom', 'TH-48', 'tinh'),
    ('Khon Kaen', 'TH-40', 'tinh'), ('Chiang Mai', 'TH-50', 'tinh'),
]

TONES = {'\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}


def tone_traditional(syl):
    """Moves the tone mark of an open syllable ending in oa, oe, uy onto
    its first vowel (hoà -> hòa, uỷ -> ủy); qu/gi onsets are left alone."""
    d = unicodedata.normalize('NFD', syl)
    marks = [c for c in d if c in TONES]
    if len(marks) != 1:
        return syl
    bare = ''.join(c for c in d if c not in TONES)
    low = unicodedata.normalize('NFC', bare).lower()
    m = re.search(r'(oa|oe|uy)$', low)
    if not m or low.startswith('qu') and low.endswith('uy'):
        return syl
    base = unicodedata.normalize('NFC', bare)
    pos = len(base) - 2  # first vowel of the pair
    out = base[:pos + 1] + marks[0] + base[pos + 1:]
    return unicodedata.normalize('NFC', out)


def canon(name):
    name = unicodedata.normalize('NFC', ' '.join(name.split()))
    return ' '.join(tone_traditional(s) for s in name.split(' '))


def strip_level(full):
    """'Thành phố Hà Nội' -> 'Hà Nội'; numbers keep their digits."""
    n = canon(full)
    low = n.lower()
    for p in PREFIXES:
        if low.startswith(p + ' '):
            rest = n[len(p) + 1:]
            if rest.isdigit():
                rest = str(int(rest))
            return rest
    return n


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    rows = []  # [name, code, level, era, parent, successor]

    def add(name, code, level, era, parent):
        rows.append([name, code, LEVELS.index(level), era, parent, -1])
        return len(rows) - 1

    add('Việt Nam', 'VN', 'quoc_gia', 0, -1)
    old = json.load(open(os.path.join(DATA, 'admin-units-2025-03.json'), encoding='utf-8'))
    old_commune = {}
    for p in old['data']:
        pi = add(strip_level(p['name']), p['level1_id'], TYPE_LEVEL[p['type'].lower()], 1, 0)
        for d in p['level2s']:
            di = add(strip_level(d['name']), d['level2_id'], TYPE_LEVEL[d['type'].lower()], 1, pi)
            for c in d['level3s']:
                ci = add(strip_level(c['name']), c['level3_id'], TYPE_LEVEL[c['type'].lower()], 1, di)
                old_commune[c['level3_id']] = ci
    new = json.load(open(os.path.join(DATA, 'admin-units-2025-07.json'), encoding='utf-8'))
    new_commune = {}
    for p in new:
        pi = add(strip_level(p['name']), '%02d' % p['code'], TYPE_LEVEL[p['division_type'].lower()], 2, 0)
        for w in p['wards']:
            code = '%05d' % w['code']
            new_commune[code] = add(strip_level(w['name']), code, TYPE_LEVEL[w['division_type'].lower()], 2, pi)
    with open(os.path.join(DATA, 'admin-units-2025-07-from-old.csv'), encoding='utf-8') as f:
        for r in csv.reader(f):
            if len(r) < 5 or not r[2].strip().isdigit() or not r[4].strip().isdigit():
                continue
            o = old_commune.get(r[4].strip().zfill(5))
            n = new_commune.get(r[2].strip().zfill(5))
            if o is not None and n is not None and rows[o][5] < 0:
                rows[o][5] = n

    for name, code in COUNTRIES:
        add(canon(name), code, 'quoc_gia', 0, -1)
    for name, code, level in FOREIGN_PLACES:
        add(canon(name), code, level, 0, -1)

    out = []
    out.append('/* gazetteer_data.c — GENERATED by shared/data/gen_gazetteer.py from the\n'
               ' * General Statistics Office lists in ../shared/data (README.md there and\n'
               ' * in shared/data). Do not edit; run the script again. */\n')
    out.append('#include "data/gazetteer.h"\n\n')
    out.append('const tp_gaz_unit_t tp_gaz_units[] = {\n')
    for r in rows:
        out.append('    {%s, %s, %d, %d, %d, %d},\n' % (c_str(r[0]), c_str(r[1]), r[2], r[3], r[4], r[5]))
    out.append('};\n\n')
    out.append('const size_t tp_gaz_n_units = sizeof tp_gaz_units / sizeof tp_gaz_units[0];\n')
    data = ''.join(out)
    with open(OUT, 'w', encoding='utf-8', newline='\n') as f:
        f.write(data)
    print('%s: %d units' % (OUT, len(rows)), file=sys.stderr)


if __name__ == '__main__':
    main()
