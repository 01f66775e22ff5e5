"""Uzbek Latin -> Cyrillic word accuracy (issue 14, point 6).

Run as ``.venv/bin/python -m bench.transliteration [--failures]``; prints the word accuracy
of ``publisher.core.localize.transliterate.latin_to_cyrillic`` and of a naive letter map on the
parallel
set ``tests/publisher/data/transliteration/uz_latn_cyrl.tsv`` (see its header for how it
was made). A word is a whitespace-separated token with at least one letter; it counts as
right only if it comes out exactly as the reference spells it (punctuation and case
included). ``--failures`` lists the words the transliterator gets wrong.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.core.localize.transliterate import latin_to_cyrillic

PAIRS = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "publisher"
    / "data"
    / "transliteration"
    / "uz_latn_cyrl.tsv"
)
Converter = Callable[[str], str]

_NAIVE_UNITS = re.compile(r"[oOgG][\u2018\u02bb'\u2019`\u02bc]|[sScC][hH]|[yY][aouAOUeE]|.", re.S)
_NAIVE_SINGLE = dict(
    zip(
        "abdefghijklmnopqrstuvxyz'\u2018\u2019\u02bc\u02bb`",
        "абдефгҳижклмнопқрстувхйзъъъъъъ",
        strict=True,
    )
)
_NAIVE_PAIRS = {"sh": "ш", "ch": "ч", "ya": "я", "yo": "ё", "yu": "ю", "ye": "е"}


@dataclass(frozen=True)
class Score:
    words: int
    right: int
    wrong: tuple[tuple[str, str, str], ...]  # (latin, expected, got)

    @property
    def accuracy(self) -> float:
        return self.right / self.words if self.words else 0.0


def load_parts(path: Path = PAIRS) -> dict[str, list[tuple[str, str]]]:
    """(latin, cyrillic) sentence pairs by part ("# -- part N: NAME" starts one); other
    lines starting with # are comments."""
    parts: dict[str, list[tuple[str, str]]] = {"": []}
    name = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# -- part"):
            name = line.partition(":")[2].strip()
            parts[name] = []
        elif line.strip() and not line.startswith("#"):
            parts[name].append(_pair(line))
    return {key: pairs for key, pairs in parts.items() if pairs}


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str]]:
    """Every (latin, cyrillic) sentence pair of the set."""
    return [pair for pairs in load_parts(path).values() for pair in pairs]


def _pair(line: str) -> tuple[str, str]:
    latin, cyrillic = line.split("\t")
    return latin, cyrillic


def _naive_unit(unit: str) -> str:
    lower = unit.lower()
    if len(unit) == 2 and lower[1] not in "hae" + "ou" and lower[0] in "og":
        cyrillic = "ў" if lower[0] == "o" else "ғ"
    else:
        cyrillic = _NAIVE_PAIRS.get(lower) or "".join(_NAIVE_SINGLE.get(c, c) for c in lower)
    return cyrillic.upper() if unit[0].isupper() else cyrillic


def naive_latin_to_cyrillic(text: str) -> str:
    """The letter table alone: o‘ g‘ sh ch ya yo yu ye as units, e -> э at a word's start,
    every apostrophe -> ъ, every other letter one for one; no context, no exceptions."""
    converted = "".join(_naive_unit(u) for u in _NAIVE_UNITS.findall(text))
    return re.sub(r"(?<![^\W\d_])е", "э", re.sub(r"(?<![^\W\d_])Е", "Э", converted))


def score(pairs: Sequence[tuple[str, str]], convert: Converter) -> Score:
    words = right = 0
    wrong: list[tuple[str, str, str]] = []
    for latin, cyrillic in pairs:
        got = convert(latin).split()
        for source, expected, out in zip(latin.split(), cyrillic.split(), got, strict=True):
            if not any(c.isalpha() for c in expected):
                continue
            words += 1
            if out == expected:
                right += 1
            else:
                wrong.append((source, expected, out))
    return Score(words, right, tuple(wrong))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list the wrong words")
    args = parser.parse_args(argv)
    parts = load_parts()
    pairs = [pair for part in parts.values() for pair in part]
    ours = score(pairs, latin_to_cyrillic)
    print(f"{len(pairs)} sentences, {ours.words} words ({PAIRS.name})")
    for name, part in [("all", pairs), *parts.items()]:
        mine, naive = score(part, latin_to_cyrillic), score(part, naive_latin_to_cyrillic)
        print(
            f"{name:>12}: publisher.core.localize.transliterate {mine.accuracy:.2%} "
            f"({mine.right}/{mine.words}), naive letter map {naive.accuracy:.2%} "
            f"({naive.right}/{naive.words})"
        )
    if args.failures:
        for source, expected, got in ours.wrong:
            print(f"  {source}\texpected {expected}\tgot {got}")


if __name__ == "__main__":
    main()
