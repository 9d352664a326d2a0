//! Partial dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (SPEC §5).
//!
//! Reporting is often vague ("last September"), so a date may stop at the
//! year or month. A partial date sorts before the full dates it contains
//! (2015 < 2015-09 < 2015-09-30), which falls out of comparing
//! `(year, Option<month>, Option<day>)` since `None < Some(_)`. Validity
//! (no 31 June, no 29 February 2015) is checked with jiff's calendar.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    pub fn year(&self) -> i16 {
        self.year
    }

    /// The month (1-12), when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    pub fn has_day(&self) -> bool {
        self.day.is_some()
    }

    /// The date at its own precision, for readers: "2015", "September 2015",
    /// "30 September 2015".
    pub fn human(&self) -> String {
        let mut s = String::with_capacity(18);
        self.push_human(&mut s);
        s
    }

    /// [`PartialDate::human`] onto the end of `s`. Pieced together rather
    /// than formatted: pages print this date for every event and source
    /// they show. It has no character that markup escapes.
    pub fn push_human(&self, s: &mut String) {
        // Writing to a `String` cannot fail.
        if let (Some(_), Some(d)) = (self.month, self.day) {
            let _ = write_digits(s, u64::from(d));
            s.push(' ');
        }
        if let Some(m) = self.month {
            s.push_str(MONTHS[m as usize - 1]);
            s.push(' ');
        }
        if self.year < 0 {
            s.push('-');
        }
        let _ = write_digits(s, u64::from(self.year.unsigned_abs()));
    }

    /// An RFC 3339 timestamp at midnight UTC of the first day the date covers,
    /// for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

/// `n` in decimal digits, written without the formatting machinery (dates
/// and picture coordinates are printed by the hundred thousand).
pub(crate) fn write_digits(out: &mut impl fmt::Write, n: u64) -> fmt::Result {
    if n >= 10 {
        write_digits(out, n / 10)?;
    }
    out.write_char(char::from(b'0' + (n % 10) as u8))
}

/// Why a date did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")]
    Format(String),
    #[error("`{0}` is not a real calendar date")]
    Impossible(String),
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateError::Format(s.to_string());
        let parts: Vec<&str> = s.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let num = |p: &str| p.parse::<u8>().map_err(|_| bad());
        let year: i16 = parts[0].parse().map_err(|_| bad())?;
        let month = parts.get(1).map(|m| num(m)).transpose()?;
        let day = parts.get(2).map(|d| num(d)).transpose()?;
        let impossible = || DateError::Impossible(s.to_string());
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(impossible());
        }
        if let (Some(m), Some(d)) = (month, day) {
            jiff::civil::Date::new(year, m as i8, d as i8).map_err(|_| impossible())?;
        }
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    /// The ISO form it was written in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Pieced together for years of four digits (every page prints
        // dates); the formatter pads any other year.
        match u16::try_from(self.year) {
            Ok(y) if y <= 9999 => {
                let digits = [y / 1000, y / 100 % 10, y / 10 % 10, y % 10];
                for d in digits {
                    f.write_char(char::from(b'0' + d as u8))?;
                }
            }
            _ => write!(f, "{:04}", self.year)?,
        }
        for part in [self.month, self.day].into_iter().flatten() {
            f.write_char('-')?;
            f.write_char(char::from(b'0' + part / 10))?;
            f.write_char(char::from(b'0' + part % 10))?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                v.parse().map_err(E::custom)
            }
            // An unquoted `2015` arrives as a number.
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_print_as_the_padding_formatter_does() {
        for year in [-1000i16, -44, -1, 0, 5, 99, 476, 2015, 9999, 12000] {
            for (month, day) in [(None, None), (Some(1), None), (Some(9), Some(30))] {
                let date = PartialDate { year, month, day };
                let mut expected = format!("{year:04}");
                for part in [month, day].into_iter().flatten() {
                    expected.push_str(&format!("-{part:02}"));
                }
                assert_eq!(date.to_string(), expected);
            }
        }
    }

    #[test]
    fn partial_dates_sort_before_what_they_contain() {
        let mut dates = [
            d("2015-09-30"),
            d("2016"),
            d("2015-09"),
            d("2015"),
            d("2015-10-01"),
        ];
        dates.sort();
        let shown: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            ["2015", "2015-09", "2015-09-30", "2015-10-01", "2016"]
        );
    }

    #[test]
    fn dates_print_at_their_precision() {
        assert_eq!(d("2015").human(), "2015");
        assert_eq!(d("2015-09").human(), "September 2015");
        assert_eq!(d("2015-09-30").human(), "30 September 2015");
        assert_eq!(d("0987-01-05").human(), "5 January 987");
        assert_eq!(d("2000-12").human(), "December 2000");
    }

    #[test]
    fn impossible_and_malformed_dates_are_rejected() {
        assert!(matches!(
            "2015-02-29".parse::<PartialDate>(),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            "2016-13".parse::<PartialDate>(),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            "2016-06-31".parse::<PartialDate>(),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            "16-07-15".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            "2016/07/15".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            "2016-7-15".parse::<PartialDate>(),
            Err(DateError::Format(_))
        ));
        assert!("2016-02-29".parse::<PartialDate>().is_ok());
    }
}
