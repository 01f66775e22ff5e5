"""Uzbek in both scripts: the Cyrillic edition follows the Uzbek one through review,
publishing and unpublishing (API and editor's screens), and readers find it at /uz-Cyrl/
by the switcher, Accept-Language, hreflang, the sitemap and its feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlalchemy import update

from publisher.core.enums import EditionState
from publisher.db import models
from tests.support.articles import UZ_SAMPLE

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE = "https://news.example.org"
# The web conftest's sample_article: the sample into uz (no model: awaiting a human) and
# ky (machine), a copy of the session's translation.
SAMPLE_TARGETS = ("uz", "ky")


def _translate_uz(web: Any, article_id: int) -> None:
    """An admin approves Uzbek translations of some passages (no uz model exists)."""
    admin = web.bearer("admin")
    segments = web.client.get(f"/api/review/uz/articles/{article_id}", headers=admin).json()
    by_position = {(s["block"], s["position"]): s for s in segments}
    for position, (text, _) in UZ_SAMPLE.items():
        segment = by_position[position]
        saved = web.client.put(
            f"/api/review/uz/articles/{article_id}/segments/{segment['segment_id']}",
            headers=admin,
            json={"text": text, "version": segment["version"], "approve": True},
        )
        assert saved.status_code == 200, saved.text


def _publication(web: Any, article_id: int, locale: str, method: str = "POST") -> Any:
    return web.client.request(
        method,
        f"/api/articles/{article_id}/editions/{locale}/publication",
        headers=web.bearer("editor"),
        json={"accept_partial": True} if method == "POST" else None,
    )


@pytest.fixture()
def published(web: Any, sample_article: dict[str, Any]) -> dict[str, Any]:
    _translate_uz(web, sample_article["id"])
    for locale in ("uz", "ky"):
        assert _publication(web, sample_article["id"], locale).status_code == 200
    return sample_article


def test_the_api_publishes_and_unpublishes_both_scripts_with_uz(
    web: Any, sample_article: dict[str, Any]
) -> None:
    article_id, slug = sample_article["id"], sample_article["slug"]
    _translate_uz(web, article_id)
    refused = web.client.post(
        f"/api/articles/{article_id}/editions/uz/publication", headers=web.bearer("editor")
    )
    assert refused.status_code == 409  # partial, not accepted: neither script
    assert web.client.get(f"/uz-Cyrl/{slug}").status_code == 404
    assert _publication(web, article_id, "uz").status_code == 200
    page = web.client.get(f"/uz-Cyrl/{slug}")
    assert page.status_code == 200 and '<html lang="uz-Cyrl"' in page.text
    for _, cyrillic in UZ_SAMPLE.values():
        assert cyrillic in page.text
    assert '<time datetime="2021-07-21">21 июл, 2021</time>' in page.text
    assert 'lang="en" data-note="Бу парча таржимани кутмоқда">It seemed simple enough.' in (
        page.text
    )
    # uz_Cyrl is no target: it has no progress of its own and cannot be published alone.
    progress = web.client.get(
        f"/api/articles/{article_id}/progress", headers=web.bearer("editor")
    ).json()
    assert [e["locale"] for e in progress] == ["uz", "ky"]
    assert _publication(web, article_id, "uz_Cyrl").status_code == 422
    assert _publication(web, article_id, "uz", "DELETE").status_code == 204
    assert web.client.get(f"/uz-Cyrl/{slug}").status_code == 404
    assert web.client.get(f"/uz/{slug}").status_code == 404


def test_reader_pages_in_cyrillic_link_both_scripts(web: Any, published: dict[str, Any]) -> None:
    slug = published["slug"]
    with web.state.database.session() as session:  # alternates list complete editions only
        session.execute(update(models.PublicationRow).values(state=EditionState.COMPLETE))
    reader = web.as_user(None)
    reader.cookies.clear()
    page = reader.get(f"/uz-Cyrl/{slug}")
    assert page.status_code == 200 and "set-cookie" not in page.headers
    html = page.text
    assert f'<link rel="canonical" href="{SITE}/uz-Cyrl/{slug}">' in html
    for tag in ("uz", "uz-Cyrl", "ky"):
        assert f'<link rel="alternate" hreflang="{tag}" href="{SITE}/{tag}/{slug}">' in html
    assert "Чоп этилди" in html and "Янгиликлар лентаси" in html  # chrome in Cyrillic
    assert 'class="kicker"' not in html  # the editor set none
    assert 'href="/uz-Cyrl/feed.xml"' in html
    switcher = dict(
        re.findall(
            r'<a href="[^"]*to=(\w+)&[^"]*" hreflang="[^"]+" lang="[^"]+"'
            r'(?: aria-current="page")?>([^<]+)</a>',
            html,
        )
    )
    assert switcher == {"uz": "Oʻzbekcha", "uz_Cyrl": "Ўзбекча", "ky": "Кыргызча"}
    assert (
        f'href="/language?to=uz_Cyrl&amp;next=/uz-Cyrl/{slug}" hreflang="uz-Cyrl" '
        'lang="uz-Cyrl" aria-current="page"' in html
    )
    latin = reader.get(f"/uz/{slug}").text
    assert f'hreflang="uz-Cyrl" href="{SITE}/uz-Cyrl/{slug}"' in latin
    # The uz house style: o‘ and g‘ printed with U+02BB.
    assert "Tojikiston Qirg\u02bbiziston bilan" in latin and "21-iyul, 2021" in latin

    front = reader.get("/uz-Cyrl/")
    assert front.status_code == 200 and "set-cookie" not in front.headers
    assert f'href="/uz-Cyrl/{slug}"' in front.text and ">21 июл, 2021</time>" in front.text
    assert "Сўнгги янгиликлар" in front.text and '<html lang="uz-Cyrl"' in front.text
    assert reader.get("/uz-Cyrl").status_code == 308

    feed = reader.get("/uz-Cyrl/feed.xml")
    assert "set-cookie" not in feed.headers
    root = ET.fromstring(feed.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "uz-Cyrl"
    (entry,) = root.findall(f"{ATOM}entry")
    link = entry.find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"{SITE}/uz-Cyrl/{slug}"
    assert link.get("hreflang") == "uz-Cyrl"
    assert entry.findtext(f"{ATOM}title") == UZ_SAMPLE[(0, 0)][1]
    assert "21 июл, 2021" in (entry.findtext(f"{ATOM}content") or "")

    sitemap = ET.fromstring(reader.get("/sitemap.xml").content)
    urls = {u.findtext(f"{SITEMAP}loc"): u for u in sitemap.findall(f"{SITEMAP}url")}
    assert set(urls) == {f"{SITE}/{tag}/{slug}" for tag in ("uz", "uz-Cyrl", "ky")}
    alternates = {
        a.get("hreflang"): a.get("href") for a in urls[f"{SITE}/ky/{slug}"].findall(f"{XHTML}link")
    }
    assert alternates["uz-Cyrl"] == f"{SITE}/uz-Cyrl/{slug}"


def test_the_reader_gets_the_script_they_ask_for(web: Any, published: dict[str, Any]) -> None:
    slug = published["slug"]
    reader = web.as_user(None)
    cases = {
        "uz-Cyrl": "uz-Cyrl",
        "uz-Cyrl-UZ": "uz-Cyrl",
        "uz-cyrl,ru;q=0.5": "uz-Cyrl",
        "uz": "uz",
        "uz-UZ": "uz",
        "uz-Latn": "uz",
        "uz-Latn-UZ": "uz",
        "ky-KG": "ky",
    }
    for header, tag in cases.items():
        response = reader.get(f"/{slug}", headers={"accept-language": header})
        assert response.headers["location"] == f"/{tag}/{slug}", header
    assert reader.get("/", headers={"accept-language": "uz-Cyrl-UZ"}).headers["location"] == (
        "/uz-Cyrl/"
    )
    switched = reader.get("/language", params={"to": "uz_Cyrl", "next": f"/uz-Cyrl/{slug}"})
    assert switched.status_code == 303 and "tarjima_lang=uz_Cyrl" in switched.headers["set-cookie"]
    again = reader.get(f"/{slug}", headers={"accept-language": "ru"})
    assert again.headers["location"] == f"/uz-Cyrl/{slug}"
    assert reader.get("/").headers["location"] == "/uz-Cyrl/"
    # Only the exact tag is a reader URL.
    for path in (
        f"/uz_Cyrl/{slug}",
        f"/uz-Latn/{slug}",
        f"/ky-Cyrl/{slug}",
        "/uz_Cyrl/",
        "/uz-Latn/feed.xml",
        f"/UZ-CYRL/{slug}",
    ):
        assert reader.get(path).status_code == 404, path


def test_the_editor_sees_the_cyrillic_edition_follow_the_uzbek_one(
    web: Any, sample_article: dict[str, Any]
) -> None:
    article_id, slug = sample_article["id"], sample_article["slug"]
    _translate_uz(web, article_id)
    editor = web.as_user("editor")
    base = f"/editor/articles/{article_id}"
    page = editor.get(base).text
    row = re.search(r'<tr class="derived" data-derived-locale="uz_Cyrl">(.*?)</tr>', page, re.S)
    assert row is not None
    assert "Ўзбекча" in row.group(1) and "Made from the Uzbek edition" in row.group(1)
    assert f'href="{base}/preview/uz_Cyrl"' in row.group(1) and "nothing (draft)" in row.group(1)
    assert (
        page.index('data-locale="uz"')
        < page.index("data-derived-locale")
        < page.index('data-locale="ky"')
    )
    preview = editor.get(f"{base}/preview/uz_Cyrl")
    assert preview.status_code == 200 and '<html lang="uz-Cyrl"' in preview.text
    assert "noindex" in preview.text and UZ_SAMPLE[(5, 0)][1] in preview.text
    assert web.client.get(f"/uz-Cyrl/{slug}").status_code == 404  # a preview publishes nothing

    published = editor.post(
        f"{base}/editions/uz/publish", data={"accept_partial": "on", "csrf_token": web.csrf(editor)}
    )
    assert published.status_code == 303
    assert web.client.get(f"/uz-Cyrl/{slug}").status_code == 200
    row = re.search(r'data-derived-locale="uz_Cyrl">(.*?)</tr>', editor.get(base).text, re.S)
    assert row is not None and f'href="/uz-Cyrl/{slug}"' in row.group(1)
    ru_page = editor.get(base, headers={"accept-language": "ru"}).text
    assert "Создаётся транслитерацией из выпуска «Узбекский»" in ru_page

    gone = editor.post(
        f"{base}/editions/uz/unpublish", data={"csrf_token": web.csrf(editor), "confirm": "yes"}
    )
    assert gone.status_code == 303
    assert web.client.get(f"/uz-Cyrl/{slug}").status_code == 404


def test_no_cyrillic_preview_without_uzbek(web: Any) -> None:
    article = web.submit("Talks\n\nOn July 18, 345 people crossed.", ["ky"], slug="no-uzbek")
    web.wait_until_done(article["id"])
    editor = web.as_user("editor")
    assert editor.get(f"/editor/articles/{article['id']}/preview/uz_Cyrl").status_code == 400
    assert "data-derived-locale" not in editor.get(f"/editor/articles/{article['id']}").text
