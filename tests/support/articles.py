"""Articles for tests, built in memory or stored:

* :func:`make_article`: three blocks, five segments, dates and numbers (found by the
  protector, as ingestion would).
* :func:`marked_article`: markup spans, protected spans of every shape and separators
  (the storage tests' round trips).
* :func:`story_article` / :func:`add_story`: an article in ky and ru translated in part
  (the CAT tool exchange tests).
* :func:`store_uz_sample`: the reference sample article with :data:`UZ_SAMPLE`'s Uzbek
  translations of some of its passages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from publisher.core.articles import Article, Block, BlockKind, ProtectedSpan, Segment, SpanKind
from publisher.core.config import Settings
from publisher.core.enums import Origin, Status
from publisher.core.ingest import decode_source
from publisher.core.protect import find_spans
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.exchange.xliff import unit_ids
from publisher.services.intake import prepare, store

SENTENCES = [
    ("headline", ["Tajikistan Misses Big Opportunity."]),
    ("lead", ["On July 18, 345 ethnic Kyrgyz were sent back.", "It seemed simple enough."]),
    ("paragraph", ["They had approximately 4,000 livestock.", "Talks were held on July 13-14."]),
]


def make_article(slug: str = "test-article") -> Article:
    blocks = []
    for b, (kind, texts) in enumerate(SENTENCES):
        segments = tuple(
            Segment(
                b,
                i,
                text,
                find_spans(text, reference=date(2021, 7, 21)),
                " " if i < len(texts) - 1 else "",
            )
            for i, text in enumerate(texts)
        )
        blocks.append(Block(b, BlockKind(kind), " ".join(texts), (), segments))
    return Article(
        slug, "Tajikistan Misses Big Opportunity.", "en", date(2021, 7, 21), tuple(blocks)
    )


def marked_article(slug: str = "afghan-kyrgyz", *, paragraphs: int = 2) -> Article:
    """An article with markup spans, protected spans of every shape and separators."""
    link = ProtectedSpan(
        SpanKind.MARKUP,
        4,
        11,
        "Kyrgyz",
        "a",
        attrs=(("href", "https://example.org/ky"), ("title", "Kyrgyz")),
    )
    headline = Block(
        0,
        BlockKind.HEADLINE,
        "The Kyrgyz of the Pamirs",
        markup=(link,),
        segments=(Segment(0, 0, "The Kyrgyz of the Pamirs"),),
    )
    return Article(
        slug=slug,
        title="The Kyrgyz of the Pamirs",
        source_locale="en",
        published=date(2021, 7, 21),
        blocks=(headline, *(_paragraph(i) for i in range(1, paragraphs + 1))),
    )


def _paragraph(index: int) -> Block:
    first = "On July 18, 2021, 4,000 people left."
    second = "They paid $1.5 million."
    spans = (
        ProtectedSpan(SpanKind.DATE, 3, 16, "July 18, 2021", "2021-07-18", governor="on"),
        ProtectedSpan(SpanKind.NUMBER, 18, 23, "4,000", "4000"),
    )
    money = ProtectedSpan(SpanKind.MONEY, 10, 22, "$1.5 million", "1500000", currency="USD")
    return Block(
        index,
        BlockKind.PARAGRAPH,
        f"{first}  {second}",
        segments=(
            Segment(index, 0, first, spans, separator="  "),
            Segment(index, 1, second, (money,)),
        ),
    )


FIRST = "On July 18, 2021, 4,000 people left."
SECOND = "They paid $1.5 million."


@dataclass(frozen=True)
class Story:
    """An article in ky and ru. In ky: the headline machine-translated, the first
    sentence needing review, the second approved, the last not translated."""

    article_id: int
    slug: str
    segment_ids: tuple[int, ...]

    @property
    def unit_ids(self) -> list[str]:
        """The XLIFF unit ids of its segments (from their content)."""
        return unit_ids(story_segments(self.slug))

    @property
    def old_unit_ids(self) -> list[str]:
        """The unit ids of files exported before ids came from content: segment ids."""
        return [f"s{i}" for i in self.segment_ids]


def story_segments(slug: str, article: Article | None = None) -> list[Segment]:
    article = article or story_article(slug)
    return [segment for block in article.blocks for segment in block.segments]


def story_article(slug: str, second: str = SECOND) -> Article:
    """The story's article; ``second`` replaces its third sentence (an editor's update)."""
    spans = (
        ProtectedSpan(SpanKind.DATE, 3, 16, "July 18, 2021", "2021-07-18", qualifier="on"),
        ProtectedSpan(SpanKind.NUMBER, 18, 23, "4,000", "4000"),
    )
    money = ProtectedSpan(SpanKind.MONEY, 10, 22, "$1.5 million", "1500000", currency="USD")
    return Article(
        slug=slug,
        title="Talks in Dushanbe",
        source_locale="en",
        published=date(2021, 7, 21),
        blocks=(
            Block(
                0,
                BlockKind.HEADLINE,
                "Talks in Dushanbe",
                segments=(Segment(0, 0, "Talks in Dushanbe"),),
            ),
            Block(
                1,
                BlockKind.PARAGRAPH,
                f"{FIRST} {second}",
                segments=(
                    Segment(1, 0, FIRST, spans, separator=" "),
                    Segment(1, 1, second, (money,) if second == SECOND else ()),
                ),
            ),
            Block(
                2,
                BlockKind.PARAGRAPH,
                "The border was closed.",
                segments=(Segment(2, 0, "The border was closed."),),
            ),
        ),
    )


def add_story(database: Database, slug: str = "dushanbe-talks") -> Story:
    with database.session() as session:
        article_id = repo.add_article(
            session,
            article=story_article(slug),
            source_text="x",
            source_format="text",
            targets=["ky", "ru"],
        )
        ids = tuple(repo.segment_ids(session, article_id=article_id))
        repo.upsert_translation(
            session,
            segment_id=ids[0],
            locale="ky",
            text="Дүйшөмбүдөгү сүйлөшүүлөр",
            origin=Origin.MACHINE,
            status=Status.MACHINE,
            engine="test",
            warnings=[],
        )
        repo.upsert_translation(
            session,
            segment_id=ids[0],
            locale="ru",
            text="Переговоры в Душанбе",
            origin=Origin.MACHINE,
            status=Status.MACHINE,
            engine="test",
            warnings=[],
        )
        for segment_id, text, approve in (
            (ids[1], "⟦1⟧ ⟦2⟧ адам кетти.", False),
            (ids[2], "Алар ⟦1⟧ төлөштү.", True),
        ):
            repo.save_human_translation(
                session,
                segment_id=segment_id,
                locale="ky",
                text=text,
                approve=approve,
                expected_version=0,
                warnings=[],
                editor="tester",
            )
    return Story(article_id, slug, ids)


# (block, segment) of the sample article -> a uz translation (protected spans as ⟦N⟧, as
# translators and engines leave them), and what the uz_Cyrl edition must print for it.
UZ_SAMPLE: dict[tuple[int, int], tuple[str, str]] = {
    (0, 0): (
        "Tojikiston Qirg‘iziston bilan munosabatlarni tiklash uchun katta imkoniyatni boy berdi",
        "Тожикистон Қирғизистон билан муносабатларни тиклаш учун катта имкониятни бой берди",
    ),
    (2, 0): (
        "Qirg‘iziston va Tojikiston o‘rtasidagi munosabatlar ⟦1⟧ eng past darajaga tushdi.",
        "Қирғизистон ва Тожикистон ўртасидаги муносабатлар апрел охирида энг паст даражага тушди.",
    ),
    (5, 0): (
        "Kutilmagan imkoniyat ⟦1⟧ paydo bo‘ldi: ⟦2⟧ nafar etnik qirg‘iz Tojikistonga o‘tdi.",
        "Кутилмаган имконият 13–14 июл кунлари пайдо бўлди: 345 нафар этник қирғиз "
        "Тожикистонга ўтди.",
    ),
    (6, 0): (
        "Qirg‘iziston rasmiylari taxminan ⟦1⟧ bosh chorva molini olishini e’lon qildi.",
        "Қирғизистон расмийлари тахминан 4\xa0000 бош чорва молини олишини эълон қилди.",
    ),
    (11, 0): (
        "⟦1⟧ Qirg‘iziston Tashqi ishlar vazirligi Tojikiston elchisini muzokaraga chaqirdi.",
        "16 июл куни Қирғизистон Ташқи ишлар вазирлиги Тожикистон элчисини музокарага чақирди.",
    ),
    (18, 0): (
        "Hukumat kuchlari ⟦1⟧ ba’zi tumanlarni qaytarib oldi.",
        "Ҳукумат кучлари июл ўртасида баъзи туманларни қайтариб олди.",
    ),
}


@dataclass(frozen=True)
class UzSample:
    database: Database
    article_id: int
    segment_ids: dict[tuple[int, int], int]


def store_uz_sample(settings: Settings, sample_path: Path) -> UzSample:
    """The sample article (targets uz and ky) in SQLite with ``UZ_SAMPLE``'s uz texts: one
    by a machine (block 18), the others approved human work; block 7 awaits a human."""
    doc = decode_source(sample_path.read_bytes(), name=sample_path.name, max_bytes=10**6)
    prepared = prepare(doc, source_locale="en", published=dt.date(2021, 7, 21))
    database = Database.open(settings.resolved_database_url)
    article_id = store(database, prepared, targets=["uz", "ky"], replace_existing=False)
    positions = [(s.block_index, s.index) for b in prepared.article.blocks for s in b.segments]
    with database.session() as session:
        ids = dict(zip(positions, repo.segment_ids(session, article_id=article_id), strict=True))
        for position, (uz_text, _) in UZ_SAMPLE.items():
            machine = position == (18, 0)
            repo.upsert_translation(
                session,
                segment_id=ids[position],
                locale="uz",
                text=uz_text,
                origin=Origin.MACHINE if machine else Origin.HUMAN,
                status=Status.MACHINE if machine else Status.APPROVED,
                engine=None,
                warnings=[],
            )
        repo.upsert_translation(
            session,
            segment_id=ids[(7, 0)],
            locale="uz",
            text=None,
            origin=Origin.NONE,
            status=Status.AWAITING_HUMAN,
            engine=None,
            warnings=[],
            error="no model",
        )
    return UzSample(database, article_id, ids)
