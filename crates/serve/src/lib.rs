//! `cordon serve`: the seminar wargame in the browser.
//!
//! An HTTP server (axum on tokio) over [`cordon_wargame`]: a facilitator creates a game of the
//! scenario and gets one invitation link per seat and one for the white cell; each seat orders
//! its actors every turn through its page; when every seat has given orders, or the white cell
//! advances, the engine adjudicates the turn. Games live in SQLite ([`db`]): every accepted
//! order is committed before the reply, and a restarted server replays each game from its
//! orders and checks the replay against the stored turn states.
//!
//! Security: each seat's token is 128 random bits, stored as its SHA-256, compared in constant
//! time; a seat's pages and posts answer only to its own token (cookie `cordon_G_S`, HttpOnly,
//! SameSite=Strict, scoped to the seat's path, or `Authorization: Bearer`); every form post
//! carries an anti-forgery value derived from the token; bodies are limited to 64 KiB; order
//! submissions are rate-limited per seat; nothing is logged, so no secret is.

mod aar;
pub mod db;
mod html;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use cordon_engine::World;
use cordon_model::Scenario;
use cordon_wargame::{Orders, Seat, Setup, TurnResult, play};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::db::{Db, DbError};

/// The white cell's seat number (in the database and the URLs: `white`).
pub const WHITE: i64 = -1;

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 64 * 1024;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// The SQLite file.
    pub db: String,
    /// The scenario new games are created from: its name and text.
    pub scenario_name: String,
    pub scenario_text: String,
    /// Order submissions a seat may make in a burst, and refilled per second.
    pub orders_burst: f64,
    pub orders_per_second: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("game {game} ({name}): {message}")]
    Resume {
        game: i64,
        name: String,
        message: String,
    },
    #[error("the scenario: {0}")]
    Scenario(String),
    #[error("{addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// One game in memory: everything derives from its stored orders.
pub(crate) struct Game {
    pub id: i64,
    pub name: String,
    pub scenario: Arc<Scenario>,
    pub setup: Setup,
    /// SHA-256 of each seat's token; index `seats.len()` is the white cell.
    hashes: Vec<[u8; 32]>,
    /// `orders[turn][seat]`: the latest accepted orders.
    pub orders: Vec<Vec<Option<Orders>>>,
    pub results: Vec<TurnResult>,
    /// Whether the white cell advanced turn k before every seat had given orders.
    pub forced: Vec<bool>,
    pub aar: Option<Arc<aar::Review>>,
}

impl Game {
    pub fn turn(&self) -> usize {
        self.results.len()
    }

    pub fn over(&self) -> bool {
        self.results.len() >= self.setup.turns
    }

    /// Whether seat `i` was in the joint command on turn `k` (its orders in force then).
    pub fn joint(&self, k: usize) -> Vec<bool> {
        (0..self.setup.seats.len())
            .map(|i| {
                (0..=k.min(self.orders.len().saturating_sub(1)))
                    .rev()
                    .find_map(|t| self.orders.get(t).and_then(|o| o[i].as_ref()))
                    .is_some_and(|o| o.joint)
            })
            .collect()
    }

    /// The orders of seat `i` in force for the current turn (its latest).
    pub fn current_orders(&self, i: usize) -> Orders {
        (0..=self.turn().min(self.orders.len().saturating_sub(1)))
            .rev()
            .find_map(|t| self.orders.get(t).and_then(|o| o[i].clone()))
            .unwrap_or_else(|| Orders::standing(&self.scenario, &self.setup, i))
    }

    fn ensure_turn(&mut self, k: usize) {
        while self.orders.len() <= k {
            self.orders.push(vec![None; self.setup.seats.len()]);
        }
    }
}

/// The exact state at the end of a turn: the day, every continuous quantity, postures,
/// defeats and the leader, as bytes (compared to the bit on resume).
pub fn state_bytes(w: &World) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 * (w.u.len() + 2));
    out.extend(w.day.to_le_bytes());
    for x in &w.u {
        out.extend(x.to_le_bytes());
    }
    for p in &w.posture {
        out.extend(p.as_str().as_bytes());
        out.push(0);
    }
    out.extend(w.defeated_now.iter().map(|&d| u8::from(d)));
    out.extend(w.leader_region.map_or(u64::MAX, |r| r as u64).to_le_bytes());
    out
}

pub(crate) struct Inner {
    db: Db,
    pub games: BTreeMap<i64, Game>,
    limiter: BTreeMap<(i64, i64), (f64, Instant)>,
}

pub(crate) struct App {
    inner: Mutex<Inner>,
    config: Config,
    scenario: Arc<Scenario>,
}

type Shared = Arc<App>;

/// Reads every stored game and replays it from its orders; a replay that does not reproduce a
/// stored turn to the bit is an error.
fn load(db: &Db) -> Result<BTreeMap<i64, Game>, ServeError> {
    let mut games = BTreeMap::new();
    for g in db.games()? {
        let fail = |message: String| ServeError::Resume {
            game: g.id,
            name: g.name.clone(),
            message,
        };
        let scenario = cordon_model::parse(&g.scenario_name, g.scenario.as_bytes())
            .map_err(|d| fail(format!("its scenario no longer reads: {d:?}")))?;
        let setup: Setup =
            serde_json::from_str(&g.setup).map_err(|e| fail(format!("its setup: {e}")))?;
        let n = setup.seats.len();
        let mut hashes = vec![[0u8; 32]; n + 1];
        for (seat, hash) in &g.seats {
            let i = if *seat == WHITE { n } else { *seat as usize };
            if i <= n && hash.len() == 32 {
                hashes[i].copy_from_slice(hash);
            }
        }
        let mut game = Game {
            id: g.id,
            name: g.name.clone(),
            scenario: Arc::new(scenario),
            setup,
            hashes,
            orders: Vec::new(),
            results: Vec::new(),
            forced: Vec::new(),
            aar: None,
        };
        for (turn, seat, json) in &g.orders {
            let o: Orders = serde_json::from_str(json)
                .map_err(|e| fail(format!("orders of turn {turn}: {e}")))?;
            game.ensure_turn(*turn as usize);
            if (*seat as usize) < n {
                game.orders[*turn as usize][*seat as usize] = Some(o);
            }
        }
        let played = g.turns.len();
        if played > 0 {
            game.ensure_turn(played - 1);
            let results = play(&game.scenario, &game.setup, &game.orders[..played])
                .map_err(|e| fail(e.to_string()))?;
            for ((turn, bytes, _), r) in g.turns.iter().zip(&results) {
                if state_bytes(&r.world) != *bytes {
                    return Err(fail(format!(
                        "replaying its orders does not reproduce turn {}",
                        turn + 1
                    )));
                }
            }
            game.results = results;
        }
        game.forced = g.turns.iter().map(|t| t.2).collect();
        games.insert(g.id, game);
    }
    Ok(games)
}

/// The router over an opened database (for tests that run the server in-process).
fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/games", post(create))
        .route("/join/{game}/{seat}", get(join))
        .route("/g/{game}/{seat}", get(page))
        .route("/g/{game}/{seat}/orders", post(submit))
        .route("/g/{game}/{seat}/advance", post(advance))
        .route("/g/{game}/{seat}/aar", get(review))
        .route("/g/{game}/{seat}/state", get(state))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

/// Runs the server until Ctrl-C; `ready` is called with the bound address once it listens.
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let scenario = cordon_model::parse(&config.scenario_name, config.scenario_text.as_bytes())
        .map_err(|d| ServeError::Scenario(format!("{d:?}")))?;
    let db = Db::open(&config.db)?;
    let games = load(&db)?;
    let app = Arc::new(App {
        inner: Mutex::new(Inner {
            db,
            games,
            limiter: BTreeMap::new(),
        }),
        config: config.clone(),
        scenario: Arc::new(scenario),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: config.addr,
                source,
            })?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

/// 128 random bits from the operating system, as 32 hex digits.
fn new_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The anti-forgery value of a seat's forms: derived from its token, so a page of another
/// origin can neither read nor compute it.
pub fn csrf_of(token: &str) -> String {
    hex(&Sha256::digest(format!("cordon-csrf:{token}").as_bytes()))
}

/// The cookie that carries a seat's token.
pub fn cookie_name(game: i64, seat: i64) -> String {
    if seat == WHITE {
        format!("cordon_{game}_white")
    } else {
        format!("cordon_{game}_{seat}")
    }
}

fn seat_path(seat: i64) -> String {
    if seat == WHITE {
        "white".into()
    } else {
        seat.to_string()
    }
}

fn parse_seat(text: &str) -> Option<i64> {
    if text == "white" {
        Some(WHITE)
    } else {
        text.parse::<u32>().ok().map(i64::from)
    }
}

/// Why a request is refused.
enum Refusal {
    NotFound,
    NoToken,
    WrongToken,
    Forgery,
    Busy,
    Conflict(String),
    Invalid(Html<String>),
    Failed(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let text = |code: StatusCode, msg: &str| {
            (code, Html(html::message(code.as_str(), msg))).into_response()
        };
        match self {
            Refusal::NotFound => text(StatusCode::NOT_FOUND, "No such game or seat."),
            Refusal::NoToken => text(
                StatusCode::UNAUTHORIZED,
                "This page belongs to a seat: open your invitation link.",
            ),
            Refusal::WrongToken => text(StatusCode::FORBIDDEN, "This is not your seat."),
            Refusal::Forgery => text(
                StatusCode::FORBIDDEN,
                "The form did not come from your page (anti-forgery check failed).",
            ),
            Refusal::Busy => {
                let mut r = text(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Too many orders at once: wait a moment and send them again.",
                );
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                r
            }
            Refusal::Conflict(msg) => text(StatusCode::CONFLICT, &msg),
            Refusal::Invalid(page) => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
            Refusal::Failed(msg) => text(StatusCode::INTERNAL_SERVER_ERROR, &msg),
        }
    }
}

/// The token a request presents for a seat: its cookie, or a bearer header.
fn presented(headers: &HeaderMap, game: i64, seat: i64) -> Option<String> {
    if let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = auth.strip_prefix("Bearer ")
    {
        return Some(token.trim().to_string());
    }
    let name = cookie_name(game, seat);
    for value in headers.get_all(header::COOKIE) {
        let Ok(text) = value.to_str() else { continue };
        for pair in text.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=')
                && k == name
            {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// Checks that the request holds seat `seat`'s token; returns the token.
fn authorize(game: &Game, seat: i64, headers: &HeaderMap) -> Result<String, Refusal> {
    let n = game.setup.seats.len();
    let i = if seat == WHITE {
        n
    } else if (seat as usize) < n {
        seat as usize
    } else {
        return Err(Refusal::NotFound);
    };
    let token = presented(headers, game.id, seat).ok_or(Refusal::NoToken)?;
    if bool::from(sha256(&token).ct_eq(&game.hashes[i])) {
        Ok(token)
    } else {
        Err(Refusal::WrongToken)
    }
}

fn check_csrf(token: &str, fields: &[(String, String)]) -> Result<(), Refusal> {
    let sent = fields
        .iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    if bool::from(sent.as_bytes().ct_eq(csrf_of(token).as_bytes())) {
        Ok(())
    } else {
        Err(Refusal::Forgery)
    }
}

fn lock(app: &App) -> std::sync::MutexGuard<'_, Inner> {
    app.inner.lock().unwrap_or_else(|e| e.into_inner())
}

fn ids(game: &str, seat: &str) -> Result<(i64, i64), Refusal> {
    let g = game.parse::<i64>().map_err(|_| Refusal::NotFound)?;
    let s = parse_seat(seat).ok_or(Refusal::NotFound)?;
    Ok((g, s))
}

async fn home(State(app): State<Shared>) -> Html<String> {
    Html(html::home(&app.scenario, &app.config.scenario_name))
}

/// The game's name and setup from the facilitator's form, or the problems with the form.
fn setup_from_form(
    s: &Scenario,
    fields: &[(String, String)],
) -> Result<(String, Setup), Vec<String>> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut setup = Setup::default_for(s);
    let mut problems = Vec::new();
    let name = match get("name") {
        n if n.is_empty() => "Seminar game".to_string(),
        n => n.chars().take(100).collect(),
    };
    if !get("turn_days").is_empty() {
        match get("turn_days").parse::<f64>() {
            Ok(x) => setup.turn_days = x,
            Err(_) => problems.push(format!("turn_days: `{}` is not a number", get("turn_days"))),
        }
    }
    let turns = get("turns");
    if turns.is_empty() {
        setup.turns = (s.meta().horizon_days / setup.turn_days).ceil().max(1.0) as usize;
    } else {
        match turns.parse::<usize>() {
            Ok(x) => setup.turns = x,
            Err(_) => problems.push(format!("turns: `{turns}` is not a whole number")),
        }
    }
    if !get("seed").is_empty() {
        match get("seed").parse::<u64>() {
            Ok(x) => setup.seed = x,
            Err(_) => problems.push(format!("seed: `{}` is not a whole number", get("seed"))),
        }
    }
    let seats_text = get("seats");
    if !seats_text.is_empty() {
        setup.seats = seats_text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let (name, actors) = line.split_once('=').unwrap_or((line, ""));
                Seat {
                    name: name.trim().to_string(),
                    actors: actors
                        .split(',')
                        .map(|a| a.trim().to_string())
                        .filter(|a| !a.is_empty())
                        .collect(),
                }
            })
            .collect();
    }
    if problems.is_empty()
        && let Err(e) = setup.check(s)
    {
        problems.push(e.to_string());
    }
    if problems.is_empty() {
        Ok((name, setup))
    } else {
        Err(problems)
    }
}

/// The invitation links of a new game: (label, seat path, link with the seat's token), the
/// white cell's last.
fn invitation_links(id: i64, setup: &Setup, tokens: &[String]) -> Vec<(String, String, String)> {
    let n = setup.seats.len();
    (0..=n)
        .map(|i| {
            let seat = if i == n { WHITE } else { i as i64 };
            let label = if i == n {
                "White cell".to_string()
            } else {
                setup.seats[i].name.clone()
            };
            (
                label,
                seat_path(seat),
                format!("/join/{id}/{}?t={}", seat_path(seat), tokens[i]),
            )
        })
        .collect()
}

/// Creates a game from the facilitator's form: `name`, `turn_days`, `turns`, `seed` and
/// `seats` (one line per seat: `Name = actor, actor`).
async fn create(
    State(app): State<Shared>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let (name, setup) = setup_from_form(&app.scenario, &fields).map_err(|problems| {
        Refusal::Invalid(Html(html::message(
            "The game was not created",
            &problems.join("\n"),
        )))
    })?;
    let n = setup.seats.len();
    let tokens: Vec<String> = (0..=n).map(|_| new_token()).collect();
    let rows: Vec<(i64, String, [u8; 32])> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i == n {
                (WHITE, "White cell".to_string(), sha256(t))
            } else {
                (i as i64, setup.seats[i].name.clone(), sha256(t))
            }
        })
        .collect();
    let setup_json = serde_json::to_string(&setup).map_err(|e| Refusal::Failed(e.to_string()))?;
    let mut inner = lock(&app);
    let id = inner
        .db
        .create_game(
            &name,
            &app.config.scenario_name,
            &app.config.scenario_text,
            &setup_json,
            &rows,
        )
        .map_err(|e| Refusal::Failed(e.to_string()))?;
    let game = Game {
        id,
        name: name.clone(),
        scenario: app.scenario.clone(),
        setup: setup.clone(),
        hashes: rows.iter().map(|r| r.2).collect(),
        orders: Vec::new(),
        results: Vec::new(),
        forced: Vec::new(),
        aar: None,
    };
    inner.games.insert(id, game);
    drop(inner);
    let links = invitation_links(id, &setup, &tokens);
    let mut r = Html(html::created(id, &name, &links)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// An invitation link: checks the token, puts it in the seat's cookie, goes to the seat's page.
async fn join(
    State(app): State<Shared>,
    Path((game, seat)): Path<(String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, Refusal> {
    let (g, s) = ids(&game, &seat)?;
    let token = q.get("t").cloned().ok_or(Refusal::NoToken)?;
    {
        let inner = lock(&app);
        let game = inner.games.get(&g).ok_or(Refusal::NotFound)?;
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| Refusal::WrongToken)?,
        );
        authorize(game, s, &headers)?;
    }
    let path = format!("/g/{g}/{}", seat_path(s));
    let cookie = format!(
        "{}={token}; Path={path}; HttpOnly; SameSite=Strict",
        cookie_name(g, s)
    );
    let mut r = Redirect::to(&path).into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| Refusal::WrongToken)?,
    );
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(r)
}

async fn page(
    State(app): State<Shared>,
    Path((game, seat)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let (g, s) = ids(&game, &seat)?;
    let inner = lock(&app);
    let game = inner.games.get(&g).ok_or(Refusal::NotFound)?;
    let token = authorize(game, s, &headers)?;
    Ok(no_store(Html(html::seat_page(
        game,
        s,
        &csrf_of(&token),
        &[],
    ))))
}

fn no_store(page: Html<String>) -> Response {
    let mut r = page.into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Adjudicates the current turn (the orders given stand; missing ones keep the seat's last).
fn adjudicate(db: &mut Db, game: &mut Game, forced: bool) -> Result<(), Refusal> {
    let k = game.turn();
    game.ensure_turn(k);
    let results = play(&game.scenario, &game.setup, &game.orders[..=k])
        .map_err(|e| Refusal::Failed(e.to_string()))?;
    let last = results.last().ok_or(Refusal::Failed("no turn".into()))?;
    db.add_turn(
        game.id,
        k as i64,
        last.day,
        last.regime.as_str(),
        &state_bytes(&last.world),
        forced,
    )
    .map_err(|e| Refusal::Failed(e.to_string()))?;
    game.results = results;
    game.forced.push(forced);
    Ok(())
}

async fn submit(
    State(app): State<Shared>,
    Path((game, seat)): Path<(String, String)>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let (g, s) = ids(&game, &seat)?;
    let mut guard = lock(&app);
    let inner = &mut *guard;
    let game = inner.games.get_mut(&g).ok_or(Refusal::NotFound)?;
    let token = authorize(game, s, &headers)?;
    check_csrf(&token, &fields)?;
    if s == WHITE {
        return Err(Refusal::Conflict(
            "The white cell gives no orders: it advances the turn.".into(),
        ));
    }
    if !take_token_for(&mut inner.limiter, &app.config, (g, s)) {
        return Err(Refusal::Busy);
    }
    if game.over() {
        return Err(Refusal::Conflict("The game is over.".into()));
    }
    let turn = game.turn();
    if let Some((_, t)) = fields.iter().find(|(k, _)| k == "_turn")
        && t.parse::<usize>().ok() != Some(turn + 1)
    {
        return Err(Refusal::Conflict(format!(
            "These orders were written for turn {t}; the game is at turn {}. Reload the page.",
            turn + 1
        )));
    }
    let i = s as usize;
    let orders = match Orders::from_fields(&game.scenario, &game.setup, i, &fields) {
        Ok(o) => o,
        Err(problems) => {
            return Err(Refusal::Invalid(Html(html::seat_page(
                game,
                s,
                &csrf_of(&token),
                &problems,
            ))));
        }
    };
    let json = serde_json::to_string(&orders).map_err(|e| Refusal::Failed(e.to_string()))?;
    inner
        .db
        .add_orders(g, turn as i64, s, &json)
        .map_err(|e| Refusal::Failed(e.to_string()))?;
    game.ensure_turn(turn);
    game.orders[turn][i] = Some(orders);
    if game.orders[turn].iter().all(Option::is_some) {
        adjudicate(&mut inner.db, game, false)?;
    }
    Ok(Redirect::to(&format!("/g/{g}/{}", seat_path(s))).into_response())
}

/// Token bucket per seat: `burst` submissions, refilled at `rate` per second.
fn take_token_for(
    limiter: &mut BTreeMap<(i64, i64), (f64, Instant)>,
    config: &Config,
    key: (i64, i64),
) -> bool {
    let now = Instant::now();
    let (level, at) = limiter.entry(key).or_insert((config.orders_burst, now));
    let refill = now.duration_since(*at).as_secs_f64() * config.orders_per_second;
    *level = (*level + refill).min(config.orders_burst);
    *at = now;
    if *level >= 1.0 {
        *level -= 1.0;
        true
    } else {
        false
    }
}

/// The white cell advances the turn: adjudicated with the orders given (the others stand).
async fn advance(
    State(app): State<Shared>,
    Path((game, seat)): Path<(String, String)>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let (g, s) = ids(&game, &seat)?;
    let mut guard = lock(&app);
    let inner = &mut *guard;
    let game = inner.games.get_mut(&g).ok_or(Refusal::NotFound)?;
    let token = authorize(game, s, &headers)?;
    check_csrf(&token, &fields)?;
    if s != WHITE {
        return Err(Refusal::WrongToken);
    }
    if game.over() {
        return Err(Refusal::Conflict("The game is over.".into()));
    }
    if let Some((_, t)) = fields.iter().find(|(k, _)| k == "_turn")
        && t.parse::<usize>().ok() != Some(game.turn() + 1)
    {
        return Err(Refusal::Conflict(format!(
            "The game is already at turn {}.",
            game.turn() + 1
        )));
    }
    let forced = game
        .orders
        .get(game.turn())
        .is_none_or(|o| o.iter().any(Option::is_none));
    adjudicate(&mut inner.db, game, forced)?;
    Ok(Redirect::to(&format!("/g/{g}/white")).into_response())
}

async fn review(
    State(app): State<Shared>,
    Path((game, seat)): Path<(String, String)>,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, Refusal> {
    let (g, s) = ids(&game, &seat)?;
    // Authorize and take what the review needs, then compute it outside the lock.
    let (scenario, setup, results, orders, cached) = {
        let inner = lock(&app);
        let game = inner.games.get(&g).ok_or(Refusal::NotFound)?;
        authorize(game, s, &headers)?;
        if !game.over() {
            return Err(Refusal::Conflict(
                "The after-action review opens when the game ends.".into(),
            ));
        }
        (
            game.scenario.clone(),
            game.setup.clone(),
            game.results.clone(),
            game.orders.clone(),
            game.aar.clone(),
        )
    };
    let review = match cached {
        Some(r) => r,
        None => {
            let r = Arc::new(aar::Review::compute(&scenario, &setup, &results, &orders));
            if let Some(game) = lock(&app).games.get_mut(&g) {
                game.aar = Some(r.clone());
            }
            r
        }
    };
    let name = lock(&app)
        .games
        .get(&g)
        .map(|x| x.name.clone())
        .unwrap_or_default();
    let mut r = no_store(Html(html::review_page(&name, &scenario, &setup, &review)));
    if q.contains_key("download") {
        r.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"after-action-review.html\""),
        );
    }
    Ok(r)
}

/// A seat's status as JSON: turn, day, who has given orders, whether the game is over.
async fn state(
    State(app): State<Shared>,
    Path((game, seat)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let (g, s) = ids(&game, &seat)?;
    let inner = lock(&app);
    let game = inner.games.get(&g).ok_or(Refusal::NotFound)?;
    authorize(game, s, &headers)?;
    let turn = game.turn();
    let given: Vec<bool> = (0..game.setup.seats.len())
        .map(|i| game.orders.get(turn).is_some_and(|o| o[i].is_some()))
        .collect();
    let orders_stored = inner
        .db
        .count_orders(g)
        .map_err(|e| Refusal::Failed(e.to_string()))?;
    let body = serde_json::json!({
        "game": g,
        "turn": turn + 1,
        "turns": game.setup.turns,
        "day": game.results.last().map_or(0.0, |r| r.day),
        "over": game.over(),
        "given": given,
        "orders_stored": orders_stored,
    });
    let mut r = axum::Json(body).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Opens a database and replays every game in it from its stored orders, checking each stored
/// turn state to the bit (what the server does on start). Returns (game, turns played) per game.
pub fn check_replay(db: &str) -> Result<Vec<(i64, usize)>, ServeError> {
    let db = Db::open(db)?;
    Ok(load(&db)?
        .values()
        .map(|g| (g.id, g.results.len()))
        .collect())
}

/// Starts a server on a thread of its own (tests, benchmarks); returns the address it listens
/// on once it does.
pub fn spawn(config: Config) -> Result<SocketAddr, ServeError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (etx, erx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let tx2 = tx.clone();
        if let Err(e) = run(config, move |addr| {
            let _ = tx2.send(addr);
        }) {
            let _ = etx.send(e);
        }
    });
    match rx.recv() {
        Ok(addr) => Ok(addr),
        Err(_) => Err(erx
            .recv()
            .unwrap_or_else(|_| ServeError::Scenario("the server thread ended".into()))),
    }
}
