"""When a sentence says something happened, resolved against the article's publication date.

Read, with the precision each gives:

- explicit dates: "August 21", "Aug. 16, 2016", "16 August 2016" (DAY); "in March",
  "since September 2015" (MONTH); "in 2015" (YEAR). Without a year, the year of publication,
  or the year before when that would put the day over a month after publication;
- weekdays: "on Tuesday", "Tuesday’s announcement": the latest such day on or before
  publication (DAY);
- relative words: "today" (DAY), "yesterday", "a day earlier", "a day after", "two days
  earlier" (DAY, counted back); "last week", "this week", "next week" (the Monday of that
  week, WEEK); "last month", "this month", "next month" (its first day, MONTH); "last year",
  "this year" (1 January, YEAR).

A sentence may hold several; a proposal takes the one nearest its cue. A sentence with none
is dated the day of publication, precision DAY: the day the article attests the
relationship, as the seed records standing ties ("the main backers of Assad").

Examples
--------
>>> import datetime as dt
>>> tuesday = dt.date(2016, 8, 16)
>>> [(d.isoformat(), p.value) for _, d, p in dates_in("met last week, a day after Aug. 3", tuesday)]
[('2016-08-08', 'WEEK'), ('2016-08-15', 'DAY'), ('2016-08-03', 'DAY')]
>>> nearest(dates_in("on Sunday", tuesday), 0, tuesday)
(datetime.date(2016, 8, 14), <DatePrecision.DAY: 'DAY'>)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from graph.model.vocabulary import DatePrecision

__all__ = ["dates_in", "nearest"]

_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4})"
_SOURCES = [
    ("md", rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? {_YEAR})?"),
    ("dm", rf"\b(?P<day>\d{{1,2}}) {_MONTH}(?: {_YEAR})?"),
    ("m", rf"\b(?:in|since|until|by|during|early|late|mid-|from) {_MONTH}(?! \d)(?: {_YEAR})?"),
    ("y", r"\b(?:in|since|during) (?P<year>(?:19|20)\d\d)\b"),
    ("wd", r"\b(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"),
    (
        "ago",
        r"\b(?P<n>a|one|two|three|four|five|six|seven|the) "
        r"(?:days? (?:earlier|before|after|ago|later)|previous day)\b",
    ),
    ("rel", r"\b(?P<which>last|this|next|earlier this|later this) (?P<unit>week|month|year)\b"),
    ("today", r"\b(?P<word>today|tonight|yesterday|last night)\b"),
]
_PATTERNS = [(kind, re.compile(source, re.I)) for kind, source in _SOURCES]  # fmt: skip


def _year_for(month: int, day: int, published: dt.date) -> int:
    try:
        guess = dt.date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year - 1 if (guess - published).days > 31 else published.year


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _relative(which: str, unit: str, published: dt.date) -> tuple[dt.date, DatePrecision]:
    step = {"last": -1, "next": 1}.get(which, 0)
    if unit == "week":
        return _monday(published) + dt.timedelta(weeks=step), DatePrecision.WEEK
    if unit == "month":
        month = published.month + step
        year = published.year + (month - 1) // 12
        return dt.date(year, (month - 1) % 12 + 1, 1), DatePrecision.MONTH
    return dt.date(published.year + step, 1, 1), DatePrecision.YEAR


def _resolve(kind: str, m: re.Match[str], published: dt.date) -> tuple[dt.date, DatePrecision]:
    groups = {k: (v or "").lower() for k, v in m.groupdict().items()}
    if kind in {"md", "dm"}:
        month, day = _MONTHS[groups["month"]], int(groups["day"])
        year = int(groups["year"]) if groups["year"] else _year_for(month, day, published)
        return dt.date(year, month, day), DatePrecision.DAY
    if kind == "m":
        month = _MONTHS[groups["month"]]
        year = int(groups["year"]) if groups["year"] else _year_for(month, 1, published)
        return dt.date(year, month, 1), DatePrecision.MONTH
    if kind == "y":
        return dt.date(int(groups["year"]), 1, 1), DatePrecision.YEAR
    if kind == "wd":
        back = (published.weekday() - _WEEKDAYS.index(groups["weekday"])) % 7
        return published - dt.timedelta(days=back), DatePrecision.DAY
    if kind == "ago":
        return published - dt.timedelta(days=_NUMBERS.get(groups["n"], 1)), DatePrecision.DAY
    if kind == "rel":
        return _relative(groups["which"].split()[0], groups["unit"], published)
    back = 0 if groups["word"] in {"today", "tonight"} else 1
    return published - dt.timedelta(days=back), DatePrecision.DAY


def dates_in(
    text: str, published: dt.date, start: int = 0, end: int | None = None
) -> list[tuple[int, dt.date, DatePrecision]]:
    """``(offset, date, precision)`` of every date said in ``text[start:end]``, in text order.

    A date that cannot be (30 February) is left out.
    """
    stop = len(text) if end is None else end
    found: list[tuple[int, int, dt.date, DatePrecision]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text, start, stop):
            if any(a <= match.start() < b for a, b, _, _ in found):
                continue
            try:
                day, precision = _resolve(kind, match, published)
            except ValueError:
                continue
            found.append((match.start(), match.end(), day, precision))
    return [(a, day, precision) for a, _, day, precision in sorted(found, key=lambda f: f[0])]


def nearest(
    found: Sequence[tuple[int, dt.date, DatePrecision]], offset: int, published: dt.date | None
) -> tuple[dt.date | None, DatePrecision | None]:
    """The date of ``found`` nearest ``offset``; the publication day when there is none."""
    if found:
        _, day, precision = min(found, key=lambda f: abs(f[0] - offset))
        return day, precision
    return (published, DatePrecision.DAY) if published is not None else (None, None)
