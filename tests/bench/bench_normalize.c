/*
 * bench_normalize.c — throughput of tp_normalize() on one core, for plain
 * text and for HTML, over at least 20 MB of input each.
 *
 * Inputs: the crawler seeds in TP_SEEDS_DIR (or ../shared/seeds) and the
 * plain-text golden fixtures; HTML pages are the golden HTML fixtures and
 * the same seed articles laid out as a provincial site page (header, menu,
 * article, related list, comment form, footer). Each article is one
 * tp_normalize() call with an arena reset after it, as in the service.
 *
 *   bench_normalize [MB_PER_KIND [WHAT]]   (default 24, all)
 *
 * Two HTML corpora: "content-only pages" (html) are the site pages above,
 * which carry almost no script or style; "pages as served" (served) wrap
 * the same articles in what Vietnamese news and portal pages carry around
 * them: head metadata, inline theme CSS, JSON-LD, analytics (gtag, GTM,
 * Matomo), an ad loader, jQuery menu/slider/font-size/print setup, the
 * Facebook and Zalo SDKs, a GTM <noscript> iframe and comments (the share
 * of script and style text is printed); the golden HTML fixtures join
 * them as they are.
 *
 * WHAT is "text", "html" or "served" to run one kind only (for
 * profilers), "gumbo" to time gumbo_parse() alone on the content-only
 * pages (the ceiling of the HTML path on this machine), or "dump DIR" to
 * write every page of both HTML corpora to DIR (for output comparisons).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gumbo.h>

#include "tp/normalizer.h"

typedef struct doc {
    char *data;
    size_t len;
} doc_t;

typedef struct docs {
    doc_t *v;
    size_t n, cap;
} docs_t;

/* Appends a document (takes ownership of data). */
static void docs_add(docs_t *d, char *data, size_t len)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = realloc(d->v, d->cap * sizeof *d->v);
    }
    d->v[d->n].data = data;
    d->v[d->n].len = len;
    d->n++;
}

/* Reads a file into memory. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t r = fread(b, 1, (size_t)n, f);
    fclose(f);
    b[r] = '\0';
    *len = r;
    return b;
}

/* Loads files of dir whose names end with one of the suffixes. */
static void load_dir(docs_t *d, const char *dir, const char *suffix)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        size_t nl = strlen(de->d_name), sl = strlen(suffix);
        if (nl < sl || strcmp(de->d_name + nl - sl, suffix) != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *b = read_file(path, &len);
        if (b)
            docs_add(d, b, len);
    }
    closedir(dh);
}

/* 1 when s is UTF-8 (no bytes above 0x7F outside valid sequences);
 * a coarse check that is enough to keep legacy bytes out of pages. */
static int tp__bench_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int k = p[i] < 0x80 ? 0 : p[i] >= 0xF0 ? 3 : p[i] >= 0xE0 ? 2 : p[i] >= 0xC2 ? 1 : -1;
        if (k < 0 || i + (size_t)k >= n + (k == 0))
            return 0;
        for (int j = 1; j <= k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* Lays a plain-text article out as a site page. */
static char *as_html_page(const doc_t *t, size_t *len)
{
    size_t cap = t->len * 2 + 4096, o = 0;
    char *h = malloc(cap);
    o += (size_t)snprintf(h + o, cap - o,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức"
        "</title><script>var x=1;</script><style>p{margin:0}</style></head>"
        "<body><header><div class=\"logo\">Cổng thông tin</div><nav><ul>"
        "<li><a href=\"/\">Trang chủ</a></li><li><a href=\"/a\">Giới thiệu"
        "</a></li><li><a href=\"/b\">Tin tức &amp; sự kiện</a></li></ul>"
        "</nav></header><div class=\"container\"><div class=\"main\">"
        "<div class=\"detail\">");
    const char *s = t->data, *end = t->data + t->len;
    int first = 1;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        if (e > s) {
            const char *tag = first ? "h1" : "p";
            o += (size_t)snprintf(h + o, cap - o, "<%s>%.*s</%s>\n", tag,
                                  (int)(e - s), s, tag);
            first = 0;
        }
        s = e + 1;
    }
    o += (size_t)snprintf(h + o, cap - o,
        "</div><div class=\"tinlienquan\"><h3>Tin liên quan</h3><ul>"
        "<li><a href=\"/1\">Hội nghị giao ban công tác dân vận</a></li>"
        "<li><a href=\"/2\">Kiểm tra việc thực hiện quy chế dân chủ</a></li>"
        "</ul></div><form><input name=\"ten\"><textarea></textarea>"
        "<button>Gửi bình luận</button></form></div><aside><h3>Thống kê"
        "</h3><p>Đang online: 38</p></aside></div><footer>Bản quyền &copy; "
        "2024</footer></body></html>");
    *len = o;
    return h;
}

/* Appends the printf-formatted text to h (grown as needed). */
static void put(char **h, size_t *o, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(*h + *o, *cap - *o, fmt, ap);
        va_end(ap);
        if (k >= 0 && (size_t)k < *cap - *o) {
            *o += (size_t)k;
            return;
        }
        *cap = *cap * 2 + (size_t)(k > 0 ? k : 0);
        *h = realloc(*h, *cap);
    }
}

/* Inline CSS of a portal theme: a reset, the layout grid and the rules
 * of nine widgets, about 3 KB, varied by seed. */
static void served_css(char **h, size_t *o, size_t *cap, unsigned seed)
{
    static const char *const blocks[] = {
        "header", "menu-top", "menu-main", "breadcrumb", "box-tin", "tin-noi-bat",
        "tin-moi", "detail", "detail-title", "detail-sapo", "detail-content",
        "tinlienquan", "tag-list", "binh-luan", "sidebar", "lien-ket-web",
        "thong-ke", "footer", "banner-qc", "video-box", "album-anh", "van-ban",
        "lich-cong-tac", "hoi-dap", "thu-tuc-hanh-chinh", "weather", "search-box",
    };
    put(h, o, cap, "<style type=\"text/css\">html,body{margin:0;padding:0;"
        "font-family:Roboto,Arial,sans-serif;font-size:15px;color:#222}"
        "a{color:#0b4f9c;text-decoration:none}a:hover{color:#c00}"
        "img{max-width:100%%;height:auto;border:0}ul,ol{list-style:none;"
        "margin:0;padding:0}.container{width:1170px;margin:0 auto}"
        ".row{display:flex;flex-wrap:wrap;margin:0 -15px}"
        ".col-md-8{flex:0 0 66.66%%;max-width:66.66%%;padding:0 15px}"
        ".col-md-4{flex:0 0 33.33%%;max-width:33.33%%;padding:0 15px}\n");
    size_t nb = sizeof blocks / sizeof *blocks;
    for (size_t j = 0; j < 9; j++) { /* the theme's rules for nine widgets */
        size_t i = (seed + j * 3) % nb;
        unsigned c = (seed * 2654435761u + (unsigned)i * 40503u) & 0xFFFFFF;
        put(h, o, cap,
            ".%s{position:relative;margin:0 0 %upx;padding:%upx %upx;"
            "background:#%06x;border-bottom:1px solid #e5e5e5}"
            ".%s .title{font-size:%upx;font-weight:700;line-height:1.4;"
            "text-transform:uppercase;color:#%06x}"
            ".%s li{padding:6px 0;border-top:1px dotted #ccc}"
            ".%s li a:before{content:\"\\f105\";font-family:FontAwesome;"
            "margin-right:6px}\n",
            blocks[i], 10 + i % 7, 8 + i % 5, 10 + i % 3, c | 0xE0E0E0u,
            blocks[i], 14 + i % 6, c & 0x3F3F3Fu, blocks[i], blocks[i]);
    }
    put(h, o, cap, "@media (max-width:767px){.container{width:100%%}"
        ".col-md-8,.col-md-4{flex:0 0 100%%;max-width:100%%}"
        ".menu-main{display:none}.menu-mobile{display:block}}</style>\n");
}

/* The script blocks a Vietnamese news or portal page carries: analytics
 * (Google Analytics, Tag Manager), an ad loader, a jQuery menu and slider
 * setup, a font-size widget, the Facebook and Zalo SDKs, about 9 KB. */
static void served_js_head(char **h, size_t *o, size_t *cap, unsigned seed)
{
    put(h, o, cap,
        "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-%08X\">"
        "</script>\n<script>window.dataLayer=window.dataLayer||[];"
        "function gtag(){dataLayer.push(arguments);}gtag('js',new Date());"
        "gtag('config','G-%08X',{'page_path':location.pathname,"
        "'custom_map':{'dimension1':'category'}});</script>\n"
        "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':"
        "new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],"
        "j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src="
        "'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode."
        "insertBefore(j,f);})(window,document,'script','dataLayer','GTM-%06X');"
        "</script>\n"
        "<script type=\"text/javascript\">\n"
        "var _ADM_Channel = '%%2Ftin-tuc%%2Fthoi-su%%2Fdetail%%2F';\n"
        "var admicroAD = admicroAD || {}; admicroAD.unit = admicroAD.unit || [];\n"
        "(function(){var a=document.createElement('script');a.async=!0;"
        "a.src='//media1.admicro.vn/core/admcore.js';var b=document."
        "getElementsByTagName('script')[0];b.parentNode.insertBefore(a,b)})();\n"
        "var pageSettings = {\"siteId\": %u, \"zoneId\": %u, \"articleId\": %u, "
        "\"ads\": {\"top\": \"adm-slot-%u\", \"right1\": \"adm-slot-%u\", "
        "\"inread\": \"adm-slot-%u\"}, \"comment\": {\"enable\": true, "
        "\"maxLength\": 1000, \"api\": \"/api/comment/post\"}};\n"
        "</script>\n",
        seed * 7919u, seed * 7919u, seed & 0xFFFFFF, seed % 97, seed % 31,
        seed, seed % 1000, seed % 1000 + 1, seed % 1000 + 2);
}

/* Scripts at the end of the body: jQuery plugins' setup, print/font-size
 * tools, view counting, the social SDKs. */
static void served_js_tail(char **h, size_t *o, size_t *cap, unsigned seed)
{
    put(h, o, cap,
        "<script src=\"/Portals/_default/Skins/Portal/js/jquery-1.12.4.min.js\">"
        "</script>\n<script src=\"/Portals/_default/Skins/Portal/js/"
        "owl.carousel.min.js\"></script>\n"
        "<script type=\"text/javascript\">\n"
        "jQuery(document).ready(function ($) {\n"
        "    $('.menu-main > ul > li').hover(function () {\n"
        "        $(this).find('> ul').stop(true, true).slideDown(200);\n"
        "    }, function () {\n"
        "        $(this).find('> ul').stop(true, true).slideUp(100);\n"
        "    });\n"
        "    $('.menu-mobile .btn-toggle').on('click', function (e) {\n"
        "        e.preventDefault(); $('body').toggleClass('menu-open');\n"
        "    });\n"
        "    $('.tin-noi-bat .owl-carousel').owlCarousel({items: 1, loop: true, "
        "autoplay: true, autoplayTimeout: %u, nav: true, dots: false,\n"
        "        navText: ['<i class=\"fa fa-angle-left\"></i>', "
        "'<i class=\"fa fa-angle-right\"></i>']});\n"
        "    $('.album-anh .owl-carousel').owlCarousel({items: 4, margin: 10, "
        "responsive: {0: {items: 2}, 768: {items: 3}, 1024: {items: 4}}});\n"
        "    var size = parseInt($.cookie ? $.cookie('fs') || 15 : 15, 10);\n"
        "    $('.font-tools .a-plus').click(function () { if (size < 22) "
        "{ size++; $('.detail-content').css('font-size', size + 'px'); } "
        "return false; });\n"
        "    $('.font-tools .a-minus').click(function () { if (size > 12) "
        "{ size--; $('.detail-content').css('font-size', size + 'px'); } "
        "return false; });\n"
        "    $('.print-btn').click(function () { var w = window.open('', "
        "'_blank'); w.document.write('<html><head><title>In bài viết</title>"
        "</head><body>' + $('.detail').html() + '</body></html>'); "
        "w.document.close(); w.print(); return false; });\n"
        "    $.ajax({url: '/api/article/view', type: 'POST', data: {id: %u}, "
        "dataType: 'json', success: function (r) { $('.view-count')"
        ".text(r.count); }});\n"
        "    $(window).scroll(function () { if ($(this).scrollTop() > 300) "
        "$('#back-top').fadeIn(); else $('#back-top').fadeOut(); });\n"
        "    $('#back-top').click(function () { $('html, body').animate("
        "{scrollTop: 0}, 500); return false; });\n"
        "    $('.lien-ket-web select').change(function () { var u = "
        "$(this).val(); if (u) window.open(u, '_blank'); });\n"
        "    if (window.innerWidth < 768) { $('.sidebar').insertAfter("
        "'.detail'); }\n"
        "});\n</script>\n"
        "<div id=\"fb-root\"></div>\n<script async defer crossorigin="
        "\"anonymous\" src=\"https://connect.facebook.net/vi_VN/sdk.js#xfbml=1"
        "&version=v17.0&appId=%u\" nonce=\"%08x\"></script>\n"
        "<script src=\"https://sp.zalo.me/plugins/sdk.js\"></script>\n"
        "<!-- Global site tag (gtag.js) - Google Analytics; thống kê truy cập "
        "cổng thông tin, do not remove -->\n"
        "<script>var _paq=window._paq=window._paq||[];_paq.push(['trackPageView']);"
        "_paq.push(['enableLinkTracking']);(function(){var u='//analytics.gov.vn/';"
        "_paq.push(['setTrackerUrl',u+'matomo.php']);_paq.push(['setSiteId','%u']);"
        "var d=document,g=d.createElement('script'),s=d.getElementsByTagName("
        "'script')[0];g.async=true;g.src=u+'matomo.js';s.parentNode.insertBefore"
        "(g,s);})();</script>\n",
        4000 + seed % 3 * 1000, seed, 100000000u + seed, seed * 2246822519u,
        seed % 500);
}

/* The markup around the article on a portal page: the category menu,
 * the latest-news sidebar, the website-links dropdown and the visit
 * counter, about 4 KB. */
static void served_chrome(char **h, size_t *o, size_t *cap, unsigned seed)
{
    static const char *const cats[] = {
        "Thời sự", "Chính trị", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
        "Nông nghiệp - Nông thôn", "Giáo dục", "Y tế", "Thể thao", "Du lịch",
        "Khoa học - Công nghệ", "Pháp luật", "Thông báo", "Văn bản chỉ đạo",
    };
    static const char *const heads[] = {
        "Hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2024",
        "Kiểm tra tiến độ xây dựng nông thôn mới tại các xã vùng cao",
        "Tăng cường công tác phòng, chống dịch bệnh trên đàn gia súc",
        "Khai mạc Hội báo Xuân và Lễ hội văn hóa các dân tộc",
        "Tập huấn nghiệp vụ chuyển đổi số cho cán bộ cấp xã",
        "Đẩy nhanh giải ngân vốn đầu tư công những tháng cuối năm",
        "Trao quà cho hộ nghèo, gia đình chính sách nhân dịp Tết",
        "Triển khai kế hoạch cải cách hành chính giai đoạn mới",
    };
    put(h, o, cap, "<div class=\"menu-main\"><ul>");
    for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
        put(h, o, cap, "<li><a href=\"/chuyen-muc/%zu\" title=\"%s\">%s</a>"
            "<ul><li><a href=\"/chuyen-muc/%zu/1\">Tin trong tỉnh</a></li>"
            "<li><a href=\"/chuyen-muc/%zu/2\">Tin trong nước</a></li></ul></li>",
            i, cats[i], cats[i], i, i);
    put(h, o, cap, "</ul></div>\n<div class=\"sidebar\"><div class=\"tin-moi\">"
        "<h3 class=\"title\">Tin mới</h3><ul>");
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        put(h, o, cap, "<li><a href=\"/tin-tuc/%u.html\"><img src=\"/uploads/"
            "thumb/%u.jpg\" alt=\"\">%s</a><span class=\"date\">%02u/%02u/2024"
            "</span></li>", seed * 13 + (unsigned)i, seed * 13 + (unsigned)i,
            heads[(seed + i) % (sizeof heads / sizeof *heads)],
            1 + (unsigned)(seed + i) % 28, 1 + (unsigned)i % 12);
    put(h, o, cap, "</ul></div><div class=\"lien-ket-web\"><select>"
        "<option value=\"\">-- Liên kết website --</option>"
        "<option value=\"https://chinhphu.vn\">Cổng TTĐT Chính phủ</option>"
        "<option value=\"https://mic.gov.vn\">Bộ Thông tin và Truyền thông</option>"
        "<option value=\"https://dichvucong.gov.vn\">Cổng Dịch vụ công quốc gia"
        "</option><option value=\"https://baochinhphu.vn\">Báo điện tử Chính phủ"
        "</option></select></div><div class=\"thong-ke\">Đang truy cập: %u<br>"
        "Tổng lượt truy cập: %u</div></div>\n", 20 + seed % 80, 1000000 + seed * 37);
}

/* Lays a plain-text article out as a page as served: the site page of
 * as_html_page() plus the head metadata, inline CSS, JSON-LD and the
 * analytics, ad, menu and social scripts of a Vietnamese news or portal
 * site. seed varies the numbers so that pages differ. */
static char *as_served_page(const doc_t *t, unsigned seed, size_t *len)
{
    size_t cap = t->len * 2 + 32768, o = 0;
    char *h = malloc(cap);
    const char *nl = memchr(t->data, '\n', t->len);
    int tl = (int)(nl ? (size_t)(nl - t->data) : t->len);
    if (tl > 200)
        tl = 200;
    while (tl > 0 && ((unsigned char)t->data[tl] & 0xC0) == 0x80)
        tl--; /* cut on a character boundary */
    put(&h, &o, &cap,
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>Tin tức</title>\n"
        "<meta property=\"og:type\" content=\"article\">\n"
        "<meta property=\"og:site_name\" content=\"Cổng thông tin điện tử\">\n"
        "<link rel=\"stylesheet\" href=\"/Portals/_default/Skins/Portal/css/"
        "bootstrap.min.css\">\n<link rel=\"stylesheet\" href=\"/Portals/_default/"
        "Skins/Portal/css/font-awesome.min.css\">\n"
        "<!--[if lt IE 9]><script src=\"/js/html5shiv.min.js\"></script>"
        "<![endif]-->\n");
    served_css(&h, &o, &cap, seed);
    put(&h, &o, &cap,
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@type\":\"NewsArticle\",\"mainEntityOfPage\":{\"@type\":\"WebPage\","
        "\"@id\":\"https://example.gov.vn/tin-tuc/%u.html\"},\"headline\":\"%.*s\","
        "\"image\":[\"https://example.gov.vn/uploads/%u.jpg\"],"
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Cổng thông tin "
        "điện tử\",\"logo\":{\"@type\":\"ImageObject\",\"url\":"
        "\"https://example.gov.vn/logo.png\"}}}</script>\n",
        seed, tl, t->data, seed);
    served_js_head(&h, &o, &cap, seed);
    put(&h, &o, &cap, "</head><body>\n<noscript><iframe src=\"https://www."
        "googletagmanager.com/ns.html?id=GTM-%06X\" height=\"0\" width=\"0\" "
        "style=\"display:none;visibility:hidden\"></iframe></noscript>\n",
        seed & 0xFFFFFF);
    size_t bl;
    char *body = as_html_page(t, &bl);
    /* the body of the plain site page, between its <body> and </body> */
    char *b0 = strstr(body, "<body>") + 6;
    char *b1 = strstr(body, "</body>");
    put(&h, &o, &cap, "%.*s\n", (int)(b1 - b0), b0);
    free(body);
    served_chrome(&h, &o, &cap, seed);
    put(&h, &o, &cap, "<!-- end .container -->\n<a id=\"back-top\" "
        "href=\"#\"><i class=\"fa fa-arrow-up\"></i></a>\n");
    served_js_tail(&h, &o, &cap, seed);
    put(&h, &o, &cap, "</body></html>\n");
    *len = o;
    return h;
}

/* Bytes of h inside <script> and <style> elements (their text, not the
 * tags): the share the served pages spend on code. */
static size_t code_bytes(const char *h, size_t n)
{
    size_t c = 0;
    const char *p = h, *end = h + n;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        const char *close = NULL;
        if (!strncmp(p, "<script", 7))
            close = "</script>";
        else if (!strncmp(p, "<style", 6))
            close = "</style>";
        const char *gt = close ? memchr(p, '>', (size_t)(end - p)) : NULL;
        const char *e = gt ? strstr(gt, close) : NULL;
        if (!e) {
            p++;
            continue;
        }
        c += (size_t)(e - gt - 1);
        p = e;
    }
    return c;
}

/* Normalizes docs round-robin until mb megabytes went through; returns
 * MB per CPU second (one core; the machine may be shared) and the wall
 * clock rate in *wall_mbs. */
static double run(tp_normalizer_t *nz, tp_arena_t *arena, const docs_t *d,
                  const char *ctype, size_t mb, size_t *bytes, size_t *arts,
                  size_t *errors, double *wall_mbs)
{
    struct timespec t0, t1, c0, c1;
    size_t target = mb * 1000 * 1000;
    *bytes = *arts = *errors = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (size_t i = 0; *bytes < target; i++) {
        const doc_t *doc = &d->v[i % d->n];
        tp_raw_article_t raw = {.data = doc->data, .len = doc->len,
                                .content_type = ctype, .partition = -1};
        tp_article_t art;
        tp_error_t err;
        if (tp_normalize(nz, arena, &raw, &art, &err) != TP_OK)
            (*errors)++;
        tp_arena_reset(arena);
        *bytes += doc->len;
        (*arts)++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    double c = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
    *wall_mbs = (double)*bytes / 1e6 / s;
    return (double)*bytes / 1e6 / c;
}

/* gumbo allocator on an arena (as html.c sets it up). */
static void *bench_gumbo_alloc(void *ud, size_t size)
{
    return tp_arena_alloc((tp_arena_t *)ud, size);
}

/* gumbo deallocator on an arena: nothing until the reset. */
static void bench_gumbo_free(void *ud, void *ptr)
{
    (void)ud;
    (void)ptr;
}

/* Parses docs with gumbo alone round-robin until mb megabytes went
 * through; returns MB per CPU second. arena NULL: gumbo's default options
 * (malloc, every error recorded, tree freed); otherwise the options of
 * html.c (allocation from the arena, no error records, arena reset). */
static double run_gumbo(const docs_t *d, size_t mb, tp_arena_t *arena,
                        size_t *bytes, double *wall_mbs)
{
    GumboOptions opts = kGumboDefaultOptions;
    if (arena) {
        opts.allocator = bench_gumbo_alloc;
        opts.deallocator = bench_gumbo_free;
        opts.userdata = arena;
        opts.max_errors = 0;
    }
    struct timespec t0, t1, c0, c1;
    size_t target = mb * 1000 * 1000;
    *bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (size_t i = 0; *bytes < target; i++) {
        const doc_t *doc = &d->v[i % d->n];
        GumboOutput *g = gumbo_parse_with_options(&opts, doc->data,
                                                  doc->len);
        if (arena)
            tp_arena_reset(arena);
        else
            gumbo_destroy_output(&opts, g);
        *bytes += doc->len;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    double c = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
    *wall_mbs = (double)*bytes / 1e6 / s;
    return (double)*bytes / 1e6 / c;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atol(argv[1]) : 24;
    const char *what = argc > 2 ? argv[2] : "all";
    int do_text = !strcmp(what, "all") || !strcmp(what, "text");
    int do_html = !strcmp(what, "all") || !strcmp(what, "html");
    int do_served = !strcmp(what, "all") || !strcmp(what, "served");
    const char *dump = !strcmp(what, "dump") && argc > 3 ? argv[3] : NULL;
    if (mb < 1)
        mb = 24;
    const char *seeds = getenv("TP_SEEDS_DIR");
    const char *src = getenv("TP_SOURCE_DIR");
    char golden[4096];
    snprintf(golden, sizeof golden, "%s/tests/golden/normalize",
             src ? src : ".");
    docs_t text = {0}, html = {0}, served = {0};
    load_dir(&text, seeds ? seeds : "../shared/seeds", ".txt");
    load_dir(&text, golden, ".txt");
    load_dir(&html, golden, ".html");
    size_t nt = text.n;
    for (size_t i = 0; i < nt; i++) {
        size_t len;
        if (!tp__bench_utf8(text.v[i].data, text.v[i].len))
            continue; /* legacy-encoded fixtures stay plain text */
        char *h = as_html_page(&text.v[i], &len);
        docs_add(&html, h, len);
        h = as_served_page(&text.v[i], (unsigned)i + 1, &len);
        docs_add(&served, h, len);
    }
    /* the golden HTML fixtures are pages as they came; served as they are */
    load_dir(&served, golden, ".html");
    if (!text.n || !html.n) {
        fprintf(stderr, "bench_normalize: no input (set TP_SEEDS_DIR or "
                        "TP_SOURCE_DIR)\n");
        return 1;
    }
    if (dump) {
        /* every HTML page of both corpora to DIR, to compare outputs */
        for (int k = 0; k < 2; k++) {
            const docs_t *d = k ? &served : &html;
            for (size_t i = 0; i < d->n; i++) {
                char path[8192];
                snprintf(path, sizeof path, "%s/%s-%04zu.html", dump,
                         k ? "served" : "content", i);
                FILE *f = fopen(path, "wb");
                if (!f || fwrite(d->v[i].data, 1, d->v[i].len, f) != d->v[i].len) {
                    fprintf(stderr, "bench_normalize: could not write %s\n", path);
                    return 1;
                }
                fclose(f);
            }
        }
        return 0;
    }
    tp_normalizer_t *nz = tp_normalizer_new(NULL, NULL, 0);
    tp_arena_t *arena = tp_arena_new(1 << 20);
    size_t bytes, arts, errs;
    double wt, wh;
    if (do_text) {
        double t = run(nz, arena, &text, NULL, mb, &bytes, &arts, &errs, &wt);
        printf("plain text: %zu distinct docs, %.1f MB, %zu articles, %zu "
               "errors: %.1f MB/s per CPU second (%.1f MB/s wall)\n", text.n,
               bytes / 1e6, arts, errs, t, wt);
    }
    if (do_html) {
        double h = run(nz, arena, &html, "text/html", mb, &bytes, &arts,
                       &errs, &wh);
        printf("html:       %zu distinct docs, %.1f MB, %zu articles, %zu "
               "errors: %.1f MB/s per CPU second (%.1f MB/s wall)\n", html.n,
               bytes / 1e6, arts, errs, h, wh);
    }
    if (do_served) {
        size_t all = 0, code = 0;
        for (size_t i = 0; i < served.n; i++) {
            all += served.v[i].len;
            code += code_bytes(served.v[i].data, served.v[i].len);
        }
        double h = run(nz, arena, &served, "text/html", mb, &bytes, &arts,
                       &errs, &wh);
        printf("served:     %zu distinct docs (%.0f%% script/style text), "
               "%.1f MB, %zu articles, %zu errors: %.1f MB/s per CPU second "
               "(%.1f MB/s wall)\n", served.n, 100.0 * (double)code / (double)all,
               bytes / 1e6, arts, errs, h, wh);
    }
    if (!strcmp(what, "gumbo")) {
        for (int k = 0; k < 2; k++) {
            double g = run_gumbo(&html, mb, k ? arena : NULL, &bytes, &wh);
            printf("gumbo only (%s): %zu distinct docs, %.1f MB: %.1f MB/s "
                   "per CPU second (%.1f MB/s wall)\n",
                   k ? "arena, as html.c" : "default options", html.n,
                   bytes / 1e6, g, wh);
        }
    }
    tp_arena_destroy(arena);
    tp_normalizer_destroy(nz);
    for (size_t i = 0; i < text.n; i++)
        free(text.v[i].data);
    for (size_t i = 0; i < html.n; i++)
        free(html.v[i].data);
    for (size_t i = 0; i < served.n; i++)
        free(served.v[i].data);
    free(served.v);
    free(text.v);
    free(html.v);
    return 0;
}
