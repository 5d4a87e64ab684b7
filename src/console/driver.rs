//! The live console as a driver of the shell: a key (or a command from the
//! web, read with [`remote`]'s table) becomes an intent, the [`App`]
//! decides what it means, and its effects are carried out here, the journal
//! first: an event is written and synced before the state folds it and the
//! screen shows it.

use std::path::PathBuf;

use chrono::TimeDelta;
use ratatui::buffer::Buffer;

use super::app::{App, Handled, Intent};
use super::keys::{self, RepeatGuard};
use super::{remote, screen};
use crate::journal::{Header, Recorder};
use crate::moment::Moment;
use crate::run::{Action, Countdown, Event, Snapshot, Source};
use crate::shell::awake::Awake;
use crate::shell::{Claims, Driver, Flow, FrameKey, Wake, WakeAt};
use crate::time::Time;
use crate::web::{Publisher, Reply, ToConsole, WebCommand};

/// How often a journal the disk refused is tried again.
const RETRY_EVERY: TimeDelta = TimeDelta::seconds(5);

/// The console: the app, its journal and what the loop needs between frames.
pub struct Console {
    pub app: App,
    recorder: Option<Recorder>,
    /// Where a new journal is created, at the run's first event.
    runs_dir: PathBuf,
    /// The plan file as the journal's header names it.
    plan_path: String,
    guard: RepeatGuard,
    /// The remote's last command and when: a double tap is taken once.
    last_web: Option<(Intent, Time)>,
    /// The last frame's snapshot: the bell rings on what changed since.
    shown: Option<Snapshot>,
    /// The run at the last wake-up and its suggestions, as the pages were
    /// told them: the frame drawn at that instant shows the same.
    moment: Option<Moment>,
    /// When the disk was last tried again after refusing.
    last_retry: Option<Time>,
    /// The web pages' tokens, for the journal's header when it is created.
    links: Option<crate::journal::LinkTokens>,
    /// What the web pages are told, when serving.
    web: Option<Publisher>,
    /// The screen kept awake while the run is in progress.
    awake: Awake,
    /// Serving on the venue's network since then, with nobody connected
    /// yet (`None` once someone did, or on loopback only).
    unreached_since: Option<Time>,
}

impl Console {
    pub fn new(app: App, recorder: Option<Recorder>, runs_dir: PathBuf, plan_path: String) -> Self {
        Self {
            app,
            recorder,
            runs_dir,
            plan_path,
            guard: RepeatGuard::default(),
            last_web: None,
            shown: None,
            moment: None,
            last_retry: None,
            links: None,
            web: None,
            awake: Awake::off(),
            unreached_since: None,
        }
    }

    /// The web links' tokens, written in the journal's header when it is
    /// created.
    pub fn set_links(&mut self, links: Option<crate::journal::LinkTokens>) {
        self.links = links;
    }

    /// Publishes to the web pages from now on, starting with the state now.
    pub fn serve(&mut self, mut publisher: Publisher, now: Time) {
        publisher.publish(&self.app.run, &Moment::of(&self.app.run, now));
        self.web = Some(publisher);
    }

    /// Tells the web pages what changed, if anything, NOT RECORDING too;
    /// returns the state's sequence number.
    fn publish(&mut self, moment: &Moment) -> u64 {
        let Some(publisher) = self.web.as_mut() else {
            return 0;
        };
        publisher.set_not_recording(self.app.not_recording.as_deref());
        publisher.publish(&self.app.run, moment)
    }

    /// A command from the remote or the API, read with the console's table
    /// ([`remote`]): carried out as a key would be (the journal first);
    /// what to answer once the pages are told.
    fn on_web(&mut self, message: ToConsole, now: Time, mono_ms: u64) -> Option<WebAnswer> {
        let command = match message {
            ToConsole::Command(command) => command,
            ToConsole::Connected => {
                let connected = self.web.as_ref().map_or(0, Publisher::connected);
                let refused = self.web.as_ref().map_or(0, Publisher::refused);
                let open = self.web.as_ref().map_or(0, Publisher::open);
                if let Some(web) = self.app.web.as_mut() {
                    web.connected = connected;
                    web.refused = refused;
                    web.open = open;
                }
                return None;
            }
            ToConsole::Off(why) => {
                if let Some(web) = self.app.web.as_mut() {
                    web.off = Some(why);
                    web.connected = 0;
                }
                return None;
            }
        };
        // A name or a body that means nothing is answered so even while
        // nothing is recorded: sending it again would not help.
        let intent = match remote::parse(&command.name, &command.body) {
            Ok(intent) => intent,
            Err(error) => {
                let name = command.name.clone();
                return Some(WebAnswer::Now(command, name, Reply::Invalid { error }));
            }
        };
        let name = remote::name_of(&intent).unwrap_or_else(|| command.name.clone());
        // While nothing reaches the disk, a command from afar is not carried
        // out: the remote would be told it was done, and a crash lose it.
        // The console's own keys still work (the timekeeper sees the flag).
        if let Some(why) = &self.app.not_recording {
            let reply = Reply::NotRecorded {
                not_recorded: format!("{why}; not done (use the console's keys)"),
            };
            return Some(WebAnswer::Now(command, name, reply));
        }
        let repeated = intent.guards_repeats()
            && self.last_web.as_ref().is_some_and(|(last, at)| {
                *last == intent && now >= *at && now - *at < keys::REPEAT_WINDOW
            });
        self.last_web = Some((intent.clone(), now));
        if repeated {
            let reply = Reply::Refused {
                refused: "the same command twice within 0.4 s: taken for a double tap".to_owned(),
            };
            return Some(WebAnswer::Now(command, name, reply));
        }
        let handled = self.carry_out(intent, now, mono_ms, Source::Web);
        if handled.events().next().is_none() {
            // The console's own word for it, as its notice line shows it.
            let refused = handled
                .refused
                .unwrap_or_else(|| "nothing to do now".to_owned());
            return Some(WebAnswer::Now(command, name, Reply::Refused { refused }));
        }
        if let Some(why) = self.app.not_recording.clone() {
            self.app
                .notify("the remote's command is on screen only: NOT RECORDING", now);
            let reply = Reply::NotRecorded {
                not_recorded: format!(
                    "{why}; the console shows it, but it is not on disk and a crash would lose it"
                ),
            };
            return Some(WebAnswer::Now(command, name, reply));
        }
        Some(WebAnswer::Done(command, name))
    }

    /// The journal being written, if one was opened or created.
    pub fn recorder(&self) -> Option<&Recorder> {
        self.recorder.as_ref()
    }

    /// Records that this console reopened the run (once it is up, so a
    /// start that fails leaves the journal as it was).
    pub fn reopened(&mut self, now: Time, mono_ms: u64) {
        self.record(&Event::new(now, Action::Reopened), mono_ms);
    }

    fn on_key(
        &mut self,
        key: ratatui::crossterm::event::KeyEvent,
        now: Time,
        mono_ms: u64,
    ) -> Flow {
        self.guard.observe(&key);
        let Some(intent) = keys::intent_for(key, self.app.ui.overlay.as_ref()) else {
            return Flow::Continue;
        };
        if !self.guard.admit(&key, &intent, now) {
            if matches!(intent, Intent::Run(_)) {
                // Said, so a deliberate second press is not lost unseen.
                self.app.notify(
                    "the same key again within 0.4 s is taken for a held key: press it again",
                    now,
                );
            }
            return Flow::Continue;
        }
        if self
            .carry_out(intent, now, mono_ms, Source::Console)
            .quits()
        {
            Flow::Quit
        } else {
            Flow::Continue
        }
    }

    /// Carries out what an intent means, the journal first, then the state;
    /// returns what it came to.
    fn carry_out(&mut self, intent: Intent, now: Time, mono_ms: u64, source: Source) -> Handled {
        let handled = self.app.handle_from(intent, now, source);
        for event in handled.events() {
            self.record(event, mono_ms);
        }
        handled
    }

    /// Journal first, then the screen: what the timekeeper sees has been
    /// synced to disk (or is flagged NOT RECORDING).
    fn record(&mut self, event: &Event, mono_ms: u64) {
        let app = &mut self.app;
        let recorder = self.recorder.get_or_insert_with(|| {
            let header = Header::new(&app.run.plan, &self.plan_path, app.run.mode, event.at);
            Recorder::begin(&self.runs_dir, &header.linked(self.links.as_ref()))
        });
        recorder.record(event, Some(mono_ms));
        app.not_recording = recorder.problem().map(str::to_owned);
        app.journal = Some(recorder.path().display().to_string());
        app.commit(event);
    }

    fn on_clock_jump(&mut self, millis: i64, now: Time, mono_ms: u64) {
        let seconds = millis as f64 / 1000.0;
        self.app.notify(
            format!("clock jumped {seconds:+.0} s at {}", now.format("%H:%M")),
            now,
        );
        if self.recorder.is_some() {
            self.record(&Event::new(now, Action::ClockJump { millis }), mono_ms);
        }
    }

    /// Tries the disk again, every [`RETRY_EVERY`] while it refuses.
    fn retry(&mut self, now: Time) {
        let Some(recorder) = self.recorder.as_mut() else {
            return;
        };
        if recorder.problem().is_none() {
            return;
        }
        if self.last_retry.is_some_and(|last| now - last < RETRY_EVERY) {
            return;
        }
        self.last_retry = Some(now);
        recorder.retry();
        self.app.not_recording = recorder.problem().map(str::to_owned);
    }

    fn countdown(&self) -> Countdown {
        self.shown
            .as_ref()
            .map_or(Countdown::Ready, Snapshot::display_countdown)
    }
}

impl Driver for Console {
    type Command = ToConsole;

    fn handle(&mut self, wake: Wake<Self::Command>, now: Time, mono_ms: u64) -> Flow {
        let flow = self.on_wake(wake, now, mono_ms);
        self.keep_awake();
        self.check_reach(now);
        flow
    }

    fn frame_key(&self, now: Time) -> FrameKey {
        let flash = self.app.ui.stage && self.app.run.flash_on(now);
        FrameKey::at(now, self.countdown(), flash)
    }

    fn draw(&mut self, buf: &mut Buffer, claims: &Claims, now: Time) -> u8 {
        let moment = match self.moment.take() {
            Some(moment) if moment.now == now => moment,
            _ => Moment::of(&self.app.run, now),
        };
        let rings = match &self.shown {
            Some(before) if self.app.ui.bell => crate::run::bells(before, &moment.snap),
            _ => 0,
        };
        screen::draw_moment(&self.app, &moment, buf.area, buf, Some(claims));
        self.shown = Some(moment.snap);
        rings
    }

    fn next_wake(&self, now: Time) -> WakeAt {
        let display = self.app.run.next_change_after(now, self.countdown());
        let retry = self
            .recorder
            .as_ref()
            .filter(|r| r.problem().is_some())
            .map(|_| self.last_retry.unwrap_or(now) + RETRY_EVERY);
        match retry {
            Some(at) if at < display => WakeAt { at, precise: false },
            _ => WakeAt {
                at: display,
                precise: true,
            },
        }
    }
}

/// What a web command is answered, once the pages are told, with the
/// command's name as the answer gives it.
enum WebAnswer {
    /// Carried out: the answer carries the state's sequence number.
    Done(WebCommand, String),
    Now(WebCommand, String, Reply),
}

impl Console {
    /// What one wake-up means (see [`Driver::handle`]): then the run at
    /// this instant is worked out once, for the pages and the frame.
    fn on_wake(&mut self, wake: Wake<ToConsole>, now: Time, mono_ms: u64) -> Flow {
        let (flow, answer) = match wake {
            Wake::Key(key) => (self.on_key(key, now, mono_ms), None),
            // A paste never quits: what it may do is add names to a list.
            Wake::Paste(text) => {
                self.carry_out(Intent::Paste(text), now, mono_ms, Source::Console);
                (Flow::Continue, None)
            }
            Wake::Command(message) => (Flow::Continue, self.on_web(message, now, mono_ms)),
            Wake::ClockJump(millis) => {
                self.on_clock_jump(millis, now, mono_ms);
                self.retry(now);
                (Flow::Continue, None)
            }
            Wake::Timer | Wake::Disk | Wake::Resize(..) => {
                self.retry(now);
                (Flow::Continue, None)
            }
            Wake::Stop(_) => return Flow::Quit,
        };
        let moment = Moment::of(&self.app.run, now);
        let seq = self.publish(&moment);
        // Answered once the pages have what the command led to.
        match answer {
            Some(WebAnswer::Done(command, name)) => command.answer(name, Reply::Done { seq }),
            Some(WebAnswer::Now(command, name, reply)) => command.answer(name, reply),
            None => {}
        }
        self.moment = Some(moment);
        flow
    }

    /// Watches a server on the venue's network (not loopback alone): after
    /// a minute with nobody connected, the header says to look at the
    /// firewall rather than looking healthy.
    pub fn watch_reach(&mut self, on_lan: bool, now: Time) {
        self.unreached_since = on_lan.then_some(now);
    }

    /// Whether the pages on the venue's network have had nobody for long
    /// enough to say so.
    fn check_reach(&mut self, now: Time) {
        let Some(web) = self.app.web.as_ref() else {
            return;
        };
        if web.connected > 0 || web.off.is_some() {
            self.unreached_since = None;
        }
        self.app.web_unreached = self
            .unreached_since
            .is_some_and(|since| nobody_came(since, now));
    }

    /// Holds the screen awake while the run is in progress, and says in
    /// the header when it could not be held.
    fn keep_awake(&mut self) {
        let run = &self.app.run;
        self.awake.want(run.started.is_some() && !run.is_closed());
        self.app.awake_problem = self.awake.problem();
    }

    /// Keeps the screen awake with `awake` during the run (instead of not
    /// at all, as by default).
    pub fn set_awake(&mut self, awake: Awake) {
        self.awake = awake;
    }
}

/// How long pages served on the venue's network may go without anyone
/// before the console says where to look.
const UNREACHED_AFTER: TimeDelta = TimeDelta::minutes(1);

/// Nobody has connected since `since`, for long enough to be told.
fn nobody_came(since: Time, now: Time) -> bool {
    now - since >= UNREACHED_AFTER
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::run::{Mode, Run};

    fn t(s: i64) -> Time {
        chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
            + TimeDelta::seconds(s)
    }

    fn serving(on_lan: bool) -> Console {
        let mut app = App::new(Run::new(Plan::builtin(), Mode::Rehearsal));
        app.web = Some(crate::console::app::WebStatus {
            links: Vec::new(),
            connected: 0,
            refused: 0,
            open: 0,
            off: None,
        });
        let mut console = Console::new(app, None, PathBuf::from("runs"), "p.toml".into());
        console.watch_reach(on_lan, t(0));
        console
    }

    #[test]
    fn pages_on_the_venue_network_that_nobody_reached_in_a_minute_point_at_the_firewall() {
        let mut console = serving(true);
        console.handle(Wake::Timer, t(59), 0);
        assert!(!console.app.web_unreached);
        console.handle(Wake::Timer, t(60), 0);
        assert!(console.app.web_unreached, "said after a minute");
        // A phone connects: nothing to say any more, even if it leaves.
        console.app.web.as_mut().unwrap().connected = 1;
        console.handle(Wake::Timer, t(61), 0);
        console.app.web.as_mut().unwrap().connected = 0;
        console.handle(Wake::Timer, t(200), 0);
        assert!(!console.app.web_unreached);
    }

    #[test]
    fn pages_on_loopback_alone_never_point_at_the_firewall() {
        let mut console = serving(false);
        console.handle(Wake::Timer, t(600), 0);
        assert!(!console.app.web_unreached);
    }
}
