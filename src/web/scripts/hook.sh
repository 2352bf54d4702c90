#!/usr/bin/env bash
# The web's pre-commit hook (.pre-commit-config.yaml): ESLint (no warnings) and Prettier, as
# src/web:checks runs them, on the files given (paths from the repository's root, under src/web).
# node_modules come from the frozen lockfile first (with-deps.sh), as for every web target.
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=()
for path in "$@"; do files+=("${path#src/web/}"); done
lintable=()
for file in "${files[@]}"; do
  case "$file" in *.ts | *.tsx | *.js | *.mjs | *.cjs) lintable+=("$file") ;; esac
done
status=0
# --ignore-unknown: Prettier skips what it has no parser for; --no-warn-ignored: ESLint says
# nothing about files its config ignores.
bash "$web/scripts/with-deps.sh" node node_modules/prettier/bin/prettier.cjs --check --ignore-unknown "${files[@]}" || status=1
if ((${#lintable[@]})); then
  bash "$web/scripts/with-deps.sh" node node_modules/eslint/bin/eslint.js --max-warnings=0 --no-warn-ignored "${lintable[@]}" || status=1
fi
exit "$status"
