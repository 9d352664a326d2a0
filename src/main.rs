//! The `dossier` command line: parse arguments, run one command, print its
//! diagnostics and exit with a code that says how it went.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use dossier::config::Overrides;
use dossier::content::Kind;
use dossier::diagnostics::Diagnostic;
use dossier::output::Replace;
use dossier::scaffold;

// Rendering allocates many short-lived strings and maps from every thread;
// mimalloc's per-thread heaps make that markedly cheaper than glibc's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "A static site generator for annotated briefings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory.
    Build {
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: build.output_dir of site.toml).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url of site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include briefings marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Leave out the search index (quicker local builds).
        #[arg(long)]
        no_search: bool,
        /// Replace the output folder even if dossier did not make it
        /// (everything in it is deleted).
        #[arg(long)]
        force: bool,
    },
    /// Check everything a build checks, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include drafts in the check.
        #[arg(long)]
        drafts: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build in memory, serve it and rebuild on every change, with live reload.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; keep 127.0.0.1 unless others must reach it.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Serve drafts too (on by default while writing).
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        drafts: bool,
    },
    /// Create a briefing or a glossary entry from a skeleton.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Create a new site in DIR (which must be empty or not exist).
    Init { dir: PathBuf },
}

#[derive(Subcommand)]
enum NewWhat {
    /// content/briefings/<slug>.md, dated today.
    Briefing {
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/glossary/<slug>.md.
    Entry {
        name: String,
        #[arg(long, value_enum)]
        kind: Kind,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    no_huge_pages();
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_search,
            force,
        } => build(
            &root,
            Overrides {
                output_dir: output,
                base_url,
                drafts,
                no_search,
            },
            if force {
                Replace::AnyFolder
            } else {
                Replace::OnlyOurs
            },
        ),
        Command::Check {
            root,
            drafts,
            format,
        } => check(&root, drafts, format),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => match dossier::serve::serve(dossier::serve::Options {
            root,
            port,
            bind,
            drafts,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::New { what } => {
            let made = match what {
                NewWhat::Briefing { title, root } => {
                    scaffold::new_briefing(&root, &title, &scaffold::today())
                }
                NewWhat::Entry { name, kind, root } => scaffold::new_entry(&root, &name, kind),
            };
            match made {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                println!(
                    "Created a site in {} ({} files). Build it with: dossier build --root {}",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Turns transparent huge pages off for this process. mimalloc asks the
/// kernel for them, and on a machine short of free memory each one costs a
/// compaction stall that outweighs what it saves (measured: about 15% of a
/// build's CPU time at 1,000 briefings).
fn no_huge_pages() {
    #[cfg(all(target_os = "linux", feature = "mimalloc"))]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn build(root: &Path, overrides: Overrides, replace: Replace) -> ExitCode {
    match dossier::build(root, &overrides, replace) {
        Ok(report) => {
            print_diagnostics(root, &report.warnings);
            println!(
                "Built {} briefings and {} glossary entries: {} pages ({} files) in {} ms",
                report.briefings,
                report.entries,
                report.pages,
                report.files,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print_diagnostics(root, &failed.0);
            let errors = failed.0.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Build failed with {errors} error{}; the previous output was left as it was.",
                plural(errors)
            );
            ExitCode::FAILURE
        }
    }
}

fn check(root: &Path, drafts: bool, format: Format) -> ExitCode {
    let overrides = Overrides {
        drafts,
        ..Overrides::default()
    };
    let (diags, ok) = match dossier::check(root, &overrides) {
        Ok(warnings) => (warnings, true),
        Err(failed) => (failed.0, false),
    };
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = diags
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "path": d.path.display().to_string(),
                        "line": d.pos.map(|p| p.line),
                        "column": d.pos.map(|p| p.col),
                        "severity": d.severity,
                        "message": d.message,
                        "help": d.help,
                    })
                })
                .collect();
            println!("{}", serde_json::Value::Array(items));
        }
        Format::Human => {
            print_diagnostics(root, &diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            eprintln!(
                "{errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prints diagnostics with the offending line, coloured only on a terminal.
fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags {
        let source = std::fs::read_to_string(root.join(&d.path)).ok();
        eprintln!("{}", d.render(source.as_deref(), color));
    }
}
