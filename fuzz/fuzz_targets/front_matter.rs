//! Front matter: splitting a file and reading its YAML into briefings,
//! glossary entries or the home page intro must never panic or hang. The
//! first byte picks which, so each run reads one.
#![no_main]

use std::path::Path;

use dossier::content::{BriefingFront, EntryFront, IndexFront, frontmatter, yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(split) = frontmatter::split(text) else {
        return;
    };
    let path = Path::new("content/briefings/fuzz.md");
    match which % 3 {
        0 => drop(yaml::parse::<BriefingFront>(split.yaml, path)),
        1 => drop(yaml::parse::<EntryFront>(split.yaml, path)),
        _ => drop(yaml::parse::<IndexFront>(split.yaml, path)),
    }
});
