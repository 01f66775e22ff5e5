"""Editors' glossary pages: adding, changing, deleting, importing and exporting terms;
who may; and the review screen marking glossary terms in the source."""

from __future__ import annotations

from typing import Any

import pytest

SHORT = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border."


def _post(web: Any, client: Any, path: str, **fields: Any) -> Any:
    return client.post(path, data={**fields, "csrf_token": web.csrf(client)})


def _upload(web: Any, client: Any, locale: str, name: str, data: bytes) -> Any:
    return client.post(
        f"/editor/glossary/{locale}/import",
        data={"csrf_token": web.csrf(client)},
        files={"file": (name, data, "text/csv")},
    )


def test_editor_adds_changes_and_deletes_terms(web: Any) -> None:
    editor = web.as_user("editor")
    index = editor.get("/editor/glossary/")
    assert index.status_code == 200
    for code in ("uz", "ky", "tg", "ru"):
        assert f'href="/editor/glossary/{code}"' in index.text
    assert 'href="/editor/glossary/"' in editor.get("/editor/").text  # the nav link

    added = _post(
        web,
        editor,
        "/editor/glossary/ky",
        term=" Dushanbe ",
        translation="Душанбе",
        note="capital of Tajikistan",
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/editor/glossary/ky"  # the message is a flash
    page = editor.get(added.headers["location"])
    assert page.status_code == 200
    assert "The term was added." in page.text
    assert ">Dushanbe<" in page.text and ">Душанбе<" in page.text
    assert "capital of Tajikistan" in page.text
    assert "Душанбе" not in editor.get("/editor/glossary/ru").text  # per language

    changed = _post(web, editor, "/editor/glossary/ky", term="DUSHANBE", translation="Дүйшөмбү")
    assert changed.headers["location"] == "/editor/glossary/ky"
    page = editor.get("/editor/glossary/ky")
    assert "its translation and note were changed" in page.text
    assert "Дүйшөмбү" in page.text and ">Душанбе<" not in page.text

    refused = _post(
        web, editor, "/editor/glossary/ky", term="Tashkent", translation="  ", note="kept"
    )
    assert refused.status_code == 400
    assert "the translation is empty" in refused.text
    assert 'value="Tashkent"' in refused.text and 'value="kept"' in refused.text

    term_id = next(t.id for t in _terms(web, "ky"))
    deleted = _post(web, editor, f"/editor/glossary/ky/{term_id}/delete")
    assert deleted.headers["location"] == "/editor/glossary/ky"
    assert "The term was deleted." in editor.get("/editor/glossary/ky").text
    assert _terms(web, "ky") == []
    again = _post(web, editor, f"/editor/glossary/ky/{term_id}/delete")
    assert again.headers["location"] == "/editor/glossary/ky"
    assert "The term was already deleted." in editor.get("/editor/glossary/ky").text


def _terms(web: Any, locale: str) -> list[Any]:
    from publisher.services.glossary import terms_for

    return terms_for(web.state.database, locale)


def test_import_and_export_csv(web: Any) -> None:
    editor = web.as_user("editor")
    data = '\ufeffterm,translation,note\nDushanbe,Душанбе,"capital, Tajikistan"\nPamir,Памир,\n'
    imported = _upload(web, editor, "ky", "ky.csv", data.encode())
    assert imported.status_code == 303
    assert imported.headers["location"] == "/editor/glossary/ky"
    page = editor.get(imported.headers["location"])
    assert "Imported: 2 added, 0 changed, 0 unchanged." in page.text
    assert "Памир" in page.text

    exported = editor.get("/editor/glossary/ky/export.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"] == ('attachment; filename="glossary-en-ky.csv"')
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert exported.content.decode("utf-8-sig") == (
        'term,translation,note\r\nDushanbe,Душанбе,"capital, Tajikistan"\r\nPamir,Памир,\r\n'
    )
    again = _upload(web, editor, "ky", "ky.csv", exported.content)
    assert (
        "Imported: 0 added, 0 changed, 2 unchanged." in editor.get(again.headers["location"]).text
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("term,translation\nTashkent,Ташкент\nOsh,\n".encode(), "line 3: the translation is empty"),
        ("Tashkent,Ташкент\n".encode(), "line 1 must be the header"),
        ("term,translation\nTashkent,Ташкент\n".encode("cp1251"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"", "empty"),
    ],
)
def test_a_refused_import_says_why_and_changes_nothing(web: Any, data: bytes, message: str) -> None:
    editor = web.as_user("editor")
    _post(web, editor, "/editor/glossary/ky", term="Dushanbe", translation="Душанбе")
    before = _terms(web, "ky")
    refused = _upload(web, editor, "ky", "terms.csv", data)
    assert refused.status_code == 400
    assert "The file was not imported; nothing changed." in refused.text
    assert message in refused.text
    assert _terms(web, "ky") == before


def test_an_import_without_a_file_is_refused(web: Any) -> None:
    editor = web.as_user("editor")
    refused = _post(web, editor, "/editor/glossary/ky/import")
    assert refused.status_code == 400 and "choose a CSV file" in refused.text


def test_an_import_over_the_upload_limit_is_refused(web: Any) -> None:
    editor = web.as_user("editor")
    limit = web.state.settings.max_upload_bytes
    data = b"term,translation\n" + b"Osh,Osh\n" * (limit // 8 + 1)
    refused = _upload(web, editor, "ky", "big.csv", data)
    assert refused.status_code in (400, 413)
    assert _terms(web, "ky") == []


def test_unknown_languages_are_404(web: Any) -> None:
    editor = web.as_user("editor")
    assert editor.get("/editor/glossary/fr").status_code == 404
    assert editor.get("/editor/glossary/en/export.csv").status_code == 404
    assert _post(web, editor, "/editor/glossary/xx", term="a", translation="b").status_code == 404
    assert _post(web, editor, "/editor/glossary/xx/1/delete").status_code == 404
    assert _upload(web, editor, "xx", "a.csv", b"term,translation\na,b\n").status_code == 404


def test_only_editors_and_admins_manage_glossaries(web: Any) -> None:
    translator = web.as_user("ky")
    assert translator.get("/editor/glossary/").status_code == 403
    assert translator.get("/editor/glossary/ky").status_code == 403
    assert translator.get("/editor/glossary/ky/export.csv").status_code == 403
    refused = _post(web, translator, "/editor/glossary/ky", term="Osh", translation="Ош")
    assert refused.status_code == 403
    assert _upload(web, translator, "ky", "a.csv", b"term,translation\na,b\n").status_code == 403
    assert 'href="/editor/glossary/"' not in translator.get("/translate/").text
    assert _terms(web, "ky") == []

    anonymous = web.as_user(None)
    assert anonymous.get("/editor/glossary/ky").headers["location"].startswith("/login")

    admin = web.as_user("admin")
    assert _post(web, admin, "/editor/glossary/ky", term="Osh", translation="Ош").status_code == 303
    editor = web.as_user("editor")
    without_token = editor.post("/editor/glossary/ky", data={"term": "A", "translation": "B"})
    assert without_token.status_code == 403  # CSRF
    assert [t.term for t in _terms(web, "ky")] == ["Osh"]


def test_the_review_screen_marks_glossary_terms_in_the_source(web: Any) -> None:
    editor = web.as_user("editor")
    _post(web, editor, "/editor/glossary/ky", term="Dushanbe", translation="Душанбе")
    _post(
        web, editor, "/editor/glossary/ky", term="border", translation='"><script>alert(1)</script>'
    )
    _post(web, editor, "/editor/glossary/ru", term="people", translation="люди")
    article = web.submit(SHORT, ["ky"])
    web.wait_until_done(article["id"])
    page = web.as_user("ky").get(f"/translate/ky/{article['id']}")
    assert page.status_code == 200
    assert '<mark class="term" title="Душанбе">Dushanbe</mark>' in page.text
    assert (
        '<mark class="term" title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">border</mark>'
    ) in page.text
    assert "<script>alert(1)" not in page.text
    assert ">people</mark>" not in page.text  # the ru glossary's term, not ky's
    api = web.client.get(f"/api/review/ky/articles/{article['id']}", headers=web.bearer("ky"))
    assert all("<mark" not in s["source"] for s in api.json())
