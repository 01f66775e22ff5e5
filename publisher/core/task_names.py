"""Names of the Celery tasks: the contract between the publisher and the workers.

The publisher sends tasks by name, so it never imports the worker's task code.
"""

from __future__ import annotations

TRANSLATE_TASK = "tarjima.translate_batch"  # args: article_id, locale, segment_ids
ASSEMBLE_TASK = "tarjima.assemble_edition"  # args: article_id, locale
PING_TASK = "tarjima.ping"  # health check through a worker's own queue; no args

# Queues. Translation has one queue per target locale, so that a worker consumes only the
# languages it has a model for; assembly needs no model and has one queue.
ASSEMBLY_QUEUE = "assembly"
TRANSLATION_QUEUE_PREFIX = "translation."


# An urgent article's headline and lead go to a queue of their own per language
# ("translation.ru.urgent"), which every worker of the language consumes ahead of the rest
# (HEADLINE_PRIORITY) and a worker started with `-Q urgent` consumes alone: capacity kept
# free for breaking news, so its headline never waits for a running batch.
URGENT_QUEUE_SUFFIX = ".urgent"


def translation_queue(locale: str) -> str:
    """The queue of translation batches into ``locale`` ("translation.ru")."""
    return f"{TRANSLATION_QUEUE_PREFIX}{locale}"


def urgent_queue(locale: str) -> str:
    """The queue of urgent headline-and-lead batches into ``locale``
    ("translation.ru.urgent")."""
    return f"{translation_queue(locale)}{URGENT_QUEUE_SUFFIX}"


def translation_queues(locale: str) -> tuple[str, str]:
    """Both queues of ``locale``: the urgent one and the ordinary one."""
    return urgent_queue(locale), translation_queue(locale)


def queue_locale(queue: str) -> str | None:
    """The locale a translation queue (ordinary or urgent) serves, or None for any other
    queue."""
    if queue.startswith(TRANSLATION_QUEUE_PREFIX):
        return queue[len(TRANSLATION_QUEUE_PREFIX) :].removesuffix(URGENT_QUEUE_SUFFIX) or None
    return None


# Broker priorities (kombu's Redis transport: 0 is the highest; each queue is one Redis list
# per step, and a worker pops the highest step of all its queues first). Backlog work is
# sent at BACKLOG_PRIORITY; an urgent article's headline and lead at HEADLINE_PRIORITY, and
# the rest of it at URGENT_PRIORITY, still ahead of the backlog. A message sent with no
# priority (a health check) lands in the top step.
PRIORITY_STEPS = (0, 3, 6, 9)
HEADLINE_PRIORITY = 0
URGENT_PRIORITY = 3
BACKLOG_PRIORITY = 6


# A control command every worker answers with the ids of the tasks it holds (running,
# reserved, or waiting for their countdown): see worker.control.
HELD_COMMAND = "tarjima_held"
