//! `cordon explain`: why one campaign did what it did, from its events, verdict first, within
//! 80 columns.

use std::process::{Command, Output};

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .output()
        .expect("the cordon binary runs")
}

/// The explanation of `args`, checked to succeed and to fit 80 columns.
fn check(args: &[&str], expect: expect_test::Expect) {
    let o = cordon(args);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for line in stdout.lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line:?}");
    }
    expect.assert_eq(&stdout);
}

#[test]
fn a_stochastic_campaign_of_the_default_scenario_is_explained_from_its_events() {
    check(
        &["explain", "--coa", "two-prong", "--seed", "1"],
        expect_test::expect![[r#"
            two-prong (joint) decisively defeats the adversary by day 948: 455 fighters are
            left of 24,900 (1.8%); 6 of 6 regions fell at some point; coalition losses
            3,256, civilian casualties 1,359. Why: Links were cut from day 3 (16 still cut
            at the horizon), 0 fighters escaped from levant and 6 of 6 branches were
            trapped; the leader was killed 3 times.
            (One stochastic replication 0 of seed 1; `cordon run --coa two-prong` gives
            intervals over many.)

            Phases:
              Phase 1 (isolate) started on day 0 (set for day 0).
              Phase 2 (destroy) started on day 2 (trigger: inter_regional_integrity below
                  0.2, or day 365 at the latest).
              The coalition concentrated on levant (day 2), khorasan (day 265), africa (day
                  323) and southeast-asia (day 672).

            Links:
              16 of 16 links were cut; 16 still cut at the horizon.
              day 3: levant-khorasan-fighters, levant-africa-fighters,
                  levant-europe-fighters, levant-seasia-fighters and 12 more.

            Adversary forces:
              Fighters relocated: 20 from khorasan to levant (from day 1, 20 caught in
                  transit).
              0 fighters escaped from the core region, levant, and 20 were caught in
                  transit.
              Trapped with every route out cut: khorasan (day 3), levant (day 24), europe
                  (day 142), africa (day 407), south-asia (day 422) and southeast-asia (day
                  688).
              Decisively defeated: levant (day 265), europe (day 287), khorasan (day 323),
                  south-asia (day 527), africa (day 672) and southeast-asia (day 948).

            Third parties:
              taliban did not turn on the coalition: 64,915 fighters at the horizon, its
                  threshold is 1.1 times its initial 60,000.

            Leadership:
              The leader was killed 3 times (day 155, day 537 and day 913); successors
                  restored command 3 times; command strength at the horizon 1.00.
        "#]],
    );
}

#[test]
fn a_mean_field_campaign_names_escapes_and_a_third_party_turning() {
    check(
        &["explain", "--coa", "status-quo", "--mean-field"],
        expect_test::expect![[r#"
            status-quo (parallel) does not defeat the adversary by the horizon (day 1,095):
            10,516 fighters are left of 24,900 (42.2%); 4 of 6 regions fell at some point;
            coalition losses 19,002, civilian casualties 17,603. Why: No link was cut, so
            fighters could move: 4,153 escaped from levant; taliban turned on the coalition
            on day 1,048.
            (One mean-field run; `cordon run --coa status-quo` gives intervals over many.)

            Phases:
              Phase 1 (campaign) started on day 0 (set for day 0).

            Links:
              No link of 16 was cut.

            Adversary forces:
              Fighters relocated: 4,242 from levant to africa (from day 461, 0 caught in
                  transit), 1,228 from khorasan to levant (from day 34, 0 caught in
                  transit), 217 from europe to levant (from day 277, 0 caught in transit)
                  and 84 from south-asia to khorasan (from day 448, 0 caught in transit).
              4,153 fighters escaped from the core region, levant, and 0 were caught in
                  transit.
              Decisively defeated: khorasan (day 102), europe (day 340), south-asia (day
                  507) and levant (day 549).

            Third parties:
              taliban turned on the coalition on day 1,048 (it grew past 1.1 times its
                  initial strength with its enemy beaten); 66,249 fighters at the horizon.

            Leadership:
              The leader survived; command strength at the horizon 0.94.
        "#]],
    );
}

#[test]
fn a_phase_whose_trigger_never_fires_is_said_with_its_trigger() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/never-destroy.toml");
    check(
        &[
            "explain",
            fixture.to_str().unwrap(),
            "--coa",
            "isolate-then-destroy",
            "--mean-field",
        ],
        expect_test::expect![[r#"
            isolate-then-destroy (joint) does not defeat the adversary by the horizon (day
            365): 4,067 fighters are left of 5,500 (74.0%); 0 of 2 regions fell at some
            point; coalition losses 1,686, civilian casualties 399. Why: Phase 2 (destroy)
            never started, its trigger not met; links were cut from day 4 (1 still cut at
            the horizon), 0 fighters escaped from core and 0 of 2 branches were trapped.
            (One mean-field run; `cordon run --coa isolate-then-destroy` gives intervals
            over many.)

            Phases:
              Phase 1 (isolate) started on day 0 (set for day 0).
              Phase 2 (destroy) never started: its trigger (inter_regional_integrity below
                  0, or day 1,000 at the latest) was not met by the horizon.

            Links:
              1 of 1 link was cut; 1 still cut at the horizon.
              day 4: route.

            Adversary forces:
              No fighters relocated between regions.
              0 fighters escaped from the core region, core, and 0 were caught in transit.

            Third parties:
              The scenario has no third party.

            Leadership:
              The leader survived; command strength at the horizon 1.00.
        "#]],
    );
}

#[test]
fn an_unknown_course_is_bad_input() {
    let o = cordon(&["explain", "--coa", "two-prongs"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean \"two-prong\"?"), "{err}");
}
