"""A tiny NLLB-200 checkpoint in Hugging Face format (random weights), for download tests.

It has the files of ``facebook/nllb-200-distilled-600M`` on the Hub, in miniature: an
``M2M100ForConditionalGeneration`` of d_model 32 with one layer per stack
(``config.json``, ``generation_config.json``, ``model.safetensors``), a SentencePiece model
named ``sentencepiece.bpe.model`` and the NLLB tokenizer's files, whose vocabulary holds
the language tokens of Tarjima's locales (``eng_Latn uzn_Latn kir_Cyrl tgk_Cyrl rus_Cyrl``)
and ``<mask>``. CTranslate2's converter turns it into a model that Tarjima's NLLB engine
loads; the output is nonsense but depends on the target language token. Builds in seconds.
"""

from __future__ import annotations

from pathlib import Path

from publisher.core.locales import NLLB_CODES
from tests.support.package_builder import train_sentencepiece
from worker.engines.nllb_models import SENTENCEPIECE_FILE

CORPUS = (
    "The quick brown fox jumps over the lazy dog. Numbers 0 1 2 3 4 5 6 7 8 9.",
    "Relations between the two countries reached an all-time low in April.",
    "Tajikistan and Kyrgyzstan share a long border in the Ferghana Valley.",
)


def build_tiny_nllb_checkpoint(target: Path, vocab_size: int = 400) -> Path:
    """Write the checkpoint's files to ``target`` and return it."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    target.mkdir(parents=True, exist_ok=True)
    (target / SENTENCEPIECE_FILE).write_bytes(train_sentencepiece(CORPUS, vocab_size))
    tokenizer = NllbTokenizer.from_pretrained(
        str(target),
        additional_special_tokens=list(NLLB_CODES.values()),
        src_lang="eng_Latn",
    )
    tokenizer.add_special_tokens({"mask_token": "<mask>"})
    tokenizer.save_pretrained(str(target))
    torch.manual_seed(1234)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=1024,
        scale_embedding=True,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        # Not a field of the config dataclass: transformers keeps extra keywords and writes
        # them to config.json, where the converter reads which tokenizer to load.
        tokenizer_class="NllbTokenizer",  # type: ignore[call-arg]
    )
    M2M100ForConditionalGeneration(config).save_pretrained(str(target))
    return target
