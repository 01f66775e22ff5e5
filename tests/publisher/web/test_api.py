"""The JSON API on PostgreSQL, through httpx (Starlette's TestClient): submitting,
progress, publishing, review with version checks, updates, tokens and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, func, select

from publisher.db import models
from publisher.services.editions import edition_path

SHORT = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\nThey waited."


def _editions(web: Any, article_id: int) -> dict[str, dict[str, Any]]:
    response = web.client.get(f"/api/articles/{article_id}", headers=web.bearer("editor"))
    assert response.status_code == 200, response.text
    return {e["locale"]: e for e in response.json()["editions"]}


def test_submit_follow_progress_and_publish_the_sample(
    web: Any, sample_article: dict[str, Any]
) -> None:
    article_id, slug = sample_article["id"], sample_article["slug"]
    editions = _editions(web, article_id)
    total = editions["ky"]["total"]
    assert total > 20
    # ky and ru have (copy) models: every segment machine-translated; uz and tg have none.
    for code in ("ky", "ru"):
        assert editions[code]["translated"] == total and editions[code]["edition"] == "complete"
    for code in ("uz", "tg"):
        assert editions[code]["awaiting_human"] == total and editions[code]["edition"] == "partial"
    assert not any(e["published"] for e in editions.values())
    # A draft is invisible to readers.
    assert web.client.get(f"/ky/{slug}").status_code == 404

    editor = web.bearer("editor")
    published = web.client.post(
        f"/api/articles/{article_id}/editions/ky/publication", headers=editor, json={}
    )
    assert published.status_code == 200, published.text
    assert published.json() == {
        "article_id": article_id,
        "locale": "ky",
        "state": "complete",
        "missing": 0,
        "url": f"/ky/{slug}",
    }
    page = web.client.get(f"/ky/{slug}")
    assert page.status_code == 200 and '<html lang="ky"' in page.text
    assert "2021-ж., 21-июль" in page.text  # Babel's Kyrgyz date, localized at assembly
    assert '<p class="notice">' in page.text  # machine-translated, and it says so

    gone = web.client.delete(f"/api/articles/{article_id}/editions/ky/publication", headers=editor)
    assert gone.status_code == 204
    assert web.client.get(f"/ky/{slug}").status_code == 404


def test_a_partial_edition_is_published_only_when_accepted(
    web: Any, sample_article: dict[str, Any]
) -> None:
    article_id, slug = sample_article["id"], sample_article["slug"]
    editor = web.bearer("editor")
    url = f"/api/articles/{article_id}/editions/uz/publication"
    refused = web.client.post(url, headers=editor, json={"accept_partial": False})
    assert refused.status_code == 409
    assert "partial" in refused.json()["detail"] and "await translation" in refused.json()["detail"]
    assert web.client.get(f"/uz/{slug}").status_code == 404
    # No body at all counts as not accepting.
    assert web.client.post(url, headers=editor).status_code == 409

    accepted = web.client.post(url, headers=editor, json={"accept_partial": True})
    assert accepted.status_code == 200 and accepted.json()["state"] == "partial"
    page = web.client.get(f"/uz/{slug}")
    assert page.status_code == 200 and 'class="untranslated"' in page.text
    # Nothing in it was machine-translated: no "translated automatically" notice.
    assert '<p class="notice">' not in page.text


def _segments(web: Any, article_id: int, locale: str = "ky") -> list[dict[str, Any]]:
    response = web.client.get(
        f"/api/review/{locale}/articles/{article_id}",
        headers=web.bearer("ky" if locale == "ky" else "admin"),
    )
    assert response.status_code == 200, response.text
    segments: list[dict[str, Any]] = response.json()
    return segments


def test_approving_stores_human_text_and_a_stale_save_is_refused(web: Any) -> None:
    article = web.submit(SHORT, ["ky"])
    web.wait_until_done(article["id"])
    segments = _segments(web, article["id"])
    first = segments[0]
    assert first["status"] == "machine" and first["version"] == 1
    url = f"/api/review/ky/articles/{article['id']}/segments/{first['segment_id']}"
    translator = web.bearer("ky")

    saved = web.client.put(
        url,
        headers=translator,
        json={
            "text": "Душанбедеги сүйлөшүүлөр",
            "version": 1,
            "approve": True,
        },
    )
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert (body["text"], body["origin"], body["status"], body["version"]) == (
        "Душанбедеги сүйлөшүүлөр",
        "human",
        "approved",
        2,
    )

    # A second translator still holding version 1 is refused; the first text stays.
    stale = web.client.put(
        url,
        headers=translator,
        json={
            "text": "Башка котормо",
            "version": 1,
            "approve": True,
        },
    )
    assert stale.status_code == 409
    assert "someone else saved this segment" in stale.json()["detail"]
    assert _segments(web, article["id"])[0]["text"] == "Душанбедеги сүйлөшүүлөр"

    # Approval re-assembled the edition: the preview shows the human text at once.
    preview = web.as_user("editor").get(f"/editor/articles/{article['id']}/preview/ky")
    assert preview.status_code == 200 and "Душанбедеги сүйлөшүүлөр" in preview.text


def test_placeholders_are_checked_and_warnings_stored(web: Any) -> None:
    article = web.submit(SHORT, ["ky"])
    web.wait_until_done(article["id"])
    with_spans = next(s for s in _segments(web, article["id"]) if "⟦" in s["source"])
    assert with_spans["placeholders"], "the review API explains each placeholder"
    url = f"/api/review/ky/articles/{article['id']}/segments/{with_spans['segment_id']}"
    # Tried: a translation that drops the protected date and number.
    saved = web.client.put(
        url,
        headers=web.bearer("ky"),
        json={
            "text": "Адамдар чек арадан өтүштү.",
            "version": with_spans["version"],
        },
    )
    assert saved.status_code == 200
    assert saved.json()["status"] == "needs_review"
    codes = {w["code"] for w in saved.json()["warnings"]}
    assert "span_missing" in codes
    # Tried: a broken placeholder bracket.
    broken = web.client.put(
        url,
        headers=web.bearer("ky"),
        json={
            "text": "⟦1 адам",
            "version": saved.json()["version"],
        },
    )
    assert broken.status_code == 400 and "placeholder" in broken.json()["detail"]


def test_machine_retranslation_never_overwrites_a_translators_text(web: Any) -> None:
    from publisher.core.enums import Origin, Status
    from publisher.db import repository as repo

    article = web.submit(SHORT, ["ky"])
    web.wait_until_done(article["id"])
    first = _segments(web, article["id"])[0]
    url = f"/api/review/ky/articles/{article['id']}/segments/{first['segment_id']}"
    assert (
        web.client.put(
            url,
            headers=web.bearer("ky"),
            json={
                "text": "Котормочунун тексти",
                "version": first["version"],
                "approve": False,
            },
        ).status_code
        == 200
    )
    # A redelivered machine batch for the same segment arrives afterwards.
    with web.state.database.session() as session:
        written = repo.upsert_translation(
            session,
            segment_id=first["segment_id"],
            locale="ky",
            text="machine text",
            origin=Origin.MACHINE,
            status=Status.MACHINE,
            engine="argos",
            warnings=[],
        )
    assert written is False
    assert _segments(web, article["id"])[0]["text"] == "Котормочунун тексти"


def test_update_keeps_the_id_and_what_readers_see_until_republished(web: Any) -> None:
    article = web.submit(SHORT, ["ky", "ru"], slug="dushanbe-talks")
    web.wait_until_done(article["id"])
    editor = web.bearer("editor")
    base = f"/api/articles/{article['id']}"
    assert web.client.post(f"{base}/editions/ky/publication", headers=editor).status_code == 200
    before = web.client.get("/ky/dushanbe-talks").text

    updated = web.client.put(
        base,
        headers=editor,
        json={
            "text": SHORT.replace("They waited.", "They waited for three days."),
            "date": "2021-07-21",
            "targets": ["ky", "tg"],
            "slug": "dushanbe-talks",
        },
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["id"] == article["id"] and updated.json()["targets"] == ["ky", "tg"]
    # Readers still get the published version; ru is no longer a target.
    assert web.client.get("/ky/dushanbe-talks").text == before
    web.wait_until_done(article["id"])
    assert web.client.post(f"{base}/editions/ky/publication", headers=editor).status_code == 200
    assert "three days" in web.client.get("/ky/dushanbe-talks").text


def test_queue_lists_weakest_and_oldest_first(web: Any) -> None:
    older = web.submit(SHORT, ["ky"], slug="older-story")
    newer = web.submit(SHORT.replace("waited", "rested"), ["ky"], slug="newer-story")
    web.wait_until_done(older["id"])
    web.wait_until_done(newer["id"])
    queue = web.client.get("/api/review/ky", headers=web.bearer("ky"))
    assert queue.status_code == 200
    assert [item["slug"] for item in queue.json()] == ["older-story", "newer-story"]
    # A failed segment makes the newer article the weakest: it moves to the top.
    from publisher.db import repository as repo

    segment = _segments(web, newer["id"])[0]
    with web.state.database.session() as session:
        session.execute(
            delete(models.TranslationRow).where(
                models.TranslationRow.segment_id == segment["segment_id"]
            )
        )
        repo.mark_failed(
            session, segment_ids=[segment["segment_id"]], locale="ky", error="EngineError: test"
        )
    queue = web.client.get("/api/review/ky", headers=web.bearer("ky")).json()
    assert [item["slug"] for item in queue] == ["newer-story", "older-story"]
    assert queue[0]["failed"] == 1


def test_tokens_are_shown_once_listed_by_prefix_and_revocable(web: Any) -> None:
    editor = web.as_user("editor")
    csrf = {"X-CSRF-Token": web.csrf(editor)}
    created = editor.post("/api/tokens", json={"name": "wire import"}, headers=csrf)
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith("tj_")
    listed = editor.get("/api/tokens").json()
    assert listed[0]["name"] == "wire import" and token not in str(listed)
    assert token.startswith(listed[0]["prefix"])
    anonymous = web.as_user(None)
    auth = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/articles", headers=auth).status_code == 200
    revoked = editor.delete(f"/api/tokens/{created.json()['id']}", headers=csrf)
    assert revoked.status_code == 204
    denied = anonymous.get("/api/articles", headers=auth)
    assert denied.status_code == 401 and "revoked" in denied.json()["detail"]


def _count_articles(web: Any) -> int:
    with web.state.database.session() as session:
        return session.scalar(select(func.count()).select_from(models.Article)) or 0


@pytest.mark.parametrize(
    ("what", "body", "status", "message"),
    [
        ("empty text", {"text": ""}, 422, "text"),
        ("whitespace only", {"text": "   \n  "}, 400, "empty"),
        ("a PDF pasted as text", {"text": "%PDF-1.7 binary"}, 400, "PDF"),
        ("a NUL character", {"text": "Hello\x00world"}, 422, "control character"),
        ("an unknown locale", {"targets": ["de"]}, 422, "targets"),
        ("no locale", {"targets": []}, 422, "targets"),
        ("a malformed date", {"date": "21/07/2021"}, 422, "date"),
        ("a slug with a slash", {"slug": "../etc"}, 422, "slug"),
        ("a reserved slug", {"slug": "api"}, 400, "reserved"),
        ("an unknown field", {"colour": "red"}, 422, "colour"),
        ("a reserved placeholder bracket", {"text": "Text with ⟦1⟧ inside"}, 400, "reserves"),
    ],
)
def test_bad_articles_get_a_clear_error_and_store_nothing(
    web: Any, what: str, body: dict[str, Any], status: int, message: str
) -> None:
    payload = {"text": SHORT, "date": "2021-07-21", "targets": ["ky"], **body}
    response = web.client.post("/api/articles", headers=web.bearer("editor"), json=payload)
    assert response.status_code == status, (what, response.text)
    assert message in str(response.json()["detail"]), what
    assert _count_articles(web) == 0


def test_the_api_takes_an_optional_kicker_and_original_and_returns_them(web: Any) -> None:
    editor = web.bearer("editor")
    payload = {
        "text": SHORT,
        "date": "2021-07-21",
        "targets": ["ky"],
        "kicker": "Analysis",
        "source_url": "https://www.rferl.org/a/1.html",
    }
    created = web.client.post("/api/articles", headers=editor, json=payload)
    assert created.status_code == 201, created.text
    assert created.json()["kicker"] == "Analysis"
    assert created.json()["source_url"] == "https://www.rferl.org/a/1.html"
    listed = web.client.get("/api/articles", headers=editor).json()
    assert [a["kicker"] for a in listed] == ["Analysis"]
    too_long = web.client.post(
        "/api/articles", headers=editor, json={**payload, "kicker": "K" * 61, "slug": "other"}
    )
    assert too_long.status_code == 422 and "kicker" in str(too_long.json()["detail"])
    bad_url = web.client.post(
        "/api/articles",
        headers=editor,
        json={**payload, "source_url": "javascript:x", "slug": "other"},
    )
    assert bad_url.status_code == 400 and "http or https" in bad_url.json()["detail"]


def test_a_lone_surrogate_in_json_is_refused(web: Any) -> None:
    # Tried: valid JSON whose string escapes decode to a lone surrogate (not storable).
    body = b'{"text": "Hello \\ud800", "date": "2021-07-21", "targets": ["ky"]}'
    response = web.client.post(
        "/api/articles",
        content=body,
        headers={**web.bearer("editor"), "content-type": "application/json"},
    )
    assert response.status_code == 422 and "unicode" in str(response.json()["detail"])
    assert _count_articles(web) == 0


def test_malformed_requests_are_4xx(web: Any) -> None:
    editor = web.bearer("editor")
    raw = {**editor, "content-type": "application/json"}
    # Tried: broken JSON, JSON of the wrong shape, a number too large for the database,
    # a huge body, and an id that does not exist.
    assert web.client.post("/api/articles", headers=raw, content=b"{not json").status_code == 422
    assert web.client.post("/api/articles", headers=raw, content=b"[1, 2]").status_code == 422
    assert web.client.get("/api/articles/99999999999999", headers=editor).status_code == 422
    assert web.client.get("/api/articles/424242", headers=editor).status_code == 404
    huge = {"text": "x" * (3 * 1024 * 1024), "date": "2021-07-21", "targets": ["ky"]}
    too_big = web.client.post("/api/articles", headers=editor, json=huge)
    assert too_big.status_code == 413 and "too large" in too_big.json()["detail"]
    assert _count_articles(web) == 0


def test_hostile_html_is_sanitized_on_input_and_escaped_on_output(web: Any) -> None:
    hostile = (
        "<h1>Border <script>alert('x')</script>talks</h1>"
        '<p onclick="steal()">On July 18, 2021, <a href="javascript:alert(1)">345</a> '
        "people crossed. <img src=x onerror=alert(1)></p>"
    )
    article = web.submit(hostile, ["ky"], format="html", title="<b>Talks</b> & more")
    web.wait_until_done(article["id"])
    assert (
        web.client.post(
            f"/api/articles/{article['id']}/editions/ky/publication", headers=web.bearer("editor")
        ).status_code
        == 200
    )
    page = web.client.get(f"/ky/{article['slug']}").text
    for bad in ("<script", "onclick", "javascript:", "onerror", "alert(1)"):
        assert bad not in page, bad
    assert "&lt;b&gt;Talks&lt;/b&gt; &amp; more" in page  # the title is text, escaped


def test_update_keeps_unchanged_work_and_drops_dropped_languages(web: Any) -> None:
    article = web.submit(SHORT, ["ky", "ru"], slug="kept-work")
    web.wait_until_done(article["id"])
    editor, base = web.bearer("editor"), f"/api/articles/{article['id']}"
    first = _segments(web, article["id"])[0]
    assert (
        web.client.put(
            f"/api/review/ky/articles/{article['id']}/segments/{first['segment_id']}",
            headers=web.bearer("ky"),
            json={"text": "Душанбедеги сүйлөшүүлөр", "version": first["version"], "approve": True},
        ).status_code
        == 200
    )
    for locale in ("ky", "ru"):
        assert (
            web.client.post(
                f"{base}/editions/{locale}/publication",
                headers=editor,
                json={"accept_partial": True},
            ).status_code
            == 200
        )

    settings = web.state.settings
    ru_page, ky_page = (edition_path(settings, "kept-work", code) for code in ("ru", "ky"))
    assert ru_page.is_file() and 'href="../ru/kept-work.html"' in ky_page.read_text()

    # One paragraph changes and ru is dropped.
    changed = SHORT.replace("They waited.", "They waited for days.")
    body = {"text": changed, "date": "2021-07-21", "targets": ["ky"], "slug": "kept-work"}
    assert web.client.put(base, headers=editor, json=body).status_code == 200
    # The dropped language leaves the site with the update, and the public output
    # folder: its page goes, and the ky page no longer links to it...
    assert web.client.get("/ru/kept-work").status_code == 404
    assert not ru_page.exists()
    assert ky_page.is_file() and "ru/kept-work" not in ky_page.read_text()
    # ...and unchanged sentences keep their translations: the approval survives.
    segments = _segments(web, article["id"])
    assert segments[0]["text"] == "Душанбедеги сүйлөшүүлөр"
    assert (segments[0]["status"], segments[0]["origin"]) == ("approved", "human")
    web.wait_until_done(article["id"])
    assert "They waited for days." in " ".join(
        s["text"] or "" for s in _segments(web, article["id"])
    )

    # The address of a published article cannot change under its readers.
    moved = web.client.put(base, headers=editor, json={**body, "slug": "new-address"})
    assert moved.status_code == 400 and "/ky/kept-work" in moved.json()["detail"]
    assert web.client.delete(f"{base}/editions/ky/publication", headers=editor).status_code == 204
    assert (
        web.client.put(base, headers=editor, json={**body, "slug": "new-address"}).status_code
        == 200
    )
    # Nothing is left at the old address in the public output folder either.
    assert not list(settings.resolved_output_dir.rglob("kept-work.html"))


def test_an_update_that_drops_the_published_language_and_moves_takes_its_page_down(
    web: Any,
) -> None:
    # Tried: the only published language (ru) dropped and the slug changed in one update,
    # which the address rule allows (nothing asked for stays published at the old slug).
    article = web.submit(SHORT, ["ky", "ru"], slug="old-address")
    web.wait_until_done(article["id"])
    editor, base = web.bearer("editor"), f"/api/articles/{article['id']}"
    published = web.client.post(
        f"{base}/editions/ru/publication", headers=editor, json={"accept_partial": True}
    )
    assert published.status_code == 200, published.text
    settings = web.state.settings
    old_page = edition_path(settings, "old-address", "ru")
    assert old_page.is_file()

    body = {"text": SHORT, "date": "2021-07-21", "targets": ["ky"], "slug": "new-address"}
    assert web.client.put(base, headers=editor, json=body).status_code == 200
    assert web.client.get("/ru/old-address").status_code == 404
    assert not old_page.exists()
    assert not list(settings.resolved_output_dir.rglob("*.html"))  # nothing published now
