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
    /// Check everything a build checks, drafts included, without writing anything.
    Check {
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Leave drafts out, as `build` does without `--drafts`.
        #[arg(long)]
        no_drafts: bool,
        /// Drafts are checked by default; kept so older scripts still run.
        #[arg(long, hide = true, conflicts_with = "no_drafts")]
        drafts: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build in memory, serve it and rebuild on every change, with live reload.
    Serve {
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on.
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
    /// Create a new site that uses the built-in theme.
    Init {
        /// The folder to make the site in; it must be empty or not exist.
        dir: PathBuf,
    },
    /// Copy built-in templates or assets into the site to change them.
    Eject {
        /// Templates or assets to copy (`briefing.html`, `partials`,
        /// `css/site.css`); none copies them all. Existing files are never
        /// overwritten.
        names: Vec<String>,
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List the built-in templates and assets instead of copying.
        #[arg(long)]
        list: bool,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// A draft briefing, content/briefings/<slug>.md, dated today.
    Briefing {
        /// The headline; the file name is made from it.
        title: String,
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A glossary entry, content/glossary/<slug>.md.
    Entry {
        /// The entry's canonical name; its id and file name are made from it.
        name: String,
        /// What the entry is.
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// The site folder (holding site.toml).
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
    return_freed_memory_sooner();
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
                drafts: drafts.then_some(true),
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
            no_drafts,
            drafts: _,
            format,
        } => check(&root, !no_drafts, format),
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
                NewWhat::Entry {
                    kind: None, name, ..
                } => {
                    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    eprintln!(
                        "error: say what the entry is with --kind: {}\n  e.g. dossier new entry {:?} --kind {}",
                        kinds.join(", "),
                        name,
                        kinds[0]
                    );
                    return ExitCode::from(2);
                }
                NewWhat::Entry {
                    name,
                    kind: Some(kind),
                    root,
                } => scaffold::new_entry(&root, &name, kind),
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
                    "Created a site in {} ({} files) using the built-in theme.\n\
                     Build it with: dossier build --root {}\n\
                     To change a template: dossier eject briefing.html --root {}",
                    dir.display(),
                    files.len(),
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Eject { names, root, list } => eject(&root, &names, list),
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

/// Asks mimalloc to hand freed memory back to the system after 50 ms
/// instead of its default second. A build frees each body's HTML as its
/// page is written, and with the default delay that memory stayed
/// counted: the peak of `build --no-search` at 10,000 briefings went from
/// 394-403 MiB to 367-370 MiB, at no measurable cost in time (tried: 1 ms
/// cost a tenth of the build). `MIMALLOC_PURGE_DELAY` still wins when set.
fn return_freed_memory_sooner() {
    #[cfg(feature = "mimalloc")]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        /// `mi_option_purge_delay` in mimalloc's `mi_option_e` (v2 and v3);
        /// the bindings have no name for it.
        const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
        // SAFETY: setting an option only stores a number mimalloc reads
        // when it next decides whether to purge.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 50) };
    }
}

fn build(root: &Path, overrides: Overrides, replace: Replace) -> ExitCode {
    match dossier::build(root, &overrides, replace) {
        Ok(report) => {
            print_capped(root, &report.warnings, report.left_out);
            println!(
                "Built {} briefings and {} glossary entries: {} pages ({} files) in {} ms",
                report.briefings,
                report.entries,
                report.pages,
                report.files,
                report.elapsed.as_millis()
            );
            if report.drafts_left_out > 0 {
                println!(
                    "Left out {} draft{} (build with --drafts to include {}).",
                    report.drafts_left_out,
                    plural(report.drafts_left_out),
                    if report.drafts_left_out == 1 {
                        "it"
                    } else {
                        "them"
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print_capped(root, &failed.0, failed.1);
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
        drafts: drafts.then_some(true),
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
            let warnings = diags.iter().filter(|d| d.is_warning()).count();
            let notes = diags.iter().filter(|d| d.is_note()).count();
            let notes = if notes == 0 {
                String::new()
            } else {
                format!(", {notes} note{}", plural(notes))
            };
            eprintln!(
                "{errors} error{}, {warnings} warning{}{notes}",
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

fn eject(root: &Path, names: &[String], list: bool) -> ExitCode {
    if list {
        for b in scaffold::ejectable() {
            println!("{:<28} -> {}", b.name, b.dest);
        }
        return ExitCode::SUCCESS;
    }
    match scaffold::eject(root, names) {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!(
                "Copied {} file{}; they now override the built-in ones.",
                files.len(),
                plural(files.len())
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prints diagnostics with the offending line, coloured only on a terminal.
///
/// A large site can have a hundred thousand warnings: each file is read
/// once, the messages are rendered in parallel and written in one stream,
/// in their sorted order.
fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    let shown: Vec<&Diagnostic> = diags.iter().collect();
    dossier::diagnostics::eprint(root, &shown, use_color());
}

/// Like [`print_diagnostics`], but past the first warnings and notes only
/// their number: a build's summary line stays in view on a large site.
/// `left_out`: how many the build counted without keeping them.
fn print_capped(root: &Path, diags: &[Diagnostic], left_out: usize) {
    let (shown, rest) = dossier::diagnostics::capped(diags);
    let rest = rest + left_out;
    dossier::diagnostics::eprint(root, &shown, use_color());
    if rest > 0 {
        eprintln!(
            "… and {rest} more warning{} or note{}; `dossier check` lists them all",
            plural(rest),
            plural(rest)
        );
    }
}

fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
