"""The editor's article page and what reaches translators after a correction: editions
marked out of date, "publish every ready language", a refused publish naming each
offending segment with a link, a language without a model that is not a full bar, and a
corrected sentence shown to its translator old beside new. TestClient, real worker path
with the engine double."""

from __future__ import annotations

import re
from typing import Any

TEXT = (
    "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\n"
    "They waited for news at the gate."
)
CORRECTED = (
    "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\n"
    "They waited for hours at the gate."
)


def _segments(web: Any, article_id: int, locale: str = "ky") -> list[dict[str, Any]]:
    response = web.client.get(
        f"/api/review/{locale}/articles/{article_id}", headers=web.bearer("admin")
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def _approve(
    web: Any, article_id: int, segment: dict[str, Any], text: str, confirm: bool = False
) -> dict[str, Any]:
    response = web.client.put(
        f"/api/review/ky/articles/{article_id}/segments/{segment['segment_id']}",
        headers=web.bearer("ky"),
        json={
            "text": text,
            "version": segment["version"],
            "approve": True,
            "confirm_errors": confirm,
        },
    )
    assert response.status_code == 200, response.text
    saved: dict[str, Any] = response.json()
    return saved


def _edition(web: Any, article_id: int, locale: str) -> dict[str, Any]:
    detail = web.client.get(f"/api/articles/{article_id}", headers=web.bearer("editor"))
    edition: dict[str, Any] = next(e for e in detail.json()["editions"] if e["locale"] == locale)
    return edition


def _publish(web: Any, article_id: int, locale: str) -> None:
    response = web.client.post(
        f"/api/articles/{article_id}/editions/{locale}/publication",
        headers=web.bearer("editor"),
        json={},
    )
    assert response.status_code == 200, response.text


def test_a_published_edition_is_marked_out_of_date_after_approvals_and_updates(
    web: Any,
) -> None:
    article = web.submit(TEXT, ["ky"], slug="gate-story")
    web.wait_until_done(article["id"])
    _publish(web, article["id"], "ky")
    page_url = f"/editor/articles/{article['id']}"
    assert _edition(web, article["id"], "ky")["out_of_date"] is False
    assert "out of date" not in web.as_user("editor").get(page_url).text

    # A translator's draft changes nothing readers would get: still up to date.
    headline = _segments(web, article["id"])[0]
    draft = web.client.put(
        f"/api/review/ky/articles/{article['id']}/segments/{headline['segment_id']}",
        headers=web.bearer("ky"),
        json={"text": "Душанбедеги сүйлөшүүлөр", "version": headline["version"]},
    )
    assert draft.status_code == 200
    assert _edition(web, article["id"], "ky")["out_of_date"] is False
    # An approval does.
    _approve(web, article["id"], draft.json(), "Душанбедеги сүйлөшүүлөр")
    assert _edition(web, article["id"], "ky")["out_of_date"] is True
    assert "out of date" in web.as_user("editor").get(page_url).text
    _publish(web, article["id"], "ky")
    assert _edition(web, article["id"], "ky")["out_of_date"] is False

    # So does an update of the article, once it is translated again.
    updated = web.client.put(
        f"/api/articles/{article['id']}",
        headers=web.bearer("editor"),
        json={"text": CORRECTED, "date": "2021-07-21", "targets": ["ky"], "slug": "gate-story"},
    )
    assert updated.status_code == 200, updated.text
    web.wait_until_done(article["id"])
    assert _edition(web, article["id"], "ky")["out_of_date"] is True


def test_publish_every_ready_language_leaves_partial_and_erroneous_ones(web: Any) -> None:
    # ky has a model (complete); tg has none (partial: passages await a human).
    article = web.submit(TEXT, ["ky", "tg"], slug="ready-story")
    web.wait_until_done(article["id"])
    editor = web.as_user("editor")
    base = f"/editor/articles/{article['id']}"
    token = web.csrf(editor)
    first = editor.post(f"{base}/publish-ready", data={"csrf_token": token})
    assert first.status_code == 303
    assert first.headers["location"] == base  # what happened is said in a flash
    page = editor.get(first.headers["location"]).text
    assert "Published: Kyrgyz." in page
    assert "Not published, still partial" in page and "Tajik" in page
    assert web.client.get("/ky/ready-story").status_code == 200
    assert web.client.get("/tg/ready-story").status_code == 404

    again = editor.post(f"{base}/publish-ready", data={"csrf_token": token})
    assert again.headers["location"] == base
    page = editor.get(base).text
    assert "Already up to date: Kyrgyz." in page and "Published: " not in page

    # An approval over a QA error: ky is no longer ready, and says why.
    crossing = next(s for s in _segments(web, article["id"]) if "crossed" in s["source"])
    _approve(web, article["id"], crossing, "Адамдар өттү.", confirm=True)
    third = editor.post(f"{base}/publish-ready", data={"csrf_token": token})
    assert third.headers["location"] == base
    assert "QA errors to fix or override: Kyrgyz" in editor.get(third.headers["location"]).text


def test_a_refused_publish_lists_each_offending_segment_with_a_link(web: Any) -> None:
    article = web.submit(TEXT, ["ky"], slug="refused-story")
    web.wait_until_done(article["id"])
    crossing = next(s for s in _segments(web, article["id"]) if "crossed" in s["source"])
    _approve(web, article["id"], crossing, "Адамдар өттү.", confirm=True)
    editor = web.as_user("editor")
    base = f"/editor/articles/{article['id']}"
    refused = editor.post(f"{base}/editions/ky/publish", data={"csrf_token": web.csrf(editor)})
    # Back on the article's page, at its own address.
    assert refused.status_code == 303
    assert refused.headers["location"] == base
    page = editor.get(refused.headers["location"]).text
    assert "The Kyrgyz edition was not published" in page
    link = f'href="/translate/ky/{article["id"]}?focus={crossing["segment_id"]}"'
    assert link in page and "Segment 2" in page
    assert "approved over the error by ky-user" in page
    assert 'name="override_errors"' in page
    assert _edition(web, article["id"], "ky")["errors"] == 2  # the date and the number


def test_a_language_without_a_model_is_not_shown_as_a_full_bar(web: Any) -> None:
    article = web.submit(TEXT, ["tg"], slug="no-model-story")
    web.wait_until_done(article["id"])
    edition = _edition(web, article["id"], "tg")
    assert edition["awaiting_human"] == edition["total"] > 0 and edition["translated"] == 0
    page = web.as_user("editor").get(f"/editor/articles/{article['id']}").text
    row = re.search(r'<tr data-locale="tg">(.*?)</tr>', page, re.S)
    assert row is not None
    assert f'<progress max="{edition["total"]}" value="0"' in row.group(1)
    assert re.search(r'data-field="bar-state"[^>]*>awaiting a human<', row.group(1))


def test_a_corrected_sentence_reaches_its_translator_old_beside_new(web: Any) -> None:
    article = web.submit(TEXT, ["ky"], slug="corrected-story")
    web.wait_until_done(article["id"])
    old = next(s for s in _segments(web, article["id"]) if "waited" in s["source"])
    updated = web.client.put(
        f"/api/articles/{article['id']}",
        headers=web.bearer("editor"),
        json={
            "text": CORRECTED,
            "date": "2021-07-21",
            "targets": ["ky"],
            "slug": "corrected-story",
        },
    )
    assert updated.status_code == 200, updated.text
    web.wait_until_done(article["id"])
    segments = _segments(web, article["id"])
    changed = next(s for s in segments if "waited" in s["source"])
    assert changed["previous_source"] == "They waited for news at the gate."
    assert changed["previous_text"] == old["text"]  # offered as a suggestion
    assert "changed" in changed["flags"]
    assert all(s["previous_source"] is None for s in segments if s is not changed)

    translator = web.as_user("ky")
    queue = translator.get("/translate/ky/").text
    assert "source changed" in queue
    screen = translator.get(f"/translate/ky/{article['id']}").text
    assert "Source changed in the last update" in screen
    assert "<del>news</del>" in screen and "<ins>hours</ins>" in screen
    assert "the translation before the English changed" in screen
    api_queue = web.client.get("/api/review/ky", headers=web.bearer("ky")).json()
    assert [(q["slug"], q["source_changed"]) for q in api_queue] == [("corrected-story", 1)]
    assert api_queue[0]["date"] == "2021-07-21"
