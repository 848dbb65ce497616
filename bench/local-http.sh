#!/usr/bin/env bash
# Measures anonymous page views of a site run by slipway's local runtime
# (nginx's fastcgi micro-cache in front of PHP-FPM, Redis object cache)
# against the same WordPress, reading the same database, behind a plain
# nginx + PHP-FPM setup with no cache of any kind, in the same run.
#
# Usage: bench/local-http.sh
#   ROUNDS=3        measured rounds; each runs slipway then the baseline
#   DURATION=10s    length of each wrk run
#   THREADS=2       wrk threads
#   CONNECTIONS=16  wrk connections
#   POSTS=30        posts created, each with a few paragraphs
#   COMMENTS=4      approved comments per post
#   MIN_RATIO=20    the script fails when slipway's median is below
#                   MIN_RATIO × the baseline's
#   SKIP_BUILD=1    use the slipway binary already built
#
# Everything runs on this machine under temporary directories and ports
# found free: slipway's state directory (SLIPWAY_HOME), and the baseline's
# own php-fpm8.2 master and nginx. Both are stopped and removed on exit.
#
# The machine is shared and noisy: the two servers are measured alternately,
# every figure is a median, and slipway's is given as a ratio to the
# baseline's measured in the same run. wrk runs on the same cores as the
# servers. Any error fails the run: wrk's socket errors and non-2xx/3xx
# responses, and any of wrk's requests answered other than 2xx in either
# server's access log.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-16}"
POSTS="${POSTS:-30}"
COMMENTS="${COMMENTS:-4}"
MIN_RATIO="${MIN_RATIO:-20}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
slipway="$target_dir/release/slipway"
php_fpm="$(command -v php-fpm8.2 || true)"
nginx="$(command -v nginx || echo /usr/sbin/nginx)"
export LC_ALL=C

die() {
  echo "local-http.sh: $*" >&2
  exit 1
}

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$ROUNDS'"
[[ "$POSTS" =~ ^[1-9][0-9]*$ ]] || die "POSTS must be a positive integer, not '$POSTS'"
[[ "$COMMENTS" =~ ^[0-9]+$ ]] || die "COMMENTS must be a number, not '$COMMENTS'"
for tool in wrk curl awk sort cargo; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not installed"
done
[[ -n "$php_fpm" ]] || die "php-fpm8.2 is required: apt-get install php8.2-fpm"
[[ -x "$nginx" ]] || die "nginx is required: apt-get install nginx-light"

# --- build ---------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building slipway (release)..." >&2
  cargo build --release --locked --quiet -p slipway || die "cargo build failed"
fi
[[ -x "$slipway" ]] || die "$slipway is missing: build it with cargo build --release -p slipway"

# --- temporary state and cleanup -------------------------------------------
# Short paths: the runtime's Unix sockets live under SLIPWAY_HOME.
home="$(mktemp -d /tmp/slipway-bench.XXXX)"
base="$(mktemp -d /tmp/slipway-base.XXXX)"
export SLIPWAY_HOME="$home"

# Stops the process whose pid is in file $1, if any, and waits for it.
stop_pidfile() {
  local pid
  [[ -s "$1" ]] || return 0
  pid="$(cat "$1")"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  set +e
  "$slipway" down >/dev/null 2>&1 || echo "local-http.sh: 'slipway down' failed; see $home/log" >&2
  stop_pidfile "$base/run/nginx.pid"
  stop_pidfile "$base/run/php-fpm.pid"
  rm -rf "$home" "$base"
}
trap cleanup EXIT

# A TCP port on 127.0.0.1 that nothing listens on and this script has not
# handed out yet.
taken_ports=" "
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    [[ "$taken_ports" == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken_ports+="$port "
      echo "$port"
      return 0
    fi
  done
  die "found no free TCP port"
}
# Called in this shell (not in $(…)) so that taken_ports is kept.
free_port >"$base/port" && SLIPWAY_HTTP_PORT="$(cat "$base/port")"
free_port >"$base/port" && SLIPWAY_MARIADB_PORT="$(cat "$base/port")"
free_port >"$base/port" && SLIPWAY_REDIS_PORT="$(cat "$base/port")"
free_port >"$base/port" && base_port="$(cat "$base/port")"
export SLIPWAY_HTTP_PORT SLIPWAY_MARIADB_PORT SLIPWAY_REDIS_PORT
slipway_port="$SLIPWAY_HTTP_PORT"
host="bench.localhost:$slipway_port"

# --- slipway: runtime, site and content --------------------------------------
echo "starting slipway's runtime in $home..." >&2
"$slipway" up >"$base/up.log" 2>&1 || {
  cat "$base/up.log" >&2
  die "slipway up failed"
}
"$slipway" site create bench --title "Bench" >"$base/create.log" 2>&1 || {
  cat "$base/create.log" >&2
  die "slipway site create failed"
}
instance="$("$slipway" site ls --json | awk -F'"' '/"instance"/ {print $4; exit}')"
[[ -n "$instance" && -d "$home/instances/$instance/htdocs" ]] || die "cannot find the site's instance directory"
inst_dir="$home/instances/$instance"

# Posts with a few paragraphs of block markup, a category and tags each, and
# approved comments: the home page runs the query loop, the comment counts,
# the terms and the block rendering of a real blog. Seeded: the same content
# every run.
echo "creating $POSTS posts with $COMMENTS comments each..." >&2
"$slipway" php bench -- - "$POSTS" "$COMMENTS" >"$base/content.log" 2>&1 <<'PHP' || {
<?php
$posts = (int) $argv[1];
$comments = (int) $argv[2];
mt_srand(1);
$words = explode(' ', 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum');
$sentence = function () use ($words) {
    $n = mt_rand(8, 18);
    $out = array();
    for ($i = 0; $i < $n; $i++) {
        $out[] = $words[mt_rand(0, count($words) - 1)];
    }
    return ucfirst(implode(' ', $out)) . '.';
};
$paragraph = function () use ($sentence) {
    $n = mt_rand(3, 6);
    $out = array();
    for ($i = 0; $i < $n; $i++) {
        $out[] = $sentence();
    }
    return implode(' ', $out);
};
$categories = array();
foreach (array('News', 'Travel', 'Recipes', 'Notes') as $name) {
    $term = wp_insert_term($name, 'category');
    $categories[] = is_wp_error($term) ? 1 : $term['term_id'];
}
$start = strtotime('2026-01-01 09:00:00');
for ($p = 1; $p <= $posts; $p++) {
    $blocks = array();
    $paragraphs = mt_rand(3, 5);
    for ($i = 0; $i < $paragraphs; $i++) {
        if ($i === 1) {
            $blocks[] = "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" . rtrim($sentence(), '.') . "</h2>\n<!-- /wp:heading -->";
        }
        $blocks[] = "<!-- wp:paragraph -->\n<p>" . $paragraph() . "</p>\n<!-- /wp:paragraph -->";
    }
    $date = gmdate('Y-m-d H:i:s', $start + $p * 86400);
    $id = wp_insert_post(array(
        'post_title' => rtrim($sentence(), '.'),
        'post_content' => implode("\n\n", $blocks),
        'post_excerpt' => '',
        'post_status' => 'publish',
        'post_author' => 1,
        'post_date' => $date,
        'post_category' => array($categories[$p % count($categories)]),
        'tags_input' => array($words[$p % 20], $words[($p * 7) % 40]),
    ), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    for ($c = 1; $c <= $comments; $c++) {
        wp_insert_comment(array(
            'comment_post_ID' => $id,
            'comment_author' => "Reader $c",
            'comment_author_email' => "reader$c@example.com",
            'comment_content' => $paragraph(),
            'comment_approved' => 1,
            'comment_date' => gmdate('Y-m-d H:i:s', $start + $p * 86400 + $c * 3600),
        ));
    }
}
echo wp_count_posts()->publish, ' published posts, ', wp_count_comments()->approved, " approved comments\n";
PHP
  cat "$base/content.log" >&2
  die "creating the content failed"
}
cat "$base/content.log" >&2

# --- baseline: the same WordPress behind plain nginx + PHP-FPM --------------
# The instance's htdocs copied with its symlinks to Debian's WordPress, minus
# the Redis object-cache drop-in, and its wp-config.php one level above (its
# ABSPATH is __DIR__/htdocs/): the same code, the same database over the same
# MariaDB socket, no cache of any kind.
cp -a "$inst_dir/htdocs" "$base/htdocs"
rm -f "$base/htdocs/wp-content/object-cache.php"
cp "$inst_dir/wp-config.php" "$base/wp-config.php"
mkdir -p "$base/run" "$base/log" "$base/temp"/{client,proxy,fastcgi,uwsgi,scgi}

if ((EUID == 0)); then
  fpm_user=$'user = root\ngroup = root'
  nginx_user="user root;"
  fpm_flags=(-R)
else
  fpm_user=""
  nginx_user=""
  fpm_flags=()
fi
# The same process manager settings as slipway's pool for the instance
# (pm, pm.max_children, ...); php.ini and opcache as Debian ships them.
pool_conf="$home/php/pools/$instance.conf"
[[ -f "$pool_conf" ]] || die "slipway's pool configuration $pool_conf is missing"
pm_lines="$(grep -E '^pm(\.|[[:space:]]*=)' "$pool_conf")"
cat >"$base/php-fpm.conf" <<EOF
[global]
pid = $base/run/php-fpm.pid
error_log = $base/log/php-fpm.log
daemonize = yes

[baseline]
listen = $base/run/php-fpm.sock
listen.mode = 0600
$fpm_user
$pm_lines
EOF
# Debian's fastcgi_params end with HTTP_HOST $host, which drops the port:
# WordPress would then redirect every request to its home URL.
cat >"$base/nginx.conf" <<EOF
$nginx_user
worker_processes auto;
pid $base/run/nginx.pid;
error_log $base/log/nginx-error.log warn;
daemon on;

events {
    worker_connections 1024;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    server_tokens off;
    access_log $base/log/nginx-access.log combined;
    client_body_temp_path $base/temp/client;
    proxy_temp_path $base/temp/proxy;
    fastcgi_temp_path $base/temp/fastcgi;
    uwsgi_temp_path $base/temp/uwsgi;
    scgi_temp_path $base/temp/scgi;

    server {
        listen 127.0.0.1:$base_port;
        server_name _;
        root $base/htdocs;
        index index.php;

        location / {
            try_files \$uri \$uri/ /index.php?\$args;
        }
        location ~ \.php\$ {
            try_files \$uri =404;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_param HTTP_HOST \$http_host;
            fastcgi_pass unix:$base/run/php-fpm.sock;
        }
    }
}
EOF
echo "starting the baseline (nginx on port $base_port, php-fpm8.2)..." >&2
"$php_fpm" "${fpm_flags[@]}" -y "$base/php-fpm.conf" >"$base/log/php-fpm.start" 2>&1 || {
  cat "$base/log/php-fpm.start" "$base/log/php-fpm.log" >&2 2>/dev/null
  die "the baseline's php-fpm did not start"
}
"$nginx" -p "$base" -c "$base/nginx.conf" -e "$base/log/nginx-error.log" || die "the baseline's nginx did not start"

# --- checks before measuring ----------------------------------------------------
# Prints the status line and the X-Slipway-Cache header of a GET of / at
# port $1 with Host $host, with extra curl arguments after it; the body goes
# to $base/body.
probe() {
  local port="$1"
  shift
  curl -sS -o "$base/body" -D "$base/headers" -H "Host: $host" "$@" "http://127.0.0.1:$port/" ||
    die "no answer on port $port"
  local status cache
  status="$(awk 'NR == 1 {print $2}' "$base/headers")"
  cache="$(awk -F': *' 'tolower($1) == "x-slipway-cache" {sub(/\r$/, "", $2); print $2}' "$base/headers")"
  echo "$status ${cache:--}"
}
title_ok() { grep -q '<title>[^<]*Bench' "$base/body"; }

read -r status cache <<<"$(probe "$base_port")"
[[ "$status" == 200 ]] || die "the baseline answered $status, not 200 (body in $base/body)"
title_ok || die "the baseline's home page does not carry the site's title"
[[ "$cache" == - ]] || die "the baseline sent X-Slipway-Cache: $cache; it must not cache"
base_bytes=$(stat -c %s "$base/body")
# The posts the home page lists, in order: both servers must serve this page.
post_links() { grep -o 'class="wp-block-post-title"><a href="[^"]*"' "$base/body" || true; }
post_links >"$base/baseline.posts"
base_posts=$(wc -l <"$base/baseline.posts")
((base_posts > 0)) || die "the baseline's home page lists no posts"

# slipway's micro-cache may still hold the home page of the empty site
# (cached for a few seconds when the site was created): wait until a HIT
# lists the same posts as the baseline's page.
for attempt in $(seq 1 40); do
  read -r status cache <<<"$(probe "$slipway_port")"
  [[ "$status" == 200 ]] || die "slipway answered $status, not 200"
  title_ok || die "slipway's home page does not carry the site's title"
  if [[ "$cache" == HIT ]] && post_links | cmp -s - "$base/baseline.posts"; then
    break
  fi
  ((attempt < 40)) || die "slipway's cache did not serve the current home page after 20 s (last: $cache)"
  sleep 0.5
done
slipway_bytes=$(stat -c %s "$base/body")
echo "home page: $base_posts posts listed; slipway $slipway_bytes bytes (X-Slipway-Cache: HIT)," \
  "baseline $base_bytes bytes (no X-Slipway-Cache)" >&2

# A logged-in visitor is never served from the cache.
cookie="$("$slipway" php bench -- - <<<"<?php echo LOGGED_IN_COOKIE . '=' . wp_generate_auth_cookie(1, time() + 3600, 'logged_in');")"
[[ "$cookie" == wordpress_logged_in_*=* ]] || die "could not make a logged-in cookie: $cookie"
logged_in=()
for _ in 1 2; do
  read -r status cache <<<"$(probe "$slipway_port" -b "$cookie")"
  grep -q 'id="wpadminbar"' "$base/body" && bar="admin bar" || bar="no admin bar"
  logged_in+=("$status $cache ($bar)")
done
[[ "${logged_in[0]}" == "200 BYPASS (admin bar)" && "${logged_in[1]}" == "200 BYPASS (admin bar)" ]] ||
  die "a logged-in request was not bypassed: ${logged_in[*]}"

# --- measure ------------------------------------------------------------------------
: >"$base/slipway.rps"
: >"$base/baseline.rps"
errors=0

# Runs wrk against port $2 for name $1 and duration $3; appends "requests/s
# median-latency-ms" to $base/$1.rps and adds its errors to $errors.
run_wrk() {
  local name="$1" port="$2" duration="$3" out="$base/wrk.out"
  # PHP finishes the requests the previous run left in flight: let it.
  sleep 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -H "Host: $host" \
    "http://127.0.0.1:$port/" >"$out" 2>&1 || {
    cat "$out" >&2
    die "wrk failed against $name"
  }
  local rps socket non2xx p50 p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  [[ -n "$rps" ]] || {
    cat "$out" >&2
    die "no Requests/sec in wrk's output for $name"
  }
  socket="$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  errors=$((errors + ${socket:-0} + ${non2xx:-0}))
  # wrk prints latencies as 487.00us, 24.76ms or 1.01s.
  awk -v r="$rps" -v l="$p50" 'BEGIN {
    v = l + 0
    if (l ~ /us$/) v /= 1000; else if (l ~ /ms$/) v += 0; else if (l ~ /s$/) v *= 1000
    printf "%s %.2f\n", r, v }' >>"$base/$name.rps"
  printf '  %-8s %10.1f req/s  p50 %-8s p99 %-8s socket errors %s, non-2xx/3xx %s\n' \
    "$name" "$rps" "$p50" "$p99" "${socket:-0}" "${non2xx:-0}" >&2
}

# Prints how many of wrk's requests (GET /, no User-Agent) in access log $1
# after line $2 were answered with a status other than 2xx, and how many
# were 499: requests in flight when wrk stopped and closed its connections,
# which no client saw (not errors). The non-2xx lines go to $3. Requests
# from elsewhere (other programs on a shared machine probing ports) are left
# out.
non_2xx_after() {
  awk -v from="$2" -v bad_lines="$3" 'NR > from {
      n = split($0, q, "\"")
      if (q[2] != "GET / HTTP/1.1" || q[n - 1] != "-") next
      split(q[3], f, " ")
      if (f[1] == 499) closed++; else if (f[1] !~ /^2/) { bad++; print > bad_lines }
    } END { print bad + 0, closed + 0 }' "$1"
}

# Warm-up: opcache, PHP-FPM's on-demand workers, MariaDB's buffers.
echo "warming up..." >&2
run_wrk slipway "$slipway_port" 3s
run_wrk baseline "$base_port" 3s
: >"$base/slipway.rps"
: >"$base/baseline.rps"
# slipway's access log is buffered (flushed every 5 s).
sleep 6
slipway_log="$home/log/nginx-access.log"
base_log="$base/log/nginx-access.log"
slipway_from=$(wc -l <"$slipway_log")
base_from=$(wc -l <"$base_log")

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS ($DURATION each, $THREADS threads, $CONNECTIONS connections)..." >&2
  run_wrk slipway "$slipway_port" "$DURATION"
  run_wrk baseline "$base_port" "$DURATION"
done
sleep 6
read -r slipway_bad slipway_closed <<<"$(non_2xx_after "$slipway_log" "$slipway_from" "$base/slipway.bad")"
read -r base_bad base_closed <<<"$(non_2xx_after "$base_log" "$base_from" "$base/baseline.bad")"
for name in slipway baseline; do
  if [[ -s "$base/$name.bad" ]]; then
    echo "non-2xx responses in $name's access log (first 5):" >&2
    head -n 5 "$base/$name.bad" >&2
  fi
done
errors=$((errors + slipway_bad + base_bad))

# --- report ---------------------------------------------------------------------------
median() { # column $2 of file $1
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR]=$1} END {
    if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2] + v[NR/2+1]) / 2 }'
}
slipway_rps=$(median "$base/slipway.rps" 1)
base_rps=$(median "$base/baseline.rps" 1)
slipway_p50=$(median "$base/slipway.rps" 2)
base_p50=$(median "$base/baseline.rps" 2)
ratio=$(awk -v a="$slipway_rps" -v b="$base_rps" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }')

mkdir -p bench/data
results="bench/data/local-http-$(date +%Y%m%d-%H%M%S).md"
{
  echo "## Local runtime: anonymous page views"
  echo
  echo "- home page of a site with $POSTS posts and $COMMENTS comments each (slipway: $slipway_bytes bytes; baseline: $base_bytes bytes)"
  echo "- \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`, $ROUNDS rounds alternating slipway and the baseline after a 3 s warm-up of each; medians of requests/s"
  echo "- baseline: the same WordPress and database behind nginx + php-fpm8.2 ($(echo "$pm_lines" | tr '\n' ' ' | sed 's/ *$//')), no object or page cache"
  echo "- commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| server | requests/s per round | median requests/s | median p50 latency ms | × baseline |"
  echo "| --- | --- | ---: | ---: | ---: |"
  echo "| slipway (micro-cache HIT) | $(awk '{print $1}' "$base/slipway.rps" | paste -sd' ') | $slipway_rps | $slipway_p50 | $ratio |"
  echo "| nginx + PHP-FPM, no cache | $(awk '{print $1}' "$base/baseline.rps" | paste -sd' ') | $base_rps | $base_p50 | 1.0 |"
  echo
  echo "Errors: $errors (wrk's socket errors and non-2xx/3xx responses, and non-2xx responses in the access logs: slipway $slipway_bad, baseline $base_bad; requests cut off by the end of a wrk run, logged as 499 and not counted: slipway $slipway_closed, baseline $base_closed)."
  echo "Logged in (cookie \`${cookie%%=*}\`), two requests to slipway: ${logged_in[0]}; ${logged_in[1]}."
  echo "Target: ≥ ${MIN_RATIO}× the baseline with 0 errors."
} | tee "$results"
echo "saved to $results" >&2

((errors == 0)) || die "$errors errors"
awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { exit !(r >= m) }' ||
  die "slipway served ${ratio}× the baseline's requests/s, below the target of ${MIN_RATIO}×"
