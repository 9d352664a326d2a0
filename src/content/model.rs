//! The typed front matter of briefings and glossary entries (SPEC §3, §4).
//!
//! Every struct denies unknown keys, so a typo is an error with a
//! did-you-mean rather than a silently ignored field. Ids that point at
//! other content are [`Located`], so the link phase can report an unknown
//! id at the place it was written.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::yaml::Located;
use crate::date::PartialDate;

/// Front matter of a briefing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingFront {
    pub title: String,
    pub date: Located<PartialDate>,
    #[serde(default)]
    pub updated: Option<Located<PartialDate>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Located<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub sources: Vec<SourceFront>,
    #[serde(default)]
    pub stakeholders: Vec<Located<StakeholderFront>>,
    /// Located, so a claim without a source is reported at its item.
    #[serde(default)]
    pub events: Vec<Located<EventFront>>,
    #[serde(default)]
    pub quotes: Vec<Located<QuoteFront>>,
}

/// A document a briefing or entry rests on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFront {
    pub id: Located<String>,
    #[serde(default)]
    pub title: Option<String>,
    pub publisher: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// An absolute http(s) URL: anything else could run script when clicked.
    #[serde(default, deserialize_with = "http_url")]
    pub url: Option<String>,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
}

/// Reads a source's `url`, refusing all but absolute `http(s)` URLs.
fn http_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let url = Option::<String>::deserialize(d)?;
    if let Some(u) = &url {
        check_http_url(u).map_err(de::Error::custom)?;
    }
    Ok(url)
}

/// Whether `url` is an absolute `http(s)` URL with a host and no spaces or
/// control characters; the error says what is wrong in an author's terms.
pub fn check_http_url(url: &str) -> Result<(), String> {
    let shown = || url.escape_debug().collect::<String>();
    let scheme = url
        .get(..8)
        .filter(|s| s.eq_ignore_ascii_case("https://"))
        .or_else(|| url.get(..7).filter(|s| s.eq_ignore_ascii_case("http://")));
    let Some(rest) = scheme.map(|s| &url[s.len()..]) else {
        return Err(format!(
            "the URL `{}` is not an absolute http(s) URL",
            shown()
        ));
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "the URL `{}` contains spaces or control characters",
            shown()
        ));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with('@') {
        return Err(format!("the URL `{}` has no host", shown()));
    }
    Ok(())
}

/// An actor's stance toward the subject of a briefing, as its sources
/// report it; it groups the stakeholder panel.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supports,
    Opposes,
    Mixed,
    Neutral,
    #[default]
    Unclear,
}

impl Stance {
    /// In the order the stakeholder panel shows them.
    pub const ALL: [Stance; 5] = [
        Stance::Supports,
        Stance::Opposes,
        Stance::Mixed,
        Stance::Neutral,
        Stance::Unclear,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Opposes => "opposes",
            Stance::Mixed => "mixed",
            Stance::Neutral => "neutral",
            Stance::Unclear => "unclear",
        }
    }

    /// The heading of a group of stakeholders with this stance.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Supports => "Supports",
            Stance::Opposes => "Opposes",
            Stance::Mixed => "Mixed",
            Stance::Neutral => "Neutral",
            Stance::Unclear => "Unclear",
        }
    }
}

/// An actor of a briefing: a bare glossary id, or a map with `ref` and
/// optionally `position`, `stance`, `source` and `locator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeholderFront {
    pub id: String,
    /// Where the id itself was written, in the long form.
    pub id_pos: Option<crate::diagnostics::Pos>,
    pub position: Option<String>,
    pub stance: Stance,
    /// The source the position is taken from.
    pub source: Option<Located<String>>,
    /// Where in the source (`para. 4`).
    pub locator: Option<String>,
}

impl StakeholderFront {
    fn bare(id: &str) -> Self {
        StakeholderFront {
            id: id.to_string(),
            id_pos: None,
            position: None,
            stance: Stance::default(),
            source: None,
            locator: None,
        }
    }
}

/// Stores `value` in `slot`, refusing a key given twice.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value::<T>()?);
    Ok(())
}

impl<'de> Deserialize<'de> for StakeholderFront {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StakeholderVisitor;
        const FIELDS: &[&str] = &["ref", "position", "stance", "source", "locator"];
        impl<'de> Visitor<'de> for StakeholderVisitor {
            type Value = StakeholderFront;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a glossary id, or a map with `ref` and `position`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StakeholderFront, E> {
                Ok(StakeholderFront::bare(v))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<StakeholderFront, A::Error> {
                let mut id: Option<Located<String>> = None;
                let mut position = None;
                let mut stance = None;
                let mut source = None;
                let mut locator = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "ref" => once(&mut map, &mut id, "ref")?,
                        "position" => once(&mut map, &mut position, "position")?,
                        "stance" => once(&mut map, &mut stance, "stance")?,
                        "source" => once(&mut map, &mut source, "source")?,
                        "locator" => once(&mut map, &mut locator, "locator")?,
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("ref"))?;
                Ok(StakeholderFront {
                    id: id.value,
                    id_pos: Some(id.pos),
                    position,
                    stance: stance.unwrap_or_default(),
                    source,
                    locator,
                })
            }
        }
        d.deserialize_any(StakeholderVisitor)
    }
}

/// A related entry of a glossary entry: a bare id, or `{ref, relation}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedFront {
    pub id: String,
    /// Where the id itself was written, in the long form.
    pub id_pos: Option<crate::diagnostics::Pos>,
    /// Free text read as "this entry is <relation> the other" ("affiliate of").
    pub relation: Option<String>,
}

impl<'de> Deserialize<'de> for RelatedFront {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RelatedVisitor;
        const FIELDS: &[&str] = &["ref", "relation"];
        impl<'de> Visitor<'de> for RelatedVisitor {
            type Value = RelatedFront;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a glossary id, or a map with `ref` and `relation`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RelatedFront, E> {
                Ok(RelatedFront {
                    id: v.to_string(),
                    id_pos: None,
                    relation: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RelatedFront, A::Error> {
                let mut id: Option<Located<String>> = None;
                let mut relation = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "ref" => once(&mut map, &mut id, "ref")?,
                        "relation" => once(&mut map, &mut relation, "relation")?,
                        other => return Err(de::Error::unknown_field(other, FIELDS)),
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("ref"))?;
                Ok(RelatedFront {
                    id: id.value,
                    id_pos: Some(id.pos),
                    relation,
                })
            }
        }
        d.deserialize_any(RelatedVisitor)
    }
}

/// A dated event, gathered into the site timeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFront {
    pub date: PartialDate,
    pub title: String,
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Where in the source (`para. 3`).
    #[serde(default)]
    pub locator: Option<String>,
    #[serde(default)]
    pub involves: Vec<Located<String>>,
}

/// An attributed statement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFront {
    pub by: Located<String>,
    pub text: String,
    #[serde(default)]
    pub source: Option<Located<String>>,
    /// Where in the source.
    #[serde(default)]
    pub locator: Option<String>,
}

/// What a glossary entry is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Group,
    Person,
    State,
    Organization,
    Place,
    Concept,
    Event,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Group,
        Kind::Person,
        Kind::State,
        Kind::Organization,
        Kind::Place,
        Kind::Concept,
        Kind::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Person => "person",
            Kind::State => "state",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Concept => "concept",
            Kind::Event => "event",
        }
    }

    /// The heading for a group of entries of this kind.
    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::Group => "Groups",
            Kind::Person => "People",
            Kind::State => "States",
            Kind::Organization => "Organizations",
            Kind::Place => "Places",
            Kind::Concept => "Concepts",
            Kind::Event => "Events",
        }
    }
}

/// Front matter of a glossary entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryFront {
    pub title: Located<String>,
    pub kind: Kind,
    #[serde(default)]
    pub aliases: Vec<Located<String>>,
    pub summary: String,
    #[serde(default)]
    pub related: Vec<Located<RelatedFront>>,
    /// Key for A-Z lists; default: the title without a leading article or
    /// Arabic article ("The", "al-", "el-").
    #[serde(default)]
    pub sort_as: Option<String>,
    #[serde(default)]
    pub sources: Vec<SourceFront>,
    #[serde(default = "yes")]
    pub autolink: bool,
}

fn yes() -> bool {
    true
}

/// Front matter of the home page intro (`content/_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexFront {
    #[serde(default)]
    pub title: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml;
    use std::path::Path;

    #[test]
    fn stakeholders_take_both_forms() {
        let text = "---\ntitle: t\ndate: 2016-07-15\nstakeholders:\n  - ref: united-states\n    position: Offers a deal\n  - vladimir-putin\n";
        let b: BriefingFront = yaml::parse(text, Path::new("b.md")).unwrap();
        assert_eq!(b.stakeholders[0].value.id, "united-states");
        assert_eq!(
            b.stakeholders[0].value.position.as_deref(),
            Some("Offers a deal")
        );
        assert_eq!(b.stakeholders[1].value.id, "vladimir-putin");
        assert_eq!(
            b.stakeholders[0].value.id_pos.map(|p| (p.line, p.col)),
            Some((5, 10))
        );
        assert_eq!(b.stakeholders[1].pos.line, 7);
    }

    #[test]
    fn stakeholders_carry_stance_source_and_locator() {
        let text = "---\ntitle: t\ndate: 2016-07-15\nstakeholders:\n  - ref: russia\n    stance: opposes\n    source: ap\n    locator: para. 4\n  - syria\n";
        let b: BriefingFront = yaml::parse(text, Path::new("b.md")).unwrap();
        let s = &b.stakeholders[0].value;
        assert_eq!(s.stance, Stance::Opposes);
        assert_eq!(s.source.as_ref().map(|x| x.value.as_str()), Some("ap"));
        assert_eq!(s.source.as_ref().map(|x| x.pos.line), Some(7));
        assert_eq!(s.locator.as_deref(), Some("para. 4"));
        assert_eq!(b.stakeholders[1].value.stance, Stance::Unclear);
    }

    #[test]
    fn unknown_stance_suggests() {
        let text = "---\ntitle: t\ndate: 2016-07-15\nstakeholders:\n  - ref: russia\n    stance: suports\n";
        let err = yaml::parse::<BriefingFront>(text, Path::new("b.md"))
            .unwrap_err()
            .remove(0);
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `supports`?"),
            "{err:?}"
        );
        assert_eq!(err.pos.map(|p| p.line), Some(6), "{err:?}");
    }

    #[test]
    fn related_takes_both_forms() {
        let text = "---\ntitle: t\nkind: group\nsummary: s\nrelated:\n  - ref: al-qaida\n    relation: affiliate of\n  - islamic-state\nsort_as: Front\n";
        let e: EntryFront = yaml::parse(text, Path::new("e.md")).unwrap();
        assert_eq!(e.related[0].value.id, "al-qaida");
        assert_eq!(e.related[0].value.relation.as_deref(), Some("affiliate of"));
        assert_eq!(e.related[0].value.id_pos.map(|p| p.line), Some(6));
        assert_eq!(e.related[1].value.id, "islamic-state");
        assert_eq!(e.related[1].value.relation, None);
        assert_eq!(e.sort_as.as_deref(), Some("Front"));
    }

    #[test]
    fn stakeholder_with_unknown_key_is_located() {
        let text = "---\ntitle: t\ndate: 2016-07-15\nstakeholders:\n  - ref: x\n    postion: y\n";
        let err = yaml::parse::<BriefingFront>(text, Path::new("b.md"))
            .unwrap_err()
            .remove(0);
        assert!(err.message.contains("unknown key `postion`"), "{err:?}");
        assert_eq!(err.help.as_deref(), Some("did you mean `position`?"));
        assert_eq!(err.pos.map(|p| p.line), Some(6), "{err:?}");
    }

    #[test]
    fn impossible_date_is_located() {
        let text = "---\ntitle: t\ndate: 2016-02-30\n";
        let err = yaml::parse::<BriefingFront>(text, Path::new("b.md"))
            .unwrap_err()
            .remove(0);
        assert!(err.message.contains("not a real calendar date"), "{err:?}");
        assert_eq!(err.pos.map(|p| p.line), Some(3), "{err:?}");
    }

    #[test]
    fn unknown_kind_suggests() {
        let text = "---\ntitle: t\nkind: grop\nsummary: s\n";
        let err = yaml::parse::<EntryFront>(text, Path::new("e.md"))
            .unwrap_err()
            .remove(0);
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `group`?"),
            "{err:?}"
        );
    }

    #[test]
    fn year_only_dates_parse_from_numbers() {
        let text =
            "---\ntitle: t\ndate: 2016-07-15\nevents:\n  - date: 2011\n    title: War begins\n";
        let b: BriefingFront = yaml::parse(text, Path::new("b.md")).unwrap();
        assert_eq!(b.events[0].value.date.to_string(), "2011");
        assert_eq!(b.events[0].pos.line, 5);
    }
}
