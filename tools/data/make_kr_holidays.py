#!/usr/bin/env python3
"""Generate data/kr_holidays.csv: South Korean public holidays 2015-2035.

Why a generator and not a hand-typed list: the lunar holidays (설날, 부처님오신날, 추석)
and the substitute holidays follow rules that are easy to get subtly wrong by hand,
and the file must be reproducible when the range is extended.

Method (see data/README.md for sources):
  * Lunar dates come from an astronomical lunisolar calendar computed here: new moons
    with Meeus' algorithm (Astronomical Algorithms, 2nd ed., ch. 49) and solar terms from
    the Sun's apparent longitude (ch. 25), with day boundaries in Korea Standard Time
    (UTC+9), as the Korea Astronomy and Space Science Institute (KASI) does. Months are
    numbered by the usual rules: the month holding the winter solstice is month 11, and
    in a year of 13 months the first month without a principal term is the leap month.
    (Calendars computed at UTC+8, e.g. Chinese tables, differ on some dates: 설날 2027 is
    7 February in Korea but 6 February in China.)
  * Substitute holidays follow 「관공서의 공휴일에 관한 규정」 as amended in 2013, 2021
    and 2023 (rules in SUBSTITUTE_RULES below).
  * Election days: past ones as held; future ones by 공직선거법 제34조 (may be moved by law).
  * Temporary holidays (임시공휴일): those declared so far, listed in TEMPORARY.

Usage: make_kr_holidays.py [--check] [OUT.csv]   (default: print to stdout)
  --check  also compares the UTC+8 variant of the calendar with python3-lunardate when
           it is installed (a test of the astronomy, not of the Korean dates), and lists
           new moons and principal terms that fall within 30 minutes of KST midnight.
Standard library only. Deterministic.
"""
import datetime as dt
import math
import sys

FIRST_YEAR, LAST_YEAR = 2015, 2035
KST = 9.0  # hours east of UTC
DELTA_T_S = 69.5  # TT - UT in seconds (68.6 s in 2015, ~69.2 s in 2025; drift is tiny)

# --------------------------------------------------------------------------- astronomy


def _sin(deg):
    return math.sin(math.radians(deg))


def new_moon_jde(k):
    """Julian Ephemeris Day of the new moon number k (k=0 is 2000-01-06), Meeus ch. 49."""
    T = k / 1236.85
    jde = (2451550.09766 + 29.530588861 * k + 0.00015437 * T**2
           - 0.000000150 * T**3 + 0.00000000073 * T**4)
    E = 1 - 0.002516 * T - 0.0000074 * T**2
    M = 2.5534 + 29.10535670 * k - 0.0000014 * T**2 - 0.00000011 * T**3
    Mp = (201.5643 + 385.81693528 * k + 0.0107582 * T**2 + 0.00001238 * T**3
          - 0.000000058 * T**4)
    F = (160.7108 + 390.67050284 * k - 0.0016118 * T**2 - 0.00000227 * T**3
         + 0.000000011 * T**4)
    Om = 124.7746 - 1.56375588 * k + 0.0020672 * T**2 + 0.00000215 * T**3
    c = (-0.40720 * _sin(Mp) + 0.17241 * E * _sin(M) + 0.01608 * _sin(2 * Mp)
         + 0.01039 * _sin(2 * F) + 0.00739 * E * _sin(Mp - M)
         - 0.00514 * E * _sin(Mp + M) + 0.00208 * E * E * _sin(2 * M)
         - 0.00111 * _sin(Mp - 2 * F) - 0.00057 * _sin(Mp + 2 * F)
         + 0.00056 * E * _sin(2 * Mp + M) - 0.00042 * _sin(3 * Mp)
         + 0.00042 * E * _sin(M + 2 * F) + 0.00038 * E * _sin(M - 2 * F)
         - 0.00024 * E * _sin(2 * Mp - M) - 0.00017 * _sin(Om)
         - 0.00007 * _sin(Mp + 2 * M) + 0.00004 * _sin(2 * Mp - 2 * F)
         + 0.00004 * _sin(3 * M) + 0.00003 * _sin(Mp + M - 2 * F)
         + 0.00003 * _sin(2 * Mp + 2 * F) - 0.00003 * _sin(Mp + M + 2 * F)
         + 0.00003 * _sin(Mp - M + 2 * F) - 0.00002 * _sin(Mp - M - 2 * F)
         - 0.00002 * _sin(3 * Mp + M) + 0.00002 * _sin(4 * Mp))
    A = [
        (0.000325, 299.77 + 0.107408 * k - 0.009173 * T**2),
        (0.000165, 251.88 + 0.016321 * k),
        (0.000164, 251.83 + 26.651886 * k),
        (0.000126, 349.42 + 36.412478 * k),
        (0.000110, 84.66 + 18.206239 * k),
        (0.000062, 141.74 + 53.303771 * k),
        (0.000060, 207.14 + 2.453732 * k),
        (0.000056, 154.84 + 7.306860 * k),
        (0.000047, 34.52 + 27.261239 * k),
        (0.000042, 207.19 + 0.121824 * k),
        (0.000040, 291.34 + 1.844379 * k),
        (0.000037, 161.72 + 24.198154 * k),
        (0.000035, 239.56 + 25.513099 * k),
        (0.000023, 331.55 + 3.592518 * k),
    ]
    return jde + c + sum(a * _sin(arg) for a, arg in A)


def sun_longitude(jde):
    """Apparent geocentric longitude of the Sun in degrees (Meeus ch. 25, ~0.01 deg)."""
    T = (jde - 2451545.0) / 36525.0
    L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T
    M = 357.52911 + 35999.05029 * T - 0.0001537 * T * T
    C = ((1.914602 - 0.004817 * T - 0.000014 * T * T) * _sin(M)
         + (0.019993 - 0.000101 * T) * _sin(2 * M) + 0.000289 * _sin(3 * M))
    om = 125.04 - 1934.136 * T
    return (L0 + C - 0.00569 - 0.00478 * _sin(om)) % 360.0


def solar_term_jde(target_deg, jde_guess):
    """Instant (JDE) when the Sun's longitude equals target_deg, near jde_guess."""
    jde = jde_guess
    for _ in range(50):
        diff = (target_deg - sun_longitude(jde) + 180.0) % 360.0 - 180.0
        jde += diff / 0.98564736  # mean motion, degrees per day
        if abs(diff) < 1e-7:
            break
    return jde


JD_UNIX_EPOCH = 2440587.5


def jde_to_local(jde, tz_hours):
    """Local civil datetime (naive) of a JDE instant in a fixed UTC offset."""
    jd_ut = jde - DELTA_T_S / 86400.0
    secs = (jd_ut - JD_UNIX_EPOCH) * 86400.0 + tz_hours * 3600.0
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=secs)


def date_to_jd(d):
    return (d - dt.date(1970, 1, 1)).days + JD_UNIX_EPOCH


# ------------------------------------------------------------------ lunisolar calendar


class Lunisolar:
    """Lunisolar month starts in one time zone; lunar(y, m, d) gives the civil date."""

    def __init__(self, tz_hours):
        self.tz = tz_hours
        self.near_midnight = []  # (what, local datetime) within 30 min of midnight

    def _local(self, jde, what):
        t = jde_to_local(jde, self.tz)
        mins = t.hour * 60 + t.minute + t.second / 60.0
        if mins < 30 or mins > 1410:
            self.near_midnight.append((what, t))
        return t

    def new_moon_on_or_before(self, d):
        """Civil date of the last new moon whose local date is <= d, and its number k."""
        k = math.floor((date_to_jd(d) - 2451550.09766) / 29.530588861) + 1
        while True:
            nd = jde_to_local(new_moon_jde(k), self.tz).date()
            if nd <= d:
                return nd, k
            k -= 1

    def month_start(self, k):
        return self._local(new_moon_jde(k), "new moon k=%d" % k).date()

    def winter_solstice(self, year):
        guess = date_to_jd(dt.date(year, 12, 21))
        return self._local(solar_term_jde(270.0, guess), "solstice %d" % year).date()

    def principal_term_dates(self, start, end):
        """Local dates of principal terms (longitudes multiple of 30) in [start, end)."""
        out = []
        jd = date_to_jd(start) - 31
        while jd < date_to_jd(end) + 31:
            lon = sun_longitude(jd)
            target = (math.floor(lon / 30.0) + 1) * 30.0 % 360.0
            t = solar_term_jde(target, jd + ((target - lon) % 360.0) / 0.98564736)
            d = self._local(t, "principal term %g" % target).date()
            if start <= d < end:
                out.append(d)
            jd = t + 1
        return out

    def months_of_year(self, year):
        """{(lunar year, month, leap): first civil date} for the months from month 12 of
        lunar year `year`-1 to month 10 (or a leap month after it) of lunar year `year`."""
        s1, k1 = self.new_moon_on_or_before(self.winter_solstice(year - 1))
        s2, k2 = self.new_moon_on_or_before(self.winter_solstice(year))
        starts = [self.month_start(k) for k in range(k1, k2 + 1)]
        leap_index = None
        if k2 - k1 == 13:
            terms = self.principal_term_dates(starts[0], starts[-1])
            for i in range(1, 13):
                if not any(starts[i] <= t < starts[i + 1] for t in terms):
                    leap_index = i
                    break
        months = {}
        num = 11
        for i in range(1, k2 - k1):
            if i != leap_index:
                num = num % 12 + 1
            ly = year - 1 if num >= 11 else year
            months[(ly, num, i == leap_index)] = starts[i]
        return months

    def lunar(self, year, month, day):
        """Civil date of lunar (year, month, day) for months 1..10 (no leap month)."""
        if not 1 <= month <= 10:
            raise ValueError("only months 1..10 are needed here")
        return self.months_of_year(year)[(year, month, False)] + dt.timedelta(days=day - 1)


# --------------------------------------------------------------------------- holidays

FIXED = [  # (month, day, name, substitute rule key or None)
    (1, 1, "신정", None),
    (3, 1, "삼일절", "wkend2021"),
    (5, 5, "어린이날", "wkend2014"),
    (6, 6, "현충일", None),
    (8, 15, "광복절", "wkend2021"),
    (10, 3, "개천절", "wkend2021"),
    (10, 9, "한글날", "wkend2021"),
    (12, 25, "성탄절", "wkend2023"),
]

# Substitute holidays (대체공휴일), 「관공서의 공휴일에 관한 규정」 제3조:
#   "sun2014": 설날·추석 연휴 (since 2014): a day of the three-day period that falls on
#              a Sunday or on another public holiday gives one substitute day.
#   "wkendYYYY": since YYYY (어린이날 2014; 삼일절, 광복절, 개천절, 한글날 from the
#              2021-08-04 amendment; 부처님오신날, 성탄절 from the 2023-05-04 amendment):
#              falling on a Saturday, a Sunday or another public holiday gives one.
#   The substitute is the first following day that is neither a public holiday nor a
#   Saturday or Sunday. 신정, 현충일 and election days never get one.
SUBSTITUTE_RULES = {
    "sun2014": (2014, False),
    "wkend2014": (2014, True),
    "wkend2021": (2021, True),  # first applied on 2021-08-16 (광복절 on a Sunday)
    "wkend2023": (2023, True),  # first applied on 2023-05-29 (부처님오신날 on a Saturday)
}
# The 2021 amendment took effect on 2021-08-04; 삼일절 2021 (a Monday) was unaffected.
RULE_START_DATE = {"wkend2021": dt.date(2021, 8, 4), "wkend2023": dt.date(2023, 5, 4)}

TEMPORARY = [  # 임시공휴일 declared by the government
    ("2015-08-14", "임시공휴일(광복 70주년)"),
    ("2016-05-06", "임시공휴일"),
    ("2017-10-02", "임시공휴일"),
    ("2020-08-17", "임시공휴일"),
    ("2023-10-02", "임시공휴일"),
    ("2024-10-01", "임시공휴일(국군의 날)"),
    ("2025-01-27", "임시공휴일"),
]

ELECTIONS_HELD = [  # public holidays by 공직선거법 제34조의2 / 관공서 공휴일 규정
    ("2016-04-13", "국회의원선거일"),
    ("2017-05-09", "대통령선거일"),
    ("2018-06-13", "전국동시지방선거일"),
    ("2020-04-15", "국회의원선거일"),
    ("2022-03-09", "대통령선거일"),
    ("2022-06-01", "전국동시지방선거일"),
    ("2024-04-10", "국회의원선거일"),
    ("2025-06-03", "대통령선거일"),
]


def _first_wed_on_or_after(d):
    return d + dt.timedelta(days=(2 - d.weekday()) % 7)


def future_elections(base_holidays):
    """Scheduled elections after 2025 by 공직선거법 제34조: the first Wednesday on or after
    the 70th (president), 50th (National Assembly) or 30th (local) day before the term
    ends; moved a week when that day, the day before or the day after is a public holiday.
    Terms: National Assembly ends 29 May of 2028, 2032; local ends 30 June of 2026, 2030,
    2034; the president elected on 2025-06-03 took office on 2025-06-04, term ends
    2030-06-03, the next one on 2035-06-03."""
    plans = [
        (dt.date(2026, 6, 30), 30, "전국동시지방선거일"),
        (dt.date(2028, 5, 29), 50, "국회의원선거일"),
        (dt.date(2030, 6, 3), 70, "대통령선거일"),
        (dt.date(2030, 6, 30), 30, "전국동시지방선거일"),
        (dt.date(2032, 5, 29), 50, "국회의원선거일"),
        (dt.date(2034, 6, 30), 30, "전국동시지방선거일"),
        (dt.date(2035, 6, 3), 70, "대통령선거일"),
    ]
    out = []
    for term_end, days, name in plans:
        d = _first_wed_on_or_after(term_end - dt.timedelta(days=days))
        one = dt.timedelta(days=1)
        while d in base_holidays or (d - one) in base_holidays or (d + one) in base_holidays:
            d += dt.timedelta(days=7)
        out.append((d, name))
    return out


def build(cal):
    """Return sorted list of (date, name, kind) for FIRST_YEAR..LAST_YEAR."""
    rows = []  # (date, name, kind, rule)
    for y in range(FIRST_YEAR - 1, LAST_YEAR + 2):
        for m, d, name, rule in FIXED:
            rows.append((dt.date(y, m, d), name, "fixed", rule))
        ny = cal.lunar(y, 1, 1)
        rows.append((ny - dt.timedelta(days=1), "설날 전날", "lunar", "sun2014"))
        rows.append((ny, "설날", "lunar", "sun2014"))
        rows.append((ny + dt.timedelta(days=1), "설날 다음날", "lunar", "sun2014"))
        rows.append((cal.lunar(y, 4, 8), "부처님오신날", "lunar", "wkend2023"))
        ch = cal.lunar(y, 8, 15)
        rows.append((ch - dt.timedelta(days=1), "추석 전날", "lunar", "sun2014"))
        rows.append((ch, "추석", "lunar", "sun2014"))
        rows.append((ch + dt.timedelta(days=1), "추석 다음날", "lunar", "sun2014"))
    for s, name in TEMPORARY:
        rows.append((dt.date.fromisoformat(s), name, "temporary", None))
    for s, name in ELECTIONS_HELD:
        rows.append((dt.date.fromisoformat(s), name, "election", None))
    base_days = {r[0] for r in rows}
    for d, name in future_elections(base_days):
        rows.append((d, name, "election", None))

    by_day = {}
    for r in rows:
        by_day.setdefault(r[0], []).append(r)
    holidays = set(by_day)

    def rule_active(rule, day):
        if rule is None:
            return False
        year, _ = SUBSTITUTE_RULES[rule]
        return day.year >= year and day >= RULE_START_DATE.get(rule, dt.date(year, 1, 1))

    # Each day decides how many of its holidays are "lost" to a weekend or to another
    # holiday, and which of them earn a substitute day.
    claims = []  # (date of loss, base name)
    for day in sorted(by_day):
        hs = by_day[day]
        wd = day.weekday()  # 5 = Saturday, 6 = Sunday
        if wd == 6:
            lost = hs
        elif wd == 5:
            lost = [h for h in hs if rule_active(h[3], day) and SUBSTITUTE_RULES[h[3]][1]]
        else:
            # One holiday keeps the day; keep one without a substitute rule if any.
            keep = sorted(hs, key=lambda h: rule_active(h[3], day))[0]
            lost = [h for h in hs if h is not keep]
        for h in lost:
            if rule_active(h[3], day):
                claims.append((day, h[1]))

    subs = []
    taken = set(holidays)
    for day, name in claims:
        # For 설날/추석 the search starts after the end of the three-day period.
        start = day
        base = name.replace(" 전날", "").replace(" 다음날", "")
        if base in ("설날", "추석"):
            start = max(r[0] for r in rows if r[1] == base + " 다음날" and
                        abs((r[0] - day).days) <= 2)
        cand = start + dt.timedelta(days=1)
        while cand in taken or cand.weekday() >= 5:
            cand += dt.timedelta(days=1)
        taken.add(cand)
        subs.append((cand, "대체공휴일(%s)" % base, "substitute"))

    out = [(r[0], r[1], r[2]) for r in rows] + subs
    out = [r for r in out if FIRST_YEAR <= r[0].year <= LAST_YEAR]
    return sorted(set(out))


def check(kst):
    """Compare the UTC+8 calendar with python3-lunardate and print near-midnight events."""
    try:
        import lunardate  # noqa: PLC0415 (optional, for the check only)
    except ImportError:
        print("check: python3-lunardate not installed, comparison skipped", file=sys.stderr)
        lunardate = None
    if lunardate is not None:
        cst = Lunisolar(8.0)
        bad = 0
        for y in range(FIRST_YEAR - 1, LAST_YEAR + 2):
            for (ly, m, leap), start in cst.months_of_year(y).items():
                ref = lunardate.LunarDate(ly, m, 1, leap).toSolarDate()
                if ref != start:
                    bad += 1
                    print("check: UTC+8 month %d-%02d%s: computed %s, lunardate %s"
                          % (ly, m, " leap" if leap else "", start, ref), file=sys.stderr)
        print("check: UTC+8 vs lunardate: %d differing month starts" % bad, file=sys.stderr)
    for what, t in kst.near_midnight:
        print("check: KST near midnight: %s at %s" % (what, t), file=sys.stderr)


def main(argv):
    do_check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    kst = Lunisolar(KST)
    rows = build(kst)
    text = "date,name,kind\n" + "".join(
        "%s,%s,%s\n" % (d.isoformat(), n, k) for d, n, k in rows)
    if args:
        with open(args[0], "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if do_check:
        check(kst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
