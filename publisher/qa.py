"""Quality checks on one translation of one segment; warnings are stored with it.

Issue-level checks here: protected spans (numbers, dates, markup) missing, duplicated
or garbled in the engine output, and empty output.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from publisher.articles import Segment
from publisher.protect import check


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class QAWarning:
    code: str
    message: str
    severity: Severity

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "severity": str(self.severity)}


def check_translation(segment: Segment, translated: str) -> tuple[QAWarning, ...]:
    """Warnings for ``translated`` (the engine output, placeholders included)."""
    if not translated.strip():
        return (QAWarning("empty", "the translation is empty", Severity.ERROR),)
    return tuple(
        QAWarning(f"span_{problem.kind}", problem.message, Severity.ERROR)
        for problem in check(translated, segment.spans)
    )
