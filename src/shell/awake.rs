//! Keeping the screen awake while a run is in progress: a laptop on battery
//! blanks its screen in the middle of a 15-minute speech. The `keepawake`
//! crate holds it on all three systems (`systemd-logind` and the desktop's
//! screen saver over D-Bus on Linux, an `IOKit` power assertion on macOS,
//! `SetThreadExecutionState` on Windows); it is released when the run
//! closes, or the console does.
//!
//! Taking it may wait on D-Bus, so it is taken on a thread of its own: the
//! console never waits for it, and says so when it could not be held. On
//! Linux without a session bus (a text console, SSH, a container) the hold
//! can only fail: it is refused before `keepawake` starts, so that zbus's
//! threads and code are never loaded for nothing.

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
            #[cfg(target_os = "linux")]
            if let Some(why) = no_session_bus(
                std::env::var_os("DBUS_SESSION_BUS_ADDRESS").as_deref(),
                std::env::var_os("XDG_RUNTIME_DIR").as_deref(),
                rustix::process::geteuid().as_raw(),
            ) {
                return Err(why);
            }
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

/// Why there is no D-Bus session bus to hold the screen through, if there
/// is none: the environment names no address and the socket is not where
/// zbus would look (`$XDG_RUNTIME_DIR/bus`, else `/run/user/UID/bus`).
#[cfg(target_os = "linux")]
fn no_session_bus(
    address: Option<&std::ffi::OsStr>,
    runtime_dir: Option<&std::ffi::OsStr>,
    uid: u32,
) -> Option<String> {
    if address.is_some() {
        return None;
    }
    let bus = runtime_dir.map_or_else(
        || std::path::PathBuf::from(format!("/run/user/{uid}")),
        std::path::PathBuf::from,
    );
    let bus = bus.join("bus");
    (!bus.exists()).then(|| format!("no D-Bus session bus ({} is missing)", bus.display()))
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

    #[cfg(target_os = "linux")]
    #[test]
    fn without_a_session_bus_the_screen_is_not_held_and_the_reason_names_the_socket() {
        let dir = tempfile::tempdir().unwrap();
        let why = no_session_bus(None, Some(dir.path().as_os_str()), 1000).unwrap();
        assert!(
            why.contains(&dir.path().join("bus").display().to_string()),
            "{why}"
        );
        assert!(
            no_session_bus(None, None, 4_000_000_000)
                .unwrap()
                .contains("/run/user/4000000000/bus")
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_session_bus_named_or_found_is_tried() {
        let dir = tempfile::tempdir().unwrap();
        let address = std::ffi::OsStr::new("unix:path=/nowhere");
        assert_eq!(
            no_session_bus(Some(address), Some(dir.path().as_os_str()), 1000),
            None
        );
        std::fs::write(dir.path().join("bus"), "").unwrap();
        assert_eq!(
            no_session_bus(None, Some(dir.path().as_os_str()), 1000),
            None
        );
    }
}
