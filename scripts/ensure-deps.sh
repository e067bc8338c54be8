#!/usr/bin/env bash
# Installs what hsmgate needs to build, run and test on a Debian/Ubuntu machine, and nothing that is
# already there. Safe to run again. Sourced by the other scripts.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  echo "ensure-deps: installing ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# SoftHSM2 is the HSM of the embedded default and of every integration test; openssl makes test data.
# libnss3 carries NSS's softoken (libsoftokn3.so), the second token: ChaCha20 keys live there.
# make builds jemalloc, the gateway binary's allocator (tikv-jemalloc-sys).
apt_install softhsm2 libnss3 openssl libssl-dev ca-certificates gcc libc6-dev pkg-config make

# A Rust toolchain: the one on PATH, else rustup's default in ~/.cargo, else install rustup.
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    apt_install curl
    echo "ensure-deps: installing the Rust toolchain with rustup" >&2
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
for component in clippy rustfmt; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null 2>&1 && rustup component add "$component"
  fi
done

# Where the SoftHSM2 module lives differs between distributions and architectures.
softhsm_module() {
  local candidate
  for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
    [ -e "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}
HSMGATE_SOFTHSM_MODULE="${HSMGATE_SOFTHSM_MODULE:-$(softhsm_module)}"
export HSMGATE_SOFTHSM_MODULE

# The project-local Python environment for interoperability tests with third-party KMIP clients.
# Versions are pinned so that a test run means the same thing on every machine.
ensure_python_venv() {
  apt_install python3 python3-venv
  local venv="$PWD/.venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  if ! "$venv/bin/pip" show --quiet PyKMIP >/dev/null 2>&1; then
    echo "ensure-deps: installing PyKMIP into $venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-interop.txt
  fi
  HSMGATE_PYTHON="$venv/bin/python"
  export HSMGATE_PYTHON
}
