//! The recorder against a real disk and a failing one: cut lines mended,
//! writes refused and retried, journals moved or replaced under it.

use super::*;
use crate::journal::LinkTokens;
use crate::journal::testing::*;
use crate::run::Action;
#[test]
fn a_cut_last_line_is_left_out_with_a_warning_and_mended_on_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_run(dir.path());
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(b"{\"at\":\"2026-11-27T10:01").unwrap();
    drop(f);
    let j = Journal::read(&path).unwrap();
    assert_eq!(j.events.len(), 2);
    let warning = j.warning.clone().unwrap();
    assert!(
        warning.contains("the last line (line 4) was cut off"),
        "{warning}"
    );
    let mut r = Recorder::reopen(&j).unwrap();
    r.record(&Event::new(t(70), Action::Pause), None);
    drop(r);
    let again = Journal::read(&path).unwrap();
    assert_eq!(again.warning, None);
    assert_eq!(again.events.len(), 3);
}

#[test]
fn a_second_console_cannot_write_the_same_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_run(dir.path());
    let j = Journal::read(&path).unwrap();
    let first = Recorder::reopen(&j).unwrap();
    let second = Recorder::reopen(&j);
    assert!(matches!(second, Err(JournalError::InUse { .. })));
    drop(first);
    assert!(Recorder::reopen(&j).is_ok());
}

#[test]
fn an_unwritable_runs_dir_keeps_events_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the runs dir should be: nothing can be created under it.
    let blocked = dir.path().join("runs");
    fs::write(&blocked, "").unwrap();
    let mut r = Recorder::create(&blocked, "t.toml", &plan(), Mode::Live, t(0));
    r.record(&Event::new(t(1), Action::Start), None);
    assert!(r.problem().is_some());
    // The disk comes back: everything kept is written, in order.
    fs::remove_file(&blocked).unwrap();
    r.retry();
    assert_eq!(r.problem(), None);
    let j = Journal::read(r.path()).unwrap();
    assert_eq!(j.events.len(), 1);
}

#[test]
fn nothing_is_overwritten_when_two_runs_start_in_the_same_second() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    let mut b = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    a.record(&start_at(0), None);
    b.record(&start_at(0), None);
    assert_ne!(a.path(), b.path());
    assert!(b.path().to_string_lossy().ends_with("-2.jsonl"));
}

#[test]
fn a_whole_last_event_without_its_newline_is_kept_when_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_run(dir.path());
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.trim_end_matches('\n')).unwrap();
    let j = Journal::read(&path).unwrap();
    assert_eq!(j.events.len(), 2);
    assert_eq!(j.warning, None);
    let mut r = Recorder::reopen(&j).unwrap();
    r.record(&Event::new(t(70), Action::Pause), None);
    drop(r);
    let again = Journal::read(&path).unwrap();
    assert_eq!(again.events.len(), 3);
    assert_eq!(again.events[1].action, Action::Next);
    assert_eq!(again.events[2].action, Action::Pause);
}

#[test]
fn the_web_links_tokens_are_kept_in_the_header_and_journals_without_them_read() {
    let dir = tempfile::tempdir().unwrap();
    let links = LinkTokens {
        view: "hznRZAQdRETb_MMJpr88Lg".to_owned(),
        control: "rQSfC-w_w0MwgicKrL0LyA".to_owned(),
        port: Some(51_234),
    };
    let header = Header::new(&plan(), "t.toml", Mode::Live, t(0)).linked(Some(&links));
    let mut r = Recorder::begin(dir.path(), &header);
    // A journal appears with its first event.
    r.record(&start_at(0), None);
    let j = Journal::read(r.path()).unwrap();
    assert_eq!(j.header.links, Some(links));
    // Tokens kept before the port was (a journal of an earlier
    // version): read, with no port.
    let text = fs::read_to_string(r.path()).unwrap();
    let earlier = dir.path().join("earlier.jsonl");
    fs::write(&earlier, text.replace(",\"port\":51234", "")).unwrap();
    let links = Journal::read(&earlier).unwrap().header.links.unwrap();
    assert_eq!(links.port, None);
    assert_eq!(links.view, "hznRZAQdRETb_MMJpr88Lg");
    // Written without them (as before they existed): no key at all, and
    // it reads as it always did.
    let mut old = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Rehearsal, t(0));
    old.record(&start_at(0), None);
    let text = fs::read_to_string(old.path()).unwrap();
    assert!(!text.contains("links"), "{text}");
    assert_eq!(Journal::read(old.path()).unwrap().header.links, None);
}

#[test]
fn a_rehearsal_name_collision_keeps_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Rehearsal, t(0));
    let mut b = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Rehearsal, t(0));
    a.record(&start_at(0), None);
    b.record(&start_at(0), None);
    assert!(a.path().ends_with("t-20261127-100000-rehearsal.jsonl"));
    assert!(
        b.path().ends_with("t-20261127-100000-2-rehearsal.jsonl"),
        "{}",
        b.path().display()
    );
}

#[test]
fn a_recorded_journal_is_not_locked_against_its_readers() {
    // Windows's LockFileEx is mandatory: a console that locked its
    // journal kept `stage`, `report` and the web pages from reading a
    // live run. Modelled here: the journal's own bytes are never
    // locked, so another handle can lock them, and read them.
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    fresh.record(&start_at(0), None);
    let path = write_run(dir.path());
    let reopened = Recorder::reopen(&Journal::read(&path).unwrap()).unwrap();
    for journal in [fresh.path(), reopened.path()] {
        let other = File::open(journal).unwrap();
        assert!(other.try_lock().is_ok(), "{} is locked", journal.display());
        drop(other);
        assert!(Journal::read(journal).is_ok());
    }
    // The second console is still turned away, by the lock beside it.
    assert!(matches!(
        Recorder::reopen(&Journal::read(fresh.path()).unwrap()),
        Err(JournalError::InUse { .. })
    ));
}

#[test]
fn a_new_journal_is_locked_before_it_is_named() {
    // A console that scans for the plan's unfinished run can never take
    // up a journal that another console has just placed.
    let dir = tempfile::tempdir().unwrap();
    let held = lock_beside(&dir.path().join("t-20261127-100000.jsonl")).ok();
    let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    r.record(&start_at(0), None);
    assert!(held.is_some());
    assert!(
        r.path().ends_with("t-20261127-100000-2.jsonl"),
        "a name whose lock is held is passed over: {}",
        r.path().display()
    );
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_none_or(|e| e != "lock"))
        .collect();
    names.sort();
    names
}

fn start_at(s: i64) -> Event {
    Event::new(t(s), Action::Start)
}

#[test]
fn a_journal_appears_only_whole_with_its_header_and_first_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    // As in a kill before the first write: nothing under a journal name.
    assert!(files_in(dir.path()).is_empty());
    r.record(&start_at(0), None);
    assert_eq!(
        files_in(dir.path()),
        ["t-20261127-100000.jsonl"],
        "no temporary file is left"
    );
    let j = Journal::read(r.path()).unwrap();
    assert_eq!(
        j.events.len(),
        1,
        "the header and the first event arrive together"
    );
    assert!(r.is_on_disk());
}

#[test]
fn a_runs_dir_full_from_the_first_event_leaves_no_file_and_says_nothing_was_saved() {
    for room in [0, 10, 400] {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
        r.fault = Some(testing::Fault {
            room,
            kind: io::ErrorKind::StorageFull,
        });
        r.record(&start_at(0), None);
        assert_eq!(r.problem(), Some("the disk is full"));
        assert!(
            !r.is_on_disk(),
            "nothing of the run reached the disk ({room} bytes of room)"
        );
        assert!(
            files_in(dir.path()).is_empty(),
            "{room}: {:?}",
            files_in(dir.path())
        );
        drop(r);
        assert!(files_in(dir.path()).is_empty());
    }
    // Space comes back: everything kept is written, in order.
    let dir = tempfile::tempdir().unwrap();
    let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    r.fault = Some(testing::Fault {
        room: 0,
        kind: io::ErrorKind::StorageFull,
    });
    r.record(&start_at(0), None);
    r.fault = None;
    r.retry();
    assert_eq!(r.problem(), None);
    assert!(r.is_on_disk());
    assert_eq!(Journal::read(r.path()).unwrap().events.len(), 1);
}

#[test]
fn quitting_while_not_recording_leaves_no_cut_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    r.record(&start_at(1), None);
    r.fault = Some(testing::Fault {
        room: 12,
        kind: io::ErrorKind::StorageFull,
    });
    r.record(&Event::new(t(5), Action::Pause), None);
    assert_eq!(r.problem(), Some("the disk is full"));
    let path = r.path().to_owned();
    drop(r);
    let j = Journal::read(&path).unwrap();
    assert_eq!(
        j.warning, None,
        "the journal does not read as cut by a crash"
    );
    assert_eq!(j.events.len(), 1);
}

#[test]
fn a_header_alone_without_its_newline_goes_on_with_a_newline_not_a_nul() {
    let dir = tempfile::tempdir().unwrap();
    // The header alone, as a console killed before its first event
    // once wrote it, its newline lost.
    let path = journal_of(dir.path(), 0, &[(0, Action::Start)]);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.lines().next().unwrap()).unwrap();
    let j = Journal::read(&path).unwrap();
    let mut r = Recorder::reopen(&j).unwrap();
    r.record(&start_at(3), None);
    assert_eq!(r.problem(), None);
    drop(r);
    let bytes = fs::read(&path).unwrap();
    assert!(
        !bytes.contains(&0),
        "a NUL byte was written into the journal"
    );
    let again = Journal::read(&path).unwrap();
    assert_eq!(again.warning, None);
    assert_eq!(again.events.len(), 1);
    assert_eq!(again.events[0].action, Action::Start);
}

#[test]
fn an_event_the_journal_could_not_hold_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    r.record(&start_at(100), None);
    // The wall clock set back with no jump recorded to explain it.
    r.record(&Event::new(t(20), Action::Next), None);
    let problem = r.problem().unwrap().to_owned();
    assert!(
        problem.starts_with("cannot record an event dated"),
        "{problem}"
    );
    r.record(&Event::new(t(200), Action::Next), None);
    assert_eq!(
        r.problem(),
        Some(problem.as_str()),
        "nothing after it either"
    );
    let j = Journal::read(r.path()).unwrap();
    assert_eq!(j.events.len(), 1, "the journal stays readable");
}

#[test]
fn a_journal_reopened_and_left_alone_keeps_every_byte() {
    // A console that reopens a run and then fails to start must leave
    // the journal as it was, its cut last line included.
    let dir = tempfile::tempdir().unwrap();
    let path = write_run(dir.path());
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(b"{\"at\":\"2026-11-27T10:01").unwrap();
    drop(f);
    let before = fs::read(&path).unwrap();
    drop(Recorder::reopen(&Journal::read(&path).unwrap()).unwrap());
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_journal_at_the_size_limit_stops_recording_before_it_and_still_reads_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_run(dir.path());
    // Padded (blank lines, which every reader skips) to just below the
    // limit, as a long flood of commands would fill it.
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    let line = [vec![b' '; 32 * 1024 - 1], vec![b'\n']].concat();
    let mut len = f.metadata().unwrap().len();
    let target = MAX_JOURNAL_BYTES - 400;
    while len + line.len() as u64 <= target {
        f.write_all(&line).unwrap();
        len += line.len() as u64;
    }
    f.write_all(&[vec![b' '; (target - len - 1) as usize], vec![b'\n']].concat())
        .unwrap();
    drop(f);
    let mut r = Recorder::reopen(&Journal::read(&path).unwrap()).unwrap();
    let mut recorded = 0;
    for s in 60..100 {
        r.record(&Event::new(t(s), Action::Flash), None);
        if r.problem().is_some() {
            break;
        }
        recorded += 1;
    }
    assert!(recorded > 0, "there was room for a few");
    let problem = r.problem().unwrap().to_owned();
    assert!(
        problem.starts_with("the journal is full (64.0 MiB"),
        "{problem}"
    );
    // Nothing more, even when the disk is tried again.
    r.retry();
    r.record(&Event::new(t(200), Action::Flash), None);
    assert_eq!(r.problem(), Some(problem.as_str()));
    drop(r);
    assert!(fs::metadata(&path).unwrap().len() <= MAX_JOURNAL_BYTES);
    // At the limit, the run is read (reported) and resumed all the same.
    let j = Journal::read(&path).unwrap();
    assert_eq!(j.events.len(), 2 + recorded);
    let mut again = Recorder::reopen(&j).unwrap();
    again.record(&Event::new(t(300), Action::Reopened), None);
    assert!(again.problem().unwrap().starts_with("the journal is full"));
}

/// A journal being written, reopened by a console, and its path.
fn live_journal(dir: &Path) -> (Recorder, PathBuf) {
    let path = write_run(dir);
    (
        Recorder::reopen(&Journal::read(&path).unwrap()).unwrap(),
        path,
    )
}

#[test]
fn a_journal_cut_short_under_a_live_console_is_noticed_and_no_nul_hole_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, path) = live_journal(dir.path());
    let len = fs::metadata(&path).unwrap().len();
    OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len - 20)
        .unwrap();
    r.record(&Event::new(t(70), Action::Pause), None);
    let problem = r.problem().unwrap();
    assert!(
        problem.starts_with("the journal was cut short"),
        "{problem}"
    );
    drop(r);
    let bytes = fs::read(&path).unwrap();
    assert_eq!(
        bytes.len() as u64,
        len - 20,
        "nothing written after the cut"
    );
    assert!(!bytes.contains(&0), "a NUL hole");
}

#[test]
// Unix: Windows does not delete an open file, and has no file identity
// to tell a replaced one of the same length (files::file_identity).
#[cfg(unix)]
fn a_journal_moved_or_deleted_under_a_live_console_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, path) = live_journal(dir.path());
    let moved = dir.path().join("elsewhere.jsonl");
    fs::rename(&path, &moved).unwrap();
    let before = fs::read(&moved).unwrap();
    r.record(&Event::new(t(70), Action::Pause), None);
    assert!(
        r.problem()
            .unwrap()
            .starts_with("the journal was moved or deleted"),
        "{:?}",
        r.problem()
    );
    // Not written into a file nobody will look for.
    assert_eq!(fs::read(&moved).unwrap(), before);
    // A new journal, too, from its first event on.
    let dir = tempfile::tempdir().unwrap();
    let mut r = Recorder::create(dir.path(), "t.toml", &plan(), Mode::Live, t(0));
    r.record(&start_at(1), None);
    fs::remove_file(r.path()).unwrap();
    r.record(&Event::new(t(5), Action::Pause), None);
    assert!(
        r.problem()
            .unwrap()
            .starts_with("the journal was moved or deleted")
    );
}

#[test]
// Unix: Windows does not delete an open file, and has no file identity
// to tell a replaced one of the same length (files::file_identity).
#[cfg(unix)]
fn a_journal_replaced_under_a_live_console_is_noticed_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut r, path) = live_journal(dir.path());
    let text = fs::read(&path).unwrap();
    fs::remove_file(&path).unwrap();
    fs::write(&path, &text).unwrap();
    r.record(&Event::new(t(70), Action::Pause), None);
    let problem = r.problem().unwrap().to_owned();
    assert!(problem.starts_with("the journal was replaced"), "{problem}");
    // The disk being tried again changes nothing.
    r.retry();
    assert_eq!(r.problem(), Some(problem.as_str()));
    drop(r);
    assert_eq!(fs::read(&path).unwrap(), text);
}
