"""Uzbek Latin house style: o‘/g‘ with U+02BB and the tutuq with U+02BC (issue 14, point 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.core.articles import Article, Block, BlockKind, Segment
from publisher.core.assemble.render import render_blocks
from publisher.core.localize.orthography import uzbek_latin, uzbek_latin_html
from publisher.db.models import Origin, Status
from publisher.db.repository import StoredTranslation

OKINA = "\u02bb"  # ʻ MODIFIER LETTER TURNED COMMA
TUTUQ = "\u02bc"  # ʼ MODIFIER LETTER APOSTROPHE
TYPED = ["\u2018", "'", "\u2019", "`", "\u02bc"]


@pytest.mark.parametrize("mark", TYPED)
def test_o_and_g_take_u02bb_however_typed(mark: str) -> None:
    text = f"O{mark}zbekiston o{mark}zbek G{mark}ALABA Farg{mark}ona bo{mark}yicha"
    assert uzbek_latin(text) == (
        "O\u02bbzbekiston o\u02bbzbek G\u02bbALABA Farg\u02bbona bo\u02bbyicha"
    )


@pytest.mark.parametrize("mark", ["\u2018", "'", "\u2019", "`", "\u02bb"])
def test_tutuq_takes_u02bc_however_typed(mark: str) -> None:
    text = f"ma{mark}no san{mark}at va{mark}da Is{mark}hoq MA{mark}LUMOT"
    assert uzbek_latin(text) == ("ma\u02bcno san\u02bcat va\u02bcda Is\u02bchoq MA\u02bcLUMOT")


def test_word_final_o_g() -> None:
    assert uzbek_latin("bog\u2018 va tog`") == "bog\u02bb va tog\u02bb"
    # ’ and ' after a word may close a quotation: left as typed.
    assert uzbek_latin("\u2018Yangi bog\u2019 dedi") == "\u2018Yangi bog\u2019 dedi"
    assert uzbek_latin("'tog'") == "'tog'"


@pytest.mark.parametrize(
    "text",
    [
        "\u2018Toshkent\u2019 va \u2018Samarqand\u2019",  # quoted words
        "'yangi' shahar",
        "\u201cO\u02bbzbekiston\u201d",  # already right
        "ma\u02bcno",
        "https://kun.uz/o'zbek/ma'no",
        "muharrir@o'zbek.uz",
        "\u27e61\u27e7 \u27e6/1\u27e7",
        "12'30\" va 5'",
    ],
)
def test_left_alone(text: str) -> None:
    assert uzbek_latin(text) == text


def test_placeholders_and_urls_inside_text() -> None:
    text = "\u27e61\u27e7O'zbekiston\u27e6/1\u27e7 https://o'z.uz/ma'no ma'lumot"
    assert uzbek_latin(text) == (
        "\u27e61\u27e7O\u02bbzbekiston\u27e6/1\u27e7 https://o'z.uz/ma'no ma\u02bclumot"
    )


def test_html_text_nodes_only() -> None:
    fragment = "<p title=\"o'zbek\">o'zbek <a href=\"/ma'no\">ma'no</a></p><!-- o'z -->"
    assert uzbek_latin_html(fragment) == (
        '<p title="o\'zbek">o\u02bbzbek <a href="/ma\'no">ma\u02bcno</a></p><!-- o\'z -->'
    )


_TEXT = st.text(alphabet="aogOGsh \u2018'\u2019`\u02bc\u02bb.", max_size=30)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_idempotent_and_length_preserving(text: str) -> None:
    once = uzbek_latin(text)
    assert uzbek_latin(once) == once
    assert len(once) == len(text)


def _row(text: str) -> StoredTranslation:
    moment = dt.datetime(2021, 7, 21, tzinfo=dt.UTC)
    return StoredTranslation(
        id=1,
        segment_id=1,
        locale="uz",
        text=text,
        origin=Origin.HUMAN,
        status=Status.APPROVED,
        engine=None,
        warnings=(),
        error=None,
        attempts=0,
        version=1,
        created_at=moment,
        updated_at=moment,
    )


def test_uz_edition_prints_the_house_style_and_uz_cyrl_is_unchanged() -> None:
    segment = Segment(0, 0, "Uzbekistan")
    article = Article(
        "a",
        "A",
        "en",
        dt.date(2021, 7, 21),
        (Block(0, BlockKind.PARAGRAPH, "Uzbekistan", segments=(segment,)),),
    )
    rows = {(0, 0): _row("O\u2018zbekiston ma\u2019lumotlari, \u2018yangi\u2019 qo'shiq.")}
    (uz,), _ = render_blocks(article, rows, "uz")
    assert str(uz.html) == (
        # the quotation takes the Uzbek press's guillemets (publisher.core.localize.quotes)
        f"O{OKINA}zbekiston ma{TUTUQ}lumotlari, \u00abyangi\u00bb qo{OKINA}shiq."
    )
    (cyrl,), _ = render_blocks(article, rows, "uz_Cyrl")
    assert str(cyrl.html) == "Ўзбекистон маълумотлари, \u00abянги\u00bb қўшиқ."
