"""Dates as a locale prints them: alone, as a dateline, and inside a governed phrase.

A date span of the source carries its governing word ("since May 2021": governor
"since"); ``DateWords.render`` prints the whole phrase from the locale's forms
(``publisher.core.localize.locale_patterns``): the phrase template of the governor asks for the
date in
a case ("с {gen}"), and the date is built in that case:

- Russian and Tajik (table languages): the month, season or part-of-month noun takes the
  case from the locale's tables ("с мая 2021 года", "в конце июня", "весной 2001 года");
  a day-month keeps CLDR's genitive month ("с 18 июля").
- Uzbek and Kyrgyz (suffix languages): the date is built in the nominative, year
  included, and ``inflect`` puts the case suffix on its last word ("2021-yil maydan beri",
  "18-июлга чейин").

Years: a date with a year and no governing word is printed in the locale's ``bare_year``
form (CLDR's dateline "18 июля 2021 г.", or Uzbek running text "2021-yil 18-iyul"); inside
a phrase the year is written as running text does ("с 18 июля 2021 года"). A range that
spans two years gives its start its own year ("между сентябрём 2002 и мартом 2003 года").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Literal

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.localize.locale_patterns import DAY_RANGE_DASH, RANGE_SEPARATOR, LocalePatterns

YearStyle = Literal["bare", "text", "start"] | None
_SEASON_VALUE = re.compile(r"^(\d{4})-(2[1-4])$")
YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1\d|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Core:
    """What a date phrase is about: a day, a month, a season or a year, maybe a part of it."""

    kind: Literal["day", "month", "season", "year"]
    year: int
    index: int  # the month (1-12) or the season (0 spring - 3 winter); 0 for a year
    day: int | None = None
    part: str | None = None

    @classmethod
    def parse(cls, value: str, part: str | None = None) -> Core:
        """A core from a span value: "2021-07-18", "2021-07", "2001-21" (EDTF spring),
        "2020" (a year, with a part: "early 2020")."""
        if len(value) == 4:
            return cls("year", int(value), 0, part=part)
        season = _SEASON_VALUE.match(value)
        if season:
            return cls("season", int(season[1]), int(season[2]) - 21, part=part)
        if len(value) == 7:
            year, month = (int(piece) for piece in value.split("-"))
            return cls("month", year, month, part=part)
        d = dt.date.fromisoformat(value)
        return cls("day", d.year, d.month, d.day)


def _fill(template: str, form: Callable[[str], str]) -> str:
    """``template`` with each field replaced by ``form(field)``."""
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    return template.format(**{name: form(name) for name in names})


@dataclass(frozen=True)
class DateWords:
    """The date forms of one locale: CLDR's month and weekday names plus its own tables."""

    patterns: LocalePatterns
    # case -> twelve names: "nom" (CLDR stand-alone), "format" (CLDR, after a day: the
    # Russian genitive), "gen" (format unless the locale lists its own), the locale's cases
    months: Mapping[str, tuple[str, ...]]
    weekdays: Mapping[str, tuple[str, ...]]  # case -> Monday..Sunday; nom from CLDR

    # -- whole dates -------------------------------------------------------------------

    def day_month(self, d: dt.date) -> str:
        """ "18 июля", "18-iyul", "18-июль", "18 июл"."""
        return self._day_month(str(d.day), d.month)

    def dateline(self, d: dt.date) -> str:
        """CLDR's long date: "18 июля 2021\u202fг.", "18-iyul, 2021", "2021-ж., 18-июль"."""
        return self.patterns.dateline_year.format(core=self.day_month(d), year=d.year)

    def date_range(self, start: dt.date, end: dt.date, *, year: YearStyle = None) -> str:
        """ "13–14 июля", "30 июля\u202f–\u20092 августа"; each year printed in ``year``'s style."""
        if end < start:
            raise ValueError(f"a date range cannot end ({end}) before it starts ({start})")
        if start.year != end.year:
            left = self._with_year(self.day_month(start), start.year, "day", year)
            return (
                left + RANGE_SEPARATOR + self._with_year(self.day_month(end), end.year, "day", year)
            )
        if start.month == end.month:
            core = self._day_month(f"{start.day}{DAY_RANGE_DASH}{end.day}", start.month)
        else:
            core = self.day_month(start) + RANGE_SEPARATOR + self.day_month(end)
        return self._with_year(core, start.year, "day", year)

    # -- spans -------------------------------------------------------------------------

    def render(self, span: ProtectedSpan) -> str:
        """The localized phrase of a date or date-range span, governing word included."""
        show_year = bool(YEAR_IN_TEXT.search(span.text))
        governor = span.governor or ""
        if span.kind is SpanKind.DATE_RANGE:
            first, last = (Core.parse(v, span.qualifier) for v in span.value.split("/"))
            return self._range(first, last, governor, show_year)
        core = Core.parse(span.value, span.qualifier)
        if core.part and not governor:
            governor = "in"  # "late June" alone says when: "в конце июня", "iyun oxirida"
        if span.qualifier == "weekday" and governor in self.patterns.weekday:
            return self._weekday(core, governor, show_year)
        template = self._template(core, governor)
        style: YearStyle = None
        if show_year:
            style = "bare" if template == "{nom}" and not governor else "text"
        bare = not governor
        return _fill(template, lambda case: self.form(core, case, style, bare=bare))

    def form(self, core: Core, case: str, year: YearStyle = None, *, bare: bool = False) -> str:
        """``core`` in ``case``, with its year in the ``year`` style (None: no year).

        ``bare``: the date stands without a governing word, and a month is printed as
        CLDR names it ("июн 2021"), not as a phrase core ("моҳи июн", "май айы").
        """
        p = self.patterns
        if p.inflect is not None:
            words = self._words(core, "nom", bare)
            return p.inflect(self._with_year(words, core.year, core.kind, year), case)
        return self._with_year(self._words(core, case, bare), core.year, core.kind, year)

    # -- helpers -----------------------------------------------------------------------

    def _template(self, core: Core, governor: str) -> str:
        phrases = self.patterns.phrases
        shape = "day" if core.kind == "day" else "month"
        if core.kind == "season" and not core.part and governor in phrases.get("season", {}):
            shape = "season"
        table = phrases[shape]
        return table.get(governor, phrases[shape if shape != "season" else "month"][""])

    def _words(self, core: Core, case: str, bare: bool) -> str:
        """The core's words in ``case`` (table languages) or in the nominative, no year."""
        p = self.patterns
        if core.kind == "day":
            return self.day_month(dt.date(core.year, core.index, core.day or 1))
        if core.part is None:
            return self._noun(core, case, bare)
        part_forms = p.parts[core.part]
        nom = self._noun(core, "nom", bare=False)
        gen = self._noun(core, "gen", bare=False) if p.inflect is None else p.inflect(nom, "gen")
        return p.part_core.format(part=part_forms.get(case, part_forms["nom"]), nom=nom, gen=gen)

    def _noun(self, core: Core, case: str, bare: bool) -> str:
        p = self.patterns
        if core.kind == "year":
            return p.year_noun.get(case, p.year_noun["nom"]).format(year=core.year)
        if core.kind == "season":
            return p.seasons.get(case, p.seasons["nom"])[core.index]
        name = self.months.get(case, self.months["nom"])[core.index - 1]
        return name if bare else p.month_core.format(nom=name)

    def _with_year(self, core: str, year: int, kind: str, style: YearStyle) -> str:
        p = self.patterns
        if style is None or kind == "year":  # a year core holds its year already
            return core
        if style == "bare" and p.bare_year == "dateline":
            pattern = p.dateline_year if kind == "day" else p.month_year.replace("{nom}", "{core}")
        elif style == "start" and p.range_start_year:
            pattern = p.range_start_year
        elif kind != "day" and p.month_text_year:
            pattern = p.month_text_year
        else:
            pattern = p.text_year
        return pattern.format(core=core, year=year)

    def _day_month(self, day: str, month: int) -> str:
        return self.patterns.day_month.format(day=day, month=self.months["format"][month - 1])

    def _weekday(self, core: Core, governor: str, show_year: bool) -> str:
        style: YearStyle = ("text" if governor else "bare") if show_year else None
        weekday = dt.date(core.year, core.index, core.day or 1).weekday()
        return _fill(
            self.patterns.weekday[governor],
            lambda field: (
                self.form(core, "nom", style)
                if field == "date"
                else self.weekdays.get(field.removeprefix("weekday_"), self.weekdays["nom"])[
                    weekday
                ]
            ),
        )

    def _range(self, first: Core, last: Core, governor: str, show_year: bool) -> str:
        p = self.patterns
        two_ended = p.phrases["range"]
        if first.kind == "day" and last.kind == "day" and governor not in ("from", "between"):
            start, end = (dt.date(c.year, c.index, c.day or 1) for c in (first, last))
            template = p.range_phrases.get(governor)
            if template is None:
                return self.date_range(start, end, year="bare" if show_year else None)
            return template.format(
                date=self.date_range(start, end, year=("text" if show_year else None))
            )
        template = two_ended.get(governor, two_ended[""])
        start_style: YearStyle = "start" if first.year != last.year and show_year else None
        end_style: YearStyle = ("text" if governor else "bare") if show_year else None

        def end_form(field: str) -> str:
            side, _, case = field.partition("_")
            if side == "end":
                return self.form(last, case, end_style, bare=not governor)
            if (
                p.range_start_day_only
                and first.kind == "day"
                and (first.year, first.index) == (last.year, last.index)
            ):
                return str(first.day)
            return self.form(first, case, start_style, bare=not governor)

        return _fill(template, end_form)
