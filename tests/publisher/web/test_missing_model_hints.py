"""A language with no model, as translators meet it: one plain line per article in their
own language, never the operator's install hint repeated under every segment; the JSON
API flags each such segment and keeps the operator's hint for scripts."""

from __future__ import annotations

from typing import Any

TEXT = (
    "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\n"
    "They waited. Then they went home."
)
HINT = "`tarjima models download nllb-200-distilled-600M`"


def _uzbek_article(web: Any) -> tuple[int, int]:
    """An article into Uzbek, which no model in the test installation translates."""
    article = web.submit(TEXT, ["uz"], slug="no-uzbek-model")
    rows = web.wait_until_done(article["id"])
    segments = web.client.get(
        f"/api/review/uz/articles/{article['id']}", headers=web.bearer("admin")
    ).json()
    assert segments and all(s["status"] == "awaiting_human" for s in segments), rows
    return int(article["id"]), len(segments)


def test_translators_read_one_line_in_their_language_not_a_hint_per_segment(web: Any) -> None:
    article_id, count = _uzbek_article(web)
    assert count >= 4
    admin = web.as_user("admin")
    screen = f"/translate/uz/{article_id}"

    english = admin.get(screen).text
    assert english.count('id="no-model"') == 1
    assert (
        "There is no machine translation into Oʻzbekcha yet, so these passages wait for a "
        f"translator: {count}. An administrator can install a model for it."
    ) in english
    assert "tarjima models" not in english and "no translation model" not in english
    assert "✖ Error" not in english  # nothing under the segments

    russian = admin.get(screen, headers={"accept-language": "ru-RU,ru;q=0.9"}).text
    assert '<html lang="ru"' in russian and russian.count('id="no-model"') == 1
    assert "Машинного перевода на этот язык (Oʻzbekcha) пока нет" in russian
    assert f"ждут переводчика: {count}." in russian
    assert "tarjima models" not in russian


def test_the_api_flags_segments_awaiting_a_model_and_keeps_the_operators_hint(
    web: Any,
) -> None:
    article_id, _ = _uzbek_article(web)
    segments = web.client.get(
        f"/api/review/uz/articles/{article_id}", headers=web.bearer("admin")
    ).json()
    assert {s["awaiting_model"] for s in segments} == {True}
    assert all(HINT in s["error"] and "translate-en_uz" not in s["error"] for s in segments)
    # A language with a model has nothing awaiting one.
    article = web.submit(TEXT, ["ky"], slug="kyrgyz-has-a-model")
    web.wait_until_done(article["id"])
    kyrgyz = web.client.get(
        f"/api/review/ky/articles/{article['id']}", headers=web.bearer("ky")
    ).json()
    assert {s["awaiting_model"] for s in kyrgyz} == {False}
    assert "no-model" not in web.as_user("ky").get(f"/translate/ky/{article['id']}").text
