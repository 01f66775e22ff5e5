"""Exchange with CAT tools in the web app: XLIFF from and back to the review screen, the
translation memory as TMX on the editors' dashboard, and who may do which."""

from __future__ import annotations

import re
from typing import Any

from translate.storage import tmx, xliff, xliff2
from translate.storage.placeables import StringElem

SHORT = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\nThey waited."


def _article(web: Any, slug: str, targets: tuple[str, ...] = ("ky", "ru")) -> int:
    article = web.submit(SHORT, list(targets), slug=slug)
    web.wait_until_done(article["id"])
    article_id: int = article["id"]
    return article_id


def _upload(web: Any, client: Any, path: str, data: bytes, name: str = "file.xlf") -> Any:
    return client.post(
        path,
        data={"csrf_token": web.csrf(client)},
        files={"file": (name, data, "application/xliff+xml")},
    )


def _review(web: Any, article_id: int, locale: str = "ky") -> list[dict[str, Any]]:
    response = web.client.get(
        f"/api/review/{locale}/articles/{article_id}", headers=web.bearer("admin")
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def test_a_translator_exports_xliff_and_imports_it_back(web: Any) -> None:
    article_id = _article(web, "xliff-talks")
    translator = web.as_user("ky")
    screen = translator.get(f"/translate/ky/{article_id}")
    assert screen.status_code == 200
    assert f'href="/translate/ky/{article_id}/xliff?version=2.0"' in screen.text
    assert f'href="/translate/ky/{article_id}/xliff?version=1.2"' in screen.text
    assert f'action="/translate/ky/{article_id}/xliff"' in screen.text
    assert 'enctype="multipart/form-data"' in screen.text and 'name="file"' in screen.text

    download = translator.get(f"/translate/ky/{article_id}/xliff?version=2.0")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/xliff+xml")
    assert 'filename="xliff-talks.ky.xlf"' in download.headers["content-disposition"]
    store = xliff2.Xliff2File.parsestring(download.content)
    rows = _review(web, article_id)
    ids = [u.getid() for u in store.units]
    assert len(ids) == len(rows) == len(set(ids))
    assert all(re.fullmatch(r"u[0-9a-f]{12}(-[0-9]+)?", unit_id) for unit_id in ids)
    assert store.gettargetlanguage() == "ky"
    store.units[0].target = "Душанбедеги сүйлөшүүлөр"
    store.units[0].xmlelement.set("state", "final")
    store.units[-1].target = "Алар күтүштү."

    imported = _upload(web, translator, f"/translate/ky/{article_id}/xliff", bytes(store))
    assert imported.status_code == 303, imported.text
    assert imported.headers["location"] == f"/translate/ky/{article_id}"  # said in a flash
    after = translator.get(imported.headers["location"])
    assert "Translations imported from the XLIFF file: 2." in after.text
    rows = _review(web, article_id)
    assert (rows[0]["text"], rows[0]["status"]) == ("Душанбедеги сүйлөшүүлөр", "approved")
    assert (rows[-1]["text"], rows[-1]["status"]) == ("Алар күтүштү.", "needs_review")

    old = translator.get(f"/translate/ky/{article_id}/xliff?version=1.2")
    assert old.status_code == 200
    assert xliff.xlifffile.parsestring(old.content).document.getroot().get("version") == "1.2"
    assert translator.get(f"/translate/ky/{article_id}/xliff?version=3").status_code == 422


def test_an_import_after_the_article_changed_says_what_it_left_out(web: Any) -> None:
    article_id = _article(web, "changed-talks", ("ky",))
    translator = web.as_user("ky")
    store = xliff2.Xliff2File.parsestring(
        translator.get(f"/translate/ky/{article_id}/xliff").content
    )
    for unit, text in zip(
        store.units, ("Душанбедеги сүйлөшүүлөр", None, "Алар күтүштү."), strict=True
    ):
        if text:
            unit.rich_target = [StringElem(text)]
    # The editor changes the last sentence while the translator works on the file.
    updated = web.client.put(
        f"/api/articles/{article_id}",
        headers=web.bearer("editor"),
        json={
            "text": SHORT.replace("They waited.", "They waited for hours."),
            "date": "2021-07-21",
            "targets": ["ky"],
            "slug": "changed-talks",
        },
    )
    assert updated.status_code == 200, updated.text
    web.wait_until_done(article_id)

    imported = _upload(web, translator, f"/translate/ky/{article_id}/xliff", bytes(store))
    assert imported.status_code == 303, imported.text
    assert imported.headers["location"] == f"/translate/ky/{article_id}"
    page = translator.get(imported.headers["location"]).text
    assert "Translations imported from the XLIFF file: 1." in page
    assert (
        "Translations not imported, because their sentences changed or were removed "
        "since the export: 1."
    ) in page
    rows = _review(web, article_id)
    assert rows[0]["text"] == "Душанбедеги сүйлөшүүлөр"
    assert rows[-1]["text"] != "Алар күтүштү."


def test_refused_uploads_show_why_and_change_nothing(web: Any) -> None:
    article_id = _article(web, "refused-talks")
    other_id = _article(web, "other-talks", ("ky",))
    admin = web.as_user("admin")
    before = _review(web, article_id)
    path = f"/translate/ky/{article_id}/xliff"

    ru_file = admin.get(f"/translate/ru/{article_id}/xliff").content
    other_file = admin.get(f"/translate/ky/{other_id}/xliff").content
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xliff>&b;</xliff>'
    )
    cases = {
        "another locale": (ru_file, "not into Kyrgyz"),
        "another article": (other_file, "another article"),
        "malformed XML": (b"<xliff version='2.0'><file", "cannot be read"),
        "entity expansion": (laughs, "DTD"),
        "too large": (b" " * (web.state.settings.max_upload_bytes + 1), "too large"),
    }
    for name, (data, message) in cases.items():
        refused = _upload(web, admin, path, data)
        assert refused.status_code == 400, name
        assert message in refused.text, (name, refused.text[-800:])
    no_file = admin.post(path, data={"csrf_token": web.csrf(admin)})
    assert no_file.status_code == 400 and "choose the XLIFF file" in no_file.text
    assert _review(web, article_id) == before


def test_who_may_exchange_xliff(web: Any) -> None:
    article_id = _article(web, "guarded-talks")
    path = f"/translate/ky/{article_id}/xliff"
    data = web.as_user("admin").get(path).content
    assert web.as_user("ru").get(path).status_code == 403
    assert web.as_user("editor").get(path).status_code == 403
    assert web.as_user(None).get(path).status_code == 303  # to the sign-in page
    assert _upload(web, web.as_user("ru"), path, data).status_code == 403
    assert _upload(web, web.as_user("editor"), path, data).status_code == 403
    no_csrf = web.as_user("ky").post(path, files={"file": ("f.xlf", data, "text/xml")})
    assert no_csrf.status_code == 403
    assert web.as_user("ru").get(f"/translate/ru/{article_id}/xliff").status_code == 200


def test_editors_download_and_upload_the_translation_memory(web: Any) -> None:
    editor = web.as_user("editor")
    dashboard = editor.get("/editor/")
    assert 'href="/editor/memory.tmx"' in dashboard.text
    assert 'action="/editor/memory"' in dashboard.text and 'name="file"' in dashboard.text

    store = tmx.tmxfile(sourcelanguage="en")
    unit = store.addsourceunit("The border was closed.", "en")
    unit.settarget("Чек ара жабылды.", "ky", append=True)
    unit.settarget("La frontière était fermée.", "fr", append=True)
    uploaded = _upload(web, editor, "/editor/memory", bytes(store), "memory.tmx")
    assert uploaded.status_code == 303, uploaded.text
    assert uploaded.headers["location"] == "/editor/"
    assert "entries imported from the TMX file: 1." in editor.get(uploaded.headers["location"]).text

    download = editor.get("/editor/memory.tmx?to=ky")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/x-tmx+xml")
    assert "attachment" in download.headers["content-disposition"]
    units = tmx.tmxfile.parsestring(download.content).units
    assert [(u.source, u.target) for u in units] == [("The border was closed.", "Чек ара жабылды.")]

    refused = _upload(web, editor, "/editor/memory", b"<tmx><body>", "memory.tmx")
    assert refused.status_code == 400 and "cannot be read" in refused.text
    for who in ("ky", "ru"):
        assert web.as_user(who).get("/editor/memory.tmx").status_code == 403
        assert _upload(web, web.as_user(who), "/editor/memory", bytes(store)).status_code == 403
    assert web.as_user("admin").get("/editor/memory.tmx").status_code == 200
    assert re.search(r"Ч[^<]*жабылды", web.as_user("admin").get("/editor/memory.tmx").text)
