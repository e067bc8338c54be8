#!/usr/bin/env bash
# Writes the seed corpus of the decode_roundtrip target: one file per TTLV example of the KMIP
# specification (testdata/kmip-vectors/ttlv-hex/*.tsv) plus the whole messages in seeds/*.hex.
# The corpus folder is not committed (see .gitignore); run this before the first fuzz run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus="$here/corpus/decode_roundtrip"
mkdir -p "$corpus"

write_seed() { # name hex
    local hex="${2//[[:space:]]/}"
    printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")" >"$corpus/$1"
}

n=0
for tsv in "$here"/../../testdata/kmip-vectors/ttlv-hex/*.tsv; do
    # Skip comments and the header line; the hex is the second tab-separated column.
    while IFS=$'\t' read -r description hex; do
        n=$((n + 1))
        write_seed "vector-$(basename "$tsv" .tsv)-$n" "$hex"
    done < <(grep -v '^#' "$tsv" | tail -n +2)
done
for seed in "$here"/seeds/*.hex; do
    write_seed "$(basename "$seed" .hex)" "$(grep -v '^#' "$seed")"
    n=$((n + 1))
done
echo "wrote $n seeds to $corpus"
