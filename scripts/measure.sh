#!/bin/sh
# Side-by-side performance measurement: builds the release binary, writes
# the synthetic catalogs (20,000 scopes / 200 categories and 100,000 / 1,000)
# into a temp dir, and runs examples/measure against the bundled brand
# catalog and both files, then the API page with 10 and 10,000 tokens (the
# sandbox's IMPACT_SANDBOX_SEED_TOKENS). Prints two Markdown tables on
# stdout; progress on stderr. Extra arguments go to the tool, e.g.
# `--no-whiptail`, `--first-frame-runs 9`, `--show-screens`, `--page-only`,
# `--no-page` (see `--help`).
#
# Honours CARGO_TARGET_DIR. Needs python3; compares with whiptail when it is
# installed (`apt-get install whiptail`); this script installs nothing.
set -eu
cd "$(dirname "$0")/.."

cargo build --release --bin impact-token
cargo build --release --example measure

dir=$(mktemp -d "${TMPDIR:-/tmp}/impact-token-catalogs.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
python3 scripts/gen-synthetic-catalog.py --scopes 20000 --categories 200 -o "$dir/synthetic-20k.json"
python3 scripts/gen-synthetic-catalog.py --scopes 100000 --categories 1000 -o "$dir/synthetic-100k.json"

echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)'), $(date -u '+%Y-%m-%d %H:%M UTC')" >&2
cargo run --quiet --release --example measure -- \
    --catalog "$dir/synthetic-20k.json" \
    --catalog "$dir/synthetic-100k.json" \
    "$@"
