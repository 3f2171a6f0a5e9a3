#!/usr/bin/env bash
# What the random draws alone cost: times every Poisson and binomial sampler call of the engine
# with the processor's time-stamp counter, in a scratch copy of the working tree patched with
# bench/draw-timing.patch (the patch only adds the timers; the checksums printed are those of
# the unpatched `examples/replications`). x86-64 only.
#
#   bash bench/draw_timing.sh                      # status-quo and two-prong (300), Iwo Jima (10,000)
#   bash bench/draw_timing.sh two-prong 100        # one course, N replications
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The working tree as it is (tracked files, uncommitted changes included), then the timers.
git -C "$root" ls-files -z | (cd "$root" && xargs -0 tar -cf - --) | tar -xf - -C "$tmp"
patch -s -d "$tmp" -p1 < "$root/bench/draw-timing.patch"
export CARGO_TARGET_DIR="$root/target/draw-timing"
cargo build --quiet --release --manifest-path "$tmp/Cargo.toml" -p cordon-engine --example replications
bin="$CARGO_TARGET_DIR/release/examples/replications"
if [ $# -gt 0 ]; then
    "$bin" "$@"
else
    "$bin" status-quo 300
    "$bin" two-prong 300
    "$bin" assault 10000 "$root/bench/iwo-jima-1000.toml"
fi
