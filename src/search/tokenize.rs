//! Words for the search index: folded text split into terms.
//!
//! The browser runs the same steps on the reader's query
//! (`assets/js/search.js`, function `terms`), so the two must agree to the
//! letter:
//!
//! 1. compatibility decomposition (NFKD), so "ﬁ" is "fi" and "é" is "e"
//!    plus an accent;
//! 2. every combining mark dropped, so accents and vowel signs fold away
//!    ("Ḥalab" is "halab");
//! 3. lowercase, with the final sigma "ς" written "σ" (JavaScript lowercases
//!    a whole string with context, Rust a character at a time);
//! 4. a term is a run of letters and digits (Unicode `Alphabetic` or
//!    `Numeric`); anything else, hyphens and apostrophes included, separates
//!    terms, so "al-Nusra" is "al" and "nusra", and "Assad's" finds "Assad".
//!
//! Folding comes before splitting, so a mark inside a word never splits it.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// `text` folded for search: decomposed, without marks, lowercase.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            // Most text is ASCII: skip the decomposition tables.
            out.push(c.to_ascii_lowercase());
            continue;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                out.push(if l == 'ς' { 'σ' } else { l });
            }
        });
    }
}

/// The terms of already folded text, in order, repeats included.
pub fn split(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// The terms of `text`, folded, in order.
pub fn terms(text: &str) -> Vec<String> {
    split(&fold(text)).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(
            terms("Ḥayʼat Taḥrīr al-Shām"),
            ["hayʼat", "tahrir", "al", "sham"]
        );
        assert_eq!(terms("ÉLYSÉE ﬁnance"), ["elysee", "finance"]);
        assert_eq!(terms("İstanbul"), ["istanbul"]);
        assert_eq!(terms("ΟΔΟΣ οδος"), ["οδοσ", "οδοσ"]);
        assert_eq!(terms("Straße"), ["straße"]);
    }

    #[test]
    fn splits_on_punctuation_not_on_marks() {
        assert_eq!(terms("Jabhat al-Nusra"), ["jabhat", "al", "nusra"]);
        assert_eq!(terms("Assad's forces"), ["assad", "s", "forces"]);
        assert_eq!(terms("2016-07-15, ½"), ["2016", "07", "15", "1", "2"]);
        // Arabic with its vowel marks: one word, the marks gone.
        assert_eq!(terms("مُحَمَّد"), ["محمد"]);
        assert_eq!(terms("  --  "), Vec::<String>::new());
    }
}
