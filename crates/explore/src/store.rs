//! The output directory: the only module that touches files.
//!
//! ```text
//! DIR/state/plan.json        what is being explored (the identity --resume and merge check)
//! DIR/state/journal.csv      results.csv's rows, appended and fsync'd a chunk of worlds at a time
//! DIR/worlds.csv, .parquet   world, then every parameter's value (a category's label)
//! DIR/results.csv, .parquet  world, coa, the mean of every outcome, then its sd (`<outcome>_sd`)
//! DIR/robustness.csv         metric, better, coa, rank, distribution across worlds, regret, P(best)
//! DIR/satisficing.csv        coa, thresholds, worlds meeting them, share and 95% interval
//! DIR/pairwise.csv           metric, coa, versus: worlds where coa is strictly better, share, interval
//! DIR/discovery.csv          coa, question, every box of PRIM's trajectory and which is chosen
//! DIR/boxes.csv              coa, question, box, each restricted parameter's limits and quasi-p-values
//!                            (and, for a categorical parameter, the levels the box keeps)
//! DIR/verdict.txt            the verdict, in words
//! DIR/manifest.json          what produced the directory
//! ```
//!
//! Numbers are written in their shortest round-trip form and no file records the clock, the
//! thread count or the host, so the same exploration gives byte-identical files whatever the
//! threads, interruptions (`--resume`) or shards (merged). A shard's directory holds its worlds'
//! rows only; the analysis files are written for a whole exploration or a merge.

use std::fs::{File, OpenOptions};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};

use cordon_experiment::files::{FileError, Pending, write_atomic};
use cordon_experiment::store::format_number;
use cordon_experiment::store::parquet::{ColumnType, ParquetTable, Value};
use cordon_model::Scalar;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, Inputs};
use crate::error::ExploreError;
use crate::robust::Matrix;
use crate::study::{Prepared, Shard, WorldResult};

/// The format tag of `state/plan.json` and `manifest.json`.
pub const FORMAT: &str = "cordon-explore/1";

/// Every file an exploration may write (`state/` aside), removed before a fresh run.
pub const FILES: [&str; 12] = [
    "worlds.csv",
    "worlds.parquet",
    "results.csv",
    "results.parquet",
    "robustness.csv",
    "satisficing.csv",
    "pairwise.csv",
    "discovery.csv",
    "boxes.csv",
    "verdict.txt",
    "manifest.json",
    "state/journal.csv",
];

/// The identity of an exploration: what `--resume` and merge check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub format: String,
    pub scenario_name: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub worlds: usize,
    pub sampler: String,
    pub replications: u64,
    pub mode: String,
    pub coas: Vec<String>,
    pub parameters: Vec<String>,
    pub outcomes: Vec<String>,
    pub shard_index: u64,
    pub shard_count: u64,
}

impl Plan {
    pub fn of(prep: &Prepared<'_>) -> Plan {
        let e = &prep.explore;
        Plan {
            format: FORMAT.into(),
            scenario_name: e.scenario.meta().name.clone(),
            scenario_hash: e.scenario.hash(),
            seed: e.seed,
            worlds: e.worlds,
            sampler: e.sampler.as_str().into(),
            replications: e.reps,
            mode: match e.mode {
                cordon_engine::Mode::Stochastic => "stochastic".into(),
                cordon_engine::Mode::MeanField => "mean-field".into(),
            },
            coas: prep.coa_ids(),
            parameters: prep.levers.iter().map(|l| l.name.clone()).collect(),
            outcomes: prep.outcomes.clone(),
            shard_index: e.shard.index,
            shard_count: e.shard.count,
        }
    }

    fn shard(&self) -> Shard {
        Shard {
            index: self.shard_index,
            count: self.shard_count,
        }
    }

    /// The first field that differs from `other`, in words.
    pub fn difference(&self, other: &Plan) -> Option<String> {
        let a = serde_json::to_value(self).ok()?;
        let b = serde_json::to_value(other).ok()?;
        let (a, b) = (a.as_object()?, b.as_object()?);
        a.iter().find(|(k, v)| b.get(*k) != Some(*v)).map(|(k, v)| {
            format!(
                "{k} is {} there, {} here",
                b.get(k).unwrap_or(&serde_json::Value::Null),
                v
            )
        })
    }
}

fn state_dir(dir: &Path) -> PathBuf {
    dir.join("state")
}

/// The plan of the exploration a directory holds, if it holds one.
pub fn held_plan(dir: &Path) -> Result<Option<Plan>, ExploreError> {
    read_plan(dir)
}

fn read_plan(dir: &Path) -> Result<Option<Plan>, ExploreError> {
    let path = state_dir(dir).join("plan.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| ExploreError::File(FileError::corrupt(&path, None, e.to_string()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(FileError::io(&path, e).into()),
    }
}

/// The journal of a running exploration.
pub struct Journal {
    file: File,
    path: PathBuf,
    n_coas: usize,
}

/// Opens `dir` for `plan`: fresh (earlier files removed), or with `resume` the exploration
/// already there, whose complete worlds are kept (a `dir` that holds none starts fresh, so that
/// a job array's task can always pass `--resume`). Returns the journal and the worlds done.
pub fn open(dir: &Path, plan: &Plan, resume: bool) -> Result<(Journal, usize), ExploreError> {
    let state = state_dir(dir);
    std::fs::create_dir_all(&state).map_err(|e| FileError::io(&state, e))?;
    let path = state.join("journal.csv");
    let old = if resume { read_plan(dir)? } else { None };
    let done = if let Some(old) = old {
        if let Some(diff) = old.difference(plan) {
            return Err(ExploreError::Mismatch(format!(
                "{} holds another exploration ({diff}): resume it with the same scenario and flags, or choose another --out",
                dir.display()
            )));
        }
        let (done, valid_bytes) = complete_worlds(&path, plan.coas.len())?;
        let file = OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| FileError::io(&path, e))?;
        file.set_len(valid_bytes)
            .map_err(|e| FileError::io(&path, e))?;
        done
    } else {
        for name in FILES {
            remove(&dir.join(name))?;
        }
        let text =
            serde_json::to_string_pretty(plan).map_err(|e| ExploreError::Invalid(e.to_string()))?;
        write_atomic(&state.join("plan.json"), (text + "\n").as_bytes())?;
        File::create(&path).map_err(|e| FileError::io(&path, e))?;
        0
    };
    let file = OpenOptions::new()
        .append(true)
        .open(&path)
        .map_err(|e| FileError::io(&path, e))?;
    Ok((
        Journal {
            file,
            path,
            n_coas: plan.coas.len(),
        },
        done,
    ))
}

fn remove(path: &Path) -> Result<(), ExploreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FileError::io(path, e).into()),
    }
}

/// The number of complete worlds at the start of a journal, and the bytes they take (a torn
/// last line or an incomplete last world is dropped).
fn complete_worlds(path: &Path, n_coas: usize) -> Result<(usize, u64), ExploreError> {
    let file = File::open(path).map_err(|e| FileError::io(path, e))?;
    let mut reader = BufReader::new(file);
    let (mut worlds, mut lines, mut bytes, mut valid) = (0, 0, 0u64, 0u64);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| FileError::io(path, e))?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        bytes += n as u64;
        lines += 1;
        if lines == n_coas {
            worlds += 1;
            lines = 0;
            valid = bytes;
        }
    }
    Ok((worlds, valid))
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
pub fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Journal {
    /// Appends the rows of some worlds (in world order) and makes them durable.
    pub fn append(&mut self, results: &[WorldResult], coas: &[String]) -> Result<(), ExploreError> {
        debug_assert_eq!(coas.len(), self.n_coas);
        let text = result_rows(results, coas);
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| FileError::io(&self.path, e).into())
    }
}

/// The rows of `results.csv` (and of the journal) for some worlds, in world order: one line
/// per world and course.
pub fn result_rows(results: &[WorldResult], coas: &[String]) -> String {
    let mut text = String::new();
    for r in results {
        let k = r.means.len() / coas.len();
        for (c, id) in coas.iter().enumerate() {
            text.push_str(&r.world.to_string());
            text.push(',');
            text.push_str(&quote(id));
            for v in r.means[c * k..(c + 1) * k]
                .iter()
                .chain(&r.sds[c * k..(c + 1) * k])
            {
                text.push(',');
                text.push_str(&format_number(*v));
            }
            text.push('\n');
        }
    }
    text
}

/// Merges complete shard directories into `out`'s state (plan and journal, in world order).
/// Returns the merged plan (shard 0/1).
pub fn merge(shards: &[PathBuf], out: &Path) -> Result<Plan, ExploreError> {
    let mut plans = Vec::new();
    for dir in shards {
        let plan = read_plan(dir)?.ok_or_else(|| {
            ExploreError::Mismatch(format!("{} holds no exploration to merge", dir.display()))
        })?;
        plans.push((dir, plan));
    }
    plans.sort_by_key(|(_, p)| p.shard_index);
    let count = plans[0].1.shard_count;
    let whole = |p: &Plan| Plan {
        shard_index: 0,
        shard_count: 1,
        ..p.clone()
    };
    let merged = whole(&plans[0].1);
    for (i, (dir, plan)) in plans.iter().enumerate() {
        if plan.shard_count != count || plan.shard_index != i as u64 || plans.len() as u64 != count
        {
            return Err(ExploreError::Mismatch(format!(
                "the shards do not make one exploration: {} is shard {}/{}, and {} directories were given (expected shards 0 to {} of {count}, once each)",
                dir.display(),
                plan.shard_index,
                plan.shard_count,
                plans.len(),
                count.saturating_sub(1)
            )));
        }
        if let Some(diff) = whole(plan).difference(&merged) {
            return Err(ExploreError::Mismatch(format!(
                "{} is a shard of another exploration ({diff})",
                dir.display()
            )));
        }
        let s = plan.shard();
        let expected = ((s.index + 1) as u128 * plan.worlds as u128 / count as u128
            - s.index as u128 * plan.worlds as u128 / count as u128)
            as usize;
        let (done, _) = complete_worlds(&state_dir(dir).join("journal.csv"), plan.coas.len())?;
        if done != expected {
            return Err(ExploreError::Mismatch(format!(
                "{} is incomplete: {done} of its {expected} worlds are done (finish it with --resume)",
                dir.display()
            )));
        }
    }
    let state = state_dir(out);
    std::fs::create_dir_all(&state).map_err(|e| FileError::io(&state, e))?;
    for name in FILES {
        remove(&out.join(name))?;
    }
    let pending = Pending::new(&state.join("journal.csv"));
    let mut file = pending.create()?;
    for (dir, _) in &plans {
        let path = state_dir(dir).join("journal.csv");
        let mut bytes = Vec::new();
        File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| FileError::io(&path, e))?;
        file.write_all(&bytes)
            .map_err(|e| FileError::io(pending.tmp(), e))?;
    }
    file.sync_all()
        .map_err(|e| FileError::io(pending.tmp(), e))?;
    pending.finish()?;
    let text =
        serde_json::to_string_pretty(&merged).map_err(|e| ExploreError::Invalid(e.to_string()))?;
    write_atomic(&state.join("plan.json"), (text + "\n").as_bytes())?;
    Ok(merged)
}

/// The header of `results.csv`.
fn results_header(plan: &Plan) -> Vec<String> {
    let mut names = vec!["world".to_string(), "coa".to_string()];
    names.extend(plan.outcomes.iter().cloned());
    names.extend(plan.outcomes.iter().map(|o| format!("{o}_sd")));
    names
}

/// The header line of `results.csv`.
fn results_header_line(header: &[String]) -> String {
    header
        .iter()
        .map(|h| quote(h))
        .collect::<Vec<_>>()
        .join(",")
        + "\n"
}

/// The text of `results.csv` for results held in memory (`results`: every world of the plan,
/// in world order): the bytes `finish` writes for the same exploration.
pub fn results_csv(plan: &Plan, results: &[WorldResult]) -> String {
    results_header_line(&results_header(plan)) + &result_rows(results, &plan.coas)
}

/// Writes `results.csv/.parquet` from the journal, and returns the per-world means of the
/// outcomes `columns` (one matrix each, worlds of the journal × courses).
pub fn write_results(
    dir: &Path,
    plan: &Plan,
    columns: &[usize],
) -> Result<Vec<Matrix>, ExploreError> {
    let journal = state_dir(dir).join("journal.csv");
    let header = results_header(plan);
    let csv = Pending::new(&dir.join("results.csv"));
    let mut out = std::io::BufWriter::new(csv.create()?);
    let io = |e| ExploreError::from(FileError::io(dir.join("results.csv"), e));
    out.write_all(results_header_line(&header).as_bytes())
        .map_err(io)?;
    let mut schema = vec![
        ("world".to_string(), ColumnType::Int64),
        ("coa".to_string(), ColumnType::Utf8),
    ];
    schema.extend(header[2..].iter().map(|h| (h.clone(), ColumnType::Double)));
    let pq = Pending::new(&dir.join("results.parquet"));
    let mut table = ParquetTable::create(pq.tmp(), "results", &schema)?;
    let mut matrices: Vec<Matrix> = columns
        .iter()
        .map(|_| Matrix {
            courses: plan.coas.len(),
            values: Vec::new(),
        })
        .collect();
    let file = File::open(&journal).map_err(|e| FileError::io(&journal, e))?;
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    let mut row = 0u64;
    loop {
        line.clear();
        if reader
            .read_line(&mut line)
            .map_err(|e| FileError::io(&journal, e))?
            == 0
        {
            break;
        }
        row += 1;
        out.write_all(line.as_bytes()).map_err(io)?;
        let bad = |what: &str| {
            ExploreError::File(FileError::corrupt(&journal, Some(row), what.to_string()))
        };
        let fields = cordon_sa::split_fields(line.trim_end_matches('\n'));
        if fields.len() != header.len() {
            return Err(bad("a row does not have one field per column"));
        }
        let world: i64 = fields[0]
            .parse()
            .map_err(|_| bad("the world is not a number"))?;
        let values: Vec<f64> = fields[2..]
            .iter()
            .map(|f| f.parse::<f64>().map_err(|_| bad("a value is not a number")))
            .collect::<Result<_, _>>()?;
        for (m, &j) in matrices.iter_mut().zip(columns) {
            m.values.push(values[j]);
        }
        let mut cells = vec![Value::Int(world), Value::Str(&fields[1])];
        cells.extend(values.iter().map(|&v| Value::Double(v)));
        table.push(cells)?;
    }
    out.flush().map_err(io)?;
    out.into_inner()
        .map_err(|e| io(e.into_error()))?
        .sync_all()
        .map_err(io)?;
    csv.finish()?;
    table.close()?;
    pq.finish()?;
    Ok(matrices)
}

/// The text of `worlds.csv` for this shard's worlds: world, then every parameter's value.
pub fn worlds_csv(prep: &Prepared<'_>) -> String {
    let mut text = String::from("world");
    for l in &prep.levers {
        text.push(',');
        text.push_str(&quote(&l.name));
    }
    text.push('\n');
    for w in prep.range() {
        text.push_str(&w.to_string());
        for v in world_values(prep, w) {
            text.push(',');
            match v {
                Scalar::Num(x) => text.push_str(&format_number(x)),
                Scalar::Str(s) => text.push_str(&quote(&s)),
            }
        }
        text.push('\n');
    }
    text
}

/// Every parameter's value in world `w` (a category's label).
fn world_values(prep: &Prepared<'_>, w: usize) -> Vec<Scalar> {
    prep.levers
        .iter()
        .zip(prep.design.row(w))
        .map(|(l, &x)| l.value(x))
        .collect()
}

/// Writes `worlds.csv/.parquet` for this shard's worlds.
pub fn write_worlds(dir: &Path, prep: &Prepared<'_>) -> Result<(), ExploreError> {
    let mut schema = vec![("world".to_string(), ColumnType::Int64)];
    for l in &prep.levers {
        let ty = if l.is_categorical() {
            ColumnType::Utf8
        } else {
            ColumnType::Double
        };
        schema.push((l.name.clone(), ty));
    }
    let pq = Pending::new(&dir.join("worlds.parquet"));
    let mut table = ParquetTable::create(pq.tmp(), "worlds", &schema)?;
    for w in prep.range() {
        let values = world_values(prep, w);
        let mut cells = vec![Value::Int(w as i64)];
        cells.extend(values.iter().map(|v| match v {
            Scalar::Num(x) => Value::Double(*x),
            Scalar::Str(s) => Value::Str(s),
        }));
        table.push(cells)?;
    }
    table.close()?;
    pq.finish()?;
    write_atomic(&dir.join("worlds.csv"), worlds_csv(prep).as_bytes())?;
    Ok(())
}

/// A number for the analysis files (NaN as an empty field).
fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format_number(x)
    }
}

/// Writes the analysis files: robustness, satisficing, pairwise, discovery, boxes, verdict.
pub fn write_analysis(dir: &Path, inputs: &Inputs, a: &Analysis) -> Result<(), ExploreError> {
    for (name, text) in analysis_files(inputs, a) {
        write_atomic(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// The analysis files, name and text: robustness.csv, pairwise.csv, satisficing.csv (with
/// thresholds), discovery.csv, boxes.csv and verdict.txt.
pub fn analysis_files(inputs: &Inputs, a: &Analysis) -> Vec<(&'static str, String)> {
    let courses = &inputs.courses;
    let rank = |c: usize| a.ranking.iter().position(|&r| r == c).unwrap_or(0) + 1;
    let mut rob = String::from(
        "metric,better,coa,rank,mean,median,p10,p90,regret_mean,regret_p90,regret_max,best_worlds,worlds,p_best,p_best_low,p_best_high\n",
    );
    let mut pair = String::from("metric,coa,versus,better_worlds,worlds,share,low,high\n");
    for m in &a.metrics {
        for (c, r) in m.courses.iter().enumerate() {
            let best = r.best.map_or_else(
                || ",,,,".to_string(),
                |s| {
                    format!(
                        "{},{},{},{},{}",
                        s.k,
                        s.n,
                        num(s.share),
                        num(s.low),
                        num(s.high)
                    )
                },
            );
            rob.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{best}\n",
                quote(&m.name),
                m.better.as_str(),
                quote(&courses[c]),
                rank(c),
                num(r.mean),
                num(r.median),
                num(r.p10),
                num(r.p90),
                num(r.regret_mean),
                num(r.regret_p90),
                num(r.regret_max)
            ));
            for (b, s) in m.beats[c].iter().enumerate() {
                if let Some(s) = s {
                    pair.push_str(&format!(
                        "{},{},{},{},{},{},{},{}\n",
                        quote(&m.name),
                        quote(&courses[c]),
                        quote(&courses[b]),
                        s.k,
                        s.n,
                        num(s.share),
                        num(s.low),
                        num(s.high)
                    ));
                }
            }
        }
    }
    let mut files = vec![("robustness.csv", rob), ("pairwise.csv", pair)];
    if !a.satisficing.is_empty() {
        let t: Vec<String> = inputs.thresholds.iter().map(|t| t.0.to_string()).collect();
        let mut sat = String::from("coa,rank,thresholds,met_worlds,worlds,share,low,high\n");
        for (c, s) in a.satisficing.iter().enumerate() {
            sat.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                quote(&courses[c]),
                rank(c),
                quote(&t.join(",")),
                s.k,
                s.n,
                num(s.share),
                num(s.low),
                num(s.high)
            ));
        }
        files.push(("satisficing.csv", sat));
    }
    let (traj, boxes) = discovery_files(inputs, a);
    files.push(("discovery.csv", traj));
    files.push(("boxes.csv", boxes));
    files.push(("verdict.txt", a.verdict.clone() + "\n"));
    files
}

/// discovery.csv and boxes.csv.
fn discovery_files(inputs: &Inputs, a: &Analysis) -> (String, String) {
    let mut traj =
        String::from("coa,question,cases,box,chosen,phase,coverage,density,mass,res_dim\n");
    let mut boxes =
        String::from("coa,question,box,chosen,parameter,lower,upper,qp_lower,qp_upper,levels\n");
    for d in &a.discoveries {
        let (coa, q) = (quote(&inputs.courses[d.course]), d.question.as_str());
        let Some(prim) = &d.prim else {
            traj.push_str(&format!("{coa},{q},{},,,,,,,\n", d.cases));
            continue;
        };
        for (i, b) in prim.trajectory.iter().enumerate() {
            let chosen = prim.chosen == Some(i);
            let phase = match b.phase {
                cordon_sa::Phase::Start => "start",
                cordon_sa::Phase::Peel => "peel",
                cordon_sa::Phase::Paste => "paste",
            };
            traj.push_str(&format!(
                "{coa},{q},{},{i},{chosen},{phase},{},{},{},{}\n",
                d.cases,
                num(b.coverage),
                num(b.density),
                num(b.mass),
                b.restricted.len()
            ));
            for qp in &b.quasi_p {
                let l = b.limits[qp.input];
                // A categorical parameter's box also as the levels it keeps, `|`-separated.
                let levels = inputs
                    .categories
                    .get(qp.input)
                    .and_then(Option::as_ref)
                    .map_or_else(String::new, |labels| {
                        crate::analysis::levels_inside(labels, l.lower, l.upper).join("|")
                    });
                boxes.push_str(&format!(
                    "{coa},{q},{i},{chosen},{},{},{},{},{},{}\n",
                    quote(&prim.inputs[qp.input]),
                    num(l.lower),
                    num(l.upper),
                    qp.lower.map_or_else(String::new, format_number),
                    qp.upper.map_or_else(String::new, format_number),
                    quote(&levels)
                ));
            }
        }
    }
    (traj, boxes)
}

/// Writes `manifest.json`: the plan, the parameters' distributions, the analysis settings and
/// its ranking criterion and verdict (no clock, host or thread count).
pub fn write_manifest(
    dir: &Path,
    plan: &Plan,
    prep: &Prepared<'_>,
    analysis: Option<(&Inputs, &Analysis)>,
    files: &[&str],
) -> Result<(), ExploreError> {
    let parameters: Vec<serde_json::Value> = prep
        .levers
        .iter()
        .map(|l| serde_json::json!({"name": l.name, "distribution": format!("{:?}", l.distribution)}))
        .collect();
    let analysis = analysis.map(|(inputs, a)| {
        serde_json::json!({
            "metrics": inputs.metrics.iter().map(|m| &m.0).collect::<Vec<_>>(),
            "satisfice": inputs.thresholds.iter().map(|t| t.0.to_string()).collect::<Vec<_>>(),
            "prim": inputs.prim,
            "criterion": a.criterion,
            "ranking": a.ranking.iter().map(|&c| &inputs.courses[c]).collect::<Vec<_>>(),
            "verdict": a.verdict,
        })
    });
    let manifest = serde_json::json!({
        "format": FORMAT,
        "command": "explore",
        "cordon_version": cordon_experiment::store::manifest::CORDON_VERSION,
        "git_commit": cordon_experiment::store::manifest::GIT_COMMIT,
        "plan": plan,
        "parameters": parameters,
        "analysis": analysis,
        "files": files,
    });
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| ExploreError::Invalid(e.to_string()))?;
    write_atomic(&dir.join("manifest.json"), (text + "\n").as_bytes())?;
    Ok(())
}

/// What the analysis of a finished exploration looks at.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The metrics (the first ranks the courses) and their better direction.
    pub metrics: Vec<(String, cordon_experiment::Better)>,
    pub thresholds: Vec<crate::robust::Threshold>,
    pub prim: cordon_sa::PrimOptions,
}

impl Settings {
    /// The outcome columns the analysis reads: the metrics', then the thresholds'.
    fn columns(&self, prep: &Prepared<'_>) -> Result<Vec<usize>, ExploreError> {
        let column = |name: &str| {
            prep.outcomes.iter().position(|o| o == name).ok_or_else(|| {
                ExploreError::Invalid(format!(
                    "unknown outcome `{name}` (outcomes: {})",
                    prep.outcomes.join(", ")
                ))
            })
        };
        let mut columns = self
            .metrics
            .iter()
            .map(|m| column(&m.0))
            .collect::<Result<Vec<_>, _>>()?;
        for t in &self.thresholds {
            columns.push(column(&t.metric)?);
        }
        Ok(columns)
    }

    /// The analysis' inputs, from the per-world means of [`Settings::columns`] (in order).
    fn inputs(&self, prep: &Prepared<'_>, mut matrices: Vec<Matrix>) -> Inputs {
        let tail = matrices.split_off(self.metrics.len());
        Inputs {
            courses: prep.coa_ids(),
            parameters: prep.levers.iter().map(|l| l.name.clone()).collect(),
            categories: prep
                .levers
                .iter()
                .map(|l| {
                    l.categories
                        .as_ref()
                        .map(|c| c.iter().map(ToString::to_string).collect())
                })
                .collect(),
            worlds: (0..prep.explore.worlds)
                .map(|w| prep.design.row(w).to_vec())
                .collect(),
            metrics: self
                .metrics
                .iter()
                .cloned()
                .zip(matrices)
                .map(|((m, b), x)| (m, b, x))
                .collect(),
            thresholds: self.thresholds.iter().cloned().zip(tail).collect(),
            prim: self.prim,
        }
    }
}

/// The analysis of a whole exploration held in memory (`results`: every world, in world
/// order, as [`crate::run`] hands them out): what [`finish`] computes from the journal of the
/// same exploration, to the bit (the journal's numbers read back exactly).
pub fn analyze_results(
    prep: &Prepared<'_>,
    settings: &Settings,
    results: &[WorldResult],
) -> Result<(Inputs, Analysis), ExploreError> {
    let columns = settings.columns(prep)?;
    let k = prep.outcomes.len();
    let courses = prep.explore.coas.len();
    let matrices = columns
        .iter()
        .map(|&j| Matrix {
            courses,
            values: results
                .iter()
                .flat_map(|r| (0..courses).map(move |c| r.means[c * k + j]))
                .collect(),
        })
        .collect();
    let inputs = settings.inputs(prep, matrices);
    let analysis = crate::analyze(&inputs)?;
    Ok((inputs, analysis))
}

/// A finished directory: the files written and, for a whole exploration, its analysis.
#[derive(Clone, Debug)]
pub struct Finished {
    pub files: Vec<&'static str>,
    pub analysis: Option<(Inputs, Analysis)>,
}

/// Writes every output file of a complete journal (a whole exploration, a merge or a shard):
/// worlds, results and manifest; for a whole exploration also the analysis files.
pub fn finish(
    dir: &Path,
    prep: &Prepared<'_>,
    plan: &Plan,
    settings: &Settings,
) -> Result<Finished, ExploreError> {
    write_worlds(dir, prep)?;
    let matrices = write_results(dir, plan, &settings.columns(prep)?)?;
    let mut files = vec![
        "worlds.csv",
        "worlds.parquet",
        "results.csv",
        "results.parquet",
    ];
    if plan.shard_count > 1 {
        files.push("manifest.json");
        write_manifest(dir, plan, prep, None, &files)?;
        return Ok(Finished {
            files,
            analysis: None,
        });
    }
    let inputs = settings.inputs(prep, matrices);
    let analysis = crate::analyze(&inputs)?;
    write_analysis(dir, &inputs, &analysis)?;
    files.extend(["robustness.csv", "pairwise.csv"]);
    if !analysis.satisficing.is_empty() {
        files.push("satisficing.csv");
    }
    files.extend(["discovery.csv", "boxes.csv", "verdict.txt", "manifest.json"]);
    write_manifest(dir, plan, prep, Some((&inputs, &analysis)), &files)?;
    Ok(Finished {
        files,
        analysis: Some((inputs, analysis)),
    })
}
