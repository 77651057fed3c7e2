#!/usr/bin/env bash
# HelloSequence throughput with 1, 2 and 3 Duraflow node processes sharing one PostgreSQL database.
# The benchmark process only starts instances and waits; the `duraflow serve` nodes run them.
#   scripts/bench-multinode.sh [INSTANCES]     (needs the jars: mvn -B -DskipTests install)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
instances="${1:-3000}"
server="${DURAFLOW_BENCH_PG_SERVER:-postgresql://127.0.0.1:5432}"
params="${DURAFLOW_BENCH_PG_PARAMS:-user=postgres}"
app="$root/duraflow-app/target/duraflow.jar"
bench="$root/duraflow-bench/target/duraflow-bench.jar"
[ -f "$app" ] && [ -f "$bench" ] || { echo "build first: mvn -B -DskipTests install" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for nodes in 1 2 3; do
  # A name of this run's own: never another run's or anyone's database, so dropping it is safe.
  db="duraflow_bench_${nodes}_$$_$RANDOM"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db"
  url="$server/$db?$params"
  pids=()
  for i in $(seq 1 "$nodes"); do
    mkdir -p "$work/n$nodes-$i"
    java -Xmx512m -jar "$app" serve --store "$url" --data "$work/n$nodes-$i" --port 0 --key bench >"$work/n$nodes-$i.log" 2>&1 &
    pids+=("$!")
  done
  for i in $(seq 1 "$nodes"); do
    until grep -q "listening" "$work/n$nodes-$i.log"; do sleep 0.2; done
  done
  echo "## $nodes node(s)"
  java -Xmx512m -jar "$bench" hello --store "$url" --no-worker --instances "$instances" | grep -v '^#'
  for p in "${pids[@]}"; do kill "$p"; done
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
