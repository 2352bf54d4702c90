#!/usr/bin/env bash
# The browser end-to-end tests as the Pants target src/web:e2e runs them: Playwright starts the
# API PEX and the standalone web server that the graph built, and drives Debian's Chromium
# (`playwright install` needs a CDN these machines cannot reach; Cypress likewise).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "e2e: no Chromium at $chromium: CI must provide it (apt-get install chromium)" >&2
    exit 1
  fi
  echo "e2e: SKIPPED: no Chromium at $chromium; install Debian's chromium or set CHROMIUM_PATH" >&2
  exit 0
fi
# The PEX needs a CPython 3.11; the sandbox's PATH has none, so look where they live.
python=""
for candidate in "${PYENV_ROOT:-/nonexistent}"/versions/3.11*/bin/python3.11 \
  /usr/bin/python3.11 /usr/local/bin/python3.11; do
  if [ -x "$candidate" ]; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { echo "e2e: no CPython 3.11 found to run the API PEX" >&2; exit 1; }
export PEX_ROOT="$PWD/.pex-root"
export E2E_API_COMMAND="$python ../../src.python.taskboard/api.pex" E2E_API_CWD="$PWD"
exec node node_modules/@playwright/test/cli.js test
