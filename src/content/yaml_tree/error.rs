//! The error type of the tree deserializer, with serde's messages put in
//! an analyst's words: "expected text, found a list" rather than "invalid
//! type: sequence, expected a string", and never a Rust type name.

use std::fmt;

use serde::de::{self, Expected, Unexpected};

use crate::diagnostics::{Pos, did_you_mean};
use crate::serde_errors;

/// One problem found while reading the tree into typed front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: Option<String>,
    pub pos: Option<Pos>,
    /// How many characters the offending text spans, when known.
    pub len: Option<usize>,
}

/// The error type of the tree deserializer.
#[derive(Debug, Clone)]
pub struct Error {
    pub(super) problem: Problem,
    /// The key a `missing field` error is about.
    pub(super) missing: Option<String>,
    /// Already in the list of problems.
    pub(super) recorded: bool,
    /// Already left out for the next round.
    pub(super) handled: bool,
    /// About a key (unknown or repeated): placed at the key.
    pub(super) about_key: bool,
}

impl Error {
    fn new(message: String, help: Option<String>) -> Self {
        Error {
            problem: Problem {
                message,
                help,
                pos: None,
                len: None,
            },
            missing: None,
            recorded: false,
            handled: false,
            about_key: false,
        }
    }

    pub(super) fn at(mut self, pos: Pos) -> Self {
        self.problem.pos.get_or_insert(pos);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let message = msg.to_string();
        let help = serde_errors::suggestion(&message);
        Error::new(serde_errors::headline(&message), help)
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Error::new(
            format!("expected {}, found {}", expected(exp), unexpected(&unexp)),
            None,
        )
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Error::new(
            format!(
                "{} is not allowed here: expected {}",
                unexpected(&unexp),
                expected(exp)
            ),
            None,
        )
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        Error::new(
            format!("{len} items given, expected {}", expected(exp)),
            None,
        )
    }

    fn unknown_variant(variant: &str, choices: &'static [&'static str]) -> Self {
        let help = did_you_mean(variant, choices.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", choices.join(", ")));
        let mut e = Error::new(format!("unknown value `{variant}`"), Some(help));
        e.problem.len = Some(variant.chars().count());
        e
    }

    fn unknown_field(field: &str, choices: &'static [&'static str]) -> Self {
        let help = did_you_mean(field, choices.iter().copied())
            .unwrap_or_else(|| format!("allowed keys here: {}", choices.join(", ")));
        let mut e = Error::new(format!("unknown key `{field}`"), Some(help));
        e.problem.len = Some(field.chars().count());
        e.about_key = true;
        e
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e = Error::new(
            format!("missing field `{field}`"),
            Some(format!("add a line `{field}: …`")),
        );
        e.missing = Some(field.to_string());
        e
    }

    fn duplicate_field(field: &'static str) -> Self {
        let mut e = Error::new(
            format!("duplicate key `{field}`"),
            Some("each key may appear once; remove one of them".to_string()),
        );
        e.problem.len = Some(field.chars().count());
        e.about_key = true;
        e
    }
}

/// What serde expected, in an analyst's words.
fn expected(exp: &dyn Expected) -> String {
    let text = exp.to_string();
    match text.as_str() {
        "a string" | "a borrowed string" | "a character" | "a char" => "text".to_string(),
        "a sequence" => "a list".to_string(),
        "a boolean" => "true or false".to_string(),
        "a map" => "`key: value` lines".to_string(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "a whole number".to_string()
        }
        "f32" | "f64" => "a number".to_string(),
        t if t.starts_with("struct ") => "`key: value` lines".to_string(),
        t if t.starts_with("enum ") => "one of the allowed values".to_string(),
        _ => text,
    }
}

/// What was found instead, in an analyst's words.
fn unexpected(unexp: &Unexpected<'_>) -> String {
    match unexp {
        Unexpected::Bool(b) => format!("`{b}`"),
        Unexpected::Unsigned(n) => format!("the number `{n}`"),
        Unexpected::Signed(n) => format!("the number `{n}`"),
        Unexpected::Float(n) => format!("the number `{n}`"),
        Unexpected::Char(c) => format!("`{c}`"),
        Unexpected::Str(s) => format!("the text `{s}`"),
        Unexpected::Bytes(_) => "binary data".to_string(),
        Unexpected::Unit | Unexpected::Option => "an empty value".to_string(),
        Unexpected::Seq => "a list".to_string(),
        Unexpected::Map => "`key: value` lines".to_string(),
        Unexpected::Other(o) => (*o).to_string(),
        _ => "something else".to_string(),
    }
}
