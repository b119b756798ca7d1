//! The `codegen` command-line tool.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::{Diagnostics, Generator, Settings, Spec};

/// Generates typed async Rust clients from OpenAPI 3.0, OpenAPI 3.1 and
/// Swagger 2.0 documents (YAML or JSON).
///
/// Diagnostics name the spec file, line and column, and the JSON pointer of
/// the offending node (`spec.yaml:12:5 (#/paths/~1users/get)`), and show the
/// line. Exit status: 0 on success, 1 when the
/// spec or config has errors (or `--check` finds a stale file), 2 on usage
/// errors. `diff` has its own: 0 nothing breaks, 1 something breaks, 2 error.
#[derive(Parser)]
#[command(name = "codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client and print it (or write it with -o, check a file
    /// with --check, or write a standalone crate with --crate).
    Generate {
        /// The OpenAPI or Swagger document.
        spec: PathBuf,
        /// A TOML config (operations, renames, envelope, auth, sensitive fields).
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Write the code to this file instead of standard output.
        #[arg(long, short, conflicts_with_all = ["check", "krate"])]
        output: Option<PathBuf>,
        /// Do not write anything: exit 1 unless FILE holds exactly what would be generated.
        #[arg(long, value_name = "FILE", conflicts_with = "krate")]
        check: Option<PathBuf>,
        /// The public API surface (signatures and fields, no bodies) instead of the code.
        #[arg(long, conflicts_with = "krate")]
        surface: bool,
        /// Write a standalone crate (Cargo.toml, src/, and the runtime it needs) into DIR.
        #[arg(long = "crate", value_name = "DIR")]
        krate: Option<PathBuf>,
        /// The package name of the crate (default: the spec's title in kebab-case).
        #[arg(long, requires = "krate")]
        name: Option<String>,
    },
    /// Load and check the spec without generating code; print diagnostics.
    Check {
        /// The OpenAPI or Swagger document.
        spec: PathBuf,
        /// A TOML config.
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
    /// Compare the clients two versions of a spec generate: what was added,
    /// removed or changed, and whether it breaks code written against OLD.
    /// Exit status: 0 nothing breaks, 1 something breaks, 2 error.
    Diff {
        /// The old version of the spec.
        old: PathBuf,
        /// The new version of the spec.
        new: PathBuf,
        /// A TOML config, used for both versions.
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Another config for the old version, when the config changed too.
        #[arg(long, value_name = "FILE")]
        old_config: Option<PathBuf>,
        /// A Markdown changelog (`text`) or the documented JSON report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How `diff` writes its report.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A changelog to paste into a pull request.
    Text,
    /// JSON in the format documented in `codegen::diff`.
    Json,
}

fn generator(config: Option<PathBuf>) -> Generator {
    let settings = match config {
        Some(path) => Settings::new().with_config_file(path),
        None => Settings::new(),
    };
    Generator::new(settings)
}

/// Prints diagnostics the way compilers do, with the offending line of the
/// spec or config (read again: only when there is something to show).
fn report(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprintln!("{}", diags.render(|file| std::fs::read_to_string(file).ok()));
    }
}

/// What `generate` does with the text it produced.
enum Sink {
    Stdout,
    File(PathBuf),
    Check(PathBuf),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, config, output, check, surface, krate, name } => {
            let generator = generator(config);
            let spec = match Spec::from_file(&spec) {
                Ok(spec) => spec,
                Err(diags) => {
                    report(&diags);
                    return ExitCode::FAILURE;
                }
            };
            if let Some(dir) = krate {
                return write_crate(&generator, &spec, &dir, name.as_deref());
            }
            let sink = match (output, check) {
                (Some(path), _) => Sink::File(path),
                (None, Some(path)) => Sink::Check(path),
                (None, None) => Sink::Stdout,
            };
            let text = if surface {
                generator.surface(&spec).map(|text| (text, Diagnostics::new()))
            } else {
                generator.render(&spec).map(|rendered| (rendered.code, rendered.warnings))
            };
            match text {
                Ok((text, warnings)) => {
                    report(&warnings);
                    emit(&spec, &text, sink)
                }
                Err(diags) => {
                    report(&diags);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { spec, config } => {
            let result = Spec::from_file(&spec).and_then(|spec| generator(config).check(&spec));
            match result {
                Ok(warnings) => {
                    report(&warnings);
                    eprintln!("{}: ok ({} warnings)", spec.display(), warnings.len());
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Diff { old, new, config, old_config, format } => match diff(&old, &new, config, old_config) {
            Ok(diff) => {
                let text = match format {
                    Format::Text => diff.to_text(),
                    Format::Json => diff.to_json(),
                };
                if let Err(e) = write_stdout(&text) {
                    eprintln!("error: cannot write the report: {e}");
                    return ExitCode::from(2);
                }
                ExitCode::from(u8::from(diff.breaking))
            }
            Err(diags) => {
                report(&diags);
                eprintln!("error: cannot compare {} with {}", old.display(), new.display());
                ExitCode::from(2)
            }
        },
    }
}

/// Loads both specs (reporting the errors of both) and compares them.
fn diff(
    old: &Path,
    new: &Path,
    config: Option<PathBuf>,
    old_config: Option<PathBuf>,
) -> Result<codegen::diff::Report, Diagnostics> {
    let new_generator = generator(config);
    let old_generator = old_config.map(|path| generator(Some(path)));
    let (old, new) = match (Spec::from_file(old), Spec::from_file(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(mut errors), Err(more)) => {
            errors.extend(more);
            return Err(errors);
        }
        (Err(errors), _) | (_, Err(errors)) => return Err(errors),
    };
    new_generator.diff_from(old_generator.as_ref().unwrap_or(&new_generator), &old, &new)
}

fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Prints, writes or checks the generated text.
fn emit(spec: &Spec, text: &str, sink: Sink) -> ExitCode {
    let written = match sink {
        Sink::Stdout => write_stdout(text),
        Sink::File(path) => codegen::write_if_changed(&path, text),
        Sink::Check(path) => {
            return match codegen::stale::check_file(&path, text) {
                Ok(()) => {
                    eprintln!("{}: up to date with {}", path.display(), spec.name);
                    ExitCode::SUCCESS
                }
                Err(stale) => {
                    eprintln!("error: {stale}");
                    eprintln!("hint: regenerate it from {} (same options, `-o` instead of `--check`)", spec.name);
                    ExitCode::FAILURE
                }
            };
        }
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the output: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn write_crate(generator: &Generator, spec: &Spec, dir: &Path, name: Option<&str>) -> ExitCode {
    let (krate, warnings) = match generator.standalone(spec, name) {
        Ok(result) => result,
        Err(diags) => {
            report(&diags);
            return ExitCode::FAILURE;
        }
    };
    report(&warnings);
    match krate.write(dir) {
        Ok(written) => {
            eprintln!(
                "crate `{}` in {}: {} of {} files written (the others were up to date)",
                krate.name,
                dir.display(),
                written.len(),
                krate.files.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the crate into {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
