#!/usr/bin/env bash
# Set up a development environment in .venv: CPU-only torch first (argostranslate ->
# stanza -> torch; a bare resolve would pull a multi-GB CUDA build), then Tarjima with
# its dev and convert extras (the NLLB download tests convert a tiny checkpoint), then the
# gettext catalogs compiled (.mo files are not committed).
# Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
LOG=.venv/setup.log
STAMP=.venv/.tarjima-installed

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
pip_install() {
  .venv/bin/python -m pip --disable-pip-version-check --no-input install "$@" >>"$LOG" 2>&1
}
fail() { echo "set-up failed: $1 (last lines of $LOG below)"; tail -n 30 "$LOG"; exit 1; }

wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "installing dependencies (log: $LOG)"
  : >"$LOG"
  pip_install -q --upgrade pip || fail "pip upgrade"
  if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    # PyTorch's CPU index first (fails fast where it is unreachable), then the default
    # index (machines without internet keep a CPU wheel of this release on local disk).
    pip_install -q --retries 0 --timeout 10 "torch==2.13.0" \
        --index-url https://download.pytorch.org/whl/cpu \
      || pip_install -q "torch==2.13.0" || fail "torch (CPU build)"
  fi
  pip_install -q -e ".[dev,convert]" || fail "tarjima and its dependencies"
  echo "$wanted" >"$STAMP"
fi
.venv/bin/pybabel compile -d locales -f >>"$LOG" 2>&1 || fail "compiling gettext catalogs"
echo "environment ready: $(.venv/bin/python --version), tarjima $(.venv/bin/python -c \
  'import importlib.metadata as m; print(m.version("tarjima"))')"
