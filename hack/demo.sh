#!/usr/bin/env bash
# Runs every example program in examples/ against the cluster named by
# KUBECONFIG (`make demo` starts one and sets it). Stops at the first failure.
# An optional examples/<name>/demo.args holds extra arguments for that
# example, separated by whitespace; examples/examples_test.go passes the same.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${KUBECONFIG:?KUBECONFIG must point at a cluster; run 'make demo' to start one}"
start=$SECONDS
for dir in examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/main.go" ] || continue
  args=()
  if [ -f "$dir/demo.args" ]; then
    read -ra args -d '' <"$dir/demo.args" || true
  fi
  echo
  echo "=== example: $name${args[*]+ ${args[*]}}"
  go run "./$dir" ${args[@]+"${args[@]}"}
done
echo
echo "demo: all examples ran in $((SECONDS - start))s"
