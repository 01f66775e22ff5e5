"""Sentence-boundary accuracy (issue 14, point 7): Tarjima's segmenter against bare pySBD.

Run as ``.venv/bin/python -m bench.segmentation [--failures]``; prints one line per system:
the share of cases of ``tests/publisher/data/segmentation/golden_rules_en.json`` split
exactly. Tarjima's figure goes through the code path of ``tarjima segment`` (decode ->
ingest -> segment -> protect -> the JSON report); pySBD's is
``pysbd.Segmenter(language="en", clean=False)`` on the same text, whitespace normalized
as ingest does (see ``pysbd_segments``). ``--failures`` lists the cases each system gets wrong.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CASES = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "publisher"
    / "data"
    / "segmentation"
    / "golden_rules_en.json"
)
_DATE = date(2021, 7, 21)
_LINE_MARKER = re.compile(r"^(?:[-*•]|\d{1,3}[.)])\s+(?=\S)")
_SECOND_ITEM = re.compile(r"\s2(?:\.\)|[.)])\s+\S")

Splitter = Callable[[str], list[str]]


@dataclass(frozen=True)
class Case:
    category: str
    text: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    passed: int
    total: int
    failures: tuple[tuple[Case, tuple[str, ...]], ...]

    @property
    def share(self) -> float:
        return self.passed / self.total


def load_cases(path: Path = CASES) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Case(c["category"], c["text"], tuple(c["expected"])) for c in data["cases"]]


def tarjima_segments(text: str) -> list[str]:
    """The segments ``tarjima segment`` prints for ``text`` given as a .txt file, in order."""
    from publisher.cli.segment_report import article_report
    from publisher.core.ingest import decode_source
    from publisher.services.intake import prepare

    document = decode_source(text.encode("utf-8"), name="case.txt", max_bytes=1 << 20)
    report = article_report(prepare(document, source_locale="en", published=_DATE))
    return [s["text"] for block in report["blocks"] for s in block["segments"]]


def _list_line(text: str, start: int) -> bool:
    """Whether a list item's line starts at ``start`` (not "* * *", not "1. ... 2. ...")."""
    if start and text[start - 1] != "\n":
        return False
    line = text[start:].split("\n", 1)[0]
    return not re.fullmatch(r"\*(?: \*)+", line.strip()) and not _SECOND_ITEM.search(line)


def pysbd_segments(text: str) -> list[str]:
    """pySBD's sentences, whitespace normalized; a list marker that starts a line is left
    out, as ingest leaves it out of the list item (so neither system is charged for it)."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    found = []
    for span in segmenter.segment(text):
        piece = " ".join(str(span.sent).split())
        if _list_line(text, span.start):
            piece = _LINE_MARKER.sub("", piece, count=1)
        if piece:
            found.append(piece)
    return found


def score(split: Splitter, cases: Sequence[Case]) -> Score:
    failures = []
    for case in cases:
        got = tuple(split(case.text))
        if got != case.expected:
            failures.append((case, got))
    return Score(len(cases) - len(failures), len(cases), tuple(failures))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="list the cases missed")
    args = parser.parse_args(argv)
    cases = load_cases()
    for name, split in (("tarjima segment", tarjima_segments), ("pySBD", pysbd_segments)):
        result = score(split, cases)
        print(f"{name:16} {result.passed}/{result.total} exact = {result.share:.1%}")
        if args.failures:
            for case, got in result.failures:
                print(
                    f"  [{case.category}] {case.text!r}\n    want {list(case.expected)}"
                    f"\n    got  {list(got)}"
                )


if __name__ == "__main__":
    main()
