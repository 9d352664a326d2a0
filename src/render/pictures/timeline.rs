//! The timeline to scale: a ruler of years (or months, for a short span),
//! each event placed at its date and drawn as wide as its precision (a day
//! is a dot, a month or a year a bar over the time it covers), so that the
//! spacing of events and the gaps between them read at a glance.

use std::fmt::Write;

use super::Svg;
use crate::date::PartialDate;

/// One event to draw.
pub struct Mark<'a> {
    pub date: PartialDate,
    pub title: &'a str,
    /// Where the event is described (its briefing), if anywhere.
    pub href: Option<&'a str>,
}

/// Past this many events the picture shows counts per year instead of one
/// mark per event: a page with thousands of events keeps a small picture.
pub const MAX_MARKS: usize = 400;
/// Rows of marks; events that find no free row share the last one.
const MAX_LANES: usize = 6;
const WIDTH: f64 = 720.0;
const SIDE: f64 = 14.0;
const RULER: f64 = 30.0;
const LANE: f64 = 16.0;

/// The picture, or nothing when there are no events. `label` names what the
/// timeline covers ("the events of this briefing").
pub fn timeline(marks: &[Mark<'_>], label: &str) -> Option<String> {
    let spans: Vec<(i64, i64)> = marks.iter().map(|m| span(m.date)).collect();
    let first = spans.iter().map(|s| s.0).min()?;
    let last = spans.iter().map(|s| s.1).max()?;
    let scale = Scale::new(first, last);
    let mut body = String::new();
    ruler(&scale, &mut body);
    let (lanes, summary) = if marks.len() > MAX_MARKS {
        (year_counts(marks, &scale, &mut body), true)
    } else {
        (event_marks(marks, &spans, &scale, &mut body), false)
    };
    gaps(&spans, &scale, RULER + lanes as f64 * LANE, &mut body);
    let height = RULER + lanes as f64 * LANE + 18.0;
    let (from, to) = (
        marks.iter().map(|m| m.date).min()?,
        marks.iter().map(|m| m.date).max()?,
    );
    let mut desc = format!(
        "{} event{} from {} to {}, drawn to scale.",
        marks.len(),
        if marks.len() == 1 { "" } else { "s" },
        from.human(),
        to.human()
    );
    if summary {
        let _ = write!(
            desc,
            " More than {MAX_MARKS} events: each bar counts the events of one year."
        );
    }
    let mut svg = String::with_capacity(body.len() + 2 * (label.len() + desc.len()) + 240);
    Svg(&mut svg)
        .s("<svg class=\"picture timeline-picture\" viewBox=\"0 0 ")
        .n(WIDTH)
        .s(" ")
        .n(height)
        .s("\" width=\"")
        .n(WIDTH)
        .s("\" height=\"")
        .n(height)
        .s("\" role=\"img\" aria-label=\"Timeline of ")
        .e(label)
        .s(": ")
        .e(&desc)
        .s("\"><title>Timeline of ")
        .e(label)
        .s("</title><desc>")
        .e(&desc)
        .s("</desc>")
        .s(&body)
        .s("</svg>");
    Some(svg)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The days a date covers, as `[start, end)`.
fn span(d: PartialDate) -> (i64, i64) {
    let y = i64::from(d.year());
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => {
            let s = days(y, m.into(), day.into());
            (s, s + 1)
        }
        (Some(m), None) => {
            let m = i64::from(m);
            let next = if m == 12 {
                days(y + 1, 1, 1)
            } else {
                days(y, m + 1, 1)
            };
            (days(y, m, 1), next)
        }
        _ => (days(y, 1, 1), days(y + 1, 1, 1)),
    }
}

/// Maps days to x.
struct Scale {
    start: i64,
    end: i64,
}

impl Scale {
    fn new(first: i64, last: i64) -> Scale {
        // At least two months wide, so a single day is not a full-width bar,
        // with a little room either side.
        let (mut start, mut end) = (first, last.max(first + 1));
        if end - start < 60 {
            let mid = (start + end) / 2;
            start = mid - 30;
            end = mid + 30;
        }
        let pad = ((end - start) / 40).max(1);
        Scale {
            start: start - pad,
            end: end + pad,
        }
    }

    fn x(&self, day: i64) -> f64 {
        SIDE + (day - self.start) as f64 * (WIDTH - 2.0 * SIDE) / (self.end - self.start) as f64
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Ticks at the start of years (every 1, 2, 5, 10 … years, at most about
/// ten), or of months for spans under two years.
fn ruler(scale: &Scale, out: &mut String) {
    Svg(out)
        .s("<line class=\"axis\" x1=\"")
        .n(SIDE)
        .s("\" y1=\"")
        .n(RULER - 8.0)
        .s("\" x2=\"")
        .n(WIDTH - SIDE)
        .s("\" y2=\"")
        .n(RULER - 8.0)
        .s("\"/>");
    let first_year = year_of(scale.start);
    let last_year = year_of(scale.end);
    let years = last_year - first_year + 1;
    let mut ticks: Vec<(i64, String)> = Vec::new();
    if years <= 2 {
        let step = if scale.end - scale.start > 400 { 3 } else { 1 };
        for y in first_year..=last_year {
            for m in (1..=12).step_by(step) {
                let d = days(y, m, 1);
                if d >= scale.start && d <= scale.end {
                    let label = if m == 1 || ticks.is_empty() {
                        format!("{} {y}", MONTHS[m as usize - 1])
                    } else {
                        MONTHS[m as usize - 1].to_string()
                    };
                    ticks.push((d, label));
                }
            }
        }
    } else {
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
            .into_iter()
            .find(|s| years / s <= 10)
            .unwrap_or(10_000);
        let mut y = first_year.div_euclid(step) * step;
        while y <= last_year {
            let d = days(y, 1, 1);
            if d >= scale.start && d <= scale.end {
                ticks.push((d, y.to_string()));
            }
            y += step;
        }
    }
    for (d, label) in ticks {
        let x = scale.x(d);
        Svg(out)
            .s("<line class=\"tick\" x1=\"")
            .n(x)
            .s("\" y1=\"")
            .n(RULER - 12.0)
            .s("\" x2=\"")
            .n(x)
            .s("\" y2=\"")
            .n(RULER - 4.0)
            .s("\"/><text class=\"tick-label\" x=\"")
            .n(x)
            .s("\" y=\"")
            .n(RULER - 14.0)
            .s("\">")
            .e(&label)
            .s("</text>");
    }
}

/// The year a day falls in.
fn year_of(day: i64) -> i64 {
    let mut y = 1970 + day.div_euclid(365);
    while days(y, 1, 1) > day {
        y -= 1;
    }
    while days(y + 1, 1, 1) <= day {
        y += 1;
    }
    y
}

/// One mark per event, in rows so that marks do not overlap while there are
/// rows left. Returns the number of rows used.
fn event_marks(marks: &[Mark<'_>], spans: &[(i64, i64)], scale: &Scale, out: &mut String) -> usize {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, marks[i].date, i));
    let mut lane_end: Vec<f64> = Vec::new();
    for i in order {
        let (s, e) = spans[i];
        let (x0, x1) = (scale.x(s), scale.x(e));
        let day = marks[i].date.has_day();
        // A dot is 8 px wide; a bar at least 3.
        let (left, right) = if day {
            ((x0 + x1) / 2.0 - 4.0, (x0 + x1) / 2.0 + 4.0)
        } else {
            (x0, x1.max(x0 + 3.0))
        };
        let lane = match lane_end.iter().position(|&end| end + 2.0 <= left) {
            Some(l) => l,
            None if lane_end.len() < MAX_LANES => {
                lane_end.push(f64::MIN);
                lane_end.len() - 1
            }
            None => (0..lane_end.len())
                .min_by(|&a, &b| lane_end[a].total_cmp(&lane_end[b]))
                .unwrap_or(0),
        };
        lane_end[lane] = lane_end[lane].max(right);
        let cy = RULER + lane as f64 * LANE + LANE / 2.0;
        let m = &marks[i];
        // Written straight into the picture: a large site draws some
        // 200,000 marks.
        match m.href {
            Some(href) => Svg(out).s("<a href=\"").e(href).s("\"><title>"),
            None => Svg(out).s("<g><title>"),
        };
        m.date.push_human(out);
        Svg(out).s(": ").clipped(m.title, 160).s("</title>");
        if day {
            Svg(out)
                .s("<circle class=\"event-dot\" cx=\"")
                .n((x0 + x1) / 2.0)
                .s("\" cy=\"")
                .n(cy)
                .s("\" r=\"4\"/>");
        } else {
            Svg(out)
                .s("<rect class=\"event-span\" x=\"")
                .n(left)
                .s("\" y=\"")
                .n(cy - 4.0)
                .s("\" width=\"")
                .n(right - left)
                .s("\" height=\"8\" rx=\"2\"/>");
        }
        out.push_str(if m.href.is_some() { "</a>" } else { "</g>" });
    }
    lane_end.len().max(1)
}

/// Counts per year as bars, for pages with more events than marks.
fn year_counts(marks: &[Mark<'_>], scale: &Scale, out: &mut String) -> usize {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for m in marks {
        *counts.entry(i64::from(m.date.year())).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or(1) as f64;
    let rows = 4;
    let full = rows as f64 * LANE - 4.0;
    for (y, c) in counts {
        let (x0, x1) = (scale.x(days(y, 1, 1)), scale.x(days(y + 1, 1, 1)));
        let h = (c as f64 / most * full).max(2.0);
        let _ = write!(out, "<g><title>{y}: {c} events</title>");
        Svg(out)
            .s("<rect class=\"event-count\" x=\"")
            .n(x0 + 0.5)
            .s("\" y=\"")
            .n(RULER + full - h)
            .s("\" width=\"")
            .n((x1 - x0 - 1.0).max(1.0))
            .s("\" height=\"")
            .n(h)
            .s("\"/></g>");
    }
    rows
}

/// Names long stretches without events, so an empty stretch reads as a gap
/// in the record and not as a drawing fault.
fn gaps(spans: &[(i64, i64)], scale: &Scale, y: f64, out: &mut String) {
    let mut sorted: Vec<(i64, i64)> = spans.to_vec();
    sorted.sort_unstable();
    let mut reach = i64::MIN;
    for (s, e) in sorted {
        if reach != i64::MIN && s - reach >= 730 {
            let (x0, x1) = (scale.x(reach), scale.x(s));
            if x1 - x0 >= 90.0 {
                // At least two: the stretch is 730 days or more.
                let years = ((s - reach) / 365).unsigned_abs() as usize;
                Svg(out)
                    .s("<text class=\"gap-label\" x=\"")
                    .n((x0 + x1) / 2.0)
                    .s("\" y=\"")
                    .n(y + 12.0)
                    .s("\">")
                    .u(years)
                    .s(" years without events</text>");
            }
        }
        reach = reach.max(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn days_match_the_calendar() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2000, 3, 1), 11_017);
        assert_eq!(days(2016, 7, 15) - days(2016, 7, 14), 1);
        assert_eq!(year_of(days(2016, 12, 31)), 2016);
        assert_eq!(year_of(days(2017, 1, 1)), 2017);
    }

    #[test]
    fn precision_is_a_span() {
        assert_eq!(span(date("2016")).1 - span(date("2016")).0, 366);
        assert_eq!(span(date("2016-02")).1 - span(date("2016-02")).0, 29);
        assert_eq!(span(date("2016-02-03")).1 - span(date("2016-02-03")).0, 1);
    }

    #[test]
    fn draws_dots_and_bars_and_escapes_titles() {
        let marks = [
            Mark {
                date: date("2015"),
                title: "A year <b>& more",
                href: Some("/briefings/a/?x=1&y=2"),
            },
            Mark {
                date: date("2016-07-14"),
                title: "Kerry \"meets\" Putin",
                href: None,
            },
        ];
        let svg = timeline(&marks, "<this> briefing").unwrap();
        assert!(svg.contains("class=\"event-span\""), "{svg}");
        assert!(svg.contains("class=\"event-dot\""), "{svg}");
        assert!(svg.contains("A year &lt;b&gt;&amp; more"), "{svg}");
        assert!(svg.contains("Kerry &quot;meets&quot; Putin"), "{svg}");
        assert!(svg.contains("href=\"/briefings/a/?x=1&amp;y=2\""), "{svg}");
        assert!(svg.contains("&lt;this&gt; briefing"), "{svg}");
        assert!(!svg.contains("<b>"), "{svg}");
        assert!(svg.contains(">2015<") && svg.contains(">2016<"), "{svg}");
    }

    #[test]
    fn a_long_gap_is_named() {
        let marks = [
            Mark {
                date: date("2001-01-01"),
                title: "a",
                href: None,
            },
            Mark {
                date: date("2011-01-01"),
                title: "b",
                href: None,
            },
        ];
        let svg = timeline(&marks, "x").unwrap();
        assert!(svg.contains("10 years without events"), "{svg}");
    }

    #[test]
    fn thousands_of_events_stay_small_and_say_so() {
        let titles: Vec<String> = (0..5000).map(|i| format!("event {i}")).collect();
        let marks: Vec<Mark<'_>> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| Mark {
                date: date(&format!("{}-{:02}-01", 1990 + i % 30, 1 + i % 12)),
                title: t,
                href: None,
            })
            .collect();
        let svg = timeline(&marks, "everything").unwrap();
        assert!(svg.len() < 20_000, "{} bytes", svg.len());
        assert!(svg.contains("each bar counts the events of one year"));
        assert_eq!(svg, timeline(&marks, "everything").unwrap());
    }

    #[test]
    fn no_events_no_picture() {
        assert!(timeline(&[], "x").is_none());
    }
}
