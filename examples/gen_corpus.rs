//! Benchmark corpus generator: writes a complete, valid dossier site with
//! many briefings and glossary entries, so builds can be timed at scale.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N DIR [ENTRIES] [ALIASES]
//! ```
//!
//! - `N`: number of briefings (`content/briefings/b-00001.md` ...);
//! - `DIR`: the site folder to write (`site.toml`, `content/`);
//! - `ENTRIES`: glossary entries (default `N / 10`, at least 10);
//! - `ALIASES`: the most aliases an entry has (default 3; each has 1..=ALIASES).
//!
//! The output depends only on the arguments: a small hand-written PRNG
//! (splitmix64 with a fixed seed) drives every choice, and no hash-map order
//! leaks into the files. An existing `DIR` is only overwritten when it holds
//! nothing but a previous corpus (`site.toml`, `content/` with generated
//! files, and build output `public*`); its `site.toml` and `content/` are
//! removed first, so a smaller corpus leaves no stale files behind.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SEED: u64 = 0x5EED_D055_1E55_2024;

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, and good enough for made-up text.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    /// `k` distinct numbers from `0..n`, in random order (`k <= n`).
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k {
            let x = self.below(n);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------
// Word lists

const SYLLABLES: &[&str] = &[
    "kar", "van", "os", "trel", "mir", "dan", "vel", "tor", "ash", "en", "bel", "gor", "lin",
    "sha", "rek", "ul", "zan", "dor", "ith", "mar", "nor", "quel", "sar", "tes", "vor", "yen",
    "bra", "cal", "dru", "fen", "hal", "jor", "kes", "lom", "nav", "pel", "rim", "sol", "tam",
    "ves",
];

const FIRST_NAMES: &[&str] = &[
    "Ilsa", "Tomas", "Yara", "Anwar", "Mirela", "Dov", "Karim", "Lena", "Osman", "Petra", "Rafiq",
    "Sabine", "Tarek", "Vera", "Yusuf", "Zora", "Emil", "Hana", "Idris", "Nadia",
];

const GROUP_NOUNS: &[&str] = &[
    "Brigade",
    "Front",
    "Movement",
    "Legion",
    "Battalion",
    "Guard",
    "Coalition",
    "Militia",
];
const ORG_NOUNS: &[&str] = &[
    "Council",
    "Institute",
    "Agency",
    "Commission",
    "Foundation",
    "Committee",
    "Bank",
    "Tribunal",
];
const CONCEPT_NOUNS: &[&str] = &[
    "Doctrine", "Accord", "Protocol", "Process", "Plan", "Formula",
];
const HONORIFICS: &[&str] = &[
    "General",
    "Minister",
    "Colonel",
    "President",
    "Commander",
    "Ambassador",
];

const KINDS: &[&str] = &[
    "group",
    "person",
    "state",
    "organization",
    "place",
    "concept",
];

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "on",
    "with",
    "as",
    "by",
    "from",
    "that",
    "was",
    "were",
    "has",
    "had",
    "its",
    "their",
    "after",
    "before",
    "while",
    "during",
    "against",
    "since",
    "officials",
    "forces",
    "talks",
    "ceasefire",
    "offensive",
    "border",
    "region",
    "province",
    "capital",
    "government",
    "opposition",
    "fighters",
    "civilians",
    "aid",
    "convoy",
    "strikes",
    "negotiations",
    "agreement",
    "proposal",
    "statement",
    "report",
    "analysts",
    "observers",
    "delegation",
    "ministry",
    "council",
    "envoy",
    "sanctions",
    "troops",
    "units",
    "supply",
    "routes",
    "checkpoint",
    "district",
    "villages",
    "town",
    "positions",
    "control",
    "pressure",
    "support",
    "withdrawal",
    "deployment",
    "security",
    "crisis",
    "tensions",
    "dispute",
    "claims",
    "accused",
    "denied",
    "announced",
    "rejected",
    "accepted",
    "signed",
    "demanded",
    "warned",
    "reported",
    "confirmed",
    "expected",
    "planned",
    "resumed",
    "suspended",
    "seized",
    "held",
    "visited",
    "met",
    "early",
    "late",
    "new",
    "former",
    "regional",
    "local",
    "foreign",
    "senior",
    "military",
    "political",
    "economic",
    "humanitarian",
    "several",
    "many",
    "few",
    "some",
    "largely",
    "reportedly",
    "publicly",
    "quietly",
    "again",
    "still",
    "now",
    "later",
    "week",
    "month",
    "year",
    "season",
    "winter",
    "summer",
    "spring",
    "autumn",
    "north",
    "south",
    "east",
    "west",
    "coast",
    "river",
    "valley",
    "mountains",
    "road",
    "bridge",
    "port",
    "airfield",
    "refugees",
    "prices",
    "fuel",
    "grain",
    "water",
    "electricity",
    "elections",
    "parliament",
    "vote",
    "mandate",
    "mission",
    "monitors",
    "inspectors",
    "evidence",
    "casualties",
    "losses",
];

const TAGS: &[&str] = &[
    "diplomacy",
    "security",
    "economy",
    "energy",
    "elections",
    "humanitarian",
    "refugees",
    "ceasefire",
    "sanctions",
    "trade",
    "military",
    "insurgency",
    "counterterrorism",
    "borders",
    "water",
    "food-security",
    "human-rights",
    "media",
    "justice",
    "migration",
    "reconstruction",
    "peace-talks",
    "arms-control",
    "cyber",
    "health",
    "climate",
    "governance",
    "protests",
    "corruption",
    "regional-powers",
];

const PUBLISHERS: &[&str] = &[
    "Associated Press",
    "Reuters",
    "Agence France-Presse",
    "The Meridian Post",
    "Harbor Daily",
    "Northern Wire",
    "Eastern Courier",
    "Global Ledger",
];

const AUTHORS: &[&str] = &[
    "Analysis desk",
    "Regional desk",
    "Security team",
    "Economics desk",
    "Field reporting unit",
];

const DATELINES: &[&str] = &[
    "Vostrava",
    "Port Ellin",
    "Kasmir Ridge",
    "Old Tallow",
    "Senna",
    "Marrow Bay",
    "Ildarin",
    "Quessa",
    "Brenhold",
    "Calvet",
];

const HEADINGS: &[&str] = &[
    "Background",
    "What happened",
    "Positions of the parties",
    "Military situation",
    "Diplomatic track",
    "Humanitarian picture",
    "Economic effects",
    "Regional reactions",
    "What to watch",
    "Outlook",
    "Assessment",
    "Open questions",
];

const VERBS: &[&str] = &[
    "rejects",
    "accepts",
    "signals support for",
    "warns against",
    "negotiates over",
    "withdraws from",
    "presses for",
    "stalls on",
    "expands",
    "questions",
];

const ALERTS: &[&str] = &["NOTE", "NOTE", "NOTE", "IMPORTANT", "WARNING"];

// ---------------------------------------------------------------------------
// Helpers

/// A YAML double-quoted scalar holding `s` exactly.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn acronym(title: &str) -> String {
    title
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn is_leap(y: usize) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: usize, m: usize) -> usize {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[derive(Clone, Copy)]
struct Date {
    y: usize,
    m: usize,
    d: usize,
}

impl Date {
    fn full(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// A random date no later than `self`, up to `years` years before it.
    fn before(self, rng: &mut Rng, years: usize) -> Date {
        let y = rng.range(self.y - years, self.y);
        let m = if y == self.y {
            rng.range(1, self.m)
        } else {
            rng.range(1, 12)
        };
        let d = if y == self.y && m == self.m {
            rng.range(1, self.d)
        } else {
            rng.range(1, days_in_month(y, m))
        };
        Date { y, m, d }
    }

    /// As a YAML value, at a random precision (partial dates quoted).
    fn any_precision(self, rng: &mut Rng) -> String {
        match rng.below(3) {
            0 => q(&format!("{:04}", self.y)),
            1 => q(&format!("{:04}-{:02}", self.y, self.m)),
            _ => self.full(),
        }
    }
}

// ---------------------------------------------------------------------------
// Glossary

struct Entry {
    id: String,
    title: String,
    kind: &'static str,
    aliases: Vec<String>,
}

impl Entry {
    /// A name for this entry in running text: its title or one of its aliases.
    fn mention(&self, rng: &mut Rng) -> &str {
        if self.aliases.is_empty() || rng.chance(1, 2) {
            &self.title
        } else {
            &self.aliases[rng.below(self.aliases.len())]
        }
    }
}

/// A made-up proper name of 2-3 syllables (more once names run short),
/// unique (case-insensitively) within `used`.
fn unique_root(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    for attempt in 0.. {
        let syllables = 2 + rng.below(2) + attempt / 200;
        let mut root = String::new();
        for _ in 0..syllables {
            root.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
        }
        if used.insert(root.clone()) {
            return capitalize(&root);
        }
    }
    unreachable!()
}

/// Title and candidate aliases for an entry of `kind` named after `root`.
fn naming(rng: &mut Rng, kind: &str, root: &str) -> (String, Vec<String>) {
    match kind {
        "group" => {
            let noun = rng.pick(GROUP_NOUNS);
            let title = format!("{root} {noun}");
            let other = rng.pick(&["Fighters", "Forces", "Brigades", "Volunteers"]);
            let cands = vec![
                acronym(&title),
                format!("the {root}"),
                format!("{root} {other}"),
                root.to_string(),
            ];
            (title, cands)
        }
        "person" => {
            let first = rng.pick(FIRST_NAMES);
            let title = format!("{first} {root}");
            let hon = rng.pick(HONORIFICS);
            let cands = vec![
                root.to_string(),
                format!("{hon} {root}"),
                format!("Abu {first}"),
                format!("{} {root}", &first[..1]),
            ];
            (title, cands)
        }
        "state" => {
            let title = match rng.below(4) {
                0 => format!("Republic of {root}"),
                1 => format!("{root} Federation"),
                2 => format!("Kingdom of {root}"),
                _ => format!("{root} Emirate"),
            };
            let cands = vec![
                root.to_string(),
                acronym(&title),
                format!("the {root} government"),
                format!("{root} authorities"),
            ];
            (title, cands)
        }
        "organization" => {
            let noun = rng.pick(ORG_NOUNS);
            let title = format!("{root} {noun}");
            let cands = vec![
                acronym(&title),
                format!("the {noun} of {root}"),
                root.to_string(),
                format!("{root} {noun} Secretariat"),
            ];
            (title, cands)
        }
        "place" => {
            let title = match rng.below(4) {
                0 => format!("{root} Valley"),
                1 => format!("Port {root}"),
                2 => format!("{root} Province"),
                _ => format!("Upper {root}"),
            };
            let cands = vec![
                root.to_string(),
                format!("the {root} region"),
                format!("Old {root}"),
                format!("{root} district"),
            ];
            (title, cands)
        }
        _ => {
            let noun = rng.pick(CONCEPT_NOUNS);
            let title = format!("{root} {noun}");
            let cands = vec![
                acronym(&title),
                format!("the {root} plan"),
                format!("{root} framework"),
                format!("{root} talks"),
            ];
            (title, cands)
        }
    }
}

fn make_entries(rng: &mut Rng, count: usize, max_aliases: usize) -> Vec<Entry> {
    let mut roots = HashSet::new();
    // Every title and alias, lower-cased: no name may be used twice. The
    // filler words are reserved too, so an acronym such as "OF" never turns
    // ordinary words into mentions (were autolinking case-insensitive).
    let mut names: HashSet<String> = WORDS.iter().map(|w| w.to_string()).collect();
    let mut drafts = Vec::with_capacity(count);
    for i in 0..count {
        let kind = KINDS[i % KINDS.len()];
        let root = unique_root(rng, &mut roots);
        let (title, cands) = naming(rng, kind, &root);
        // Roots are unique, so titles are too; this is a safety net.
        let title = if names.insert(title.to_lowercase()) {
            title
        } else {
            numbered(&title, &mut names)
        };
        drafts.push((i, kind, title, cands));
    }
    // Titles are all claimed before any alias, so an alias never takes a
    // later entry's title.
    let mut out = Vec::with_capacity(count);
    for (i, kind, title, mut cands) in drafts {
        let want = if max_aliases == 0 {
            0
        } else {
            rng.range(1, max_aliases)
        };
        rng.shuffle(&mut cands);
        let mut aliases = Vec::with_capacity(want);
        for c in &cands {
            if aliases.len() == want {
                break;
            }
            if names.insert(c.to_lowercase()) {
                aliases.push(c.clone());
            }
        }
        let mut k = 0;
        while aliases.len() < want {
            let base = &cands[k % cands.len()];
            aliases.push(numbered(base, &mut names));
            k += 1;
        }
        out.push(Entry {
            id: format!("entity-{:04}", i + 1),
            title,
            kind,
            aliases,
        });
    }
    out
}

/// `base` with the smallest number (from 2) appended that makes it unique.
fn numbered(base: &str, names: &mut HashSet<String>) -> String {
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|c| names.insert(c.to_lowercase()))
        .unwrap()
}

// ---------------------------------------------------------------------------
// Text

/// Writes one sentence of `len` words to `out`, replacing about one word in
/// 25 with a mention of an entry (from `focus` more often than not).
/// The sentence ends without its full stop, so a citation can follow.
fn sentence(
    rng: &mut Rng,
    out: &mut String,
    len: usize,
    entries: &[Entry],
    focus: &[usize],
    exclude: Option<usize>,
) {
    for w in 0..len {
        if w > 0 {
            out.push(' ');
        }
        if rng.chance(1, 25) && !entries.is_empty() {
            let e = if !focus.is_empty() && rng.chance(3, 5) {
                focus[rng.below(focus.len())]
            } else {
                rng.below(entries.len())
            };
            let name = entries[e].mention(rng);
            // A sentence never opens with "the Karvan": a capital `The`
            // would not match the alias under case-sensitive autolinking.
            if Some(e) != exclude && (w > 0 || name.starts_with(char::is_uppercase)) {
                out.push_str(name);
                continue;
            }
        }
        let word = WORDS[rng.below(WORDS.len())];
        if w == 0 {
            out.push_str(&capitalize(word));
        } else {
            out.push_str(word);
        }
        if w + 1 < len && w > 2 && rng.chance(1, 14) {
            out.push(',');
        }
    }
}

/// A short capitalized phrase without mentions (titles, positions, quotes).
fn phrase(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let mut s = String::new();
    let len = rng.range(lo, hi);
    sentence(rng, &mut s, len, &[], &[], None);
    s
}

fn entry_file(rng: &mut Rng, entries: &[Entry], i: usize) -> String {
    let e = &entries[i];
    let mut s = String::with_capacity(1200);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", q(&e.title));
    let _ = writeln!(s, "kind: {}", e.kind);
    let aliases: Vec<String> = e.aliases.iter().map(|a| q(a)).collect();
    let _ = writeln!(s, "aliases: [{}]", aliases.join(", "));
    let summary = format!("{} ({})", phrase(rng, 8, 14), e.kind);
    let _ = writeln!(s, "summary: {}", q(&format!("{summary}.")));
    let n_related = rng.range(0, 3).min(entries.len() - 1);
    let related: Vec<&str> = rng
        .sample(entries.len() - 1, n_related)
        .into_iter()
        .map(|r| if r >= i { r + 1 } else { r })
        .map(|r| entries[r].id.as_str())
        .collect();
    if !related.is_empty() {
        let _ = writeln!(s, "related: [{}]", related.join(", "));
    }
    s.push_str("---\n");
    for p in 0..2 {
        if p > 0 {
            s.push_str("\n\n");
        }
        let mut words = 0;
        while words < 60 {
            if words > 0 {
                s.push(' ');
            }
            let len = rng.range(8, 16);
            sentence(rng, &mut s, len, entries, &[], Some(i));
            s.push('.');
            words += len;
        }
    }
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------
// Briefings

struct Source {
    id: String,
}

fn briefing_file(rng: &mut Rng, entries: &[Entry], n: usize, prev_source: Option<&str>) -> String {
    let mut s = String::with_capacity(8 * 1024);
    let y = rng.range(2010, 2024);
    let m = rng.range(1, 12);
    let date = Date {
        y,
        m,
        d: rng.range(1, days_in_month(y, m)),
    };

    // Actors first: the title, body and events revolve around them.
    let n_stake = rng.range(3, 6).min(entries.len());
    let stakeholders = rng.sample(entries.len(), n_stake);

    let subject = &entries[stakeholders[0]];
    let object = &entries[stakeholders[n_stake.min(2) - 1]];
    let title = format!(
        "{} {} {} {}",
        subject.title,
        rng.pick(VERBS),
        phrase(rng, 2, 4).to_lowercase(),
        object.mention(rng)
    );

    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", q(&title));
    let _ = writeln!(s, "date: {}", date.full());
    if rng.chance(1, 10) && date.d + 3 <= days_in_month(date.y, date.m) {
        let upd = Date {
            d: date.d + rng.range(1, 3),
            ..date
        };
        let _ = writeln!(s, "updated: {}", upd.full());
    }
    let summary = format!("{}. {}.", phrase(rng, 12, 20), phrase(rng, 8, 14));
    let _ = writeln!(s, "summary: {}", q(&summary));
    let _ = writeln!(s, "dateline: {}", q(rng.pick(DATELINES)));
    let n_auth = rng.range(1, 2);
    let authors: Vec<String> = rng
        .sample(AUTHORS.len(), n_auth)
        .into_iter()
        .map(|a| q(AUTHORS[a]))
        .collect();
    let _ = writeln!(s, "authors: [{}]", authors.join(", "));
    let n_tags = rng.range(2, 3);
    let tags: Vec<&str> = rng
        .sample(TAGS.len(), n_tags)
        .into_iter()
        .map(|t| TAGS[t])
        .collect();
    let _ = writeln!(s, "tags: [{}]", tags.join(", "));

    // Sources.
    let n_src = rng.range(1, 2);
    let sources: Vec<Source> = (1..=n_src)
        .map(|k| Source {
            id: format!("src-{n:05}-{k}"),
        })
        .collect();
    s.push_str("sources:\n");
    for src in &sources {
        let _ = writeln!(s, "  - id: {}", src.id);
        let mut stitle = phrase(rng, 6, 11);
        if rng.chance(1, 4) {
            // Exercise escaping: an inner quotation and an apostrophe.
            stitle = format!("{stitle}: \"{}\" and what's next", phrase(rng, 2, 3));
        }
        let _ = writeln!(s, "    title: {}", q(&stitle));
        let _ = writeln!(s, "    publisher: {}", q(rng.pick(PUBLISHERS)));
        let sdate = date.before(rng, 0);
        if rng.chance(1, 5) {
            let _ = writeln!(
                s,
                "    date: {}",
                q(&format!("{:04}-{:02}", sdate.y, sdate.m))
            );
        } else {
            let _ = writeln!(s, "    date: {}", sdate.full());
        }
        let _ = writeln!(
            s,
            "    url: {}",
            q(&format!(
                "https://news.example.com/{}/{:02}/{}",
                sdate.y, sdate.m, src.id
            ))
        );
        if rng.chance(1, 3) {
            let _ = writeln!(
                s,
                "    ref: {}",
                q(&format!("WIRE{}", rng.range(1000, 9999)))
            );
        }
    }

    // Stakeholders: a mix of the long and the short form.
    s.push_str("stakeholders:\n");
    for &e in &stakeholders {
        if rng.chance(2, 3) {
            let _ = writeln!(s, "  - ref: {}", entries[e].id);
            let _ = writeln!(s, "    position: {}", q(&phrase(rng, 6, 14)));
        } else {
            let _ = writeln!(s, "  - {}", entries[e].id);
        }
    }

    // Events.
    s.push_str("events:\n");
    for _ in 0..rng.range(2, 4) {
        let edate = date.before(rng, 6);
        let _ = writeln!(s, "  - date: {}", edate.any_precision(rng));
        let n_inv = rng.range(1, 3).min(stakeholders.len());
        let involves: Vec<usize> = rng
            .sample(stakeholders.len(), n_inv)
            .into_iter()
            .map(|k| stakeholders[k])
            .collect();
        let mut etitle = format!(
            "{} {}",
            entries[involves[0]].title,
            phrase(rng, 4, 9).to_lowercase()
        );
        if rng.chance(1, 6) {
            etitle.push_str(" as \"final\" offer");
        }
        let _ = writeln!(s, "    title: {}", q(&etitle));
        let _ = writeln!(s, "    source: {}", sources[rng.below(n_src)].id);
        let ids: Vec<&str> = involves.iter().map(|&e| entries[e].id.as_str()).collect();
        let _ = writeln!(s, "    involves: [{}]", ids.join(", "));
    }

    // Quotes, preferably by people.
    s.push_str("quotes:\n");
    let people: Vec<usize> = stakeholders
        .iter()
        .copied()
        .filter(|&e| entries[e].kind == "person")
        .collect();
    for _ in 0..rng.range(1, 2) {
        let by = if people.is_empty() {
            stakeholders[rng.below(stakeholders.len())]
        } else {
            people[rng.below(people.len())]
        };
        let _ = writeln!(s, "  - by: {}", entries[by].id);
        let mut text = format!("{}.", phrase(rng, 8, 18));
        if rng.chance(1, 3) {
            text = format!(
                "We said it was \"{}\" and we meant it. {text}",
                phrase(rng, 1, 3)
            );
        }
        let _ = writeln!(s, "    text: {}", q(&text));
        let _ = writeln!(s, "    source: {}", sources[rng.below(n_src)].id);
    }
    s.push_str("---\n");

    briefing_body(rng, &mut s, entries, &stakeholders, &sources, prev_source);
    s
}

fn briefing_body(
    rng: &mut Rng,
    s: &mut String,
    entries: &[Entry],
    focus: &[usize],
    sources: &[Source],
    prev_source: Option<&str>,
) {
    // About 800 words in all: the paragraph loops overshoot their targets,
    // and mentions, citations and alerts add words of their own.
    const TARGET_WORDS: usize = 640;
    let n_sections = rng.range(4, 6);
    let per_section = TARGET_WORDS / n_sections;
    let mut headings = HEADINGS.to_vec();
    rng.shuffle(&mut headings);

    // Where the one-off features go: (section, paragraph) slots.
    let footnote_at = rng.below(n_sections);
    let alert_at = rng.chance(2, 5).then(|| rng.below(n_sections));
    let wikilink_at = rng.chance(1, 2).then(|| rng.below(n_sections));
    let mut foreign_cite_at = prev_source
        .filter(|_| rng.chance(1, 10))
        .map(|_| rng.below(n_sections));
    // Every declared source is cited at least once, early on.
    let mut uncited: Vec<&str> = sources.iter().map(|x| x.id.as_str()).collect();

    for sec in 0..n_sections {
        s.push('\n');
        if sec > 0 && rng.chance(1, 6) {
            let e = &entries[focus[rng.below(focus.len())]];
            let _ = writeln!(s, "## The role of {}\n", e.title);
        } else {
            let _ = writeln!(s, "## {}\n", headings[sec % headings.len()]);
        }
        let mut words = 0;
        let mut para = 0;
        while words < per_section {
            if para > 0 {
                s.push_str("\n\n");
            }
            let target = rng.range(45, 85).min(per_section - words + 20);
            let mut pw = 0;
            let mut first_sentence = true;
            while pw < target {
                if !first_sentence {
                    s.push(' ');
                }
                let len = rng.range(8, 20);
                sentence(rng, s, len, entries, focus, None);
                pw += len;
                if para == 0 && first_sentence && sec == footnote_at {
                    s.push_str("[^1]");
                }
                if first_sentence && para == 0 && wikilink_at == Some(sec) {
                    let e = &entries[rng.below(entries.len())];
                    if rng.chance(1, 4) && !e.aliases.is_empty() {
                        let _ = write!(s, ", as [[{}|{}]] put it", e.id, e.aliases[0]);
                    } else {
                        let _ = write!(s, ", according to [[{}]]", e.title);
                    }
                }
                if let Some(id) = uncited.pop() {
                    let _ = write!(s, " [@{id}]");
                } else if let Some(id) = prev_source.filter(|_| foreign_cite_at == Some(sec)) {
                    // Cite a source declared by another briefing, once.
                    let _ = write!(s, " [@{id}]");
                    foreign_cite_at = None;
                } else if rng.chance(1, 7) {
                    let id = &sources[rng.below(sources.len())].id;
                    if rng.chance(1, 3) {
                        let _ = write!(s, " [@{id}, para. {}]", rng.range(1, 12));
                    } else {
                        let _ = write!(s, " [@{id}]");
                    }
                }
                s.push('.');
                first_sentence = false;
            }
            words += pw;
            para += 1;
        }
        s.push('\n');
        if alert_at == Some(sec) {
            let kind = rng.pick(ALERTS);
            let mut text = String::new();
            let len = rng.range(12, 24);
            sentence(rng, &mut text, len, entries, focus, None);
            let _ = writeln!(s, "\n> [!{kind}]\n> {text}.");
        }
    }
    let mut note = String::new();
    let len = rng.range(10, 20);
    sentence(rng, &mut note, len, entries, focus, None);
    let _ = writeln!(s, "\n[^1]: {note}.");
}

// ---------------------------------------------------------------------------
// Output

/// True if `dir` holds nothing a previous run of this generator (and a
/// build of its output) would not have written.
fn only_previous_corpus(dir: &Path) -> std::io::Result<bool> {
    for item in fs::read_dir(dir)? {
        let item = item?;
        let name = item.file_name();
        let name = name.to_string_lossy();
        let ok = match name.as_ref() {
            "site.toml" => item.file_type()?.is_file(),
            "content" => item.file_type()?.is_dir() && only_generated_content(&item.path())?,
            n => n.starts_with("public"),
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn only_generated_content(content: &Path) -> std::io::Result<bool> {
    for item in fs::read_dir(content)? {
        let item = item?;
        let name = item.file_name();
        let (prefix, ok) = match name.to_string_lossy().as_ref() {
            "_index.md" => continue,
            "briefings" => ("b-", item.file_type()?.is_dir()),
            "glossary" => ("entity-", item.file_type()?.is_dir()),
            _ => return Ok(false),
        };
        if !ok {
            return Ok(false);
        }
        for f in fs::read_dir(item.path())? {
            let f = f?.file_name();
            let f = f.to_string_lossy();
            let generated = f
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(".md"))
                .is_some_and(|num| !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()));
            if !generated {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

pub fn run(n: usize, dir: &Path, n_entries: usize, max_aliases: usize) -> Result<(), String> {
    let err = |what: &str, p: &Path, e: std::io::Error| format!("{what} {}: {e}", p.display());
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a directory", dir.display()));
        }
        if !only_previous_corpus(dir).map_err(|e| err("cannot read", dir, e))? {
            return Err(format!(
                "{} is not empty and does not hold only a generated corpus; refusing to write there",
                dir.display()
            ));
        }
        let content = dir.join("content");
        if content.exists() {
            fs::remove_dir_all(&content).map_err(|e| err("cannot remove", &content, e))?;
        }
        let toml = dir.join("site.toml");
        if toml.exists() {
            fs::remove_file(&toml).map_err(|e| err("cannot remove", &toml, e))?;
        }
    }
    let briefings_dir = dir.join("content/briefings");
    let glossary_dir = dir.join("content/glossary");
    for d in [&briefings_dir, &glossary_dir] {
        fs::create_dir_all(d).map_err(|e| err("cannot create", d, e))?;
    }
    let write =
        |p: PathBuf, text: &str| fs::write(&p, text).map_err(|e| err("cannot write", &p, e));

    write(
        dir.join("site.toml"),
        &format!(
            "title = \"Benchmark Briefings ({n})\"\n\
             base_url = \"https://example.org/bench/\"\n\
             description = \"A generated corpus of {n} briefings and {n_entries} glossary entries\"\n\
             language = \"en\"\n\
             \n\
             [autolink]\n\
             mode = \"first\"\n\
             case_sensitive = true\n"
        ),
    )?;
    write(
        dir.join("content/_index.md"),
        &format!(
            "---\ntitle: \"Benchmark Briefings\"\n---\n\
             A generated corpus of {n} briefings and {n_entries} glossary entries, \
             made by `examples/gen_corpus.rs` to time builds. The text is filler; \
             the structure (stakeholders, events, quotes, citations, mentions) is real.\n"
        ),
    )?;

    let mut rng = Rng(SEED);
    let entries = make_entries(&mut rng, n_entries, max_aliases);
    for i in 0..entries.len() {
        let text = entry_file(&mut rng, &entries, i);
        write(glossary_dir.join(format!("{}.md", entries[i].id)), &text)?;
    }
    for b in 1..=n {
        let prev = (b > 1).then(|| format!("src-{:05}-1", b - 1));
        let text = briefing_file(&mut rng, &entries, b, prev.as_deref());
        write(briefings_dir.join(format!("b-{b:05}.md")), &text)?;
    }
    println!(
        "wrote {n} briefings and {} glossary entries to {}",
        entries.len(),
        dir.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus N DIR [ENTRIES] [ALIASES]";
    if args.len() < 2 || args.len() > 4 {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let num = |i: usize, what: &str| -> Result<Option<usize>, String> {
        args.get(i)
            .map(|a| {
                a.parse::<usize>()
                    .map_err(|_| format!("{what} must be a whole number, not `{a}`\n{usage}"))
            })
            .transpose()
    };
    let parsed = (|| {
        let n = num(0, "N")?.unwrap_or(0);
        let entries = num(2, "ENTRIES")?.unwrap_or((n / 10).max(10));
        let aliases = num(3, "ALIASES")?.unwrap_or(3);
        if entries == 0 {
            return Err("ENTRIES must be at least 1".to_string());
        }
        Ok((n, entries, aliases))
    })();
    let (n, entries, aliases) = match parsed {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match run(n, Path::new(&args[1]), entries, aliases) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
