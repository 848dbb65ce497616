#!/usr/bin/env bash
# Measures versions end to end on a site with a large database and 10,000
# uploads, in a private state directory with its own ports:
#   - the first draw, and a second draw with nothing changed (its new bytes
#     against the version's total, its time against the first's);
#   - a derive (`slipway env create … --from <version>`), scrubbed (the
#     default) and with --no-scrub, against `mariadb-dump --single-transaction
#     DB | mariadb SCRATCH` of the same database through the same server, in
#     the same run.
#
# Usage: bench/versions.sh
#   SIZE=1GiB        dumpgen size of the imported dump (regenerated when changed)
#   UPLOADS=10000    upload files, sizes log-uniform in [UPLOAD_MIN_KB, UPLOAD_MAX_KB]
#   UPLOAD_MIN_KB=4 UPLOAD_MAX_KB=400
#   RUNS=1           timed runs of the second draw, the derives and the baseline
#   SEED=1           generator seed (dump and uploads)
#   DATA=bench/data  where the dump and the site's files are kept between runs
#   SKIP_BUILD=1     use the binaries already built
#   KEEP=1           keep the state directory (its path is printed)
#
# The first draw is timed once: a draw is "first" only in a state directory
# with no version of the site, and building another costs a full import.
# Wall time is the figure the targets speak of; CPU time (user + system) of
# the command with its children and of the MariaDB server is given beside
# it, since other load on a shared machine stretches wall time.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

SIZE="${SIZE:-1GiB}"
UPLOADS="${UPLOADS:-10000}"
UPLOAD_MIN_KB="${UPLOAD_MIN_KB:-4}"
UPLOAD_MAX_KB="${UPLOAD_MAX_KB:-400}"
RUNS="${RUNS:-1}"
SEED="${SEED:-1}"
DATA="${DATA:-bench/data}"
FROM_URL="https://example.com"
SITE=bench
target_dir="${CARGO_TARGET_DIR:-$root/target}"
slipway="$target_dir/release/slipway"
dumpgen="$target_dir/release/slipway-dumpgen"
export LC_ALL=C
# The commit the measured binaries are built from, taken before the build
# ("-dirty" when the working tree has changes).
commit="$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"

die() {
  echo "versions.sh: $*" >&2
  exit 1
}
note() { echo "versions.sh: $*" >&2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ "$UPLOADS" =~ ^[0-9]+$ ]] || die "UPLOADS must be a number, not '$UPLOADS'"
for tool in mariadb mariadb-dump python3 awk sort cargo; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not installed"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required: apt-get install time"
[[ -f /usr/share/wordpress/wp-load.php ]] || die "WordPress core is required in /usr/share/wordpress: apt-get install wordpress"

# --- build -------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  note "building slipway and slipway-dumpgen (release)..."
  cargo build --release --locked --quiet -p slipway -p slipway-dumpgen || die "cargo build failed"
fi
for bin in "$slipway" "$dumpgen"; do
  [[ -x "$bin" ]] || die "$bin is missing: cargo build --release -p slipway -p slipway-dumpgen"
done

# --- data: the dump and the site's files ---------------------------------------
mkdir -p "$DATA"
dump="$DATA/versions-$SIZE.sql"
params="size=$SIZE seed=$SEED url=$FROM_URL generator=$(sha256sum "$dumpgen" | cut -c1-16)"
if [[ ! -s "$dump" || "$(cat "$dump.params" 2>/dev/null)" != "$params" ]]; then
  note "generating $dump ($SIZE, seed $SEED)..."
  rm -f "$dump.params"
  "$dumpgen" --size "$SIZE" --seed "$SEED" --url "$FROM_URL" --quiet -o "$dump" || die "generating the dump failed"
  echo "$params" >"$dump.params"
fi

files="$DATA/versions-site"
files_params="uploads=$UPLOADS min=$UPLOAD_MIN_KB max=$UPLOAD_MAX_KB seed=$SEED core=$(cat /usr/share/wordpress/wp-includes/version.php | sha256sum | cut -c1-16)"
if [[ ! -d "$files" || "$(cat "$files.params" 2>/dev/null)" != "$files_params" ]]; then
  note "laying out $files (WordPress core and $UPLOADS uploads)..."
  rm -rf "$files" "$files.params"
  # Dereferenced: Debian's tree links its configuration from /etc.
  cp -rL /usr/share/wordpress "$files"
  rm -f "$files/wp-config.php" "$files/.htaccess"
  # Seeded sizes, log-uniform (many small thumbnails, fewer large
  # originals), incompressible bytes (images are), in year/month folders.
  python3 - "$files/wp-content/uploads" "$UPLOADS" "$UPLOAD_MIN_KB" "$UPLOAD_MAX_KB" "$SEED" <<'PY' || die "laying out the uploads failed"
import math, os, random, sys
top, count, lo, hi, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
for i in range(count):
    month = i * 36 // max(count, 1)
    folder = os.path.join(top, str(2021 + month // 12), "%02d" % (month % 12 + 1))
    os.makedirs(folder, exist_ok=True)
    size = int(math.exp(rng.uniform(math.log(lo), math.log(hi))) * 1024)
    ext = rng.choice(["jpg", "jpg", "jpg", "png", "webp", "pdf"])
    with open(os.path.join(folder, "upload-%05d.%s" % (i, ext)), "wb") as f:
        f.write(rng.randbytes(size))
PY
  echo "$files_params" >"$files.params"
fi
upload_bytes=$(du -sb "$files/wp-content/uploads" | cut -f1)

# --- a private state directory ----------------------------------------------------
# Short, in /tmp: MariaDB's and PHP-FPM's sockets live inside it.
home="$(mktemp -d /tmp/swb-XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export SLIPWAY_HOME="$home"
SLIPWAY_HTTP_PORT="$(free_port)"
SLIPWAY_MARIADB_PORT="$(free_port)"
SLIPWAY_REDIS_PORT="$(free_port)"
export SLIPWAY_HTTP_PORT SLIPWAY_MARIADB_PORT SLIPWAY_REDIS_PORT
cleanup() {
  "$slipway" down >/dev/null 2>&1 || true
  if [[ "${KEEP:-0}" == 1 ]]; then
    note "state directory kept: $home"
  else
    rm -rf "$home"
  fi
}
trap cleanup EXIT
work="$home/bench"
mkdir -p "$work"

sql() { # runs SQL as the administrator through the server's socket
  mariadb --no-defaults --socket="$home/run/mariadb.sock" --user="$(id -un)" --batch --skip-column-names "$@"
}
server_pid() { cat "$home/run/mariadb.pid" 2>/dev/null || pgrep -f -- "--socket=$home/run/mariadb.sock" | head -n1; }
server_ticks() { # user + system clock ticks the MariaDB server has used
  awk '{ print $14 + $15 }' "/proc/$(server_pid)/stat"
}
ticks_per_second=$(getconf CLK_TCK)

# Times command "$@" (stdout to $work/out, stderr to $work/err) and appends
# "wall_s cpu_s server_cpu_s" to $work/$label.times.
timed() {
  local label="$1" status=0 start end before after
  shift
  before=$(server_ticks)
  start=$(date +%s.%N)
  /usr/bin/time -q -f '%U %S' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || status=$?
  end=$(date +%s.%N)
  after=$(server_ticks)
  if ((status != 0)); then
    note "'$label' ($*) exited with status $status; its stderr ends with:"
    tail -n 20 "$work/err" >&2
    exit 1
  fi
  awk -v s="$start" -v e="$end" -v b="$before" -v a="$after" -v hz="$ticks_per_second" \
    '{ printf "%.2f %.2f %.2f\n", e - s, $1 + $2, (a - b) / hz }' "$work/time" >>"$work/$label.times"
}

json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

note "state directory $home; starting services..."
"$slipway" up >/dev/null || die "slipway up failed"
note "importing the site ($(stat -c %s "$dump") bytes of SQL, $UPLOADS uploads)..."
timed import "$slipway" site import "$SITE" --files "$files" --db "$dump"

db=$(sql -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN ('mysql','information_schema','performance_schema','sys')" | head -n1)
[[ -n "$db" ]] || die "no database of the imported site found"
db_bytes=$(sql -e "SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = '$db'")
db_rows=$(sql -e "SELECT SUM(table_rows) FROM information_schema.tables WHERE table_schema = '$db'")

note "first draw..."
timed draw1 "$slipway" draw "$SITE/production" --json
cp "$work/out" "$work/draw1.json"
version=$(json_field "$work/draw1.json" version)

for run in $(seq 1 "$RUNS"); do
  note "run $run/$RUNS: second draw..."
  timed draw2 "$slipway" draw "$SITE/production" --json
  cp "$work/out" "$work/draw2-$run.json"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["new_bytes"], d["total_bytes"], d["tables_read"], d["tables_unchanged"], d["files_changed"], d["files_unchanged"])' \
    "$work/draw2-$run.json" >>"$work/draw2.bytes"

  note "run $run/$RUNS: baseline mariadb-dump | mariadb..."
  sql -e "DROP DATABASE IF EXISTS bench_scratch; CREATE DATABASE bench_scratch CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
  timed baseline bash -c 'set -o pipefail
    mariadb-dump --no-defaults --socket="$1" --user="$2" --single-transaction "$3" |
      mariadb --no-defaults --socket="$1" --user="$2" bench_scratch' _ "$home/run/mariadb.sock" "$(id -un)" "$db"
  sql -e "DROP DATABASE bench_scratch"

  for mode in scrub no-scrub; do
    note "run $run/$RUNS: derive ($mode)..."
    flags=()
    [[ "$mode" == no-scrub ]] && flags=(--no-scrub)
    timed "derive-$mode" "$slipway" env create "$SITE/derived" --from "$version" "${flags[@]}" --json
    "$slipway" env rm "$SITE/derived" >/dev/null || die "removing the derived environment failed"
  done
done

# --- report ------------------------------------------------------------------------
median() { # column $2 of file $1
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {
    if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2] + v[NR/2+1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }'; }

first_total=$(json_field "$work/draw1.json" total_bytes)
first_new=$(json_field "$work/draw1.json" new_bytes)
second_new=$(median "$work/draw2.bytes" 1)
second_total=$(median "$work/draw2.bytes" 2)
draw1_wall=$(median "$work/draw1.times" 1)
draw2_wall=$(median "$work/draw2.times" 1)
base_wall=$(median "$work/baseline.times" 1)
results="$DATA/versions-$(date -u +%Y%m%d-%H%M%S).md"
{
  echo "## Versions benchmark"
  echo
  echo "- site: \`slipway-dumpgen --size $SIZE --seed $SEED\` imported ($(stat -c %s "$dump") bytes of SQL; loaded: $db_bytes bytes of data + indexes, about $db_rows rows), $UPLOADS uploads ($upload_bytes bytes, $UPLOAD_MIN_KB–$UPLOAD_MAX_KB KiB log-uniform)"
  echo "- first draw once, $RUNS run(s) of the rest, medians; commit $commit, $(date -u +%Y-%m-%dT%H:%MZ), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo) ($(nproc) CPUs), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| step | wall s | CPU s (command) | CPU s (MariaDB server) | wall × reference |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  row() { # label file reference_wall
    echo "| $1 | $(median "$2" 1) | $(median "$2" 2) | $(median "$2" 3) | $(ratio "$(median "$2" 1)" "$3") |"
  }
  row "import (\`site import\`, for scale)" "$work/import.times" "$base_wall"
  row "first draw" "$work/draw1.times" "$draw1_wall"
  row "second draw, nothing changed (× first draw)" "$work/draw2.times" "$draw1_wall"
  row "\`mariadb-dump --single-transaction \\| mariadb\` (baseline)" "$work/baseline.times" "$base_wall"
  row "derive, scrubbed (× baseline)" "$work/derive-scrub.times" "$base_wall"
  row "derive, --no-scrub (× baseline)" "$work/derive-no-scrub.times" "$base_wall"
  echo
  echo "- first draw: $first_new new bytes of $first_total"
  echo "- second draw: $second_new new bytes of $second_total ($(awk -v a="$second_new" -v b="$second_total" 'BEGIN { printf "%.4f%%", 100 * a / b }')); tables read / unchanged, files changed / unchanged, per run: $(awk '{printf "%s%s / %s, %s / %s", (NR > 1 ? "; " : ""), $3, $4, $5, $6}' "$work/draw2.bytes")"
  echo "- second draw's wall s, per run: $(awk '{printf "%s%s", (NR > 1 ? ", " : ""), $1}' "$work/draw2.times")"
  echo
  echo "Targets: second draw < 1% new data and < 10% of the first draw's wall time; derive ≤ 1.5× the baseline."
} | tee "$results"
note "saved to $results"
