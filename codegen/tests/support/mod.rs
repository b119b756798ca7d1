//! Running one generator case in a child process, so that a crash that
//! no `catch_unwind` can contain — an abort (a stack overflow) or a signal —
//! fails the property test with its input, like a panic does, instead of
//! taking the whole test binary down.
//!
//! The child is the test binary itself, running its ignored test
//! `isolated_case` with `CODEGEN_ISOLATED_CASE` naming the spec file; it
//! prints one line, `CASE-RESULT <json>`, and exits.

#![allow(dead_code)] // Each test binary uses its own part of the helpers.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::ir::{Api, TypeKind, TypeRef};
use codegen::{Generator, Settings, Spec};
use serde_json::{Value, json};

/// The variable that tells the child which file to generate.
pub const CASE_VARIABLE: &str = "CODEGEN_ISOLATED_CASE";
/// Case texts that make the child crash on purpose, to show that a crash
/// is seen: an abort, and a stack overflow.
pub const ABORT_PROBE: &str = "probe: abort";
pub const OVERFLOW_PROBE: &str = "probe: overflow";
const MARK: &str = "CASE-RESULT ";

/// How one case ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Code was generated; `broken` lists what would not compile in it.
    Generated { broken: Vec<String> },
    /// Refused: each error's file, pointer and message.
    Refused(Vec<(String, String, String)>),
    /// A panic, caught in the child.
    Panicked(String),
    /// The child died without answering: an abort or a signal.
    Crashed(String),
    /// No answer within the time limit.
    TimedOut,
}

/// The body of each binary's `isolated_case` test: generates the file
/// named by [`CASE_VARIABLE`] and prints the result line. Without the
/// variable it has nothing to do, which is why that test is ignored.
pub fn child() {
    let Some(path) = std::env::var_os(CASE_VARIABLE) else { return };
    let path = PathBuf::from(path);
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match text.as_str() {
        ABORT_PROBE => std::process::abort(),
        OVERFLOW_PROBE => {
            println!("{}", overflow(1));
            return;
        }
        _ => {}
    }
    let result = std::panic::catch_unwind(|| {
        let spec = Spec::from_text(&file, text)?;
        let generator = Generator::new(Settings::new());
        let (api, _) = generator.lower(&spec)?;
        generator.render(&spec).map(|_| broken_recursion(&api))
    });
    let line = match result {
        Ok(Ok(broken)) => json!({"generated": broken}),
        Ok(Err(diags)) => {
            let errors: Vec<Value> =
                diags.errors().map(|d| json!([d.location.file, d.location.pointer, d.problem.to_string()])).collect();
            json!({"refused": errors})
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            json!({"panicked": message})
        }
    };
    // libtest has already written `test isolated_case ... ` on this line.
    println!("\n{MARK}{line}");
}

/// Recurses until the stack runs out.
#[allow(unconditional_recursion)]
fn overflow(n: u64) -> u64 {
    let frame = std::hint::black_box([n; 64]);
    overflow(frame[0] + 1) + frame[1]
}

/// Runs `text` (named `file`) in a child of this test binary, which must
/// have an ignored `isolated_case` test calling [`child`]. The file is
/// written under `dir`.
pub fn run_isolated(dir: &Path, file: &str, text: &str, limit: Duration) -> Outcome {
    // A folder per test process, so that parallel runs do not share files and the child sees the name as given.
    let dir = dir.join(std::process::id().to_string());
    std::fs::create_dir_all(&dir).expect("the case folder can be made");
    let path = dir.join(file);
    std::fs::write(&path, text).expect("the case can be written");
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let mut child = Command::new(exe)
        .args(["isolated_case", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CASE_VARIABLE, &path)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test binary can run itself");
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    let _ = std::fs::remove_file(&path);
    let Some(status) = status else { return Outcome::TimedOut };
    let answer = stdout
        .lines()
        .find_map(|l| l.split_once(MARK).map(|(_, rest)| rest))
        .and_then(|l| serde_json::from_str::<Value>(l).ok());
    match answer {
        Some(Value::Object(map)) if status.success() => {
            if let Some(Value::Array(broken)) = map.get("generated") {
                let broken = broken.iter().filter_map(|b| b.as_str().map(str::to_owned)).collect();
                return Outcome::Generated { broken };
            }
            if let Some(Value::Array(errors)) = map.get("refused") {
                let text = |v: &Value, i: usize| v.get(i).and_then(Value::as_str).unwrap_or_default().to_owned();
                return Outcome::Refused(errors.iter().map(|e| (text(e, 0), text(e, 1), text(e, 2))).collect());
            }
            Outcome::Panicked(map.get("panicked").and_then(Value::as_str).unwrap_or_default().to_owned())
        }
        _ => {
            let tail: String = stderr.lines().rev().take(5).collect::<Vec<_>>().join(" | ");
            Outcome::Crashed(format!("{status}: {tail}"))
        }
    }
}

/// What in `api` would not compile because of recursion: a type that
/// contains itself without a `Box`, `Vec` or map in between (infinite
/// size), or an alias that expands to itself.
pub fn broken_recursion(api: &Api) -> Vec<String> {
    use std::collections::BTreeMap;
    let types: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    // Edges that need the target's size: unboxed struct fields and union members, and alias expansion.
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut alias_edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    fn direct(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(to) => Some(to.as_str()),
            _ => None,
        }
    }
    for (name, kind) in &types {
        let out: Vec<&str> = match kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.boxed).filter_map(|f| direct(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().filter(|v| !v.boxed).filter_map(|v| direct(&v.ty)).collect(),
            TypeKind::Alias(ty) => {
                let mut named = Vec::new();
                collect_named(ty, &mut named);
                alias_edges.insert(name, named);
                direct(ty).into_iter().collect()
            }
            _ => Vec::new(),
        };
        edges.insert(name, out);
    }
    let mut broken = Vec::new();
    for (graph, what) in [(&edges, "contains itself unboxed"), (&alias_edges, "is an alias of itself")] {
        for start in graph.keys() {
            // Is `start` reachable from itself?
            let mut stack: Vec<&str> = graph.get(start).cloned().unwrap_or_default();
            let mut seen = std::collections::BTreeSet::new();
            while let Some(node) = stack.pop() {
                if node == *start {
                    broken.push(format!("`{start}` {what}"));
                    break;
                }
                if seen.insert(node) {
                    stack.extend(graph.get(node).cloned().unwrap_or_default());
                }
            }
        }
    }
    broken
}

fn collect_named<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(name) => out.push(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => collect_named(inner, out),
        _ => {}
    }
}
