#!/usr/bin/env bash
# Runs every example program in examples/ against the cluster named by
# KUBECONFIG (`make demo` starts one and sets it). Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${KUBECONFIG:?KUBECONFIG must point at a cluster; run 'make demo' to start one}"
for dir in examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/main.go" ] || continue
  echo
  echo "=== example: $name ==="
  go run "./$dir"
done
echo
echo "demo: all examples ran"
