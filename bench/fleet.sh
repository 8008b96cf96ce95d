#!/usr/bin/env bash
# Fleet benchmark (docs/BENCHMARKS.md, "Issue 17"): the Sales Agent history (36 revisions) on N
# tenant schemas of one PostgreSQL database, fresh and no-op, by
#   - `retort upgrade head --all-targets --parallel P` for P in 1, 4, 8, and
#   - the baseline: a shell loop of single `retort upgrade head` runs, one per schema
#     ([database] schema given through RETORT_DATABASE_URL's search_path option),
# all in the same invocation, alternating the order each round. Prints the medians of the
# rounds' wall times, the ratios to the loop, and the load average before and after; writes
# bench/results/fleet.json.
#
#   bench/fleet.sh RETORT_BINARY [--schemas N] [--rounds R]
#
# Starts and stops its own throwaway PostgreSQL (tests/support/pg_server.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
retort=$(realpath "${1:?usage: bench/fleet.sh RETORT_BINARY [--schemas N] [--rounds R]}")
shift
schemas=200 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --schemas) schemas=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "bench/fleet.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/retort-fleet-bench.XXXXXX)
pgdir=$(mktemp -u /tmp/retort-fleet-pg.XXXXXX)
url=$("$root/tests/support/pg_server.sh" start "$pgdir" | tail -1)
trap '"$root/tests/support/pg_server.sh" stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work" "$pgdir"' EXIT
base="${url%/*}"
db="$base/fleet_bench"
psql -qAt "$url" -c "CREATE DATABASE fleet_bench"
cp -r "$root/examples/salesagent/migrations" "$work/"
cat >"$work/retort.toml" <<EOF
[migrations]
directory = "migrations/versions"
[[targets]]
name = "tenants"
url = "$db"
schemas_query = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant_%'"
EOF
names=$(seq -f 'tenant_%03g' 1 "$schemas")
reset_schemas() {
  { for s in $names; do echo "DROP SCHEMA IF EXISTS $s CASCADE; CREATE SCHEMA $s;"; done; } |
    psql -qAt "$db" >/dev/null 2>&1
}
loop() {
  for s in $names; do
    RETORT_DATABASE_URL="$db?options=-csearch_path%3D$s" "$retort" -c "$work/retort.toml" upgrade head -q
  done
}
fleet() { "$retort" -c "$work/retort.toml" upgrade head --all-targets --parallel "$1" -q; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
variants=("loop" "fleet 1" "fleet 4" "fleet 8")
results="$work/results.txt"
: >"$results"
cd "$work"
for ((r = 1; r <= rounds; r++)); do
  order=("${variants[@]}")
  if ((r % 2 == 0)); then order=("fleet 8" "fleet 4" "fleet 1" "loop"); fi
  for v in "${order[@]}"; do
    reset_schemas
    echo "fresh $v $(seconds $v)" >>"$results"
    echo "noop $v $(seconds $v)" >>"$results"
    echo "round $r: $v done" >&2
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# Each revision applied once per schema (history tables), after the last run.
bad=$(for s in $names; do psql -qAt "$db" -c "SELECT revision FROM $s.retort_history WHERE direction = 'upgrade' AND success GROUP BY revision HAVING count(*) <> 1"; done | wc -l)
revisions=$(ls "$work"/migrations/versions/*.yaml | wc -l)
python3 - "$results" "$schemas" "$rounds" "$load_before" "$load_after" "$bad" "$here/results/fleet.json" "$revisions" <<'EOF'
import json, statistics, sys
path, schemas, rounds, before, after, bad, out, revisions = sys.argv[1:]
runs = {}
for line in open(path):
    kind, *v, t = line.split()
    runs.setdefault((kind, " ".join(v)), []).append(float(t))
rows = []
print(f"fleet benchmark: Sales Agent ({revisions} revisions) on {schemas} schemas, {rounds} rounds, "
      f"load average {before} -> {after}; schemas with a revision applied twice: {bad}")
print("| run | variant | median s | ratio to the loop |")
print("|---|---|---|---|")
for kind in ("fresh", "noop"):
    loop = statistics.median(runs[(kind, "loop")])
    for v in ("loop", "fleet 1", "fleet 4", "fleet 8"):
        m = statistics.median(runs[(kind, v)])
        name = "shell loop of single runs" if v == "loop" else f"--all-targets --parallel {v.split()[1]}"
        print(f"| {kind} | {name} | {m:.2f} | {m / loop:.2f}× |")
        rows.append({"run": kind, "variant": v, "median_s": m, "runs_s": runs[(kind, v)],
                     "ratio_to_loop": m / loop})
json.dump({"schemas": int(schemas), "revisions": int(revisions), "rounds": int(rounds), "load_before": before,
           "load_after": after, "revisions_applied_twice": int(bad), "rows": rows},
          open(out, "w"), indent=2)
EOF
