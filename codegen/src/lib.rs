//! `codegen` turns an OpenAPI 3.0 or 3.1 document, or a Swagger 2.0 one
//! (YAML or JSON), into a typed async Rust client.
//!
//! The generator is a pipeline; [`Generator::generate`] reads like it:
//!
//! ```text
//! load   (file → openapiv3 model)                      load/
//! lower  (model + config → IR: names chosen, refs resolved)   lower/
//! emit   (IR → TokenStream, one small function per item)      emit/
//! render (syn::File → prettyplease → "@generated" header)     render.rs
//! ```
//!
//! Everything API-specific (which operations, names, the response envelope,
//! token authentication, sensitive fields, extra checks) comes from a
//! [`Config`], usually read from a TOML file. Generated code depends on the
//! `codegen-runtime` crate for HTTP execution, errors and redaction, and on
//! `serde` and `serde_json`.
//!
//! In a build script:
//!
//! ```no_run
//! let settings = codegen::Settings::new().with_config_file("spec/codegen.toml");
//! codegen::Generator::new(settings).build_script("spec/api.yaml", "client.rs");
//! ```
//!
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/client.rs"));`.
//!
//! When the API changes: [`Generator::diff`] reports what changes for the
//! client between two versions of a spec and whether it breaks callers
//! ([`diff`]); [`stale::check_file`] tells whether checked-in output is
//! current; [`Generator::standalone`] makes a crate of its own ([`standalone`]).

pub mod config;
pub mod diag;
#[cfg(feature = "tools")]
pub mod diff;
mod emit;
mod ident;
pub mod ir;
mod load;
mod lower;
mod parallel;
mod pointer;
mod render;
mod stack;
pub mod stale;
#[cfg(feature = "tools")]
pub mod standalone;
mod template;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

pub use config::Config;
pub use diag::{Diagnostic, Diagnostics, Location, Problem, Severity};
pub use load::{Format, PointerMap, Spec, Version, to_openapi3};

/// What to generate: the configuration, and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    config: Config,
    config_path: Option<PathBuf>,
    config_errors: Diagnostics,
}

impl Settings {
    /// Default settings: every operation, no envelope, no authentication.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `config`.
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Reads the configuration from a TOML file. Problems with the file are
    /// reported when generating.
    pub fn with_config_file(mut self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let name = path.display().to_string();
        let location = Location::root(&name);
        match std::fs::read_to_string(&path) {
            Ok(text) => match Config::from_toml(&text) {
                Ok(config) => self.config = config.named(name),
                Err(err) => {
                    let location = Location { position: err.position, ..location.at(err.pointer) };
                    self.config_errors.error(location, Problem::Config(err.message));
                }
            },
            Err(e) => self.config_errors.error(location, Problem::Io(e.to_string())),
        }
        self.config_path = Some(path);
        self
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The configuration file, if one was given.
    pub fn config_path(&self) -> Option<&Path> {
        self.config_path.as_deref()
    }
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The IR the code was emitted from.
    pub api: ir::Api,
    /// The code.
    pub tokens: TokenStream,
    /// What was tolerated on the way.
    pub warnings: Diagnostics,
}

/// Formatted source and its warnings.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The formatted Rust source, with its `@generated` header.
    pub code: String,
    /// What was tolerated on the way.
    pub warnings: Diagnostics,
}

/// Runs the pipeline with some [`Settings`].
#[derive(Debug, Clone, Default)]
pub struct Generator {
    settings: Settings,
}

impl Generator {
    /// A generator with these settings.
    pub fn new(settings: Settings) -> Self {
        Generator { settings }
    }

    /// Lowers `spec` only: the checks of `codegen check`. Returns the
    /// warnings on success.
    pub fn check(&self, spec: &Spec) -> Result<Diagnostics, Diagnostics> {
        self.lower(spec).map(|(_, warnings)| warnings)
    }

    /// The pure core: spec → tokens, no I/O.
    pub fn generate(&self, spec: &Spec) -> Result<Generated, Diagnostics> {
        let (api, warnings) = self.lower(spec)?;
        let tokens = emit::emit(&api);
        Ok(Generated { api, tokens, warnings })
    }

    /// The public API surface of the client for `spec`: methods with their
    /// signatures and types with their fields, formatted, without bodies or
    /// docs. Meant for reviewing API changes at a glance.
    pub fn surface(&self, spec: &Spec) -> Result<String, Diagnostics> {
        stack::run(|| self.surface_here(spec))
    }

    fn surface_here(&self, spec: &Spec) -> Result<String, Diagnostics> {
        let generated = self.generate(spec)?;
        let tokens = emit::surface(&generated.api);
        syn::parse2::<syn::File>(tokens).map(|file| prettyplease::unparse(&file)).map_err(|e| {
            let mut diags = generated.warnings;
            diags.error(
                Location::root(&spec.name),
                Problem::Unsupported(format!("the API surface does not parse: {e}")),
            );
            diags
        })
    }

    /// Generates and formats the code for `spec`: lower, then emit and
    /// render together, in parallel chunks (the same text as
    /// [`render_tokens`] of [`Generator::generate`]'s tokens).
    pub fn render(&self, spec: &Spec) -> Result<Rendered, Diagnostics> {
        stack::run(|| self.render_here(spec))
    }

    fn render_here(&self, spec: &Spec) -> Result<Rendered, Diagnostics> {
        let (api, warnings) = self.lower(spec)?;
        match render::render_api(&api, &spec.name) {
            Ok(code) => Ok(Rendered { code, warnings }),
            Err(message) => {
                let mut diags = warnings;
                diags.error(Location::root(&spec.name), Problem::Unsupported(message));
                Err(diags)
            }
        }
    }

    #[cfg(feature = "tools")]
    /// What changes for the client between `old` and `new`, both generated
    /// with these settings (see [`diff`]). Errors of both specs are reported
    /// together.
    pub fn diff(&self, old: &Spec, new: &Spec) -> Result<diff::Report, Diagnostics> {
        self.diff_from(self, old, new)
    }

    #[cfg(feature = "tools")]
    /// Like [`Generator::diff`], but the old client is generated by
    /// `old_generator`: for when the config changed along with the spec.
    pub fn diff_from(&self, old_generator: &Generator, old: &Spec, new: &Spec) -> Result<diff::Report, Diagnostics> {
        let mut config_errors = old_generator.settings.config_errors.clone();
        if !std::ptr::eq(old_generator, self) {
            config_errors.extend(self.settings.config_errors.clone());
        }
        if !config_errors.is_empty() {
            return Err(config_errors);
        }
        match (old_generator.lower(old), self.lower(new)) {
            (Ok((old, _)), Ok((new, _))) => Ok(stack::run(|| diff::diff(&old, &new))),
            (Err(mut errors), Err(more)) => {
                errors.extend(more);
                Err(errors)
            }
            (Err(errors), _) | (_, Err(errors)) => Err(errors),
        }
    }

    #[cfg(feature = "tools")]
    /// Reads the specs at `old` and `new` and compares their clients (see
    /// [`Generator::diff`]).
    pub fn diff_files(&self, old: impl AsRef<Path>, new: impl AsRef<Path>) -> Result<diff::Report, Diagnostics> {
        match (Spec::from_file(old.as_ref()), Spec::from_file(new.as_ref())) {
            (Ok(old), Ok(new)) => self.diff(&old, &new),
            (Err(mut errors), Err(more)) => {
                errors.extend(more);
                Err(errors)
            }
            (Err(errors), _) | (_, Err(errors)) => Err(errors),
        }
    }

    #[cfg(feature = "tools")]
    /// A standalone crate for the client of `spec` (see [`standalone`]),
    /// named `name` or after the spec's title. Returns it with the warnings.
    pub fn standalone(&self, spec: &Spec, name: Option<&str>) -> Result<(standalone::Crate, Diagnostics), Diagnostics> {
        stack::run(|| self.standalone_here(spec, name))
    }

    #[cfg(feature = "tools")]
    fn standalone_here(
        &self,
        spec: &Spec,
        name: Option<&str>,
    ) -> Result<(standalone::Crate, Diagnostics), Diagnostics> {
        let (api, warnings) = self.lower(spec)?;
        let code = render::render_api(&api, &spec.name);
        match code.and_then(|code| standalone::build(&api, &code, &spec.name, name)) {
            Ok(krate) => Ok((krate, warnings)),
            Err(message) => {
                let mut diags = warnings;
                diags.error(Location::root(&spec.name), Problem::Unsupported(message));
                Err(diags)
            }
        }
    }

    /// Reads the spec at `path` and renders its client.
    pub fn render_file(&self, path: impl AsRef<Path>) -> Result<Rendered, Diagnostics> {
        let spec = Spec::from_file(path.as_ref())?;
        self.render(&spec)
    }

    /// The lower stage alone: `spec` → the IR, with the warnings.
    pub fn lower(&self, spec: &Spec) -> Result<(ir::Api, Diagnostics), Diagnostics> {
        stack::run(|| self.lower_here(spec))
    }

    fn lower_here(&self, spec: &Spec) -> Result<(ir::Api, Diagnostics), Diagnostics> {
        if !self.settings.config_errors.is_empty() {
            return Err(self.settings.config_errors.clone());
        }
        // Lowering sees the converted document; point back into the user's file.
        let remap = |mut diags: Diagnostics| {
            diags.map_pointers(&spec.name, |p| spec.origin.original(p));
            if spec.version == Version::Swagger20 {
                diags.map_refs(&spec.name, load::swagger::original_ref);
            }
            spec.locate(&mut diags);
            diags
        };
        let (api, lowered, used) = lower::lower(spec, &self.settings.config).map_err(remap)?;
        // Loading warnings only about what is generated: a config that picks five
        // operations of a large vendor file should not print the quirks of the rest.
        let mut warnings = spec.warnings.filtered(|d| used.covers(&d.location.pointer));
        warnings.extend(remap(lowered));
        Ok((api, warnings))
    }

    /// For `build.rs`: generates the client for the spec at `spec` into
    /// `$OUT_DIR/<out_name>` (written only when it changed), tells cargo to
    /// rerun when the spec or the config changes, passes warnings on as
    /// `cargo:warning=`, and on errors prints them and exits with status 1.
    pub fn build_script(&self, spec: impl AsRef<Path>, out_name: &str) {
        let spec = spec.as_ref();
        println!("cargo:rerun-if-changed={}", spec.display());
        if let Some(config) = &self.settings.config_path {
            println!("cargo:rerun-if-changed={}", config.display());
        }
        let Some(out_dir) = std::env::var_os("OUT_DIR") else {
            eprintln!("error: OUT_DIR is not set; `build_script` is meant to run from a build script");
            std::process::exit(1);
        };
        match self.render_file(spec) {
            Ok(rendered) => {
                for warning in rendered.warnings.iter() {
                    for line in warning.to_string().lines() {
                        println!("cargo:warning={line}");
                    }
                }
                let out = Path::new(&out_dir).join(out_name);
                if let Err(e) = write_if_changed(&out, &rendered.code) {
                    eprintln!("error: cannot write {}: {e}", out.display());
                    std::process::exit(1);
                }
            }
            Err(diags) => {
                // The spec is read again for the offending lines: only on failure.
                eprintln!("{}", diags.render(|file| std::fs::read_to_string(file).ok()));
                eprintln!("error: could not generate the client from {}", spec.display());
                std::process::exit(1);
            }
        }
    }
}

/// The emit stage alone: IR → tokens (see [`Generator::generate`]).
pub fn emit(api: &ir::Api) -> TokenStream {
    emit::emit(api)
}

/// The render stage alone: tokens → formatted source with the `@generated`
/// header naming `source`. Unlike the [`Generator`]'s methods it runs on the
/// caller's stack (a token stream cannot move to another thread); the
/// depth it needs is that of the generated types, bounded by the
/// document's nesting.
pub fn render_tokens(tokens: TokenStream, source: &str) -> Result<String, String> {
    render::render(tokens, source)
}

/// Writes `content` to `path` unless the file already holds exactly that,
/// so that unchanged output does not trigger recompilation.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, content)
}
