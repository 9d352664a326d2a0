//! Integration tests: fixture sites under `tests/fixtures/` are copied to a
//! temporary directory, built, and the output inspected.

mod authoring;
mod build;
mod crosslink;
mod errors;
mod golden;
mod output;
mod publish;
mod search;
mod serve;
mod util;
mod worst_case;
