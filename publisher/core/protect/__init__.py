"""Protected spans: dates and numbers found in English text, masked, then restored.

Find dates and numbers in English text, mask them for the engine, restore them.

``find_spans`` detects dates, date ranges, times, money, percentages and numbers. ``mask``
replaces each span with a numbered placeholder (markup spans keep their text between an
opening and a closing placeholder) so that the engine leaves them alone; ``restore`` puts
the locale's rendering back into the translation, and reports placeholders the engine lost,
repeated, invented or garbled. The placeholder brackets U+27E6/U+27E7 are reserved: source
text must not contain them.
"""

from publisher.core.protect.detect import find_spans
from publisher.core.protect.placeholders import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    PLACEHOLDER_CLOSE,
    PLACEHOLDER_END_MARK,
    PLACEHOLDER_OPEN,
    Restored,
    SpanProblem,
    check,
    describe,
    mask,
    placeholder,
    restore,
    restore_plain,
)

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "PLACEHOLDER_CLOSE",
    "PLACEHOLDER_END_MARK",
    "PLACEHOLDER_OPEN",
    "Restored",
    "SpanProblem",
    "check",
    "describe",
    "find_spans",
    "mask",
    "placeholder",
    "restore",
    "restore_plain",
]
