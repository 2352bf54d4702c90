# shellcheck shell=bash
# Shell helpers shared by the scripts that run the production build against the real API
# (scripts/e2e.sh, scripts/bench.sh). Source it; it defines functions and changes nothing.

# The browser to drive: CHROMIUM_PATH when set, else the first of the arguments that exists.
# Playwright's and Cypress's own browser downloads need CDNs these machines cannot reach, so the
# scripts use Debian's packages (chromium-headless-shell, chromium) or a runner's Google Chrome.
# Prints the path, or nothing when there is none.
find_chromium() {
  local candidate
  if [ -n "${CHROMIUM_PATH:-}" ]; then set -- "$CHROMIUM_PATH"; fi
  for candidate in "$@"; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
}

# A CPython 3.11 to run the API PEX with. Pants sandboxes have no pyenv shims on PATH, so look
# where the interpreters live. Prints the path, or nothing when there is none.
find_python311() {
  local candidate
  for candidate in "${PYENV_ROOT:-/nonexistent}"/versions/3.11*/bin/python3.11 \
    "${HOME:-/nonexistent}"/.pyenv/versions/3.11*/bin/python3.11 /usr/bin/python3.11 /usr/local/bin/python3.11; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return
    fi
  done
}

