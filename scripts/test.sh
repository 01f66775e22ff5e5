#!/usr/bin/env bash
# Set up, then run ruff (lint and format), mypy, the layer contracts (import-linter) and
# the whole test suite. Extra arguments go to pytest (.ci/run adds -n <cores + 1>
# --dist loadgroup --db=both: three processes on two cores, SQLite and PostgreSQL).
#
# The fast loop while editing (the unit tests, two processes, about 40 seconds; see
# docs/development.md):
#   .venv/bin/python -m pytest -n 2 -m "not integration" tests/publisher/core \
#     tests/worker/engines tests/test_layers.py tests/test_docs.py
# One backend or both for the database tests: --db=sqlite|postgres|both (or
# TARJIMA_TEST_DB); the default is sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
