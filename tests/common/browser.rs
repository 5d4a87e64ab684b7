//! Debian's headless Chromium, driven through its remote-debugging protocol
//! (CDP) over a WebSocket: open pages at a given screen size, evaluate
//! JavaScript in them, wait for what they show, take screenshots. Nothing is
//! downloaded: the browser must be installed (`apt-get install chromium`).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The browser to drive: `$CHROMIUM`, else Debian's.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Whether a missing browser fails the test (CI sets it) or only skips it.
pub fn required() -> bool {
    std::env::var("TIMEKEEPER_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// One tab, attached.
#[derive(Debug, Clone)]
pub struct Page {
    session: String,
}

impl Browser {
    pub fn launch(path: &Path) -> Self {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", path.display()));
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            // Read it all, so the browser never blocks on a full pipe.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split_whitespace().find(|w| w.starts_with("ws://")) {
                    let _ = tx.send(url.to_owned());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the browser tells where its debugging port is");
        let (ws, _) = tungstenite::connect(url.as_str()).expect("the debugging port answers");
        if let MaybeTlsStream::Plain(stream) = ws.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
        }
        Self {
            child,
            ws,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Calls a CDP method (on a page's session, or the browser's) and
    /// returns its result.
    pub fn call(&mut self, page: Option<&Page>, method: &str, params: &Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(page) = page {
            message["sessionId"] = json!(page.session);
        }
        self.ws
            .send(Message::text(message.to_string()))
            .expect("the browser takes commands");
        loop {
            let reply = self.ws.read().expect("the browser answers");
            let Message::Text(text) = reply else {
                continue;
            };
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["id"] == id {
                if let Some(error) = value.get("error") {
                    panic!("{method}: {error}");
                }
                return value["result"].clone();
            }
        }
    }

    /// A new tab of `width` × `height` CSS pixels (a phone when `mobile`).
    pub fn page(&mut self, width: u32, height: u32, mobile: bool) -> Page {
        let target = self.call(
            None,
            "Target.createTarget",
            &json!({ "url": "about:blank" }),
        );
        let attached = self.call(
            None,
            "Target.attachToTarget",
            &json!({ "targetId": target["targetId"], "flatten": true }),
        );
        let page = Page {
            session: attached["sessionId"].as_str().unwrap().to_owned(),
        };
        self.resize(&page, width, height, mobile);
        self.call(
            Some(&page),
            "Emulation.setFocusEmulationEnabled",
            &json!({ "enabled": true }),
        );
        page
    }

    pub fn resize(&mut self, page: &Page, width: u32, height: u32, mobile: bool) {
        self.call(
            Some(page),
            "Emulation.setDeviceMetricsOverride",
            &json!({
                "width": width,
                "height": height,
                "deviceScaleFactor": if mobile { 2 } else { 1 },
                "mobile": mobile,
            }),
        );
    }

    pub fn navigate(&mut self, page: &Page, url: &str) {
        self.call(Some(page), "Page.navigate", &json!({ "url": url }));
    }

    /// The value of a JavaScript expression in the page.
    pub fn eval(&mut self, page: &Page, expression: &str) -> Value {
        let result = self.call(
            Some(page),
            "Runtime.evaluate",
            &json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is truthy in the page; its value then.
    pub fn wait_for(
        &mut self,
        page: &Page,
        what: &str,
        expression: &str,
        timeout: Duration,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.eval(page, expression);
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                let body = self.eval(page, "document.body ? document.body.innerText : ''");
                panic!("no {what} within {timeout:?}; the page showed:\n{body}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// A PNG of what the page shows, written to `path`.
    pub fn screenshot(&mut self, page: &Page, path: &Path) {
        let shot = self.call(
            Some(page),
            "Page.captureScreenshot",
            &json!({ "format": "png" }),
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
