"""Test support shared by tests and benchmarks (conftests only declare fixtures that use
these; nothing imports a conftest):

* ``databases``: SQLite files, PostgreSQL schemas and databases of a test's own, and the
  ``--db`` backends.
* ``services``: private redis-servers, the TCP proxy, `tarjima` processes, ``wait_until``.
* ``stack``: a whole installation (Redis, PostgreSQL, workers, reconciler).
* ``articles``: articles built in memory or stored (``make_article``, ``marked_article``,
  ``add_story``, ``store_uz_sample``).
* ``webapp``: the web app under test, its staff and the session's translated sample.
* ``fake_engine``: the engine double of in-process worker tests.
* ``browser``, ``hub_server``, ``nllb_checkpoint``: Chromium, a fake Hugging Face Hub,
  a tiny NLLB checkpoint.
"""
