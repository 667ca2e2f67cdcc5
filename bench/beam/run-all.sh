#!/usr/bin/env bash
# Runs the BEAM reference scenarios and prints one JSON line per scenario on
# stdout (the last stdout line of each script). Script diagnostics go to
# stderr. Usage:
#   bench/beam/run-all.sh                 # all scenarios
#   bench/beam/run-all.sh ring fairness   # selected keys
#   bench/beam/run-all.sh 2>/dev/null > beam.jsonl
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
keys=("$@")
if [ ${#keys[@]} -eq 0 ]; then
  keys=(idle_memory spawn_rate local_throughput ping_pong ring cross_scheduler
        fairness million genserver_call genstage_pipeline)
fi
status=0
for key in "${keys[@]}"; do
  echo "== $key" >&2
  if out="$(elixir "$here/$key.exs")"; then
    printf '%s\n' "$out" | tail -n 1
  else
    echo "!! $key failed" >&2
    status=1
  fi
done
exit $status
