//! `cordon serve`, the real binary: a kill -9 between two accepted orders loses neither, a
//! restarted server resumes its games; and three seats and a white cell play three turns of the
//! default scenario in a real browser (headless Chromium driven through chromedriver over the
//! WebDriver protocol), with a screenshot of each seat's page left in
//! `CARGO_TARGET_TMPDIR/wargame-screens/`.
//!
//! The browser test needs `chromium` and `chromedriver` on the PATH (Debian: `apt-get install
//! chromium chromium-driver`); without them it says so on stderr and checks nothing, unless
//! `CORDON_REQUIRE_CHROMIUM=1` makes a missing browser a failure (as CI does).

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use ureq::Agent;

const SEATS: &str = "Washington = us, nato\nMoscow = russia, syria\nBaghdad = iraq, turkey";

fn fresh(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cordon-serve-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A running `cordon serve` and its address.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cordon"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cordon serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the listening line");
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, base }
    }

    /// kill -9.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn post(url: &str, token: Option<&str>, fields: &[(&str, &str)]) -> (u16, String) {
    let mut req = agent().post(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send_form(fields.iter().copied()).expect("request");
    (
        r.status().as_u16(),
        r.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn state(base: &str, game: &str, seat: &str, token: &str) -> Value {
    let mut r = agent()
        .get(&format!("{base}/g/{game}/{seat}/state"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
    r.body_mut().read_json().expect("json")
}

/// The invitation links of a created game's page: (game, seat, token).
fn invitations(page: &str) -> Vec<(String, String, String)> {
    page.split("href=\"/join/")
        .skip(1)
        .map(|part| {
            let link = &part[..part.find('"').expect("end")];
            let (game, rest) = link.split_once('/').expect("game/seat");
            let (seat, token) = rest.split_once("?t=").expect("token");
            (game.to_string(), seat.to_string(), token.to_string())
        })
        .collect()
}

#[test]
fn a_kill_between_two_accepted_orders_loses_neither() {
    let dir = fresh("kill");
    let db = dir.join("games.db");
    let server = Server::start(&db);
    let base = server.base.clone();
    let (status, page) = post(
        &format!("{base}/games"),
        None,
        &[("name", "Kill"), ("turns", "3"), ("seats", SEATS)],
    );
    assert_eq!(status, 200);
    let seats = invitations(&page);
    let game = seats[0].0.clone();
    let order = |base: &str, i: usize, fields: &[(&str, &str)]| {
        let token = &seats[i].2;
        let csrf = cordon_serve::csrf_of(token);
        let mut all = vec![("_csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        post(&format!("{base}/g/{game}/{i}/orders"), Some(token), &all).0
    };
    assert_eq!(
        order(
            &base,
            0,
            &[("us.posture.levant", "attack"), ("us.effort.levant", "0.9")]
        ),
        303
    );
    assert_eq!(order(&base, 1, &[("joint", "on")]), 303);
    server.kill();

    let server = Server::start(&db);
    let base = server.base.clone();
    let s = state(&base, &game, "white", &seats[3].2);
    assert_eq!(s["orders_stored"], 2, "{s}");
    assert_eq!(s["given"], json!([true, true, false]));
    // The third seat completes the turn: the resumed game adjudicates it.
    assert_eq!(order(&base, 2, &[]), 303);
    let s = state(&base, &game, "0", &seats[0].2);
    assert_eq!(
        (s["turn"].as_u64(), s["day"].as_f64()),
        (Some(2), Some(30.0))
    );
    // Killed after an adjudicated turn: it resumes at turn 2, its state replayed to the bit
    // (the server refuses to start otherwise).
    server.kill();
    let server = Server::start(&db);
    let s = state(&server.base, &game, "1", &seats[1].2);
    assert_eq!(
        (s["turn"].as_u64(), s["orders_stored"].as_u64()),
        (Some(2), Some(3))
    );
    drop(server);
    assert_eq!(
        cordon_serve::check_replay(&db.display().to_string()).expect("replays"),
        vec![(game.parse().expect("id"), 1)]
    );
}

#[test]
fn serve_refuses_a_bad_scenario_and_a_bad_address() {
    let dir = fresh("bad");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[scenario]\nname = 3\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .arg("serve")
        .arg(&bad)
        .args(["--db"])
        .arg(dir.join("x.db"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(["serve", "--addr", "nowhere"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// One seat's orders in the browser: the seat and its (CSS selector, value) pairs.
type SeatOrders = (usize, &'static [(&'static str, &'static str)]);

// ---- the browser -------------------------------------------------------------------------

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// A WebDriver session (the W3C protocol over HTTP, JSON in and out).
struct Browser {
    driver: Child,
    url: String,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("a free port")
            .local_addr()
            .expect("addr")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let root = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent().get(&format!("{root}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"]
            }
        }}});
        let mut r = agent()
            .post(&format!("{root}/session"))
            .send_json(&caps)
            .expect("new session");
        let v: Value = r.body_mut().read_json().expect("json");
        let id = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Browser {
            driver,
            url: format!("{root}/session/{id}"),
        }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.url);
        let mut r = match method {
            "GET" => agent().get(&url).call(),
            _ => agent().post(&url).send_json(&body),
        }
        .expect("webdriver");
        let status = r.status().as_u16();
        let v: Value = r.body_mut().read_json().expect("json");
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT].as_str().expect("element").to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        v.as_array()
            .expect("array")
            .iter()
            .map(|e| e[ELEMENT].as_str().expect("element").to_string())
            .collect()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Clicks what submits a form and waits until the next page has loaded (the old page is
    /// marked first, so a slow machine cannot mistake it for the new one).
    fn submit(&self, css: &str) {
        self.script("window.cordonOldPage = true;");
        self.click(css);
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.script("return !window.cordonOldPage && document.readyState === 'complete';")
            != json!(true)
        {
            assert!(
                Instant::now() < deadline,
                "the page after {css} did not load"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), json!({}));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        );
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        self.call(
            "GET",
            &format!("/element/{element}/attribute/{name}"),
            json!(null),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    fn source(&self) -> String {
        self.call("GET", "/source", json!(null))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.call("GET", "/screenshot", json!(null));
        let png = base64(b64.as_str().expect("base64"));
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(path, png).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = agent().delete(&self.url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn three_seats_and_a_white_cell_play_three_turns_in_a_browser() {
    let required = std::env::var("CORDON_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1");
    let (Some(chromium), Some(chromedriver)) = (
        std::env::var("CORDON_CHROMIUM")
            .ok()
            .map(PathBuf::from)
            .or_else(|| on_path("chromium")),
        on_path("chromedriver"),
    ) else {
        assert!(
            !required,
            "CORDON_REQUIRE_CHROMIUM=1 but chromium or chromedriver is missing"
        );
        eprintln!(
            "skipped: the browser test needs chromium and chromedriver on the PATH (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let dir = fresh("browser");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wargame-screens");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).expect("screens dir");
    let server = Server::start(&dir.join("games.db"));
    let base = server.base.clone();
    let b = Browser::start(&chromium, &chromedriver);

    // The facilitator creates the game from the home page.
    b.go(&format!("{base}/"));
    b.type_into("input[name=name]", "Browser game");
    b.type_into("input[name=turns]", "3");
    b.type_into("textarea[name=seats]", SEATS);
    b.submit("button[type=submit]");
    let links: Vec<String> = b
        .find_all("a.invite")
        .iter()
        .map(|e| b.attribute(e, "href"))
        .collect();
    assert_eq!(links.len(), 4, "three seats and the white cell");
    // Each player opens their link (one browser: each seat's cookie is its own).
    let mut pages = Vec::new();
    for link in &links {
        let url = if link.starts_with("http") {
            link.clone()
        } else {
            format!("{base}{link}")
        };
        b.go(&url);
        let src = b.source();
        assert!(src.contains("id=\"seat\""), "{src}");
        let seat = url
            .rsplit_once("/join/")
            .expect("join")
            .1
            .split('?')
            .next()
            .expect("seat")
            .split('/')
            .nth(1)
            .expect("seat")
            .to_string();
        let game = url
            .rsplit_once("/join/")
            .expect("join")
            .1
            .split('/')
            .next()
            .expect("game")
            .to_string();
        pages.push(format!("{base}/g/{game}/{seat}"));
    }
    // What each seat orders, turn by turn: (seat, [(select or input, value)]).
    let orders: [&[SeatOrders]; 3] = [
        &[
            (
                0,
                &[
                    ("select[name='us.posture.levant']", "attack"),
                    ("input[name='us.effort.levant']", "0.8"),
                    ("input[name='us.interdict.levant-khorasan-command']", "0.5"),
                ],
            ),
            (
                1,
                &[
                    ("select[name='russia.posture.levant']", "attack"),
                    ("input[name='russia.effort.levant']", "0.6"),
                ],
            ),
            (
                2,
                &[
                    ("select[name='iraq.posture.levant']", "attack"),
                    ("input[name='iraq.effort.levant']", "0.9"),
                ],
            ),
        ],
        &[
            (0, &[("input[name=joint]", "on")]),
            (1, &[("input[name=joint]", "on")]),
            (
                2,
                &[
                    ("input[name=joint]", "on"),
                    ("input[name='iraq.disrupt.levant']", "1"),
                ],
            ),
        ],
        // Turn 3: Baghdad sends nothing; the white cell adjudicates.
        &[
            (0, &[("select[name='nato.posture.africa']", "withdraw")]),
            (
                1,
                &[
                    ("select[name='syria.posture.levant']", "attack"),
                    ("input[name='syria.effort.levant']", "0.7"),
                ],
            ),
        ],
    ];
    for (turn, seat_orders) in orders.iter().enumerate() {
        for (seat, fields) in seat_orders.iter() {
            b.go(&pages[*seat]);
            assert!(
                b.source()
                    .contains(&format!("<b id=\"turn\">{}</b>", turn + 1)),
                "seat {seat} at turn {}",
                turn + 1
            );
            for (css, value) in fields.iter() {
                if css.starts_with("select") {
                    b.click(&format!("{css} option[value='{value}']"));
                } else if *value == "on" {
                    let e = b.find(css);
                    if b.call("GET", &format!("/element/{e}/selected"), json!(null)) != json!(true)
                    {
                        b.click(css);
                    }
                } else {
                    b.type_into(css, value);
                }
            }
            b.submit("#submit");
            let src = b.source();
            assert!(
                !src.contains("id=\"problems\""),
                "seat {seat}, turn {}: refused: {src}",
                turn + 1
            );
        }
        if turn == 2 {
            b.go(&pages[3]);
            b.submit("#advance-button");
        }
    }
    // The game is over for everyone: each seat's page, then the review.
    let names = ["washington", "moscow", "baghdad", "white-cell"];
    for (page, name) in pages.iter().zip(names) {
        b.go(page);
        let src = b.source();
        assert!(
            src.contains("Game over on day 90 after 3 turns"),
            "{name}: {src}"
        );
        assert!(src.contains("<svg id=\"map\""), "{name} has its map");
        if name == "white-cell" {
            assert!(src.contains("The true state"));
        } else {
            assert!(!src.contains("The true state"));
        }
        b.screenshot(&shots.join(format!("{name}.png")));
    }
    b.go(&pages[3]);
    b.submit("#aar");
    let src = b.source();
    assert!(
        src.contains("After-action review") && src.contains("Nearest course"),
        "{src}"
    );
    b.screenshot(&shots.join("after-action-review.png"));
    for name in names {
        assert!(shots.join(format!("{name}.png")).is_file());
    }
    eprintln!("screenshots in {}", shots.display());
}
