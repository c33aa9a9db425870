//! RFC 3339 times for a tag's `created` and `updated`, kept apart so the rest of the store does
//! not name the time crate.

use std::fmt;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An instant with the UTC offset it was written with.
///
/// Equality and order compare instants: `10:00:00+02:00` equals `08:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Now, in UTC, to the second (what a tags file needs, and what reads back unchanged).
    pub fn now() -> Timestamp {
        let now = OffsetDateTime::now_utc();
        Timestamp(now.replace_nanosecond(0).unwrap_or(now))
    }

    /// Parses an RFC 3339 time (`2025-08-21T10:00:00Z`, `2025-08-21T12:00:00.5+02:00`).
    pub fn parse(text: &str) -> Option<Timestamp> {
        OffsetDateTime::parse(text, &Rfc3339).ok().map(Timestamp)
    }

    /// The time from seconds since 1970 (UTC), for tools and tests; `None` out of range.
    pub fn from_unix_seconds(seconds: i64) -> Option<Timestamp> {
        OffsetDateTime::from_unix_timestamp(seconds)
            .ok()
            .map(Timestamp)
    }

    /// Seconds since 1970.
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Formatting fails only for years outside 0..=9999, which `parse` never gives; fall
        // back to the crate's own form rather than print nothing.
        match self.0.format(&Rfc3339) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rfc3339() {
        let t = Timestamp::parse("2025-08-21T12:30:00+02:00").unwrap();
        assert_eq!(t.to_string(), "2025-08-21T12:30:00+02:00");
        assert_eq!(t, Timestamp::parse("2025-08-21T10:30:00Z").unwrap());
        assert_eq!(t.unix_seconds(), 1_755_772_200);
        assert!(Timestamp::parse("2025-08-21 nope").is_none());
        assert!(
            Timestamp::parse("2025-08-21T10:30:00").is_none(),
            "no offset"
        );
        assert_eq!(
            Timestamp::now().to_string().len(),
            "2025-08-21T10:30:00Z".len()
        );
    }
}
