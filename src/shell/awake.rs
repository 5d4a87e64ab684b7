//! Keeping the screen awake while a run is in progress: a laptop on battery
//! blanks its screen in the middle of a 15-minute speech. The `keepawake`
//! crate holds it on all three systems (`systemd-logind` and the desktop's
//! screen saver over D-Bus on Linux, an `IOKit` power assertion on macOS,
//! `SetThreadExecutionState` on Windows); it is released when the run
//! closes, or the console does.
//!
//! Taking it may wait on D-Bus, so it is taken on a thread of its own: the
//! console never waits for it, and says so when it could not be held.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

/// What holds the screen awake until it is dropped.
pub type Held = Box<dyn Send>;

/// Takes the hold, or says why it cannot.
pub type Hold = Box<dyn Fn() -> Result<Held, String> + Send>;

/// The screen kept awake while the console wants it.
pub struct Awake {
    /// To the holding thread: whether to hold; none with `--allow-sleep`.
    tx: Option<Sender<bool>>,
    wanted: bool,
    problem: Arc<Mutex<Option<String>>>,
    /// One message for each wish the thread has carried out (for tests).
    done: Option<Receiver<()>>,
}

impl Awake {
    /// Never holds anything (`--allow-sleep`).
    pub fn off() -> Self {
        Self {
            tx: None,
            wanted: false,
            problem: Arc::default(),
            done: None,
        }
    }

    /// Holds the screen and the system awake through `keepawake`.
    pub fn system() -> Self {
        Self::with(Box::new(|| {
            keepawake::Builder::default()
                .display(true)
                .idle(true)
                .reason("A session is being timed")
                .app_name("timekeeper")
                .app_reverse_domain("timekeeper")
                .create()
                .map(|held| Box::new(held) as Held)
                .map_err(|e| e.to_string())
        }))
    }

    /// Holds with `hold`, on a thread of its own.
    pub fn with(hold: Hold) -> Self {
        let (tx, rx) = mpsc::channel::<bool>();
        let (done_tx, done) = mpsc::channel();
        let problem = Arc::new(Mutex::new(None));
        let said = Arc::clone(&problem);
        std::thread::spawn(move || {
            let mut holding: Option<Held> = None;
            for wish in rx {
                if wish && holding.is_none() {
                    match hold() {
                        Ok(taken) => {
                            holding = Some(taken);
                            *said.lock().unwrap_or_else(PoisonError::into_inner) = None;
                        }
                        Err(why) => {
                            *said.lock().unwrap_or_else(PoisonError::into_inner) = Some(why);
                        }
                    }
                } else if !wish {
                    holding = None;
                }
                let _ = done_tx.send(());
            }
        });
        Self {
            tx: Some(tx),
            wanted: false,
            problem,
            done: Some(done),
        }
    }

    /// Holds the screen awake (`true`) or lets it sleep again.
    pub fn want(&mut self, on: bool) {
        if on == self.wanted {
            return;
        }
        self.wanted = on;
        if let Some(tx) = &self.tx {
            let _ = tx.send(on);
        }
    }

    /// Why the screen could not be kept awake, while it is wanted.
    pub fn problem(&self) -> Option<String> {
        if !self.wanted {
            return None;
        }
        self.problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until the thread has carried out every wish so far (tests).
    pub fn settle(&mut self, wishes: usize) {
        if let Some(done) = &self.done {
            for _ in 0..wishes {
                let _ = done.recv_timeout(std::time::Duration::from_secs(10));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counted(Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn the_screen_is_held_once_while_a_run_is_in_progress_and_let_go_after() {
        let holding = Arc::new(AtomicUsize::new(0));
        let taken = Arc::clone(&holding);
        let mut awake = Awake::with(Box::new(move || {
            taken.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(Counted(Arc::clone(&taken))) as Held)
        }));
        awake.want(true);
        awake.want(true);
        awake.settle(1);
        assert_eq!(holding.load(Ordering::SeqCst), 1);
        assert_eq!(awake.problem(), None);
        awake.want(false);
        awake.settle(1);
        assert_eq!(
            holding.load(Ordering::SeqCst),
            0,
            "released when the run closed"
        );
    }

    #[test]
    fn a_screen_that_cannot_be_held_is_said() {
        let mut awake = Awake::with(Box::new(|| Err("no session bus".to_owned())));
        awake.want(true);
        awake.settle(1);
        assert_eq!(awake.problem().as_deref(), Some("no session bus"));
        awake.want(false);
        assert_eq!(awake.problem(), None, "nothing to say once the run closed");
    }

    #[test]
    fn allow_sleep_holds_nothing_and_says_nothing() {
        let mut awake = Awake::off();
        awake.want(true);
        assert_eq!(awake.problem(), None);
    }
}
