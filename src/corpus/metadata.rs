//! What is known about an article besides its text: outlet, headline, publication date and
//! address, from `[[source]]` in `config.toml` or from the article's own front matter (a YAML
//! block between `---` lines, or TOML between `+++` lines, at the top of a `.md` or `.txt` file,
//! as news-archive exports and static-site folders write them).
//!
//! Front matter is not article text: [`strip_front_matter`] blanks it out of the decoded text
//! (each of its bytes becomes a space, line breaks stay), so it is never compared, segmented or
//! counted, while every offset still counts the bytes as stored. Dates are ISO 8601, with or
//! without a time and a zone ([`PubDate`]); a date that does not parse is a problem reported
//! with the file, and the article loads without it. Which source wins when both speak is
//! [`resolve`]'s rule: `[[source]]` first, then front matter, then a guess from the file.

use std::cmp::Ordering;
use std::fmt;

use crate::config::SourceMeta;
use crate::corpus::text::DecodedText;

/// A publication date: a calendar day, or a moment when the time is known.
///
/// A date without a time cannot be ordered against a moment of the same day, so
/// [`PubDate::compare`] calls them even rather than guess. A time written without a zone is
/// taken as UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PubDate {
    /// Seconds since 1970-01-01T00:00:00Z (for a day alone, its midnight UTC).
    utc_seconds: i64,
    /// True when a time of day was given.
    has_time: bool,
}

impl PubDate {
    /// Parses an ISO 8601 date: `2025-08-21`, `2025-08-21T10:04`, `2025-08-21 10:04:12`,
    /// `2025-08-21T10:04:12.5+02:00`, `20250821T1004Z`...
    ///
    /// # Examples
    /// ```
    /// use crossread::corpus::metadata::PubDate;
    /// let day = PubDate::parse("2025-08-21").unwrap();
    /// let morning = PubDate::parse("2025-08-21T08:00:00+02:00").unwrap();
    /// assert_eq!(morning.to_string(), "2025-08-21 06:00 UTC");
    /// assert_eq!(day.to_string(), "2025-08-21");
    /// // The same day, one without a time: neither is known to be earlier.
    /// assert_eq!(day.compare(&morning), std::cmp::Ordering::Equal);
    /// assert!(PubDate::parse("21/08/2025").is_err());
    /// ```
    ///
    /// # Errors
    /// A phrase saying what is wrong (`not an ISO 8601 date (YYYY-MM-DD…)`, `no month 13`).
    pub fn parse(text: &str) -> Result<PubDate, String> {
        let text = text.trim();
        let (date_part, rest) = split_date(text)?;
        let (year, month, day) = parse_ymd(date_part)?;
        let days = days_from_civil(year, month, day);
        if rest.is_empty() {
            return Ok(PubDate {
                utc_seconds: days * 86_400,
                has_time: false,
            });
        }
        let (seconds, offset) = parse_time(rest)?;
        Ok(PubDate {
            utc_seconds: days * 86_400 + seconds - offset,
            has_time: true,
        })
    }

    /// True when a time of day was given, not just a day.
    pub fn has_time(&self) -> bool {
        self.has_time
    }

    /// Seconds since the Unix epoch, UTC (a day alone counts from its midnight).
    pub fn utc_seconds(&self) -> i64 {
        self.utc_seconds
    }

    /// The day alone, `2025-08-21` (UTC), for a narrow column.
    pub fn day_string(&self) -> String {
        let (y, m, d) = civil_from_days(self.day());
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The day, in days since 1970-01-01 (UTC).
    fn day(&self) -> i64 {
        self.utc_seconds.div_euclid(86_400)
    }

    /// Which is earlier, as far as both dates say: two moments compare to the second; when
    /// either is a day alone, only different days are ordered.
    pub fn compare(&self, other: &PubDate) -> Ordering {
        if self.has_time && other.has_time {
            self.utc_seconds.cmp(&other.utc_seconds)
        } else {
            self.day().cmp(&other.day())
        }
    }

    /// How much earlier `self` is than `later`, in seconds, when that is known: both times
    /// given, or different days (then counted in whole days). `None` when not earlier.
    pub fn lead_over(&self, later: &PubDate) -> Option<i64> {
        if self.compare(later) != Ordering::Less {
            return None;
        }
        if self.has_time && later.has_time {
            Some(later.utc_seconds - self.utc_seconds)
        } else {
            Some((later.day() - self.day()) * 86_400)
        }
    }
}

impl fmt::Display for PubDate {
    /// `2025-08-21` for a day, `2025-08-21 06:00 UTC` for a moment (seconds only when not zero).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.day());
        write!(f, "{y:04}-{m:02}-{d:02}")?;
        if self.has_time {
            let secs = self.utc_seconds.rem_euclid(86_400);
            let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
            if s == 0 {
                write!(f, " {h:02}:{min:02} UTC")?;
            } else {
                write!(f, " {h:02}:{min:02}:{s:02} UTC")?;
            }
        }
        Ok(())
    }
}

/// A lead of `seconds` as a reader says it: `40 min`, `2 h`, `3 days`, `same time`.
///
/// # Examples
/// ```
/// use crossread::corpus::metadata::lead_phrase;
/// assert_eq!(lead_phrase(7_200), "2 h");
/// assert_eq!(lead_phrase(2_700), "45 min");
/// assert_eq!(lead_phrase(86_400), "1 day");
/// assert_eq!(lead_phrase(5 * 86_400 + 7_200), "5 days");
/// ```
pub fn lead_phrase(seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds == 0 {
        "same time".to_owned()
    } else if seconds < 3600 {
        format!("{} min", (seconds / 60).max(1))
    } else if seconds < 86_400 {
        format!("{} h", (seconds + 1800) / 3600)
    } else {
        let days = seconds / 86_400;
        if days == 1 {
            "1 day".to_owned()
        } else {
            format!("{days} days")
        }
    }
}

fn split_date(text: &str) -> Result<(&str, &str), String> {
    // The date ends at a `T`, a space, or the end; a basic-format date is 8 digits.
    let end = text.find(['T', 't', ' ']).unwrap_or(text.len());
    let (date, rest) = text.split_at(end);
    let rest = rest.get(1..).unwrap_or("").trim();
    if date.is_empty() {
        return Err(not_iso());
    }
    Ok((date, rest))
}

fn not_iso() -> String {
    "not an ISO 8601 date (YYYY-MM-DD, optionally with a time: 2025-08-21T10:04Z)".to_owned()
}

fn digits(text: &str) -> Result<i64, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_iso());
    }
    text.parse::<i64>().map_err(|_| not_iso())
}

fn parse_ymd(text: &str) -> Result<(i64, i64, i64), String> {
    let parts: Vec<&str> = if text.contains('-') {
        text.split('-').collect()
    } else if text.len() == 8 {
        vec![&text[..4], &text[4..6], &text[6..]]
    } else {
        return Err(not_iso());
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(not_iso());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(not_iso());
    }
    let (year, month, day) = (digits(y)?, digits(m)?, digits(d)?);
    if !(1..=12).contains(&month) {
        return Err(format!("no month {month}"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(format!("no day {day} in {year:04}-{month:02}"));
    }
    Ok((year, month, day))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `HH:MM[:SS[.fff]][Z|±HH[:MM]]` (or without colons) → (seconds into the day, zone offset
/// in seconds east of UTC).
fn parse_time(text: &str) -> Result<(i64, i64), String> {
    let zone_at = text.find(['Z', 'z', '+', '-']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(zone_at);
    let clock = clock.trim();
    let clock = clock.split(['.', ',']).next().unwrap_or(clock);
    let parts: Vec<&str> = if clock.contains(':') {
        clock.split(':').collect()
    } else {
        clock
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect()
    };
    if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.len() != 2) {
        return Err(not_iso());
    }
    let h = digits(parts[0])?;
    let m = digits(parts[1])?;
    let s = match parts.get(2) {
        Some(p) => digits(p)?,
        None => 0,
    };
    if h > 24 || m > 59 || s > 60 || (h == 24 && (m > 0 || s > 0)) {
        return Err(format!("no time {clock}"));
    }
    let offset = match zone.trim() {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let body = zone[1..].replace(':', "");
            if body.len() != 2 && body.len() != 4 {
                return Err(format!("no time zone {zone}"));
            }
            let zh = digits(&body[..2])?;
            let zm = if body.len() == 4 {
                digits(&body[2..])?
            } else {
                0
            };
            if zh > 18 || zm > 59 {
                return Err(format!("no time zone {zone}"));
            }
            sign * (zh * 3600 + zm * 60)
        }
    };
    Ok((h * 3600 + m * 60 + s, offset))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Which notation a front matter block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    /// Between `---` lines: `key: value` (YAML, flat keys only).
    Yaml,
    /// Between `+++` lines: `key = "value"` (TOML).
    Toml,
}

/// What an article's front matter says about it. Keys other than these are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `outlet`, else `source`, else `site` (also `publisher`).
    pub outlet: Option<String>,
    /// `date` (also `published`, `pubdate`), as written.
    pub date: Option<String>,
    /// `url` (also `link`).
    pub url: Option<String>,
    /// Problems with the block, as phrases (`front matter: line 3 is not TOML`).
    pub problems: Vec<String>,
}

/// Keys read for each field, first found wins.
const OUTLET_KEYS: &[&str] = &["outlet", "source", "site", "publisher"];
const DATE_KEYS: &[&str] = &["date", "published", "pubdate"];
const URL_KEYS: &[&str] = &["url", "link"];

/// The front matter at the top of `text`, if any: its notation, the byte span of the whole block
/// (fences included, up to and including the closing fence's line break), and its body.
fn locate(text: &str) -> Option<(FrontMatterFormat, std::ops::Range<usize>, &str)> {
    let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let rest = &text[start..];
    let (format, fence) = if rest.starts_with("---") {
        (FrontMatterFormat::Yaml, "---")
    } else if rest.starts_with("+++") {
        (FrontMatterFormat::Toml, "+++")
    } else {
        return None;
    };
    // The opening fence is a line of its own.
    let first_end = rest.find('\n').unwrap_or(rest.len());
    if rest[..first_end].trim_end() != fence {
        return None;
    }
    let body_start = start + first_end + 1;
    let mut line_start = body_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        let closes = line == fence || (format == FrontMatterFormat::Yaml && line == "...");
        if closes {
            let block_end = (line_end + 1).min(text.len());
            return Some((format, start..block_end, &text[body_start..line_start]));
        }
        if line_end >= text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

/// Takes the front matter out of `decoded`: parses it and blanks it in the text (each byte a
/// space, line breaks kept), so the text's length and every offset stay as stored. `None`
/// when the text does not open with a front matter block (an unclosed block is text).
///
/// # Examples
/// ```
/// use crossread::corpus::{metadata::strip_front_matter, text::DecodedText};
/// let mut decoded = DecodedText::decode(b"---\ntitle: Talks stall\noutlet: Reuters\n---\nBody.");
/// let front = strip_front_matter(&mut decoded).unwrap();
/// assert_eq!(front.outlet.as_deref(), Some("Reuters"));
/// assert_eq!(decoded.text.trim_start(), "Body.");
/// assert_eq!(decoded.text.find("Body"), Some(43));
/// ```
pub fn strip_front_matter(decoded: &mut DecodedText) -> Option<FrontMatter> {
    let (format, span, body) = locate(&decoded.text)?;
    let front = match format {
        FrontMatterFormat::Yaml => parse_yaml(body),
        FrontMatterFormat::Toml => parse_toml(body),
    };
    let blanked: String = decoded.text[span.clone()]
        .chars()
        .flat_map(|c| {
            let n = if c == '\n' || c == '\r' {
                0
            } else {
                c.len_utf8()
            };
            let keep = (n == 0).then_some(c);
            keep.into_iter().chain(std::iter::repeat_n(' ', n))
        })
        .collect();
    decoded.text.replace_range(span, &blanked);
    Some(front)
}

fn take(front: &mut FrontMatter, key: &str, value: String) {
    let key = key.to_ascii_lowercase();
    let slot = if key == "title" {
        &mut front.title
    } else if OUTLET_KEYS.contains(&key.as_str()) {
        &mut front.outlet
    } else if DATE_KEYS.contains(&key.as_str()) {
        &mut front.date
    } else if URL_KEYS.contains(&key.as_str()) {
        &mut front.url
    } else {
        return;
    };
    // The first key found wins (`outlet` before `source` is up to the writer's order, so a
    // more specific key later does not override).
    if slot.is_none() && !value.trim().is_empty() {
        *slot = Some(value.trim().to_owned());
    }
}

/// Flat YAML: `key: value` lines at the left margin; quoted values lose their quotes. Nested
/// blocks, lists and comments are skipped: metadata exports keep these fields flat.
fn parse_yaml(body: &str) -> FrontMatter {
    let mut front = FrontMatter::default();
    for line in body.lines() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let value = match value.as_bytes().first() {
            Some(b'"') => value
                .get(1..)
                .and_then(|v| v.rfind('"').map(|end| v[..end].replace("\\\"", "\"")))
                .unwrap_or_else(|| value.to_owned()),
            Some(b'\'') => value
                .get(1..)
                .and_then(|v| v.rfind('\'').map(|end| v[..end].replace("''", "'")))
                .unwrap_or_else(|| value.to_owned()),
            // A comment after an unquoted value.
            _ => value.split(" #").next().unwrap_or(value).trim().to_owned(),
        };
        take(&mut front, key.trim(), value);
    }
    front
}

fn parse_toml(body: &str) -> FrontMatter {
    let mut front = FrontMatter::default();
    match body.parse::<toml::Table>() {
        Ok(table) => {
            for (key, value) in table {
                let text = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Datetime(d) => d.to_string(),
                    toml::Value::Integer(i) => i.to_string(),
                    _ => continue,
                };
                take(&mut front, &key, text);
            }
        }
        Err(err) => {
            let line = err
                .span()
                .map(|s| body[..s.start.min(body.len())].matches('\n').count() + 2);
            front.problems.push(match line {
                Some(line) => format!("front matter is not valid TOML (line {line}); ignored"),
                None => "front matter is not valid TOML; ignored".to_owned(),
            });
        }
    }
    front
}

/// Where a piece of an article's metadata came from, for `crossread sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A `[[source]]` table in `config.toml`.
    Config,
    /// The article's front matter.
    FrontMatter,
    /// Guessed: the file stem for the outlet, the first line for the title.
    Guessed,
    /// Nothing said it.
    Missing,
}

impl Origin {
    /// `config`, `front matter`, `guessed` or `-`.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Config => "config",
            Origin::FrontMatter => "front matter",
            Origin::Guessed => "guessed",
            Origin::Missing => "-",
        }
    }
}

/// An article's metadata with where each field came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMeta {
    /// Headline.
    pub title: String,
    /// Publisher.
    pub outlet: String,
    /// Publication date as written.
    pub date: Option<String>,
    /// The date, when it parses.
    pub published: Option<PubDate>,
    /// Where the article was published.
    pub url: Option<String>,
    /// Where `title`, `outlet`, `date` and `url` came from, in that order.
    pub origins: [Origin; 4],
    /// Problems to report with the file (a date that does not parse, bad front matter).
    pub problems: Vec<String>,
}

/// Resolves an article's metadata: each field from `[[source]]` when it gives one, else from
/// the front matter, else guessed (`stem` as the outlet, `first_line` as the title).
pub fn resolve(
    source: Option<&SourceMeta>,
    front: Option<&FrontMatter>,
    stem: &str,
    first_line: impl FnOnce() -> String,
) -> ArticleMeta {
    let pick =
        |from_config: Option<&String>, from_front: Option<&String>| match (from_config, from_front)
        {
            (Some(v), _) => (Some(v.clone()), Origin::Config),
            (None, Some(v)) => (Some(v.clone()), Origin::FrontMatter),
            (None, None) => (None, Origin::Missing),
        };
    let (title, mut title_origin) = pick(
        source.and_then(|s| s.title.as_ref()),
        front.and_then(|f| f.title.as_ref()),
    );
    let title = title.unwrap_or_else(|| {
        title_origin = Origin::Guessed;
        first_line()
    });
    let (outlet, mut outlet_origin) = pick(
        source.and_then(|s| s.outlet.as_ref()),
        front.and_then(|f| f.outlet.as_ref()),
    );
    let outlet = outlet.unwrap_or_else(|| {
        outlet_origin = Origin::Guessed;
        stem.to_owned()
    });
    let (date, date_origin) = pick(
        source.and_then(|s| s.date.as_ref()),
        front.and_then(|f| f.date.as_ref()),
    );
    let (url, url_origin) = pick(
        source.and_then(|s| s.url.as_ref()),
        front.and_then(|f| f.url.as_ref()),
    );
    let mut problems: Vec<String> = front.map(|f| f.problems.clone()).unwrap_or_default();
    let published = match date.as_deref().map(PubDate::parse) {
        Some(Ok(date)) => Some(date),
        Some(Err(why)) => {
            let place = match date_origin {
                Origin::Config => "[[source]] date",
                _ => "front matter date",
            };
            problems.push(format!(
                "{place} {:?} ignored: {why}",
                date.as_deref().unwrap_or("")
            ));
            None
        }
        None => None,
    };
    ArticleMeta {
        title,
        outlet,
        date: if published.is_some() { date } else { None },
        published,
        url,
        origins: [title_origin, outlet_origin, date_origin, url_origin],
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PubDate {
        PubDate::parse(text).unwrap()
    }

    #[test]
    fn iso_dates_parse_with_and_without_time_and_zone() {
        assert_eq!(date("2025-08-21").to_string(), "2025-08-21");
        assert!(!date("2025-08-21").has_time());
        assert_eq!(date("2025-08-21T10:04").to_string(), "2025-08-21 10:04 UTC");
        assert_eq!(
            date("2025-08-21 10:04:12").to_string(),
            "2025-08-21 10:04:12 UTC"
        );
        assert_eq!(
            date("2025-08-21T01:30:00.250-03:00").to_string(),
            "2025-08-21 04:30 UTC"
        );
        assert_eq!(
            date("2025-08-21T00:30:00+02:00").to_string(),
            "2025-08-20 22:30 UTC"
        );
        assert_eq!(date("20250821T1004Z").to_string(), "2025-08-21 10:04 UTC");
        assert_eq!(date("2024-02-29").utc_seconds(), 1_709_164_800);
        assert_eq!(date("1970-01-01T00:00Z").utc_seconds(), 0);
        assert_eq!(date("1969-12-31").to_string(), "1969-12-31");
    }

    #[test]
    fn bad_dates_say_why() {
        assert_eq!(PubDate::parse("2025-13-01").unwrap_err(), "no month 13");
        assert_eq!(
            PubDate::parse("2025-02-29").unwrap_err(),
            "no day 29 in 2025-02"
        );
        for bad in [
            "21/08/2025",
            "August 21, 2025",
            "",
            "2025-8-21",
            "2025-08-21Tnoon",
        ] {
            let err = PubDate::parse(bad).unwrap_err();
            assert!(err.starts_with("not an ISO 8601 date"), "{bad}: {err}");
        }
        assert_eq!(
            PubDate::parse("2025-08-21T25:00").unwrap_err(),
            "no time 25:00"
        );
    }

    #[test]
    fn days_and_moments_order_only_as_far_as_known() {
        let day = date("2025-08-21");
        let early = date("2025-08-21T08:00Z");
        let late = date("2025-08-21T10:00Z");
        assert_eq!(early.compare(&late), Ordering::Less);
        assert_eq!(early.lead_over(&late), Some(7200));
        assert_eq!(day.compare(&late), Ordering::Equal);
        assert_eq!(day.lead_over(&late), None);
        assert_eq!(date("2025-08-20").lead_over(&late), Some(86_400));
        assert_eq!(late.lead_over(&early), None);
    }

    #[test]
    fn yaml_front_matter_is_read_and_blanked() {
        let text = "---\ntitle: \"Talks: stalled\"\nsource: 'Reuters'\ndate: 2025-08-21T10:04Z # UTC\nurl: https://example.com/a\ntags:\n  - x\n---\nBody text.\n";
        let mut decoded = DecodedText::decode(text.as_bytes());
        let front = strip_front_matter(&mut decoded).unwrap();
        assert_eq!(front.title.as_deref(), Some("Talks: stalled"));
        assert_eq!(front.outlet.as_deref(), Some("Reuters"));
        assert_eq!(front.date.as_deref(), Some("2025-08-21T10:04Z"));
        assert_eq!(front.url.as_deref(), Some("https://example.com/a"));
        assert!(front.problems.is_empty());
        assert_eq!(decoded.text.len(), text.len());
        assert_eq!(decoded.text.find("Body"), text.find("Body"));
        assert_eq!(decoded.text.trim(), "Body text.");
        assert_eq!(
            decoded.text.matches('\n').count(),
            text.matches('\n').count()
        );
    }

    #[test]
    fn toml_front_matter_and_bom_and_crlf() {
        let text = "\u{FEFF}+++\r\ntitle = \"Summit doubts\"\r\noutlet = \"AFP\"\r\ndate = 2025-08-21T10:00:00+02:00\r\n+++\r\nBody é.";
        let mut decoded = DecodedText::decode(text.as_bytes());
        let front = strip_front_matter(&mut decoded).unwrap();
        assert_eq!(front.title.as_deref(), Some("Summit doubts"));
        assert_eq!(front.outlet.as_deref(), Some("AFP"));
        assert_eq!(front.date.as_deref(), Some("2025-08-21T10:00:00+02:00"));
        let body = decoded
            .text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        assert_eq!(body, "Body é.");
        assert_eq!(decoded.text.len(), text.len());
    }

    #[test]
    fn bad_toml_is_a_problem_not_a_failure() {
        let mut decoded = DecodedText::decode(b"+++\ntitle = \n+++\nBody.");
        let front = strip_front_matter(&mut decoded).unwrap();
        assert_eq!(
            front.problems,
            ["front matter is not valid TOML (line 2); ignored"]
        );
        assert_eq!(decoded.text.trim(), "Body.");
    }

    #[test]
    fn no_front_matter_or_unclosed_leaves_the_text_alone() {
        for text in [
            "Plain article.\n---\nnot: front\n---\n",
            "---\ntitle: never closed\nBody.",
            "----\ntitle: x\n----\n",
            "",
            "---",
        ] {
            let mut decoded = DecodedText::decode(text.as_bytes());
            assert!(strip_front_matter(&mut decoded).is_none(), "{text:?}");
            assert_eq!(decoded.text, text);
        }
    }

    #[test]
    fn config_wins_over_front_matter_and_bad_dates_are_reported() {
        let source = SourceMeta {
            file: "a.md".into(),
            outlet: Some("The Post".into()),
            ..SourceMeta::default()
        };
        let front = FrontMatter {
            title: Some("From front".into()),
            outlet: Some("Reuters".into()),
            date: Some("21/08/2025".into()),
            ..FrontMatter::default()
        };
        let meta = resolve(Some(&source), Some(&front), "a", || "First line".into());
        assert_eq!(meta.outlet, "The Post");
        assert_eq!(meta.title, "From front");
        assert_eq!(meta.date, None);
        assert_eq!(meta.published, None);
        assert_eq!(
            meta.origins,
            [
                Origin::FrontMatter,
                Origin::Config,
                Origin::FrontMatter,
                Origin::Missing
            ]
        );
        assert_eq!(meta.problems.len(), 1);
        assert!(
            meta.problems[0].starts_with("front matter date \"21/08/2025\" ignored: not an ISO"),
            "{:?}",
            meta.problems
        );
        let guessed = resolve(None, None, "stem", || "Line".into());
        assert_eq!(guessed.outlet, "stem");
        assert_eq!(guessed.title, "Line");
        assert_eq!(guessed.origins[0], Origin::Guessed);
        assert_eq!(guessed.origins[1], Origin::Guessed);
    }
}
