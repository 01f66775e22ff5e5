"""Breaking news on the editor's screens and in the API: marking an article urgent, and
publishing its headline and lead alone (a partial edition accepted by a button of its
own), replaced by the whole edition once the rest is translated.

The app translates in-process (embedded worker); "only the headline and lead are
translated yet" is made by taking the rest's translations away after the run, as they
would be before the workers reached them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from publisher.core.breaking import headline_and_lead
from publisher.db import repository as repo
from publisher.db.models import TranslationRow
from publisher.services.headline_publish import assemble_and_follow

TEXT = (
    "# Tajikistan Misses Big Opportunity\n\n"
    "Officials met on July 18. Talks went well.\n\n"
    "They had approximately 4,000 livestock.\n\n"
    "The border stays closed.\n"
)


def _split(web: Any, article_id: int) -> tuple[list[int], list[int]]:
    """The segment ids of the headline and lead, and of the rest."""
    with web.state.database.session() as session:
        article = repo.get_article(session, article_id=article_id)
        ids = repo.segment_ids(session, article_id=article_id)
    positions = [(s.block_index, s.index) for b in article.blocks for s in b.segments]
    wanted = headline_and_lead(article)
    lead = [i for p, i in zip(positions, ids, strict=True) if p in wanted]
    return lead, [i for i in ids if i not in lead]


def _untranslate(web: Any, segment_ids: list[int]) -> list[dict[str, Any]]:
    """Take these segments' ky translations away; returns them, to put back later."""
    with web.state.database.session() as session:
        kept = [
            {"segment_id": row.segment_id, "text": row.text}
            for row in session.query(TranslationRow).filter(
                TranslationRow.segment_id.in_(segment_ids), TranslationRow.locale == "ky"
            )
        ]
        session.execute(
            delete(TranslationRow).where(
                TranslationRow.segment_id.in_(segment_ids), TranslationRow.locale == "ky"
            )
        )
    return kept


def _translate_again(web: Any, rows: list[dict[str, Any]]) -> None:
    from publisher.core.enums import Origin, Status

    with web.state.database.session() as session:
        for row in rows:
            repo.upsert_translation(
                session,
                segment_id=row["segment_id"],
                locale="ky",
                text=row["text"],
                origin=Origin.MACHINE,
                status=Status.MACHINE,
                engine="argos",
                warnings=(),
            )


def _urgent_article(web: Any) -> dict[str, Any]:
    article: dict[str, Any] = web.submit(
        TEXT, ["ky"], format="markdown", slug="breaking", urgent=True
    )
    assert article["urgent"] is True
    web.wait_until_done(article["id"])
    return article


def test_the_editor_publishes_the_headline_and_lead_then_the_whole_replaces_them(web: Any) -> None:
    article = _urgent_article(web)
    lead, rest = _split(web, article["id"])
    assert len(lead) == 3 and rest
    kept = _untranslate(web, rest)
    editor = web.as_user("editor")
    page = editor.get(f"/editor/articles/{article['id']}").text
    assert 'data-field="urgent"' in page and "Urgent" in page
    assert "Only the headline and lead are translated" in page
    assert 'data-form="publish-headline"' in page
    # The ordinary publish still refuses the partial edition without explicit acceptance.
    token = web.form_token(page)
    refused = editor.post(
        f"/editor/articles/{article['id']}/editions/ky/publish", data={"csrf_token": token}
    )
    assert refused.status_code == 303
    assert editor.get(f"/ky/{article['slug']}").status_code == 404
    done = editor.post(
        f"/editor/articles/{article['id']}/editions/ky/publish-headline", data={"csrf_token": token}
    )
    assert done.status_code == 303
    reader = web.as_user(None).get(f"/ky/{article['slug']}").text
    assert reader.count('class="untranslated"') == len(rest)  # the rest marked, as ever
    assert "They had approximately" in reader  # shown in English, marked as awaiting
    with web.state.database.session() as session:
        assert repo.publications_of(session, article_id=article["id"])["ky"].state == "partial"
    _translate_again(web, kept)  # the workers reach the rest; its assembly follows
    assemble_and_follow(
        web.state.database, web.state.settings, article_id=article["id"], locale="ky"
    )
    with web.state.database.session() as session:
        published = repo.publications_of(session, article_id=article["id"])["ky"]
    assert published.state == "complete"
    assert 'class="untranslated"' not in web.as_user(None).get(f"/ky/{article['slug']}").text
    overview = web.as_user("editor").get("/editor/").text
    assert 'class="chip urgent"' in overview


def test_the_api_publishes_the_headline_and_lead_only_once_they_are_translated(web: Any) -> None:
    article = _urgent_article(web)
    lead, rest = _split(web, article["id"])
    kept = _untranslate(web, [*lead[1:], *rest])  # the lead not translated yet
    url = f"/api/articles/{article['id']}/editions/ky/publication"
    headers = web.bearer("editor")
    early = web.client.post(url, headers=headers, json={"headline_and_lead": True})
    assert early.status_code == 409 and "not translated yet" in early.json()["detail"]
    detail = web.client.get(f"/api/articles/{article['id']}", headers=headers).json()
    assert detail["editions"][0]["headline_ready"] is False
    _translate_again(web, [row for row in kept if row["segment_id"] in lead])
    detail = web.client.get(f"/api/articles/{article['id']}", headers=headers).json()
    assert detail["editions"][0]["headline_ready"] is True
    assert web.client.post(url, headers=headers, json={}).status_code == 409  # partial
    published = web.client.post(url, headers=headers, json={"headline_and_lead": True})
    assert published.status_code == 200, published.text
    assert published.json()["state"] == "partial"
    assert published.json()["missing"] == len(rest)


def test_an_editor_marks_an_article_urgent_in_the_form_the_page_and_the_api(web: Any) -> None:
    editor = web.as_user("editor")
    form = editor.get("/editor/articles/new").text
    assert 'name="urgent"' in form and 'aria-describedby="urgent-hint"' in form
    made = editor.post(
        "/editor/articles/new",
        data={
            "csrf_token": web.form_token(form),
            "text": TEXT,
            "format": "markdown",
            "date": "2021-07-21",
            "targets": ["ky"],
            "slug": "from-the-form",
            "urgent": "on",
        },
    )
    assert made.status_code == 303
    headers = web.bearer("editor")
    listed = {a["slug"]: a for a in web.client.get("/api/articles", headers=headers).json()}
    assert listed["from-the-form"]["urgent"] is True
    plain = web.submit(TEXT, ["ky"], format="markdown", slug="plain")
    assert plain["urgent"] is False
    page = editor.get(f"/editor/articles/{plain['id']}").text
    assert "Mark urgent" in page
    marked = editor.post(
        f"/editor/articles/{plain['id']}/urgent", data={"csrf_token": web.form_token(page)}
    )
    assert marked.status_code == 303
    assert 'data-field="urgent"' in editor.get(f"/editor/articles/{plain['id']}").text
    other = web.submit(TEXT, ["ky"], format="markdown", slug="other")
    by_api = web.client.post(f"/api/articles/{other['id']}/urgent", headers=headers)
    assert by_api.status_code == 200 and by_api.json()["urgent"] is True
    assert web.client.post("/api/articles/999999/urgent", headers=headers).status_code == 404
