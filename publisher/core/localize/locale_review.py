"""The page a native editor signs off: every hand-written form per locale, with an example.

``python -m publisher.core.localize.locale_review`` rewrites ``docs/locale-review.md`` from the
tables in
``publisher.core.localize.locale_patterns``; a test fails when the page and the tables differ, or
when
a form has no source. Each row shows a form, what it prints for an English example (run
through the same detector and renderer as an edition), its source, and whether a native
editor has checked it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale

from publisher.core.locales import LOCALE_CODES, LOCALES, SPECS
from publisher.core.localize.datelines import render_byline
from publisher.core.localize.l10n import formatter_for
from publisher.core.localize.locale_patterns import (
    LocalePatterns,
    Source,
    patterns_for,
)
from publisher.core.localize.quotes import localize
from publisher.core.protect import find_spans

REFERENCE = dt.date(2021, 7, 22)
PAGE = Path(__file__).resolve().parents[3] / "docs" / "locale-review.md"
# An English example for each shape a phrase governs, with "{gov}" for the governor.
_EXAMPLES = {
    "day": "{gov} July 18, 2021",
    "month": "{gov} May 2021",
    "season": "{gov} the spring of 2001",
    "range": "{gov} September 2002 {to} March 2003",
}
_TEMPLATES = (
    "day_month",
    "dateline_year",
    "month_year",
    "text_year",
    "month_text_year",
    "range_start_year",
    "part_core",
    "month_core",
)


def review_name(code: str) -> str:
    """The registry's English name of ``code``, with its script where its language has
    locales in two scripts: "Uzbek (Latin)", "Uzbek (Cyrillic)", "Russian"."""
    spec = SPECS[code]
    if "(" in spec.english_name or sum(s.language == spec.language for s in LOCALES) < 2:
        return spec.english_name
    return f"{spec.english_name} ({Locale('en').scripts[spec.script]})"


@dataclass(frozen=True)
class Row:
    key: str  # "phrases.month.since"
    form: str  # the template or the listed words
    example: str  # "since May 2021 → с мая 2021 года"
    source: Source


def source_of(patterns: LocalePatterns, key: str) -> Source:
    """The source of a form: its own entry, or the entry of the group it belongs to."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = patterns.sources.get(".".join(parts[:end]))
        if found is not None:
            return found
    raise LookupError(f"{patterns.code}: the form {key!r} names no source")


def _rendered(code: str, english: str) -> str:
    spans = find_spans(english, reference=REFERENCE)
    if len(spans) != 1:
        return ""
    return f"{english} → {formatter_for(code).render(spans[0])}"


def _phrase_rows(p: LocalePatterns) -> Iterator[tuple[str, str, str]]:
    for shape, table in p.phrases.items():
        for governor, template in table.items():
            to = "and" if governor == "between" else "to"
            english = _EXAMPLES[shape].format(gov=governor, to=to).strip()
            yield f"phrases.{shape}.{governor or '-'}", template, _rendered(p.code, english)
    for governor, template in p.range_phrases.items():
        english = f"{governor} July 13-14"
        yield f"range_phrases.{governor}", template, _rendered(p.code, english)
    for governor, template in p.weekday.items():
        english = f"{governor} Friday, July 21, 2017".strip()
        yield f"weekday.{governor or '-'}", template, _rendered(p.code, english)


def _table_rows(p: LocalePatterns) -> Iterator[tuple[str, str, str]]:
    for case, names in p.cases.items():
        yield f"cases.{case}", ", ".join(names), ""
    for case, names in p.seasons.items():
        yield f"seasons.{case}", ", ".join(names), ""
    for part, forms in p.parts.items():
        example = _rendered(p.code, f"in {part} June 2021".replace("mid ", "mid-"))
        yield f"parts.{part}", ", ".join(f"{c}: {w}" for c, w in forms.items()), example
    for case, names in p.weekday_cases.items():
        yield f"weekday_cases.{case}", ", ".join(names), ""
    for code, name in p.currency_names.items():
        yield f"currency.{code}", name, ""
    press = p.press
    byline = "By Bruce Pannier and Farangis Najibullah"
    yield (
        "press",
        f"{press.author} / {press.authors} / {press.conjunction}",
        (f"{byline} → {render_byline(byline, locale=p.code, glossary={})}"),
    )
    q = p.quotes
    said = "He said: \"We call it 'the plan'.\""
    yield (
        "quotes",
        f"{q.start}…{q.end} / {q.alternate_start}…{q.alternate_end}",
        (f"{said} → {localize(said, q)}"),
    )


def rows(code: str) -> list[Row]:
    """Every hand-written form of ``code``, in a stable order."""
    p = patterns_for(code)
    found: list[tuple[str, str, str]] = [
        (name, getattr(p, name), "")
        for name in _TEMPLATES
        if getattr(p, name) and not (name == "month_core" and p.month_core == "{nom}")
    ]
    found += [*_phrase_rows(p), *_table_rows(p)]
    if p.inflect is not None:
        day = formatter_for(code).day_month(dt.date(2021, 7, 18))
        example = ", ".join(p.inflect(day, case) for case in ("dat", "loc", "abl"))
        found.append(("inflect", "suffix rule (dat, loc, abl)", example))
    return [Row(key, form, example, source_of(p, key)) for key, form, example in found]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def _visible(text: str) -> str:
    """Spaces a reader cannot see, named: U+00A0, U+202F, U+2009."""
    return text.replace("\xa0", "⍽").replace("\u202f", "⍽ₙ").replace("\u2009", "ₜ")


def render_review() -> str:
    lines = [
        "# Locale forms for native review",
        "",
        "Generated by `python -m publisher.core.localize.locale_review` from",
        "`publisher/core/localize/locale_patterns/`; a test keeps it in step with the code.",
        "Each row is a form Tarjima writes by hand",
        "where CLDR has none or gets it wrong. Invisible spaces are shown: ⍽ U+00A0 (no-break),",
        "⍽ₙ U+202F (narrow no-break), ₜ U+2009 (thin). A native editor who checks a form sets",
        "`checked_by` on its `Source` in the locale's module; until then the row says",
        "**needs native check**.",
    ]
    for code in LOCALE_CODES:
        table = rows(code)
        open_count = sum(1 for row in table if row.source.checked_by is None)
        lines += [
            "",
            f"## {review_name(code)} (`{code}`)",
            "",
            f"{len(table)} forms, {open_count} need a native check.",
            "",
            "| form | written | example | source | status |",
            "|---|---|---|---|---|",
        ]
        for row in table:
            status = (
                f"checked by {row.source.checked_by}"
                if row.source.checked_by
                else ("**needs native check**")
            )
            cells = (row.key, _visible(row.form), _visible(row.example), row.source.basis, status)
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    PAGE.write_text(render_review(), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")


if __name__ == "__main__":
    main()
