//! The date an import stamps as `ms.lasthandoff`: today in UTC, or `SOURCE_DATE_EPOCH` for
//! reproducible runs, without a calendar crate.

/// Today's date (UTC) as `(year, month, day)`; `SOURCE_DATE_EPOCH` overrides the clock.
pub fn today() -> (i64, u32, u32) {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `ms.lasthandoff` as the documentation shops write it: `MM/DD/YYYY`.
pub fn handoff_date() -> String {
    let (y, m, d) = today();
    format!("{m:02}/{d:02}/{y:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(18_503), (2020, 8, 29));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }
}
