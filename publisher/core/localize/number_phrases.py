"""Numbers, percentages, money and ordinals as a newspaper in each locale prints them.

``NumberWords`` renders the number-like spans of the source (``publisher.core.articles``):

- A number keeps the decimals and the grouping of the source ("4,000" -> "4\\xa0000").
- A compact amount keeps the scale and the decimals the source used: a money span whose
  ``qualifier`` is "million", "billion" or "trillion" prints its amount with that scale
  ("$16.379 billion" -> ru "16,379\\xa0млрд долларов США"); its ``value`` stays the
  plain decimal ("16379000000"). Spans stored without the qualifier print as before:
  compact when two decimals say the amount exactly, else in full.
- A percentage prints CLDR's pattern ("5\\xa0%") or, where running text uses a word, the
  locale's ``percent_phrase`` ("5\\xa0foiz", "5\\xa0пайыз", "5\\xa0фоиз").
- A governed span ("by 5 percent", "for $300") prints the whole phrase from the locale's
  ``number_phrases``: Russian and Tajik put a preposition before the phrase ("на 5\\xa0%",
  "до 300 долларов США", "ба 5\\xa0фоиз"); Uzbek and Kyrgyz a case suffix on its last word
  ("5\\xa0foizga", "300 АКШ долларына").
- An ordinal in digits ("55th") prints the locale's ``ordinal`` form ("55-й", "55-",
  "55-ум"): the noun it qualifies is not part of the span, so the form cannot agree with
  it; Russian gets the masculine nominative and a feminine or neuter noun needs the
  translator (the Source of ``ordinal`` says so).
- A number marked ``literal`` (a version: "iOS 14.5") prints exactly as the source wrote it.

Every Babel call passes ``locale=``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from string import Formatter

from babel import Locale
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_currency_name,
)

from publisher.core.articles import ProtectedSpan, SpanKind
from publisher.core.localize.locale_patterns import LocalePatterns

# The scale words of the source a compact amount keeps ("$1.5 billion": qualifier "billion").
SCALES = {"million": 6, "billion": 9, "trillion": 12}
LITERAL = "literal"  # a number printed as the source wrote it (a version number)
ORDINAL = "ordinal"  # "55th": value "55"
_SOURCE_NUMBER = re.compile(r"\d[\d,]*(?:\.(?P<decimals>\d+))?")
_GENITIVE_MANY, _GENITIVE_ONE = Decimal(5), Decimal("1.5")  # CLDR ru "many", "other"


@dataclass(frozen=True)
class NumberWords:
    """The number-like spans of one locale (``code``, with its hand-written ``patterns``)."""

    code: str
    patterns: LocalePatterns

    def number(self, value: Decimal, *, group: bool = True) -> str:
        """ "4\\xa0000", "1,5", "12\\xa0345,67"; keeps the decimals of ``value``."""
        pattern = ("#,##0" if group else "0") + _decimals(value)
        return format_decimal(value, format=pattern, locale=self.code)

    def percent(self, value: Decimal, governor: str | None = None) -> str:
        """``value`` in percent (3.5 means 3.5 %): ru "3,5\\xa0%", uz "3,5\\xa0foiz"."""
        if self.patterns.percent_phrase is not None:
            text = self.patterns.percent_phrase.format(number=self.number(value))
        else:
            base = Locale.parse(self.code).percent_formats[None].pattern
            pattern = re.sub(r"0(?=[^0]*$)", "0" + _decimals(value), base, count=1)
            text = format_percent(value / 100, format=pattern, locale=self.code)
        return self.governed(governor, text, text)

    def money(
        self,
        value: Decimal,
        currency: str,
        *,
        scale: str | None = None,
        places: int | None = None,
        governor: str | None = None,
    ) -> str:
        """An amount and the currency's name: "1,5\\xa0млн долларов США", "300 AQSH dollari";
        ``scale`` ("billion") keeps the source's scale, with ``places`` decimals."""
        compact = self.compact(value, scale, places)
        amount = compact or self.number(value)
        nominative = f"{amount} {self.currency_name(currency, value)}"
        if not self.patterns.genitive_by_count:
            return self.governed(governor, nominative, nominative)
        count = _GENITIVE_MANY if compact else _genitive_count(value)
        genitive = f"{amount} {self.currency_name(currency, count)}"
        return self.governed(governor, nominative, genitive)

    def ordinal(self, number: int) -> str:
        """ "55-й", "55-", "55-ум", "55th" (see the module's notes on gender)."""
        form = self.patterns.ordinal
        return form.format(number=number) if isinstance(form, str) else form(number)

    def currency_name(self, currency: str, count: Decimal) -> str:
        """The locale's name of ``currency`` after a number (``count`` picks the plural)."""
        return self.patterns.currency_names.get(currency) or get_currency_name(
            currency, count=count, locale=self.code
        )

    def governed(self, governor: str | None, nominative: str, genitive: str) -> str:
        """A number phrase after its governing word, in the case the locale's template asks."""
        template = self.patterns.number_phrases.get(governor or "", "{nom}")
        if governor and governor not in self.patterns.number_phrases:
            raise ValueError(f"{self.code} has no number phrase for {governor!r}")
        inflect = self.patterns.inflect_number or self.patterns.inflect
        forms: dict[str, str] = {"nom": nominative, "gen": genitive}
        for case in _fields(template) - forms.keys():
            if inflect is None:
                raise ValueError(f"{self.code} cannot put {case!r} on a number phrase")
            forms[case] = inflect(nominative, case)
        return template.format(**forms)

    def compact(self, value: Decimal, scale: str | None, places: int | None) -> str | None:
        """ "16,379\\xa0млрд" for ``value`` at the source's ``scale``; without one, the
        amounts of a million or more that two decimals say exactly ("1,5\\xa0млн")."""
        if scale in SCALES:
            exponent = SCALES[scale]
            mantissa = value.scaleb(-exponent)
            if places is None:
                return self._with_scale(mantissa.normalize(), exponent)
            return self._with_scale(mantissa.quantize(Decimal(1).scaleb(-places)), exponent)
        big = [e for e in (12, 9, 6) if abs(value) >= Decimal(10) ** e]
        mantissa = value.scaleb(-big[0]) if big else value
        if not big or mantissa != mantissa.quantize(Decimal("0.01")):
            return None
        return self._with_scale(mantissa.normalize(), big[0])

    def render(self, span: ProtectedSpan) -> str:
        """A number, percentage or money span (the other kinds: ``ValueError``)."""
        value = Decimal(span.value)
        match span.kind:
            case SpanKind.NUMBER if span.qualifier == LITERAL:
                return span.text
            case SpanKind.NUMBER if span.qualifier == ORDINAL:
                return self.ordinal(int(value))
            case SpanKind.NUMBER:
                return self.number(value, group="," in span.text)
            case SpanKind.PERCENT:
                return self.percent(value, span.governor)
            case SpanKind.MONEY if span.currency:
                return self.money(
                    value,
                    span.currency,
                    scale=span.qualifier,
                    places=source_places(span.text),
                    governor=span.governor,
                )
        raise ValueError(f"cannot render a {span.kind} span: {span.text!r}")

    def _with_scale(self, mantissa: Decimal, exponent: int) -> str:
        separator, word = self._scale_words[exponent]
        return f"{self.number(mantissa)}{separator}{word}"

    @cached_property
    def _scale_words(self) -> dict[int, tuple[str, str]]:
        """Exponent -> (separator, scale word): CLDR's, or the locale's ``compact_scales``."""
        words = {}
        for scale, exponent in SCALES.items():
            one = format_compact_decimal(
                Decimal(10) ** exponent,
                format_type=self.patterns.compact_format,
                locale=self.code,
            )
            match = re.fullmatch(r"1(\s?)(.+)", one)
            separator, word = match.groups() if match else ("", one)
            word = self.patterns.compact_scales.get(scale, word)
            words[exponent] = (separator or self.patterns.compact_separator or "\xa0", word)
        return words


def source_places(text: str) -> int | None:
    """The decimals of the first number in ``text`` ("$16.379 billion" -> 3; "$5m" -> 0)."""
    match = _SOURCE_NUMBER.search(text)
    if match is None:
        return None
    return len(match.group("decimals") or "")


def _genitive_count(value: Decimal) -> Decimal:
    """The count whose CLDR plural form is the genitive after ``value`` (Russian)."""
    integral = value == value.to_integral_value()
    ends_in_one = integral and value % 10 == 1 and value % 100 != 11
    return _GENITIVE_ONE if ends_in_one or not integral else _GENITIVE_MANY


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _decimals(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "." + "0" * places if places else ""
