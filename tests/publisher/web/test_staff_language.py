"""Staff screens speak the staff's language: QA warnings, refusals of a save or a publish,
and a refused import, in the language of the switcher (or Accept-Language); the JSON API
keeps its English ``message`` and ``detail`` and adds a ``label`` in that language."""

from __future__ import annotations

import re
from typing import Any

FIRST = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\nThey waited."
LOST_DATE = "⟦2⟧ адам чек арадан өттү."
RU = {"accept-language": "ru-RU,ru;q=0.9"}


def _article(web: Any, slug: str) -> int:
    article = web.submit(FIRST, ["ky"], slug=slug)
    web.wait_until_done(article["id"])
    article_id: int = article["id"]
    return article_id


def _crossing(web: Any, article_id: int, **headers: str) -> dict[str, Any]:
    response = web.client.get(
        f"/api/review/ky/articles/{article_id}", headers={**web.bearer("ky"), **headers}
    )
    assert response.status_code == 200, response.text
    return next(s for s in response.json() if "crossed" in s["source"])


def _put(
    web: Any,
    article_id: int,
    segment: dict[str, Any],
    text: str,
    *,
    approve: bool = False,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Any:
    return web.client.put(
        f"/api/review/ky/articles/{article_id}/segments/{segment['segment_id']}",
        headers={**web.bearer("ky"), **(headers or {})},
        json={"text": text, "version": segment["version"], "approve": approve, **extra},
    )


def test_qa_warnings_on_the_review_screen_follow_the_staff_language(web: Any) -> None:
    article_id = _article(web, "qa-in-words")
    crossing = _crossing(web, article_id)
    saved = _put(web, article_id, crossing, LOST_DATE)
    assert saved.status_code == 200, saved.text
    [warning] = saved.json()["warnings"]
    # The API keeps the English message; its label is in the caller's language (English
    # for a script that asks for none).
    english = warning["message"]
    assert english.startswith("date ") and english.endswith(" missing from the translation")
    assert warning["label"] == english and warning["params"]["reason"] == "missing"

    translator = web.as_user("ky")
    screen = f"/translate/ky/{article_id}"
    russian = translator.get(screen, headers=RU)
    assert '<html lang="ru"' in russian.text
    assert "✖ Ошибка: в переводе нет: дата " in russian.text
    assert english not in russian.text
    translator.get("/language", params={"to": "ky", "next": "/translate/"})
    kyrgyz = translator.get(screen, headers=RU).text  # the switcher wins over the header
    assert "✖ Ката: котормодо жок: дата " in kyrgyz and english not in kyrgyz

    listed = _crossing(web, article_id, **RU)["warnings"][0]
    assert listed["message"] == english and listed["label"].startswith("в переводе нет: дата ")


def test_refused_saves_are_said_in_the_staff_language(web: Any) -> None:
    article_id = _article(web, "refusals-in-words")
    crossing = _crossing(web, article_id)
    # The JSON API (the screen's script): English detail, the staff's words in label.
    empty = _put(web, article_id, crossing, "   ", headers={"accept-language": "ky"})
    assert empty.status_code == 400
    assert empty.json()["detail"] == (
        "the translation is empty: type it, or leave the segment as it is"
    )
    assert empty.json()["label"] == "котормо бош: аны жазыңыз же сегментти ошол бойдон калтырыңыз"
    refused = _put(web, article_id, crossing, LOST_DATE, approve=True, headers=RU)
    assert refused.status_code == 409 and refused.json()["reason"] == "qa_errors"
    assert refused.json()["detail"].startswith("the translation has QA errors (date ")
    assert refused.json()["label"].startswith("в переводе есть ошибки QA (в переводе нет: дата ")
    assert refused.json()["errors"][0]["label"].startswith("в переводе нет: дата ")

    # The screen without scripts: the form's refusals in Russian, the text kept.
    translator = web.as_user("ky")
    page = translator.get(f"/translate/ky/{article_id}", headers=RU).text
    form = f"/translate/ky/{article_id}/segments/{crossing['segment_id']}"
    fields = {"csrf_token": web.form_token(page), "version": str(crossing["version"])}
    blank = translator.post(form, data={**fields, "text": "  ", "action": "save"}, headers=RU)
    assert blank.status_code == 400
    assert "перевод пуст: введите его или оставьте сегмент как есть" in blank.text
    assert "the translation is empty" not in blank.text
    _put(web, article_id, crossing, "Чек арадан ⟦1⟧ ⟦2⟧ адам өттү.")  # someone saves first
    stale = translator.post(
        form, data={**fields, "text": "Менин котормом", "action": "save"}, headers=RU
    )
    assert stale.status_code == 409
    assert "пока вы редактировали этот сегмент, его сохранил другой человек" in stale.text
    assert "Менин котормом" in stale.text


def test_a_refused_publish_lists_the_errors_in_the_staff_language(web: Any) -> None:
    article_id = _article(web, "publish-in-words")
    crossing = _crossing(web, article_id)
    assert (
        _put(web, article_id, crossing, LOST_DATE, approve=True, confirm_errors=True).status_code
        == 200
    )
    api = web.client.post(
        f"/api/articles/{article_id}/editions/ky/publication",
        headers={**web.bearer("editor"), **RU},
        json={},
    )
    assert api.status_code == 409
    assert api.json()["detail"].startswith("the Kyrgyz edition has 1 QA errors")
    assert api.json()["label"].startswith("в выпуске «Киргизский» есть ошибки QA: 1")
    assert api.json()["segments"][0]["errors"][0]["label"].startswith("в переводе нет: дата ")

    editor = web.as_user("editor")
    page = editor.get(f"/editor/articles/{article_id}", headers=RU).text
    published = editor.post(
        f"/editor/articles/{article_id}/editions/ky/publish",
        data={"csrf_token": web.form_token(page)},
        headers=RU,
    )
    assert published.status_code == 303
    refused = editor.get(published.headers["location"], headers=RU).text
    assert "Выпуск «Киргизский» не опубликован: в этих сегментах есть ошибки QA." in refused
    offending = re.search(r'<ul class="offending">(.*?)</ul>', refused, re.S)
    assert offending is not None and "в переводе нет: дата " in offending.group(1)
    assert "missing from the translation" not in refused


def _upload(
    web: Any, client: Any, path: str, data: bytes, name: str, headers: dict[str, str] | None = None
) -> Any:
    return client.post(
        path,
        data={"csrf_token": web.csrf(client)},
        headers=headers or {},
        files={"file": (name, data, "application/xml")},
    )


PARSER_WORDS = ("column", "Couldn't", "XMLSyntaxError", "lxml", "&lt;string&gt;", "Error(")


def test_a_refused_xliff_import_is_shown_beside_the_form_on_the_review_screen(
    web: Any,
) -> None:
    article_id = _article(web, "import-in-words")
    translator = web.as_user("ky")
    path = f"/translate/ky/{article_id}/xliff"
    broken = b"<?xml version='1.0'?>\n<xliff version='2.0'>\n<file"
    refused = _upload(web, translator, path, broken, "broken.xlf")
    assert refused.status_code == 400
    page = refused.text
    assert f'action="{path}"' in page and "data-review" in page  # the review screen
    error = re.search(r'<p class="flash error" role="alert" id="import-error">(.*?)</p>', page)
    assert error is not None
    assert error.group(1) == (
        "The file was not imported; nothing changed. the XLIFF file cannot be read (line 3): "
        "it is not well-formed XLIFF 2.0; export it again from your CAT tool"
    )
    assert 'aria-describedby="import-error"' in page
    assert not [word for word in PARSER_WORDS if word in page]

    russian = _upload(web, translator, path, broken, "broken.xlf", headers=RU)
    assert russian.status_code == 400
    assert "Файл не импортирован; ничего не изменилось. файл XLIFF не читается (строка 3)" in (
        russian.text
    )
    missing = translator.post(path, data={"csrf_token": web.csrf(translator)}, headers=RU)
    assert missing.status_code == 400 and "выберите файл XLIFF для импорта" in missing.text


def test_a_refused_tmx_import_is_shown_beside_the_form_on_the_article_list(web: Any) -> None:
    editor = web.as_user("editor")
    refused = _upload(
        web,
        editor,
        "/editor/memory",
        b"<tmx version='1.4'><body>",
        "memory.tmx",
        headers={"accept-language": "tg"},
    )
    assert refused.status_code == 400
    page = refused.text
    assert 'action="/editor/memory"' in page and 'id="memory-error"' in page
    assert "файли TMX хонда намешавад" in page
    assert not [word for word in PARSER_WORDS if word in page]
