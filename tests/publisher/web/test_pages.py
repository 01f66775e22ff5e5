"""The staff screens as a browser without JavaScript uses them: forms, redirects, the
language of the chrome, previews, publishing and reviewing."""

from __future__ import annotations

import re
from typing import Any

SHORT = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\nThey waited."


def _post(web: Any, client: Any, path: str, **fields: Any) -> Any:
    return client.post(path, data={**fields, "csrf_token": web.csrf(client)})


def _found(pattern: str, text: str) -> str:
    """The first group of ``pattern``'s match in ``text`` (a failed test where none)."""
    match = re.search(pattern, text)
    assert match is not None, f"{pattern!r} not found"
    return match.group(1)


def test_sign_in_page_then_the_role_home(web: Any) -> None:
    reader = web.as_user(None)
    assert reader.get("/editor/").headers["location"] == "/login?next=/editor/"
    page = reader.get("/login?next=/editor/articles/new")
    assert page.status_code == 200 and 'name="next" value="/editor/articles/new"' in page.text
    signed = reader.post(
        "/login",
        data={
            "username": "ky-user",
            "password": "correct horse battery",
            "csrf_token": web.form_token(page.text),
        },
    )
    assert signed.headers["location"] == "/translate/"


def test_editor_submits_by_form_and_upload_and_sees_progress(web: Any, sample_path: Any) -> None:
    editor = web.as_user("editor")
    form = editor.get("/editor/articles/new")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    pasted = _post(
        web,
        editor,
        "/editor/articles/new",
        text=SHORT,
        format="text",
        date="2021-07-21",
        targets=["ky", "ru"],
        title="",
        slug="",
    )
    assert pasted.status_code == 303
    article_id = int(_found(r"/editor/articles/(\d+)", pasted.headers["location"]))
    web.wait_until_done(article_id)
    page = editor.get(pasted.headers["location"])
    assert "translation has started" in page.text and 'id="progress"' in page.text
    assert 'data-locale="ky"' in page.text and 'data-locale="ru"' in page.text

    uploaded = editor.post(
        "/editor/articles/new",
        data={
            "csrf_token": web.csrf(editor),
            "date": "2021-07-21",
            "targets": ["ky"],
            "slug": "the-sample",
        },
        files={"upload": (sample_path.name, sample_path.read_bytes(), "text/plain")},
    )
    assert uploaded.status_code == 303
    listing = editor.get("/editor/")
    assert "the-sample" in listing.text and "Talks in Dushanbe" in listing.text


def test_a_refused_form_keeps_what_the_editor_typed(web: Any) -> None:
    editor = web.as_user("editor")
    response = _post(
        web,
        editor,
        "/editor/articles/new",
        text="Hello ⟦1⟧ world",
        date="2021-07-21",
        targets=["ky"],
        slug="kept-slug",
        title="Kept title",
    )
    assert response.status_code == 400
    assert "reserves" in response.text
    assert "Hello ⟦1⟧ world" in response.text and 'value="kept-slug"' in response.text
    no_target = _post(web, editor, "/editor/articles/new", text=SHORT, date="2021-07-21")
    assert no_target.status_code == 400 and "no target language" in no_target.text
    bad_date = _post(
        web, editor, "/editor/articles/new", text=SHORT, date="yesterday", targets=["ky"]
    )
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.text


def test_preview_publish_partial_only_when_ticked_and_unpublish(web: Any) -> None:
    article = web.submit(SHORT, ["ky", "tg"], slug="border-talks")
    web.wait_until_done(article["id"])
    editor = web.as_user("editor")
    base = f"/editor/articles/{article['id']}"
    preview = editor.get(f"{base}/preview/tg")
    assert preview.status_code == 200 and '<html lang="tg"' in preview.text
    assert "noindex" in preview.text and 'class="untranslated"' in preview.text

    # A refused publish goes back to the article's page (its own URL), saying why by
    # language, with the explicit choice offered.
    refused = _post(web, editor, f"{base}/editions/tg/publish")
    assert refused.status_code == 303
    assert refused.headers["location"] == base  # why is said in a flash
    page = editor.get(refused.headers["location"]).text
    assert "The Tajik edition was not published" in page and "await translation" in page
    assert 'name="accept_partial"' in page
    assert web.client.get("/tg/border-talks").status_code == 404
    accepted = _post(web, editor, f"{base}/editions/tg/publish", accept_partial="on")
    assert accepted.headers["location"] == base
    assert "The Tajik edition is published." in editor.get(base).text
    assert web.client.get("/tg/border-talks").status_code == 200
    assert _post(web, editor, f"{base}/editions/ky/publish").status_code == 303
    page = editor.get(base).text
    assert "The Kyrgyz edition is published." in page and 'href="/ky/border-talks"' in page
    # Unpublishing asks first: without the confirmation nothing happens.
    asked = _post(web, editor, f"{base}/editions/tg/unpublish")
    assert asked.status_code == 303
    assert asked.headers["location"] == f"{base}/editions/tg/unpublish"
    assert web.client.get("/tg/border-talks").status_code == 200
    question = editor.get(asked.headers["location"]).text
    assert "Take the Tajik edition away from readers?" in question
    gone = _post(web, editor, f"{base}/editions/tg/unpublish", confirm="yes")
    assert gone.headers["location"] == base
    assert "The Tajik edition is no longer published" in editor.get(base).text
    assert web.client.get("/tg/border-talks").status_code == 404


def test_editing_an_article_by_form(web: Any) -> None:
    article = web.submit(SHORT, ["ky"], slug="edit-me")
    web.wait_until_done(article["id"])
    editor = web.as_user("editor")
    form = editor.get(f"/editor/articles/{article['id']}/edit")
    assert form.status_code == 200 and "They waited." in form.text
    saved = _post(
        web,
        editor,
        f"/editor/articles/{article['id']}/edit",
        text=SHORT + "\n\nA new paragraph.",
        date="2021-07-22",
        targets=["ky", "ru"],
        slug="edit-me",
        format="text",
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith(
        f"/editor/articles/{article['id']}"
    )
    assert "The article was updated" in editor.get(saved.headers["location"]).text
    detail = web.client.get(f"/api/articles/{article['id']}", headers=web.bearer("editor"))
    assert detail.json()["targets"] == ["ky", "ru"] and detail.json()["date"] == "2021-07-22"


def test_review_screen_save_approve_and_a_conflict_keeps_the_text(web: Any) -> None:
    article = web.submit(SHORT, ["ky"], slug="review-me")
    web.wait_until_done(article["id"])
    translator = web.as_user("ky")
    queue = translator.get("/translate/ky/")
    assert f'href="/translate/ky/{article["id"]}"' in queue.text
    screen = translator.get(f"/translate/ky/{article['id']}")
    assert screen.status_code == 200 and "data-approve" in screen.text
    assert "⟦1⟧" in screen.text  # the protected date, with what it stands for
    segment_ids = [int(x) for x in re.findall(r'id="s-(\d+)"', screen.text)]
    first, second = segment_ids[0], segment_ids[1]
    url = f"/translate/ky/{article['id']}/segments/{first}"

    approved = _post(
        web,
        translator,
        url,
        text="Душанбедеги сүйлөшүүлөр",
        version="1",
        action="approve",
        next_segment=str(second),
    )
    assert approved.status_code == 303
    # The headline names Dushanbe, which the glossary lacks: its offer has the focus first.
    assert approved.headers["location"] == f"/translate/ky/{article['id']}?offers={first}"
    dismissed = _post(
        web,
        translator,
        f"/translate/ky/{article['id']}/names",
        name="Dushanbe",
        action="dismiss",
        segment_id=str(first),
        next_segment=str(second),
    )
    # No URL fragment: with one, Chromium skips autofocus and the keyboard loop breaks.
    assert dismissed.headers["location"] == f"/translate/ky/{article['id']}?focus={second}"
    after = translator.get(dismissed.headers["location"])
    assert "✓" in after.text and f'id="t-{second}" name="text"' in after.text
    assert re.search(rf'id="t-{second}"[^>]*\n?\s*autofocus', after.text)

    # Another translator's screen still holds version 1: the save is refused with a
    # clear message, and the text they typed is shown again, not lost.
    stale = _post(
        web, web.as_user("admin"), url, text="Менин котормом", version="1", action="approve"
    )
    assert stale.status_code == 409
    assert "someone else saved this segment" in stale.text
    assert "Менин котормом" in stale.text
    # ...and what the other translator saved is shown beside it, to compare.
    assert 'class="theirs"' in stale.text and "Душанбедеги сүйлөшүүлөр" in stale.text
    # Approving a text with a QA error (the date lost) needs a confirmation, recorded.
    screen = translator.get(f"/translate/ky/{article['id']}").text
    version = re.search(rf'segments/{second}".*?name="version" value="(\d+)"', screen, re.S)
    assert version is not None
    second_url = f"/translate/ky/{article['id']}/segments/{second}"
    refused = _post(
        web,
        translator,
        second_url,
        text="Адамдар өттү.",
        version=version.group(1),
        action="approve",
    )
    assert refused.status_code == 409 and "QA errors" in refused.text
    assert 'value="approve_confirmed"' in refused.text and "Адамдар өттү." in refused.text
    confirmed = _post(
        web,
        translator,
        second_url,
        text="Адамдар өттү.",
        version=version.group(1),
        action="approve_confirmed",
    )
    assert confirmed.status_code == 303
    after = translator.get(confirmed.headers["location"]).text
    assert "Approved over QA errors, confirmed by ky-user" in after
    # An empty box is not a translation: refused, nothing stored.
    empty = _post(
        web,
        translator,
        f"/translate/ky/{article['id']}/segments/{second}",
        text="   ",
        version="1",
        action="save",
    )
    assert empty.status_code == 400 and "empty" in empty.text


def test_staff_chrome_follows_the_language_choice(web: Any) -> None:
    translator = web.as_user("ky")
    russian = translator.get("/translate/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert '<html lang="ru"' in russian.text and "Выйти" in russian.text
    translator.get("/language", params={"to": "tg", "next": "/translate/"})
    tajik = translator.get("/translate/", headers={"accept-language": "ru"})
    assert '<html lang="tg"' in tajik.text
    english = web.as_user("editor").get("/editor/", headers={"accept-language": "fr"})
    assert '<html lang="en"' in english.text and "Sign out" in english.text


def test_tokens_page_shows_a_new_token_once(web: Any) -> None:
    editor = web.as_user("editor")
    created = _post(web, editor, "/account/tokens", name="wire script")
    assert created.status_code == 200
    token = _found(r'id="new-token">(tj_[^<]+)<', created.text)
    listed = editor.get("/account/tokens").text
    assert "wire script" in listed and token not in listed
    token_id = int(_found(r"/account/tokens/(\d+)/revoke", listed))
    assert _post(web, editor, f"/account/tokens/{token_id}/revoke").status_code == 303
    assert (
        web.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_admin_manages_users_by_form(web: Any) -> None:
    admin = web.as_user("admin")
    made = _post(
        web,
        admin,
        "/admin/users",
        username="nodira",
        password="a long password",
        role="translator",
        languages=["uz", "tg"],
        display_name="Nodira",
    )
    assert made.status_code == 303
    page = admin.get("/admin/users").text
    assert "nodira" in page
    bad = _post(web, admin, "/admin/users", username="x y", password="short", role="editor")
    assert bad.status_code == 400
    no_language = _post(
        web, admin, "/admin/users", username="lone", password="a long password", role="translator"
    )
    assert no_language.status_code == 400 and "at least one language" in no_language.text


def test_translators_preview_the_edition_of_their_language(web: Any) -> None:
    article = web.submit(SHORT, ["ky", "uz"], slug="preview-me")
    web.wait_until_done(article["id"])
    ky = web.as_user("ky")
    preview = ky.get(f"/translate/ky/{article['id']}/preview/ky")
    assert preview.status_code == 200 and '<html lang="ky"' in preview.text
    assert f'href="/translate/ky/{article["id"]}"' in preview.text  # back to the review
    assert "noindex" in preview.text
    # Another language's edition is not theirs to preview.
    assert ky.get(f"/translate/ky/{article['id']}/preview/uz").status_code in (403, 404)
    assert ky.get(f"/translate/uz/{article['id']}/preview/uz").status_code == 403
    # The queue shows each article's date and slug.
    queue = ky.get("/translate/ky/").text
    assert "<code>preview-me</code>" in queue and "2021-07-21" in queue
