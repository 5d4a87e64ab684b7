//! The table reader's pieces: headers in several languages, the CSV
//! delimiter, one cell's duration, and a refusal with its place.

use super::*;

#[test]
fn headers_are_known_in_any_case_and_in_the_un_languages_written_in_latin() {
    assert_eq!(column_of("Title"), Some(Column::Title));
    assert_eq!(column_of("  INTERVENANT: "), Some(Column::Speaker));
    assert_eq!(column_of("Duración"), Some(Column::Duration));
    assert_eq!(column_of("Duration (min)"), Some(Column::Minutes));
    assert_eq!(column_of("Start time"), Some(Column::Start));
    assert_eq!(column_of("Budget line"), None);
}

#[test]
fn the_delimiter_is_the_one_the_file_uses() {
    assert_eq!(delimiter_of("title,duration\nA,5\n"), b',');
    assert_eq!(delimiter_of("titre;durée\nA;5\n"), b';');
    assert_eq!(delimiter_of("title\tduration\nA\t5\n"), b'\t');
    assert!(looks_like_csv("title,duration\nOpening,10\n"));
    assert!(!looks_like_csv("Programme\nOpening remarks 10 minutes\n"));
}

#[test]
fn a_cell_is_read_as_minutes_a_duration_or_refused_in_words() {
    let secs = |v: Value| duration_value(&v).map(|d| d.0);
    assert_eq!(secs(Value::Number(15.0)), Ok(900));
    assert_eq!(secs(Value::Text("1h 15m".to_owned())), Ok(4500));
    assert_eq!(secs(Value::Text("12,5".to_owned())), Ok(750));
    assert_eq!(secs(Value::Days(0.25 / 24.0)), Ok(900));
    assert_eq!(secs(Value::Iso("PT0H15M0S".to_owned())), Ok(900));
    // "0:15" in a spreadsheet is a quarter of an hour, and said to be a guess.
    let (seconds, _, guess) = duration_value(&Value::Text("0:15".to_owned())).unwrap();
    assert_eq!(seconds, 900);
    assert!(guess.is_some_and(|g| g.contains("hours:minutes")));
    assert!(
        secs(Value::Text("-5".to_owned()))
            .unwrap_err()
            .contains("negative")
    );
    assert!(secs(Value::Number(0.0)).unwrap_err().contains("zero"));
    assert!(
        secs(Value::Bool(true))
            .unwrap_err()
            .contains("true or false")
    );
    assert!(secs(Value::Days(2.0)).unwrap_err().contains("date"));
}

#[test]
fn a_csv_programme_is_read_and_a_bad_row_refused_at_its_line() {
    let agenda =
        read_csv("Title,Speaker,Duration\nOpening,Ms. A Bo,10\nKeynote,Mr. C Di,15m\n").unwrap();
    assert_eq!(agenda.items.len(), 2);
    assert_eq!(agenda.items[1].speaker.as_deref(), Some("Mr. C Di"));
    assert_eq!(agenda.items[1].duration, Some(900));

    let failure = read_csv("Title,Duration\nOpening,10\nKeynote,soon\n").unwrap_err();
    assert_eq!(failure.place, Place::Line(3));
    assert!(failure.message.contains("soon"), "{}", failure.message);
}

#[test]
fn a_csv_programme_saved_with_crlf_or_cr_refuses_a_bad_row_at_its_own_line() {
    // Excel on Windows ends CSV lines with CRLF; an old Mac with a CR alone.
    for end in ["\r\n", "\r"] {
        let source = [
            "Title,Duration",
            "Opening,10",
            "Panel,20",
            "Keynote,soon",
            "",
        ]
        .join(end);
        let failure = read_csv(&source).unwrap_err();
        assert_eq!(failure.place, Place::Line(4), "lines ended by {end:?}");
    }
}
