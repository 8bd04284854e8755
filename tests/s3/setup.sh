#!/usr/bin/env bash
# Installs what the S3 target tests (tests/testsuite/s3.rs) need, once: s3s-fs, an S3-compatible
# server that keeps objects in a folder (the tests start their own on a loopback port). It is
# built from crates.io into a cache outside the checkout and reused: a second run only checks.
# The version is pinned: s3s-fs 0.15 and later need a newer Rust than this project's toolchain.
# LOA_TOOLS moves the cache (default ~/.cache/loa/tools); tests/testsuite/s3.rs looks there too.
set -euo pipefail

version=0.14.1
tools="${LOA_TOOLS:-${HOME}/.cache/loa/tools}"
root="$tools/s3s-fs-$version"
binary="$root/bin/s3s-fs"

if [ -x "$binary" ] && "$binary" --help >/dev/null 2>&1; then
  exit 0
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "S3 tests: cargo is needed to build s3s-fs $version (install Rust with rustup)" >&2
  exit 1
fi
echo "== building s3s-fs $version into $root (once; a few minutes)"
mkdir -p "$tools"
# A target folder of its own, so the build of loa is not invalidated, removed when done.
build="$(mktemp -d "$tools/.build.XXXXXX")"
trap 'rm -rf "$build"' EXIT
cargo install s3s-fs --version "$version" --locked --features binary --root "$root" \
  --target-dir "$build" --quiet
"$binary" --help >/dev/null
