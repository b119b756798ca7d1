#!/usr/bin/env python3
"""Summarises a `cargo build --timings` report: the total, the slowest
units, and what the build-time generator costs (the codegen crate, its
dependencies that only it needs, and running the build script).

Usage: bench/timings.py cargo-timing.html [generator-only-crate,...]"""
import json
import re
import sys

html = open(sys.argv[1], encoding="utf-8").read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
total = max(u["start"] + u["duration"] for u in units)
print(f"total wall time: {total:.1f} s over {len(units)} units, {sum(u['duration'] for u in units):.1f} s of unit time")
print("slowest units:")
for u in sorted(units, key=lambda u: -u["duration"])[:8]:
    print(f"  {u['duration']:6.1f} s  {u['name']} {u.get('target', '').strip()}")
# The crates only the generator needs: given as a comma-separated list (bench/cold-build.sh computes it with
# `cargo tree`), else the list as of this writing.
generator_only = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else {
    "codegen", "openapiv3", "serde_norway", "unsafe-libyaml-norway", "toml", "toml_parser", "toml_datetime",
    "serde_spanned", "winnow", "heck", "prettyplease", "saphyr-parser", "arraydeque", "unicode-width", "indexmap",
    "hashbrown", "equivalent"}
mine = [u for u in units if u["name"] in generator_only]
build = [u for u in units if u["name"] == "iamport-certification" and "build" in u.get("target", "")]
cpu = sum(u["duration"] for u in mine) + sum(u["duration"] for u in build)
print(f"generator and its own dependencies (+ the build script): {cpu:.1f} s of compile/run time "
      f"({100 * cpu / sum(u['duration'] for u in units):.0f}% of all unit time)")
for u in build:
    print(f"  build script unit: {u['duration']:.2f} s ({u.get('target', '').strip()})")
