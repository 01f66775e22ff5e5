"""The locale registry: every language Tarjima translates from, into, or derives an edition
for, and what each engine, check and screen needs to know about it.

``LOCALES`` is the one table. Every list, enum, schema, catalog set and engine mapping
elsewhere derives from it (``TARGET_LOCALES``, ``NLLB_CODES``, the web schemas' enums,
the catalogs' language names, QA's length ratios, ...). Adding a language is a row here
plus its gettext catalog (``locales/<code>/LC_MESSAGES/messages.po``); hand-written date
and number forms (``publisher.core.localize.locale_patterns``) are optional: a locale
without them prints what CLDR (through Babel) says.

Codes are Babel's ("uz_Cyrl"); URLs and ``lang`` use the BCP 47 tag
(``publisher.core.localize.l10n.locale_tag``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from publisher.core.localize.orthography import uzbek_latin
from publisher.core.localize.transliterate import latin_to_cyrillic
from publisher.core.messages import N_

Role = Literal["source", "target", "derived"]


@dataclass(frozen=True)
class LocaleSpec:
    """One locale of the registry."""

    code: str  # Babel's code: "ru", "uz_Cyrl"
    # The language's name in English, marked for the catalogs (a page names a language
    # in its own language: ``publisher.core.localize.catalogs.language_name``).
    english_name: str
    # "source": articles are written in it; "target": segments are translated into it;
    # "derived": nothing is translated into it, its edition is made from ``derived_from``'s
    # translations by ``transliterate`` (and published and unpublished with it).
    role: Role
    script: str  # ISO 15924 script the locale is written in: "Latn", "Cyrl"
    # The name a language switcher shows, where CLDR's is not what the language calls
    # itself there; None: CLDR's.
    endonym: str | None = None
    derived_from: str | None = None
    transliterate: Callable[[str], str] | None = None
    # The locale's house spelling, applied to its translations' text as printed (not as
    # stored); None: printed as translated.
    house_style: Callable[[str], str] | None = None
    nllb: str | None = None  # NLLB-200 (FLORES-200) code; None: NLLB does not cover it
    # Whether the public Argos index has a package from the source language into it.
    argos_index: bool = False
    # Translated length / source length expected from English news copy; None: QA's default.
    length_ratio: tuple[float, float] | None = None
    # Nouns agree with the number before them (Russian: 2 человека, 5 человек), so a
    # remembered translation is reused unreviewed only for the very same numbers.
    number_agreement: bool = False

    @property
    def language(self) -> str:
        """The language subtag: "uz" for uz and uz_Cyrl."""
        return self.code.split("_")[0]


LOCALES: tuple[LocaleSpec, ...] = (
    # NLLB's Northern Uzbek is the Uzbek of Uzbekistan, in Latin script as our uz edition.
    # CLDR names Uzbek "o‘zbek" (the adjective) in Latin script; the language, as a
    # switcher offers it, is "oʻzbekcha" (our catalog agrees).
    LocaleSpec(
        "uz",
        N_("Uzbek"),
        "target",
        "Latn",
        endonym="Oʻzbekcha",
        # o‘/g‘ with U+02BB and the tutuq with U+02BC (publisher.core.localize.orthography)
        house_style=uzbek_latin,
        nllb="uzn_Latn",
        length_ratio=(0.5, 2.0),
    ),
    LocaleSpec(
        "uz_Cyrl",
        N_("Uzbek (Cyrillic)"),
        "derived",
        "Cyrl",
        derived_from="uz",
        transliterate=latin_to_cyrillic,
    ),
    LocaleSpec(
        "ky",
        N_("Kyrgyz"),
        "target",
        "Cyrl",
        nllb="kir_Cyrl",
        argos_index=True,
        length_ratio=(0.5, 2.0),
    ),
    LocaleSpec("tg", N_("Tajik"), "target", "Cyrl", nllb="tgk_Cyrl", length_ratio=(0.5, 2.0)),
    LocaleSpec(
        "ru",
        N_("Russian"),
        "target",
        "Cyrl",
        nllb="rus_Cyrl",
        argos_index=True,
        length_ratio=(0.5, 1.9),
        number_agreement=True,
    ),
    LocaleSpec("en", N_("English"), "source", "Latn", nllb="eng_Latn"),
)


#: Every spec by code, in table order.
SPECS: Mapping[str, LocaleSpec] = MappingProxyType({spec.code: spec for spec in LOCALES})
#: Every code, in table order: each edition locale after the one it derives from, sources last.
LOCALE_CODES: tuple[str, ...] = tuple(SPECS)
SOURCE_LOCALES: tuple[str, ...] = tuple(s.code for s in LOCALES if s.role == "source")
TARGET_LOCALES: tuple[str, ...] = tuple(s.code for s in LOCALES if s.role == "target")
DERIVED_LOCALES: tuple[str, ...] = tuple(s.code for s in LOCALES if s.role == "derived")
#: Every edition of an article translated into every target: targets and derived locales.
EDITION_LOCALES: tuple[str, ...] = tuple(s.code for s in LOCALES if s.role != "source")
#: The languages staff screens are offered in: the sources and the targets.
STAFF_LOCALES: tuple[str, ...] = (*SOURCE_LOCALES, *TARGET_LOCALES)
#: Tarjima's locales in NLLB-200 codes.
NLLB_CODES: Mapping[str, str] = MappingProxyType(
    {
        s.code: s.nllb
        for s in sorted(LOCALES, key=lambda s: s.role != "source")  # sources first
        if s.nllb is not None
    }
)
#: Language pairs the public Argos index has a package for, among Tarjima's languages.
ARGOS_INDEX_PAIRS: frozenset[tuple[str, str]] = frozenset(
    (source, s.code) for source in SOURCE_LOCALES for s in LOCALES if s.argos_index
)
#: Expected translated/source length per target that has its own bounds.
LENGTH_RATIOS: Mapping[str, tuple[float, float]] = MappingProxyType(
    {s.code: s.length_ratio for s in LOCALES if s.length_ratio is not None}
)
NUMBER_AGREEMENT: frozenset[str] = frozenset(s.code for s in LOCALES if s.number_agreement)
