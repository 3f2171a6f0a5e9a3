//! `cordon explore`: the verdict first, the files, and byte-identical files with 1 or 2
//! threads and as 2 shards merged; bad input exits 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SCENARIO: &str = "../explore/tests/fixtures/small.toml";

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

fn dir(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("explore-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    path
}

fn explore(out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "explore",
        SCENARIO,
        "--worlds",
        "8",
        "--reps",
        "2",
        "--satisfice",
        "fighters_total<1800",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = cordon(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_verdict_comes_first_and_threads_and_shards_give_the_same_bytes() {
    let one = dir("t1");
    let stdout = explore(&one, &["--threads", "1"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("Verdict: "), "{stdout}");
    // The verdict is one paragraph (wrapped to 80 columns), then the summary line.
    let after = lines
        .iter()
        .position(|l| l.is_empty())
        .expect("a blank line")
        + 1;
    assert!(
        lines[after].starts_with("explore: 8 worlds (Latin hypercube over 2 uncertain parameters"),
        "{stdout}"
    );
    assert!(
        stdout.contains("P(best) [95%]") && stdout.contains("satisficing (fighters_total<1800)"),
        "{stdout}"
    );
    let two = dir("t2");
    explore(&two, &["--threads", "2"]);
    let reference = files(&one);
    assert_eq!(reference.len(), 11);
    assert!(reference == files(&two), "1 vs 2 threads differ");
    let shards: Vec<PathBuf> = (0..2).map(|i| dir(&format!("s{i}"))).collect();
    for (i, s) in shards.iter().enumerate() {
        // As a job array's task runs it (docs/cluster.md): --resume into a fresh directory.
        let stdout = explore(s, &["--shard", &format!("{i}/2"), "--resume"]);
        assert!(stdout.contains(&format!("shard {i}/2 done")), "{stdout}");
    }
    let merged = dir("merged");
    let list = format!("{},{}", shards[0].display(), shards[1].display());
    explore(&merged, &["--merge", &list]);
    assert!(
        reference == files(&merged),
        "2 shards merged differ from one run"
    );
}

#[test]
fn bad_input_exits_2() {
    let out = dir("bad");
    let out = out.to_str().unwrap();
    for (args, needle) in [
        (
            vec!["--metrics", "nope"],
            "unknown outcome \"nope\" in --metrics",
        ),
        (
            vec!["--satisfice", "fighters_total=3"],
            "is not METRIC<VALUE",
        ),
        (vec!["--coas", "nope"], "unknown course of action \"nope\""),
        (vec!["--worlds", "1"], "--worlds 1 is out of range"),
    ] {
        let mut all = vec!["explore", SCENARIO, "--out", out, "--reps", "1"];
        all.extend(args);
        let o = cordon(&all);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(needle), "{all:?}: {stderr}");
    }
}

#[test]
fn report_on_an_exploration_alone_writes_its_page_with_a_caveat_about_the_worlds() {
    let out = dir("report");
    explore(&out, &[]);
    let o = cordon(&["report", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    for needle in [
        "Cordon exploration: decisions under deep uncertainty",
        "<strong>Verdict:</strong> isolate is the most robust course",
        "<strong>Caveat:</strong> the shares and their intervals cover 8 worlds drawn from the 2 parameters the scenario declares uncertain (region.core.sanctuary, actor.north.intelligence)",
        "<h2>Robustness across plausible worlds</h2>",
        "stochastic mode: 8 worlds (lhs) × 3 courses × 2 replications per world, seed 7",
    ] {
        assert!(page.contains(needle), "no {needle:?} in the page");
    }
}
