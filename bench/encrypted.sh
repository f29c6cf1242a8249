#!/usr/bin/env bash
# Encrypted against plain: the same generated journal timed as it is and after
# `coachlog encrypt` (opened with an age identity file, as most people will), warm and cold
# (no digests kept). Prints a markdown table with the ratio; BENCHMARKS.md holds the latest.
#
#   bash bench/encrypted.sh                 # 100,000 entries
#   SIZES="10000" RUNS=5 bash bench/encrypted.sh
#
# Needs hyperfine and python3 (Debian: apt-get install hyperfine python3).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench/encrypted.sh needs $tool" >&2; exit 1; }
done
cargo build --release --quiet
cargo build --release --quiet --example generate
bin="$PWD/target/release/coachlog"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/coachlog-bench}"
mkdir -p "$work/home"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CACHE_HOME="$work/home/.cache"
export COACHLOG_NOW=2026-11-27T21:00:00+01:00
unset COACHLOG_JOURNAL COACHLOG_CONFIG NO_COLOR EDITOR VISUAL COACHLOG_PASSPHRASE_COMMAND COACHLOG_IDENTITY

echo "# coachlog benchmark, encrypted against plain, $(date -u +%Y-%m-%d)"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(uname -sr)."
echo "Whole processes, median of several runs; the encrypted journal opens with an age identity file."
echo

COMMANDS='add|add a quick note for the benchmark #trust
list -n 10|list -n 10
list --search (no hit)|list -n 10 --search "zebra crossing"
week|week
status|status
summary|summary
export --format md|export --format md
summary (cold)|summary
export --format md (cold)|export --format md
list every entry (cold)|list -n 1000000'

time_one() {
  local journal="$1" label="$2" args="$3" json="$work/enc-result.json"
  local cmd="$bin --journal $journal $args"
  if [[ "$label" == *"(cold)"* ]]; then
    hyperfine -N --runs "${COLD_RUNS:-5}" --output=null --export-json "$json" \
      --prepare "rm -rf $XDG_CACHE_HOME/coachlog" "$cmd" >/dev/null 2>&1
    rm -rf "$XDG_CACHE_HOME/coachlog"
  else
    hyperfine -N --warmup 2 --min-runs 3 --max-runs "${RUNS:-10}" --output=null --export-json "$json" \
      "$cmd" >/dev/null 2>&1
  fi
  python3 -c "
import json,statistics
r=json.load(open('$json'))['results'][0]
print(f\"{statistics.median(r['times'])*1000:.1f}\")"
}

for n in ${SIZES:-100000}; do
  plain="$work/journal-$n"
  [ -d "$plain" ] || ./target/release/examples/generate --entries "$n" --seed 1 "$plain" >&2
  enc="$work/journal-$n-encrypted"
  if [ ! -d "$enc/keys" ]; then
    rm -rf "$enc" && cp -r "$plain" "$enc"
    "$bin" --journal "$enc" encrypt >/dev/null
  fi
  rm -rf "$plain-add" "$enc-add" && cp -r "$plain" "$plain-add" && cp -r "$enc" "$enc-add"
  sync
  echo "## $n entries (plain $(du -sh "$plain" | cut -f1), encrypted $(du -sh "$enc" | cut -f1) on disk)"
  echo
  echo "| command | plain | encrypted | × |"
  echo "|---|---|---|---|"
  while IFS='|' read -r label args; do
    p="$plain"; e="$enc"
    [ "$label" = "add" ] && p="$plain-add" && e="$enc-add"
    tp=$(time_one "$p" "$label" "$args")
    te=$(time_one "$e" "$label" "$args")
    ratio=$(python3 -c "print(f'{$te / max($tp, 0.1):.2f}')")
    echo "| \`$label\` | $tp ms | $te ms | $ratio× |"
  done <<<"$COMMANDS"
  echo
done
