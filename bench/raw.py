"""(i) The limit: ``ctranslate2.Translator.translate_batch`` in one process, nothing else.

Run as ``python -m bench.raw PACKAGE_DIR TEXTS_JSON --inter N --intra M [--chunk B]``;
prints one JSON object. Decoding settings are those of Tarjima's ArgosEngine, read from
its code so that they cannot drift: ``beam_size`` (the Settings default),
``max_batch_size`` (the engine's default), ``replace_unknowns=True``, no target prefix.
Tokenization is the package's SentencePiece model with the call Argos's tokenizer makes
(``encode(text, out_type=str)``); it and detokenization are timed apart. The translator is
warmed first, as the workers are (see WARM_SEGMENTS).

* without ``--chunk``: one call with every segment (CTranslate2 sorts them by length and
  runs batches of ``max_batch_size``): the limit;
* with ``--chunk B``: one call per run of B consecutive segments, as Tarjima's tasks
  receive them, submitted asynchronously so that ``inter_threads`` replicas work at once
  (the in-process twin of ``inter_threads`` worker processes).
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Before timing, translate what the benchmark's warm-up publish gives each worker: the
# first calls of a Translator allocate its caches and touch the weights.
WARM_SEGMENTS = 32
WARM_CHUNK = 16


def decoding_options() -> dict[str, Any]:
    """Tarjima's decoding settings, from its Settings and ArgosEngine defaults."""
    from publisher.core.config import Settings
    from worker.engines.argos import ArgosEngine

    engine_defaults = inspect.signature(ArgosEngine.__init__).parameters
    return {
        "beam_size": Settings.model_fields["beam_size"].default,
        "max_batch_size": engine_defaults["max_batch_size"].default,
        "replace_unknowns": True,
    }


def _chunks(items: Sequence[list[str]], size: int) -> list[list[list[str]]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def translate(translator: Any, tokens: list[list[str]], chunk: int | None) -> list[list[str]]:
    """Output pieces of every segment, in input order."""
    options = decoding_options()
    if chunk is None:
        return [r.hypotheses[0] for r in translator.translate_batch(tokens, **options)]
    pending = [
        translator.translate_batch(part, asynchronous=True, **options)
        for part in _chunks(tokens, chunk)
    ]
    return [r.result().hypotheses[0] for part in pending for r in part]


def run(
    package: Path, texts: list[str], *, inter: int, intra: int, chunk: int | None
) -> dict[str, Any]:
    import ctranslate2
    import sentencepiece

    started = time.perf_counter()
    tokenizer = str(package / "sentencepiece.model")
    processor = sentencepiece.SentencePieceProcessor(model_file=tokenizer)
    translator = ctranslate2.Translator(
        str(package / "model"), device="cpu", inter_threads=inter, intra_threads=intra
    )
    loaded = time.perf_counter()
    tokens = [processor.encode(text, out_type=str) for text in texts]
    tokenized = time.perf_counter()
    translate(translator, tokens[:WARM_SEGMENTS], WARM_CHUNK)  # as the workers are warmed
    warmed = time.perf_counter()
    started_translation = time.perf_counter()
    pieces = translate(translator, tokens, chunk)
    translated = time.perf_counter()
    outputs = [str(processor.decode_pieces(p)).strip() for p in pieces]
    decoded = time.perf_counter()
    return {
        "inter_threads": inter,
        "intra_threads": intra,
        "chunk": chunk,
        "segments": len(texts),
        "decoding": decoding_options(),
        "load_s": loaded - started,
        "tokenize_s": tokenized - loaded,
        "warm_s": warmed - tokenized,
        "translate_s": translated - started_translation,
        "detokenize_s": decoded - translated,
        "source_pieces": sum(map(len, tokens)),
        "output_pieces": sum(map(len, pieces)),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "outputs": outputs,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="unpacked Argos package folder")
    parser.add_argument("texts", type=Path, help="JSON list of segment texts")
    parser.add_argument("--inter", type=int, default=1)
    parser.add_argument("--intra", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N segments")
    args = parser.parse_args(argv)
    texts = json.loads(args.texts.read_text(encoding="utf-8"))[: args.limit]
    result = run(args.package, texts, inter=args.inter, intra=args.intra, chunk=args.chunk)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
