#!/usr/bin/env bash
# What a user pays: cold builds of a crate that depends on the client
# (bench/cold-build/consumer, default features) and of the floor, the same
# call written by hand on reqwest with its default TLS, serde, serde_json,
# tokio and thiserror (bench/cold-build/floor). One after the other, each in
# a fresh target directory, with `--timings`; then a cold `cargo check` of
# the consumer. Prints wall times, summed unit times and the generator's
# share (bench/timings.py).
#
# Each round also builds the consumer without the client's TLS feature (the
# lightest configuration: plain http, or a reqwest client of one's own).
# ROUNDS=N repeats floor and consumer builds N times, alternating, so that a
# machine whose speed drifts (a shared VM) slows both alike; each round's
# ratio is printed.
#
#   bench/cold-build.sh
#   ROUNDS=3 bench/cold-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/cold-build
rm -rf "$OUT"
mkdir -p "$OUT"

# What only the generator needs: its dependency tree, less everything the consumer needs without it.
tree() { (cd bench/cold-build/consumer && cargo tree -q -e normal,build --prefix none "$@" | awk '{print $1}' | sort -u); }
GENERATOR_ONLY=$(comm -23 <(tree -p codegen) <(tree --prune codegen) | paste -sd,)
echo "crates only the generator needs: $GENERATOR_ONLY"

cold() { # label, crate, cargo subcommand...
    local label=$1 crate=$2; shift 2
    local target=$OUT/$label-target
    rm -rf "$target"
    (cd "bench/cold-build/$crate" && cargo fetch -q)
    /usr/bin/time -f "%e" -o "$OUT/$label.time" \
        env CARGO_TARGET_DIR="$target" cargo "$@" -q --manifest-path "bench/cold-build/$crate/Cargo.toml"
    echo "::: $label: $(cat "$OUT/$label.time") s wall"
    if [ -f "$target/cargo-timings/cargo-timing.html" ]; then
        cp "$target/cargo-timings/cargo-timing.html" "$OUT/$label.html"
        python3 bench/timings.py "$OUT/$label.html" "$GENERATOR_ONLY"
    fi
}

for round in $(seq 1 "${ROUNDS:-1}"); do
    cold floor-build floor build --timings
    cold consumer-build consumer build --timings
    cold consumer-notls-build consumer build --timings --no-default-features
    ratio() { python3 -c "print(round($(cat "$OUT/$1.time") / $(cat "$OUT/floor-build.time"), 3))"; }
    echo "::: round $round: consumer / floor = $(ratio consumer-build); without TLS: $(ratio consumer-notls-build)"
done
cold consumer-check consumer check --timings
echo "reports: $OUT/*.html"
