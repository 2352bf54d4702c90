# shellcheck shell=bash
# Shell helpers shared by the scripts that run the production build against the real API
# (scripts/e2e.sh, scripts/bench.sh). Source it; it defines functions and changes nothing.

# The Chromium to drive: CHROMIUM_PATH or Debian's (`apt-get install chromium`). Playwright's
# and Cypress's own browser downloads need CDNs these machines cannot reach. Prints the path,
# or nothing when there is none.
find_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then echo "$chromium"; fi
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

