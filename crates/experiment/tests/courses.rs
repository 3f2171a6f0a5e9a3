//! The per-course files (`cuts.csv`, `mean_field_*.csv`): what the report draws without running
//! the engine, recorded once at experiment time from the mean-field campaign and the plan.

use cordon_engine::{CoaPlan, Event, Mode, Observer, StreamKey, World};
use cordon_experiment::courses::{network_days, record, recorded_days};
use cordon_model::CoaId;

use crate::util::{TempDir, fixture, small};

/// Integrity per link at every state, and the arrivals at the end, of a mean-field run.
#[derive(Default)]
struct Every {
    n_links: usize,
    days: Vec<f64>,
    integrity: Vec<Vec<f64>>,
    arrived: Vec<f64>,
    events: usize,
}

impl Observer for Every {
    fn on_state(&mut self, w: &World) {
        self.days.push(w.day);
        self.integrity
            .push((0..self.n_links).map(|l| w.integrity(l)).collect());
        self.arrived.clone_from(&w.arrived_from_core);
    }

    fn on_event(&mut self, e: &Event) {
        if matches!(e.kind.name(), "link_severed" | "link_restored") {
            self.events += 1;
        }
    }
}

#[test]
fn the_record_is_the_mean_field_run_at_the_recorded_days() {
    let s = fixture("small.toml");
    let days = recorded_days(&s, &[0.0, 10.0, 20.0]);
    for d in network_days(&s) {
        assert!(days.contains(&d), "network day {d} recorded");
    }
    assert!(days.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
    for c in 0..s.coas().len() {
        let coa = CoaId::from_index(c);
        let rec = record(&s, coa, 7, &days);
        let mut every = Every {
            n_links: s.links().len(),
            ..Every::default()
        };
        cordon_engine::run(&s, coa, Mode::MeanField, StreamKey::new(7, 0), &mut every)
            .expect("mean-field run");
        let mf = rec.mean_field.expect("no failure");
        assert_eq!(mf.days, days);
        for (day, integrity) in mf.days.iter().zip(&mf.integrity) {
            let at = every
                .days
                .iter()
                .position(|d| (d - day).abs() < 1e-9)
                .expect("a state on every recorded day");
            assert_eq!(integrity, &every.integrity[at], "course {c}, day {day}");
        }
        assert_eq!(mf.arrived_from_core, every.arrived);
        assert_eq!(mf.link_events.len(), every.events);
        let plan = CoaPlan::new(&s, coa);
        let cut: usize = rec.cuts.iter().map(|(_, l)| l.len()).sum();
        let mut expected: Vec<Vec<usize>> = plan.cuts.clone();
        for links in &mut expected {
            links.sort_unstable();
            links.dedup();
        }
        assert_eq!(cut, expected.iter().map(Vec::len).sum::<usize>());
    }
}

#[test]
fn an_experiment_writes_the_files_and_lists_them() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("courses");
    crate::util::run(&small(&s, 3), tmp.path(), false);
    let manifest = std::fs::read_to_string(tmp.join("manifest.json")).expect("manifest");
    let finished = std::fs::read_to_string(tmp.join("state/finished")).expect("seal");
    for file in cordon_experiment::store::courses::COURSE_FILES {
        let text = std::fs::read_to_string(tmp.join(file)).expect(file);
        assert!(text.starts_with("coa,"), "{file}: {text}");
        assert!(manifest.contains(&format!("\"{file}\"")), "{file} listed");
        assert!(finished.contains(&format!("file {file} ")), "{file} sealed");
    }
    let links = std::fs::read_to_string(tmp.join("mean_field_links.csv")).expect("links");
    let layout = cordon_experiment::BandLayout::new(
        &s,
        cordon_experiment::BandLayout::default_every_steps(&s),
    );
    let days = recorded_days(&s, &layout.days);
    // One row per course × recorded day × link, after the header.
    assert_eq!(
        links.lines().count() - 1,
        s.coas().len() * days.len() * s.links().len()
    );
}

#[test]
fn a_merge_copies_the_files_of_the_first_shard_and_lists_only_what_it_has() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("courses-merge");
    let mut dirs = Vec::new();
    for i in 0..2 {
        let mut shard = small(&s, 4);
        shard.shard = cordon_experiment::Shard { index: i, count: 2 };
        let dir = tmp.join(&format!("shard{i}"));
        crate::util::run(&shard, &dir, false);
        dirs.push(dir);
    }
    let merged = tmp.join("merged");
    cordon_experiment::merge(&dirs, &merged, &crate::util::info()).expect("merge");
    for file in cordon_experiment::store::courses::COURSE_FILES {
        let a = std::fs::read(dirs[0].join(file)).expect("shard file");
        let b = std::fs::read(merged.join(file)).expect("merged file");
        assert!(a == b, "{file} copied");
    }
    // Shards written before the files existed: the merge has none and does not list them.
    for dir in &dirs {
        for file in cordon_experiment::store::courses::COURSE_FILES {
            std::fs::remove_file(dir.join(file)).expect("rm");
        }
    }
    let old = tmp.join("merged-old");
    cordon_experiment::merge(&dirs, &old, &crate::util::info()).expect("merge");
    let manifest = std::fs::read_to_string(old.join("manifest.json")).expect("manifest");
    for file in cordon_experiment::store::courses::COURSE_FILES {
        assert!(!old.join(file).exists(), "{file} absent");
        assert!(!manifest.contains(file), "{file} not listed");
    }
    assert!(manifest.contains("\"runs.csv\""));
}
