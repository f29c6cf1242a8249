#!/usr/bin/env bash
# Times every command of the release binary over whole processes, on generated journals of
# 1,000, 10,000 and 100,000 entries and on a commitment-heavy one (every entry commits to
# three things), warm and cold (no month digests kept, as on a new machine or after a sync).
# hyperfine gives the median of several runs; /usr/bin/time -v the peak memory. Prints a
# markdown report, ending with each command's growth from 10,000 to 100,000 entries (at most
# 11× is linear); BENCHMARKS.md holds the latest one.
#
#   bash bench/run.sh > bench/latest.md
#   SIZES="1000 10000" RUNS=3 bash bench/run.sh    # a quicker look (BENCH_DIR, COLD_RUNS also apply)
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install hyperfine time python3)" >&2; exit 1; }
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
results="$work/results.csv"
: > "$results"

echo "# coachlog benchmark, $(date -u +%Y-%m-%d)"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)."
echo "Every figure is a whole process (start, read, print to /dev/null), the median of several runs."
echo

# label|arguments|target (SPEC §8), one command a line. `(cold)` runs with no digests kept.
COMMANDS='--version|--version|< 2 ms
add|add a quick note for the benchmark #trust|< 5 ms
list -n 10|list -n 10|< 10 ms
list --search (no hit)|list -n 10 --search "zebra crossing"|none
list every entry|list -n 1000000|streams, < 100 MB
list every entry --json|list -n 1000000 --json|streams, < 100 MB
show (a day)|show 2026-11-27|none
week|week|< 10 ms
review|review|< 10 ms
status|status|< 10 ms
calendar|calendar|none
commitments|commitments|none
commitments --all|commitments --all|< 500 ms at 100k
people|people|< 300 ms
person (a name in 4 of 10 entries)|person maria|< 300 ms
summary|summary|< 300 ms, < 100 MB
summary --explain|summary --explain|none
export --format md|export --format md|< 500 ms
export --format json|export --format json|none
export --by theme|export --by theme|streams, < 100 MB
export --search (markdown)|export --search "handed off"|none
export --dir (notes up to date)|export --dir NOTES|none
doctor|doctor|none
summary (cold)|summary|< 600 ms
export --format md (cold)|export --format md|< 1 s
calendar (cold)|calendar|none
list every entry (cold)|list -n 1000000|none'

run_table() {
  local journal="$1" name="$2"
  # `add` writes: time it on a copy so the other commands see the same journal every run.
  rm -rf "$journal-add" "$journal-notes" && cp -r "$journal" "$journal-add"
  # Let the copy reach the disk first, or its write-back slows whatever is timed next.
  sync
  echo "## $name ($(du -sh "$journal" | cut -f1) on disk)"
  echo
  echo "| command | median | mean ± σ | min … max | peak memory |"
  echo "|---|---|---|---|---|"
  while IFS='|' read -r label args target; do
    j="$journal"; [ "$label" = "add" ] && j="$journal-add"
    json="$work/result.json"
    cmd="$bin --journal $j ${args//NOTES/$journal-notes}"
    if [[ "$label" == *"(cold)"* ]]; then
      hyperfine -N --runs "${COLD_RUNS:-5}" --output=null --export-json "$json" \
        --prepare "rm -rf $XDG_CACHE_HOME/coachlog" "$cmd" >/dev/null 2>&1
      rm -rf "$XDG_CACHE_HOME/coachlog"
    else
      # Slow commands get fewer runs: at least 3, at most RUNS, about 10 s each.
      hyperfine -N --warmup 2 --min-runs 3 --max-runs "${RUNS:-15}" --output=null --export-json "$json" \
        "$cmd" >/dev/null 2>&1
    fi
    stats=$(python3 -c "
import json,statistics
r=json.load(open('$json'))['results'][0]
t=[x*1000 for x in r['times']]
print(f\"{statistics.median(t):.1f}|{statistics.median(t):.1f} ms|{r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} ms|{min(t):.1f} … {max(t):.1f} ms\")")
    [[ "$label" == *"(cold)"* ]] && rm -rf "$XDG_CACHE_HOME/coachlog"
    eval "/usr/bin/time -f '%M' -o '$work/peak' $cmd" >/dev/null 2>&1 || true
    peak=$(( $(tail -1 "$work/peak") / 1024 ))
    goal="(target $target)"; [ "$target" = none ] && goal=""
    IFS='|' read -r median shown mean range <<<"$stats"
    echo "$name|$label|$median|$peak" >> "$results"
    echo "| \`$label\` $goal | $shown | $mean | $range | $peak MB |"
  done <<<"$COMMANDS"
  echo
}

for n in ${SIZES:-1000 10000 100000}; do
  journal="$work/journal-$n"
  [ -d "$journal" ] || ./target/release/examples/generate --entries "$n" --seed 1 "$journal" >&2
  run_table "$journal" "$n entries"
done
for n in ${HEAVY_SIZES:-10000 100000}; do
  journal="$work/heavy-$n"
  [ -d "$journal" ] || ./target/release/examples/generate --entries "$n" --seed 1 --commitment-heavy "$journal" >&2
  run_table "$journal" "$n entries, commitment-heavy"
done

# Growth: how much dearer each command is at 100,000 entries than at 10,000.
python3 - "$results" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter='|'))
by = {}
for name, label, median, peak in rows:
    by[(name, label)] = (float(median), int(peak))
def growth(small, big, title):
    labels = [l for (n, l) in by if n == small and (big, l) in by]
    if not labels:
        return
    print(f"## Growth, {title}")
    print()
    print("| command | 10,000 | 100,000 | time × | memory × |")
    print("|---|---|---|---|---|")
    for l in labels:
        (t1, m1), (t2, m2) = by[(small, l)], by[(big, l)]
        print(f"| `{l}` | {t1:.1f} ms, {m1} MB | {t2:.1f} ms, {m2} MB | {t2 / max(t1, 0.1):.1f}× | {m2 / max(m1, 1):.1f}× |")
    print()
growth("10000 entries", "100000 entries", "10,000 → 100,000 entries (≤ 11× is linear)")
growth("10000 entries, commitment-heavy", "100000 entries, commitment-heavy", "commitment-heavy, 10,000 → 100,000 entries")
PY
