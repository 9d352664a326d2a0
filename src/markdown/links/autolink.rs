//! Automatic links: a mention of a glossary title or alias in running text
//! links to its entry (per `[autolink]`), carrying the entry's summary for
//! the hover preview. Whole words only, longest match first, never inside
//! code, links or headings, never to the page's own entry. Every mention,
//! wikilinks included, is noted with the sentence around it for backlinks.

use ahash::AHashSet as HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{LinkReport, Linker, Mention, Term, mention_anchor, term_link_open};
use crate::config::AutolinkMode;

/// Every title and alias of the terms that autolink, found where a word
/// may start. Without case sensitivity the patterns are lower-cased here and
/// each text when it is searched ([`Folded`]): the automaton itself only
/// knows ASCII case, and names like "Ḥasan" or "Österreich" need Unicode's.
#[derive(Debug)]
pub(super) struct Names {
    /// Searched anchored, at one place at a time.
    automaton: AhoCorasick,
    /// The first three bytes of each name, hashed to one bit of 65,536 (a
    /// shorter name sets every bit its bytes can start), so that most
    /// places are passed over without asking the automaton: with two bytes,
    /// nineteen of twenty places asked found nothing.
    starts: Box<[u64; 1024]>,
    /// Automaton pattern -> term.
    pub(super) pattern_term: Vec<usize>,
}

impl Names {
    pub(super) fn new(
        terms: &[Term],
        names: &[Vec<String>],
        mode: AutolinkMode,
        case_sensitive: bool,
    ) -> Option<Names> {
        let mut patterns = Vec::new();
        let mut pattern_term = Vec::new();
        for (i, (term, term_names)) in terms.iter().zip(names).enumerate() {
            for name in term_names {
                if term.autolink && mode != AutolinkMode::Off && !name.trim().is_empty() {
                    // Smart punctuation turns ' into ’ in the text: match both.
                    for variant in apostrophe_variants(name) {
                        patterns.push(if case_sensitive {
                            variant
                        } else {
                            Folded::new(&variant).text
                        });
                        pattern_term.push(i);
                    }
                }
            }
        }
        let mut starts = Box::new([0u64; 1024]);
        for p in &patterns {
            match *p.as_bytes() {
                [] => {}
                [a] => (0..=255u8)
                    .for_each(|b| (0..=255u8).for_each(|c| set_start(&mut starts, a, b, c))),
                [a, b] => (0..=255u8).for_each(|c| set_start(&mut starts, a, b, c)),
                [a, b, c, ..] => set_start(&mut starts, a, b, c),
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .ok()?;
        (!patterns.is_empty()).then_some(Names {
            automaton,
            starts,
            pattern_term,
        })
    }

    /// The longest name at each place of `hay` with no letter or digit
    /// right before it, left to right, a match's end being where the
    /// search goes on. Only such places can start a whole word, so this
    /// finds what an unanchored leftmost-longest search would, except that
    /// a match starting inside a word can no longer hide the name after it.
    fn find_iter<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = aho_corasick::Match> + 'h {
        let bytes = hay.as_bytes();
        let mut at = 0;
        let mut prev_word = false;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                let here = at;
                // Near the end, fewer than three bytes are left: asked.
                let starts_name = !prev_word
                    && match bytes.get(here..here + 3) {
                        Some(&[a, b, c]) => has_start(&self.starts, a, b, c),
                        _ => true,
                    };
                let b = bytes[here];
                if b.is_ascii() {
                    prev_word = is_ascii_word(b);
                    at += 1;
                } else {
                    let c = hay[here..].chars().next()?;
                    prev_word = is_word_char(c);
                    at += c.len_utf8();
                }
                if starts_name {
                    let input = Input::new(hay)
                        .span(here..hay.len())
                        .anchored(Anchored::Yes);
                    if let Some(m) = self.automaton.find(input) {
                        at = m.end();
                        prev_word = hay[..at].chars().next_back().is_some_and(is_word_char);
                        return Some(m);
                    }
                }
                // No name starts inside a word: the rest of an ASCII word
                // is passed over without looking at each place.
                if prev_word {
                    while bytes.get(at).is_some_and(|&b| is_ascii_word(b)) {
                        at += 1;
                    }
                }
            }
            None
        })
    }
}

/// A letter, digit or `_` of ASCII: a byte that continues a word.
fn is_ascii_word(b: u8) -> bool {
    ASCII_WORD[usize::from(b)]
}

/// [`is_ascii_word`] of every byte, looked up: it is asked of nearly
/// every byte of every text.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'_';
        b += 1;
    }
    table
};

/// The bit of a name's first three bytes: the pair of the first two,
/// moved by a multiple of the third.
fn start_bit(a: u8, b: u8, c: u8) -> usize {
    (usize::from(a) << 8 | usize::from(b)) ^ (usize::from(c).wrapping_mul(0x9E37) & 0xFFFF)
}

fn set_start(starts: &mut [u64; 1024], a: u8, b: u8, c: u8) {
    let i = start_bit(a, b, c);
    starts[i / 64] |= 1 << (i % 64);
}

fn has_start(starts: &[u64; 1024], a: u8, b: u8, c: u8) -> bool {
    let i = start_bit(a, b, c);
    starts[i / 64] & (1 << (i % 64)) != 0
}

/// A name as written, plus its spelling with the other kind of apostrophe.
fn apostrophe_variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    if name.contains('\'') {
        out.push(name.replace('\'', "\u{2019}"));
    } else if name.contains('\u{2019}') {
        out.push(name.replace('\u{2019}', "'"));
    }
    out
}

/// Joins adjacent text events, so a name split by the parser (smart quotes,
/// entities) is still found in one piece.
pub fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    for e in events {
        if let Event::Text(t) = &e
            && let Some(Event::Text(prev)) = out.last_mut()
        {
            let mut joined = prev.to_string();
            joined.push_str(t);
            *prev = CowStr::from(joined);
            continue;
        }
        out.push(e);
    }
    out
}

/// Links mentions of glossary titles and aliases in running text, and fills
/// in the sentence around every mention (wikilinks included).
pub fn autolink<'a>(
    events: Vec<Event<'a>>,
    linker: &Linker,
    self_term: Option<usize>,
    report: &mut LinkReport,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut linked: HashSet<usize> = report.mentions.iter().map(|m| m.term).collect();
    let mut blocked = 0usize; // inside a link, heading, image or code block
    let mut block_text = String::new();
    // (mention index, byte offset in block_text)
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut wiki_seen = 0usize;
    for event in events {
        match &event {
            Event::Start(
                Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
            ) => {
                blocked += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock) => {
                blocked = blocked.saturating_sub(1);
            }
            Event::Html(h) if h.starts_with("<a class=\"term\"") => {
                // The k-th term link so far is the k-th wikilink mention.
                pending.push((wiki_seen, block_text.len()));
                wiki_seen += 1;
                blocked += 1;
            }
            Event::Html(h) if h.as_ref() == "</a>" => blocked = blocked.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Text(text) if blocked == 0 && linker.names_found.is_some() => {
                link_text(
                    text,
                    linker,
                    self_term,
                    report,
                    &mut linked,
                    &mut block_text,
                    &mut pending,
                    &mut out,
                );
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                block_text.push_str(t);
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                block_text.push(' ');
                out.push(event);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
            ) => {
                fill_sentences(report, &block_text, &mut pending);
                block_text.clear();
                out.push(event);
            }
            other => out.push(other),
        }
    }
    fill_sentences(report, &block_text, &mut pending);
    out
}

/// Fills in the sentence of each pending mention of a block, in the order
/// of their offsets. A sentence holding many mentions is found and made
/// readable once: a paragraph of thousands of mentions and no full stop
/// costs its length once, not once a mention.
fn fill_sentences(report: &mut LinkReport, block_text: &str, pending: &mut Vec<(usize, usize)>) {
    // The offsets the last sentence covers, and the sentence (shared).
    let mut last: Option<(usize, usize, std::sync::Arc<str>)> = None;
    for (m, offset) in pending.drain(..) {
        let sentence = match &last {
            Some((from, to, sentence)) if (*from..=*to).contains(&offset) => sentence.clone(),
            _ => {
                let (sentence, to) = sentence_around(block_text, offset);
                let sentence: std::sync::Arc<str> = sentence.into();
                last = Some((offset, to, sentence.clone()));
                sentence
            }
        };
        report.mentions[m].context = sentence;
    }
}

#[allow(clippy::too_many_arguments)]
fn link_text<'a>(
    text: CowStr<'a>,
    linker: &Linker,
    self_term: Option<usize>,
    report: &mut LinkReport,
    linked: &mut HashSet<usize>,
    block_text: &mut String,
    pending: &mut Vec<(usize, usize)>,
    out: &mut Vec<Event<'a>>,
) {
    let Some(names) = &linker.names_found else {
        return;
    };
    let mut last = 0;
    let mut pieces: Vec<Event<'a>> = Vec::new();
    // Pieces of a text borrowed from the file are borrowed too, not copied.
    let borrowed: Option<&'a str> = match &text {
        CowStr::Borrowed(b) => Some(b),
        _ => None,
    };
    let piece = |range: std::ops::Range<usize>| match borrowed {
        Some(b) => CowStr::Borrowed(&b[range]),
        None => CowStr::from(text[range].to_string()),
    };
    let folded = (!linker.case_sensitive).then(|| Folded::new(&text));
    let haystack = folded.as_ref().map_or(text.as_ref(), |f| f.text.as_str());
    for m in names.find_iter(haystack) {
        let t = names.pattern_term[m.pattern().as_usize()];
        // The match in the text as written.
        let Some(m) = (match &folded {
            Some(f) => f.original(m.start(), m.end()),
            None => Some(m.range()),
        }) else {
            continue;
        };
        if Some(t) == self_term
            || !is_word_boundary(&text, m.start, m.end)
            || (linker.mode == AutolinkMode::First && linked.contains(&t))
        {
            continue;
        }
        linked.insert(t);
        let before = &text[last..m.start];
        if !before.is_empty() {
            pieces.push(Event::Text(piece(last..m.start)));
        }
        block_text.push_str(before);
        let n = report.mentions.len();
        pending.push((n, block_text.len()));
        report.mentions.push(Mention {
            term: t,
            anchor: mention_anchor(n).into(),
            context: "".into(),
        });
        pieces.push(Event::Html(term_link_open(linker, t, None, n).into()));
        pieces.push(Event::Text(piece(m.clone())));
        block_text.push_str(&text[m.clone()]);
        pieces.push(Event::Html("</a>".into()));
        last = m.end;
    }
    if pieces.is_empty() {
        block_text.push_str(&text);
        out.push(Event::Text(text));
        return;
    }
    block_text.push_str(&text[last..]);
    if last < text.len() {
        pieces.push(Event::Text(piece(last..text.len())));
    }
    out.extend(pieces);
}

/// A text lower-cased character by character, keeping where each folded
/// character came from, so a match in the folded text maps back to the
/// text as written even where lower-casing changes byte lengths ("İ").
struct Folded {
    text: String,
    /// For each byte of `text` (and its end): the offset in the original
    /// text of the character it starts, or `None` inside a character.
    /// `None` when every character kept its length, as in most texts:
    /// offsets are then the same in both.
    origin: Option<Vec<Option<usize>>>,
}

impl Folded {
    fn new(original: &str) -> Folded {
        if original.is_ascii() {
            return Folded {
                text: original.to_ascii_lowercase(),
                origin: None,
            };
        }
        let mut text = String::with_capacity(original.len());
        for c in original.chars() {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => text.push(l),
                _ => return Folded::mapped(original),
            }
        }
        Folded { text, origin: None }
    }

    /// [`Folded::new`] of a text where some character changes its length.
    fn mapped(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            text.extend(c.to_lowercase());
            origin.push(Some(at));
            origin.resize(text.len(), None);
        }
        origin.push(Some(original.len()));
        Folded {
            text,
            origin: Some(origin),
        }
    }

    /// The original range of the folded range `start..end`, if both ends
    /// fall on whole original characters.
    fn original(&self, start: usize, end: usize) -> Option<std::ops::Range<usize>> {
        match &self.origin {
            // A name is whole characters, so a match starts and ends on
            // them, and offsets are the same in both texts.
            None => Some(start..end),
            Some(origin) => Some(origin.get(start).copied()??..origin.get(end).copied()??),
        }
    }
}

/// Whole words only: no letter or digit right before or after the match.
pub fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Folds runs of white space and drops space left before punctuation where
/// a citation mark was taken out.
fn tidy(s: &str) -> String {
    if is_tidy(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let glued = word.starts_with(['.', ',', ';', ':', '!', '?', ')']);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether [`tidy`] would leave `s` as it is: single spaces between words,
/// none at either end or before a mark that glues to the word before it,
/// and no other white space. Most sentences are so, and are copied whole.
fn is_tidy(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b' ' {
            if matches!(
                b.get(i + 1),
                Some(b' ' | b'.' | b',' | b';' | b':' | b'!' | b'?' | b')')
            ) {
                return false;
            }
        } else if c.is_ascii() {
            if (c as char).is_whitespace() {
                return false;
            }
        } else {
            let Some(ch) = s[i..].chars().next() else {
                return false;
            };
            if ch.is_whitespace() {
                return false;
            }
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    true
}

/// The sentence of `text` that contains byte `offset`, trimmed to a readable
/// length.
pub fn sentence_at(text: &str, offset: usize) -> String {
    sentence_around(text, offset).0
}

/// [`sentence_at`], and the last offset whose sentence it is too (from
/// `offset` on): the place of its closing mark, or the end of the text.
fn sentence_around(text: &str, offset: usize) -> (String, usize) {
    let offset = offset.min(text.len());
    // A sentence ends at '.', '!' or '?' before a space or the end. They
    // are ASCII, so they are looked for as bytes.
    let ends_at = |i: usize| text[i + 1..].chars().next().is_none_or(char::is_whitespace);
    let bytes = text.as_bytes();
    let start = memchr::memchr3_iter(b'.', b'!', b'?', &bytes[..offset])
        .rev()
        .find(|&i| ends_at(i))
        .map_or(0, |i| i + 1);
    let mark = memchr::memchr3_iter(b'.', b'!', b'?', &bytes[offset..])
        .map(|i| offset + i)
        .find(|&i| ends_at(i));
    let end = mark.map_or(text.len(), |i| i + 1);
    let sentence = tidy(&text[start..end]);
    let covers = mark.unwrap_or(text.len());
    const MAX: usize = 280;
    if sentence.len() <= MAX || sentence.chars().count() <= MAX {
        return (sentence, covers);
    }
    let cut: String = sentence.chars().take(MAX).collect();
    (format!("{}…", cut.trim_end()), covers)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::*;
    use super::{Folded, is_tidy, tidy};

    #[test]
    fn longest_match_wins() {
        let l = linker(AutolinkMode::All, true);
        let r = md("The Free Syrian Army and the Syrian Army.\n", &l, None);
        assert_eq!(linked_terms(&r), [2, 1]);
        assert!(r.html.contains(">Free Syrian Army</a>"), "{}", r.html);
    }

    #[test]
    fn whole_words_only_with_unicode_names() {
        let l = linker(AutolinkMode::All, true);
        let r = md(
            "Nusraland is not Nusra. Ḥasanov is not Ḥasan, but al-Qaida's is.\n",
            &l,
            None,
        );
        assert_eq!(linked_terms(&r), [0, 4, 3]);
    }

    #[test]
    fn a_name_inside_a_word_does_not_hide_the_next_one() {
        let l = linker(AutolinkMode::All, true);
        // "Jabhat al-Nusra" starts inside "XJabhat", so it is no match;
        // "Nusra" after the hyphen still is.
        let r = md("XJabhat al-Nusra, and Nusra.\n", &l, None);
        assert_eq!(linked_terms(&r), [0, 0]);
        assert!(
            r.html.contains("XJabhat al-<a class=\"term\""),
            "{}",
            r.html
        );
        // A name cut short by a letter is no match either.
        assert!(linked_terms(&md("Nusras and FSAs.\n", &l, None)).is_empty());
    }

    #[test]
    fn first_mode_links_once_per_page() {
        let l = linker(AutolinkMode::First, true);
        let r = md("Nusra and Nusra Front and Nusra.\n", &l, None);
        assert_eq!(linked_terms(&r), [0]);
        let all = linker(AutolinkMode::All, true);
        assert_eq!(
            linked_terms(&md("Nusra and Nusra Front.\n", &all, None)),
            [0, 0]
        );
    }

    #[test]
    fn headings_code_and_links_are_left_alone_and_do_not_use_up_first() {
        let l = linker(AutolinkMode::First, true);
        let text = "## Nusra\n\n`Nusra` and [Nusra](https://x.org) and ![Nusra](a.png)\n\n```\nNusra\n```\n\nThen Nusra.\n";
        let r = md(text, &l, None);
        assert_eq!(linked_terms(&r), [0]);
        assert!(r.html.contains("<p>Then <a class=\"term\""), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"nusra\">Nusra</h2>"), "{}", r.html);
    }

    #[test]
    fn an_entry_never_links_to_itself_and_opt_outs_are_skipped() {
        let l = linker(AutolinkMode::All, true);
        let r = md("Nusra Front and Quiet Group and al-Qaida.\n", &l, Some(0));
        assert_eq!(linked_terms(&r), [3]);
    }

    #[test]
    fn case_insensitive_matching_folds_unicode_case() {
        let l = linker(AutolinkMode::All, false);
        let r = md("ḥasan met ḤASAN, not Ḥasanov.\n", &l, None);
        assert_eq!(linked_terms(&r), [4, 4]);
        assert!(r.html.contains(">ḥasan</a>"), "{}", r.html);
        assert!(
            r.html.contains(">ḤASAN</a>"),
            "the text keeps its case: {}",
            r.html
        );
        let sensitive = linker(AutolinkMode::All, true);
        assert!(linked_terms(&md("ḤASAN\n", &sensitive, None)).is_empty());
    }

    #[test]
    fn folding_maps_matches_back_across_length_changes() {
        // "İ" (2 bytes) lower-cases to "i̇" (3 bytes): offsets after it shift.
        let f = Folded::new("İx Österreich");
        let at = f.text.find("österreich").unwrap();
        let r = f.original(at, at + "österreich".len()).unwrap();
        assert_eq!(&"İx Österreich"[r], "Österreich");
        // Half of a character's lower case is not a match.
        assert_eq!(f.original(0, 1), None);
    }

    #[test]
    fn folding_keeps_offsets_where_no_character_changes_length() {
        for text in ["Nusra Front’s ÉLAN", "PLAIN ASCII text"] {
            let f = Folded::new(text);
            assert!(f.origin.is_none(), "{text}");
            assert_eq!(f.text, text.to_lowercase());
            let at = f
                .text
                .find("front")
                .or_else(|| f.text.find("ascii"))
                .unwrap();
            assert_eq!(f.original(at, at + 5), Some(at..at + 5));
        }
        assert!(Folded::new("İx").origin.is_some());
    }

    #[test]
    fn case_sensitivity_follows_the_setting() {
        let sensitive = linker(AutolinkMode::All, true);
        assert!(linked_terms(&md("nusra front\n", &sensitive, None)).is_empty());
        let insensitive = linker(AutolinkMode::All, false);
        assert_eq!(linked_terms(&md("nusra front\n", &insensitive, None)), [0]);
    }

    #[test]
    fn term_links_carry_the_preview_escaped() {
        let l = linker(AutolinkMode::All, true);
        let r = md("Nusra.\n", &l, None);
        assert!(
        r.html.contains("<a class=\"term\" id=\"m-1\" href=\"/g/nusra-front/\" data-kind=\"group\" data-title=\"Nusra Front\" data-summary=\"About Nusra Front &lt;b&gt;.\">Nusra</a>"),
        "{}",
        r.html
    );
    }

    #[test]
    fn names_split_by_smart_punctuation_are_still_found() {
        let l = linker(AutolinkMode::All, true);
        let r = md("\"Jabhat al-Nusra\" fighters.\n", &l, None);
        assert_eq!(linked_terms(&r), [0]);
    }

    #[test]
    fn mentions_carry_their_sentence() {
        let l = linker(AutolinkMode::All, true);
        let r = md(
            "First sentence. The Nusra Front is strong. Last one.\n\n- In a list with [[al-qaida]].\n",
            &l,
            None,
        );
        let contexts: Vec<&str> = r.links.mentions.iter().map(|m| &*m.context).collect();
        // Wikilinks are resolved (and numbered) before automatic links.
        assert_eq!(
            contexts,
            ["In a list with al-qaida.", "The Nusra Front is strong."]
        );
    }

    #[test]
    fn sentence_at_is_trimmed() {
        assert_eq!(sentence_at("A b. C d e. F.", 6), "C d e.");
        assert_eq!(sentence_at("No end here", 3), "No end here");
        assert_eq!(sentence_at("Cited claim  . Next.", 2), "Cited claim.");
        for (messy, tidied) in [
            ("a  b", "a b"),
            (" a b", "a b"),
            ("a b ", "a b"),
            ("a\tb", "a b"),
            ("a\u{a0}b", "a b"),
            ("a , b", "a, b"),
            ("(a )", "(a)"),
            ("a\nb", "a b"),
            ("“a” b’s é", "“a” b’s é"),
        ] {
            assert_eq!(tidy(messy), tidied, "{messy:?}");
            assert_eq!(is_tidy(messy), messy == tidied, "{messy:?}");
        }
        let long = "word ".repeat(100);
        assert!(sentence_at(&long, 10).ends_with('…'));
        // Ends are '.', '!' or '?' before a space (any kind) or the end;
        // one inside a word or number is not an end.
        let text = "Ünïcode 3.5 start! Où est-il?\u{a0}Next é. Last";
        // What a sentence is said to cover has that same sentence.
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let (sentence, covers) = super::sentence_around(text, offset);
            for o in (offset..=covers).filter(|&o| text.is_char_boundary(o)) {
                assert_eq!(sentence_at(text, o), sentence, "{offset} {o}");
            }
        }
        assert_eq!(sentence_at(text, 0), "Ünïcode 3.5 start!");
        assert_eq!(sentence_at(text, text.find("Où").unwrap()), "Où est-il?");
        assert_eq!(sentence_at(text, text.find("Next").unwrap()), "Next é.");
        assert_eq!(sentence_at(text, text.len()), "Last");
    }

    #[test]
    fn straight_and_curly_apostrophes_match_each_other() {
        let l = linker(AutolinkMode::All, true);
        let r = md("Qaida's wing and Qaida\u{2019}s wing.\n", &l, None);
        assert_eq!(linked_terms(&r), [3, 3]);
    }
}
