//! ISO 8601 date-times as the KMIP XML encoding writes them (`2008-03-14T11:56:40+00:00`), to
//! and from seconds or microseconds since the Unix epoch. Civil-date arithmetic after Howard
//! Hinnant's `days_from_civil` / `civil_from_days`, in i64 so no input can overflow.

const SECONDS_PER_DAY: i64 = 86_400;
const MICROS_PER_SECOND: i64 = 1_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (`month` 1–12, `day` 1–31).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The `(year, month, day)` of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A fixed-width run of ASCII digits.
fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]` (no zone means UTC) into seconds since the
/// epoch and the fraction in microseconds (digits beyond the sixth are ignored).
fn parse_iso(text: &str) -> Option<(i64, i64)> {
    let (date, time) = text.split_once('T')?;
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (year, month, day) = (digits(year)?, digits(month)?, digits(day)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }

    let (clock, offset_seconds) = split_zone(time)?;
    let (clock, fraction) = match clock.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (clock, None),
    };
    let mut fields = clock.splitn(3, ':');
    let (hour, minute, second) = (fields.next()?, fields.next()?, fields.next()?);
    if hour.len() != 2 || minute.len() != 2 || second.len() != 2 {
        return None;
    }
    let (hour, minute, second) = (digits(hour)?, digits(minute)?, digits(second)?);
    // Second 60 is a leap second: ISO 8601 allows it, the epoch count folds it into the next.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let micros = match fraction {
        None => 0,
        Some(fraction) => {
            if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let kept = fraction.get(..fraction.len().min(6))?;
            let value = digits(kept)?;
            let scale = 10i64.pow(u32::try_from(6 - kept.len()).ok()?);
            value * scale
        }
    };
    let seconds =
        days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
            - offset_seconds;
    Some((seconds, micros))
}

/// Splits the zone designator off a time: `Z`, `±HH:MM`, `±HHMM` or nothing (UTC).
fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, 0));
    }
    let Some(sign_at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (clock, zone) = time.split_at(sign_at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone = zone.get(1..)?;
    let (hours, minutes) = match zone.split_once(':') {
        Some((h, m)) => (h, m),
        None if zone.len() == 4 => (zone.get(..2)?, zone.get(2..)?),
        None => return None,
    };
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let (hours, minutes) = (digits(hours)?, digits(minutes)?);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((clock, sign * (hours * 3600 + minutes * 60)))
}

/// Seconds since the epoch from an ISO 8601 date-time; `None` if it is not one or has a fraction
/// of a second (a KMIP Date-Time counts whole seconds).
pub(crate) fn parse_seconds(text: &str) -> Option<i64> {
    match parse_iso(text)? {
        (seconds, 0) => Some(seconds),
        _ => None,
    }
}

/// Microseconds since the epoch from an ISO 8601 date-time (KMIP 2.x Date-Time Extended).
pub(crate) fn parse_micros(text: &str) -> Option<i64> {
    let (seconds, micros) = parse_iso(text)?;
    seconds.checked_mul(MICROS_PER_SECOND)?.checked_add(micros)
}

/// `YYYY-MM-DDTHH:MM:SS+00:00`, or `None` when the year has no four-digit form (the caller then
/// writes the number in hex, which reads back the same).
pub(crate) fn format_seconds(seconds: i64) -> Option<String> {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let of_day = seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    ))
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`, or `None` as for [`format_seconds`].
pub(crate) fn format_micros(micros: i64) -> Option<String> {
    let seconds = micros.div_euclid(MICROS_PER_SECOND);
    let fraction = micros.rem_euclid(MICROS_PER_SECOND);
    let whole = format_seconds(seconds)?;
    let (clock, zone) = whole.split_at(whole.len() - "+00:00".len());
    Some(format!("{clock}.{fraction:06}{zone}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(parse_seconds("1970-01-01T00:00:00+00:00"), Some(0));
        assert_eq!(
            parse_seconds("2008-03-14T11:56:40+00:00"),
            Some(1_205_495_800)
        );
        assert_eq!(parse_seconds("2008-03-14T11:56:40Z"), Some(1_205_495_800));
        assert_eq!(parse_seconds("2008-03-14T11:56:40"), Some(1_205_495_800));
        assert_eq!(
            parse_seconds("2000-02-01T00:00:00+10:00"),
            Some(949_327_200)
        );
        assert_eq!(parse_seconds("1969-12-31T23:59:59-00:00"), Some(-1));
        assert_eq!(parse_seconds("2000-02-29T00:00:00+0000"), Some(951_782_400));
        assert_eq!(
            format_seconds(1_205_495_800).as_deref(),
            Some("2008-03-14T11:56:40+00:00")
        );
        assert_eq!(
            format_seconds(-1).as_deref(),
            Some("1969-12-31T23:59:59+00:00")
        );
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "",
            "$NOW",
            "2008-03-14",
            "2008-3-14T11:56:40Z",
            "2008-02-30T00:00:00Z",
            "2001-02-29T00:00:00Z",
            "2008-03-14T24:00:00Z",
            "2008-03-14T11:56:40+25:00",
            "2008-03-14T11:56:40.5Z",
            "+008-03-14T11:56:40Z",
        ] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn microseconds() {
        assert_eq!(
            parse_micros("2008-03-14T11:56:40.000001+00:00"),
            Some(1_205_495_800_000_001)
        );
        assert_eq!(
            parse_micros("2008-03-14T11:56:40.5Z"),
            Some(1_205_495_800_500_000)
        );
        assert_eq!(
            parse_micros("2008-03-14T11:56:40.1234567Z"),
            Some(1_205_495_800_123_456)
        );
        assert_eq!(parse_micros("1969-12-31T23:59:59.999999Z"), Some(-1));
        assert_eq!(
            format_micros(-1).as_deref(),
            Some("1969-12-31T23:59:59.999999+00:00")
        );
        assert_eq!(parse_micros("2008-03-14T11:56:40.x"), None);
    }

    #[test]
    fn every_formatted_instant_reads_back() {
        let mut t = -62_167_219_200i64; // 0000-01-01
        while t < 253_402_300_800 {
            let text = format_seconds(t).expect("four-digit year");
            assert_eq!(parse_seconds(&text), Some(t), "{text}");
            t += 7_777_777;
        }
        assert_eq!(format_seconds(i64::MAX), None);
        assert_eq!(format_seconds(i64::MIN), None);
        assert_eq!(format_micros(i64::MIN), None);
    }
}
