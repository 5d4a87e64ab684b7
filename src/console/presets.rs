//! A preset message's placeholders filled in for the moment it is sent, in
//! the speaker's language.

use crate::run::{Run, Snapshot};
use crate::time::hm;

/// A preset in the speaker's language (theirs, else English, else the plain
/// string), its placeholders filled in for this moment.
pub fn fill_preset(preset: &crate::plan::Preset, run: &Run, snap: &Snapshot) -> String {
    let lang = crate::lang::of_speaker(run, snap);
    fill(preset.for_lang(lang.code()), run, snap)
}

/// A preset with its placeholders filled in for this moment, in the
/// speaker's language: `{speaker}`, `{next_speaker}`, `{left}` ("2:00
/// left", or "0:30 over"; "2:00 restantes") and `{end}` (the scheduled
/// end). On a floor they are the floor's: the speaker holding it and their
/// own time left against their limit, and the next on the list; while the
/// chair holds it, the chair and the segment's time.
pub fn fill(template: &str, run: &Run, snap: &Snapshot) -> String {
    let who = |i: usize| {
        let segment = run.segment(i);
        segment
            .speaker
            .clone()
            .unwrap_or_else(|| segment.title.clone())
    };
    let words = crate::lang::of_speaker(run, snap).words();
    let floor = snap.floor.as_ref().zip(run.floor(snap.current));
    let speaking = floor.and_then(|(view, list)| {
        view.speaker
            .map(|s| (list.entry_at(s.index).name.clone(), s.left))
    });
    let next_on_list =
        floor.and_then(|(view, list)| view.next.map(|k| list.entry_at(k).name.clone()));
    // In words, so a preset reads right whether time is left or not.
    let left = words.left_words(speaking.as_ref().map_or(snap.left, |(_, left)| *left));
    let speaker = speaking.map_or_else(|| who(snap.current), |(name, _)| name);
    let next = next_on_list.unwrap_or_else(|| {
        snap.next
            .map_or_else(|| words.end_of_session.to_owned(), who)
    });
    template
        .replace("{speaker}", &speaker)
        .replace("{next_speaker}", &next)
        .replace("{left}", &left)
        .replace("{end}", &hm(snap.scheduled_end))
}
