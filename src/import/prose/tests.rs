//! The prose reader's pieces, line by line: what decorates a line, what a
//! programme line holds, a heading's stated length, and lists of people.

use chrono::NaiveTime;

use super::*;

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn bullets_numbering_quotes_and_markdown_marks_are_stripped() {
    assert_eq!(
        clean("  - **Opening** remarks"),
        ("Opening remarks".to_owned(), 0, true)
    );
    assert_eq!(clean("## Programme ##"), ("Programme".to_owned(), 2, false));
    assert_eq!(clean("> 1. Keynote"), ("Keynote".to_owned(), 0, true));
    assert_eq!(clean("iv) Closing"), ("Closing".to_owned(), 0, true));
    assert_eq!(
        clean("[Room XVIII](https://example.org)"),
        ("Room XVIII".to_owned(), 0, false)
    );
    // A Markdown table's separator row, and invisible characters.
    assert_eq!(clean("|---|:---:|"), (String::new(), 0, false));
    assert_eq!(clean("Pa\u{ad}nel\u{200b}"), ("Panel".to_owned(), 0, false));
    // Seven hashes are not a heading.
    assert_eq!(clean("####### x").1, 0);
}

#[test]
fn a_programme_line_gives_its_times_or_duration_and_its_words() {
    let d = parse_item("10:10–10:25 Keynote").unwrap();
    assert_eq!((d.start, d.end), (Some(at(10, 10)), Some(at(10, 25))));
    assert_eq!(d.texts, ["Keynote"]);

    let d = parse_item("Opening remarks   10 minutes").unwrap();
    assert_eq!(d.duration.as_ref().map(|d| d.0), Some(600));
    assert_eq!(d.texts, ["Opening remarks"]);

    let d = parse_item("Panel discussion (1 hour)").unwrap();
    assert_eq!(d.duration.map(|d| d.0), Some(3600));
    assert_eq!(d.texts, ["Panel discussion"]);

    // Columns of a pasted table: time | title | speaker.
    let d = parse_item("10:00\tWelcome\tMs. Leshchenko").unwrap();
    assert_eq!(d.start, Some(at(10, 0)));
    assert_eq!(d.texts, ["Welcome", "Ms. Leshchenko"]);

    assert!(parse_item("Speakers will be announced").is_none());
}

#[test]
fn a_heading_says_its_length_apart_from_its_words() {
    let (words, total) = heading_total("Format for the Plenary (75 minutes)");
    assert_eq!(words, "Format for the Plenary");
    assert_eq!(total.map(|t| t.0), Some(75 * 60));
    let (words, total) = heading_total("Programme");
    assert_eq!((words.as_str(), total), ("Programme", None));
    assert!(is_total_title("Total time:"));
    assert!(is_total_title("Durée totale"));
    assert!(!is_total_title("Total recall, a talk"));
}

#[test]
fn people_on_one_line_are_split_where_names_begin() {
    assert_eq!(
        split_people("Ms. Oksana Leshchenko, UNDP; Mr. Ali Hassan, OHCHR"),
        ["Ms. Oksana Leshchenko, UNDP", "Mr. Ali Hassan, OHCHR"]
    );
    assert_eq!(
        split_people("Mr. A Bo, Ms. C Di, Dr. E Fa"),
        ["Mr. A Bo", "Ms. C Di", "Dr. E Fa"]
    );
    assert_eq!(
        split_people("Ms. A Bo and Mr. C Di"),
        ["Ms. A Bo", "Mr. C Di"]
    );
    // A comma inside one person's role is not two people.
    assert_eq!(
        split_people("Ms. A Bo, Policy Specialist, UNDP"),
        ["Ms. A Bo, Policy Specialist, UNDP"]
    );
}

#[test]
fn a_note_is_read_into_its_fields_and_programme() {
    let agenda = read(
        "Plenary 3: Turning Intention to Action\n\
         Chair: Ms. Oksana Leshchenko\n\
         \n\
         Programme\n\
         - Opening remarks, 10 minutes\n\
         - Keynote by Mr. Ali Hassan, 15 minutes\n\
         - Discussion, 15 minutes\n",
    )
    .unwrap();
    assert_eq!(
        agenda.chair.as_ref().map(|c| c.name.as_str()),
        Some("Ms. Oksana Leshchenko")
    );
    let titles: Vec<&str> = agenda.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert_eq!(
        agenda.items.iter().map(|i| i.duration).collect::<Vec<_>>(),
        [Some(600), Some(900), Some(900)]
    );
    // Each item keeps the line it was read from.
    assert_eq!(agenda.items[0].place, Place::Line(5));
}

#[test]
fn a_note_without_a_programme_says_what_was_looked_for() {
    let failure = read("Dear colleagues,\nplease find the note attached.\n").unwrap_err();
    assert!(failure.message.contains(LOOKED_FOR), "{}", failure.message);
}

#[test]
fn a_programme_whose_lines_end_with_a_cr_alone_is_read_line_by_line() {
    let lf = "Programme\n10:00–10:10 Opening remarks\n10:10–10:25 Keynote\n";
    let cr = lf.replace('\n', "\r");
    let (from_lf, from_cr) = (read(lf).unwrap(), read(&cr).unwrap());
    assert_eq!(from_cr.items.len(), 2, "{from_cr:?}");
    let titles = |a: &Agenda| a.items.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&from_cr), titles(&from_lf));
    assert_eq!(
        format!("{from_cr:?}"),
        format!("{from_lf:?}"),
        "the same agenda"
    );
}
