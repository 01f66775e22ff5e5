#!/usr/bin/env bash
# Set up a development environment in .venv: CPU-only torch first (argostranslate ->
# stanza -> torch; a bare resolve would pull a multi-GB CUDA build), then Tarjima with
# its dev and convert extras (the NLLB download tests convert a tiny checkpoint), then the
# gettext catalogs compiled (.mo files are not committed).
# Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
# The first install shows its stages and pip's progress lines (the whole pip output is
# kept in .venv/setup.log).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
LOG=.venv/setup.log
STAMP=.venv/.tarjima-installed

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
started=$SECONDS
# One line per stage, with the time so far. pip's own output goes to the log whole, and
# to the terminal as its progress lines (each package collected, each download with its
# size, how many were installed), so a first install that takes minutes shows it moves.
stage() { echo "[$1] $2 ($((SECONDS - started)) s so far)"; }
pip_install() {
  PYTHONUNBUFFERED=1 .venv/bin/python -m pip --disable-pip-version-check --no-input install --progress-bar off "$@" \
    2>&1 | tee -a "$LOG" | awk '
      /^(Collecting|ERROR)/ { print "      " $0; fflush(); next }
      /^Successfully installed/ { print "      installed " (NF - 2) " packages"; fflush(); next }
      /^ *Downloading / { sub(/^ */, ""); print "        " $0; fflush() }'
}
fail() { echo "set-up failed: $1 (last lines of $LOG below)"; tail -n 30 "$LOG"; exit 1; }

wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
  echo "installing dependencies into .venv (log: $LOG)"
  echo "a first install takes about 3 minutes and makes .venv about 2 GB; its stages follow"
  : >"$LOG"
  stage 1/4 "upgrading pip"
  pip_install -q --upgrade pip || fail "pip upgrade"
  if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    stage 2/4 "PyTorch, CPU build (the largest download)"
    # PyTorch's CPU index first (fails fast where it is unreachable), then the default
    # index (machines without internet keep a CPU wheel of this release on local disk).
    pip_install --retries 0 --timeout 10 "torch==2.13.0" \
        --index-url https://download.pytorch.org/whl/cpu \
      || pip_install "torch==2.13.0" || fail "torch (CPU build)"
  else
    stage 2/4 "PyTorch already installed"
  fi
  stage 3/4 "Tarjima and its dependencies, with the dev and convert extras"
  pip_install -e ".[dev,convert]" || fail "tarjima and its dependencies"
  echo "$wanted" >"$STAMP"
  stage 4/4 "compiling the gettext catalogs"
fi
.venv/bin/pybabel compile -d locales -f >>"$LOG" 2>&1 || fail "compiling gettext catalogs"
echo "environment ready: $(.venv/bin/python --version), tarjima $(.venv/bin/python -c \
  'import importlib.metadata as m; print(m.version("tarjima"))')"
