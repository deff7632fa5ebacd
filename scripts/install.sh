#!/bin/sh
# Installs the pingcli binary for this machine from a release (POSIX sh; Linux and macOS).
#
#   curl -fsSL https://github.com/pingcli/pingcli/releases/latest/download/install.sh | sh
#   sh install.sh [--version X.Y.Z] [--dir DIR] [--base-url URL] [--target TRIPLE]
#
# Options (and the environment variables they override):
#   --version X.Y.Z  PINGCLI_VERSION           release to install (default: the latest release)
#   --dir DIR        PINGCLI_INSTALL_DIR       where to put `pingcli` (default: ~/.local/bin)
#   --base-url URL   PINGCLI_INSTALL_BASE_URL  directory holding the release assets (default:
#                    https://github.com/pingcli/pingcli/releases/download/v<version>, or
#                    .../releases/latest/download without --version)
#   --target TRIPLE  PINGCLI_TARGET            override OS/arch detection, e.g. x86_64-unknown-linux-gnu
#
# Downloads SHA256SUMS and pingcli-<version>-<target> into a temporary directory, checks the
# SHA-256, then moves the file into place in one rename; nothing is left behind on failure.
set -eu

PROG=pingcli-install
DEFAULT_REPO_URL=https://github.com/pingcli/pingcli/releases

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

usage() {
  cat <<'EOF'
usage: install.sh [--version X.Y.Z] [--dir DIR] [--base-url URL] [--target TRIPLE]

  --version X.Y.Z  release to install (env PINGCLI_VERSION; default: the latest release)
  --dir DIR        install directory (env PINGCLI_INSTALL_DIR; default: ~/.local/bin)
  --base-url URL   directory holding pingcli-<version>-<target> and SHA256SUMS
                   (env PINGCLI_INSTALL_BASE_URL; default: the GitHub release)
  --target TRIPLE  override OS/arch detection (env PINGCLI_TARGET)
EOF
}

version=${PINGCLI_VERSION:-}
dir=${PINGCLI_INSTALL_DIR:-}
base_url=${PINGCLI_INSTALL_BASE_URL:-}
target=${PINGCLI_TARGET:-}

while [ $# -gt 0 ]; do
  case $1 in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
    --version=*) version=${1#*=}; shift ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a value"; dir=$2; shift 2 ;;
    --dir=*) dir=${1#*=}; shift ;;
    --base-url) [ $# -ge 2 ] || die "--base-url needs a value"; base_url=$2; shift 2 ;;
    --base-url=*) base_url=${1#*=}; shift ;;
    --target) [ $# -ge 2 ] || die "--target needs a value"; target=$2; shift 2 ;;
    --target=*) target=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

version=${version#v}
case $version in
  '' | *[!0-9A-Za-z.+-]*)
    [ -z "$version" ] || die "invalid version: $version" ;;
esac

# --- platform -------------------------------------------------------------------------------
detect_target() {
  os=$(uname -s 2>/dev/null || echo unknown)
  arch=$(uname -m 2>/dev/null || echo unknown)
  case $arch in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64 | armv8*) arch=aarch64 ;;
    *) die "unsupported CPU architecture: $arch (pingcli is built for x86_64 and aarch64)" ;;
  esac
  case $os in
    Linux)
      if [ -e /etc/alpine-release ] || { ldd --version 2>&1 | grep -qi musl; }; then
        die "this looks like a musl libc system (e.g. Alpine); pingcli's Linux builds need glibc"
      fi
      echo "$arch-unknown-linux-gnu" ;;
    Darwin)
      # An x86_64 shell under Rosetta on Apple silicon: install the native build.
      if [ "$arch" = x86_64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then
        arch=aarch64
      fi
      echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) echo "$arch-pc-windows-msvc" ;;
    *) die "unsupported operating system: $os (use install.ps1 on Windows)" ;;
  esac
}

if [ -z "$target" ]; then
  target=$(detect_target)
fi
case $target in
  x86_64-unknown-linux-gnu | aarch64-unknown-linux-gnu | x86_64-apple-darwin | aarch64-apple-darwin) exe= ;;
  x86_64-pc-windows-msvc | aarch64-pc-windows-msvc) exe=.exe ;;
  *) die "unknown target: $target" ;;
esac

# --- tools ----------------------------------------------------------------------------------
if command -v curl >/dev/null 2>&1; then
  fetch() { curl --proto '=https,http' -fsSL --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  die "need curl or wget to download"
fi

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
elif command -v openssl >/dev/null 2>&1; then
  sha256() { openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1; }
else
  die "need sha256sum, shasum or openssl to verify the download"
fi

# --- where from, where to -------------------------------------------------------------------
if [ -z "$base_url" ]; then
  if [ -n "$version" ]; then
    base_url="$DEFAULT_REPO_URL/download/v$version"
  else
    base_url="$DEFAULT_REPO_URL/latest/download"
  fi
fi
base_url=${base_url%/}

if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || die "HOME is not set; pass --dir"
  dir="$HOME/.local/bin"
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t pingcli-install)
if [ -z "$tmp" ] || [ ! -d "$tmp" ]; then die "cannot create a temporary directory"; fi
staged=
cleanup() {
  rm -rf "$tmp"
  if [ -n "$staged" ]; then rm -f "$staged"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- download and verify --------------------------------------------------------------------
say "downloading $base_url/SHA256SUMS"
fetch "$base_url/SHA256SUMS" "$tmp/SHA256SUMS" || die "cannot download $base_url/SHA256SUMS"

# The asset for this target: exact name when the version is known, else the one SHA256SUMS lists.
if [ -n "$version" ]; then
  asset="pingcli-$version-$target$exe"
  line=$(awk -v n="$asset" '{ f = $2; sub(/^\*/, "", f) } f == n { print; exit }' "$tmp/SHA256SUMS")
else
  line=$(awk -v t="-$target$exe" '{ f = $2; sub(/^\*/, "", f) }
    substr(f, 1, 8) == "pingcli-" && length(f) > length(t) && substr(f, length(f) - length(t) + 1) == t { print; exit }' \
    "$tmp/SHA256SUMS")
  asset=$(printf '%s\n' "$line" | awk '{ f = $2; sub(/^\*/, "", f); print f }')
fi
if [ -z "$line" ] || [ -z "$asset" ]; then
  die "SHA256SUMS at $base_url lists no pingcli build for $target${version:+ version $version}"
fi
expected=$(printf '%s\n' "$line" | awk '{ print tolower($1) }')
case $expected in
  *[!0-9a-f]* | '') die "malformed SHA256SUMS line: $line" ;;
esac
[ ${#expected} -eq 64 ] || die "malformed SHA256SUMS line: $line"
if [ -z "$version" ]; then
  version=${asset#pingcli-}
  version=${version%-"$target$exe"}
fi

say "downloading $base_url/$asset"
fetch "$base_url/$asset" "$tmp/$asset" || die "cannot download $base_url/$asset"
actual=$(sha256 "$tmp/$asset")
if [ "$actual" != "$expected" ]; then
  die "checksum mismatch for $asset: expected $expected, got $actual; nothing was installed"
fi

# --- install: stage next to the destination, then one rename --------------------------------
mkdir -p "$dir" || die "cannot create $dir"
dest="$dir/pingcli$exe"
staged="$dir/.pingcli$exe.install.$$"
cp "$tmp/$asset" "$staged" || die "cannot write to $dir"
chmod 755 "$staged"
mv -f "$staged" "$dest" || die "cannot move the new binary to $dest"
staged=

say "installed pingcli $version ($target) to $dest"
case ":${PATH:-}:" in
  *":$dir:"*) ;;
  *) say "note: $dir is not on your PATH; add it, e.g.: export PATH=\"$dir:\$PATH\"" ;;
esac
