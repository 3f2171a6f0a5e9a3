//! Load on loopback: 50 concurrent games × 6 seats, each seat a client thread that reads its
//! page and its status and sends orders (within the default rate limit, 2 per second), for a
//! bounded time. Reports throughput, p50/p99 latency per kind of request, errors, and lost
//! orders (accepted by the server but not in the database at the end), then replays every
//! game from the database to check its turns to the bit.
//!
//! `cargo bench -p cordon-serve --bench load`; `CORDON_LOAD_SECS` (default 20) and
//! `CORDON_LOAD_GAMES` (default 50) change the run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ureq::Agent;

const SEATS: &str =
    "United States = us\nRussia = russia\nTurkey = turkey\nIraq = iraq\nSyria = syria\nNATO = nato";
const ORDER_EVERY: Duration = Duration::from_millis(550);

#[derive(Default)]
struct Tally {
    page: Vec<Duration>,
    state: Vec<Duration>,
    orders: Vec<Duration>,
    errors: Vec<String>,
    accepted: u64,
    over: u64,
}

fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn quantile(xs: &mut [Duration], q: f64) -> Duration {
    if xs.is_empty() {
        return Duration::ZERO;
    }
    xs.sort_unstable();
    xs[((xs.len() - 1) as f64 * q).round() as usize]
}

/// One seat's orders, varied with the round so that turns differ.
fn orders(seat: usize, round: u64) -> Vec<(String, String)> {
    let actor = ["us", "russia", "turkey", "iraq", "syria", "nato"][seat];
    let effort = format!("{:.2}", 0.3 + 0.1 * (round % 7) as f64);
    let joint = if round.is_multiple_of(3) { "on" } else { "off" };
    vec![
        ("joint".to_string(), joint.to_string()),
        (format!("{actor}.posture.levant"), "attack".to_string()),
        (format!("{actor}.effort.levant"), effort),
    ]
}

fn main() {
    let secs = env("CORDON_LOAD_SECS", 20);
    let games = env("CORDON_LOAD_GAMES", 50) as usize;
    let dir = std::env::temp_dir().join(format!("cordon-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("games.db").display().to_string();
    let addr = cordon_serve::spawn(cordon_serve::Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        db: db.clone(),
        scenario_name: cordon_model::DEFAULT_SCENARIO_NAME.into(),
        scenario_text: cordon_model::DEFAULT_SCENARIO_TOML.into(),
        orders_burst: 20.0,
        orders_per_second: 2.0,
    })
    .expect("server");
    let base = format!("http://{addr}");
    // The games: each with six seats and the white cell, 36 turns of 30 days.
    let mut seats: Vec<(usize, String, usize, String)> = Vec::new();
    for g in 0..games {
        let mut r = agent()
            .post(&format!("{base}/games"))
            .send_form([
                ("name", format!("Load {g}").as_str()),
                ("turn_days", "30"),
                ("turns", "36"),
                ("seats", SEATS),
            ])
            .expect("create");
        assert_eq!(r.status().as_u16(), 200);
        let page = r.body_mut().read_to_string().expect("page");
        for (i, part) in page.split("href=\"/join/").skip(1).enumerate() {
            let link = &part[..part.find('"').expect("end")];
            let (game, rest) = link.split_once('/').expect("game");
            let token = rest.split_once("?t=").expect("token").1;
            if i < 6 {
                seats.push((g, game.to_string(), i, token.to_string()));
            }
        }
    }
    println!(
        "load: {games} games × 6 seats = {} client threads, {secs} s, on {base}",
        seats.len()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let handles: Vec<_> = seats
        .into_iter()
        .map(|(_, game, seat, token)| {
            let base = base.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let agent = agent();
                let mut t = Tally::default();
                let auth = format!("Bearer {token}");
                let csrf = cordon_serve::csrf_of(&token);
                let page = format!("{base}/g/{game}/{seat}");
                let mut last_order = Instant::now() - ORDER_EVERY;
                let mut round = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let t0 = Instant::now();
                    match agent.get(&page).header("Authorization", &auth).call() {
                        Ok(mut r) if r.status().as_u16() == 200 => {
                            let _ = r.body_mut().read_to_string();
                            t.page.push(t0.elapsed());
                        }
                        Ok(r) => t.errors.push(format!("page {}", r.status())),
                        Err(e) => t.errors.push(format!("page {e}")),
                    }
                    let t0 = Instant::now();
                    match agent
                        .get(&format!("{page}/state"))
                        .header("Authorization", &auth)
                        .call()
                    {
                        Ok(mut r) if r.status().as_u16() == 200 => {
                            let _ = r.body_mut().read_to_string();
                            t.state.push(t0.elapsed());
                        }
                        Ok(r) => t.errors.push(format!("state {}", r.status())),
                        Err(e) => t.errors.push(format!("state {e}")),
                    }
                    if last_order.elapsed() >= ORDER_EVERY {
                        last_order = Instant::now();
                        round += 1;
                        let mut fields = vec![("_csrf".to_string(), csrf.clone())];
                        fields.extend(orders(seat, round));
                        let t0 = Instant::now();
                        match agent
                            .post(&format!("{page}/orders"))
                            .header("Authorization", &auth)
                            .send_form(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                        {
                            Ok(mut r) => {
                                let status = r.status().as_u16();
                                let _ = r.body_mut().read_to_string();
                                match status {
                                    303 => {
                                        t.accepted += 1;
                                        t.orders.push(t0.elapsed());
                                    }
                                    409 => t.over += 1,
                                    s => t.errors.push(format!("orders {s}")),
                                }
                            }
                            Err(e) => t.errors.push(format!("orders {e}")),
                        }
                    }
                }
                (game, t)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    let mut all = Tally::default();
    let mut accepted_by_game: std::collections::BTreeMap<String, u64> = Default::default();
    for h in handles {
        let (game, t) = h.join().expect("client thread");
        *accepted_by_game.entry(game).or_default() += t.accepted;
        all.page.extend(t.page);
        all.state.extend(t.state);
        all.orders.extend(t.orders);
        all.errors.extend(t.errors);
        all.accepted += t.accepted;
        all.over += t.over;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let total = all.page.len() + all.state.len() + all.orders.len();
    println!(
        "requests: {total} in {elapsed:.1} s = {:.0} per second; orders accepted {} ({:.0} per second); refused after the game's end {}",
        total as f64 / elapsed,
        all.accepted,
        all.accepted as f64 / elapsed,
        all.over
    );
    for (name, xs) in [
        ("page", &mut all.page),
        ("state", &mut all.state),
        ("orders", &mut all.orders),
    ] {
        let n = xs.len();
        println!(
            "  {name:<6} n={n:<7} p50 {:>8.2} ms  p99 {:>8.2} ms",
            quantile(xs, 0.5).as_secs_f64() * 1e3,
            quantile(xs, 0.99).as_secs_f64() * 1e3
        );
    }
    println!("errors: {}", all.errors.len());
    for e in all.errors.iter().take(10) {
        println!("  {e}");
    }
    // Lost orders: accepted replies against the database.
    let conn_check = cordon_serve::db::Db::open(&db).expect("db");
    let mut lost = 0i64;
    let mut turns = 0;
    for (game, accepted) in &accepted_by_game {
        let stored = conn_check
            .count_orders(game.parse().expect("id"))
            .expect("count");
        lost += (*accepted as i64 - stored).max(0);
    }
    drop(conn_check);
    let replayed = cordon_serve::check_replay(&db).expect("every game replays to the bit");
    for (_, t) in &replayed {
        turns += t;
    }
    println!(
        "lost orders: {lost}; turns adjudicated: {turns} over {} games, every one replayed from its orders to the bit",
        replayed.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
