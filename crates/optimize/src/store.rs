//! The search's directory: the journal (written atomically after every generation, so that
//! `--resume` after any interruption, `kill -9` included, continues from the last generation
//! and ends with the same bytes), and the results: `pareto.csv`, `convergence.csv`,
//! `plans/<plan>.toml`, `manifest.json`. The caller holds the directory's lock.

use std::fmt::Write as _;
use std::path::Path;

use cordon_experiment::FileError;
use cordon_experiment::files::write_atomic;
use cordon_model::CoaId;

use crate::nsga::{self, Config, Epsilon, GenStat, Individual, State, Survival, Value};
use crate::study::{OptimizeError, Prepared, lever_values};

pub mod array;

/// The journal's file name.
pub const JOURNAL: &str = "journal.txt";

/// What a search wrote.
#[derive(Clone, Debug)]
pub struct Finished {
    pub state: State,
    /// The Pareto set, sorted by objectives: (plan name, member).
    pub pareto: Vec<(String, Individual)>,
    /// Whether every generation ran (false when stopped by `stop_after`).
    pub complete: bool,
    /// Generations found in the journal.
    pub resumed_from: Option<usize>,
    /// The scenario's own courses scored like the candidates, each with the plans that
    /// dominate it (empty when the search did not finish).
    pub courses: Vec<Course>,
}

/// One of the scenario's courses of action against the Pareto set.
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    pub id: String,
    /// Its objectives (minimised, as the candidates').
    pub f: Vec<f64>,
    /// The plans of the Pareto set that dominate it.
    pub dominated_by: Vec<String>,
    /// The plans it dominates.
    pub dominates: Vec<String>,
}

/// The scenario's courses against the Pareto set.
pub fn courses_against(
    prep: &Prepared<'_>,
    pareto: &[(String, Individual)],
) -> Result<Vec<Course>, OptimizeError> {
    Ok(prep
        .evaluate_courses()?
        .into_iter()
        .map(|(id, f)| Course {
            dominated_by: pareto
                .iter()
                .filter(|(_, m)| nsga::dominates(&m.f, &f))
                .map(|(n, _)| n.clone())
                .collect(),
            dominates: pareto
                .iter()
                .filter(|(_, m)| nsga::dominates(&f, &m.f))
                .map(|(n, _)| n.clone())
                .collect(),
            id,
            f,
        })
        .collect())
}

/// Runs (or resumes) the search and writes its directory. `stop_after`: stop once that many
/// generations are done (as an interruption would), leaving the journal to resume from.
pub fn search(
    prep: &Prepared<'_>,
    config: &Config,
    out: &Path,
    resume: bool,
    stop_after: Option<usize>,
    on_generation: &mut dyn FnMut(&GenStat),
) -> Result<Finished, OptimizeError> {
    let spec = spec_line(prep, config);
    let journal = out.join(JOURNAL);
    let mut resumed_from = None;
    let mut state = match read_journal(&journal, &spec)? {
        Some(state) if resume => {
            resumed_from = Some(state.generation);
            for stat in &state.history {
                on_generation(stat);
            }
            Some(state)
        }
        Some(_) => {
            return Err(OptimizeError::Mismatch(format!(
                "{} holds a search already: add --resume to continue it, or choose another --out",
                out.display()
            )));
        }
        None => None,
    };
    // The generation the journal waits for, evaluated here (a job array evaluates it in tasks
    // instead: `array`), folded in and journaled; the first always, then up to `stop_after`.
    while state
        .as_ref()
        .is_none_or(|s| stop_after.is_none_or(|k| s.generation < k))
    {
        let Some(generation) = array::pending(prep, config, state.as_ref()) else {
            break;
        };
        let f = prep.evaluate(&generation.candidates)?;
        let next = fold(prep, config, state.take(), zip(generation.candidates, f));
        write_journal(&journal, &spec, &next)?;
        if let Some(last) = next.history.last() {
            on_generation(last);
        }
        state = Some(next);
    }
    let state = state.expect("the first generation is always evaluated");
    if state.generation >= config.generations {
        return finish(prep, config, out, state, resumed_from);
    }
    Ok(Finished {
        pareto: pareto_set(&state),
        state,
        complete: false,
        resumed_from,
        courses: Vec::new(),
    })
}

/// A generation's evaluations folded into the search (the first population starts it).
pub(crate) fn fold(
    prep: &Prepared<'_>,
    config: &Config,
    state: Option<State>,
    evaluated: Vec<Individual>,
) -> State {
    match state {
        None => State::start(&prep.problem, config, evaluated),
        Some(mut s) => {
            s.advance(config, evaluated);
            s
        }
    }
}

/// A complete search: its Pareto set, the scenario's courses against it, the results written.
pub(crate) fn finish(
    prep: &Prepared<'_>,
    config: &Config,
    out: &Path,
    state: State,
    resumed_from: Option<usize>,
) -> Result<Finished, OptimizeError> {
    let pareto = pareto_set(&state);
    let courses = courses_against(prep, &pareto)?;
    write_results(prep, config, out, &state, &pareto, &courses)?;
    Ok(Finished {
        state,
        pareto,
        complete: true,
        resumed_from,
        courses,
    })
}

pub(crate) fn zip(xs: Vec<Vec<Value>>, fs: Vec<Vec<f64>>) -> Vec<Individual> {
    xs.into_iter()
        .zip(fs)
        .map(|(x, f)| Individual { x, f })
        .collect()
}

/// The archive sorted by objectives (then by entry order), named `plan-01`, `plan-02`, ….
pub fn pareto_set(state: &State) -> Vec<(String, Individual)> {
    let mut order: Vec<usize> = (0..state.archive.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (&state.archive[a].f, &state.archive[b].f);
        fa.iter()
            .zip(fb)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let width = order.len().to_string().len().max(2);
    order
        .iter()
        .enumerate()
        .map(|(i, &a)| (format!("plan-{:0width$}", i + 1), state.archive[a].clone()))
        .collect()
}

/// Everything the result depends on, one line: a journal of another search is refused.
pub(crate) fn spec_line(prep: &Prepared<'_>, config: &Config) -> String {
    let s = &prep.study;
    let epsilon = match &config.epsilon {
        Epsilon::Relative(r) => format!("relative {r}"),
        Epsilon::Absolute(e) => format!("absolute {e:?}"),
    };
    let survival = match config.survival {
        Survival::Crowding => "crowding".to_string(),
        Survival::ReferenceDirections { divisions } => format!("directions {divisions}"),
    };
    format!(
        "scenario {} objectives {} population {} generations {} seed {} epsilon {} reps {} mode {:?} robust {} survival {survival}",
        s.scenario.hash(),
        s.objectives.join(","),
        config.population,
        config.generations,
        config.seed,
        epsilon,
        s.reps,
        s.mode,
        s.robust
            .map_or("none".to_string(), |(k, st)| format!("{k} {}", st.as_str()))
    )
}

pub(crate) fn hex(x: f64) -> String {
    format!("{:016x}", x.to_bits())
}

pub(crate) fn unhex(s: &str) -> Option<f64> {
    u64::from_str_radix(s, 16).ok().map(f64::from_bits)
}

pub(crate) fn encode_value(v: &Value) -> String {
    match v {
        Value::Real(x) => format!("r:{}", hex(*x)),
        Value::Int(i) => format!("i:{i}"),
        Value::Choice(c) => format!("c:{c}"),
        Value::Subset(m) => format!(
            "s:{}",
            m.iter()
                .map(|b| if *b { '1' } else { '0' })
                .collect::<String>()
        ),
        Value::Order(o) => format!(
            "o:{}",
            o.iter().map(usize::to_string).collect::<Vec<_>>().join(".")
        ),
    }
}

pub(crate) fn decode_value(s: &str) -> Option<Value> {
    let (tag, rest) = s.split_once(':')?;
    Some(match tag {
        "r" => Value::Real(unhex(rest)?),
        "i" => Value::Int(rest.parse().ok()?),
        "c" => Value::Choice(rest.parse().ok()?),
        "s" => Value::Subset(rest.chars().map(|c| c == '1').collect()),
        "o" => Value::Order(
            rest.split('.')
                .map(|x| x.parse().ok())
                .collect::<Option<Vec<usize>>>()?,
        ),
        _ => return None,
    })
}

pub(crate) fn floats(xs: &[f64]) -> String {
    xs.iter().map(|x| hex(*x)).collect::<Vec<_>>().join(" ")
}

/// The journal: the spec line, then the state after the last generation, floats as bits.
fn encode(spec: &str, state: &State) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "cordon-optimize journal 1");
    let _ = writeln!(out, "spec {spec}");
    let _ = writeln!(out, "generation {}", state.generation);
    let _ = writeln!(out, "evaluations {}", state.evaluations);
    let _ = writeln!(out, "epsilon_progress {}", state.epsilon_progress);
    let _ = writeln!(out, "ideal {}", floats(&state.ideal));
    let _ = writeln!(out, "nadir {}", floats(&state.nadir));
    let _ = writeln!(out, "epsilons {}", floats(&state.epsilons));
    for h in &state.history {
        let _ = writeln!(
            out,
            "history {} {} {} {} {}",
            h.generation,
            h.evaluations,
            hex(h.hypervolume),
            h.epsilon_progress,
            h.archive
        );
    }
    for (tag, members) in [("pop", &state.population), ("arc", &state.archive)] {
        for i in members {
            let x: Vec<String> = i.x.iter().map(encode_value).collect();
            let _ = writeln!(out, "{tag} {} ; {}", x.join(" "), floats(&i.f));
        }
    }
    out
}

fn decode(text: &str, path: &Path) -> Result<(String, State), FileError> {
    let bad = |line: usize, why: &str| FileError::corrupt(path, Some(line as u64 + 1), why);
    let mut spec = String::new();
    let mut state = State {
        generation: 0,
        evaluations: 0,
        population: Vec::new(),
        archive: Vec::new(),
        boxes: Vec::new(),
        ideal: Vec::new(),
        nadir: Vec::new(),
        epsilons: Vec::new(),
        epsilon_progress: 0,
        history: Vec::new(),
    };
    let parse_floats = |s: &str| -> Option<Vec<f64>> { s.split_whitespace().map(unhex).collect() };
    for (n, line) in text.lines().enumerate() {
        let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
        let ok = match key {
            "cordon-optimize" => rest == "journal 1",
            "spec" => {
                spec = rest.to_string();
                true
            }
            "generation" => rest.parse().map(|g| state.generation = g).is_ok(),
            "evaluations" => rest.parse().map(|e| state.evaluations = e).is_ok(),
            "epsilon_progress" => rest.parse().map(|e| state.epsilon_progress = e).is_ok(),
            "ideal" => parse_floats(rest).map(|v| state.ideal = v).is_some(),
            "nadir" => parse_floats(rest).map(|v| state.nadir = v).is_some(),
            "epsilons" => parse_floats(rest).map(|v| state.epsilons = v).is_some(),
            "history" => {
                let p: Vec<&str> = rest.split_whitespace().collect();
                let stat = (p.len() == 5)
                    .then(|| {
                        Some(GenStat {
                            generation: p[0].parse().ok()?,
                            evaluations: p[1].parse().ok()?,
                            hypervolume: unhex(p[2])?,
                            epsilon_progress: p[3].parse().ok()?,
                            archive: p[4].parse().ok()?,
                        })
                    })
                    .flatten();
                stat.map(|s| state.history.push(s)).is_some()
            }
            "pop" | "arc" => {
                let member = rest.split_once(" ; ").and_then(|(x, f)| {
                    Some(Individual {
                        x: x.split_whitespace()
                            .map(decode_value)
                            .collect::<Option<Vec<_>>>()?,
                        f: parse_floats(f)?,
                    })
                });
                match member {
                    Some(m) if key == "pop" => {
                        state.population.push(m);
                        true
                    }
                    Some(m) => {
                        state.archive.push(m);
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        };
        if !ok {
            return Err(bad(n, "not a line of a cordon optimize journal"));
        }
    }
    if state.history.len() != state.generation + 1 {
        return Err(bad(
            0,
            "the journal's history does not match its generation",
        ));
    }
    state.rebox();
    Ok((spec, state))
}

pub(crate) fn read_journal(path: &Path, spec: &str) -> Result<Option<State>, OptimizeError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FileError::io(path, e).into()),
    };
    let (found, state) = decode(&text, path)?;
    if found != spec {
        return Err(OptimizeError::Mismatch(format!(
            "{} is the journal of another search ({found}); this one is ({spec}): choose another --out",
            path.display()
        )));
    }
    Ok(Some(state))
}

pub(crate) fn write_journal(path: &Path, spec: &str, state: &State) -> Result<(), OptimizeError> {
    write_atomic(path, encode(spec, state).as_bytes())?;
    Ok(())
}

/// A number for CSV: its shortest exact form.
fn num(x: f64) -> String {
    format!("{x}")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `pareto.csv`: one row per plan, its levers' values and its objectives.
pub fn pareto_csv(prep: &Prepared<'_>, pareto: &[(String, Individual)]) -> String {
    let levers = prep.study.scenario.levers();
    let mut out = String::new();
    let mut header = vec!["plan".to_string()];
    header.extend(levers.iter().map(|l| l.id.clone()));
    header.extend(prep.objective_names());
    let _ = writeln!(out, "{}", header.join(","));
    for (name, i) in pareto {
        let mut row = vec![name.clone()];
        row.extend(
            levers
                .iter()
                .zip(lever_values(&i.x))
                .map(|(l, v)| csv_field(&l.format(&v))),
        );
        row.extend(
            i.f.iter()
                .enumerate()
                .map(|(k, f)| num(prep.display(k, *f))),
        );
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// `pareto.parquet`: the same table as `pareto.csv` (levers as text, objectives as doubles).
fn pareto_parquet(
    prep: &Prepared<'_>,
    pareto: &[(String, Individual)],
    path: &Path,
) -> Result<(), OptimizeError> {
    use cordon_experiment::store::parquet::{ColumnType, ParquetTable, Value as Cell};
    let levers = prep.study.scenario.levers();
    let mut schema = vec![("plan".to_string(), ColumnType::Utf8)];
    schema.extend(levers.iter().map(|l| (l.id.clone(), ColumnType::Utf8)));
    schema.extend(
        prep.objective_names()
            .into_iter()
            .map(|o| (o, ColumnType::Double)),
    );
    let pending = cordon_experiment::files::Pending::new(path);
    let mut table = ParquetTable::create(pending.tmp(), "pareto", &schema)?;
    for (name, member) in pareto {
        let words: Vec<String> = levers
            .iter()
            .zip(lever_values(&member.x))
            .map(|(l, v)| l.format(&v))
            .collect();
        let objectives: Vec<f64> = member
            .f
            .iter()
            .enumerate()
            .map(|(k, f)| prep.display(k, *f))
            .collect();
        table.push(
            std::iter::once(Cell::Str(name))
                .chain(words.iter().map(|w| Cell::Str(w)))
                .chain(objectives.iter().map(|x| Cell::Double(*x))),
        )?;
    }
    table.close()?;
    pending.finish()?;
    Ok(())
}

/// `convergence.csv`: per generation, evaluations, hypervolume, ε-progress and archive size.
pub fn convergence_csv(state: &State) -> String {
    let mut out = String::from("generation,evaluations,hypervolume,epsilon_progress,archive\n");
    for h in &state.history {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            h.generation,
            h.evaluations,
            num(h.hypervolume),
            h.epsilon_progress,
            h.archive
        );
    }
    out
}

/// `courses.csv`: the scenario's own courses scored like the plans, and which plans dominate
/// them (or they dominate).
pub fn courses_csv(prep: &Prepared<'_>, courses: &[Course]) -> String {
    let mut out = String::new();
    let mut header = vec!["coa".to_string()];
    header.extend(prep.objective_names());
    header.extend(["dominated_by".to_string(), "dominates".to_string()]);
    let _ = writeln!(out, "{}", header.join(","));
    for c in courses {
        let mut row = vec![csv_field(&c.id)];
        row.extend(
            c.f.iter()
                .enumerate()
                .map(|(k, f)| num(prep.display(k, *f))),
        );
        row.push(c.dominated_by.join("+"));
        row.push(c.dominates.join("+"));
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// One plan as a `[[coa]]` snippet, with a comment naming its levers and objectives.
pub fn plan_toml(
    prep: &Prepared<'_>,
    name: &str,
    member: &Individual,
) -> Result<String, OptimizeError> {
    let s = prep.study.scenario;
    let plans = s
        .with_plans(&[(name.to_string(), lever_values(&member.x))])
        .map_err(OptimizeError::Invalid)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {name}, found by `cordon optimize` on {}: {}",
        s.meta().name,
        plans.coa(CoaId::from_index(0)).description
    );
    let objectives: Vec<String> = prep
        .objective_names()
        .iter()
        .zip(&member.f)
        .enumerate()
        .map(|(k, (o, f))| format!("{o} = {}", num(prep.display(k, *f))))
        .collect();
    let _ = writeln!(out, "# {}", objectives.join(", "));
    let _ = writeln!(
        out,
        "# Paste it into the scenario to run it with `cordon compare` or `cordon explore`."
    );
    out.push('\n');
    out.push_str(&plans.coa_toml(CoaId::from_index(0)));
    Ok(out)
}

pub(crate) fn write_results(
    prep: &Prepared<'_>,
    config: &Config,
    out: &Path,
    state: &State,
    pareto: &[(String, Individual)],
    courses: &[Course],
) -> Result<(), OptimizeError> {
    write_atomic(&out.join("pareto.csv"), pareto_csv(prep, pareto).as_bytes())?;
    pareto_parquet(prep, pareto, &out.join("pareto.parquet"))?;
    write_atomic(
        &out.join("courses.csv"),
        courses_csv(prep, courses).as_bytes(),
    )?;
    write_atomic(
        &out.join("convergence.csv"),
        convergence_csv(state).as_bytes(),
    )?;
    let plans = out.join("plans");
    std::fs::create_dir_all(&plans).map_err(|e| FileError::io(&plans, e))?;
    for (name, member) in pareto {
        let text = plan_toml(prep, name, member)?;
        write_atomic(&plans.join(format!("{name}.toml")), text.as_bytes())?;
    }
    let s = &prep.study;
    let manifest = serde_json::json!({
        "format": "cordon-optimize 1",
        "command": "optimize",
        "tool": "cordon optimize",
        "version": env!("CARGO_PKG_VERSION"),
        "scenario": s.scenario.meta().name,
        "scenario_hash": s.scenario.hash(),
        "objectives": prep.objective_names(),
        "levers": s.scenario.levers().iter().map(|l| serde_json::json!({
            "id": l.id, "target": l.target.as_str(), "kind": l.kind().as_str(),
        })).collect::<Vec<_>>(),
        "algorithm": "NSGA-II with an epsilon-dominance archive",
        "population": config.population,
        "generations": config.generations,
        "seed": config.seed,
        "epsilon": match &config.epsilon {
            Epsilon::Relative(r) => serde_json::json!({ "relative": r }),
            Epsilon::Absolute(e) => serde_json::json!({ "absolute": e }),
        },
        "replications": s.reps,
        "mode": match s.mode {
            cordon_engine::Mode::Stochastic => "stochastic",
            cordon_engine::Mode::MeanField => "mean-field",
        },
        "robust": s.robust.map(|(k, st)| serde_json::json!({
            "worlds": k, "statistic": st.as_str(), "world_values": prep.world_values,
        })),
        "evaluations": state.evaluations,
        "hypervolume": state.history.last().map(|h| h.hypervolume),
        "pareto_plans": pareto.len(),
        "courses_dominated": courses.iter().filter(|c| !c.dominated_by.is_empty()).map(|c| c.id.clone()).collect::<Vec<_>>(),
        "notes": prep.notes,
    });
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    write_atomic(&out.join("manifest.json"), text.as_bytes())?;
    Ok(())
}
