//! `cordon serve [FILE] [--addr] [--db]`: the seminar wargame in the browser.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::read_input;
use crate::exit::bad_input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML) new games are created from. Default: the embedded scenario
    /// levant-2017.
    pub file: Option<PathBuf>,
    /// Address to listen on (loopback by default: put a reverse proxy with TLS in front to
    /// open it to a network).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The SQLite database of games, seats and orders (created if absent).
    #[arg(long, default_value = "cordon.db")]
    pub db: PathBuf,
    /// Order submissions a seat may send in a burst (then one per `1/--orders-per-second`).
    #[arg(long, default_value_t = 20.0)]
    pub orders_burst: f64,
    /// Order submissions per second a seat may sustain.
    #[arg(long, default_value_t = 2.0)]
    pub orders_per_second: f64,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let (scenario_name, scenario_text) = match &args.file {
        None => (
            cordon_model::DEFAULT_SCENARIO_NAME.to_string(),
            cordon_model::DEFAULT_SCENARIO_TOML.to_string(),
        ),
        Some(path) => {
            let bytes = read_input(path)?;
            let name = path.display().to_string();
            cordon_model::parse(&name, &bytes).map_err(|d| bad_input(d.to_string()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| bad_input(format!("error: {name} is not UTF-8 text")))?;
            (name, text)
        }
    };
    if !(args.orders_burst >= 1.0 && args.orders_per_second > 0.0) {
        return Err(bad_input(
            "error: --orders-burst must be at least 1 and --orders-per-second above 0",
        ));
    }
    let config = cordon_serve::Config {
        addr: args.addr,
        db: args.db.display().to_string(),
        scenario_name,
        scenario_text,
        orders_burst: args.orders_burst,
        orders_per_second: args.orders_per_second,
    };
    cordon_serve::run(config, |addr| {
        outln!("cordon serve: http://{addr}/ (Ctrl-C to stop)");
    })
    .map_err(|e| match e {
        cordon_serve::ServeError::Scenario(_) | cordon_serve::ServeError::Bind { .. } => {
            bad_input(format!("error: {e}"))
        }
        other => anyhow::anyhow!(other),
    })
}
