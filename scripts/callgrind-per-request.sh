#!/usr/bin/env bash
# Instructions the gateway executes per request, counted by callgrind (deterministic enough to
# compare builds on a busy machine, unlike throughput). Serves a fresh embedded default under
# valgrind on loopback, warms it up with `hsmgate bench`, zeroes the counters, runs the bench
# again for 8 s with 4 connections and dumps the counters; requests are counted as calls of the
# HSM function each one makes exactly once (C_EncryptInit, or C_WrapKey for get-wrapped).
#   cargo build --release --bin hsmgate && scripts/callgrind-per-request.sh encrypt [DIR]
# OP: encrypt | get-wrapped | xks-encrypt. Needs valgrind and python3. Counts user-space
# instructions only (system calls and the kernel's work are not in them), SoftHSM2's included.
# BENCH_ARGS adds load generator options to the counted run, e.g. BENCH_ARGS="--pipeline 16".
set -euo pipefail
OP=${1:-encrypt}
BIN=${BIN:-target/release/hsmgate}
DIR=${2:-$(mktemp -d /tmp/hsmgate-callgrind.XXXXXX)}
KMIP_PORT=${KMIP_PORT:-25696}
XKS_PORT=${XKS_PORT:-28443}
OUT="$DIR/callgrind.$OP.out"
if [ ! -f "$DIR/hsmgate.toml" ]; then
  "$BIN" init --dev --dir "$DIR" >/dev/null
  sed -i "s/^listen = \"127.0.0.1:5696\"/listen = \"127.0.0.1:$KMIP_PORT\"/; s/^listen = \"127.0.0.1:8443\"/listen = \"127.0.0.1:$XKS_PORT\"/" "$DIR/hsmgate.toml"
  sed -i "s/localhost:8443/localhost:$XKS_PORT/" "$DIR/xks.env"
fi
HSMGATE_LOG=warn valgrind --tool=callgrind --callgrind-out-file="$OUT" \
  "$BIN" serve --config "$DIR/hsmgate.toml" 2>"$DIR/valgrind.log" &
SERVER=$!
trap 'kill -INT $SERVER 2>/dev/null || true' EXIT
sleep 40 # start-up under valgrind (reconciling the store with the token)
TLS=(--ca "$DIR/pki/ca.pem" --cert "$DIR/pki/client.pem" --key "$DIR/pki/client.key")
case $OP in
  xks-*) SRV=(--server "127.0.0.1:$XKS_PORT" --xks-env "$DIR/xks.env") ;;
  *) SRV=(--server "127.0.0.1:$KMIP_PORT") ;;
esac
"$BIN" bench "${SRV[@]}" "${TLS[@]}" --op "$OP" --connections 4 --duration 3 --warmup 1 >/dev/null 2>&1
callgrind_control -z $SERVER >/dev/null 2>&1
"$BIN" bench "${SRV[@]}" "${TLS[@]}" --op "$OP" --connections 4 --duration 8 --warmup 0.5 ${BENCH_ARGS:-} 2>/dev/null | grep -v '^$' | head -1
callgrind_control -d $SERVER >/dev/null 2>&1
sleep 2
COUNTED=C_EncryptInit
[ "$OP" = get-wrapped ] && COUNTED=C_WrapKey
python3 - "$OUT.1" "$COUNTED" <<'PY'
import re, sys
path, counted = sys.argv[1], sys.argv[2]
names, calls, total, target = {}, 0, 0, None
for line in open(path):
    m = re.match(r'(c?fn)=\((\d+)\)(?: (.*))?', line)
    if m:
        if m.group(3):
            names[m.group(2)] = m.group(3)
        if m.group(1) == 'cfn':
            target = names.get(m.group(2))
        continue
    if line.startswith('calls=') and target == counted:
        calls += int(line.split('=')[1].split()[0])
        target = None
    elif line.startswith(('summary:', 'totals:')) and not total:
        total = int(line.split()[1])
print(f"{calls} requests, {total} instructions, {total // max(calls, 1)} per request ({path})")
PY
