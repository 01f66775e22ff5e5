"""Which engine covers a language pair Tarjima has no model for, and the one command that
installs it.

Operators read this where a language has no model: the error stored on its passages,
`tarjima publish`'s summary, `tarjima status`. The answer follows what exists outside:

* The Argos index has English packages for two of Tarjima's languages, Russian and
  Kyrgyz (``publisher.core.locales.ARGOS_INDEX_PAIRS``, from the registry's
  ``argos_index``): `tarjima models download en-ru` installs one.
* NLLB-200 covers all of them in one model: `tarjima models download
  nllb-200-distilled-600M` fetches, converts and installs the smallest.

``auto`` (the default engine choice) prefers the Argos package where one exists, as the
router does when both are installed; a language set to one engine
(``TARJIMA_ENGINES=uz=nllb``) gets that engine's command, or is told that the engine
cannot cover it and which one can.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from publisher.core.locales import ARGOS_INDEX_PAIRS, NLLB_CODES

EngineName = Literal["argos", "nllb"]

#: The NLLB-200 model the hints install: the smallest, which runs on a CPU.
DEFAULT_NLLB_MODEL = "nllb-200-distilled-600M"
ENGINE_TITLES: dict[EngineName, str] = {
    "argos": "an Argos Translate package",
    "nllb": "the NLLB-200 model",
}
ENGINE_LACKS: dict[EngineName, str] = {
    "argos": "Argos Translate has no package for",
    "nllb": "NLLB-200 does not cover",
}


@dataclass(frozen=True)
class InstallHint:
    """What covers ``source``->``target``: the engine and the command, or neither."""

    source: str
    target: str
    engine: EngineName | None
    command: str | None
    #: The engine the language is set to, when that one cannot cover it.
    refused: EngineName | None = None

    def sentence(self) -> str:
        """One sentence for an operator: which engine covers the pair and how to install it."""
        pair = f"{self.source}->{self.target}"
        if self.engine is None or self.command is None:
            return f"no engine Tarjima knows covers {pair}; its passages go to human translators"
        said = f"{ENGINE_TITLES[self.engine]} covers {pair}; install it with `{self.command}`"
        if self.refused is not None:
            said = (
                f"{ENGINE_LACKS[self.refused]} {pair}, the engine {self.target} is set to "
                f"use; {said} and set TARJIMA_ENGINES={self.target}={self.engine}"
            )
        return said


def _argos(source: str, target: str) -> InstallHint | None:
    if (source, target) in ARGOS_INDEX_PAIRS:
        return InstallHint(source, target, "argos", f"tarjima models download {source}-{target}")
    return None


def _nllb(source: str, target: str) -> InstallHint | None:
    if source in NLLB_CODES and target in NLLB_CODES:
        return InstallHint(source, target, "nllb", f"tarjima models download {DEFAULT_NLLB_MODEL}")
    return None


def install_hint(source: str, target: str, engine: str = "auto") -> InstallHint:
    """The engine and command that would translate ``source``->``target``, for a language
    set to ``engine`` ("auto", "argos" or "nllb")."""
    finders = {"argos": _argos, "nllb": _nllb}
    if engine in finders:
        found = finders[engine](source, target)
        if found is not None:
            return found
        for name, finder in finders.items():
            other = finder(source, target)
            if name != engine and other is not None:
                return InstallHint(
                    source,
                    target,
                    other.engine,
                    other.command,
                    refused="argos" if engine == "argos" else "nllb",
                )
        return InstallHint(source, target, None, None)
    return (
        _argos(source, target) or _nllb(source, target) or InstallHint(source, target, None, None)
    )


def no_model_sentence(source: str, target: str, engine: str = "auto") -> str:
    """The whole operator's line for a pair with no model."""
    return (
        f"no translation model for {source}->{target}: "
        + install_hint(source, target, engine).sentence()
    )
