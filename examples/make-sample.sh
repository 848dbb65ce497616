#!/usr/bin/env bash
# Regenerates sample.sql from a real WordPress: the test kit starts a private
# MariaDB, installs WordPress from Debian's core at https://shop.example.com,
# fills it through WordPress' own functions, adds WooCommerce-shaped data and
# writes what mariadb-dump makes of it. Needs the packages scripts/install-deps
# installs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p slipway-testkit --bin slipway-make-sample -- examples/sample.sql
