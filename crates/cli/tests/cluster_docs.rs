//! docs/cluster.md's recipes as files: the Kubernetes manifest it shows is
//! `deploy/k8s/compare-job.yaml` verbatim, each Slurm array script shards as many ways as it
//! has tasks and passes `--resume`, and optimize's step chains the next generation as its
//! submission starts the first. (`scripts/slurm-ci.sh` runs the Slurm recipes on a real
//! Slurm; `scripts/k8s-ci.sh` validates the manifest against the Kubernetes schema.)

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cluster_md() -> String {
    std::fs::read_to_string(repo().join("docs/cluster.md")).expect("read docs/cluster.md")
}

/// The first fenced block of `lang` after the first line of `doc` starting with `intro`.
fn block_after(doc: &str, intro: &str, lang: &str) -> String {
    let start = doc
        .lines()
        .position(|l| l.starts_with(intro))
        .unwrap_or_else(|| panic!("docs/cluster.md has no line starting with {intro}"));
    let mut lines = doc.lines().skip(start + 1);
    lines
        .by_ref()
        .find(|l| *l == format!("```{lang}"))
        .unwrap_or_else(|| panic!("no ```{lang} block after {intro}"));
    let mut block = String::new();
    for line in lines.take_while(|l| *l != "```") {
        block.push_str(line);
        block.push('\n');
    }
    block
}

#[test]
fn the_documented_manifest_is_the_file() {
    let doc = cluster_md();
    let shown = block_after(&doc, "[`deploy/k8s/compare-job.yaml`]", "yaml");
    let file = std::fs::read_to_string(repo().join("deploy/k8s/compare-job.yaml"))
        .expect("read deploy/k8s/compare-job.yaml");
    assert!(
        shown == file,
        "docs/cluster.md's manifest differs from deploy/k8s/compare-job.yaml:\n{shown}\n---\n{file}"
    );
    assert!(doc.contains("kubectl apply -f deploy/k8s/compare-job.yaml\n"));
}

#[test]
fn each_array_script_shards_as_many_ways_as_it_has_tasks_and_resumes() {
    let doc = cluster_md();
    for (script, command) in [
        ("compare-array.sh", "cordon compare"),
        ("explore-array.sh", "cordon explore"),
    ] {
        let block = block_after(&doc, &format!("`{script}`"), "sh");
        let tasks = block
            .lines()
            .find_map(|l| l.strip_prefix("#SBATCH --array=0-"))
            .and_then(|n| n.trim().parse::<u32>().ok())
            .unwrap_or_else(|| panic!("{script}: no #SBATCH --array=0-K"));
        let n = block
            .lines()
            .find_map(|l| l.strip_prefix("N="))
            .and_then(|n| n.split_whitespace().next()?.parse::<u32>().ok())
            .unwrap_or_else(|| panic!("{script}: no N="));
        assert_eq!(n, tasks + 1, "{script}: N must match --array=0-(N-1)");
        for needle in [
            command,
            "--shard \"$SLURM_ARRAY_TASK_ID/$N\"",
            "--out \"$RESULTS/shard-$SLURM_ARRAY_TASK_ID\"",
            "--threads \"$SLURM_CPUS_PER_TASK\"",
            "--resume",
            "#SBATCH --requeue",
        ] {
            assert!(block.contains(needle), "{script} lacks {needle}:\n{block}");
        }
    }
}

#[test]
fn the_optimize_script_evaluates_as_many_slices_as_it_has_tasks_and_chains_its_steps() {
    let doc = cluster_md();
    let block = block_after(&doc, "`optimize-array.sh`", "sh");
    let tasks = block
        .lines()
        .find_map(|l| l.strip_prefix("#SBATCH --array=0-"))
        .and_then(|n| n.trim().parse::<u32>().ok())
        .expect("optimize-array.sh: no #SBATCH --array=0-K");
    let n = block
        .lines()
        .find_map(|l| l.strip_prefix("N="))
        .and_then(|n| n.split_whitespace().next()?.parse::<u32>().ok())
        .expect("optimize-array.sh: no N=");
    assert_eq!(n, tasks + 1, "N must match --array=0-(N-1)");
    // The step chains the next generation exactly as the submission block starts the first.
    let submit = block_after(&doc, "Submit the first generation", "sh");
    let chain: String = submit.lines().skip(1).map(str::trim).collect();
    let inner: String = block
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("jobid=$(sbatch"))
        .take(3)
        .map(str::trim)
        .collect();
    assert!(
        chain.starts_with("jobid=$(sbatch --parsable optimize-array.sh)"),
        "{chain}"
    );
    assert_eq!(
        chain, inner,
        "the submission and the step's chaining differ"
    );
    for needle in [
        "cordon optimize",
        "search --evaluate-shard \"$SLURM_ARRAY_TASK_ID/$N\"",
        "search --advance",
        "--threads \"$SLURM_CPUS_PER_TASK\"",
        "--dependency=afterok:$jobid",
        "#SBATCH --requeue",
    ] {
        assert!(
            block.contains(needle),
            "optimize-array.sh lacks {needle}:\n{block}"
        );
    }
}
