#!/usr/bin/env bash
# Releases a staging candidate to production and rolls it back while wrk
# reads production continuously and a writer posts comments to it, on
# slipway's local runtime; then checks what visitors saw.
#
# Usage: bench/release.sh
#   ROUNDS=3        releases, then as many rollbacks, all under one load
#   CONNECTIONS=8   wrk connections (2 threads); 0 for no read load (only
#                   the writer and the probe: the freeze of a quiet site)
#   KEEPALIVE=0     1: wrk keeps connections open; by default each request
#                   has its own, as ab's do (see BENCHMARKS.md for why)
#   POSTS=200       posts in the site (more content, longer draws)
#   SITE_DUMP=FILE  instead: import this dump (with SITE_FILES, a WordPress
#   SITE_FILES=DIR  tree with its uploads), e.g. the 1 GiB site that
#                   bench/versions.sh lays out in bench/data
#   SKIP_BUILD=1    use the slipway binary already built
#
# What it asserts, and prints:
#   - every read answered 200 with a whole page of exactly one release
#     (each release's code marks its pages; a page with neither mark, both,
#     or any other status is a failure): 0 failed requests;
#   - every comment the writer was told was accepted (302) is on production
#     afterwards; a refused one (503 with Retry-After, during a freeze) is
#     retried, as a browser told to retry does;
#   - the freeze of each release next to its final draw: the median of
#     freeze_ms / final_draw_ms is the ratio asked for (freeze as long as
#     the final draw, and no longer), and the baseline measured in the same
#     run is a plain `slipway draw` of the idle site.
#
# Everything runs under a temporary state directory with free ports; wrk and
# the writer share the machine's cores with the servers.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-8}"
KEEPALIVE="${KEEPALIVE:-0}"
POSTS="${POSTS:-200}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
slipway="$target_dir/release/slipway"
export LC_ALL=C

die() {
  echo "release.sh: $*" >&2
  exit 1
}

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$ROUNDS'"
[[ "$POSTS" =~ ^[1-9][0-9]*$ ]] || die "POSTS must be a positive integer, not '$POSTS'"
if [[ -n "${SITE_DUMP:-}" ]]; then
  [[ -s "$SITE_DUMP" ]] || die "SITE_DUMP $SITE_DUMP is not a file with a dump in it"
  [[ -f "${SITE_FILES:-}/wp-load.php" ]] || die "SITE_FILES must name the site's WordPress tree (with wp-load.php)"
fi
for tool in wrk curl awk sort python3 cargo; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not installed"
done

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building slipway (release)..." >&2
  cargo build --release --locked --quiet -p slipway || die "cargo build failed"
fi
[[ -x "$slipway" ]] || die "$slipway is missing: build it with cargo build --release -p slipway"

home="$(mktemp -d /tmp/slipway-rel.XXXX)"
work="$(mktemp -d /tmp/slipway-relw.XXXX)"
export SLIPWAY_HOME="$home"
wrk_pid=""
writer_pid=""
cleanup() {
  set +e
  [[ -n "$wrk_pid" ]] && kill "$wrk_pid" 2>/dev/null
  [[ -n "$writer_pid" ]] && kill "$writer_pid" 2>/dev/null
  [[ -n "$probe_pid" ]] && kill "$probe_pid" 2>/dev/null
  wait 2>/dev/null
  "$slipway" down >/dev/null 2>&1 || echo "release.sh: 'slipway down' failed; see $home/log" >&2
  rm -rf "$home" "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
SLIPWAY_HTTP_PORT="$(free_port)"
SLIPWAY_MARIADB_PORT="$(free_port)"
SLIPWAY_REDIS_PORT="$(free_port)"
export SLIPWAY_HTTP_PORT SLIPWAY_MARIADB_PORT SLIPWAY_REDIS_PORT
port="$SLIPWAY_HTTP_PORT"
host="bench.localhost:$port"

run() {
  "$slipway" "$@" >"$work/last.log" 2>&1 || {
    cat "$work/last.log" >&2
    die "slipway $* failed"
  }
}

# --- the site: content, a mark on every page, comments open -----------------
run up
if [[ -n "${SITE_DUMP:-}" ]]; then
  echo "importing the site ($(stat -c %s "$SITE_DUMP") bytes of SQL) and making its staging copy..." >&2
  run site import bench --files "$SITE_FILES" --db "$SITE_DUMP"
else
  echo "making the site ($POSTS posts) and its staging copy..." >&2
  run site create bench --title "Bench"
  "$slipway" php bench -- - "$POSTS" >"$work/content.log" 2>&1 <<'PHP' || {
<?php
$posts = (int) $argv[1];
for ($p = 1; $p <= $posts; $p++) {
    $id = wp_insert_post(array(
        'post_title' => "Post $p",
        'post_content' => str_repeat("<!-- wp:paragraph -->\n<p>Harbour notes, tide $p.</p>\n<!-- /wp:paragraph -->\n", 5),
        'post_status' => 'publish',
    ), true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    wp_insert_comment(array('comment_post_ID' => $id, 'comment_content' => "Comment on $p", 'comment_approved' => 1));
}
PHP
    cat "$work/content.log" >&2
    die "creating content failed"
  }
fi
# The post the writer comments on: a published post open for comments.
post_id="$("$slipway" php bench -- - <<<'<?php global $wpdb; echo (int) $wpdb->get_var("SELECT ID FROM $wpdb->posts WHERE post_type = \"post\" AND post_status = \"publish\" AND comment_status = \"open\" ORDER BY ID LIMIT 1");')"
[[ "$post_id" =~ ^[1-9][0-9]*$ ]] || die "the site has no published post open for comments"
wp_content="$("$slipway" php bench -- - <<<'<?php echo WP_CONTENT_DIR;')"
# A release's code is told apart by the mark it prints; comments come fast
# from one address, which WordPress would otherwise refuse as a flood.
write_code() {
  cat >"$1/mu-plugins/bench-mark.php" <<EOF
<?php
add_action('wp_head', function () { echo '<meta name="bench-mark" content="$2">'; });
add_filter('comment_flood_filter', '__return_false');
EOF
}
write_code "$wp_content" "one"
run env create bench/staging --from production --no-scrub
staging_content="$("$slipway" php bench/staging -- - <<<'<?php echo WP_CONTENT_DIR;')"
write_code "$staging_content" "two"

# --- the load ---------------------------------------------------------------
cat >"$work/check.lua" <<'LUA'
-- Every request a new URL, so PHP renders it (the micro-cache would hide a
-- half-switched PHP); every answer must be 200 with exactly one mark.
-- Each thread counts in its own globals; done() adds them up.
local threads = {}
setup = function(thread) table.insert(threads, thread) end
counter = 0
bad = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/?bench=" .. counter)
end
response = function(status, headers, body)
  local one = string.find(body, 'content="one"', 1, true) ~= nil
  local two = string.find(body, 'content="two"', 1, true) ~= nil
  if status ~= 200 or one == two then
    bad = bad + 1
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("bad") or 0) end
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("errors %d\n", e.connect + e.read + e.write + e.status + e.timeout))
  io.write(string.format("error-kinds connect %d read %d write %d status %d timeout %d\n", e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("bad %d\n", total))
end
LUA

# The writer: a comment at a time, retried after Retry-After when frozen.
# Writes "accepted N" lines for every comment WordPress took.
writer() {
  local n=0 status
  while [[ ! -e "$work/stop" ]]; do
    n=$((n + 1))
    while :; do
      status="$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" \
        --data-urlencode "comment=bench comment $n" --data "comment_post_ID=$post_id&author=Bench&email=bench@example.com" \
        "http://127.0.0.1:$port/wp-comments-post.php" || echo 000)"
      case "$status" in
        302) echo "accepted $n" >>"$work/writes"; break ;;
        503) echo "refused $n" >>"$work/writes"; sleep 1 ;;
        *) echo "failed $n $status" >>"$work/writes"; break ;;
      esac
    done
    sleep 0.2
  done
}
: >"$work/writes"

# The freeze as a visitor meets it: a POST nginx answers itself (no PHP),
# every 20 ms; its 503 windows are the times writes were refused.
cat >"$work/probe.py" <<'PY'
import http.client, os, sys, time
port, host, out, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
with open(out, "w") as log:
    while not os.path.exists(stop):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("POST", "/.slipway/health", body=b"x", headers={"Host": host})
            status = c.getresponse().status
            c.close()
        except OSError:
            status = 0
        log.write(f"{time.monotonic():.4f} {status}\n")
        time.sleep(0.02)
PY
probe_pid=""

# The baseline: a draw of the idle site, as the final draw would be with
# nothing written.
run draw bench
baseline_ms=()
for _ in $(seq 1 "$ROUNDS"); do
  start=$(date +%s%N)
  run draw bench
  baseline_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
done

echo "releasing $ROUNDS times, then rolling back $ROUNDS times, under load..." >&2
connection=()
[[ "$KEEPALIVE" == 1 ]] || connection=(-H "Connection: close")
if [[ "$CONNECTIONS" == 0 ]]; then
  printf 'requests 0\nerrors 0\nbad 0\n' >"$work/wrk.out"
else
  wrk -t2 -c"$CONNECTIONS" -d3600s --timeout 10s -s "$work/check.lua" -H "Host: $host" "${connection[@]}" \
    "http://127.0.0.1:$port/" >"$work/wrk.out" 2>&1 &
  wrk_pid=$!
fi
writer &
writer_pid=$!
python3 "$work/probe.py" "$port" "$host" "$work/probe" "$work/stop" &
probe_pid=$!
sleep 3
freeze=()
draws=()
# Releases one after another: each carries what production was written
# since the last, so every comment accepted must be there at the end.
for round in $(seq 1 "$ROUNDS"); do
  "$slipway" release bench --from staging --json >"$work/release.json" 2>"$work/release.err" || {
    cat "$work/release.err" >&2
    die "release $round failed"
  }
  freeze+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["freeze_ms"])' "$work/release.json")")
  draws+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["final_draw_ms"])' "$work/release.json")")
  echo "  release $round: writes refused for ${freeze[-1]} ms: $(python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); print(", ".join(f"{n} {ms}" for n, ms in r["freeze_steps"]), "; changed", " ".join(r["tables_reloaded"]), "; rows", r["rows_carried"], "; whole", " ".join(r["tables_loaded_whole"]) or "none")' "$work/release.json")" >&2
  # The new code after the first release is staging's: mark "two".
  sleep 3
done
touch "$work/stop"
wait "$writer_pid" || true
writer_pid=""
wait "$probe_pid" || true
probe_pid=""
# Freeze windows: from the first to the last refused probe, 503s less
# than half a second apart counted as one window (at both edges of a
# freeze, the workers of the old and the new route answer side by side for
# a moment).
observed=($(awk '$2 == 503 { if (open_ && $1 - last > 0.5) { printf "%d\n", (last - start) * 1000 + 20; open_ = 0 }
    if (!open_) start = $1; open_ = 1; last = $1 }
  END { if (open_) printf "%d\n", (last - start) * 1000 + 20 }' "$work/probe"))
probe_errors="$(awk '$2 != 200 && $2 != 503' "$work/probe" | wc -l)"
stored="$("$slipway" php bench -- - <<<'<?php global $wpdb; echo (int) $wpdb->get_var("SELECT COUNT(DISTINCT comment_content) FROM $wpdb->comments WHERE comment_content LIKE \"bench comment %\"");')"
# Rollbacks: instant switches between kept instances (the writer has
# stopped: content written on an instance stays on it when it is left).
rollback_ms=()
for round in $(seq 1 "$ROUNDS"); do
  start=$(date +%s%N)
  run rollback bench
  rollback_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
  sleep 2
done
if [[ -n "$wrk_pid" ]]; then
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" || true
  wrk_pid=""
fi

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
requests="$(awk '$1=="requests" {print $2}' "$work/wrk.out")"
errors="$(awk '$1=="errors" {print $2}' "$work/wrk.out")"
bad="$(awk '$1=="bad" {print $2}' "$work/wrk.out")"
[[ -n "$requests" && -n "$bad" ]] || {
  cat "$work/wrk.out" >&2
  die "wrk printed no summary"
}
accepted="$(grep -c '^accepted' "$work/writes" || true)"
refused="$(grep -c '^refused' "$work/writes" || true)"
failed="$(grep -c '^failed' "$work/writes" || true)"

ratios=()
for i in "${!freeze[@]}"; do
  ratios+=("$(awk -v f="${freeze[$i]}" -v d="${draws[$i]}" 'BEGIN {printf "%.2f", (d > 0) ? f / d : 0}')")
done
echo
if [[ -n "${SITE_DUMP:-}" ]]; then
  echo "site: $(basename "$SITE_DUMP") imported ($(stat -c %s "$SITE_DUMP") bytes of SQL); $ROUNDS release(s), $CONNECTIONS reader connection(s)"
else
  echo "site: $POSTS posts; $ROUNDS release(s), $CONNECTIONS reader connection(s)"
fi
echo "reads: $requests requests, $errors socket/status errors ($(awk '$1=="error-kinds" {$1=""; print}' "$work/wrk.out" | sed 's/^ //')), $bad not a whole page of one release"
echo "writes: $accepted accepted, $refused refused with 503 (retried), $failed failed; comments on the serving instance: $stored"
echo "freeze: median $(median "${freeze[@]}") ms; final draw median $(median "${draws[@]}") ms; freeze/final draw median $(median "${ratios[@]}")"
echo "freeze seen by a writer (503 windows of a POST every 20 ms): ${observed[*]:-none} ms; median $(median "${observed[@]:-0}") ms; probe errors $probe_errors"
echo "baseline (draw of the idle site, same run): median $(median "${baseline_ms[@]}") ms"
echo "rollback: median $(median "${rollback_ms[@]}") ms (whole command)"
[[ "$errors" == 0 && "$bad" == 0 ]] || die "visitors saw $errors errors and $bad half-switched or failed pages"
[[ "$failed" == 0 ]] || {
  echo "failed writes by HTTP status (count, status):" >&2
  awk '$1 == "failed" { print $3 }' "$work/writes" | sort | uniq -c >&2
  die "$failed writes failed"
}
[[ "$probe_errors" == 0 ]] || die "the freeze probe was answered $probe_errors times with neither 200 nor 503"
[[ "$stored" == "$accepted" ]] || die "$accepted comments were accepted but production holds $stored"
