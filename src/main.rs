//! The `dossier` command line: parse arguments, run one command, print its
//! diagnostics and exit with a code that says how it went.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier::config::Overrides;
use dossier::diagnostics::Diagnostic;

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let overrides = Overrides {
                output_dir: output,
                base_url,
                drafts,
            };
            match dossier::build(&root, &overrides) {
                Ok(report) => {
                    print_diagnostics(&root, &report.warnings);
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
                    print_diagnostics(&root, &failed.0);
                    let errors = failed.0.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "Build failed with {errors} error{}; the previous output was left as it was.",
                        if errors == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Prints diagnostics with the offending line, coloured only on a terminal.
fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diags {
        let source = std::fs::read_to_string(root.join(&d.path)).ok();
        eprintln!("{}", d.render(source.as_deref(), color));
    }
}
