//! The inverted index on disk: posting lists, compactly encoded, cut into
//! shards of bounded size by term.
//!
//! A **posting** says that document `doc` contains a term, with a weight
//! from 0 to 31 ([`weight`]). A term's postings are sorted by document and
//! each is written as one variable-length integer (LEB128),
//! `(doc - previous doc) * 32 + weight`: a term found in most documents
//! costs about one byte per document.
//!
//! A **shard** file holds a run of terms in sorted order:
//!
//! ```text
//! repeated: varint(term length) term (UTF-8) varint(document count)
//!           varint(postings length in bytes) postings
//! ```
//!
//! Terms are cut into shards in sorted order, each filled up to
//! [`SHARD_BYTES`]. The manifest names each shard by the shortest prefix of
//! its first term that sorts after the previous shard's last term, so the
//! browser finds a term's shard by a binary search over a few hundred short
//! keys, and a prefix's terms in the consecutive shards around it.

/// A shard is closed once it holds this many bytes: small enough that a
/// query of three words loads about 100 KB, large enough that 10,000
/// briefings make a few hundred files, not tens of thousands. A single term
/// whose postings are larger gets a shard of its own (at 10,000 briefings
/// the most common word takes about 12 KB).
pub const SHARD_BYTES: usize = 32 * 1024;

/// Weight bit: the term is a whole title or alias by itself ("Russia").
pub const IS_NAME: u8 = 16;
/// Weight bit: the term is in the title, or in an entry's aliases.
pub const IN_TITLE: u8 = 8;
/// Weight bit: the term is in the summary, tags, kind or date.
pub const IN_META: u8 = 4;

/// The weight of a term in one document: the field bits plus how often it
/// occurs in the body, counted up to 3.
pub fn weight(fields: u8, body_count: u32) -> u8 {
    fields | body_count.min(3) as u8
}

/// One term's documents, in increasing order, with weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    /// How many documents contain the term.
    pub count: u32,
    /// Encoded postings.
    pub postings: Vec<u8>,
}

/// Encodes `(doc, weight)` pairs sorted by increasing `doc`.
pub fn encode(postings: impl IntoIterator<Item = (u32, u8)>, out: &mut Vec<u8>) {
    let mut previous = 0u32;
    let mut first = true;
    for (doc, weight) in postings {
        debug_assert!(weight < 32 && (first || doc > previous));
        let delta = if first { doc } else { doc - previous };
        first = false;
        previous = doc;
        varint(u64::from(delta) * 32 + u64::from(weight), out);
    }
}

/// Decodes what [`encode`] wrote; `None` if the bytes are cut short.
pub fn decode(mut bytes: &[u8]) -> Option<Vec<(u32, u8)>> {
    let mut out = Vec::new();
    let mut doc = 0u64;
    while !bytes.is_empty() {
        let v = read_varint(&mut bytes)?;
        doc += v >> 5;
        out.push((u32::try_from(doc).ok()?, (v & 31) as u8));
    }
    Some(out)
}

/// Appends `v` in LEB128: seven bits a byte, low bits first.
pub fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads one LEB128 integer from the front of `bytes`.
pub fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Terms sorted by term, cut into shards: each shard's key and its file.
pub fn shard(terms: &[Term]) -> Vec<(String, Vec<u8>)> {
    let mut shards: Vec<(String, Vec<u8>)> = Vec::new();
    let mut current = Vec::new();
    let mut key = String::new();
    for (i, t) in terms.iter().enumerate() {
        let size = t.term.len() + t.postings.len() + 12;
        if !current.is_empty() && current.len() + size > SHARD_BYTES {
            shards.push((std::mem::take(&mut key), std::mem::take(&mut current)));
            key = separator(&terms[i - 1].term, &t.term).to_string();
        }
        write_term(t, &mut current);
    }
    if !current.is_empty() || shards.is_empty() {
        shards.push((key, current));
    }
    shards
}

fn write_term(t: &Term, out: &mut Vec<u8>) {
    varint(t.term.len() as u64, out);
    out.extend_from_slice(t.term.as_bytes());
    varint(u64::from(t.count), out);
    varint(t.postings.len() as u64, out);
    out.extend_from_slice(&t.postings);
}

/// The shortest prefix of `next` that sorts after `previous` (which sorts
/// before `next`), cut at a character boundary.
pub fn separator<'a>(previous: &str, next: &'a str) -> &'a str {
    next.char_indices()
        .map(|(i, c)| &next[..i + c.len_utf8()])
        .find(|prefix| *prefix > previous)
        .unwrap_or(next)
}

/// Reads a shard back into its terms; `None` if it is malformed.
pub fn read_shard(mut bytes: &[u8]) -> Option<Vec<Term>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let len = usize::try_from(read_varint(&mut bytes)?).ok()?;
        let (term, rest) = bytes.split_at_checked(len)?;
        bytes = rest;
        let count = u32::try_from(read_varint(&mut bytes)?).ok()?;
        let plen = usize::try_from(read_varint(&mut bytes)?).ok()?;
        let (postings, rest) = bytes.split_at_checked(plen)?;
        bytes = rest;
        out.push(Term {
            term: String::from_utf8(term.to_vec()).ok()?,
            count,
            postings: postings.to_vec(),
        });
    }
    Some(out)
}

/// The shard of `term` among shard `keys` (sorted, the first empty): the
/// last key that sorts at or before it.
pub fn shard_of(keys: &[String], term: &str) -> usize {
    keys.partition_point(|k| k.as_str() <= term)
        .saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let postings = vec![(0, 3), (1, 0), (3, 31), (4, 8), (200, 12), (1_000_000, 1)];
        let mut bytes = Vec::new();
        encode(postings.iter().copied(), &mut bytes);
        assert_eq!(decode(&bytes).unwrap(), postings);
        // Close documents with small weights take one byte each.
        let mut dense = Vec::new();
        encode((0..100).map(|d| (d, 2)), &mut dense);
        assert_eq!(dense.len(), 100);
        assert_eq!(decode(&[0x80]), None, "cut short");
    }

    #[test]
    fn weights_keep_fields_and_count() {
        assert_eq!(weight(IN_TITLE, 0), 8);
        assert_eq!(weight(IN_TITLE | IN_META, 9), 15);
        assert_eq!(weight(IS_NAME | IN_TITLE, 1), 25);
        assert_eq!(weight(0, 2), 2);
    }

    #[test]
    fn separators_are_the_shortest_prefix_after_the_previous_term() {
        assert_eq!(separator("theatre", "theft"), "thef");
        assert_eq!(separator("apple", "banana"), "b");
        assert_eq!(separator("the", "theatre"), "thea");
        assert_eq!(separator("zz", "état"), "é");
    }

    #[test]
    fn shards_are_bounded_and_found_by_key() {
        let terms: Vec<Term> = (0..5000)
            .map(|i| {
                let mut postings = Vec::new();
                encode((0..i % 40).map(|d| (d * 3, 1)), &mut postings);
                Term {
                    term: format!("w{i:05}"),
                    count: i % 40,
                    postings,
                }
            })
            .collect();
        let shards = shard(&terms);
        assert!(shards.len() > 3, "{}", shards.len());
        assert_eq!(shards[0].0, "");
        let keys: Vec<String> = shards.iter().map(|s| s.0.clone()).collect();
        let read: Vec<Vec<Term>> = shards.iter().map(|s| read_shard(&s.1).unwrap()).collect();
        for s in &shards {
            assert!(s.1.len() <= SHARD_BYTES, "{}", s.1.len());
        }
        for t in &terms {
            let found = &read[shard_of(&keys, &t.term)];
            assert!(found.contains(t), "{} not in its shard", t.term);
        }
        assert_eq!(read.concat(), terms, "every term once, in order");
    }

    #[test]
    fn an_empty_index_has_one_empty_shard() {
        assert_eq!(shard(&[]), vec![(String::new(), Vec::new())]);
    }
}
