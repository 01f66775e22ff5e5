"""Names of the Celery tasks: the contract between the publisher and the workers.

The publisher sends tasks by name, so it never imports the worker's task code.
"""

from __future__ import annotations

TRANSLATE_TASK = "tarjima.translate_batch"  # args: article_id, locale, segment_ids
ASSEMBLE_TASK = "tarjima.assemble_edition"  # args: article_id, locale
PING_TASK = "tarjima.ping"  # health check through a worker's own queue; no args
