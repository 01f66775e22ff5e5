"""The locale registry: the languages Tarjima translates from and into, and what each
engine calls them. Lists elsewhere derive from this table."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Tarjima's locales in NLLB-200 (FLORES-200) codes. Northern Uzbek is the Uzbek of
# Uzbekistan; NLLB writes it in Latin script, as Tarjima's "uz" edition is.
NLLB_CODES: Mapping[str, str] = MappingProxyType(
    {
        "en": "eng_Latn",
        "uz": "uzn_Latn",
        "ky": "kir_Cyrl",
        "tg": "tgk_Cyrl",
        "ru": "rus_Cyrl",
    }
)
