//! Splitting a content file into its YAML front matter and Markdown body.
//!
//! The split keeps byte offsets and line numbers, so that a problem found
//! later in the body (an unknown wikilink, say) can be reported at its line
//! in the original file.

/// A content file cut in two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// From the opening `---` to the end of the YAML (closing fence excluded).
    pub yaml: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// 1-based line on which the body starts.
    pub body_line: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("the file does not start with front matter")]
    Missing,
    #[error("the front matter is never closed")]
    Unclosed,
}

/// Splits `text` at its front matter fences (`---` lines).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').ok_or(SplitError::Missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let mut offset = first_end + 1;
    let mut line = 2;
    while offset <= text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[offset..]).map_or(text.len(), |i| offset + i);
        let fence = text[offset..end].trim_end();
        if fence == "---" || fence == "..." {
            let body_offset = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[..offset],
                body: &text[body_offset..],
                body_offset,
                body_line: line + 1,
            });
        }
        if end == text.len() {
            break;
        }
        offset = end + 1;
        line += 1;
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_line_numbers() {
        let s = split("---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "---\ntitle: x\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn crlf_and_empty_body_work() {
        let s = split("---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(s.body, "");
        let s = split("---\ntitle: x\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_or_unclosed_is_an_error() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        assert_eq!(split(""), Err(SplitError::Missing));
    }
}
