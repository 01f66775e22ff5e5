"""Names spelled one way, through the services: an approval offers the source's names
the glossary lacks; an accepted name is enforced by QA (an error) in later articles; a
dismissed one is not offered again; the glossary records where each term was first used."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.core.config import Settings
from publisher.core.errors import NotFoundError
from publisher.db.session import Database
from publisher.services import glossary, glossary_first_use, name_offers, publish, review
from publisher.services.review import ConfirmationNeededError
from tests.support.browser import SeededArticle, seed_article

FIRST = "Japarov visits Osh\n\nSadyr Japarov met the Asian Development Bank in Osh."
SECOND = "Japarov speaks\n\nSadyr Japarov spoke to reporters in Bishkek."


@pytest.fixture()
def database(tmp_path: Path) -> Database:
    return Database.open(f"sqlite:///{tmp_path / 'names.sqlite'}")


def _seed(database: Database, settings: Settings, text: str, slug: str) -> SeededArticle:
    return seed_article(database, settings, text, targets=("ky",), slug=slug)


def _approve(
    database: Database,
    settings: Settings,
    article: SeededArticle,
    index: int,
    text: str,
    *,
    confirm: bool = False,
) -> None:
    segment_id = article.segment_ids[index]
    item = review.review_items(
        database, article_id=article.id, locale="ky", segment_ids={segment_id}, suggestions=False
    )[0]
    review.save_segment(
        database,
        settings,
        article_id=article.id,
        locale="ky",
        segment_id=segment_id,
        text=text,
        approve=True,
        version=item.row.version,
        username="kanykei",
        confirm_errors=confirm,
    )


def _offers(database: Database, article: SeededArticle) -> list[tuple[str, str]]:
    return [
        (o.name, o.spelling)
        for o in name_offers.name_offers(database, article_id=article.id, locale="ky")
    ]


def test_approving_offers_names_and_accepting_one_is_enforced_later(
    database: Database,
    settings: Settings,
) -> None:
    first = _seed(database, settings, FIRST, "first")
    assert _offers(database, first) == []  # nothing approved yet: nothing offered
    _approve(database, settings, first, 1, "Садыр Жапаров Ошто Азия өнүктүрүү банкы менен жолукту.")
    assert _offers(database, first) == [
        ("Sadyr Japarov", "Садыр Жапаров"),
        ("Asian Development Bank", "Азия өнүктүрүү банкы"),
        ("Osh", "Ош"),
    ]
    term = name_offers.accept_name(
        database,
        article_id=first.id,
        locale="ky",
        name="Sadyr Japarov",
        spelling="Садыр Жапаров",
        username="kanykei",
    )
    assert (term.term, term.translation, term.kind, term.first_article_id) == (
        "Sadyr Japarov",
        "Садыр Жапаров",
        "name",
        first.id,
    )
    name_offers.dismiss_name(
        database, article_id=first.id, locale="ky", name="Osh", username="kanykei"
    )
    assert _offers(database, first) == [("Asian Development Bank", "Азия өнүктүрүү банкы")]
    with pytest.raises(NotFoundError):  # only what is offered can be accepted
        name_offers.accept_name(
            database,
            article_id=first.id,
            locale="ky",
            name="Osh",
            spelling="Ош",
            username="kanykei",
        )

    second = _seed(database, settings, SECOND, "second")
    # Another spelling is a QA error: approving it needs a confirmation...
    with pytest.raises(ConfirmationNeededError) as refused:
        _approve(database, settings, second, 1, "Садир Джапаров Бишкекте сүйлөдү.")
    assert [(e.code, e.params["term"]) for e in refused.value.errors] == [
        ("glossary", "Sadyr Japarov")
    ]
    # ... and once confirmed, it still blocks publishing (the override stays possible).
    _approve(database, settings, second, 1, "Садир Джапаров Бишкекте сүйлөдү.", confirm=True)
    blocked = publish.edition_errors(database, article_id=second.id, locale="ky")
    assert [[e.code for e in s.errors] for s in blocked] == [["glossary"]]
    # The accepted spelling, with a Kyrgyz ending, passes.
    _approve(database, settings, second, 1, "Садыр Жапаровдун Бишкектеги сөзү.")
    assert publish.edition_errors(database, article_id=second.id, locale="ky") == []
    # The other article's offers leave the accepted and the dismissed names out.
    assert [name for name, _ in _offers(database, second)] == ["Bishkek"]


def test_the_glossary_knows_where_each_term_was_first_used(
    database: Database,
    settings: Settings,
) -> None:
    first = _seed(database, settings, FIRST, "first")
    second = _seed(database, settings, SECOND, "second")
    glossary.add_term(database, target_locale="ky", term="Bishkek", translation="Бишкек")
    glossary.add_term(database, target_locale="ky", term="Osh", translation="Ош")
    glossary.add_term(database, target_locale="ky", term="Pamir", translation="Памир")
    _approve(database, settings, second, 1, "Садыр Жапаров Бишкекте сүйлөдү.")
    name_offers.accept_name(
        database,
        article_id=second.id,
        locale="ky",
        name="Sadyr Japarov",
        spelling="Садыр Жапаров",
        username="k",
    )
    found = glossary_first_use.first_uses(database, "ky")
    by_term = {t.term: found.get(t.id) for t in glossary.terms_for(database, "ky")}
    assert by_term["Osh"] is not None and by_term["Osh"].article_id == first.id
    assert by_term["Bishkek"] is not None and by_term["Bishkek"].title == "Japarov speaks"
    # accepted in the second article, though the first mentions it too
    assert by_term["Sadyr Japarov"] is not None
    assert by_term["Sadyr Japarov"].article_id == second.id
    assert by_term["Pamir"] is None
    # Stored: a second look searches nothing; a new article is searched once.
    assert glossary_first_use.locate_first_uses(database, "ky") == 0
    third = _seed(database, settings, "Pamir roads\n\nThe Pamir road is shut.", "third")
    assert glossary_first_use.locate_first_uses(database, "ky") == 1
    assert (
        glossary_first_use.first_uses(database, "ky")[
            next(t.id for t in glossary.terms_for(database, "ky") if t.term == "Pamir")
        ].article_id
        == third.id
    )
