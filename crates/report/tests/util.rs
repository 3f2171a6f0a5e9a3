//! Helpers: the fixture experiment, directories, and a small reader of the report's HTML.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use cordon_experiment::{Experiment, NoProgress, RunInfo};
use cordon_model::{CoaId, Scenario};

/// Replications per course of action in the fixture experiment.
pub const REPS: u64 = 30;

/// A scenario of `tests/fixtures/`.
pub fn fixture(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    match cordon_model::parse(name, &bytes) {
        Ok(s) => s,
        Err(d) => panic!("fixture {name} is invalid:\n{d}"),
    }
}

/// A fresh directory under Cargo's temporary directory for integration tests.
pub fn fresh_dir(name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cordon-report-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("temp dir");
    path
}

/// Runs `coas` of `small.toml` (all when empty) into a fresh directory, as `cordon compare`
/// does.
pub fn run_small(name: &str, coas: &[&str]) -> PathBuf {
    let s = fixture("small.toml");
    let ids: Vec<CoaId> = if coas.is_empty() {
        (0..s.coas().len()).map(CoaId::from_index).collect()
    } else {
        coas.iter()
            .map(|id| s.coa_by_id(id).expect("fixture course"))
            .collect()
    };
    let mut exp = Experiment::new(&s, ids, REPS);
    exp.threads = 1;
    let dir = fresh_dir(name);
    let info = RunInfo::now(vec!["cordon".into(), "compare".into()], 1);
    cordon_experiment::run(&exp, &dir, false, &info, &NoProgress).expect("experiment runs");
    dir
}

/// The fixture experiment with every course of action and its report, made once per test
/// binary and shared (read only) by the tests.
pub fn small_report() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = run_small("compare", &[]);
        cordon_report::write(&dir).expect("report is written");
        dir
    })
}

/// The final files of a results directory that the report reads.
pub const RESULT_FILES: [&str; 8] = [
    "manifest.json",
    "runs.csv",
    "bands.csv",
    "failures.csv",
    "cuts.csv",
    "mean_field_links.csv",
    "mean_field_escapes.csv",
    "mean_field_events.csv",
];

/// Copies the final files of a results directory (not `state/`, not the report).
pub fn copy_results(from: &Path, name: &str) -> PathBuf {
    let to = fresh_dir(name);
    for file in RESULT_FILES {
        std::fs::copy(from.join(file), to.join(file)).expect("copy");
    }
    to
}

/// The text between `start` (included) and the next `end` after it (included).
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let at = text.find(start)?;
    let rest = &text[at..];
    let stop = rest.find(end)? + end.len();
    Some(&rest[..stop])
}

/// The value of attribute `name` in the first tag of `tag_text`.
pub fn attribute<'a>(tag_text: &'a str, name: &str) -> Option<&'a str> {
    let tag_end = tag_text.find('>')?;
    let tag = &tag_text[..tag_end];
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Text without tags, entities decoded (the few the report writes), whitespace collapsed; the
/// end of a cell, row, item or paragraph is a space.
pub fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for ch in fragment.chars() {
        match ch {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name = tag.split_whitespace().next().unwrap_or("");
                if [
                    "/td",
                    "/th",
                    "/tr",
                    "/li",
                    "/p",
                    "/dd",
                    "/dt",
                    "br",
                    "/h2",
                    "/h3",
                    "/figcaption",
                ]
                .contains(&name)
                {
                    out.push(' ');
                }
            }
            c if in_tag => tag.push(c),
            c => out.push(c),
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One row of a results table: its course of action and its cells.
pub struct TableRow {
    pub coa: String,
    pub cells: Vec<Cell>,
}

/// One `<td>` with its `data-*` attributes.
pub struct Cell {
    pub stat: Option<String>,
    pub value: Option<String>,
    pub lo: Option<String>,
    pub hi: Option<String>,
    pub text: String,
}

impl TableRow {
    pub fn stat(&self, name: &str) -> &Cell {
        self.cells
            .iter()
            .find(|c| c.stat.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("row {} has no cell {name}", self.coa))
    }
}

/// The blocks of the results table `id`: (outcome, rows).
pub fn results_table(html: &str, id: &str) -> Vec<(String, Vec<TableRow>)> {
    let table = between(html, &format!("id=\"{id}\""), "</table>")
        .unwrap_or_else(|| panic!("no table {id}"));
    let mut blocks = Vec::new();
    for body in table.split("<tbody").skip(1) {
        let outcome = attribute(&format!("<tbody{body}"), "data-outcome")
            .expect("tbody has data-outcome")
            .to_string();
        let mut rows = Vec::new();
        for tr in body.split("<tr").skip(1) {
            let tr = format!("<tr{tr}");
            let Some(coa) = attribute(&tr, "data-coa") else {
                continue;
            };
            // Every element that carries a `data-stat` (a cell, or a number inside a cell).
            let cells = tr
                .match_indices("data-stat=")
                .map(|(at, _)| {
                    let open = tr[..at].rfind('<').expect("a tag");
                    let tag: String = tr[open + 1..]
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect();
                    let element = &tr[open..];
                    let inner = &element[element.find('>').map_or(0, |i| i + 1)..];
                    let close = format!("</{tag}>");
                    let inner = &inner[..inner.find(&close).unwrap_or(inner.len())];
                    Cell {
                        stat: attribute(element, "data-stat").map(String::from),
                        value: attribute(element, "data-value").map(String::from),
                        lo: attribute(element, "data-lo").map(String::from),
                        hi: attribute(element, "data-hi").map(String::from),
                        text: text_of(inner),
                    }
                })
                .collect();
            rows.push(TableRow {
                coa: coa.to_string(),
                cells,
            });
        }
        blocks.push((outcome, rows));
    }
    blocks
}

/// A number as the report prints it ("1,234.5", "+3", "~12", "-") or None for "–".
pub fn displayed(text: &str) -> Option<f64> {
    let t = text.trim().trim_start_matches('~').replace(',', "");
    if t == "–" || t == "n/a" || t.is_empty() {
        return None;
    }
    Some(
        t.parse()
            .unwrap_or_else(|_| panic!("not a number: {text:?}")),
    )
}

/// `[lo, hi]` as printed.
pub fn displayed_interval(text: &str) -> Option<(f64, f64)> {
    let t = text.trim();
    if t == "–" || t == "n/a" {
        return None;
    }
    let inner = t.trim_start_matches('[').trim_end_matches(']');
    let (lo, hi) = inner.split_once(", ").expect("an interval");
    Some((displayed(lo)?, displayed(hi)?))
}

/// Decimals shown in a printed number.
pub fn decimals_of(text: &str) -> i32 {
    text.trim().split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(char::is_ascii_digit).count() as i32
    })
}

/// Asserts that `text` is `exact` rounded as printed (half a unit of the last digit).
#[track_caller]
pub fn assert_rounds(text: &str, exact: f64, what: &str) {
    match displayed(text) {
        None => assert!(exact.is_nan(), "{what}: printed – but the value is {exact}"),
        Some(shown) => {
            let tolerance = 0.5 * 10f64.powi(-decimals_of(text)) * (1.0 + 1e-9) + 1e-12;
            assert!(
                (shown - exact).abs() <= tolerance,
                "{what}: printed {text} but the value is {exact}"
            );
        }
    }
}
