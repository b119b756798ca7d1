//! The `codegen` command-line tool.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::{Diagnostics, Generator, Settings, Spec};

/// Generates typed async Rust clients from OpenAPI 3.0 documents (YAML or JSON).
///
/// Diagnostics name the spec file and the JSON pointer of the offending node
/// (`spec.yaml#/paths/~1users/get`). Exit status: 0 on success, 1 when the
/// spec or config has errors, 2 on usage errors.
#[derive(Parser)]
#[command(name = "codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client and print it (or write it with -o).
    Generate {
        /// The OpenAPI document.
        spec: PathBuf,
        /// A TOML config (operations, renames, envelope, auth, sensitive fields).
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// Write the code to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Load and check the spec without generating code; print diagnostics.
    Check {
        /// The OpenAPI document.
        spec: PathBuf,
        /// A TOML config.
        #[arg(long, short)]
        config: Option<PathBuf>,
    },
}

fn generator(config: Option<PathBuf>) -> Generator {
    let settings = match config {
        Some(path) => Settings::new().with_config_file(path),
        None => Settings::new(),
    };
    Generator::new(settings)
}

fn report(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprintln!("{diags}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, config, output } => {
            let result = generator(config).render_file(&spec);
            match result {
                Ok(rendered) => {
                    report(&rendered.warnings);
                    let written = match &output {
                        Some(path) => codegen::write_if_changed(path, &rendered.code),
                        None => {
                            use std::io::Write;
                            std::io::stdout().write_all(rendered.code.as_bytes())
                        }
                    };
                    if let Err(e) = written {
                        eprintln!("error: cannot write the output: {e}");
                        return ExitCode::FAILURE;
                    }
                    ExitCode::SUCCESS
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
    }
}
