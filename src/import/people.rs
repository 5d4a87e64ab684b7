//! People in an agenda: "Ambassador Prum Sophakmonkol, Secretary-General, …"
//! split into a name and a role, and the same person recognised when the
//! programme calls them "H.E. Prum Sophakmonkol": names are compared by their
//! words, leaving out honorifics.

use super::Person;

/// Words that come before a name and are not part of it (compared in lower
/// case, with or without their final dot).
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "ambassador",
    "amb",
    "sir",
    "dame",
    "lord",
    "lady",
    "hon",
    "honourable",
    "honorable",
    "rev",
    "reverend",
    "judge",
    "justice",
    "minister",
    "mme",
    "mlle",
    "m",
    "sr",
    "sra",
    "srta",
    "dra",
    "don",
    "doña",
    "pr",
    "excmo",
    "excma",
    "gen",
    "col",
    "capt",
    "maj",
    "lt",
    "eng",
    "ing",
    "dott",
    "herr",
    "frau",
    "president",
    "senator",
    "sen",
    "h.e",
    "s.e",
    "the",
    "his",
    "her",
    "excellency",
    "г-н",
    "г-жа",
    "д-р",
];

/// Whether a word is an honorific: `Ms.`, `Dr`, `H.E.` (a bare `He` is a
/// surname, so `H.E.` needs its dots).
pub fn is_honorific(word: &str) -> bool {
    let lower = word.to_lowercase();
    let bare = lower.strip_suffix('.').unwrap_or(&lower);
    if bare == "he" || bare == "se" {
        return false;
    }
    HONORIFICS.contains(&bare)
}

/// Collapses runs of whitespace (tabs included) to one space and trims.
pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes double quotes of every typographic kind (“Turning Intention”),
/// which organisers put around a session's name, and collapses whitespace.
pub fn unquote(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»'))
        .collect();
    let squeezed = squeeze(&cleaned);
    // ‘Single’ quotes only when they wrap the whole text; inside, they are
    // apostrophes.
    for (open, close) in [('‘', '’'), ('\'', '\'')] {
        if let Some(inner) = squeezed
            .strip_prefix(open)
            .and_then(|s| s.strip_suffix(close))
            && !inner.contains(open)
        {
            return squeeze(inner);
        }
    }
    squeezed
}

/// Splits "Name, Role, Organisation" (or "Name – Role", "Name (Org)") into
/// a person.
pub fn parse_person(written: &str) -> Person {
    let s = squeeze(written);
    let s = s.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
    if let Some((name, role)) = s.split_once(',') {
        // "Dr. X, Dr. Y" is two speakers, not a speaker and a role.
        let another = role.split_whitespace().next().is_some_and(is_honorific);
        return if another {
            person(s, "")
        } else {
            person(name, role)
        };
    }
    for dash in [" – ", " — ", " - "] {
        if let Some((name, role)) = s.split_once(dash) {
            return person(name, role);
        }
    }
    if let Some((name, rest)) = s.split_once(" (")
        && let Some(role) = rest.strip_suffix(')')
    {
        return person(name, role);
    }
    person(s, "")
}

fn person(name: &str, role: &str) -> Person {
    let role = squeeze(role.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';'));
    Person {
        name: squeeze(name),
        role: (!role.is_empty()).then_some(role),
    }
}

/// The words of a name that identify the person: no honorifics, lower case,
/// without surrounding punctuation.
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !is_honorific(w))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The honorifics a name starts with, as written ("H.E.", "Ambassador").
fn honorifics_of(name: &str) -> Vec<&str> {
    name.split_whitespace()
        .take_while(|w| is_honorific(w))
        .collect()
}

/// Whether a text begins like a person's name: an honorific then a word.
pub fn starts_like_a_name(s: &str) -> bool {
    let mut words = s.split_whitespace();
    matches!(words.next(), Some(first) if is_honorific(first) && !first.eq_ignore_ascii_case("the"))
        && words.next().is_some()
}

/// The one person in `people` that `mention` names: every word of the
/// mention's name is in theirs (in any order), or failing that their
/// surname alone matches. `None` when nobody or more than one person fits.
pub fn find(people: &[Person], mention: &str) -> Option<usize> {
    let words = name_words(mention);
    if words.is_empty() {
        return None;
    }
    let all_in: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let theirs = name_words(&p.name);
            !theirs.is_empty() && words.iter().all(|w| theirs.contains(w))
        })
        .map(|(i, _)| i)
        .collect();
    match all_in.as_slice() {
        [one] => return Some(*one),
        [] => {}
        _ => return None,
    }
    // "Ms. Harrison" for "Sarah Harrison"; or the list gives less than the
    // programme ("Dr. Sophakmonkol" listed, "H.E. Prum Sophakmonkol" named).
    let last = words.last()?;
    let surname: Vec<usize> = people
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let theirs = name_words(&p.name);
            theirs.last() == Some(last)
                || (!theirs.is_empty() && theirs.iter().all(|w| words.contains(w)))
        })
        .map(|(i, _)| i)
        .collect();
    match surname.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The fullest form of a name: the honorifics the programme adds ("H.E.")
/// put before the listed form ("Ambassador Prum Sophakmonkol").
pub fn merge_names(mention: &str, listed: &str) -> String {
    let known: Vec<String> = honorifics_of(listed)
        .iter()
        .map(|h| h.trim_end_matches('.').to_lowercase())
        .collect();
    let extra: Vec<&str> = honorifics_of(mention)
        .into_iter()
        .filter(|h| {
            let bare = h.trim_end_matches('.').to_lowercase();
            !known.contains(&bare) && bare != "the"
        })
        .collect();
    if extra.is_empty() {
        listed.to_owned()
    } else {
        format!("{} {listed}", extra.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        [
            "Ambassador Prum Sophakmonkol, Secretary-General, Cambodian Mine Action and Victim Assistance Authority",
            "Mr. Muhabbat Ibrohimzoda, Director, Tajikistan Mine Action Centre",
            "Ms. Sarah Harrison, Co-Chair, IASC Reference Group",
            "Г-н Мухаббат Иброхимзода, директор",
            "王毅, 外交部长",
        ]
        .iter()
        .map(|s| parse_person(s))
        .collect()
    }

    #[test]
    fn a_listed_speaker_splits_at_the_first_comma() {
        let p = &people()[0];
        assert_eq!(p.name, "Ambassador Prum Sophakmonkol");
        assert_eq!(
            p.role.as_deref(),
            Some("Secretary-General, Cambodian Mine Action and Victim Assistance Authority")
        );
        assert_eq!(
            parse_person("Dr. Jane Doe (WHO)").role.as_deref(),
            Some("WHO")
        );
        assert_eq!(parse_person("Dr. Jane Doe – WHO").name, "Dr. Jane Doe");
        assert_eq!(parse_person("  Dr.\tJane   Doe ").role, None);
        // Two people, not a person and a role.
        let two = parse_person("Dr. X, Dr. Y");
        assert_eq!((two.name.as_str(), two.role), ("Dr. X, Dr. Y", None));
        let two = parse_person("Ms. Ana Ruiz, H.E. Mr. Li Wei");
        assert_eq!(two.name, "Ms. Ana Ruiz, H.E. Mr. Li Wei");
    }

    #[test]
    fn mentions_match_by_name_words_ignoring_honorifics() {
        let list = people();
        assert_eq!(find(&list, "H.E. Prum Sophakmonkol"), Some(0));
        assert_eq!(find(&list, "Mr. Muhabbat Ibrohimzoda"), Some(1));
        assert_eq!(find(&list, "Ms Harrison"), Some(2));
        assert_eq!(find(&list, "Иброхимзода"), Some(3));
        assert_eq!(find(&list, "王毅"), Some(4));
        assert_eq!(find(&list, "Dr. Somebody Else"), None);
        assert_eq!(find(&list, "the Chair"), None);
    }

    #[test]
    fn merged_names_keep_every_honorific_once() {
        assert_eq!(
            merge_names("H.E. Prum Sophakmonkol", "Ambassador Prum Sophakmonkol"),
            "H.E. Ambassador Prum Sophakmonkol"
        );
        assert_eq!(
            merge_names("Mr. Muhabbat Ibrohimzoda", "Mr Muhabbat Ibrohimzoda"),
            "Mr Muhabbat Ibrohimzoda"
        );
        assert_eq!(merge_names("the Chair", "Ms. X"), "Ms. X");
    }

    #[test]
    fn he_is_a_surname_but_h_e_is_an_honorific() {
        assert!(is_honorific("H.E."));
        assert!(!is_honorific("He"));
        assert_eq!(name_words("He Yafei"), ["he", "yafei"]);
    }

    #[test]
    fn session_titles_lose_their_quotes_not_their_apostrophes() {
        assert_eq!(
            unquote("Plenary Session 3: “Turning Intention to Action for Survivors”"),
            "Plenary Session 3: Turning Intention to Action for Survivors"
        );
        assert_eq!(unquote("“Children’s rights”"), "Children’s rights");
        assert_eq!(unquote("‘Leaving no one behind’"), "Leaving no one behind");
    }
}
