/* demo.c — the demo shop: a small Korean online seller with about 150 products, a few gift
 * sets, several suppliers (one, "NPK", importing by sea with a 120-day lead time) and two
 * years of daily stock movements that look like real small-seller sales:
 *   - demand per product from a long-tailed base rate (a few best sellers, many slow
 *     movers with mostly zero days), a yearly growth or decline, and over-dispersed noise;
 *   - weekday shipping pattern (Monday catch-up, little on Saturday, almost none on Sunday);
 *   - category seasons (drinks in summer, snacks and gifts in winter);
 *   - promotions: 11/11 (십일절), Black Friday, and each product's own sale windows;
 *   - 설날/추석: demand spikes before, couriers pause during, catch-up after;
 *   - launches part-way through, a few discontinued items, stocktake adjustments;
 *   - inbound receipts from a reorder rule (order when stock plus what is on order falls
 *     below lead-time demand, rounded up to the MOQ), with lots and expiry dates on food.
 * Movements go through ledger_record (source "demo"), so balances and lots are exactly
 * what the ledger would produce. Deterministic: one seeded xoshiro256** generator. */
#include "demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cliopt.h"
#include "date.h"
#include "events.h"
#include "demo_planning.h"
#include "forecast_runner.h"
#include "korean.h"
#include "ledger.h"
#include "org.h"
#include "route.h"
#include "planning.h"
#include "users.h"
#include "util.h"

/* ------------------------------------------------------------------ random numbers */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

static double rng_unit(struct rng *r) /* [0, 1) */
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int rng_int(struct rng *r, int lo, int hi) /* inclusive */
{
	return lo + (int)(rng_unit(r) * (double)(hi - lo + 1));
}

static double rng_normal(struct rng *r)
{
	double u1 = rng_unit(r), u2 = rng_unit(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* Gamma(k, 1) for k >= 1 (Marsaglia and Tsang). */
static double rng_gamma(struct rng *r, double k)
{
	double d = k - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x = rng_normal(r), v = 1.0 + c * x;
		if (v <= 0)
			continue;
		v = v * v * v;
		double u = rng_unit(r);
		if (u < 1.0 - 0.0331 * x * x * x * x ||
		    log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v;
	}
}

static int64_t rng_poisson(struct rng *r, double lambda)
{
	if (lambda <= 0)
		return 0;
	if (lambda > 30) {
		double v = floor(lambda + sqrt(lambda) * rng_normal(r) + 0.5);
		return v < 0 ? 0 : (int64_t)v;
	}
	double l = exp(-lambda), p = 1.0;
	int64_t k = 0;
	do {
		k++;
		p *= rng_unit(r);
	} while (p > l);
	return k - 1;
}

/* Over-dispersed daily demand: Poisson with a gamma-distributed rate (negative binomial),
 * as real small-shop sales are lumpier than Poisson. */
static int64_t rng_demand(struct rng *r, double lambda)
{
	if (lambda <= 0)
		return 0;
	return rng_poisson(r, lambda * rng_gamma(r, 2.5) / 2.5);
}

/* ------------------------------------------------------------------ the catalogue */

enum season { SEASON_FLAT, SEASON_SUMMER, SEASON_WINTER, SEASON_GIFT };

struct cat_def {
	const char *name, *prefix;
	int expiry_days;      /* shelf life of a lot; 0 = no expiry */
	int cost_lo, cost_hi; /* KRW */
	enum season season;
	int sup_a, sup_b;         /* suppliers used, alternating */
	const char *const *items; /* "name|variant,variant" ("*" prefix: has an expiry date) */
	const char *makers[2];    /* 제조사 of the items bought from a wholesaler, alternating */
};

static const char *const kitchen[] = {"스텐 냄비|18cm,20cm,24cm",
                                      "스텐 프라이팬|24cm,28cm",
                                      "실리콘 주걱|소,대",
                                      "유리 밀폐용기|350ml,640ml,1.1L",
                                      "원목 도마|중,대",
                                      "스텐 텀블러|500ml,750ml",
                                      "세라믹 머그컵|화이트,그레이,네이비",
                                      "주방 가위|",
                                      "스텐 수저 세트|2인,4인",
                                      "에어프라이어 종이호일|50매,100매",
                                      "진공 밀폐용기|3종 세트",
                                      "채반 바구니|원형,사각",
                                      "무쇠 그릴팬|26cm",
                                      "실리콘 냄비받침|",
                                      "계량컵 세트|",
                                      "주방 타이머|",
                                      NULL};
static const char *const living[] = {"극세사 수건|40x80 화이트,40x80 그레이",
                                     "호텔 수건 180g|화이트,베이지",
                                     "섬유유연제|2.5L,리필 2.1L",
                                     "주방세제|1L,리필 1.2L",
                                     "욕실 슬리퍼|230mm,260mm",
                                     "압축 수납팩|소,대",
                                     "고무장갑|M,L",
                                     "물티슈 캡형|100매 x 10팩",
                                     "빨래 건조대|",
                                     "규조토 발매트|",
                                     "먼지 제거 롤러|본품,리필 3입",
                                     "세탁망|소,대",
                                     "욕실 청소 솔|",
                                     "방향제 디퓨저|라벤더,코튼",
                                     NULL};
static const char *const snacks[] = {"*수제 버터쿠키|10개입,20개입",
                                     "*하루견과|25g x 30봉",
                                     "*쌀과자|300g",
                                     "*유기농 말린 과일|고구마,사과",
                                     "*초코 웨하스|12개입",
                                     "*찹쌀 약과|10개입",
                                     "*누룽지 칩|200g",
                                     "*단백질바|12개입",
                                     "*구운 김 스낵|10봉",
                                     "*그래놀라|500g,1kg",
                                     "*흑임자 강정|300g",
                                     "*현미 뻥튀기|",
                                     NULL};
static const char *const drinks[] = {
        "*보리차|500ml x 20병",      "*탄산수 레몬|500ml x 20병,350ml x 24캔",
        "*콜드브루 원액|1L",         "*유기농 두유|190ml x 24팩",
        "*제주 감귤 주스|1L x 6병",  "*콤부차|복숭아,레몬",
        "*녹차 티백|100개입",        "*옥수수 수염차|500ml x 20병",
        "*아이스티 복숭아|분말 1kg", NULL};
static const char *const health[] = {"*프로바이오틱스|30포,60포",
                                     "*비타민C 1000|120정",
                                     "*루테인|60캡슐",
                                     "*홍삼정 스틱|10ml x 30포",
                                     "*오메가3|90캡슐",
                                     "*콜라겐 젤리|14포",
                                     "*마그네슘|90정",
                                     "*밀크씨슬|60정",
                                     "*종합비타민|90정",
                                     NULL};
static const char *const pets[] = {"*강아지 져키 간식|300g,1kg",
                                   "*고양이 츄르|20개입,50개입",
                                   "고양이 모래|벤토나이트 10L,두부 7L",
                                   "배변패드|50매,100매",
                                   "*강아지 사료|2kg,6kg",
                                   "스크래쳐|",
                                   "반려동물 물티슈|80매",
                                   "*고양이 사료|1.5kg",
                                   "강아지 노즈워크 장난감|",
                                   NULL};

enum { SUP_NPK, SUP_LIVING, SUP_FOOD, SUP_DRINK, SUP_HEALTH, SUP_PET, SUP_WHOLESALE, NSUP };

/* Suppliers with the person in charge, phone and e-mail each in its own field, as the
 * supplier screen shows them. makes: the supplier also makes what it sells (its name is
 * the products' 제조사); the others are wholesalers and importers of other makers' goods. */
static const struct {
	const char *name;
	int lead, makes;
	const char *contact, *phone, *email, *memo;
} suppliers[NSUP] = {
        {"NPK", 120, 1, "Wang Lei", "+86 20 0000 0000", "npk-export@example.com",
         "해외 제조사, 해상 운송 (리드타임 120일)"},
        {"리빙하우스", 15, 0, "김대리", "02-000-1111", "order@livinghouse.example",
         "주방·생활용품 국내 도매"},
        {"대성식품", 10, 1, "박과장", "031-000-2222", "", "과자·간식 제조사"},
        {"푸른음료", 7, 1, "영업팀", "1588-0000", "sales@pureun.example",
         "음료 제조사, 주 2회 출고"},
        {"바른건강", 14, 0, "이주임", "02-000-3333", "oem@bareun.example", "건강기능식품 OEM"},
        {"멍냥상사", 12, 0, "정실장", "070-0000-4444", "", "반려동물 용품 수입"},
        {"한빛유통", 7, 0, "최사장", "010-0000-5555", "", "동대문 도매, 소량 주문 가능"},
};

static const struct cat_def cats[] = {
        {"주방용품",
         "KC",
         0,
         3000,
         35000,
         SEASON_GIFT,
         SUP_NPK,
         SUP_LIVING,
         kitchen,
         {"한결키친", "스텐마을"}},
        {"생활용품",
         "LV",
         0,
         1500,
         15000,
         SEASON_FLAT,
         SUP_LIVING,
         SUP_WHOLESALE,
         living,
         {"포근리빙", "맑은집"}},
        {"과자/간식",
         "SN",
         240,
         2000,
         12000,
         SEASON_WINTER,
         SUP_FOOD,
         SUP_WHOLESALE,
         snacks,
         {"고소당", "달콤공방"}},
        {"음료",
         "DR",
         300,
         4000,
         20000,
         SEASON_SUMMER,
         SUP_DRINK,
         SUP_DRINK,
         drinks,
         {"푸른음료", "푸른음료"}},
        {"건강식품",
         "HF",
         540,
         8000,
         40000,
         SEASON_GIFT,
         SUP_HEALTH,
         SUP_HEALTH,
         health,
         {"새봄바이오", "든든헬스"}},
        {"반려동물",
         "PT",
         365,
         2000,
         30000,
         SEASON_FLAT,
         SUP_PET,
         SUP_WHOLESALE,
         pets,
         {"해피펫", "냥이공방"}},
};
#define NCATS ((int)ARRAY_LEN(cats))

/* 설날 and 추석 (the main day; the holiday spans the day before to the day after). */
static const char *const holidays[] = {
        "2022-02-01", "2022-09-10", "2023-01-22", "2023-09-29", "2024-02-10", "2024-09-17",
        "2025-01-29", "2025-10-06", "2026-02-17", "2026-09-25", "2027-02-07", "2027-09-15",
        "2028-01-27", "2028-10-03", "2029-02-13", "2029-09-22", "2030-02-03", "2030-09-12"};

/* ------------------------------------------------------------------ simulation state */

struct order {
	int arrive;
	int64_t qty;
};

struct promo {
	int start, len;
	double mult;
};

struct sp {
	char sku[24];
	char name[160];
	int cat;
	int supplier;
	int lead;     /* effective lead time in days */
	int own_lead; /* -1: inherits the supplier's */
	int moq;
	const char *maker; /* 제조사; NULL for a set */
	int expiry;        /* shelf life in days, 0 = none */
	double rate;       /* base units per day */
	double growth;     /* per year, log scale */
	int launch, disc;  /* first day sold; day it stops (-1 never) */
	int64_t stock, onorder;
	double est;  /* the seller's running estimate of daily demand */
	double gift; /* holiday boost factor */
	double care; /* how generously the seller reorders it: below 1 it runs out now and then */
	int nprom;
	struct promo prom[8];
	int nord;
	struct order ord[8];
	int is_set;
	int ncomp;
	int comp[4];
	int cqty[4];
};

static int dow_of(int64_t days) /* Monday = 0 */
{
	return (int)(((days + 3) % 7 + 7) % 7);
}

static void date_str(int64_t days, char out[11])
{
	int y, m, d;
	date_civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static int64_t date_days(const char *s)
{
	int y, m, d;
	date_parse(s, &y, &m, &d);
	return date_days_from_civil(y, m, d);
}

/* Black Friday of year y: the Friday after the fourth Thursday of November. */
static int64_t black_friday(int y)
{
	int64_t nov1 = date_days_from_civil(y, 11, 1);
	int first_thu = (int)((3 - dow_of(nov1) + 7) % 7); /* Thursday = 3 */
	return nov1 + first_thu + 21 + 1;
}

/* The multiplier of shipments on a calendar day for a product: weekday, season, national
 * promotions and holidays. */
static double day_factor(const struct sp *p, int64_t days)
{
	static const double week[7] = {1.45, 1.15, 1.05, 1.0, 0.95, 0.35, 0.05};
	int y, m, d;
	date_civil_from_days(days, &y, &m, &d);
	double f = week[dow_of(days)];
	int64_t jan1 = date_days_from_civil(y, 1, 1);
	double doy = (double)(days - jan1);
	switch (p->is_set ? SEASON_GIFT : cats[p->cat].season) {
	case SEASON_SUMMER:
		f *= 1.0 + 0.55 * cos(2.0 * M_PI * (doy - 205.0) / 365.0);
		break;
	case SEASON_WINTER:
		f *= 1.0 + 0.25 * cos(2.0 * M_PI * (doy - 350.0) / 365.0);
		break;
	case SEASON_GIFT:
		f *= (m == 12) ? 1.3 : 1.0;
		break;
	default:
		break;
	}
	/* 11/11 (십일절) and Black Friday (the Friday after the fourth Thursday of November):
	 * shipments land on the following days. */
	if (m == 11 && (d == 11 || d == 12))
		f *= 2.6;
	else if (m == 11 && d == 13)
		f *= 1.6;
	if (m == 11) {
		int64_t bf = black_friday(y);
		if (days >= bf && days <= bf + 3)
			f *= 1.9;
	}
	for (size_t i = 0; i < ARRAY_LEN(holidays); i++) {
		int64_t h = date_days(holidays[i]);
		int64_t off = days - h;
		if (off >= -2 && off <= 1)
			return 0.0; /* couriers stop over the holiday */
		if (off >= -14 && off <= -3)
			f *= 1.0 + p->gift;
		else if (off >= 2 && off <= 4)
			f *= 1.4; /* orders that waited over the holiday */
	}
	return f;
}

static double demand_rate(const struct sp *p, int day, int64_t days)
{
	if (day < p->launch || (p->disc >= 0 && day >= p->disc))
		return 0;
	double r = p->rate * exp(p->growth * (double)day / 365.0) * day_factor(p, days);
	for (int i = 0; i < p->nprom; i++)
		if (day >= p->prom[i].start && day < p->prom[i].start + p->prom[i].len)
			r *= p->prom[i].mult;
	/* A launch ramps up over its first month. */
	if (day - p->launch < 30)
		r *= 0.3 + 0.7 * (double)(day - p->launch) / 30.0;
	return r;
}

/* EAN-13 with the Korean prefix 880. */
static void barcode(struct rng *r, char out[14])
{
	int dg[13] = {8, 8, 0};
	for (int i = 3; i < 12; i++)
		dg[i] = rng_int(r, 0, 9);
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += dg[i] * (i % 2 ? 3 : 1);
	dg[12] = (10 - sum % 10) % 10;
	for (int i = 0; i < 13; i++)
		out[i] = (char)('0' + dg[i]);
	out[13] = 0;
}

/* Splits "name|a,b" into the base name and its variants. */
static int variants(const char *item, char *base, size_t bsz, char vars[][48], int maxv)
{
	const char *bar = strchr(item, '|');
	size_t n = bar ? (size_t)(bar - item) : strlen(item);
	if (n >= bsz)
		n = bsz - 1;
	memcpy(base, item, n);
	base[n] = 0;
	int nv = 0;
	if (!bar || !bar[1]) {
		vars[nv++][0] = 0;
		return nv;
	}
	const char *s = bar + 1;
	while (*s && nv < maxv) {
		const char *c = strchr(s, ',');
		size_t len = c ? (size_t)(c - s) : strlen(s);
		if (len > 47)
			len = 47;
		memcpy(vars[nv], s, len);
		vars[nv++][len] = 0;
		s = c ? c + 1 : s + len;
	}
	return nv;
}

/* Product definitions, round-robin across categories so every size has every category. */
static int build_products(struct rng *r, struct sp *ps, int want, int ndays)
{
	struct {
		char name[160];
		int expiry;
		int item; /* which line of the category's list: its variants share a maker */
	} pool[NCATS][48];
	int npool[NCATS] = {0};
	for (int c = 0; c < NCATS; c++) {
		for (const char *const *it = cats[c].items; *it; it++) {
			int line = (int)(it - cats[c].items);
			const char *item = *it;
			int exp = item[0] == '*';
			if (exp)
				item++;
			char base[120], vars[6][48];
			int nv = variants(item, base, sizeof base, vars, 6);
			for (int v = 0; v < nv && npool[c] < 48; v++) {
				if (snprintf(pool[c][npool[c]].name, sizeof pool[c][0].name,
				             "%s%s%s", base, vars[v][0] ? " " : "", vars[v]) < 0)
					continue;
				pool[c][npool[c]].item = line;
				pool[c][npool[c]++].expiry = exp;
			}
		}
	}
	int n = 0, round = 0, seq[NCATS] = {0};
	while (n < want) {
		int added = 0;
		for (int c = 0; c < NCATS && n < want; c++) {
			int idx = seq[c]++;
			int k = idx % (npool[c] ? npool[c] : 1);
			int bundle = idx / (npool[c] ? npool[c] : 1);
			if (!npool[c])
				continue;
			struct sp *p = &ps[n];
			memset(p, 0, sizeof *p);
			p->cat = c;
			snprintf(p->sku, sizeof p->sku, "%s-%03d", cats[c].prefix, idx + 1);
			if (bundle == 0)
				snprintf(p->name, sizeof p->name, "%s", pool[c][k].name);
			else if (snprintf(p->name, sizeof p->name, "%s %d개 묶음", pool[c][k].name,
			                  bundle + 1) < 0)
				p->name[0] = 0;
			p->expiry =
			        pool[c][k].expiry ? cats[c].expiry_days - rng_int(r, 0, 3) * 30 : 0;
			p->supplier = (idx % 2 == 0) ? cats[c].sup_a : cats[c].sup_b;
			p->maker = suppliers[p->supplier].makes
			                   ? suppliers[p->supplier].name
			                   : cats[c].makers[pool[c][k].item % 2];
			p->own_lead = -1;
			p->lead = suppliers[p->supplier].lead;
			if (rng_unit(r) < 0.1 && p->supplier != SUP_NPK) {
				p->own_lead = suppliers[p->supplier].lead + rng_int(r, 1, 4) * 5;
				p->lead = p->own_lead;
			}
			static const int moqs[] = {10, 12, 20, 24, 30, 50};
			p->moq = p->supplier == SUP_NPK
			                 ? 100 * rng_int(r, 1, 5)
			                 : moqs[rng_int(r, 0, (int)ARRAY_LEN(moqs) - 1)];
			/* Long tail: a fifth are slow movers, the rest log-normal around 3 a day. */
			if (rng_unit(r) < 0.2)
				p->rate = 0.03 + 0.3 * rng_unit(r);
			else
				p->rate = 3.0 * exp(1.0 * rng_normal(r));
			if (p->rate > 60)
				p->rate = 60;
			p->growth = -0.6 + 1.5 * rng_unit(r);
			p->gift = cats[c].season == SEASON_GIFT || p->expiry ? 0.8 : 0.15;
			p->care = 0.7 + 0.6 * rng_unit(r);
			p->launch = 0;
			p->disc = -1;
			int nprom = rng_int(r, 1, 2) * (ndays / 365 + 1);
			for (int i = 0; i < nprom && i < 8; i++) {
				p->prom[i].start = rng_int(r, 0, ndays > 10 ? ndays - 5 : 1);
				p->prom[i].len = rng_int(r, 2, 5);
				p->prom[i].mult = 1.8 + 2.2 * rng_unit(r);
				p->nprom++;
			}
			n++;
			added++;
		}
		round++;
		if (!added || round > 1000)
			break;
	}
	return n;
}

/* Gift sets made of the first products of some categories. */
static int build_sets(struct sp *ps, int n)
{
	static const struct {
		const char *sku, *name;
		int cat[3], pick[3], qty[3];
	} defs[] = {
	        {"SET-001", "명절 간식 선물세트", {2, 2, 2}, {0, 1, 3}, {2, 1, 1}},
	        {"SET-002",
	         "건강 선물세트 (프로바이오틱스+비타민C)",
	         {4, 4, -1},
	         {0, 2, 0},
	         {1, 1, 0}},
	        {"SET-003", "집들이 주방 세트", {0, 0, -1}, {1, 5, 0}, {1, 2, 0}},
	        {"SET-004", "홈카페 세트 (콜드브루+머그컵)", {3, 0, -1}, {3, 6, 0}, {1, 2, 0}},
	};
	int made = 0;
	for (size_t s = 0; s < ARRAY_LEN(defs); s++) {
		struct sp set = {0};
		util_strlcpy(set.sku, defs[s].sku, sizeof set.sku);
		util_strlcpy(set.name, defs[s].name, sizeof set.name);
		set.is_set = 1;
		set.disc = -1;
		set.rate = 0.6 + 0.3 * (double)s;
		set.gift = 5.0;
		for (int c = 0; c < 3 && defs[s].cat[c] >= 0; c++) {
			/* the pick-th product of that category */
			int found = -1, seen = 0;
			for (int i = 0; i < n && found < 0; i++)
				if (!ps[i].is_set && ps[i].cat == defs[s].cat[c] &&
				    seen++ == defs[s].pick[c])
					found = i;
			if (found < 0)
				break;
			set.comp[set.ncomp] = found;
			set.cqty[set.ncomp++] = defs[s].qty[c];
		}
		if (set.ncomp < 2)
			continue;
		set.cat = ps[set.comp[0]].cat;
		ps[n + made++] = set;
	}
	return made;
}

static int is_component(const struct sp *ps, int n, int i)
{
	for (int k = 0; k < n; k++)
		for (int c = 0; ps[k].is_set && c < ps[k].ncomp; c++)
			if (ps[k].comp[c] == i)
				return 1;
	return 0;
}

/* ------------------------------------------------------------------ storing */

static int store_suppliers(db *d, int64_t org, int64_t ids[NSUP])
{
	char now[32];
	util_utc_iso(util_now(), now);
	for (int i = 0; i < NSUP; i++) {
		ids[i] = catalog_supplier_ensure(d, org, suppliers[i].name);
		if (!ids[i] || db_exec(d,
		                       "UPDATE suppliers SET lead_time_days = ?, contact = ?,"
		                       " phone = ?, email = ?, memo = ? WHERE id = ?",
		                       "itttti", (int64_t)suppliers[i].lead, suppliers[i].contact,
		                       suppliers[i].phone, suppliers[i].email, suppliers[i].memo,
		                       ids[i]) != DB_OK)
			return -1;
	}
	return 0;
}

static int store_product(db *d, int64_t org, struct rng *r, const struct sp *ps, int i,
                         const int64_t sup_ids[NSUP], char *err, size_t errlen)
{
	const struct sp *p = &ps[i];
	struct catalog_product *cp = xmalloc(sizeof *cp);
	catalog_product_defaults(cp);
	util_strlcpy(cp->sku, p->sku, sizeof cp->sku);
	util_strlcpy(cp->name, p->name, sizeof cp->name);
	util_strlcpy(cp->category, p->is_set ? "선물세트" : cats[p->cat].name, sizeof cp->category);
	snprintf(cp->playauto_sku, sizeof cp->playauto_sku, "PA-%05d", 10001 + i);
	cp->is_set = p->is_set;
	if (p->is_set) {
		cp->comps_given = 1;
		for (int c = 0; c < p->ncomp; c++) {
			util_strlcpy(cp->comp[c].sku, ps[p->comp[c]].sku, sizeof cp->comp[c].sku);
			cp->comp[c].qty = p->cqty[c];
		}
		cp->ncomp = (size_t)p->ncomp;
		cp->moq = 1;
		cp->unit_cost = 0;
	} else {
		cp->lead_time_days = p->own_lead;
		cp->moq = p->moq;
		cp->supplier_id = sup_ids[p->supplier];
		util_strlcpy(cp->manufacturer, p->maker, sizeof cp->manufacturer);
		int cost = rng_int(r, cats[p->cat].cost_lo / 100, cats[p->cat].cost_hi / 100) * 100;
		cp->unit_cost = cost;
		cp->has_expiry = p->expiry > 0;
		cp->safety_stock = (int64_t)ceil(p->rate * 7.0);
		/* The same draw as when there were two modes, so the shop stays the same: a
		 * fifth by forecast × lead time, a tenth by service level, the rest manual. */
		double u = rng_unit(r);
		cp->ss_rule = u < 0.2   ? PLAN_SS_FORECAST_LEAD_TIME
		              : u < 0.3 ? PLAN_SS_SERVICE_LEVEL
		                        : PLAN_SS_MANUAL;
		/* The seller's own 30-day estimate: what the computed rules use until a
		 * forecast exists; half of the manual products have one too. */
		if (cp->ss_rule != PLAN_SS_MANUAL || i % 2 == 0)
			cp->monthly_demand = (int64_t)ceil(p->rate * 30.0);
		if (p->moq == 12 || p->moq == 24)
			cp->order_multiple = 12; /* sold by the dozen */
		barcode(r, cp->barcode);
	}
	cp->codes_given = 1;
	snprintf(cp->codes[0].channel, sizeof cp->codes[0].channel, "coupang");
	snprintf(cp->codes[0].code, sizeof cp->codes[0].code, "%llu",
	         (unsigned long long)(80000000000ULL + rng_next(r) % 9999999999ULL));
	cp->ncodes = 1;
	if (rng_unit(r) < 0.7) {
		snprintf(cp->codes[1].channel, sizeof cp->codes[1].channel, "smartstore");
		snprintf(cp->codes[1].code, sizeof cp->codes[1].code, "%llu",
		         (unsigned long long)(5000000000ULL + rng_next(r) % 999999999ULL));
		cp->ncodes = 2;
	}
	if (rng_unit(r) < 0.5) {
		snprintf(cp->codes[cp->ncodes].channel, sizeof cp->codes[0].channel, "ownmall");
		snprintf(cp->codes[cp->ncodes].code, sizeof cp->codes[0].code, "OM-%04d", 1000 + i);
		cp->ncodes++;
	}
	struct catalog_err e;
	int rc = catalog_product_save(d, org, cp, NULL, &e);
	if (rc != CATALOG_OK)
		snprintf(err, errlen, "%s: %s", p->sku, e.message);
	catalog_err_clear(&e);
	free(cp);
	return rc == CATALOG_OK ? 0 : -1;
}

/* The day's movements, recorded in one ledger call. */
struct daybuf {
	struct ledger_move *m;
	char (*lot)[40];
	char (*exp)[11];
	size_t n, cap;
};

static struct ledger_move *day_push(struct daybuf *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->m = xrealloc(b->m, b->cap * sizeof *b->m);
		b->lot = xrealloc(b->lot, b->cap * sizeof *b->lot);
		b->exp = xrealloc(b->exp, b->cap * sizeof *b->exp);
	}
	struct ledger_move *m = &b->m[b->n];
	memset(m, 0, sizeof *m);
	b->lot[b->n][0] = 0;
	b->exp[b->n][0] = 0;
	b->n++;
	return m;
}

static void inbound(struct daybuf *b, const struct sp *p, int64_t qty, int64_t days,
                    const char *date, const char *memo)
{
	size_t k = b->n;
	struct ledger_move *m = day_push(b);
	m->sku = p->sku;
	m->type = LEDGER_INBOUND;
	m->qty = qty;
	m->date = date;
	m->memo = memo;
	if (p->expiry > 0) {
		if (snprintf(b->lot[k], sizeof b->lot[k], "L%.2s%.2s%.2s-%s", date + 2, date + 5,
		             date + 8, p->sku) < 0)
			b->lot[k][0] = 0;
		date_str(days + p->expiry, b->exp[k]);
	}
}

/* The shop's own events (행사 일정) for the national promotions day_factor simulates: 11/11
 * (십일절, shipped over three days) and Black Friday (four days), every year of the history
 * and the coming year, so that the forecast sees them as regressors and the events screen
 * has past and upcoming rows. Years outside the holiday calendar (2015..2035) are left out. */
static int store_events(db *d, int64_t org, int64_t user_id, int64_t start_days, int64_t end_days,
                        int *count)
{
	int y0, y1, m, dd;
	date_civil_from_days(start_days, &y0, &m, &dd);
	date_civil_from_days(end_days + 365, &y1, &m, &dd);
	char now[32]; /* entered on the first day of the history: the same data every run */
	date_str(start_days, now);
	memcpy(now + 10, "T01:00:00Z", 11);
	for (int y = y0 < 2015 ? 2015 : y0; y <= y1 && y <= 2035; y++) {
		static const struct {
			const char *name, *memo;
			int after;
		} ev[] = {{"십일절 (11/11)", "쿠팡·스마트스토어 십일절 행사, 출고는 13일까지", 2},
		          {"블랙프라이데이", "전 채널 할인, 출고는 월요일까지", 3}};
		int64_t day[2] = {date_days_from_civil(y, 11, 11), black_friday(y)};
		for (int k = 0; k < 2; k++) {
			if (day[k] < start_days || day[k] > end_days + 365)
				continue;
			char date[11];
			date_str(day[k], date);
			struct event_change c = {.name = ev[k].name,
			                         .date = date,
			                         .kind = "channel_sale",
			                         .memo = ev[k].memo,
			                         .after = ev[k].after};
			int64_t id;
			int rc = events_insert(d, org, user_id, &c, now, &id);
			if (rc != DB_OK)
				return -1;
			(*count)++;
		}
	}
	return 0;
}

/* One simulated shop: the products (singles first, then sets), the day's movements and the
 * random stream every decision draws from in a fixed order (so a seed gives one history). */
struct demo_sim {
	struct rng *rng;
	struct sp *ps;
	int n, total; /* single products, singles + sets */
	int64_t start_days;
	struct daybuf b;
	char now[32]; /* the recording time of the day's movements (the ledger context's now) */
};

/* Opening stock on the first day sold (lead time plus a month of demand), and the orders
 * that arrive today. */
static void day_arrivals(struct demo_sim *s, int day, int64_t days, const char *date)
{
	for (int i = 0; i < s->n; i++) {
		struct sp *p = &s->ps[i];
		if (day == p->launch) {
			int64_t q = (int64_t)ceil(p->rate * (p->lead + 30) * 1.2);
			if (q < p->moq)
				q = p->moq;
			p->stock += q;
			inbound(&s->b, p, q, days, date, day == 0 ? "기초 재고" : "신상품 첫 입고");
		}
		for (int k = 0; k < p->nord; k++) {
			if (p->ord[k].arrive != day)
				continue;
			p->stock += p->ord[k].qty;
			p->onorder -= p->ord[k].qty;
			char *memo = p->supplier == SUP_NPK ? "NPK 해상 입고" : "발주 입고";
			inbound(&s->b, p, p->ord[k].qty, days, date, memo);
			p->ord[k] = p->ord[--p->nord];
			k--;
		}
	}
}

static void outbound(struct daybuf *b, const char *sku, int64_t qty, const char *date)
{
	struct ledger_move *mv = day_push(b);
	mv->sku = sku;
	mv->type = LEDGER_OUTBOUND;
	mv->qty = qty;
	mv->date = date;
}

/* The day's sales: sets first, as their outbound takes the components, then singles. */
static void day_sales(struct demo_sim *s, int day, int64_t days, const char *date)
{
	struct sp *ps = s->ps;
	for (int i = s->n; i < s->total; i++) {
		struct sp *set = &ps[i];
		int64_t want = rng_demand(s->rng, demand_rate(set, day, days));
		int64_t avail = INT64_MAX;
		for (int c = 0; c < set->ncomp; c++) {
			int64_t a = ps[set->comp[c]].stock / set->cqty[c];
			if (a < avail)
				avail = a;
		}
		for (int c = 0; c < set->ncomp; c++)
			ps[set->comp[c]].est += 0.03 * (double)(want * set->cqty[c]);
		int64_t out = want < avail ? want : avail;
		if (out <= 0)
			continue;
		for (int c = 0; c < set->ncomp; c++)
			ps[set->comp[c]].stock -= out * set->cqty[c];
		outbound(&s->b, set->sku, out, date);
	}
	for (int i = 0; i < s->n; i++) {
		struct sp *p = &ps[i];
		int64_t want = rng_demand(s->rng, demand_rate(p, day, days));
		p->est = 0.97 * p->est + 0.03 * (double)want;
		int64_t out = want < p->stock ? want : p->stock;
		if (out > LEDGER_MAX_QTY)
			out = LEDGER_MAX_QTY;
		if (out <= 0)
			continue;
		p->stock -= out;
		outbound(&s->b, p->sku, out, date);
	}
}

/* Quarterly stocktake: a few products turn out one or two short. */
static void day_stocktake(struct demo_sim *s, int day, const char *date)
{
	if (day == 0 || day % 91 != 0)
		return;
	for (int k = 0; k < 5; k++) {
		struct sp *p = &s->ps[rng_int(s->rng, 0, s->n - 1)];
		if (p->stock < 5)
			continue;
		p->stock -= rng_int(s->rng, 1, 2);
		struct ledger_move *mv = day_push(&s->b);
		mv->sku = p->sku;
		mv->type = LEDGER_ADJUST;
		mv->qty = p->stock;
		mv->date = date;
		mv->memo = "분기 재고 실사";
	}
}

/* Reorders on weekdays: cover lead time plus two weeks. */
static void day_reorders(struct demo_sim *s, int day, int dow)
{
	if (dow >= 5)
		return;
	for (int i = 0; i < s->n; i++) {
		struct sp *p = &s->ps[i];
		if (day < p->launch || (p->disc >= 0 && day >= p->disc - 45) || p->nord >= 8)
			continue;
		double need = p->est * (p->lead + 14) * p->care + 2;
		if ((double)(p->stock + p->onorder) >= need)
			continue;
		double cover = p->lead > 60 ? 90 : 45;
		int64_t q = (int64_t)ceil(p->est * cover);
		if (q < p->moq)
			q = p->moq;
		q = (q + p->moq - 1) / p->moq * p->moq;
		int arrive = day + p->lead + rng_int(s->rng, 0, p->lead / 10 + 1);
		int adow = dow_of(s->start_days + arrive);
		if (adow >= 5)
			arrive += 7 - adow; /* goods arrive on weekdays */
		p->ord[p->nord].arrive = arrive;
		p->ord[p->nord++].qty = q;
		p->onorder += q;
	}
}

/* Simulates one day and records its movements. Returns the count, or -1 with err set. */
static int64_t simulate_day(db *d, struct demo_sim *s, struct ledger_ctx *ctx, int day, char *err,
                            size_t errlen)
{
	int64_t days = s->start_days + day;
	char date[11];
	date_str(days, date);
	snprintf(s->now, sizeof s->now, "%sT01:30:00Z", date); /* 10:30 KST */
	ctx->now = s->now;
	s->b.n = 0;
	day_arrivals(s, day, days, date);
	day_sales(s, day, days, date);
	day_stocktake(s, day, date);
	day_reorders(s, day, dow_of(days));
	/* Attach lot strings now that the buffer no longer moves. */
	struct daybuf *b = &s->b;
	for (size_t k = 0; k < b->n; k++) {
		if (b->lot[k][0])
			b->m[k].lot = b->lot[k];
		if (b->exp[k][0])
			b->m[k].expiry = b->exp[k];
	}
	if (b->n == 0)
		return 0;
	struct ledger_err le;
	if (ledger_record(d, ctx, b->m, b->n, NULL, &le) != LEDGER_OK) {
		snprintf(err, errlen, "%s: %s", date, le.message);
		return -1;
	}
	return (int64_t)b->n;
}

/* The whole history, day by day. Returns 0, or -1 with err set. */
static int simulate(db *d, struct demo_sim *s, const struct demo_opts *o, struct demo_stats *st,
                    char *err, size_t errlen)
{
	struct ledger_ctx ctx = {.org_id = o->org_id, .user_id = o->user_id, .source = "demo"};
	for (int i = 0; i < s->total; i++)
		s->ps[i].est = s->ps[i].rate;
	int rc = 0;
	for (int day = 0; day < o->days && rc == 0; day++) {
		int64_t moved = simulate_day(d, s, &ctx, day, err, errlen);
		if (moved < 0)
			rc = -1;
		else
			st->movements += moved;
	}
	free(s->b.m);
	free(s->b.lot);
	free(s->b.exp);
	return rc;
}

/* Suppliers, products and events, before any movement. Returns 0, or -1 with err set. */
static int store_catalog(db *d, struct demo_sim *s, const struct demo_opts *o, int nsets,
                         int64_t end_days, struct demo_stats *st, char *err, size_t errlen)
{
	int64_t sup_ids[NSUP];
	if (store_suppliers(d, o->org_id, sup_ids) != 0) {
		snprintf(err, errlen, "could not store suppliers");
		return -1;
	}
	for (int i = 0; i < s->total; i++)
		if (store_product(d, o->org_id, s->rng, s->ps, i, sup_ids, err, errlen) != 0)
			return -1;
	st->products = s->total;
	st->sets = nsets;
	st->suppliers = NSUP;
	if (store_events(d, o->org_id, o->user_id, s->start_days, end_days, &st->events) != 0) {
		snprintf(err, errlen, "could not store events");
		return -1;
	}
	return 0;
}

/* Launches part-way and discontinued items, never among set components. */
static void plan_lifecycles(struct demo_sim *s, int ndays)
{
	for (int i = 0; i < s->n; i++) {
		if (is_component(s->ps, s->total, i))
			continue;
		double u = rng_unit(s->rng);
		if (u < 0.08 && ndays > 120)
			s->ps[i].launch = rng_int(s->rng, ndays / 4, ndays * 3 / 4);
		else if (u < 0.11 && ndays > 120)
			s->ps[i].disc = rng_int(s->rng, ndays / 3, ndays * 2 / 3);
	}
}

/* Discontinued products end the history inactive. */
static int mark_discontinued(db *d, const struct demo_sim *s, int64_t org_id)
{
	for (int i = 0; i < s->n; i++)
		if (s->ps[i].disc >= 0 &&
		    db_exec(d,
		            "UPDATE products SET active = 0, memo = ? WHERE org_id = ? AND sku = ?",
		            "tit", "단종 (판매 중지)", org_id, s->ps[i].sku) != DB_OK)
			return -1;
	return 0;
}

int demo_generate(db *d, const struct demo_opts *o, struct demo_stats *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof *st);
	struct rng rng;
	rng_seed(&rng, o->seed);
	char today[11];
	date_kst_today(today);
	const char *end = o->end ? o->end : today;
	int y, m, dd;
	if (date_parse(end, &y, &m, &dd) != 0 || strcmp(end, today) > 0) {
		snprintf(err, errlen, "--end must be a date no later than today (%s)", today);
		return -1;
	}
	int64_t end_days = date_days_from_civil(y, m, dd);
	struct demo_sim s = {.rng = &rng, .start_days = end_days - o->days + 1};
	s.ps = xcalloc((size_t)o->skus + 8, sizeof *s.ps);
	s.n = build_products(&rng, s.ps, o->skus, o->days);
	int nsets = s.n >= 20 ? build_sets(s.ps, s.n) : 0;
	s.total = s.n + nsets;
	plan_lifecycles(&s, o->days);
	if (db_begin(d) != DB_OK) {
		snprintf(err, errlen, "database busy");
		free(s.ps);
		return -1;
	}
	int rc = store_catalog(d, &s, o, nsets, end_days, st, err, errlen);
	if (rc == 0)
		rc = simulate(d, &s, o, st, err, errlen);
	if (rc == 0)
		rc = mark_discontinued(d, &s, o->org_id);
	free(s.ps);
	if (rc != 0) {
		db_rollback(d);
		return -1;
	}
	if (db_commit(d) != DB_OK) {
		snprintf(err, errlen, "commit failed");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ command */

#define DEMO_PASSWORD "jaego-demo-1234"

/* Forecast runs as of earlier days, so that the accuracy report (예측 정확도) has days
 * to score from the start: run here, one after another, with the statistical models only
 * (forecast_runner_enqueue_as_of). Returns how many finished. */
static const int demo_backdates[] = {84, 56, 28};
#define DEMO_BACKDATES_TEXT "84, 56, 28"

static int demo_backdated_runs(db *d, const struct demo_opts *o)
{
	char today[11];
	date_kst_today(today);
	int y, m, dd;
	if (date_parse(o->end ? o->end : today, &y, &m, &dd) != 0)
		return 0;
	int64_t end = date_days_from_civil(y, m, dd);
	int done = 0;
	for (size_t i = 0; i < sizeof demo_backdates / sizeof demo_backdates[0]; i++) {
		if (demo_backdates[i] >= o->days)
			continue; /* no history before that day */
		char as_of[11];
		date_format(end - demo_backdates[i], as_of);
		int64_t id = 0;
		int created = 0;
		struct fstore_run run;
		if (forecast_runner_enqueue_as_of(d, o->org_id, 0, as_of, &id, &created) != DB_OK ||
		    !created || fstore_claim(d, &run) != 1)
			break;
		if (forecast_runner_execute(d, &run, 2, NULL) == FORECAST_RUN_DONE)
			done++;
	}
	return done;
}

static void usage(FILE *out)
{
	fprintf(out,
	        "사용법: jaego demo --db PATH [--skus N] [--days N] [--seed S] [--end YYYY-MM-DD]\n"
	        "  데모 상점(상품, 세트, 공급처, 약 2년의 입출고 내역)을 만듭니다.\n");
}

static int demo_set(void *ctx, int ch, const char *arg)
{
	struct demo_opts *o = ctx;
	switch (ch) {
	case 'k':
		o->skus = atoi(arg);
		break;
	case 'n':
		o->days = atoi(arg);
		break;
	case 's':
		o->seed = strtoull(arg, NULL, 10);
		break;
	case 'e':
		o->end = arg;
		break;
	}
	return 0;
}

int cli_demo_main(int argc, char **argv)
{
	struct demo_opts o = {.skus = 150, .days = 730, .seed = 42};
	static const struct option opts[] = {{"skus", required_argument, NULL, 'k'},
	                                     {"days", required_argument, NULL, 'n'},
	                                     {"seed", required_argument, NULL, 's'},
	                                     {"end", required_argument, NULL, 'e'},
	                                     {NULL, 0, NULL, 0}};
	const struct cliopt_spec spec = {opts, demo_set, &o, usage};
	const char *dbpath = NULL;
	int rest = 0, rc0 = cliopt_parse(argc, argv, &spec, &dbpath, &rest);
	if (rc0 != CLIOPT_GO_ON)
		return rc0;
	if (!dbpath || o.skus < 1 || o.skus > 2000 || o.days < 1 || o.days > 3650) {
		usage(stderr);
		return 2;
	}
	db *d = cliopt_open_db(dbpath);
	if (!d)
		return 1;
	char err[256];
	int64_t t0 = util_now_ms();
	int created = 0;
	int64_t master = 0;
	o.org_id = org_find(d, NULL);
	if (!o.org_id) {
		if (org_create(d, "데모 상점", &o.org_id) != DB_OK ||
		    user_create(d, o.org_id, "demo", "김민지 (사장)", ROLE_MASTER, DEMO_PASSWORD,
		                &master) != DB_OK) {
			fprintf(stderr, "jaego: 데모 조직과 회원을 만들지 못했습니다.\n");
			db_close(d);
			return 1;
		}
		int64_t staff = 0;
		if (user_create(d, o.org_id, "junho", "박준호 (출고 담당)", ROLE_STAFF,
		                DEMO_PASSWORD, &staff) == DB_OK)
			o.user_id = staff;
		created = 1;
	} else if (db_int(d, 0, "SELECT COUNT(*) FROM products WHERE org_id = ?", "i", o.org_id)) {
		printf("demo: 이미 상품이 있어 데모 데이터를 만들지 않았습니다 (%s).\n", dbpath);
		db_close(d);
		return 0;
	}
	struct demo_stats st;
	if (demo_generate(d, &o, &st, err, sizeof err) != 0) {
		fprintf(stderr, "jaego: 데모 데이터를 만들지 못했습니다: %s\n", err);
		db_close(d);
		return 1;
	}
	int bad = ledger_verify(d, o.org_id, stderr);
	struct demo_planning_stats ps;
	struct users_login ul;
	if (!master && users_by_login(d, "demo", &ul) == 1)
		master = ul.id; /* an organisation made before, without products */
	if (demo_planning(d, o.org_id, master, &ps, err, sizeof err) != 0) {
		fprintf(stderr, "jaego: 데모 판매 이력과 발주서를 만들지 못했습니다: %s\n", err);
		db_close(d);
		return 1;
	}
	int backdated = demo_backdated_runs(d, &o);
	/* The shop's first forecast run, of the nightly kind (it trains the global models):
	 * queued, so that `jaego serve` runs it as it starts instead of this command. */
	int64_t run = 0;
	int queued = 0;
	if (forecast_runner_enqueue(d, o.org_id, 0, 1, &run, &queued) != DB_OK)
		fprintf(stderr, "jaego: 첫 수요 예측을 대기열에 넣지 못했습니다.\n");
	db_close(d);
	printf("demo: 상품 %s개 (세트 %s개), 공급처 %s곳, 행사 %s건, 입출고 %s건, %s일, seed "
	       "%llu — %.1f초\n",
	       KNUM(st.products), KNUM(st.sets), KNUM(st.suppliers), KNUM(st.events),
	       KNUM(st.movements), KNUM(o.days), (unsigned long long)o.seed,
	       (double)(util_now_ms() - t0) / 1000.0);
	printf("demo: 판매 이력 %d건 (%s행), 진행 중인 발주서 %d건, 작성 중 %d건\n",
	       ps.history_batches, KNUM(ps.history_rows), ps.orders_open, ps.orders_draft);
	if (backdated > 0)
		printf("demo: 지난 수요 예측 %d건 (%s일 전 기준) — 예측 정확도 리포트에 씁니다\n",
		       backdated, DEMO_BACKDATES_TEXT);
	if (queued)
		printf("demo: 수요 예측 #%lld 대기 중 — 서버(jaego serve)가 시작되면 바로 "
		       "실행합니다\n",
		       (long long)run);
	if (created)
		printf("demo: 로그인 demo / %s (%s), junho / %s (%s)\n", DEMO_PASSWORD,
		       role_label(ROLE_MASTER), DEMO_PASSWORD, role_label(ROLE_STAFF));
	return bad == 0 ? 0 : 1;
}
