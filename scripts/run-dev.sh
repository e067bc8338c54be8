#!/usr/bin/env bash
# Runs hsmgate on its embedded default: a SoftHSM2 token, a development PKI and configuration in
# ./dev (made on the first run, kept afterwards). Extra arguments go to `hsmgate serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh

DIR="${HSMGATE_DEV_DIR:-$PWD/dev}"
cargo build --release --locked --bin hsmgate
if [ ! -f "$DIR/hsmgate.toml" ]; then
  ./target/release/hsmgate init --dev --dir "$DIR"
fi
exec ./target/release/hsmgate serve --config "$DIR/hsmgate.toml" "$@"
