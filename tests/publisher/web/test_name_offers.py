"""Names spelled one way on the web: after an approval the review screen offers the
source's names the glossary lacks (a form per name: the approved spelling, editable;
Accept, Dismiss; CSRF like every form), the JSON API lists, accepts and dismisses them,
and the glossary page shows where each term was first used."""

from __future__ import annotations

import re
from typing import Any

from publisher.services.glossary import terms_for
from tests.support.browser import seed_article

TEXT = "Japarov visits Osh\n\nSadyr Japarov met the Asian Development Bank in Osh."
APPROVED = "Садыр Жапаров Ошто Азия өнүктүрүү банкы менен жолукту."


def _post(web: Any, client: Any, path: str, **fields: Any) -> Any:
    return client.post(path, data={**fields, "csrf_token": web.csrf(client)})


def _seeded(web: Any) -> Any:
    return seed_article(
        web.state.database, web.state.settings, TEXT, targets=("ky",), slug="japarov-osh"
    )


def _approve(web: Any, client: Any, article: Any) -> Any:
    second = article.segment_ids[1]
    return _post(
        web,
        client,
        f"/translate/ky/{article.id}/segments/{second}",
        text=APPROVED,
        version="1",
        action="approve",
        next_segment="0",
    )


def _glossary(web: Any) -> dict[str, tuple[str, str]]:
    return {t.term: (t.translation, t.kind) for t in terms_for(web.state.database, "ky")}


def test_approving_offers_the_names_and_the_translator_accepts_or_dismisses(web: Any) -> None:
    article = _seeded(web)
    second = article.segment_ids[1]
    translator = web.as_user("ky")
    assert 'id="offers-' not in translator.get(f"/translate/ky/{article.id}").text
    approved = _approve(web, translator, article)
    assert approved.status_code == 303
    assert approved.headers["location"] == f"/translate/ky/{article.id}?offers={second}"
    screen = translator.get(approved.headers["location"]).text
    assert f'id="offers-{second}"' in screen and "Add to glossary?" in screen
    # The first offer has the focus (the segment's box does not), with the approved spelling.
    assert re.search(r'value="Садыр Жапаров"\s*\n?\s*autofocus', screen)
    assert not re.search(rf'id="t-{second}"[^>]*\n?\s*autofocus', screen)
    assert 'value="Ош"' in screen and 'value="Азия өнүктүрүү банкы"' in screen

    names = f"/translate/ky/{article.id}/names"
    accepted = _post(
        web,
        translator,
        names,
        name="Sadyr Japarov",
        spelling="Садыр Жапаров",
        action="accept",
        segment_id=str(second),
    )
    assert accepted.status_code == 303  # more offers at this segment: they keep the focus
    assert accepted.headers["location"] == f"/translate/ky/{article.id}?offers={second}"
    assert _glossary(web) == {"Sadyr Japarov": ("Садыр Жапаров", "name")}
    dismissed = _post(web, translator, names, name="Osh", action="dismiss", segment_id=str(second))
    assert dismissed.status_code == 303
    corrected = _post(
        web,
        translator,
        names,
        name="Asian Development Bank",
        spelling="Азия өнүктүрүү банкы",
        action="accept",
        segment_id=str(second),
        next_segment=str(article.segment_ids[0]),
    )
    # The last offer done: the focus goes on to the next segment.
    assert corrected.headers["location"] == (
        f"/translate/ky/{article.id}?focus={article.segment_ids[0]}"
    )
    assert set(_glossary(web)) == {"Sadyr Japarov", "Asian Development Bank"}
    screen = translator.get(f"/translate/ky/{article.id}").text
    assert 'id="offers-' not in screen  # accepted and dismissed: nothing left
    # An empty spelling is refused in place, the offer kept.
    again = _seed_other(web)
    _post(
        web,
        translator,
        f"/translate/ky/{again.id}/segments/{again.segment_ids[1]}",
        text="Бишкекте сүйлөдү.",
        version="1",
        action="approve",
    )
    refused = _post(
        web,
        translator,
        f"/translate/ky/{again.id}/names",
        name="Bishkek",
        spelling=" ",
        action="accept",
        segment_id=str(again.segment_ids[1]),
    )
    assert refused.status_code == 400 and "the translation is empty" in refused.text
    assert 'aria-invalid="true"' in refused.text
    # Osh was dismissed for Kyrgyz: not offered in the other article either.
    assert 'name="name" value="Osh"' not in refused.text


def _seed_other(web: Any) -> Any:
    return seed_article(
        web.state.database,
        web.state.settings,
        "Japarov speaks\n\nJaparov spoke in Bishkek and in Osh.",
        targets=("ky",),
        slug="japarov-bishkek",
    )


def test_offers_need_the_csrf_token_and_the_language(web: Any) -> None:
    article = _seeded(web)
    second = article.segment_ids[1]
    _approve(web, web.as_user("ky"), article)
    path = f"/translate/ky/{article.id}/names"
    fields = {"name": "Osh", "spelling": "Ош", "action": "accept", "segment_id": str(second)}
    translator = web.as_user("ky")
    web.csrf(translator)  # the cookie, but no token in the form
    assert translator.post(path, data=fields).status_code == 403
    assert translator.post(path, data={**fields, "csrf_token": "forged"}).status_code == 403
    other = web.as_user("ru")  # a translator of another language
    assert _post(web, other, path, **fields).status_code == 403
    assert _glossary(web) == {}
    unknown = _post(web, translator, path, **{**fields, "name": "Tashkent"})
    assert unknown.status_code == 404 and _glossary(web) == {}


def test_the_api_lists_accepts_and_dismisses_offers(web: Any) -> None:
    article = _seeded(web)
    second = article.segment_ids[1]
    headers = web.bearer("ky")
    put = web.client.put(
        f"/api/review/ky/articles/{article.id}/segments/{second}",
        headers=headers,
        json={"text": APPROVED, "version": 1, "approve": True},
    )
    assert put.status_code == 200, put.text
    assert [o["name"] for o in put.json()["name_offers"]] == [
        "Sadyr Japarov",
        "Asian Development Bank",
        "Osh",
    ]
    base = f"/api/review/ky/articles/{article.id}/name-offers"
    listed = web.client.get(base, headers=headers, params={"segment_id": second})
    assert listed.status_code == 200
    assert listed.json()[0] == {
        "segment_id": second,
        "name": "Sadyr Japarov",
        "spelling": "Садыр Жапаров",
    }
    accepted = web.client.post(
        f"{base}/accept",
        headers=headers,
        json={"name": "Sadyr Japarov", "spelling": "Садыр Жапаров"},
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["kind"] == "name"
    assert accepted.json()["first_article_id"] == article.id
    dismissed = web.client.post(f"{base}/dismiss", headers=headers, json={"name": "Osh"})
    assert dismissed.status_code == 204
    assert [o["name"] for o in web.client.get(base, headers=headers).json()] == [
        "Asian Development Bank"
    ]
    gone = web.client.post(
        f"{base}/accept", headers=headers, json={"name": "Osh", "spelling": "Ош"}
    )
    assert gone.status_code == 404
    assert web.client.get(base, headers=web.bearer("ru")).status_code == 403


def test_the_glossary_page_shows_where_each_term_was_first_used(web: Any) -> None:
    article = _seeded(web)
    editor = web.as_user("editor")
    _post(web, editor, "/editor/glossary/ky", term="Osh", translation="Ош")
    _post(web, editor, "/editor/glossary/ky", term="Pamir", translation="Памир")
    page = editor.get("/editor/glossary/ky").text
    assert "First used" in page
    row = page[page.index(">Osh<") : page.index(">Pamir<")]
    assert f'<a href="/editor/articles/{article.id}">Japarov visits Osh</a>' in row
    assert "2021-07-" in row  # the article's date
    pamir = page[page.index(">Pamir<") :]
    assert "/editor/articles/" not in pamir.split("</tr>")[0]  # used nowhere yet
