"""Reading the free-text Zeitraum of older measures as planned start and end months.

Understood: a year ("2025"), a range of years ("2024–2025", "2024 bis 2026"), a half or a
quarter year ("2. Halbjahr 2024", "Q3 2025", "3. Quartal 2025"), a month ("03/2025",
"März 2025"), each alone or as the two ends of a range, and "ab …" / "bis …". Anything else
("fortlaufend", "nach Bedarf") is not a date and stays as text.
"""

import calendar
import datetime
import re

MONATE = {
    name: nummer
    for nummer, namen in enumerate(
        [
            ("januar", "jan"),
            ("februar", "feb"),
            ("märz", "maerz", "mär", "mrz"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("dezember", "dez"),
        ],
        start=1,
    )
    for name in namen
}
JAHR = r"(20\d\d|19\d\d)"
TRENNER = re.compile(r"\s*(?:–|—|-|bis)\s*")

Zeitspanne = tuple[datetime.date, datetime.date]


def _monat(jahr: int, monat: int) -> Zeitspanne:
    return datetime.date(jahr, monat, 1), datetime.date(jahr, monat, 1)


def _spanne(jahr: int, von: int, bis: int) -> Zeitspanne:
    return datetime.date(jahr, von, 1), datetime.date(jahr, bis, 1)


def _teil(text: str) -> Zeitspanne | None:
    """One period: a year, half, quarter or month; None if it is none of these."""
    text = text.strip().rstrip(".").casefold()
    if m := re.fullmatch(JAHR, text):
        return _spanne(int(m[1]), 1, 12)
    if m := re.fullmatch(r"([12])\.\s*(?:halbjahr|hj\.?)\s*" + JAHR, text):
        halb = int(m[1])
        return _spanne(int(m[2]), 1 + 6 * (halb - 1), 6 * halb)
    if m := re.fullmatch(r"(?:([1-4])\.\s*quartal|q([1-4]))\s*(?:/\s*)?" + JAHR, text):
        quartal = int(m[1] or m[2])
        return _spanne(int(m[3]), 1 + 3 * (quartal - 1), 3 * quartal)
    if m := re.fullmatch(r"(\d{1,2})\s*[/.]\s*" + JAHR, text):
        if 1 <= int(m[1]) <= 12:
            return _monat(int(m[2]), int(m[1]))
        return None
    if (m := re.fullmatch(r"([a-zäöü]+)\.?\s+" + JAHR, text)) and m[1] in MONATE:
        return _monat(int(m[2]), MONATE[m[1]])
    return None


def lesen(text: str) -> tuple[datetime.date | None, datetime.date | None] | None:
    """(planned start month, planned end month) as first days of months, either may be None;
    None if the text is no period this module understands."""
    text = " ".join((text or "").split())
    if not text:
        return None
    klein = text.casefold()
    for praefix, seite in (("ab ", 0), ("seit ", 0), ("bis ", 1), ("spätestens ", 1)):
        if klein.startswith(praefix):
            teil = _teil(text[len(praefix) :])
            if teil is None:
                return None
            return (teil[0], None) if seite == 0 else (None, teil[1])
    if ganz := _teil(text):
        return ganz
    teile = TRENNER.split(text, maxsplit=1)
    if len(teile) == 2:
        von, bis = _teil(teile[0]), _teil(teile[1])
        if von is None and re.fullmatch(r"\d{1,2}", teile[0].strip()) and bis:
            # "03–06/2025": the year of the end holds for the start.
            von = _teil(f"{teile[0].strip()}/{bis[0].year}")
        if von and bis and von[0] <= bis[1]:
            return von[0], bis[1]
    return None


def monatsende(datum: datetime.date) -> datetime.date:
    return datum.replace(day=calendar.monthrange(datum.year, datum.month)[1])
