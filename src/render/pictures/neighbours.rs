//! An entry's neighbourhood: the entry in the middle, its typed relations
//! and the actors it shares the most briefings with around it, each a link
//! to its page.

use std::fmt::Write;

use super::{clip, esc, n};

/// One entry around the middle.
pub struct Neighbour<'a> {
    pub title: &'a str,
    pub href: &'a str,
    /// What the line says ("affiliate of"), written on it for a typed
    /// relation: empty for none.
    pub label: String,
    /// The relation as a sentence, for the tooltip.
    pub tip: String,
    /// A declared relation (solid line) or shared briefings (dashed).
    pub typed: bool,
}

/// Neighbours drawn at most; the rest are counted under the picture.
pub const MAX_NEIGHBOURS: usize = 12;
const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 380.0;
const RX: f64 = 220.0;
const RY: f64 = 140.0;

/// The picture, or nothing when the entry has no neighbours. `more` counts
/// neighbours left out before this call, on top of those past the cap.
pub fn neighbourhood(title: &str, neighbours: &[Neighbour<'_>], more: usize) -> Option<String> {
    if neighbours.is_empty() {
        return None;
    }
    let shown = &neighbours[..neighbours.len().min(MAX_NEIGHBOURS)];
    let more = more + neighbours.len() - shown.len();
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let mut lines = String::new();
    let mut nodes = String::new();
    let count = shown.len() as f64;
    for (i, nb) in shown.iter().enumerate() {
        // Start at the top and go round clockwise; a small turn keeps a
        // lone pair of neighbours off the vertical, where labels collide.
        let a = -std::f64::consts::FRAC_PI_2 + 0.3 + i as f64 * std::f64::consts::TAU / count;
        let (x, y) = (cx + RX * a.cos(), cy + RY * a.sin());
        let _ = write!(
            lines,
            "<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            if nb.typed {
                "edge typed"
            } else {
                "edge shared"
            },
            n(cx),
            n(cy),
            n(x),
            n(y)
        );
        // Only named relations are written on their line; counts of shared
        // briefings are in the tooltip, where they do not crowd the middle.
        if nb.typed && !nb.label.is_empty() {
            let (mx, my) = ((cx + x) / 2.0, (cy + y) / 2.0);
            let _ = write!(
                lines,
                "<text class=\"edge-label\" x=\"{}\" y=\"{}\">{}</text>",
                n(mx),
                n(my - 3.0),
                esc(&clip(&nb.label, 28))
            );
        }
        let (anchor, dx) = if a.cos() > 0.25 {
            ("start", 10.0)
        } else if a.cos() < -0.25 {
            ("end", -10.0)
        } else {
            ("middle", 0.0)
        };
        let dy = if anchor == "middle" {
            if a.sin() < 0.0 { -10.0 } else { 18.0 }
        } else {
            4.0
        };
        let _ = write!(
            nodes,
            "<a href=\"{href}\"><title>{tip}</title><circle class=\"node{typed}\" cx=\"{x}\" cy=\"{y}\" r=\"6\"/><text class=\"node-label\" x=\"{tx}\" y=\"{ty}\" text-anchor=\"{anchor}\">{text}</text></a>",
            href = esc(nb.href),
            tip = esc(&nb.tip),
            typed = if nb.typed { " typed" } else { "" },
            x = n(x),
            y = n(y),
            tx = n(x + dx),
            ty = n(y + dy),
            text = esc(&clip(nb.title, 24)),
        );
    }
    let mut svg = String::new();
    let desc = format!(
        "{} and {} related entr{}{}",
        title,
        shown.len() + more,
        if shown.len() + more == 1 { "y" } else { "ies" },
        if more > 0 {
            format!("; the {} closest are drawn", shown.len())
        } else {
            String::new()
        }
    );
    let _ = write!(
        svg,
        "<svg class=\"picture neighbourhood-picture\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" aria-labelledby=\"neighbourhood-title\"><title id=\"neighbourhood-title\">{desc}</title>{lines}<circle class=\"node centre\" cx=\"{cx}\" cy=\"{cy}\" r=\"9\"/><text class=\"node-label centre\" x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\">{name}</text>{nodes}",
        w = n(WIDTH),
        h = n(HEIGHT),
        desc = esc(&desc),
        cx = n(cx),
        cy = n(cy),
        ty = n(cy + 24.0),
        name = esc(&clip(title, 30)),
    );
    if more > 0 {
        let _ = write!(
            svg,
            "<text class=\"more-label\" x=\"{}\" y=\"{}\">and {more} more not drawn</text>",
            n(12.0),
            n(HEIGHT - 8.0)
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_every_neighbour_and_escapes_names() {
        let nbs = [
            Neighbour {
                title: "Al-Qaida <core>",
                href: "/glossary/al-qaida/",
                label: "affiliate of".into(),
                tip: "Nusra & co affiliate of Al-Qaida <core>".into(),
                typed: true,
            },
            Neighbour {
                title: "Russia",
                href: "/glossary/russia/",
                label: "2 shared briefings".into(),
                tip: "2 shared briefings".into(),
                typed: false,
            },
        ];
        let svg = neighbourhood("Nusra & co", &nbs, 0).unwrap();
        assert!(svg.contains("href=\"/glossary/al-qaida/\""), "{svg}");
        assert!(svg.contains("href=\"/glossary/russia/\""), "{svg}");
        assert!(svg.contains("Al-Qaida &lt;core&gt;"), "{svg}");
        assert!(svg.contains("Nusra &amp; co"), "{svg}");
        assert!(svg.contains("edge typed") && svg.contains("edge shared"));
        assert!(!svg.contains("more not drawn"));
    }

    #[test]
    fn caps_and_says_so() {
        let names: Vec<String> = (0..3000).map(|i| format!("Actor {i}")).collect();
        let nbs: Vec<Neighbour<'_>> = names
            .iter()
            .map(|t| Neighbour {
                title: t,
                href: "/x/",
                label: "1 shared briefing".into(),
                tip: String::new(),
                typed: false,
            })
            .collect();
        let svg = neighbourhood("Hub", &nbs, 5).unwrap();
        assert_eq!(svg.matches("<a href").count(), MAX_NEIGHBOURS);
        assert!(svg.contains("and 2993 more not drawn"), "{svg}");
        assert!(svg.len() < 12_000, "{}", svg.len());
    }

    #[test]
    fn nothing_around_no_picture() {
        assert!(neighbourhood("Alone", &[], 0).is_none());
    }
}
