//! Integration tests: fixture sites under `tests/fixtures/` are copied to a
//! temporary directory, built, and the output inspected.

mod authoring;
mod build;
mod coverage;
mod crosslink;
mod errors;
mod golden;
mod hardening;
mod incremental;
mod output;
mod pages;
mod properties;
mod publish;
mod reading;
mod search;
mod serve;
mod util;
mod worst_case;
