"""What a translator's text goes through before it is stored, wherever it comes from (the
review screen, an imported XLIFF file): one home for the rule."""

from __future__ import annotations

#: The longest translation of one segment, in characters.
MAX_SEGMENT_CHARS = 20_000


def clean_translation(text: str | None) -> str:
    """``text`` as it is stored: line endings made ``\\n`` (``\\r\\n`` and a lone ``\\r``
    alike) and surrounding whitespace removed; no text (``None``) is the empty string."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
