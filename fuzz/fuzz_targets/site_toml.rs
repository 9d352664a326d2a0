//! `site.toml`: any text gives a configuration or diagnostics, never a panic.
#![no_main]

use std::path::Path;

use dossier::config::{Config, Overrides};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        let _ = dossier::config::decode(data, Path::new("site.toml"));
        return;
    };
    let _ = Config::parse(
        text,
        Path::new("site.toml"),
        Path::new("/site"),
        &Overrides::default(),
    );
});
