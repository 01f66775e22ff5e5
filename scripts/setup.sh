#!/usr/bin/env bash
# Set up a development environment in .venv: CPU-only torch first (argostranslate ->
# stanza -> torch; a bare resolve would pull a multi-GB CUDA build), then Tarjima with
# its dev extras, then the gettext catalogs compiled (.mo files are not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check --no-input)
"${PIP[@]}" install -q --upgrade pip
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  # PyTorch's CPU index first (fails fast where it is unreachable), then the default
  # index (machines without internet keep a CPU wheel of this release on local disk).
  "${PIP[@]}" install -q --retries 0 --timeout 10 "torch==2.13.0" \
      --index-url https://download.pytorch.org/whl/cpu 2>/dev/null \
    || "${PIP[@]}" install -q "torch==2.13.0"
fi
"${PIP[@]}" install -q -e ".[dev]"
.venv/bin/pybabel compile -d locales -f -q 2>/dev/null || .venv/bin/pybabel compile -d locales -f
echo "environment ready: $(.venv/bin/python --version), $(.venv/bin/tarjima --help >/dev/null && echo tarjima OK)"
