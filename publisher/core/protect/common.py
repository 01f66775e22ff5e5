"""What the span detectors share: the regex pieces and the span constructor."""

from __future__ import annotations

import re
from decimal import Decimal

from publisher.core.articles import ProtectedSpan, SpanKind

# An abbreviation's period that also ends the sentence ("in Jan." at the end) stays outside.
ABBREVIATION_DOT = r"(?:\.(?!\s*(?:$|[A-Z\"“])))?"
# A number as English writes it: "4,000", "12,345.67", "345", "1.5"; not "1,5" or "1.2.3".
NUM = r"(?P<amount>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?!\d|[.,]\d)"


def span_of(
    kind: SpanKind,
    match: re.Match[str],
    value: str,
    *,
    qualifier: str | None = None,
    currency: str | None = None,
    governor: str | None = None,
) -> ProtectedSpan:
    """The span of the whole of ``match``."""
    start, end = match.span()
    return ProtectedSpan(
        kind, start, end, match.group(), value, qualifier, currency, governor=governor
    )


def plain_decimal(amount: str, exponent: int = 0) -> str:
    """ "4,000" -> "4000"; ("1.5", 6) -> "1500000"; decimals of the source are kept."""
    value = Decimal(amount.replace(",", "")).scaleb(exponent)
    return format(value.normalize() if exponent else value, "f")
