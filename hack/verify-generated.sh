#!/usr/bin/env bash
# Fails when generated code is stale: runs `make generate` and checks that the
# work tree did not change.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(git status --porcelain)
make --no-print-directory generate >/dev/null
after=$(git status --porcelain)
if [ "$before" != "$after" ]; then
  echo "generated code is stale; run 'make generate' and commit the result:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
