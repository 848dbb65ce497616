#!/usr/bin/env bash
# Measures slipway's SQL transform engine on a realistic ~1 GiB WordPress +
# WooCommerce dump, on one core, against `sed` doing a plain replace of the
# same file in the same run (the floor reference) and `cat` (the I/O floor).
#
# Usage: bench/sql-transform.sh
#   SIZE=1GiB       dump size (regenerated only when missing or changed)
#   RUNS=5          timed runs per command; medians are reported
#   CORE=0          the CPU every command is pinned to
#   COMMANDS="sed cat rewrite rewrite-host transform"   what to run
#   SEED=1          generator seed
#   DUMP=bench/data/wp-1g.sql   where the dump lives
#   SKIP_BUILD=1    use the binaries already built
#
# The machine is shared and noisy: commands are interleaved within each run,
# every figure is a median, and throughput is also given as a ratio to sed's
# measured in the same run.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

SIZE="${SIZE:-1GiB}"
RUNS="${RUNS:-5}"
CORE="${CORE:-0}"
SEED="${SEED:-1}"
COMMANDS="${COMMANDS:-sed cat rewrite rewrite-host transform}"
DUMP="${DUMP:-bench/data/wp-1g.sql}"
FROM_URL="https://example.com"
TO_URL="https://staging.example.org"
KEY="0000000000000000000000000000000000000000000000000000000000000000"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
slipway="$target_dir/release/slipway"
dumpgen="$target_dir/release/slipway-dumpgen"
# The C locale: sed does no multibyte decoding, so the floor is the fastest
# plain replace, and results do not depend on the caller's locale.
export LC_ALL=C

die() {
  echo "sql-transform.sh: $*" >&2
  exit 1
}

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ "$CORE" =~ ^[0-9]+$ ]] || die "CORE must be a CPU number, not '$CORE'"
for tool in taskset sed cat sort awk cargo; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not installed"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required: apt-get install time"
taskset -c "$CORE" true 2>/dev/null || die "cannot pin to CPU $CORE (taskset -c $CORE failed)"

needs_slipway=0
for name in $COMMANDS; do
  case "$name" in
    sed | cat) ;;
    rewrite | rewrite-host | transform) needs_slipway=1 ;;
    *) die "unknown command '$name' in COMMANDS (known: sed cat rewrite rewrite-host transform)" ;;
  esac
done
[[ "$COMMANDS" == *sed* ]] || die "COMMANDS must include sed: it is the reference every ratio is taken against"

# --- build ---------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  packages=(-p slipway-dumpgen)
  ((needs_slipway)) && packages+=(-p slipway)
  echo "building ${packages[*]} (release)..." >&2
  cargo build --release --locked --quiet "${packages[@]}" || die "cargo build failed"
fi
command -v "$dumpgen" >/dev/null || die "$dumpgen is missing: build it with cargo build --release -p slipway-dumpgen"
if ((needs_slipway)); then
  command -v "$slipway" >/dev/null ||
    die "$slipway is missing: build it with cargo build --release -p slipway (or run COMMANDS=\"sed cat\")"
fi

# --- data ------------------------------------------------------------------
mkdir -p "$(dirname "$DUMP")"
stamp="$DUMP.params"
# The generator's own checksum is part of the stamp: a changed generator
# writes different bytes, so its dump is regenerated.
params="size=$SIZE seed=$SEED url=$FROM_URL generator=$(sha256sum "$dumpgen" | cut -c1-16)"
if [[ ! -s "$DUMP" || ! -f "$stamp" || "$(cat "$stamp")" != "$params" ]]; then
  echo "generating $DUMP ($SIZE, seed $SEED)..." >&2
  rm -f "$stamp"
  "$dumpgen" --size "$SIZE" --seed "$SEED" --url "$FROM_URL" -o "$DUMP" || die "generating the dump failed"
  echo "$params" >"$stamp"
fi
input_bytes=$(stat -c %s "$DUMP")

# --- commands ----------------------------------------------------------------
command_line() {
  case "$1" in
    sed) echo "sed s#$FROM_URL#$TO_URL#g" ;;
    cat) echo "cat" ;;
    rewrite) echo "$slipway sql rewrite --map $FROM_URL=$TO_URL" ;;
    rewrite-host) echo "$slipway sql rewrite --map ${FROM_URL#https://}=${TO_URL#https://}" ;;
    transform) echo "$slipway sql transform --map $FROM_URL=$TO_URL --preset wordpress,woocommerce --key $KEY" ;;
  esac
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs command $1 pinned to the core, stdin from the dump, stdout to $2,
# the report (stderr) to $3; appends "seconds max_rss_kib" to $work/$1.times.
run_once() {
  local name="$1" out="$2" report="$3" status=0
  local -a argv
  read -r -a argv <<<"$(command_line "$name")"
  # CPU seconds (user + system) rather than elapsed: other load on a shared
  # machine stretches elapsed time far more than the process's own CPU time.
  /usr/bin/time -q -f '%U %S %M' -o "$work/time" taskset -c "$CORE" "${argv[@]}" <"$DUMP" >"$out" 2>"$report" || status=$?
  if ((status != 0)); then
    echo "sql-transform.sh: '$name' exited with status $status; its stderr ends with:" >&2
    tail -n 20 "$report" >&2
    exit 1
  fi
  awk '{ printf "%.3f %s\n", $1 + $2, $3 }' "$work/time" >>"$work/$name.times"
}

# One checked pass per slipway command: it succeeds and writes a dump of a
# plausible size. Its report is kept beside the data for inspection.
for name in $COMMANDS; do
  case "$name" in
    sed | cat) continue ;;
  esac
  echo "checking $name..." >&2
  out="$(dirname "$DUMP")/check.out"
  run_once "$name" "$out" "$(dirname "$DUMP")/$name.report"
  : >"$work/$name.times"
  out_bytes=$(stat -c %s "$out")
  rm -f "$out"
  ((out_bytes > 0)) || die "'$name' wrote nothing"
  if ((out_bytes * 2 < input_bytes || out_bytes > input_bytes * 2)); then
    die "'$name' wrote $out_bytes bytes for $input_bytes in: not a transformed copy"
  fi
done

# Warm the page cache so the first timed command does not pay for the disk.
cat "$DUMP" >/dev/null

for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS..." >&2
  for name in $COMMANDS; do
    run_once "$name" /dev/null "$work/$name.report"
  done
done

# --- report --------------------------------------------------------------------
median() { # column $2 of file $1
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {
    if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2] + v[NR/2+1]) / 2 }'
}

sed_seconds=$(median "$work/sed.times" 1)
results="$(dirname "$DUMP")/sql-transform-$(date +%Y%m%d-%H%M%S).md"
{
  echo "## SQL transform benchmark"
  echo
  echo "- input: \`$DUMP\`, $input_bytes bytes ($SIZE requested, seed $SEED)"
  echo "- $RUNS runs, each command pinned to CPU $CORE with \`taskset\`; medians of \`/usr/bin/time\` CPU time (user + system) and peak RSS"
  echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| command | median CPU s | MB/s | median peak RSS MiB | throughput × sed |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for name in $COMMANDS; do
    seconds=$(median "$work/$name.times" 1)
    rss_kib=$(median "$work/$name.times" 2)
    shown="$(command_line "$name" | sed -e "s#$target_dir/release/##" -e "s#--key $KEY#--key 00…00#")"
    awk -v cmd="$shown" -v s="$seconds" \
      -v b="$input_bytes" -v r="$rss_kib" -v base="$sed_seconds" 'BEGIN {
        mbs = (s > 0) ? b / s / 1e6 : 0
        ratio = (s > 0) ? base / s : 0
        printf "| `%s` | %.2f | %.0f | %.1f | %.2f |\n", cmd, s, mbs, r / 1024, ratio }'
  done
  echo
  echo "Targets (one core): rewrite ≥ 1000 MB/s; transform (wordpress, woocommerce) ≥ 400 MB/s; peak RSS < 64 MiB."
} | tee "$results"
echo "saved to $results" >&2
