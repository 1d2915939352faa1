/*
 * lexicon.c — the word lists of lexicon.h. Phrases are folded (lower
 * case, traditional tone placement); canon gives how a key writes them.
 * The lists follow the names of bodies of the Communist Party, the State,
 * the Fatherland Front and the mass organisations as official texts write
 * them; add to them freely, every phrase goes into the same automaton.
 */
#include "extract/lexicon.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "data/gazetteer.h"

#define H(p) {p, TP_LEX_HONORIFIC, 0, 0, NULL}
#define HP(p) {p, TP_LEX_HONORIFIC, 1, 0, NULL}
#define T(p) {p, TP_LEX_TITLE, 0, 0, NULL}
#define FX(p, c) {p, TP_LEX_ORG_FIXED, 0, TP_LEXF_ALONE, c}
#define CM(p, c, m) {p, TP_LEX_ORG_COMMITTEE, m, TP_LEXF_ALONE | TP_LEXF_NEEDCAP, c}
#define LV(p, c, f) {p, TP_LEX_ORG_LEVELED, 0, f, c}
#define HD(p, c) {p, TP_LEX_ORG_HEAD, 0, 0, c}
#define FD(p, c) {p, TP_LEX_ORG_FIELD, 0, 0, c}
#define PF(p, c, f) {p, TP_LEX_ORG_PREFIX, 0, f, c}
#define LW(p, m) {p, TP_LEX_LEVEL, m, 0, NULL}
#define PW(p, k) {p, TP_LEX_PLACE_WORD, k, 0, NULL}

#define M_PROV (TP_LVM(TP_GAZ_TINH) | TP_LVM(TP_GAZ_THANH_PHO))
#define M_CITY TP_LVM(TP_GAZ_THANH_PHO)
#define M_DIST TP_LVM(TP_GAZ_HUYEN)
#define M_QUAN TP_LVM(TP_GAZ_QUAN)
#define M_TX TP_LVM(TP_GAZ_THI_XA)
#define M_XA (TP_LVM(TP_GAZ_XA) | TP_LVM(TP_GAZ_DAC_KHU))
#define M_PHUONG TP_LVM(TP_GAZ_PHUONG)
#define M_TT TP_LVM(TP_GAZ_THI_TRAN)
#define M_THON (1u << 12) /* below communes: not in the gazetteer */
#define M_ANY_DIST (M_DIST | M_QUAN | M_TX | M_CITY)

#define A TP_LEXF_ALONE
#define C TP_LEXF_NEEDCAP

const tp_lex_entry_t tp_lex_entries[] = {
    /* Honorifics and ranks: not part of a name, not a position. */
    H("đồng chí"), H("đ/c"), H("ông"), H("bà"), H("anh"), H("chị"),
    H("cụ"), H("thượng tướng"), H("trung tướng"), H("thiếu tướng"),
    H("đại tướng"), H("đại tá"), H("thượng tá"), H("trung tá"),
    H("thiếu tá"), H("đại úy"), H("thượng úy"), H("trung úy"),
    H("thiếu úy"), H("ts"), H("ths"), H("pgs"), H("gs"), H("pgs.ts"),
    H("gs.ts"), H("bs"), H("nhà báo"), H("bác sĩ"), H("nghệ nhân"),
    H("nhà giáo"), H("kỹ sư"), H("tiến sĩ"), H("thạc sĩ"),
    H("giáo sư"), H("phó giáo sư"), H("đồng chí bí thư"), H("già làng"),
    H("người có uy tín"),
    /* Physicians' degrees and the State's honorary titles of artists
     * and teachers, written before the name ("BS.CKII Nguyễn Văn A",
     * "NSƯT Thu Hà", "NGƯT Trần Văn B"). */
    H("bs.ckii"), H("bs.cki"), H("bsckii"), H("bscki"), H("bs ckii"), H("bs cki"),
    H("ths.bs"), H("ts.bs"), H("ths. bs"), H("ts. bs"), H("dược sĩ"), H("kts"),
    H("nsnd"), H("nsưt"), H("ngnd"), H("ngưt"), H("nghệ sĩ nhân dân"),
    H("nghệ sĩ ưu tú"), H("nhà giáo nhân dân"), H("nhà giáo ưu tú"),
    /* Before a foreign dignitary's name ("Ngài Xổm Phết Khăm Ma Ni"). */
    H("ngài"), H("samdech"), H("samdech techo"),
    HP("các đồng chí"), HP("các ông"), HP("các bà"), HP("đồng chí:"),

    /* Titles (positions). Longer ones win over their prefixes. */
    T("tổng bí thư"), T("bí thư"), T("phó bí thư"),
    T("phó bí thư thường trực"), T("chủ tịch"), T("phó chủ tịch"),
    T("phó chủ tịch thường trực"), T("chủ tịch nước"),
    T("phó chủ tịch nước"), T("chủ nhiệm"), T("phó chủ nhiệm"),
    T("trưởng ban"), T("phó trưởng ban"), T("phó trưởng ban thường trực"),
    T("ủy viên"), T("ủy viên thường trực"), T("ủy viên dự khuyết"),
    T("giám đốc"), T("phó giám đốc"), T("tổng giám đốc"),
    T("phó tổng giám đốc"), T("vụ trưởng"), T("vụ phó"), T("phó vụ trưởng"),
    T("cục trưởng"), T("cục phó"), T("phó cục trưởng"), T("trưởng phòng"),
    T("phó trưởng phòng"), T("chánh văn phòng"), T("phó chánh văn phòng"),
    T("chánh thanh tra"), T("phó chánh thanh tra"), T("bộ trưởng"),
    T("thứ trưởng"), T("thủ tướng"), T("phó thủ tướng"), T("chánh án"),
    T("phó chánh án"), T("viện trưởng"), T("phó viện trưởng"),
    T("trưởng đoàn"), T("phó trưởng đoàn"),
    T("chỉ huy trưởng"), T("chính ủy"), T("tư lệnh"), T("hiệu trưởng"),
    T("phó hiệu trưởng"), T("trưởng thôn"), T("trưởng bản"),
    T("trưởng khu phố"), T("tổ trưởng"), T("trưởng khoa"), T("phó trưởng khoa"),
    T("tổng biên tập"), T("phó tổng biên tập"), T("thành viên"),
    T("thư ký"), T("đồn trưởng"), T("phó đồn trưởng"), T("chính trị viên"),
    T("trưởng công an"), T("phó trưởng công an"), T("trưởng trạm"),
    T("chủ tịch hội đồng quản trị"), T("chủ tịch hđqt"),
    /* The standing member of the Secretariat: a post, not a body; its
     * organization is the Secretariat. */
    T("thường trực ban bí thư"),
    /* The head of an investigating body ("Thủ trưởng Cơ quan Cảnh sát
     * điều tra"). */
    T("thủ trưởng"), T("phó thủ trưởng"),
    /* Members of a party committee ("Tỉnh ủy viên, Giám đốc Sở Nội vụ"). */
    /* "UVBTV Tỉnh ủy, Bí thư Huyện ủy X": a member of the standing
     * committee, abbreviated (its body follows: Tỉnh ủy, Thành ủy). */
    T("uvbtv"),
    T("tỉnh ủy viên"), T("thành ủy viên"), T("huyện ủy viên"),
    T("quận ủy viên"), T("thị ủy viên"), T("đảng ủy viên"),
    /* Heads of the provincial statistics office ("Trưởng Thống kê tỉnh"). */
    T("trưởng thống kê"), T("phó trưởng thống kê"),
    /* Governors: of a foreign province, or of the State Bank. */
    T("thống đốc"), T("phó thống đốc"),
    /* Diplomats and foreign officials ("Đại sứ Nhật Bản tại Việt Nam",
     * "Phó Tỉnh trưởng tỉnh Savannakhet"). */
    T("đại sứ"), T("tổng lãnh sự"), T("lãnh sự"), T("tùy viên"),
    T("đại sứ đặc mệnh toàn quyền"),
    T("tỉnh trưởng"), T("phó tỉnh trưởng"), T("thị trưởng"),
    T("phó thị trưởng"), T("tổng thống"), T("phó tổng thống"),
    T("tổng thư ký"), T("phó tổng thư ký"),
    T("phó tư lệnh"), T("phó chính ủy"), T("tham mưu trưởng"),
    T("phó tham mưu trưởng"), T("phó chỉ huy trưởng"),
    /* The head and deputies of a steering committee written with its
     * abbreviation ("Bí thư Tỉnh ủy, Trưởng BCĐ Nguyễn Văn A"; "Phó
     * Trưởng BCĐ thường trực"): "BCĐ" stands for "Ban Chỉ đạo", so
     * these are "Trưởng ban" and its deputies. */
    T("trưởng bcđ"), T("phó trưởng bcđ"), T("phó trưởng bcđ thường trực"),
    /* Roles at a trial and in a case ("do Thẩm phán A làm chủ tọa",
     * "Kiểm sát viên B giữ quyền công tố", "Điều tra viên C"). */
    T("thẩm phán"), T("chủ tọa"), T("chủ tọa phiên tòa"), T("kiểm sát viên"),
    T("điều tra viên"), T("hội thẩm nhân dân"),
    /* Counsel named with the title ("Luật sư Nguyễn Văn C, người bào
     * chữa cho ..."): a post the reader lists, not a courtesy word. */
    T("luật sư"),
    /* Posts written in lower case in reports on cases and units ("chỉ
     * đạo kế toán Hồ Thị E", "đội trưởng đội công tác Đồn Biên phòng Y",
     * "nguyên cán bộ địa chính phường K"). */
    T("kế toán"), T("kế toán trưởng"), T("thủ quỹ"), T("đội trưởng"),
    T("phó đội trưởng"), T("cán bộ địa chính"), T("công chức địa chính"),

    /* Complete names of national bodies. */
    FX("bộ chính trị", "Bộ Chính trị"), FX("ban bí thư", "Ban Bí thư"),
    FX("ban bí thư trung ương đảng", "Ban Bí thư"),
    FX("ban bí thư trung ương", "Ban Bí thư"),
    FX("quốc hội", "Quốc hội"), FX("chính phủ", "Chính phủ"),
    FX("ban chấp hành trung ương", "Ban Chấp hành Trung ương"),
    FX("ban chấp hành trung ương đảng", "Ban Chấp hành Trung ương"),
    FX("bch trung ương", "Ban Chấp hành Trung ương"),
    FX("bch trung ương đảng", "Ban Chấp hành Trung ương"),
    FX("bchtw", "Ban Chấp hành Trung ương"),
    FX("trung ương đảng", "Ban Chấp hành Trung ương"),
    /* The Lao party, whose officials' titles name it ("Ủy viên Trung
     * ương Đảng Nhân dân Cách mạng Lào"): not ours. */
    FX("đảng nhân dân cách mạng lào", "Đảng Nhân dân Cách mạng Lào"),
    FX("trung ương đảng nhân dân cách mạng lào",
       "Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào"),
    FX("đảng ndcm lào", "Đảng Nhân dân Cách mạng Lào"),
    FX("trung ương đảng ndcm lào", "Ban Chấp hành Trung ương Đảng Nhân dân Cách mạng Lào"),
    FX("đảng cộng sản việt nam", "Đảng Cộng sản Việt Nam"),
    FX("văn phòng trung ương đảng", "Văn phòng Trung ương Đảng"),
    FX("tòa án nhân dân tối cao", "Tòa án nhân dân tối cao"),
    FX("viện kiểm sát nhân dân tối cao", "Viện kiểm sát nhân dân tối cao"),
    FX("kiểm toán nhà nước", "Kiểm toán Nhà nước"),
    FX("ủy ban thường vụ quốc hội", "Ủy ban Thường vụ Quốc hội"),
    FX("quân ủy trung ương", "Quân ủy Trung ương"),
    FX("trung ương đoàn", "Trung ương Đoàn"),
    FX("tổng liên đoàn lao động việt nam", "Tổng Liên đoàn Lao động Việt Nam"),
    FX("tổng lđlđ việt nam", "Tổng Liên đoàn Lao động Việt Nam"),
    FX("hội đồng dân tộc", "Hội đồng Dân tộc"),
    FX("văn phòng chính phủ", "Văn phòng Chính phủ"),
    FX("văn phòng quốc hội", "Văn phòng Quốc hội"),
    FX("công đoàn việt nam", "Công đoàn Việt Nam"),
    FX("thanh tra chính phủ", "Thanh tra Chính phủ"),
    FX("bảo hiểm xã hội việt nam", "Bảo hiểm xã hội Việt Nam"),
    FX("ngân hàng nhà nước việt nam", "Ngân hàng Nhà nước Việt Nam"),
    FX("thông tấn xã việt nam", "Thông tấn xã Việt Nam"),
    FX("đài tiếng nói việt nam", "Đài Tiếng nói Việt Nam"),
    FX("đài truyền hình việt nam", "Đài Truyền hình Việt Nam"),
    FX("hội đồng bầu cử quốc gia", "Hội đồng Bầu cử quốc gia"),
    FX("ủy ban kiểm tra trung ương", "Ủy ban Kiểm tra Trung ương"),
    FX("ubkttw", "Ủy ban Kiểm tra Trung ương"),
    FX("ubkt trung ương", "Ủy ban Kiểm tra Trung ương"),
    FX("quân đội nhân dân việt nam", "Quân đội nhân dân Việt Nam"),
    FX("qđnd việt nam", "Quân đội nhân dân Việt Nam"),
    FX("học viện chính trị quốc gia hồ chí minh", "Học viện Chính trị quốc gia Hồ Chí Minh"),
    /* International organisations the press names by their acronym or
     * Vietnamese name. */
    FX("asean", "ASEAN"), FX("hiệp hội các quốc gia đông nam á", "ASEAN"),
    FX("liên hợp quốc", "Liên hợp quốc"), FX("liên hiệp quốc", "Liên hợp quốc"),
    FX("wto", "WTO"), FX("unesco", "UNESCO"), FX("unicef", "UNICEF"),
    FX("who", "WHO"), FX("tổ chức y tế thế giới", "WHO"),
    FX("eu", "EU"), FX("liên minh châu âu", "EU"), FX("apec", "APEC"),
    FX("imf", "IMF"), FX("world bank", "World Bank"),
    FX("ngân hàng thế giới", "World Bank"), FX("adb", "ADB"),
    FX("ngân hàng phát triển châu á", "ADB"), FX("undp", "UNDP"),
    FX("fao", "FAO"), FX("ilo", "ILO"), FX("nato", "NATO"),
    FX("jica", "JICA"), FX("koica", "KOICA"), FX("usaid", "USAID"),
    FX("g20", "G20"), FX("brics", "BRICS"), FX("aipa", "AIPA"),
    /* Ruling parties of the neighbours and partners the press reports on. */
    FX("đảng nhân dân cách mạng lào", "Đảng Nhân dân Cách mạng Lào"),
    FX("đảng nhân dân campuchia", "Đảng Nhân dân Campuchia"),
    /* Foreign parliaments' chambers, named by their country after them
     * ("Thượng viện Campuchia", organizations.c). */
    FX("thượng viện", "Thượng viện"), FX("hạ viện", "Hạ viện"),
    FX("đảng cộng sản trung quốc", "Đảng Cộng sản Trung Quốc"),
    FX("đảng cộng sản cuba", "Đảng Cộng sản Cuba"),
    FX("đảng cộng sản nhật bản", "Đảng Cộng sản Nhật Bản"),
    FX("đảng cộng sản liên bang nga", "Đảng Cộng sản Liên bang Nga"),
    FX("đảng dân chủ tự do nhật bản", "Đảng Dân chủ Tự do Nhật Bản"),

    /* Party committees: a place name may follow. */
    CM("tỉnh ủy", "Tỉnh ủy", M_PROV), CM("thành ủy", "Thành ủy", M_PROV | M_CITY),
    CM("huyện ủy", "Huyện ủy", M_DIST | M_TX | M_CITY),
    CM("quận ủy", "Quận ủy", M_QUAN), CM("thị ủy", "Thị ủy", M_TX | M_DIST),
    CM("đảng ủy", "Đảng ủy", 0),
    /* State enterprises known by their brand, with the province they
     * serve ("VNPT Quảng Trị", "Viettel Nghệ An"). */
    CM("vnpt", "VNPT", M_PROV), CM("viettel", "Viettel", M_PROV),
    CM("agribank", "Agribank", M_PROV | M_ANY_DIST),
    CM("vietcombank", "Vietcombank", M_PROV), CM("bidv", "BIDV", M_PROV),
    CM("vietinbank", "VietinBank", M_PROV), CM("mobifone", "MobiFone", M_PROV),
    CM("vnpost", "VNPost", M_PROV),

    /* Bodies that exist at each level: a level word and a place may follow. */
    LV("ủy ban nhân dân", "Ủy ban nhân dân", 0), LV("ubnd", "Ủy ban nhân dân", 0),
    LV("hội đồng nhân dân", "Hội đồng nhân dân", 0),
    LV("hđnd", "Hội đồng nhân dân", 0),
    LV("đảng bộ", "Đảng bộ", C),
    /* A party cell, of a village or a body ("Bí thư Chi bộ thôn Trung
     * Tiến"): only with a capital and what it belongs to after it. */
    LV("chi bộ", "Chi bộ", C),
    LV("mặt trận tổ quốc việt nam", "Mặt trận Tổ quốc Việt Nam", A | C),
    LV("mặt trận tổ quốc", "Mặt trận Tổ quốc Việt Nam", A | C),
    LV("mttq", "Mặt trận Tổ quốc Việt Nam", A),
    LV("mttq việt nam", "Mặt trận Tổ quốc Việt Nam", A),
    LV("mttqvn", "Mặt trận Tổ quốc Việt Nam", A),
    LV("ủy ban mặt trận tổ quốc việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam", A | C),
    LV("ủy ban mặt trận tổ quốc", "Ủy ban Mặt trận Tổ quốc Việt Nam", A | C),
    LV("ủy ban mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", A | C),
    LV("ủy ban mttq việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam", A | C),
    LV("ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", A),
    LV("ubmttqvn", "Ủy ban Mặt trận Tổ quốc Việt Nam", A),
    /* Mass organisations named without a level are the article's own
     * ("Hội Cựu chiến binh và Hội Nông dân phối hợp ..."), as the Front
     * and the Youth Union are. */
    LV("hội nông dân", "Hội Nông dân", A | C),
    LV("hội nông dân việt nam", "Hội Nông dân Việt Nam", A | C),
    LV("hội liên hiệp phụ nữ", "Hội Liên hiệp Phụ nữ", A | C),
    LV("hội lhpn", "Hội Liên hiệp Phụ nữ", A | C),
    LV("hội liên hiệp phụ nữ việt nam", "Hội Liên hiệp Phụ nữ Việt Nam", A | C),
    LV("hội phụ nữ", "Hội Phụ nữ", A | C),
    LV("hội cựu chiến binh", "Hội Cựu chiến binh", A | C),
    LV("hội cựu chiến binh việt nam", "Hội Cựu chiến binh Việt Nam", A | C),
    LV("hội ccb", "Hội Cựu chiến binh", A | C),
    LV("hội người cao tuổi", "Hội Người cao tuổi", C),
    LV("hội chữ thập đỏ", "Hội Chữ thập đỏ", C),
    LV("hội khuyến học", "Hội Khuyến học", C),
    LV("hội cựu thanh niên xung phong", "Hội Cựu thanh niên xung phong", C),
    /* (Without it "Hội Liên hiệp | Thanh" is cut at a commune's name.) */
    LV("hội liên hiệp thanh niên việt nam", "Hội Liên hiệp Thanh niên Việt Nam", A | C),
    LV("đoàn thanh niên", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", A | C),
    LV("đoàn thanh niên cộng sản hồ chí minh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", A | C),
    LV("đoàn tncs hồ chí minh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", A | C),
    LV("liên đoàn lao động", "Liên đoàn Lao động", C),
    LV("công đoàn", "Công đoàn", C),
    LV("công an", "Công an", C),
    LV("tòa án nhân dân", "Tòa án nhân dân", C),
    LV("viện kiểm sát nhân dân", "Viện kiểm sát nhân dân", C),
    LV("bộ chỉ huy quân sự", "Bộ Chỉ huy Quân sự", C),
    LV("ban chỉ huy quân sự", "Ban Chỉ huy Quân sự", C),
    LV("trung tâm y tế", "Trung tâm Y tế", C),
    LV("trung tâm chính trị", "Trung tâm Chính trị", C),
    LV("trung tâm văn hóa", "Trung tâm Văn hóa", C),
    LV("trung tâm truyền thông và văn hóa", "Trung tâm Truyền thông và Văn hóa", C),
    LV("trung tâm văn hóa - thể thao", "Trung tâm Văn hóa - Thể thao", C),
    LV("trung tâm văn hóa - thể thao và truyền thông",
       "Trung tâm Văn hóa - Thể thao và Truyền thông", C),
    LV("trung tâm văn hóa, thể thao và truyền thông",
       "Trung tâm Văn hóa - Thể thao và Truyền thông", C),
    LV("kho bạc nhà nước", "Kho bạc Nhà nước", C),
    LV("ủy ban kiểm tra", "Ủy ban Kiểm tra", C),
    LV("văn phòng", "Văn phòng", C),
    LV("thanh tra", "Thanh tra", C),
    LV("bảo hiểm xã hội", "Bảo hiểm xã hội", C), LV("bhxh", "Bảo hiểm xã hội", 0),
    /* National forces and banks: alone the name is the national body
     * ("Phó Chính ủy Bộ đội Biên phòng", "Bộ Tư lệnh Bộ đội Biên
     * phòng", "vay vốn Ngân hàng Chính sách xã hội"). */
    LV("bộ đội biên phòng", "Bộ đội Biên phòng", A | C),
    LV("bđbp", "Bộ đội Biên phòng", A),
    LV("bộ chỉ huy bộ đội biên phòng", "Bộ Chỉ huy Bộ đội Biên phòng", C),
    /* Before the border guard "BCH" is its provincial command (Bộ Chỉ
     * huy), not an executive committee (Ban Chấp hành); the guard has no
     * party-style committee of that name. */
    LV("bch bộ đội biên phòng", "Bộ Chỉ huy Bộ đội Biên phòng", 0),
    /* "BCH Quân sự": the command of a district or commune (Ban Chỉ
     * huy); of a province it is the Bộ Chỉ huy (organizations.c). */
    LV("bch quân sự", "Ban Chỉ huy Quân sự", 0),
    LV("bch bđbp", "Bộ Chỉ huy Bộ đội Biên phòng", 0),
    LV("đoàn đại biểu quốc hội", "Đoàn đại biểu Quốc hội", C),
    LV("đoàn đbqh", "Đoàn đại biểu Quốc hội", C),
    LV("lđlđ", "Liên đoàn Lao động", 0),
    LV("ubkt", "Ủy ban Kiểm tra", 0),
    LV("đtn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", A),
    LV("ngân hàng chính sách xã hội", "Ngân hàng Chính sách xã hội", A | C),
    LV("nhcsxh", "Ngân hàng Chính sách xã hội", 0),
    LV("vksnd", "Viện kiểm sát nhân dân", 0), LV("tand", "Tòa án nhân dân", 0),
    LV("viện ksnd", "Viện kiểm sát nhân dân", C),
    LV("đài phát thanh và truyền hình", "Đài Phát thanh và Truyền hình", C),
    LV("trường chính trị", "Trường Chính trị", C),
    LV("bưu điện", "Bưu điện", C),
    LV("ban chỉ huy phòng thủ dân sự", "Ban Chỉ huy Phòng thủ dân sự", C),
    /* The provincial statistics office since 2025 ("Thống kê tỉnh Bắc
     * Ninh"); alone the words are the activity. */
    LV("thống kê", "Thống kê", C),
    LV("thuế", "Thuế", C), LV("hải quan", "Hải quan", C),
    LV("liên minh hợp tác xã", "Liên minh Hợp tác xã", C),
    /* Unions of associations, at each level. */
    LV("liên hiệp các hội khoa học và kỹ thuật",
       "Liên hiệp các Hội Khoa học và Kỹ thuật", C),
    LV("liên hiệp các hội văn học nghệ thuật",
       "Liên hiệp các Hội Văn học Nghệ thuật", C),
    LV("liên minh htx", "Liên minh Hợp tác xã", C),
    /* The union of friendship organisations, national and per province
     * ("Liên hiệp các tổ chức hữu nghị tỉnh Thanh Hóa"). */
    LV("liên hiệp các tổ chức hữu nghị", "Liên hiệp các tổ chức hữu nghị", C),
    LV("lhctchn", "Liên hiệp các tổ chức hữu nghị", 0),
    FX("liên hiệp các tổ chức hữu nghị việt nam", "Liên hiệp các tổ chức hữu nghị Việt Nam"),
    /* The investigating bodies of the police and the army: alone they
     * are the article's ("Cơ quan Cảnh sát điều tra đang mở rộng ..."). */
    LV("cơ quan cảnh sát điều tra", "Cơ quan Cảnh sát điều tra", A | C),
    LV("cơ quan csđt", "Cơ quan Cảnh sát điều tra", A | C),
    LV("cơ quan an ninh điều tra", "Cơ quan An ninh điều tra", A | C),
    /* The same written short ("Cơ quan Điều tra đã khởi tố ...", "Cơ
     * quan điều tra Viện kiểm sát nhân dân tối cao") and the army's. */
    LV("cơ quan điều tra", "Cơ quan điều tra", A | C),
    LV("cơ quan điều tra hình sự", "Cơ quan Điều tra hình sự", A | C),
    /* Abbreviations of mass organisations and forces. */
    LV("hnd", "Hội Nông dân", 0), LV("hlhpn", "Hội Liên hiệp Phụ nữ", 0),
    LV("lhpn", "Hội Liên hiệp Phụ nữ", 0),
    LV("hội ccb", "Hội Cựu chiến binh", C),
    LV("ngân hàng csxh", "Ngân hàng Chính sách xã hội", A | C),
    /* The bar association of a province ("Đoàn Luật sư thành phố Hà
     * Nội"). */
    LV("đoàn luật sư", "Đoàn Luật sư", C),
    /* Youth union committees: "Tỉnh đoàn Thái Bình", "Huyện đoàn". */
    CM("tỉnh đoàn", "Tỉnh đoàn", M_PROV), CM("thành đoàn", "Thành đoàn", M_PROV | M_CITY),
    CM("huyện đoàn", "Huyện đoàn", M_DIST | M_TX | M_CITY),
    CM("quận đoàn", "Quận đoàn", M_QUAN), CM("thị đoàn", "Thị đoàn", M_TX),
    /* A commune's or a school's youth union written short ("Đoàn xã
     * Chiềng Mung", "Bí thư Đoàn phường", "Đoàn trường THPT ..."): keys
     * spell the union out. Only with a capital: "các đoàn xã" are
     * delegations. "Đoàn trường" takes the school after it. */
    CM("đoàn xã", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", M_XA),
    CM("đoàn phường", "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường", M_PHUONG),
    CM("đoàn thị trấn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh thị trấn", M_TT),
    CM("đoàn trường", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", 0),

    /* Heads of department names: a field must follow. */
    HD("ban", "Ban"), HD("sở", "Sở"), HD("phòng", "Phòng"), HD("bộ", "Bộ"),
    HD("vụ", "Vụ"), HD("cục", "Cục"), HD("chi cục", "Chi cục"),
    HD("tổng cục", "Tổng cục"), HD("viện", "Viện"), HD("học viện", "Học viện"),
    HD("trường", "Trường"), HD("trung tâm", "Trung tâm"), HD("hội", "Hội"),
    HD("ủy ban", "Ủy ban"), HD("báo", "Báo"), HD("đài", "Đài"),
    /* A port authority, named by its field and the province of its
     * waters ("Cảng vụ Hàng hải Quảng Ninh"). */
    HD("cảng vụ", "Cảng vụ"),
    /* Diplomatic missions: the country, then "tại" and the city
     * (organizations.c, tp__mission_name). */
    HD("đại sứ quán", "Đại sứ quán"), HD("tổng lãnh sự quán", "Tổng Lãnh sự quán"),
    HD("lãnh sự quán", "Lãnh sự quán"),
    HD("hiệp hội", "Hiệp hội"), HD("liên hiệp", "Liên hiệp"),
    HD("liên đoàn", "Liên đoàn"), HD("đồn", "Đồn"), HD("công ty", "Công ty"),
    HD("tổng công ty", "Tổng công ty"), HD("tập đoàn", "Tập đoàn"),
    HD("ngân hàng", "Ngân hàng"), HD("quỹ", "Quỹ"), HD("bệnh viện", "Bệnh viện"),
    HD("hợp tác xã", "Hợp tác xã"), HD("htx", "Hợp tác xã"),
    HD("bảo tàng", "Bảo tàng"), HD("thư viện", "Thư viện"),
    HD("nhà máy", "Nhà máy"), HD("hạt", "Hạt"), HD("trạm", "Trạm"),
    HD("tòa án", "Tòa án"),
    /* A heritage site run as a unit, with a director ("Giám đốc Khu Di
     * tích lịch sử Kim Liên"). */
    HD("khu di tích", "Khu Di tích"),
    /* Teams of the police and the market watch ("Đội Cảnh sát giao
     * thông Công an huyện", "Đội Quản lý thị trường số 5"). */
    HD("đội", "Đội"),
    HD("đại học", "Đại học"), HD("liên minh", "Liên minh"),
    HD("đảng", "Đảng"), /* of another country ("Đảng Dân chủ Tự do Nhật Bản") */
    HD("bql", "Ban Quản lý"), HD("bcđ", "Ban Chỉ đạo"),
    HD("hội đồng", "Hội đồng"),
    /* Military regions and units named by a number ("Quân khu 1"). */
    {"quân khu", TP_LEX_ORG_HEAD, 0, TP_LEXF_NUM, "Quân khu"},
    {"quân đoàn", TP_LEX_ORG_HEAD, 0, TP_LEXF_NUM, "Quân đoàn"},
    {"sư đoàn", TP_LEX_ORG_HEAD, 0, TP_LEXF_NUM, "Sư đoàn"},
    {"lữ đoàn", TP_LEX_ORG_HEAD, 0, TP_LEXF_NUM, "Lữ đoàn"},
    {"trung đoàn", TP_LEX_ORG_HEAD, 0, TP_LEXF_NUM, "Trung đoàn"},
    {"hải đoàn", TP_LEX_ORG_HEAD, 0, TP_LEXF_NUM, "Hải đoàn"},

    /* Fields of departments. */
    FD("dân vận", "Dân vận"), FD("tuyên giáo", "Tuyên giáo"),
    /* The Party's merged department since 2025 ("Ban Tuyên giáo và Dân
     * vận Tỉnh ủy"); "Ban Tuyên giáo và Ban Dân vận" stays two. */
    FD("tuyên giáo và dân vận", "Tuyên giáo và Dân vận"),
    FD("tuyên giáo - dân vận", "Tuyên giáo và Dân vận"),
    FD("tg&dv", "Tuyên giáo và Dân vận"), FD("tg-dv", "Tuyên giáo và Dân vận"),
    FD("tổ chức", "Tổ chức"), FD("nội chính", "Nội chính"),
    FD("kinh tế", "Kinh tế"), FD("dân tộc", "Dân tộc"),
    FD("tôn giáo", "Tôn giáo"), FD("giáo dục và đào tạo", "Giáo dục và Đào tạo"),
    FD("giáo dục", "Giáo dục"), FD("giáo dục - đào tạo", "Giáo dục và Đào tạo"),
    FD("y tế", "Y tế"), FD("tư pháp", "Tư pháp"), FD("nội vụ", "Nội vụ"),
    FD("tài chính", "Tài chính"), FD("tài chính - kế hoạch", "Tài chính - Kế hoạch"),
    FD("công thương", "Công Thương"), FD("xây dựng", "Xây dựng"),
    FD("văn hóa, thể thao và du lịch", "Văn hóa, Thể thao và Du lịch"),
    FD("văn hóa - thể thao và du lịch", "Văn hóa, Thể thao và Du lịch"),
    FD("văn hóa và thông tin", "Văn hóa và Thông tin"),
    FD("văn hóa - thông tin", "Văn hóa - Thông tin"),
    FD("lao động - thương binh và xã hội", "Lao động - Thương binh và Xã hội"),
    FD("lao động, thương binh và xã hội", "Lao động - Thương binh và Xã hội"),
    FD("nông nghiệp và phát triển nông thôn", "Nông nghiệp và Phát triển nông thôn"),
    FD("nông nghiệp và môi trường", "Nông nghiệp và Môi trường"),
    FD("tài nguyên và môi trường", "Tài nguyên và Môi trường"),
    FD("kế hoạch và đầu tư", "Kế hoạch và Đầu tư"),
    FD("giao thông vận tải", "Giao thông vận tải"),
    FD("thông tin và truyền thông", "Thông tin và Truyền thông"),
    FD("khoa học và công nghệ", "Khoa học và Công nghệ"),
    FD("ngoại vụ", "Ngoại vụ"), FD("ngoại giao", "Ngoại giao"),
    FD("quốc phòng", "Quốc phòng"), FD("công an", "Công an"),
    FD("thanh tra", "Thanh tra"), FD("kinh tế - hạ tầng", "Kinh tế - Hạ tầng"),
    FD("kinh tế và hạ tầng", "Kinh tế và Hạ tầng"),
    /* A ward's department since 2025 ("Phòng Kinh tế, Hạ tầng và Đô thị
     * phường"). */
    FD("kinh tế, hạ tầng và đô thị", "Kinh tế, Hạ tầng và Đô thị"),
    FD("kinh tế - hạ tầng và đô thị", "Kinh tế, Hạ tầng và Đô thị"),
    FD("văn hóa - xã hội", "Văn hóa - Xã hội"), FD("pháp chế", "Pháp chế"),
    FD("kinh tế - ngân sách", "Kinh tế - Ngân sách"),
    FD("dân tộc và tôn giáo", "Dân tộc và Tôn giáo"),
    FD("bảo vệ, chăm sóc sức khỏe cán bộ", "Bảo vệ, chăm sóc sức khỏe cán bộ"),
    FD("dân chủ - pháp luật", "Dân chủ - Pháp luật"),
    FD("dân vận các cơ quan nhà nước", "Dân vận các cơ quan Nhà nước"),
    FD("công tác dân vận", "Công tác dân vận"),
    FD("lao động - thương binh - xã hội", "Lao động - Thương binh và Xã hội"),
    FD("văn hóa và thể thao", "Văn hóa và Thể thao"),
    FD("khối các cơ quan", "Khối Các cơ quan"),
    FD("khối cơ quan", "Khối Các cơ quan"),
    FD("khối các cơ quan và doanh nghiệp", "Khối Các cơ quan và Doanh nghiệp"),
    FD("khối doanh nghiệp", "Khối Doanh nghiệp"),
    FD("khối dân chính đảng", "Khối Dân chính Đảng"),
    FD("quân sự", "Quân sự"),
    FD("các cơ quan đảng", "các cơ quan Đảng"),
    FD("đối ngoại", "Đối ngoại"), FD("kinh tế trung ương", "Kinh tế Trung ương"),
    FD("khoa học, công nghệ và môi trường", "Khoa học, Công nghệ và Môi trường"),
    FD("khoa học, công nghệ và đổi mới sáng tạo", "Khoa học, Công nghệ và Đổi mới sáng tạo"),
    /* Abbreviated fields ("Sở NN&PTNT", "Bộ GD&ĐT", "Sở VH,TT&DL"). */
    FD("nn&ptnt", "Nông nghiệp và Phát triển nông thôn"),
    FD("nn-ptnt", "Nông nghiệp và Phát triển nông thôn"),
    FD("nn và ptnt", "Nông nghiệp và Phát triển nông thôn"),
    FD("nnptnt", "Nông nghiệp và Phát triển nông thôn"),
    FD("nn&mt", "Nông nghiệp và Môi trường"),
    FD("gd&đt", "Giáo dục và Đào tạo"), FD("gd-đt", "Giáo dục và Đào tạo"),
    FD("gdđt", "Giáo dục và Đào tạo"), FD("gd và đt", "Giáo dục và Đào tạo"),
    FD("vh,tt&dl", "Văn hóa, Thể thao và Du lịch"),
    FD("vh-tt&dl", "Văn hóa, Thể thao và Du lịch"),
    FD("vhtt&dl", "Văn hóa, Thể thao và Du lịch"),
    FD("vhttdl", "Văn hóa, Thể thao và Du lịch"),
    FD("lđ-tb&xh", "Lao động - Thương binh và Xã hội"),
    FD("lđtb&xh", "Lao động - Thương binh và Xã hội"),
    FD("lđ,tb&xh", "Lao động - Thương binh và Xã hội"),
    FD("lđtbxh", "Lao động - Thương binh và Xã hội"),
    FD("tn&mt", "Tài nguyên và Môi trường"), FD("tn-mt", "Tài nguyên và Môi trường"),
    FD("tnmt", "Tài nguyên và Môi trường"),
    FD("kh&cn", "Khoa học và Công nghệ"), FD("khcn", "Khoa học và Công nghệ"),
    FD("kh&đt", "Kế hoạch và Đầu tư"), FD("khđt", "Kế hoạch và Đầu tư"),
    FD("tt&tt", "Thông tin và Truyền thông"), FD("tttt", "Thông tin và Truyền thông"),
    FD("gtvt", "Giao thông vận tải"), FD("gt-vt", "Giao thông vận tải"),
    FD("tc-kh", "Tài chính - Kế hoạch"), FD("tckh", "Tài chính - Kế hoạch"),
    FD("vh-tt", "Văn hóa - Thông tin"),
    FD("vh-tt&tt", "Văn hóa - Thể thao và Truyền thông"),
    FD("vh,tt&tt", "Văn hóa - Thể thao và Truyền thông"),
    FD("vhtt&tt", "Văn hóa - Thể thao và Truyền thông"),
    FD("vh-tt-tt", "Văn hóa - Thể thao và Truyền thông"), FD("kt-ht", "Kinh tế - Hạ tầng"),
    FD("ktht", "Kinh tế - Hạ tầng"), FD("kt-ns", "Kinh tế - Ngân sách"),
    FD("vh-xh", "Văn hóa - Xã hội"),

    /* Prefixes: a body of another body. */
    PF("ban thường vụ", "Ban Thường vụ", 0), PF("btv", "Ban Thường vụ", 0),
    PF("thường trực", "Thường trực", C), PF("ban chấp hành", "Ban Chấp hành", 0),
    PF("bch", "Ban Chấp hành", 0), PF("đảng đoàn", "Đảng đoàn", C),
    PF("ban cán sự đảng", "Ban cán sự đảng", C),
    PF("đoàn kiểm tra", "Đoàn Kiểm tra", C | A),
    PF("đoàn giám sát", "Đoàn giám sát", C),
    PF("đoàn công tác", "Đoàn công tác", C),
    PF("ủy ban kiểm tra", "Ủy ban Kiểm tra", C),
    PF("văn phòng", "Văn phòng", C),
    PF("ubkt", "Ủy ban Kiểm tra", 0),
    PF("chi nhánh", "Chi nhánh", C),

    /* Level words of places. A huyện becomes a thị xã and back in the
     * official lists ("huyện Mộc Châu" until 2025, a thị xã in the
     * 2025-03 list): either word finds a unit of the other level. */
    LW("tỉnh", M_PROV), LW("thành phố", M_CITY), LW("tp", M_CITY),
    LW("tp.", M_CITY), LW("huyện", M_DIST | M_TX), LW("quận", M_QUAN),
    LW("thị xã", M_TX | M_DIST), LW("xã", M_XA), LW("phường", M_PHUONG),
    LW("thị trấn", M_TT), LW("đặc khu", TP_LVM(TP_GAZ_DAC_KHU)),
    LW("thôn", M_THON), LW("bản", M_THON), LW("xóm", M_THON),
    LW("ấp", M_THON), LW("tổ dân phố", M_THON), LW("khu phố", M_THON),
    LW("làng", M_THON),

    /* Words before the name of a place that is no administrative unit
     * (places.c reads them in lower case only: "Hồ" is a family name,
     * "Sông Mã" a district). */
    PW("sông", TP_PW_FEATURE), PW("hồ", TP_PW_FEATURE), PW("hồ chứa", TP_PW_FEATURE),
    PW("trạm", TP_PW_FEATURE), PW("trạm thủy văn", TP_PW_FEATURE),
    PW("cửa biển", TP_PW_FEATURE), PW("cửa sông", TP_PW_FEATURE),
    PW("khu vực", TP_PW_REGION), PW("vùng", TP_PW_REGION),
    PW("khu dân cư", TP_PW_QUARTER),
    PW("vùng ven", TP_PW_AROUND),
    PW("đường dây", TP_PW_ROUTE), PW("tuyến", TP_PW_ROUTE), PW("cao tốc", TP_PW_ROUTE),
    PW("quốc lộ", TP_PW_ROUTE), PW("đường sắt", TP_PW_ROUTE),
    PW("cửa khẩu", TP_PW_GATE), PW("cửa khẩu quốc tế", TP_PW_GATE),
    PW("cửa khẩu chính", TP_PW_GATE), PW("cửa khẩu phụ", TP_PW_GATE),
    /* Economic zones, named the same way ("Khu kinh tế Dung Quất",
     * "khu kinh tế cửa khẩu Mộc Bài"). */
    PW("khu kinh tế", TP_PW_GATE), PW("khu kinh tế cửa khẩu", TP_PW_GATE),
};

const size_t tp_lex_n_entries = sizeof tp_lex_entries / sizeof tp_lex_entries[0];

/* Common family names, folded, sorted bytewise, with those of the
 * ethnic minorities of the northern and central highlands (Lò, Lô, Cầm,
 * Giàng, Sùng, Thào, Ksor, Niê). Syllables that are far more often
 * something else (Văn, Phó, Ông, Công, Thành, Và) are left out. */
static const char *const tp__surnames[] = {
    "biện", "bành", "bùi", "bạch", "bế", "cao", "chu", "châu", "chương",
    "chế", "chử", "cung", "cù", "cấn", "cầm", "diệp", "doãn", "dư", "dương",
    "giàng", "giáp", "hoàng", "huỳnh", "hà", "hàn", "hầu", "hồ", "hờ",
    "hứa", "kha", "khuất", "khúc", "khương", "khổng", "kim", "kiều", "ksor",
    "lâm", "lã", "lê", "lò", "lô", "lý", "lưu", "lương", "lường", "lạc",
    "lại", "lầu", "lều", "lỗ", "lục", "lừ", "lữ", "mai", "mã", "mông",
    "mùa", "mạc", "mạch", "mạnh", "mẫn", "nghiêm", "nguyễn", "ngô", "ngọ",
    "ngụy", "nhâm", "nhữ", "ninh", "niê", "nông", "phan", "phí", "phùng",
    "phạm", "quàng", "quách", "quản", "rơ", "sái", "sùng", "sầm", "sử",
    "thiều", "thiệu", "thào", "thái", "thân", "thạch", "thều", "tiêu",
    "tiết", "triệu", "trình", "trưng", "trương", "trầm", "trần", "trịnh",
    "tào", "tòng", "tô", "tôn", "tăng", "tạ", "tất", "tống", "từ", "vi",
    "vy", "vàng", "võ", "vĩnh", "vũ", "vương", "âu", "đinh", "điêu", "đoàn",
    "đàm", "đào", "đèo", "đường", "đậu", "đặng", "đỗ", "đới", "ứng",
};

/* Words that open sentences and clauses, folded, sorted bytewise. */
static const char *const tp__function_words[] = {
    "buổi", "bên", "chiều", "cho", "chỉ", "cuối", "các", "còn", "có",
    "cùng", "cả", "dự", "hôm", "khi", "luôn", "là", "mỗi", "ngay", "ngày",
    "nhiều", "nhân", "nhằm", "những", "năm", "qua", "sau", "sáng", "thay",
    "theo", "thăm", "toàn", "trong", "trên", "trưa", "trước", "tuy", "tại",
    "tối", "tới", "từ", "và", "vào", "về", "với", "đây", "đêm", "đó", "đến",
    "để", "đồng", "ở",
};

/* Binary search in a sorted table of folded syllables. */
static int tp__in_sorted(const char *const *tab, size_t n, const char *s,
                         size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *t = tab[mid];
        size_t tl = strlen(t);
        int c = memcmp(t, s, tl < len ? tl : len);
        if (c == 0)
            c = (tl > len) - (tl < len);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* A hash set over one of the tables above, built once per process:
 * persons and places ask at every capitalised syllable, and the binary
 * search (strlen and memcmp per probe) cost ~400 instructions a question.
 * A table of more than TP__SET_MAX entries is searched as before. */
#define TP__SET_SLOTS 512
#define TP__SET_MAX (TP__SET_SLOTS / 2)
typedef struct tp__lex_set {
    uint16_t slot[TP__SET_SLOTS]; /* table index + 1, 0: empty */
    uint8_t len[TP__SET_SLOTS];   /* byte length of that entry */
} tp__lex_set_t;
static tp__lex_set_t tp__surname_set, tp__function_set;
static pthread_once_t tp__set_once = PTHREAD_ONCE_INIT;

/* The length and the first two and last two bytes of s[0..n), mixed.
 * The probe compares each candidate in full anyway, so the few more
 * candidates this lets through cost less than hashing every byte (FNV-1a
 * was): the surname set is asked at every capitalised token. */
static uint32_t tp__set_hash(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t k = (uint64_t)n << 32;
    if (n >= 2)
        k |= (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[n - 2] << 16 |
             (uint32_t)u[n - 1] << 24;
    else if (n == 1)
        k |= u[0];
    /* The high half of the product depends on every bit of k. */
    return (uint32_t)((k * 0x9E3779B97F4A7C15ull) >> 32);
}

/* Fills st with the n entries of tab. */
static void tp__set_fill(tp__lex_set_t *st, const char *const *tab, size_t n)
{
    for (size_t k = 0; k < n && n <= TP__SET_MAX; k++) {
        size_t len = strlen(tab[k]);
        size_t i = tp__set_hash(tab[k], len) & (TP__SET_SLOTS - 1);
        while (st->slot[i])
            i = (i + 1) & (TP__SET_SLOTS - 1);
        st->slot[i] = (uint16_t)(k + 1);
        st->len[i] = (uint8_t)(len < 255 ? len : 255);
    }
}

/* Builds both sets (once). */
static void tp__sets_init(void)
{
    tp__set_fill(&tp__surname_set, tp__surnames,
                 sizeof tp__surnames / sizeof *tp__surnames);
    tp__set_fill(&tp__function_set, tp__function_words,
                 sizeof tp__function_words / sizeof *tp__function_words);
}

/* Is s[0..len) one of the n entries of tab (set st built over it)? */
static int tp__set_has(const tp__lex_set_t *st, const char *const *tab,
                       size_t n, const char *s, size_t len)
{
    if (n > TP__SET_MAX || len >= 255)
        return tp__in_sorted(tab, n, s, len);
    pthread_once(&tp__set_once, tp__sets_init);
    for (size_t i = tp__set_hash(s, len) & (TP__SET_SLOTS - 1); st->slot[i];
         i = (i + 1) & (TP__SET_SLOTS - 1))
        if (st->len[i] == len && memcmp(tab[st->slot[i] - 1], s, len) == 0)
            return 1;
    return 0;
}

int tp_lex_is_surname(const char *folded, size_t n)
{
    return tp__set_has(&tp__surname_set, tp__surnames,
                       sizeof tp__surnames / sizeof *tp__surnames, folded, n);
}

int tp_lex_is_function_word(const char *folded, size_t n)
{
    return tp__set_has(&tp__function_set, tp__function_words,
                       sizeof tp__function_words / sizeof *tp__function_words,
                       folded, n);
}
