#!/usr/bin/env bash
# Throughput and peak memory of `slipway sql` on one core, against sed doing a
# plain replace of the same file and cat (the I/O floor), in the same run.
# Times are CPU seconds (user + system) of the measured process, which other
# load on a shared machine disturbs far less than elapsed time.
# usage: bench/sql-transform.sh   (SIZE_MB=1024 RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${SIZE_MB:-1024}"; runs="${RUNS:-3}"
mkdir -p bench/data
dump="bench/data/wp-${size}m.sql"
[[ -s "$dump" ]] || { echo "generating $dump"; python3 bench/gen-dump.py "$size" > "$dump"; }
cargo build --release --locked --quiet -p slipway
slipway="${CARGO_TARGET_DIR:-target}/release/slipway"
bytes=$(stat -c %s "$dump")
key=$(printf '1%.0s' {1..64})

measure() { # name, command...
  local name="$1"; shift
  local times=() mems=()
  for _ in $(seq "$runs"); do
    local out
    out=$( { /usr/bin/time -f '%U %S %M' taskset -c 0 "$@" < "$dump" > /dev/null; } 2>&1 | tail -n 1)
    read -r user sys mem <<<"$out"
    times+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"); mems+=("$mem")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  m=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$name|$t|$m"
}

results=(
  "$(measure "cat (I/O floor)" cat)"
  "$(measure "sed plain replace" sed 's#https://example.com#https://staging.example.org#g')"
  "$(measure "slipway sql rewrite" "$slipway" sql rewrite --map https://example.com=https://staging.example.org)"
  "$(measure "slipway sql transform (wordpress,woocommerce)" "$slipway" sql transform --map https://example.com=https://staging.example.org --preset wordpress,woocommerce --key "$key")"
)
sed_time=$(echo "${results[1]}" | cut -d'|' -f2)
echo "input: $dump ($((bytes / 1048576)) MiB), median of $runs runs, one core (taskset -c 0)"
echo
echo "| command | median CPU s | MB/s | peak RSS MiB | throughput vs sed |"
echo "|---|---|---|---|---|"
for r in "${results[@]}"; do
  IFS='|' read -r name t m <<<"$r"
  awk -v n="$name" -v t="$t" -v m="$m" -v b="$bytes" -v s="$sed_time" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.1f | %.2f× |\n", n, t, b / 1e6 / t, m / 1024, s / t }'
done
