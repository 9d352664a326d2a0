//! Turns serde's error messages into diagnostics people can act on.
//!
//! serde reports an unknown key or variant as "unknown field `draft`,
//! expected one of `title`, `drafts`". That list is all we need for a
//! did-you-mean, so both the TOML and the YAML front ends pass their
//! messages through here instead of each guessing at suggestions.

use crate::diagnostics::did_you_mean;

/// The first line of the message, without the trailing list of expected names.
pub fn headline(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.find(", expected") {
        Some(i) if first.starts_with("unknown ") => first[..i].to_string(),
        _ => first.to_string(),
    }
}

/// A did-you-mean for an unknown field or variant, else the list of choices.
pub fn suggestion(message: &str) -> Option<String> {
    let first = message.lines().next().unwrap_or(message);
    if !first.starts_with("unknown field") && !first.starts_with("unknown variant") {
        return None;
    }
    let wanted = backticked(first).into_iter().next()?;
    let expected_at = first.find(", expected")?;
    let expected = backticked(&first[expected_at..]);
    if expected.is_empty() {
        return Some("this key is not allowed here; remove it".to_string());
    }
    did_you_mean(wanted, expected.iter().copied()).or_else(|| {
        let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
        Some(format!("expected one of {}", list.join(", ")))
    })
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_gets_nearest_name() {
        let m = "unknown field `sumary`, expected one of `title`, `summary`, `date`";
        assert_eq!(headline(m), "unknown field `sumary`");
        assert_eq!(suggestion(m).as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn far_off_names_get_the_list() {
        let m = "unknown variant `zzz`, expected `allow` or `escape`";
        assert_eq!(
            suggestion(m).as_deref(),
            Some("expected one of `allow`, `escape`")
        );
    }

    #[test]
    fn other_messages_pass_through() {
        assert_eq!(headline("missing field `title`"), "missing field `title`");
        assert_eq!(suggestion("missing field `title`"), None);
    }
}
