#!/usr/bin/env bash
# What the generated code costs to compile, side by side with progenitor's
# for the same specs, in one run (BENCHMARKS.md, "Compiling the generated
# code").
#
#   bench/check-cost.sh                   both synthetic families at 1,000 operations, 3 paired rounds
#   ROUNDS=5 N=1000 bench/check-cost.sh
#   EXTRA="github v2" bench/check-cost.sh also GitHub's document (both; progenitor may refuse it) and the
#                                         whole PortOne V2 document (ours alone; needs ../shared/reference)
#   BUILD=1 bench/check-cost.sh           also `cargo build` (debug) of each crate
#   BEFORE=<codegen binary> bench/check-cost.sh   also the output of another build of the
#                                         generator (`ours-before-*`), to measure a change
#
# Each crate is generated as a standalone crate (ours: `codegen generate
# --crate`; progenitor: `cargo progenitor`), its dependencies are built
# once, and each round then touches its src/lib.rs and times `cargo check`
# of that crate alone (wall seconds and the peak RSS of the compiler),
# alternating ours and progenitor's so that drift in the machine's speed
# hits both. Lines are counted with and without blank lines.
#
# Fetches cargo-progenitor 0.15.1 from crates.io into target/bench-tools and
# GitHub's document as bench/run.sh does; writes only under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/target/bench-data
TOOLS=$ROOT/target/bench-tools
OUT=$ROOT/target/check-cost
ROUNDS=${ROUNDS:-3}
N=${N:-1000}
EXTRA=${EXTRA:-}
BUILD=${BUILD:-}
BEFORE=${BEFORE:-}
mkdir -p "$DATA" "$TOOLS" "$OUT"
echo "::: building codegen and the spec generator (release)"
cargo build --release -q -p codegen --bin codegen
cargo build --release -q -p codegen-bench --examples
CODEGEN=$ROOT/target/release/codegen
# One target directory per generator: the dependencies of its crates are built once. Ours and ours-before
# must not share one: cargo names a path dependency's artifacts by its path relative to the workspace, so
# every generated crate's `runtime/` would be the same artifact, checked again (or stale) at each switch.
target_of() { # crate → its target directory
    case $1 in
        ours-before-*) echo "$OUT/target/before" ;;
        ours-*) echo "$OUT/target/ours" ;;
        *) echo "$OUT/target/progenitor" ;;
    esac
}
export CARGO_TARGET_DIR=$OUT/target/tools
if [ ! -x "$TOOLS/bin/cargo-progenitor" ]; then
    echo "::: installing cargo-progenitor 0.15.1 (crates.io) into target/bench-tools"
    cargo install -q --locked --root "$TOOLS" cargo-progenitor --version 0.15.1
fi

specs=()
"$ROOT/target/release/examples/synthetic" "$N" > "$OUT/synthetic-$N.json"
"$ROOT/target/release/examples/synthetic" "$N" flat > "$OUT/flat-$N.json"
specs+=("synthetic-$N:$OUT/synthetic-$N.json" "flat-$N:$OUT/flat-$N.json")
if [[ " $EXTRA " == *" github "* ]]; then
    if [ ! -f "$DATA/api.github.com.json" ]; then
        (cd "$DATA" && npm pack --silent @octokit/openapi >/dev/null && tar xzf octokit-openapi-*.tgz \
            && cp package/generated/api.github.com.json . && rm -rf package octokit-openapi-*.tgz)
    fi
    specs+=("github:$DATA/api.github.com.json")
fi
V2=$(ls "$ROOT"/../shared/reference/*v2*2026* 2>/dev/null | head -1 || true)
if [[ " $EXTRA " == *" v2 "* && -n "$V2" ]]; then
    specs+=("v2-whole:$V2")
fi

lines() { # dir: "all non-blank" over src/**.rs
    local all blank
    all=$(find "$1/src" -name '*.rs' -exec cat {} + | wc -l)
    blank=$(find "$1/src" -name '*.rs' -exec cat {} + | grep -c '^\s*$' || true)
    echo "$all $((all - blank))"
}

crates=()
for entry in "${specs[@]}"; do
    label=${entry%%:*}
    spec=${entry#*:}
    rm -rf "$OUT/ours-$label"
    "$CODEGEN" generate "$spec" --crate "$OUT/ours-$label" --name "ours-$label" >/dev/null 2>"$OUT/ours-$label.err" \
        && crates+=("ours-$label") || echo "ours $label: generation failed: $(tail -1 "$OUT/ours-$label.err")"
    if [ -n "$BEFORE" ]; then
        rm -rf "$OUT/ours-before-$label"
        "$BEFORE" generate "$spec" --crate "$OUT/ours-before-$label" --name "ours-before-$label" >/dev/null 2>"$OUT/ours-before-$label.err" \
            && crates+=("ours-before-$label") \
            || echo "ours (before) $label: generation failed: $(tail -1 "$OUT/ours-before-$label.err")"
    fi
    if [ "$label" != v2-whole ]; then
        rm -rf "$OUT/progenitor-$label"
        "$TOOLS/bin/cargo-progenitor" progenitor -i "$spec" -o "$OUT/progenitor-$label" -n "p_${label//-/_}" -v 0.1.0 \
            >/dev/null 2>"$OUT/progenitor-$label.err" \
            && printf '\n[workspace]\n' >> "$OUT/progenitor-$label/Cargo.toml" \
            && crates+=("progenitor-$label") \
            || echo "progenitor $label: generation failed: $(tail -1 "$OUT/progenitor-$label.err")"
    fi
done

echo "::: dependencies of each crate (built once, not timed)"
for crate in "${crates[@]}"; do
    export CARGO_TARGET_DIR=$(target_of "$crate")
    (cd "$OUT/$crate" && cargo check -q 2>/dev/null) || { echo "$crate: cargo check fails:"; (cd "$OUT/$crate" && cargo check 2>&1 | tail -5) || true; }
    if [ -n "$BUILD" ]; then (cd "$OUT/$crate" && cargo build -q) || true; fi
done

echo "::: lines (all, non-blank)"
for crate in "${crates[@]}"; do
    echo "$crate $(lines "$OUT/$crate")"
done

timed() { # crate, cargo subcommand: prints "seconds peak-MB"
    touch "$OUT/$1/src/lib.rs"
    (cd "$OUT/$1" && CARGO_TARGET_DIR=$(target_of "$1") /usr/bin/time -f "%e %M" -o "$OUT/time.txt" cargo "$2" -q >/dev/null 2>"$OUT/cargo.err") \
        || { echo "failed: $(tail -1 "$OUT/cargo.err")"; return; }
    read -r secs kb < "$OUT/time.txt"
    echo "$secs $((kb / 1024))"
}

echo "::: cargo check of the generated crate alone, touching src/lib.rs; $ROUNDS rounds, alternating"
echo "| crate | round | check s | peak MB |"
echo "| --- | ---: | ---: | ---: |"
for round in $(seq 1 "$ROUNDS"); do
    for crate in "${crates[@]}"; do
        read -r secs mb <<< "$(timed "$crate" check)"
        echo "| $crate | $round | $secs | $mb |"
    done
done
if [ -n "$BUILD" ]; then
    echo "::: cargo build (debug) of the generated crate alone"
    for crate in "${crates[@]}"; do
        read -r secs mb <<< "$(timed "$crate" build)"
        echo "| $crate | build | $secs | $mb |"
    done
fi
