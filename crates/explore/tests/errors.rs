//! Bad requests are typed errors marked as bad input, never panics.

use cordon_explore::robust::parse_thresholds;
use cordon_explore::store::{self, Plan};
use cordon_explore::{Shard, prepare};

use crate::util::{exploration, fixture, fresh_dir};

#[test]
fn bad_requests_are_bad_input() {
    let s = fixture("small.toml");
    let check = |e: cordon_explore::ExploreError, needle: &str| {
        assert!(e.is_bad_input(), "{e}");
        assert!(e.to_string().contains(needle), "{e}");
    };
    let mut x = exploration(&s, 1, 1, 1, Shard::WHOLE);
    check(prepare(&x).unwrap_err(), "--worlds 1 is out of range");
    x.worlds = 4;
    x.shard = Shard { index: 0, count: 5 };
    check(prepare(&x).unwrap_err(), "does not fit 4 worlds");
    x.shard = Shard::WHOLE;
    x.coas.clear();
    check(prepare(&x).unwrap_err(), "no course of action");
    check(
        parse_thresholds("fighters_total=3").unwrap_err(),
        "is not METRIC<VALUE",
    );
    check(
        parse_thresholds("fighters_total<x").unwrap_err(),
        "is not METRIC<VALUE",
    );
    let t = parse_thresholds("a<1, b>=2,c<=-3,d>4e3").unwrap();
    let shown: Vec<String> = t.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["a<1", "b>=2", "c<=-3", "d>4000"]);
    // Resuming a directory with no exploration starts it (a job array's task always passes
    // --resume); resuming another one is refused.
    let dir = fresh_dir("resume-nothing");
    let prep = prepare(&exploration(&s, 4, 1, 1, Shard::WHOLE)).unwrap();
    let (_, done) = store::open(&dir, &Plan::of(&prep), true).unwrap();
    assert_eq!(done, 0);
    assert!(dir.join("state/plan.json").is_file());
    let mut other = exploration(&s, 4, 1, 1, Shard::WHOLE);
    other.seed = 5;
    let other = prepare(&other).unwrap();
    check(
        store::open(&dir, &Plan::of(&other), true).err().unwrap(),
        "holds another exploration (seed",
    );
}

#[test]
fn a_scenario_without_uncertain_parameters_is_refused() {
    let s = fixture("threshold.toml");
    let bare = s.resolved_toml();
    let bare = bare.split("[[uncertain]]").next().unwrap().to_string();
    let bare = cordon_model::parse("bare.toml", bare.as_bytes()).unwrap();
    let err = prepare(&exploration(&bare, 4, 1, 1, Shard::WHOLE)).unwrap_err();
    assert!(
        err.is_bad_input() && err.to_string().contains("declares no uncertain parameters"),
        "{err}"
    );
}
