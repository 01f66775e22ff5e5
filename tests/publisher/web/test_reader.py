"""Readers' pages: language negotiation, the switcher's cookie, hreflang and canonical
links, feeds, the sitemap, 404 for drafts, and pages served from the stored snapshot."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlalchemy import delete, update

from publisher.core.enums import EditionState
from publisher.core.locales import EDITION_LOCALES, STAFF_LOCALES
from publisher.db import models
from publisher.web.i18n import (
    choose,
    negotiate,
    parse_accept_language,
)

LOCALES = ("uz", "ky", "tg", "ru")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("uz-Cyrl", "uz"),
        ("uz-UZ", "uz"),
        ("uz-Latn-UZ,uz;q=0.9", "uz"),
        ("ru-KG", "ru"),
        ("ky-KG,ky;q=0.9,ru;q=0.8", "ky"),
        ("tg-TJ", "tg"),
        ("TG", "tg"),
        ("de-DE,de;q=0.9,ru;q=0.5", "ru"),
        ("en-US,fr;q=0.5,ky;q=0.1", "ky"),
        ("ru;q=0.2,uz;q=0.8", "uz"),
        ("ky;q=0", None),
        ("de, fr", None),
        ("", None),
        ("garbage;;;q=x,,", None),
        ("*", None),
    ],
)
def test_accept_language_negotiation(header: str, expected: str | None) -> None:
    assert negotiate(header, LOCALES) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("uz-Cyrl", "uz_Cyrl"),
        ("uz-Cyrl-UZ", "uz_Cyrl"),
        ("UZ-cyrl;q=0.9,ru;q=0.5", "uz_Cyrl"),
        ("uz", "uz"),
        ("uz-UZ", "uz"),
        ("uz-Latn", "uz"),
        ("uz-Latn-UZ,uz-Cyrl;q=0.5", "uz"),
        ("uz-Arab", "uz"),
        ("ky-Cyrl-KG", "ky"),
        ("ru-KG", "ru"),
        ("x-klingon", None),
    ],
)
def test_negotiation_picks_the_script(header: str, expected: str | None) -> None:
    assert negotiate(header, EDITION_LOCALES) == expected


def test_a_cyrillic_uzbek_cookie_gives_staff_screens_in_uzbek() -> None:
    assert EDITION_LOCALES == ("uz", "uz_Cyrl", "ky", "tg", "ru")
    assert choose("uz_Cyrl", "ru", EDITION_LOCALES, "ru") == "uz_Cyrl"
    assert choose("uz_Cyrl", "ru", STAFF_LOCALES, "en") == "uz"
    assert choose("uz_Cyrl", "ru", ("ky", "ru"), "ru") == "ru"


def test_the_cookie_wins_and_unknown_languages_get_the_default() -> None:
    assert choose("tg", "ru-RU", LOCALES, "ru") == "tg"
    assert choose("xx", "de-DE", LOCALES, "ru") == "ru"
    assert parse_accept_language("a;q=0.5, b, c;q=0.9") == ["b", "c", "a"]
    assert len(parse_accept_language(",".join(["de"] * 500))) <= 20  # bounded work


def _publish(web: Any, article_id: int, locale: str) -> None:
    response = web.client.post(
        f"/api/articles/{article_id}/editions/{locale}/publication",
        headers=web.bearer("editor"),
        json={"accept_partial": True},
    )
    assert response.status_code == 200, response.text


def _complete(web: Any) -> None:
    """Mark every publication complete: hreflang alternates and the sitemap list complete
    editions only (the sample's editions have passages awaiting translation)."""
    with web.state.database.session() as session:
        session.execute(update(models.PublicationRow).values(state=EditionState.COMPLETE))


@pytest.fixture()
def published(web: Any, sample_article: dict[str, Any]) -> dict[str, Any]:
    for locale in ("ky", "ru", "uz"):
        _publish(web, sample_article["id"], locale)
    return sample_article


def test_the_bare_slug_and_the_root_negotiate_the_language(
    web: Any, published: dict[str, Any]
) -> None:
    slug = published["slug"]
    reader = web.as_user(None)
    cases = {
        "uz-Cyrl": "uz-Cyrl",  # published with uz, in Cyrillic script
        "uz-UZ": "uz",
        "ru-KG": "ru",
        "ky": "ky",
        "de-DE": "ru",
        "tg-TJ": "ru",
    }  # tg is a target but not published: the default, ru
    for header, locale in cases.items():
        response = reader.get(f"/{slug}", headers={"accept-language": header})
        assert response.status_code == 303, header
        assert response.headers["location"] == f"/{locale}/{slug}", header
    home = reader.get("/", headers={"accept-language": "ky-KG"})
    assert home.headers["location"] == "/ky/"
    # The switcher remembers the choice in a cookie; it then beats Accept-Language.
    switched = reader.get("/language", params={"to": "uz", "next": f"/uz/{slug}"})
    assert switched.status_code == 303 and switched.headers["location"] == f"/uz/{slug}"
    assert "tarjima_lang=uz" in switched.headers["set-cookie"]
    again = reader.get(f"/{slug}", headers={"accept-language": "ru"})
    assert again.headers["location"] == f"/uz/{slug}"
    assert reader.get("/language", params={"to": "xx"}).status_code == 404


def test_article_pages_have_lang_hreflang_canonical_and_localized_chrome(
    web: Any, published: dict[str, Any]
) -> None:
    slug = published["slug"]
    _complete(web)
    page = web.client.get(f"/ky/{slug}")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="ky"' in html
    assert f'<link rel="canonical" href="https://news.example.org/ky/{slug}">' in html
    for locale in ("uz", "ky", "ru"):
        assert (
            f'<link rel="alternate" hreflang="{locale}" '
            f'href="https://news.example.org/{locale}/{slug}">'
        ) in html
    assert 'hreflang="tg"' not in html  # not published in tg
    assert f'hreflang="x-default" href="https://news.example.org/{slug}"' in html
    assert "2021-ж., 21-июль" in html and "Жаңылыктар лентасы" in html  # date, chrome
    # The switcher offers exactly the published languages, by their own names.
    assert "Oʻzbek" in html and "Русский" in html and "Тоҷикӣ" not in html
    assert page.headers["cache-control"].startswith("public")


def test_drafts_unpublished_and_unknown_pages_are_404(web: Any, published: dict[str, Any]) -> None:
    slug = published["slug"]
    assert web.client.get(f"/tg/{slug}").status_code == 404  # a target, never published
    assert web.client.get("/ky/no-such-story").status_code == 404
    assert web.client.get("/no-such-story").status_code == 404
    assert web.client.get(f"/de/{slug}").status_code == 404
    assert web.client.get("/ky/" + "a" * 300).status_code == 404
    draft = web.submit("A draft\n\nNot for readers yet.", ["ky"], slug="a-draft")
    web.wait_until_done(draft["id"])
    assert web.client.get("/ky/a-draft").status_code == 404
    assert web.client.get("/a-draft").status_code == 404
    assert "a-draft" not in web.client.get("/ky/").text
    assert web.client.get("/ky").status_code == 308  # the front page lives at /ky/


def test_reader_pages_come_from_the_published_snapshot(web: Any, published: dict[str, Any]) -> None:
    slug = published["slug"]
    before = web.client.get(f"/ky/{slug}").text
    # Take away everything the pipeline made: translations, editions, even the segments.
    with web.state.database.session() as session:
        session.execute(delete(models.SegmentRow))
        session.execute(delete(models.EditionRow))
    assert web.client.get(f"/ky/{slug}").text == before


def test_front_pages_feeds_and_sitemap(web: Any, published: dict[str, Any]) -> None:
    slug, title = published["slug"], published["title"]
    front = web.client.get("/ky/")
    assert front.status_code == 200 and f'href="/ky/{slug}"' in front.text
    assert "2021-ж., 21-июль" in front.text
    empty = web.client.get("/tg/")
    assert empty.status_code == 200 and 'class="empty"' in empty.text

    feed = web.client.get("/ky/feed.xml")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"https://news.example.org/ky/{slug}"
    assert entries[0].findtext(f"{ATOM}title")  # the localized headline
    assert "<article>" in (entries[0].findtext(f"{ATOM}content") or "")
    assert ET.fromstring(web.client.get("/tg/feed.xml").content).findall(f"{ATOM}entry") == []

    _complete(web)
    sitemap = ET.fromstring(web.client.get("/sitemap.xml").content)
    urls = sitemap.findall(f"{SITEMAP}url")
    locs = sorted(u.findtext(f"{SITEMAP}loc") or "" for u in urls)
    tags = ("ky", "ru", "uz", "uz-Cyrl")  # the Cyrillic edition is published with uz
    assert locs == sorted(f"https://news.example.org/{c}/{slug}" for c in tags)
    alternates = {a.get("hreflang") for a in urls[0].findall(f"{XHTML}link")}
    assert alternates == set(tags)
    assert title


def test_reader_pages_escape_and_never_500_on_odd_paths(
    web: Any, published: dict[str, Any]
) -> None:
    reader = web.as_user(None)
    for path in (
        "/ky/%3Cscript%3E",
        "/%00",
        "/ky/" + "a" * 500,
        "/ky/..%2F..%2Fetc",
        "/language?to=ky&next=%0d%0aSet-Cookie:x=1",
        "/ky/feed.xml?x=%ff",
    ):
        response = reader.get(path)
        assert response.status_code < 500, path
        assert "<script>" not in response.text


def _not_found_title(locale: str) -> str:
    from publisher.core.localize import catalogs

    return catalogs.translations(locale).gettext("Page not found")


def test_a_missing_page_speaks_the_urls_language_in_the_readers_layout(
    web: Any, published: dict[str, Any]
) -> None:
    reader = web.as_user(None)
    russian_browser = {"accept-language": "ru-RU,ru;q=0.9"}
    page = reader.get("/ky/no-such-story", headers=russian_browser)
    assert page.status_code == 404
    assert '<html lang="ky"' in page.text and "/static/reader.css" in page.text
    assert _not_found_title("ky") == "Барак табылган жок" and "Барак табылган жок" in page.text
    assert "Страница не найдена" not in page.text and "error-message" not in page.text
    assert '<meta name="robots" content="noindex">' in page.text
    assert 'href="/ky/"' in page.text  # the front page of the URL's language
    # The newest Kyrgyz story is offered instead.
    assert f'href="/ky/{published["slug"]}"' in page.text
    # Uzbek in Cyrillic script: the Cyrillic catalog, whatever the browser says.
    cyrillic = reader.get("/uz-Cyrl/no-such-story", headers=russian_browser)
    assert cyrillic.status_code == 404 and '<html lang="uz-Cyrl"' in cyrillic.text
    assert _not_found_title("uz_Cyrl") == "Саҳифа топилмади"
    assert "Саҳифа топилмади" in cyrillic.text and "Sahifa topilmadi" not in cyrillic.text


def test_a_missing_edition_links_to_the_languages_the_article_is_published_in(
    web: Any, published: dict[str, Any]
) -> None:
    slug = published["slug"]
    page = web.as_user(None).get(f"/tg/{slug}", headers={"accept-language": "ky"})
    assert page.status_code == 404 and '<html lang="tg"' in page.text
    assert _not_found_title("tg") in page.text
    for tag, name in (
        ("ky", "Кыргызча"),
        ("ru", "Русский"),
        ("uz", "Oʻzbekcha"),
        ("uz-Cyrl", "Ўзбекча"),
    ):
        assert f'<a href="/{tag}/{slug}" hreflang="{tag}">' in page.text, tag
        assert name in page.text
    assert f'href="/tg/{slug}"' not in page.text
    # Each edition is named by its own headline.
    with web.state.database.session() as session:
        from publisher.db import repository as repo

        ky = repo.get_publication(session, slug=slug, locale="ky")
    assert ky is not None and ky.title in page.text
    # The language switcher goes to the article where it exists, else to the front page.
    assert "next=/ky/" + slug in page.text.replace("%2F", "/")
    assert "next=/tg/&" in page.text.replace("%2F", "/") or 'next=/tg/"' in page.text.replace(
        "%2F", "/"
    )


def test_a_missing_page_without_a_language_in_its_url_negotiates_it(
    web: Any, published: dict[str, Any]
) -> None:
    reader = web.as_user(None)
    for path in ("/no-such-story", "/de/no-such-story", "/ky/no/such/page"):
        page = reader.get(path, headers={"accept-language": "ru-KG"})
        assert page.status_code == 404, path
        expected = "ky" if path.startswith("/ky/") else "ru"
        assert f'<html lang="{expected}"' in page.text, path
        assert _not_found_title(expected) in page.text, path
    assert "accept-language" in reader.get("/no-such-story").headers["vary"]
    # /de/<slug>: the article exists, in other languages; the page says where.
    elsewhere = reader.get(f"/de/{published['slug']}", headers={"accept-language": "ru"})
    assert f'href="/ky/{published["slug"]}"' in elsewhere.text
    # ... the reader's own language included (the URL asked for none).
    assert f'<a href="/ru/{published["slug"]}" hreflang="ru">' in elsewhere.text
    # Staff screens and the API keep their own answers.
    assert reader.get("/api/no-such-thing").headers["content-type"].startswith("application/json")
    assert reader.get("/static/no-such.css").status_code == 404


def test_a_draft_is_never_named_on_a_missing_page(web: Any, published: dict[str, Any]) -> None:
    draft = web.submit("A secret draft\n\nNot for readers yet.", ["ky"], slug="a-draft")
    web.wait_until_done(draft["id"])
    page = web.as_user(None).get("/ru/a-draft")
    assert page.status_code == 404
    assert "A secret draft" not in page.text and 'href="/ky/a-draft"' not in page.text


def test_feeds_and_the_sitemap_declare_their_charset(web: Any, published: dict[str, Any]) -> None:
    feed = web.client.get("/ky/feed.xml")
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert feed.content.decode("utf-8")  # and they are UTF-8
    sitemap = web.client.get("/sitemap.xml")
    assert sitemap.headers["content-type"] == "application/xml; charset=utf-8"
    assert web.client.get("/robots.txt").headers["content-type"] == "text/plain; charset=utf-8"


def test_head_is_answered_wherever_get_is(web: Any, published: dict[str, Any]) -> None:
    slug = published["slug"]
    reader = web.as_user(None)
    paths = [
        "/",
        "/ky/",
        f"/ky/{slug}",
        f"/uz-Cyrl/{slug}",
        f"/{slug}",
        "/ky/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/static/reader.css",
        "/ky/no-such-story",
        "/tg/",
        "/ky",
        "/api/openapi.json",
        "/login",
    ]
    for path in paths:
        got = reader.get(path)
        head = reader.head(path)
        assert head.status_code == got.status_code != 405, path
        assert head.content == b"", path
        for name in (
            "content-type",
            "content-length",
            "cache-control",
            "location",
            "vary",
            "content-security-policy",
            "etag",
            "last-modified",
        ):
            assert head.headers.get(name) == got.headers.get(name), (path, name)
    # Staff pages too: a signed-in editor's dashboard.
    editor = web.as_user("editor")
    assert editor.head("/editor/").status_code == editor.get("/editor/").status_code == 200


def test_partial_editions_stay_out_of_the_sitemap_and_hreflang_alternates(
    web: Any, published: dict[str, Any]
) -> None:
    slug = published["slug"]
    _complete(web)
    with web.state.database.session() as session:
        session.execute(
            update(models.PublicationRow)
            .where(models.PublicationRow.locale == "ru")
            .values(state=EditionState.PARTIAL)
        )
    sitemap = ET.fromstring(web.client.get("/sitemap.xml").content)
    urls = sitemap.findall(f"{SITEMAP}url")
    locs = sorted(u.findtext(f"{SITEMAP}loc") or "" for u in urls)
    assert locs == sorted(f"https://news.example.org/{c}/{slug}" for c in ("ky", "uz", "uz-Cyrl"))
    assert all(a.get("hreflang") != "ru" for u in urls for a in u.findall(f"{XHTML}link"))
    ky = web.client.get(f"/ky/{slug}").text
    assert 'hreflang="uz" href=' in ky and 'hreflang="ru" href=' not in ky
    assert 'hreflang="ru" lang="ru"' in ky  # the switcher still offers it to readers
    ru = web.client.get(f"/ru/{slug}")
    assert ru.status_code == 200 and '<link rel="alternate" hreflang=' not in ru.text
