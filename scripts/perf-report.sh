#!/usr/bin/env bash
# Runs the load generator figures of docs/PERFORMANCE.md against a fresh embedded default on
# loopback (ports 15696 and 18443) and prints them. Needs a release build:
#   cargo build --release --bin hsmgate && scripts/perf-report.sh [DIR]
# Every run is bounded (a few seconds each, about six minutes in all) and targets 127.0.0.1 only.
set -euo pipefail
BIN=${BIN:-target/release/hsmgate}
DIR=${1:-$(mktemp -d /tmp/hsmgate-perf.XXXXXX)}
SECS=${SECS:-6}
[ -f "$DIR/hsmgate.toml" ] || "$BIN" init --dev --dir "$DIR" >/dev/null
sed -i 's/^listen = "127.0.0.1:5696"/listen = "127.0.0.1:15696"/; s/^listen = "127.0.0.1:8443"/listen = "127.0.0.1:18443"/' "$DIR/hsmgate.toml"
sed -i 's/localhost:8443/localhost:18443/' "$DIR/xks.env"
HSMGATE_LOG=warn "$BIN" serve --config "$DIR/hsmgate.toml" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
# Let the gateway finish its start-up work (reconciling the store with the token) first: a raw
# baseline run during it measured a third lower.
sleep 10
TLS=(--ca "$DIR/pki/ca.pem" --cert "$DIR/pki/client.pem" --key "$DIR/pki/client.key")
# --server-pid: each report also gives the gateway's CPU time per request next to the load
# generator's own. --trials 3: the gateway's best of three runs is set against the raw baseline's
# best of three (--raw-trials defaults to 3), the same rule for both sides of a ratio.
KMIP=("$BIN" bench --server 127.0.0.1:15696 "${TLS[@]}" --duration "$SECS" --warmup 1 --server-pid "$SERVER")
XKS=("$BIN" bench --server 127.0.0.1:18443 --xks-env "$DIR/xks.env" "${TLS[@]}" --duration "$SECS" --warmup 1 --server-pid "$SERVER")
run() { echo "\$ ${*#"$BIN" }"; "$@" 2>/dev/null; echo; }
# The floors: a bare TCP echo on loopback (no server; with the raw Encrypt baseline it gives
# the highest ratio one request in flight per connection can reach on this machine), and a
# request the gateway answers without the HSM (TLS, TTLV, dispatch).
run "${KMIP[@]}" --op loopback-floor --connections 16 --raw "$DIR/hsmgate.toml"
# The same raw baseline with the module's own OS locking instead of the gateway's mutex
# callbacks (every other baseline initialises the module as the gateway does).
run "${KMIP[@]}" --op loopback-floor --connections 16 --raw "$DIR/hsmgate.toml" --raw-os-locking
# The same echo over TLS 1.3: what a round trip costs in a protocol spoken over TLS.
run "${KMIP[@]}" --op tls-floor --connections 16
run "${KMIP[@]}" --op discover-versions --connections 16
run "${KMIP[@]}" --op encrypt --connections 16 --raw "$DIR/hsmgate.toml" --trials 3
run "${KMIP[@]}" --op encrypt --connections 256 --trials 3
run "${KMIP[@]}" --op encrypt --connections 16 --pipeline 16 --raw "$DIR/hsmgate.toml" --trials 3
run "${KMIP[@]}" --op get-wrapped --connections 16 --raw "$DIR/hsmgate.toml" --trials 3
run "${KMIP[@]}" --op get-wrapped --connections 16 --pipeline 16 --raw "$DIR/hsmgate.toml" --trials 3
run "${XKS[@]}" --op xks-encrypt --connections 16 --raw "$DIR/hsmgate.toml" --trials 3
run "${XKS[@]}" --op xks-encrypt --connections 16 --rate 1800
run "${KMIP[@]}" --op encrypt --connections 16 --rate 1800
echo "gateway resident memory before idle connections: $(ps -o rss= -p $SERVER) KB"
"$BIN" bench --server 127.0.0.1:15696 "${TLS[@]}" --op idle --connections 1000 --duration 10 2>/dev/null &
IDLE=$!
sleep 8
echo "gateway resident memory with 1000 idle mTLS connections: $(ps -o rss= -p $SERVER) KB"
wait $IDLE
