#!/usr/bin/env bash
# The web's checks as the Pants target src/web:checks runs them, in one process: ESLint (no
# warnings), Prettier, the type check and Jest with its coverage gate. Every step runs, even
# after a failure, and the last lines name the steps that failed.
#
# One process, not one target per tool: on two cores, three check processes took both of
# Pants' slots before `next build` and delayed the browser suite behind it by about 20 s
# (docs/benchmarks.md). src/web/BUILD runs this at the lowest CPU priority, so the build and
# the browser suite, which wait on nothing else, get the cores first.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

failed=()
step() {
  local name=$1 started=$SECONDS
  shift
  echo "== $name"
  if "$@"; then
    echo "== $name: ok in $((SECONDS - started)) s"
  else
    echo "== $name: FAILED (exit $?)"
    failed+=("$name")
  fi
}

step eslint node node_modules/eslint/bin/eslint.js --max-warnings=0 .
step prettier node node_modules/prettier/bin/prettier.cjs --check .
# `next typegen` writes the route types that `typedRoutes` checks. TypeScript 7's native tsc
# checks this project in about 2 s against 10 s for 5.9, whose JavaScript API Next.js and
# typescript-eslint still need (package.json has both).
step typecheck sh -c 'node node_modules/next/dist/bin/next typegen && node node_modules/typescript-7/bin/tsc --noEmit'
step jest node node_modules/jest/bin/jest.js --ci --coverage

if ((${#failed[@]})); then
  echo "web checks failed: ${failed[*]}" >&2
  exit 1
fi
echo "web checks passed: eslint, prettier, typecheck, jest"
