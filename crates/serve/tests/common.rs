//! A server over a fresh database, a small HTTP client, and a game of three seats.

use std::net::SocketAddr;
use std::path::PathBuf;

use ureq::Agent;

pub const SEATS: &str = "Washington = us, nato\nMoscow = russia, syria\nBaghdad = iraq, turkey";

pub fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cordon-serve-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("games.db")
}

pub fn config(db: &std::path::Path, burst: f64) -> cordon_serve::Config {
    cordon_serve::Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        db: db.display().to_string(),
        scenario_name: cordon_model::DEFAULT_SCENARIO_NAME.into(),
        scenario_text: cordon_model::DEFAULT_SCENARIO_TOML.into(),
        orders_burst: burst,
        orders_per_second: 0.01,
    }
}

pub fn start(name: &str, burst: f64) -> (String, PathBuf) {
    let db = temp_db(name);
    let addr: SocketAddr = cordon_serve::spawn(config(&db, burst)).expect("server starts");
    (format!("http://{addr}"), db)
}

fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// GET with the seat's token as a bearer header (or none): (status, body).
pub fn get(url: &str, token: Option<&str>) -> (u16, String) {
    let mut req = agent().get(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut r = req.call().expect("request");
    let status = r.status().as_u16();
    (status, r.body_mut().read_to_string().unwrap_or_default())
}

/// POST a form: (status, body).
pub fn post(url: &str, token: Option<&str>, fields: &[(&str, &str)]) -> (u16, String) {
    let mut req = agent().post(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut r = req.send_form(fields.iter().copied()).expect("request");
    let status = r.status().as_u16();
    (status, r.body_mut().read_to_string().unwrap_or_default())
}

/// A created game: its id and the tokens of its seats, the white cell's last.
pub struct Game {
    pub base: String,
    pub id: i64,
    pub tokens: Vec<String>,
}

impl Game {
    pub fn create(base: &str, turns: usize) -> Game {
        let turns = turns.to_string();
        let (status, page) = post(
            &format!("{base}/games"),
            None,
            &[
                ("name", "Test"),
                ("turn_days", "30"),
                ("turns", &turns),
                ("seed", "11"),
                ("seats", SEATS),
            ],
        );
        assert_eq!(status, 200, "{page}");
        Game::from_page(base, &page)
    }

    pub fn from_page(base: &str, page: &str) -> Game {
        let mut id = 0;
        let mut tokens = Vec::new();
        for part in page.split("href=\"/join/").skip(1) {
            let link = &part[..part.find('"').expect("end of link")];
            let (g, rest) = link.split_once('/').expect("game/seat");
            id = g.parse().expect("game id");
            let token = rest.split_once("?t=").expect("token").1;
            assert_eq!(token.len(), 32, "128 bits in hex");
            tokens.push(token.to_string());
        }
        assert_eq!(tokens.len(), 4);
        Game {
            base: base.to_string(),
            id,
            tokens,
        }
    }

    pub fn seat_url(&self, seat: usize) -> String {
        let s = if seat == 3 {
            "white".to_string()
        } else {
            seat.to_string()
        };
        format!("{}/g/{}/{s}", self.base, self.id)
    }

    /// Sends seat `seat`'s orders (with its anti-forgery value).
    pub fn order(&self, seat: usize, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = cordon_serve::csrf_of(&self.tokens[seat]);
        let mut all = vec![("_csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        post(
            &format!("{}/orders", self.seat_url(seat)),
            Some(&self.tokens[seat]),
            &all,
        )
    }

    pub fn advance(&self) -> (u16, String) {
        let csrf = cordon_serve::csrf_of(&self.tokens[3]);
        post(
            &format!("{}/advance", self.seat_url(3)),
            Some(&self.tokens[3]),
            &[("_csrf", &csrf)],
        )
    }

    pub fn state(&self, seat: usize) -> serde_json::Value {
        let (status, body) = get(
            &format!("{}/state", self.seat_url(seat)),
            Some(&self.tokens[seat]),
        );
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).expect("json")
    }
}
