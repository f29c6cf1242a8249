#!/usr/bin/env bash
# Times the release binary over whole processes on generated journals of 1,000, 10,000 and
# 100,000 entries (hyperfine: median and spread of several runs) and records peak memory
# (/usr/bin/time -v). Prints a markdown report; BENCHMARKS.md holds the latest one.
#
#   bash bench/run.sh > bench/latest.md
#   SIZES=1000 RUNS=3 bash bench/run.sh    # a quick look (BENCH_DIR, COLD_RUNS also apply)
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install hyperfine time)" >&2; exit 1; }
done
cargo build --release --quiet
cargo build --release --quiet --example generate
bin="$PWD/target/release/coachlog"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/coachlog-bench}"
mkdir -p "$work/home"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CACHE_HOME="$work/home/.cache"
export COACHLOG_NOW=2026-11-27T21:00:00+01:00
unset COACHLOG_JOURNAL COACHLOG_CONFIG NO_COLOR EDITOR VISUAL

echo "# coachlog benchmark, $(date -u +%Y-%m-%d)"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)."
echo

for n in ${SIZES:-1000 10000 100000}; do
  journal="$work/journal-$n"
  if [ ! -d "$journal" ]; then
    ./target/release/examples/generate --entries "$n" --seed 1 "$journal" >&2
  fi
  # `add` writes: time it on a copy so the other commands see the same journal every run.
  rm -rf "$journal-add" && cp -r "$journal" "$journal-add"
  # Let the copy reach the disk first, or its write-back slows whatever is timed next.
  sync
  echo "## $n entries ($(du -sh "$journal" | cut -f1) on disk)"
  echo
  echo "| command | median | mean ± σ | min … max | peak memory |"
  echo "|---|---|---|---|---|"
  while IFS='|' read -r label args target; do
    j="$journal"; [ "$label" = "add" ] && j="$journal-add"
    json="$work/result.json"
    if [[ "$label" == *"(first run)"* ]]; then
      # As on a new machine or after an upgrade: no month digests kept yet.
      hyperfine -N --runs "${COLD_RUNS:-5}" --output=null --export-json "$json" \
        --prepare "rm -rf $XDG_CACHE_HOME/coachlog" "$bin --journal $j $args" >/dev/null 2>&1
      rm -rf "$XDG_CACHE_HOME/coachlog"
    else
      hyperfine -N --warmup 3 --runs "${RUNS:-15}" --output=null --export-json "$json" \
        "$bin --journal $j $args" >/dev/null 2>&1
    fi
    stats=$(python3 -c "
import json,statistics
r=json.load(open('$json'))['results'][0]
t=[x*1000 for x in r['times']]
print(f\"{statistics.median(t):.1f} ms|{r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} ms|{min(t):.1f} … {max(t):.1f} ms\")")
    /usr/bin/time -f '%M' -o "$work/peak" "$bin" --journal "$j" $args >/dev/null 2>&1 || true
    peak=$(tail -1 "$work/peak")
    goal="(target $target)"; [ "$target" = none ] && goal="(no target)"
    echo "| \`$label\` $goal | ${stats%%|*} | $(echo "$stats" | cut -d'|' -f2) | $(echo "$stats" | cut -d'|' -f3) | $((peak / 1024)) MB |"
  done <<'COMMANDS'
--version|--version|< 2 ms
add|add a quick note for the benchmark #trust|< 5 ms
list -n 10|list -n 10|< 10 ms
week|week|< 10 ms
status|status|< 10 ms
list --search|list -n 10 --search zzzz|none
calendar|calendar|none
commitments|commitments|none
summary|summary|< 300 ms
export --format md|export --format md|< 500 ms
summary (first run)|summary|none
export --format md (first run)|export --format md|none
COMMANDS
  echo
done
