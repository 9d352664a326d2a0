//! An entry's neighbourhood: the entry in the middle, its typed relations
//! and the actors it shares the most briefings with around it, each a link
//! to its page.

use super::Svg;

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
    let mut lines = String::with_capacity(160 * shown.len());
    let mut nodes = String::with_capacity(320 * shown.len());
    let count = shown.len() as f64;
    for (i, nb) in shown.iter().enumerate() {
        // Start at the top and go round clockwise; a small turn keeps a
        // lone pair of neighbours off the vertical, where labels collide.
        let a = -std::f64::consts::FRAC_PI_2 + 0.3 + i as f64 * std::f64::consts::TAU / count;
        let (x, y) = (cx + RX * a.cos(), cy + RY * a.sin());
        Svg(&mut lines)
            .s("<line class=\"")
            .s(if nb.typed {
                "edge typed"
            } else {
                "edge shared"
            })
            .s("\" x1=\"")
            .n(cx)
            .s("\" y1=\"")
            .n(cy)
            .s("\" x2=\"")
            .n(x)
            .s("\" y2=\"")
            .n(y)
            .s("\"/>");
        // Only named relations are written on their line; counts of shared
        // briefings are in the tooltip, where they do not crowd the middle.
        if nb.typed && !nb.label.is_empty() {
            let (mx, my) = ((cx + x) / 2.0, (cy + y) / 2.0);
            Svg(&mut lines)
                .s("<text class=\"edge-label\" x=\"")
                .n(mx)
                .s("\" y=\"")
                .n(my - 3.0)
                .s("\">")
                .clipped(&nb.label, 28)
                .s("</text>");
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
        Svg(&mut nodes)
            .s("<a href=\"")
            .e(nb.href)
            .s("\"><title>")
            .e(&nb.tip)
            .s("</title><circle class=\"node")
            .s(if nb.typed { " typed" } else { "" })
            .s("\" cx=\"")
            .n(x)
            .s("\" cy=\"")
            .n(y)
            .s("\" r=\"6\"/><text class=\"node-label\" x=\"")
            .n(x + dx)
            .s("\" y=\"")
            .n(y + dy)
            .s("\" text-anchor=\"")
            .s(anchor)
            .s("\">")
            .clipped(nb.title, 24)
            .s("</text></a>");
    }
    let all = shown.len() + more;
    let mut svg = String::with_capacity(lines.len() + nodes.len() + 600);
    Svg(&mut svg)
        .s("<svg class=\"picture neighbourhood-picture\" viewBox=\"0 0 ")
        .n(WIDTH)
        .s(" ")
        .n(HEIGHT)
        .s("\" width=\"")
        .n(WIDTH)
        .s("\" height=\"")
        .n(HEIGHT)
        .s("\" aria-labelledby=\"neighbourhood-title\"><title id=\"neighbourhood-title\">")
        .e(title)
        .s(" and ")
        .u(all)
        .s(if all == 1 {
            " related entry"
        } else {
            " related entries"
        });
    if more > 0 {
        Svg(&mut svg)
            .s("; the ")
            .u(shown.len())
            .s(" closest are drawn");
    }
    Svg(&mut svg)
        .s("</title>")
        .s(&lines)
        .s("<circle class=\"node centre\" cx=\"")
        .n(cx)
        .s("\" cy=\"")
        .n(cy)
        .s("\" r=\"9\"/><text class=\"node-label centre\" x=\"")
        .n(cx)
        .s("\" y=\"")
        .n(cy + 24.0)
        .s("\" text-anchor=\"middle\">")
        .clipped(title, 30)
        .s("</text>")
        .s(&nodes);
    if more > 0 {
        Svg(&mut svg)
            .s("<text class=\"more-label\" x=\"")
            .n(12.0)
            .s("\" y=\"")
            .n(HEIGHT - 8.0)
            .s("\">and ")
            .u(more)
            .s(" more not drawn</text>");
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
