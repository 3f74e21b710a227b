//! A tiny Chrome DevTools Protocol client: starts headless Chromium, attaches to one page over
//! the browser's WebSocket (flattened sessions) and sends commands one at a time, keeping the
//! events that arrive in between.

use std::process::Stdio;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Generous: only there to fail instead of hanging.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// A running headless Chromium; killed on drop.
pub struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: Option<String>,
    /// Events received so far (`{ method, params, sessionId }`), in order.
    pub events: Vec<Value>,
}

impl Browser {
    /// Starts Chromium with background networking off and connects to its DevTools socket.
    pub async fn launch() -> Self {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMIUM}: {e}"));
        let stderr = child.stderr.take().unwrap();
        let url = tokio::time::timeout(TIMEOUT, async {
            let mut lines = BufReader::new(stderr).lines();
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(at) = line.find("ws://") {
                    let url = line[at..].trim().to_owned();
                    // Keep draining stderr so Chromium never blocks on a full pipe.
                    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                    return url;
                }
            }
            panic!("Chromium exited without printing its DevTools address");
        })
        .await
        .expect("Chromium printed no \"DevTools listening on ws://…\" line in time");
        let (socket, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap();
        Self {
            child,
            _profile: profile,
            socket,
            next_id: 0,
            session: None,
            events: Vec::new(),
        }
    }

    /// Opens a new page target and attaches to it; later commands go to that page.
    pub async fn open_page(&mut self) {
        let target = self
            .call("Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let target_id = target["targetId"].as_str().unwrap().to_owned();
        let attached = self
            .call(
                "Target.attachToTarget",
                json!({ "targetId": target_id, "flatten": true }),
            )
            .await;
        self.session = Some(attached["sessionId"].as_str().unwrap().to_owned());
    }

    /// Sends one command (to the attached page, if any) and returns its `result`.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
        tokio::time::timeout(TIMEOUT, async {
            loop {
                let value = self.receive().await;
                if value["id"] == id {
                    if let Some(error) = value.get("error") {
                        panic!("{method} failed: {error}");
                    }
                    return value["result"].clone();
                }
                self.events.push(value);
            }
        })
        .await
        .unwrap_or_else(|_| panic!("no answer to {method}"))
    }

    async fn receive(&mut self) -> Value {
        loop {
            match self.socket.next().await {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).unwrap(),
                Some(Ok(_)) => {}
                other => panic!("the DevTools socket ended: {other:?}"),
            }
        }
    }

    /// Evaluates `expression` in the page and returns its value (promises awaited).
    pub async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await;
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Polls `expression` until it is `true`; panics with `what` after [`TIMEOUT`].
    pub async fn wait_for(&mut self, expression: &str, what: &str) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        while self.eval(expression).await != json!(true) {
            if tokio::time::Instant::now() >= deadline {
                let page = self
                    .eval("location.href + '\\n' + (document.body?.innerText ?? '').slice(0, 2000)")
                    .await;
                panic!("timed out waiting for {what}; the page: {page}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Navigates the page and waits until the document and its subresources have loaded.
    pub async fn navigate(&mut self, url: &str) {
        let answer = self.call("Page.navigate", json!({ "url": url })).await;
        assert!(
            answer.get("errorText").is_none(),
            "navigate to {url}: {answer}"
        );
        self.wait_for(
            &format!(
                "document.readyState === 'complete' && location.href === {}",
                json!(url)
            ),
            &format!("{url} to load"),
        )
        .await;
    }

    /// The URLs of every request the page made since `Network.enable`.
    pub fn requested_urls(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_owned))
            .collect()
    }

    /// A PNG of the whole page (beyond the viewport).
    pub async fn screenshot_full_page(&mut self) -> Vec<u8> {
        use base64::Engine;
        let metrics = self.call("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        let shot = self
            .call(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1 },
                }),
            )
            .await;
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap()
    }

    /// Stops Chromium.
    pub async fn close(mut self) {
        let _ = self.child.kill().await;
    }
}
