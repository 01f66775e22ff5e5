#!/usr/bin/env bash
# The demo: publish the sample article into uz, ky, tg and ru on this machine
# (embedded mode: SQLite under ./var, no server to start).
# `--download-nllb[=NAME]` or TARJIMA_DEMO_DOWNLOAD=NAME first downloads and converts an
# NLLB-200 model (default nllb-200-distilled-600M: about 2.5 GB, needs internet) so that
# Uzbek and Tajik are machine-translated too.
set -euo pipefail
cd "$(dirname "$0")/.."
NLLB=${TARJIMA_DEMO_DOWNLOAD:-}
for arg in "$@"; do
  case "$arg" in
    --download-nllb) NLLB=nllb-200-distilled-600M ;;
    --download-nllb=*) NLLB=${arg#--download-nllb=} ;;
    *) echo "usage: $0 [--download-nllb[=NAME]]" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
SAMPLE=${SAMPLE:-../shared/samples/qishloq-ovozi-afghan-kyrgyz.txt}
OUT=${OUT:-var/demo}
SLUG=${SLUG:-tajikistan-misses-an-opportunity}
export TARJIMA_OUTPUT_DIR="$OUT"   # the public folder: published editions only
if ! .venv/bin/tarjima models download en-ru en-ky; then
  echo "Could not download the en->ru and en->ky models from the Argos index (no internet?)."
  echo "No machine translation will be shown: every passage stays in English, marked as"
  echo "awaiting a human translator. Install them later with '.venv/bin/tarjima models"
  echo "download en-ru en-ky' (or '.venv/bin/tarjima models install FILE.argosmodel')."
fi
if [ -n "$NLLB" ] && ! .venv/bin/tarjima models download "$NLLB"; then
  echo "Could not download $NLLB from the Hugging Face Hub: Uzbek and Tajik stay marked for"
  echo "human translators (run the same command again later: it resumes the download)."
fi
.venv/bin/tarjima models list
# The newsroom's starter glossaries (people, places, organizations) for languages without one.
.venv/bin/tarjima glossary seed
# The one-shot publish makes the four editions visible to readers of the web app too.
# Languages without a model are partial (their passages marked as awaiting translation).
.venv/bin/tarjima publish "$SAMPLE" --to uz,ky,tg,ru --date 2021-07-21 \
  --slug "$SLUG" --replace
echo "Editions written under $OUT/<locale>/ - open them in a browser."
if [ -z "$NLLB" ]; then
  echo "Uzbek and Tajik need the NLLB-200 model: run 'scripts/demo.sh --download-nllb' on a"
  echo "machine with internet (about 2.5 GB) to machine-translate them too."
fi
echo "Or run '.venv/bin/tarjima serve' and open http://127.0.0.1:8000/$SLUG (your browser's"
echo "language picks the edition) or http://127.0.0.1:8000/ky/$SLUG."
