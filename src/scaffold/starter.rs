//! The starter site `dossier init` writes: a home page intro, one example
//! briefing and the two glossary entries it mentions. The entries stand on
//! their own (they cite nothing declared in the briefing), so deleting the
//! example briefing leaves a site that builds.

pub(super) const SITE_TOML: &str = r#"title = "Briefings"
base_url = "https://example.org/"
description = "Annotated briefings"
language = "en"

[build]
output_dir = "public"
drafts = false

[autolink]
mode = "first"
case_sensitive = true

[markdown]
smart_punctuation = true
raw_html = "allow"

[check]
citations = "warn"      # off | warn | error: claims without a source
"#;

pub(super) const INDEX: &str = "---\ntitle: Briefings\n---\nAnnotated briefings: every actor explained, every claim traced to its source.\n";

pub(super) const BRIEFING: &str = r#"---
title: "How a briefing is written"
date: 2024-01-15
summary: "A short example of a dossier briefing: front matter, mentions, citations and notes."
dateline: Example City
authors: ["Analysis desk"]
tags: [example]
sources:
  - id: example-report
    title: "An example report"
    publisher: Example Wire
    date: 2024-01-15
stakeholders:
  - ref: example-coalition
    position: "Proposes the plan"
    stance: supports
    source: example-report
    locator: "para. 1"
  - jane-doe
events:
  - date: 2023-09
    title: "The Example Coalition is formed"
    source: example-report
    locator: "para. 2"
    involves: [example-coalition]
quotes:
  - by: jane-doe
    text: "We expect results within the year."
    source: example-report
    locator: "para. 3"
---
The Example Coalition has put forward a plan [@example-report, para. 1]. Its
spokeswoman, Jane Doe, expects results within the year [@example-report,
para. 3].[^1]

> [!NOTE]
> Callouts like this one carry editorial notes. Every paragraph and list
> item outside them should cite a source: `dossier check` counts the
> claims without one.

## What to watch

Whether [[example-coalition|the coalition]] holds together, which the
report leaves open [@example-report, para. 4].

[^1]: Footnotes appear in the margin on wide screens.
"#;

pub(super) const ENTRY_GROUP: &str = r#"---
title: Example Coalition
kind: group
aliases: ["the Coalition"]
summary: "An example group, to show how glossary entries work."
related: [jane-doe]
---
Every mention of the Example Coalition in a briefing links here.
"#;

pub(super) const ENTRY_PERSON: &str = r#"---
title: Jane Doe
kind: person
aliases: ["Doe"]
summary: "Spokeswoman of the Example Coalition."
related: [example-coalition]
---
Jane Doe speaks for the [[example-coalition|coalition]].
"#;
