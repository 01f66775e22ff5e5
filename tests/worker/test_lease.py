"""Which queues a worker consumes: its languages' urgent and ordinary queues and assembly
by default; `-Q urgent` keeps a worker for urgent headlines alone; never a language the
worker has no model for."""

from __future__ import annotations

from publisher.core.task_names import queue_locale, translation_queue, urgent_queue
from worker.lease import choose_queues


def test_by_default_a_worker_takes_its_languages_urgent_work_first_and_assembly() -> None:
    assert choose_queues(["ru", "ky"], None) == [
        "translation.ru.urgent",
        "translation.ru",
        "translation.ky.urgent",
        "translation.ky",
        "assembly",
    ]


def test_urgent_alone_keeps_a_worker_free_for_breaking_news() -> None:
    assert choose_queues(["ru", "ky"], ["urgent"]) == [urgent_queue("ru"), urgent_queue("ky")]


def test_asked_queues_of_languages_without_a_model_are_dropped() -> None:
    assert choose_queues(
        ["ru"], [urgent_queue("uz"), translation_queue("uz"), "assembly", translation_queue("ru")]
    ) == ["assembly", "translation.ru"]
    assert choose_queues(["ru"], ["translation"]) == ["translation.ru.urgent", "translation.ru"]


def test_both_queues_of_a_language_name_it() -> None:
    assert queue_locale(urgent_queue("uz_Cyrl")) == queue_locale(translation_queue("uz_Cyrl"))
    assert queue_locale("translation.ru.urgent") == "ru" and queue_locale("assembly") is None
