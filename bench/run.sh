#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md and prints the tables.
#
#   bench/run.sh            everything (about 20 minutes on 2 cores)
#   bench/run.sh --quick    skip progenitor and the cold-build timings
#
# Fetches what it compares against into target/ (never committed): GitHub's
# OpenAPI document from npm (@octokit/openapi) and cargo-progenitor from
# crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/target/bench-data
TOOLS=$ROOT/target/bench-tools
QUICK=${1:-}
mkdir -p "$DATA" "$TOOLS"

if [ ! -f "$DATA/api.github.com.json" ]; then
    echo "::: fetching GitHub's OpenAPI document (npm @octokit/openapi)"
    (cd "$DATA" && npm pack --silent @octokit/openapi >/dev/null && tar xzf octokit-openapi-*.tgz \
        && cp package/generated/api.github.com.json . && rm -rf package octokit-openapi-*.tgz)
fi

echo "::: building (release)"
cargo build --release -q -p codegen -p codegen-bench --bins --examples
CODEGEN=$ROOT/target/release/codegen

echo "::: generator stages (median of 5 runs; peak heap of one run)"
"$ROOT/target/release/stages" --runs 5

echo "::: divan: stages on the certification spec and the synthetic family"
cargo bench -q -p codegen-bench --bench generate

echo "::: divan: per-call overhead of the generated client against hand-written reqwest"
cargo bench -q -p codegen-bench --bench client

SYN=$DATA/synthetic
mkdir -p "$SYN"
for n in 100 1000 10000; do
    "$ROOT/target/release/examples/synthetic" "$n" > "$SYN/synthetic-$n.json"
done

measure() { # label, command...: prints seconds and peak RSS (MB)
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$SYN/time.txt" "$@" >/dev/null 2>"$SYN/err.txt" || { echo "| $label | failed: $(tail -1 "$SYN/err.txt") |"; return; }
    read -r secs kb < "$SYN/time.txt"
    echo "| $label | $secs | $((kb / 1024)) |"
}

echo "::: whole process: codegen on the synthetic family and GitHub's document"
echo "| run | seconds | peak RSS MB |"
echo "| --- | ---: | ---: |"
for n in 100 1000 10000; do
    measure "codegen synthetic-$n" "$CODEGEN" generate "$SYN/synthetic-$n.json" -o "$SYN/codegen-$n.rs"
done
measure "codegen api.github.com" "$CODEGEN" generate "$DATA/api.github.com.json" -o "$SYN/codegen-github.rs"
for n in 100 1000 10000; do echo "lines codegen synthetic-$n: $(wc -l < "$SYN/codegen-$n.rs")"; done

echo "::: OpenAPI 3.1: GitHub's description converted to 3.1 by openapi-format, beside the 3.0 original"
GH31=$ROOT/target/equivalence/out/api.github.com.3.1.json
GH30=$(ls "$ROOT"/target/equivalence/octokit-openapi-*/package/generated/api.github.com.json 2>/dev/null | head -1)
if [ ! -f "$GH31" ] || [ -z "$GH30" ]; then
    python3 tests/corpus/equivalence.py --only api.github.com --codegen "$CODEGEN" --out "$SYN/equivalence.md" >/dev/null
    GH30=$(ls "$ROOT"/target/equivalence/octokit-openapi-*/package/generated/api.github.com.json | head -1)
fi
echo "| run | seconds | peak RSS MB |"
echo "| --- | ---: | ---: |"
for _ in 1 2 3; do
    measure "codegen api.github.com (3.0.3 original)" "$CODEGEN" generate "$GH30" -o "$SYN/github-30.rs"
    measure "codegen api.github.com (3.1 conversion)" "$CODEGEN" generate "$GH31" -o "$SYN/github-31.rs"
done
OPENAI=$ROOT/target/corpus/openapi31/openai+openai-openapi/openapi.yaml
if [ -f "$OPENAI" ]; then
    for _ in 1 2 3; do measure "codegen OpenAI (3.1, YAML)" "$CODEGEN" generate "$OPENAI" -o "$SYN/openai.rs"; done
else
    echo "OpenAI's 3.1 document is not in target/corpus/openapi31 (see tests/corpus/openapi31.json): not measured"
fi
echo "lines codegen api.github.com: $(wc -l < "$SYN/codegen-github.rs")"

echo "::: cargo check of the generated 1,000-operation crate (dependencies built first)"
"$CODEGEN" generate "$SYN/synthetic-1000.json" --crate "$SYN/crate-1000" --name synthetic-1000 >/dev/null
(cd "$SYN/crate-1000" && CARGO_TARGET_DIR=$SYN/crate-target cargo check -q 2>/dev/null; touch src/client.rs \
    && /usr/bin/time -f "cargo check of the generated crate alone: %e s, %M KB" env CARGO_TARGET_DIR=$SYN/crate-target cargo check -q)
"$CODEGEN" generate "$DATA/api.github.com.json" --crate "$SYN/crate-github" --name github >/dev/null
(cd "$SYN/crate-github" && CARGO_TARGET_DIR=$SYN/crate-target cargo check -q 2>/dev/null; touch src/client.rs \
    && /usr/bin/time -f "cargo check of the GitHub crate alone: %e s, %M KB" env CARGO_TARGET_DIR=$SYN/crate-target cargo check -q)

echo "::: build script: generation time for our spec, and a no-change rebuild"
(cd "$ROOT" && cargo build -q && touch spec/iamport-certification.yaml \
    && /usr/bin/time -f "rebuild after touching the spec: %e s" cargo build -q \
    && /usr/bin/time -f "no-change rebuild: %e s" cargo build -q \
    && cargo build -vv 2>&1 | grep -E "Fresh iamport-certification|Running .*build-script" | head -3)

if [ "$QUICK" = "--quick" ]; then exit 0; fi

if [ ! -x "$TOOLS/bin/cargo-progenitor" ]; then
    echo "::: installing cargo-progenitor (crates.io) into target/bench-tools"
    cargo install -q --root "$TOOLS" cargo-progenitor
fi
echo "::: progenitor on the same inputs"
echo "| run | seconds | peak RSS MB |"
echo "| --- | ---: | ---: |"
for n in 100 1000 10000; do
    rm -rf "$SYN/progenitor-$n"
    measure "progenitor synthetic-$n" "$TOOLS/bin/cargo-progenitor" progenitor -i "$SYN/synthetic-$n.json" -o "$SYN/progenitor-$n" -n "p$n" -v 0.1.0
    [ -d "$SYN/progenitor-$n" ] && echo "lines progenitor synthetic-$n: $(cat "$SYN/progenitor-$n"/src/*.rs | wc -l)"
done
rm -rf "$SYN/progenitor-github"
measure "progenitor api.github.com" "$TOOLS/bin/cargo-progenitor" progenitor -i "$DATA/api.github.com.json" -o "$SYN/progenitor-github" -n github -v 0.1.0

echo "::: cold build of the root crate with --timings (report kept in target/bench-data/cargo-timing.html)"
rm -rf "$ROOT/target/cold"
/usr/bin/time -f "cold cargo build of the root crate: %e s" env CARGO_TARGET_DIR="$ROOT/target/cold" cargo build -q --timings
cp "$ROOT"/target/cold/cargo-timings/cargo-timing.html "$DATA/cargo-timing.html"
python3 "$ROOT/bench/timings.py" "$DATA/cargo-timing.html"
rm -rf "$ROOT/target/cold"
