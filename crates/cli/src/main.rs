//! `cordon`: the command-line front door of Cordon.
//!
//! This crate is thin glue: it parses flags with clap, reads and writes files, and calls the
//! library crates. Exit codes: 0 success, 1 runtime failure, 2 bad input (a malformed scenario,
//! a wrong flag, a bad CSV, a non-finite number).

/// `print!` to standard output that never panics: when the reader has gone (`cordon … | head`,
/// a closed pipe), the rest of the text is dropped and the command goes on, so the results it
/// writes to files after printing are never lost.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!` to standard output that never panics (see `out!`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod cmd;
mod escape;
mod exit;
mod resources;
mod table;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Cordon: campaign analysis and wargaming for a coalition against a dispersed, networked adversary.
#[derive(Debug, Parser)]
#[command(name = "cordon", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  cordon compare                              every course of action of the embedded scenario, 1,000 replications each
  cordon compare scenarios/examples/counterinsurgency.toml --out results/
  cordon simulate --coa two-prong --mean-field   one campaign, told as events
  cordon check scenarios/examples/iwo-jima.toml   validate a scenario (exit 2 with every problem if invalid)
  cordon show                                 summary tables of the embedded scenario
  cordon report results/                      the HTML report of a results directory
  cordon sensitivity --method sobol --n 1024 --metric fighters_total
  cordon network metrics --scenario --kind fighters
  cordon interdict --edges examples/flow.csv --objective max-flow --source s --sink t --budget 2
  cordon sa sample --method sobol --params examples/params.txt --n 1024 > design.csv
  cordon schema > cordon.schema.json          JSON Schema of the scenario format
  cordon optimize --mean-field --generations 2 --population 8   the Pareto set of plans over the levers

Exit codes: 0 success, 1 runtime failure, 2 bad input.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a scenario: exit 0 if valid, 2 with every problem listed on stderr if not.
    Check(cmd::check::Args),
    /// Write a small commented starter scenario (NAME.toml) that passes `cordon check`.
    Init(cmd::init::Args),
    /// Print shell completions for cordon (bash, zsh, fish, elvish, powershell) to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print cordon's manual page (roff, for `man -l -`) to stdout.
    Man,
    /// Print readable summary tables of a scenario.
    Show(cmd::show::Args),
    /// Print the JSON Schema (or the Markdown reference) of the scenario format.
    Schema(cmd::schema::Args),
    /// Run one campaign of a course of action and tell its story (trajectory, events).
    Simulate(cmd::simulate::Args),
    /// Replications of one course of action: outcomes with confidence intervals, bands, files.
    Run(cmd::run::Args),
    /// Compare courses of action over common random numbers: intervals, paired differences,
    /// P(better than the baseline). With no arguments: every course of the default scenario.
    Compare(cmd::compare::Args),
    /// The full factorial of the strategy factors (isolation, destruction, regime, proxy,
    /// sequence): main effects, interactions and the essay's claims with 95% intervals.
    Factorial(cmd::factorial::Args),
    /// Merge the shards of one experiment (`--shard i/n`) into one results directory.
    Merge(cmd::merge::Args),
    /// Write the self-contained HTML report of a results directory, and its charts (SVG, PNG).
    Report(cmd::report::Args),
    /// Network analysis of an edge list: centralities, key players, impact of removals.
    Network(cmd::network::Args),
    /// Optimal interdiction: the arcs to cut within a budget (max flow or shortest path).
    Interdict(cmd::interdict::Args),
    /// Experimental designs and sensitivity analysis (Sobol, Morris) for any model.
    Sa(cmd::sa::Args),
    /// Which declared uncertain parameters drive an outcome: Sobol, Morris or LHS over the
    /// scenario's `[[uncertain]]` fields, with common random numbers.
    Sensitivity(cmd::sensitivity::Args),
    /// Scenario discovery on any CSV: PRIM (as the EMA Workbench) and CART, the boxes of
    /// inputs where the cases of interest concentrate.
    Prim(cmd::prim::Args),
    /// Decisions under deep uncertainty: K worlds of the declared uncertain parameters × every
    /// course; robustness (regret, satisficing, P(best)), where each course fails (PRIM), verdict.
    Explore(cmd::explore::Args),
    /// The seminar wargame in the browser: seats for coalition states, fog of war, the engine
    /// as umpire, games kept in SQLite (`--db`), on 127.0.0.1:8080 by default.
    Serve(cmd::serve::Args),
    /// Why one campaign of a course did what it did, from its events: phases, links cut,
    /// where forces went, third parties, leadership; verdict first.
    Explain(cmd::explain::Args),
    /// Design the plan: many-objective, robust search over the scenario's `[[lever]]`s (NSGA-II
    /// or NSGA-III); the Pareto set, its convergence and every plan as a `[[coa]]` snippet.
    Optimize(cmd::optimize::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory as _;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cordon", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script).map_err(anyhow::Error::from)
        }
        Command::Man => {
            use clap::CommandFactory as _;
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .and_then(|()| std::io::Write::write_all(&mut std::io::stdout(), &page))
                .map_err(anyhow::Error::from)
        }
        Command::Show(args) => cmd::show::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Run(args) => cmd::run::run(args),
        Command::Compare(args) => cmd::compare::run(args),
        Command::Factorial(args) => cmd::factorial::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Report(args) => cmd::report::run(args),
        Command::Network(args) => cmd::network::run(args),
        Command::Interdict(args) => cmd::interdict::run(args),
        Command::Sa(args) => cmd::sa::run(args),
        Command::Sensitivity(args) => cmd::sensitivity::run(args),
        Command::Prim(args) => cmd::prim::run(args),
        Command::Explore(args) => cmd::explore::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Optimize(args) => cmd::optimize::run(args),
    };
    exit::report(result)
}
