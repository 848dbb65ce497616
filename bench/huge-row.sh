#!/usr/bin/env bash
# One row whose value is SIZE_MB (default 1024) MiB: slipway streams it in
# bounded memory. Prints CPU seconds and peak RSS for a rewrite of it.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${SIZE_MB:-1024}"
mkdir -p bench/data
dump="bench/data/huge-row-${size}m.sql"
if [[ ! -s "$dump" ]]; then
  echo "generating $dump"
  python3 - "$size" > "$dump" <<'PY'
import sys
size = int(sys.argv[1]) * 1024 * 1024
out = sys.stdout
out.write("CREATE TABLE `wp_posts` (\n  `ID` bigint,\n  `post_content` longtext,\n  PRIMARY KEY (`ID`)\n);\n")
out.write("INSERT INTO `wp_posts` VALUES (1,'")
block = ("<p>Visit <a href=\\\"https://example.com/page\\\">us</a>, it\\'s caf\u00e9 time.</p>\\n" * 1000)
written = 0
while written < size:
    out.write(block)
    written += len(block.encode())
out.write("');\n")
PY
fi
cargo build --release --locked --quiet -p slipway
slipway="${CARGO_TARGET_DIR:-target}/release/slipway"
read -r user sys mem < <({ /usr/bin/time -f '%U %S %M' "$slipway" sql rewrite --map https://example.com=https://staging.example.org < "$dump" > /dev/null; } 2>&1 | tail -n 1)
echo "one row of $(( $(stat -c %s "$dump") / 1048576 )) MiB: $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }') CPU s, peak RSS $((mem / 1024)) MiB"
