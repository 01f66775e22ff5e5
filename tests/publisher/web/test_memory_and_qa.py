"""Translation memory (exact and fuzzy), QA warnings in the queue, and publishing gated
on unresolved QA errors with a recorded override, through the API on PostgreSQL."""

from __future__ import annotations

from typing import Any

FIRST = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\nThey waited."


def _segments(web: Any, article_id: int) -> list[dict[str, Any]]:
    response = web.client.get(f"/api/review/ky/articles/{article_id}", headers=web.bearer("ky"))
    assert response.status_code == 200, response.text
    segments: list[dict[str, Any]] = response.json()
    return segments


def _save(
    web: Any, article_id: int, segment: dict[str, Any], text: str, approve: bool = True
) -> dict[str, Any]:
    response = web.client.put(
        f"/api/review/ky/articles/{article_id}/segments/{segment['segment_id']}",
        headers=web.bearer("ky"),
        json={"text": text, "version": segment["version"], "approve": approve},
    )
    assert response.status_code == 200, response.text
    saved: dict[str, Any] = response.json()
    return saved


def test_approved_work_is_reused_exactly_with_new_numbers(web: Any) -> None:
    first = web.submit(FIRST, ["ky"], slug="first-story")
    web.wait_until_done(first["id"])
    segments = _segments(web, first["id"])
    crossing = next(s for s in segments if "crossed" in s["source"])
    assert crossing["source"] == "⟦1⟧, ⟦2⟧ people crossed the border."
    _save(web, first["id"], crossing, "⟦1⟧ ⟦2⟧ адам чек арадан өттү.")

    # Another article: the same sentence with another date and number.
    second = web.submit(
        "Border news\n\nOn July 19, 2021, 500 people crossed the border.",
        ["ky"],
        slug="second-story",
    )
    web.wait_until_done(second["id"])
    reused = next(s for s in _segments(web, second["id"]) if "crossed" in s["source"])
    assert (reused["origin"], reused["status"]) == ("memory", "approved")
    assert reused["text"] == "⟦1⟧ ⟦2⟧ адам чек арадан өттү."
    preview = web.as_user("editor").get(f"/editor/articles/{second['id']}/preview/ky").text
    assert "адам чек арадан өттү" in preview and "500" in preview  # the new number


def test_similar_sentences_are_offered_with_score_and_source_article(web: Any) -> None:
    first = web.submit(FIRST, ["ky"], slug="first-story")
    web.wait_until_done(first["id"])
    waited = next(s for s in _segments(web, first["id"]) if s["source"] == "They waited.")
    _save(web, first["id"], waited, "Алар күтүштү.")

    second = web.submit("Border news\n\nThey waited there.", ["ky"], slug="second-story")
    web.wait_until_done(second["id"])
    similar = next(s for s in _segments(web, second["id"]) if "waited" in s["source"])
    assert similar["origin"] == "machine"  # not exact: the engine translated it
    suggestion = similar["suggestions"][0]
    assert suggestion["score"] >= 75 and suggestion["text"] == "Алар күтүштү."
    assert suggestion["article_slug"] == "first-story"
    page = web.as_user("ky").get(f"/translate/ky/{second['id']}").text
    assert 'class="suggestions"' in page and "Алар күтүштү." in page and "first-story" in page
    # The suggestion's source, "They waited.", lacks the segment's "there": marked.
    assert "They waited<ins> there</ins>." in page
    # Below 75 nothing is offered.
    unrelated = next(s for s in _segments(web, second["id"]) if s["source"] == "Border news")
    assert unrelated["suggestions"] == []


def test_qa_errors_need_a_confirmation_and_block_publishing_until_an_override(
    web: Any,
) -> None:
    article = web.submit(FIRST, ["ky"], slug="qa-story")
    web.wait_until_done(article["id"])
    crossing = next(s for s in _segments(web, article["id"]) if "crossed" in s["source"])
    # A translator's draft that lost the date: an error-level warning, but only a draft.
    saved = _save(web, article["id"], crossing, "⟦2⟧ адам чек арадан өттү.", approve=False)
    assert [w["code"] for w in saved["warnings"]] == ["span_missing"]
    assert saved["draft"] and saved["shown_text"] == crossing["text"]

    # The queue can be filtered to articles with that kind of warning.
    queue = web.client.get(
        "/api/review/ky", params={"warning": "span_missing"}, headers=web.bearer("ky")
    )
    assert [item["slug"] for item in queue.json()] == ["qa-story"]
    assert (
        web.client.get(
            "/api/review/ky", params={"warning": "glossary"}, headers=web.bearer("ky")
        ).json()
        == []
    )

    # Approving it is refused until the translator confirms; the refusal lists the errors.
    url = f"/api/review/ky/articles/{article['id']}/segments/{crossing['segment_id']}"
    body = {"text": "⟦2⟧ адам чек арадан өттү.", "version": saved["version"], "approve": True}
    refused = web.client.put(url, headers=web.bearer("ky"), json=body)
    assert refused.status_code == 409, refused.text
    assert refused.json()["reason"] == "qa_errors"
    assert [e["code"] for e in refused.json()["errors"]] == ["span_missing"]
    confirmed = web.client.put(url, headers=web.bearer("ky"), json={**body, "confirm_errors": True})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["confirmed_errors"] == ["span_missing"]
    assert confirmed.json()["confirmed_by"] == "ky-user"

    # Approved, the error is in the edition: publishing needs the override.
    editor = web.bearer("editor")
    detail = web.client.get(f"/api/articles/{article['id']}", headers=editor).json()
    assert detail["editions"][0]["errors"] == 1
    publication = f"/api/articles/{article['id']}/editions/ky/publication"
    blocked = web.client.post(publication, headers=editor, json={})
    assert blocked.status_code == 409 and "QA errors" in blocked.json()["detail"]
    assert [s["segment_id"] for s in blocked.json()["segments"]] == [crossing["segment_id"]]
    assert blocked.json()["segments"][0]["review_url"].endswith(
        f"/translate/ky/{article['id']}?focus={crossing['segment_id']}"
    )
    assert web.client.get("/ky/qa-story").status_code == 404

    published = web.client.post(publication, headers=editor, json={"override_errors": True})
    assert published.status_code == 200
    detail = web.client.get(f"/api/articles/{article['id']}", headers=editor).json()
    assert [(o["locale"], o["username"], o["errors"]) for o in detail["overrides"]] == [
        ("ky", "editor-user", 1)
    ]
    page = web.as_user("editor").get(f"/editor/articles/{article['id']}").text
    assert "editor-user" in page and 'name="override_errors"' in page

    # Fixing the segment resolves the error: publishing again needs no override.
    current = next(s for s in _segments(web, article["id"]) if "crossed" in s["source"])
    _save(web, article["id"], current, "⟦1⟧ ⟦2⟧ адам чек арадан өттү.")
    assert web.client.post(publication, headers=editor, json={}).status_code == 200


def test_glossary_misses_are_flagged_on_machine_output(web: Any) -> None:
    from publisher.db import repository as repo

    with web.state.database.session() as session:
        repo.put_term(
            session, source_locale="en", target_locale="ky", term="Dushanbe", translation="Душанбе"
        )
    article = web.submit(FIRST, ["ky"], slug="glossary-story")
    web.wait_until_done(article["id"])
    headline = _segments(web, article["id"])[0]
    # The copy model leaves "Dushanbe" in Latin letters: the required form is missing.
    assert "glossary" in [w["code"] for w in headline["warnings"]]
    queue = web.client.get(
        "/api/review/ky", params={"warning": "glossary"}, headers=web.bearer("ky")
    )
    assert [item["slug"] for item in queue.json()] == ["glossary-story"]
    fixed = _save(web, article["id"], headline, "Душанбедеги сүйлөшүүлөр")
    assert "glossary" not in [w["code"] for w in fixed["warnings"]]


def test_memory_made_later_is_offered_applied_in_one_action_and_listed(web: Any) -> None:
    # The first article is translated by the engine before any memory exists.
    first = web.submit(FIRST, ["ky"], slug="early-story")
    web.wait_until_done(first["id"])
    waited = next(s for s in _segments(web, first["id"]) if s["source"] == "They waited.")
    assert waited["origin"] == "machine"
    # Another article's translator then approves the same sentence: a memory entry.
    second = web.submit("Other news\n\nThey waited.", ["ky"], slug="later-story")
    web.wait_until_done(second["id"])
    later = next(s for s in _segments(web, second["id"]) if s["source"] == "They waited.")
    _save(web, second["id"], later, "Алар күтүп турушту.")

    translator = web.as_user("ky")
    screen = translator.get(f"/translate/ky/{first['id']}").text
    assert "exact memory match" in screen and "Алар күтүп турушту." in screen
    assert "Apply every exact memory match (1)" in screen
    applied = translator.post(
        f"/translate/ky/{first['id']}/memory", data={"csrf_token": web.csrf(translator)}
    )
    assert applied.status_code == 200
    assert "Exact memory matches applied: 1." in applied.text
    assert '<ins lang="ky">Алар күтүп турушту.</ins>' in applied.text
    now = next(s for s in _segments(web, first["id"]) if s["source"] == "They waited.")
    assert (now["origin"], now["status"], now["text"]) == (
        "memory",
        "approved",
        "Алар күтүп турушту.",
    )
    # The API does the same, and has nothing left to apply.
    again = web.client.post(
        f"/api/review/ky/articles/{first['id']}/memory", headers=web.bearer("ky")
    )
    assert again.status_code == 200 and again.json() == []
