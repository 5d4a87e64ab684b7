//! The agenda's words: durations, times, dates and labels as written.

use super::*;

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn durations_as_organisers_write_them() {
    for (line, seconds, rest) in [
        (
            "Introductory remarks by Chair\t\t10 minutes",
            600,
            "Introductory remarks by Chair",
        ),
        ("Closing remarks\t  5 minutes", 300, "Closing remarks"),
        ("Keynote 15 min.", 900, "Keynote"),
        ("Keynote – 15’", 900, "Keynote"),
        ("Opening ........ 10 min", 600, "Opening"),
        ("Keynote (15 minutes)", 900, "Keynote"),
        ("Panel 1 hour", 3600, "Panel"),
        ("Panel 1h30", 5400, "Panel"),
        ("Panel 1 h 30", 5400, "Panel"),
        ("Panel 1.5 hours", 5400, "Panel"),
        ("Table ronde 20 mn", 1200, "Table ronde"),
        ("Debate 20 minutos", 1200, "Debate"),
        ("Доклад 20 мин.", 1200, "Доклад"),
        ("Обсуждение 1 час", 3600, "Обсуждение"),
        ("Short film 90 seconds", 90, "Short film"),
        ("Keynote 15m", 900, "Keynote"),
        ("Keynote: approx. 15 mins", 900, "Keynote"),
    ] {
        let f = trailing_duration(line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            (f.seconds, trim_separators(f.rest)),
            (seconds, rest),
            "{line}"
        );
    }
    assert!(trailing_duration("We met in 2019").is_none());
    assert!(trailing_duration("Room 15").is_none());
    assert!(trailing_duration("Panel with 15 ministers").is_none());
    let f = trailing_duration("Open floor 10-15 minutes").unwrap();
    assert!(f.was_range);
    assert_eq!(f.seconds, 900);
    let f = leading_duration("10 min – Opening").unwrap();
    assert_eq!((f.seconds, f.rest), (600, "Opening"));
    assert_eq!(
        whole_duration("(75 minutes)").map(|f| f.seconds),
        Some(4500)
    );
}

#[test]
fn times_and_windows_in_every_style() {
    assert_eq!(
        leading_times("10:10–10:25 Presentation").map(|(a, b, r)| (a, b, r.trim())),
        Some((t(10, 10), Some(t(10, 25)), "Presentation"))
    );
    assert_eq!(
        leading_times("10.10-10.25: Q&A").map(|(a, b, _)| (a, b)),
        Some((t(10, 10), Some(t(10, 25))))
    );
    assert_eq!(
        leading_times("10h00 – 10h15 Ouverture").map(|(a, b, _)| (a, b)),
        Some((t(10, 0), Some(t(10, 15))))
    );
    assert_eq!(
        leading_times("11:30–1pm Lunch").map(|(a, b, _)| (a, b)),
        Some((t(11, 30), Some(t(13, 0))))
    );
    assert_eq!(
        leading_times("2pm Opening").map(|(a, b, _)| (a, b)),
        Some((t(14, 0), None))
    );
    assert!(leading_times("10.000 people").is_none());
    assert!(leading_times("7 February 2019").is_none());
    assert!(leading_times("2019 review").is_none());
    assert_eq!(
        find_window("10:00 to 11:15, Thursday 7 February 2019"),
        Some((t(10, 0), Some(t(11, 15))))
    );
    assert_eq!(
        find_window("de 10h à 11h15"),
        Some((t(10, 0), Some(t(11, 15))))
    );
    assert_eq!(find_window("from 10am"), Some((t(10, 0), None)));
    assert_eq!(find_window("7 February 2019"), None);
    assert_eq!(find_window("07.02.2019"), None);
}

#[test]
fn dates_in_english_french_and_spanish() {
    let d = NaiveDate::from_ymd_opt(2019, 2, 7).unwrap();
    for s in [
        "10:00 to 11:15, Thursday 7 February 2019",
        "Thursday, February 7, 2019",
        "jeudi 7 février 2019",
        "jeudi 7 fevrier 2019",
        "jueves 7 de febrero de 2019",
        "2019-02-07",
        "7th Feb. 2019",
    ] {
        assert_eq!(find_date(s).map(|(d, _)| d), Some(d), "{s}");
    }
    let (date, guess) = find_date("07/02/2019").unwrap();
    assert_eq!(date, d);
    assert!(guess.unwrap().contains("day/month"));
    assert_eq!(
        find_date("13/02/2019").map(|(d, g)| (d.day0(), g)),
        Some((12, None))
    );
    assert!(find_date("Room 7 2019").is_none());
}

use chrono::Datelike as _;

#[test]
fn labels_are_recognised_in_three_languages() {
    assert_eq!(label_key("Date and time").map(|k| k.0), Some(Key::When));
    assert_eq!(label_key("Lieu").map(|k| k.0), Some(Key::Location));
    assert_eq!(
        label_key("Moderador").map(|k| k.1),
        Some("Moderator".to_owned())
    );
    assert_eq!(
        label_key("Format for the Plenary").map(|k| k.0),
        Some(Key::Programme)
    );
    assert_eq!(label_key("Food for Thought"), None);
    assert_eq!(label_key("Plenary Session 3"), None);
}

#[test]
fn the_place_on_a_date_line_is_what_is_left_beside_the_date() {
    assert_eq!(
        place_beside_when("Tuesday 4 June 2024, Salle XX, Palais des Nations").as_deref(),
        Some("Salle XX, Palais des Nations")
    );
    assert_eq!(
        place_beside_when("13 May 2024, 15:00-16:00, Room 4").as_deref(),
        Some("Room 4")
    );
    assert_eq!(
        place_beside_when("10:00 to 11:15, Thursday 7 February 2019"),
        None
    );
    assert_eq!(
        place_beside_when("Thursday 7 February 2019, Geneva time"),
        None
    );
}

#[test]
fn a_place_on_a_line_of_its_own_starts_by_naming_it() {
    assert!(is_place_line("Room XVIII, Palais des Nations, Geneva"));
    assert!(is_place_line("Conference Room 2, Building E"));
    assert!(!is_place_line("Roomy discussions are welcome."));
    assert!(!is_place_line("The panel will discuss the hall."));
}
