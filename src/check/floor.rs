//! `check` for a floor segment: its speakers' list under the segment's row,
//! each entry with its kind and limit, and what the list adds up to against
//! the segment's time.

use std::io::{self, Write};

use crate::plan::Floor;
use crate::text::{pad_left, pad_right};
use crate::time;

/// Widest a speaker's name is shown before it is cut with `…`.
const NAME_COLUMNS: usize = 32;

/// Prints the list of `floor`, indented by `indent` columns.
pub(super) fn write_list(
    floor: &Floor,
    segment_seconds: i64,
    indent: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    let pad = " ".repeat(indent);
    if floor.list.is_empty() {
        return writeln!(
            out,
            "{pad}floor: nobody inscribed yet; a new entry is a {}",
            floor.kind
        );
    }
    let name_w = floor
        .list
        .iter()
        .map(|e| crate::text::width(&e.name))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMNS);
    let kind_w = floor
        .list
        .iter()
        .map(|e| crate::text::width(&e.kind))
        .max()
        .unwrap_or(0);
    let number_w = floor.list.len().to_string().len();
    for (i, entry) in floor.list.iter().enumerate() {
        let lang = entry
            .lang
            .as_ref()
            .map_or_else(String::new, |l| format!("  {l}"));
        writeln!(
            out,
            "{pad}{}. {}  {}  {}{lang}",
            pad_left(&(i + 1).to_string(), number_w),
            pad_right(&entry.name, name_w),
            pad_right(&entry.kind, kind_w),
            pad_left(&time::minutes(entry.limit_seconds), 5),
        )?;
    }
    let sum: i64 = floor.list.iter().map(|e| e.limit_seconds).sum();
    let speakers = match floor.list.len() {
        1 => "1 speaker".to_owned(),
        n => format!("{n} speakers"),
    };
    let against = match sum - segment_seconds {
        d if d > 0 => format!("{} over the segment's time", time::minutes(d)),
        d if d < 0 => format!("{} to spare", time::minutes(-d)),
        _ => "exactly its time".to_owned(),
    };
    writeln!(
        out,
        "{pad}list: {speakers}, {} of {}: {against}",
        time::minutes(sum),
        time::minutes(segment_seconds)
    )
}

#[cfg(test)]
mod tests {
    fn schedule(source: &str) -> String {
        let plan = crate::plan::parse(source, "f.toml", "f").unwrap();
        let mut out = Vec::new();
        super::super::write_schedule(&plan, "f.toml", &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn check_prints_the_list_under_its_segment_against_its_time() {
        let out = schedule(
            "title=\"T\"\n[kinds]\nstatement=\"3m\"\nreply=\"2m\"\n[[segments]]\ntitle=\"Debate\"\nduration=\"6m\"\nfloor=true\n[[segments.list]]\nname=\"ព្រំ សុភមង្គល\"\n[[segments.list]]\nname=\"Iraq\"\nkind=\"reply\"\nlimit=\"4m\"\n[[segments]]\ntitle=\"Close\"\nduration=\"1m\"\n",
        );
        let lines: Vec<&str> = out.lines().collect();
        let debate = lines.iter().position(|l| l.contains("Debate")).unwrap();
        assert!(
            lines[debate + 1].contains("1. ព្រំ សុភមង្គល  statement   3:00"),
            "{out}"
        );
        assert!(lines[debate + 2].contains("2. Iraq"), "{out}");
        assert!(lines[debate + 2].contains("reply       4:00"), "{out}");
        // The kind column starts at the same display column on both rows.
        let kind_at =
            |line: &str, kind: &str| crate::text::width(&line[..line.find(kind).unwrap()]);
        assert_eq!(
            kind_at(lines[debate + 1], "statement"),
            kind_at(lines[debate + 2], "reply"),
            "{out}"
        );
        assert!(
            lines[debate + 3]
                .contains("list: 2 speakers, 7:00 of 6:00: 1:00 over the segment's time"),
            "{out}"
        );
        assert!(lines[debate + 4].contains("Close"), "{out}");
    }
}
