"""The benchmark's Argos package: transformer-base with random weights, built on the fly.

Shape of a real Argos en->xx package: 6 encoder and 6 decoder layers, d_model 512,
feed-forward 2048, 8 heads, a 32,000-piece SentencePiece vocabulary shared by source and
target, int8 weights (Argos packages are converted with int8 quantization).

The tokenizer is trained on the newsroom's sample article and the names the benchmark
article swaps in (so its words are whole pieces, as in a real English vocabulary) plus a seeded,
Zipf-distributed corpus of pseudo-words that fills the vocabulary up to 32,000 pieces.

Random weights never choose ``</s>`` on their own, so every output would run to
CTranslate2's ``max_decoding_length`` (256 pieces). The package builder's
``length_gain`` reserves one dimension of the model that counts decoder steps against
the source length (see ``_stop_at_source_length`` in tests/support/package_builder.py);
``LENGTH_GAIN`` was measured so that outputs are about as long as their source (ratio
1.03, correlation 0.92 with the source length), as translations of news are. It is part
of the model, so every system decodes the very same outputs with the same settings.

Built once and cached under ``bench/.work/cache/<hash of the recipe>/``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from bench.article import NEIGHBOURS, STATES, WORDS
from tests.support.package_builder import PackageSpec, build_package

CACHE = Path(__file__).resolve().parent / ".work" / "cache"
LENGTH_GAIN = 13.0
PSEUDO_WORDS = 40_000
PSEUDO_LINES = 60_000
SAMPLE_REPEATS = 20
_ONSETS = (
    "",
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "ch",
    "sh",
    "th",
    "st",
    "tr",
    "pr",
    "br",
    "kr",
    "gr",
    "bl",
    "pl",
    "dr",
    "q",
    "kh",
    "zh",
    "y",
)
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ia", "ya", "oe", "ee", "oo")
_CODAS = ("", "", "n", "r", "s", "t", "l", "k", "m", "st", "nd", "ng", "rt", "sk", "v", "z")


@dataclass(frozen=True)
class BenchModel:
    archive: Path
    spec_summary: dict[str, object]


def pseudo_corpus(words: int = PSEUDO_WORDS, lines: int = PSEUDO_LINES, seed: int = 7) -> list[str]:
    """Seeded lines of Zipf-distributed pseudo-words (enough distinct pieces for 32k BPE)."""
    rng = random.Random(seed)

    def word() -> str:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        return "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )

    lexicon = list(dict.fromkeys(word() for _ in range(words * 2)))[:words]
    cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(lexicon))))
    out = []
    for _ in range(lines):
        chosen = rng.choices(lexicon, cum_weights=cumulative, k=rng.randint(6, 20))
        chosen[0] = chosen[0].capitalize()
        out.append(" ".join(chosen) + rng.choice(".,.?!;"))
    return out


def _article_words() -> str:
    """The names and words the benchmark article swaps in (see bench.article)."""
    names = [name for pair in (*STATES, *NEIGHBOURS) for name in pair]
    return " ".join([*names, *(word for alts in WORDS.values() for word in alts)])


def bench_spec(sample_text: str, *, length_gain: float = LENGTH_GAIN) -> PackageSpec:
    news = [sample_text, _article_words()] * SAMPLE_REPEATS
    corpus = "\n".join([*news, *pseudo_corpus()])
    return PackageSpec(
        "en",
        "ru",
        "random",
        corpus=(corpus,),
        vocab_size=32_000,
        max_positions=256,
        d_model=512,
        ffn_dim=2048,
        num_heads=8,
        num_layers=6,
        seed=2021,
        package_version="1.0.bench",
        length_gain=length_gain,
        quantization="int8",
    )


def _recipe_key(spec: PackageSpec) -> str:
    recipe = asdict(replace(spec, corpus=()))
    recipe["corpus_sha256"] = hashlib.sha256("\n".join(spec.corpus).encode()).hexdigest()
    recipe["token_map"] = dict(spec.token_map)
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:16]


def summary(spec: PackageSpec) -> dict[str, object]:
    return {
        "layers": f"{spec.num_layers}+{spec.num_layers}",
        "d_model": spec.d_model,
        "ffn": spec.ffn_dim,
        "heads": spec.num_heads,
        "vocab_requested": spec.vocab_size,
        "length_gain": spec.length_gain,
        "quantization": spec.quantization,
        "seed": spec.seed,
    }


def ensure_package(sample_text: str, *, length_gain: float = LENGTH_GAIN) -> BenchModel:
    """The cached benchmark package, built if missing."""
    spec = bench_spec(sample_text, length_gain=length_gain)
    folder = CACHE / _recipe_key(spec)
    archive = folder / "translate-en_ru-random.argosmodel"
    if not archive.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / "partial"
        built = build_package(partial, spec)
        built.rename(archive)
        partial.rmdir()
    return BenchModel(archive, summary(spec))
