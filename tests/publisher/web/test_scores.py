"""Engine scores steer review: the queue puts the weakest machine output first, and the
review screen shows each score and can list segments weakest first."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import update

from publisher.db import models

TEXT = "Talks in Dushanbe\n\nOn July 18, 2021, 345 people crossed the border.\n\nThey waited."


def test_queue_and_review_screen_put_the_weakest_output_first(web: Any) -> None:
    older = web.submit(TEXT, ["ky"], slug="older-story")
    newer = web.submit(TEXT.replace("waited", "rested"), ["ky"], slug="newer-story")
    for article in (older, newer):
        web.wait_until_done(article["id"])
    segments = web.client.get(
        f"/api/review/ky/articles/{newer['id']}", headers=web.bearer("ky")
    ).json()
    assert all(s["score"] is not None and s["score"] > -0.1 for s in segments)  # copy model
    weak = segments[-1]
    with web.state.database.session() as session:
        session.execute(
            update(models.TranslationRow)
            .where(models.TranslationRow.segment_id == weak["segment_id"])
            .values(score=-2.75)
        )

    queue = web.client.get("/api/review/ky", headers=web.bearer("ky")).json()
    assert [item["slug"] for item in queue] == ["newer-story", "older-story"]
    assert queue[0]["lowest_score"] == -2.75

    translator = web.as_user("ky")
    page = translator.get(f"/translate/ky/{newer['id']}?order=score").text
    order = [int(x) for x in re.findall(r'id="s-(\d+)"', page)]
    assert order[0] == weak["segment_id"] and "-2.75" in page
    natural = translator.get(f"/translate/ky/{newer['id']}").text
    assert [int(x) for x in re.findall(r'id="s-(\d+)"', natural)][-1] == weak["segment_id"]
    assert "-2.75" in translator.get("/translate/ky/").text
