//! Design layouts: LHS strata, Saltelli blocks, Morris trajectories, factorial crossing, and
//! the CSV round trip.

use cordon_sa::{
    Distribution, ParamSpace, Parameter, SampleError, SobolOptions, parse_design_csv,
    sample_factorial, sample_lhs, sample_morris, sample_sobol,
};
use expect_test::expect;

fn unit_space(k: usize) -> ParamSpace {
    let names: Vec<String> = (1..=k).map(|i| format!("x{i}")).collect();
    let bounds: Vec<(&str, f64, f64)> = names.iter().map(|n| (n.as_str(), 0.0, 1.0)).collect();
    ParamSpace::uniform(&bounds).unwrap()
}

fn mixed_space() -> ParamSpace {
    ParamSpace::new(vec![
        Parameter::new(
            "regime",
            Distribution::categorical(["joint", "parallel", "cross"]),
        ),
        Parameter::new("budget", Distribution::uniform(10.0, 20.0)),
        Parameter::new("proxy", Distribution::categorical(["no", "yes"])),
        Parameter::new(
            "intel",
            Distribution::Triangular {
                low: 0.0,
                mode: 0.7,
                high: 1.0,
            },
        ),
    ])
    .unwrap()
}

#[test]
fn lhs_puts_one_point_in_every_stratum() {
    let space = mixed_space();
    let n = 37;
    let d = sample_lhs(&space, n, 11).unwrap();
    assert_eq!((d.rows(), d.cols()), (n, 4));
    for j in [1, 3] {
        let dist = &space.params()[j].distribution;
        let mut hits = vec![0; n];
        for row in d.iter_rows() {
            hits[(dist.cdf(row[j]) * n as f64) as usize] += 1;
        }
        assert!(hits.iter().all(|&h| h == 1), "column {j}: {hits:?}");
    }
    // Categorical columns get the categories in proportion to their weights (±1 per stratum).
    let mut counts = [0; 3];
    for row in d.iter_rows() {
        counts[row[0] as usize] += 1;
    }
    assert!(counts.iter().all(|&c| (11..=13).contains(&c)), "{counts:?}");
}

#[test]
fn saltelli_blocks_follow_salib_layout() {
    for opts in [
        SobolOptions::default(),
        SobolOptions {
            skip: 0,
            scramble: Some(9),
        },
    ] {
        let space = unit_space(3);
        let d = sample_sobol(&space, 16, &opts).unwrap();
        assert_eq!(d.rows(), 16 * 5);
        for s in 0..16 {
            let (a, b) = (d.row(5 * s), d.row(5 * s + 4));
            for i in 0..3 {
                let ab = d.row(5 * s + 1 + i);
                for j in 0..3 {
                    assert_eq!(ab[j], if i == j { b[j] } else { a[j] });
                }
            }
        }
    }
    // Scrambling changes the points, never the layout.
    let plain = sample_sobol(&unit_space(2), 4, &SobolOptions::default()).unwrap();
    let shifted = sample_sobol(
        &unit_space(2),
        4,
        &SobolOptions {
            skip: 1,
            scramble: Some(1),
        },
    )
    .unwrap();
    assert_ne!(plain, shifted);
}

#[test]
fn morris_trajectories_move_one_factor_by_delta() {
    let space = ParamSpace::uniform(&[("a", 0.0, 1.0), ("b", 0.0, 1.0)]).unwrap();
    let d = sample_morris(&space, 3, 4, 5).unwrap();
    expect![[r#"
        a,b
        0.6666666666666666,0
        0.6666666666666666,0.6666666666666666
        0,0.6666666666666666
        0.3333333333333333,0
        0.3333333333333333,0.6666666666666666
        1,0.6666666666666666
        0.6666666666666666,0
        0.6666666666666666,0.6666666666666666
        0,0.6666666666666666
    "#]]
    .assert_eq(&d.to_csv(&space, true));
    let space = unit_space(5);
    for levels in [2, 4, 6, 8] {
        let delta = levels as f64 / (2.0 * (levels as f64 - 1.0));
        let d = sample_morris(&space, 20, levels, 3).unwrap();
        assert_eq!(d.rows(), 20 * 6);
        for t in 0..20 {
            let mut moved = [false; 5];
            for step in 1..6 {
                let (p, q) = (d.row(6 * t + step - 1), d.row(6 * t + step));
                let changed: Vec<usize> = (0..5).filter(|&j| p[j] != q[j]).collect();
                assert_eq!(changed.len(), 1);
                let j = changed[0];
                assert!(!moved[j]);
                moved[j] = true;
                assert!(((q[j] - p[j]).abs() - delta).abs() < 1e-12);
            }
            // Every point lies on the grid {0, 1/(p-1), ..., 1}.
            for v in d.row(6 * t) {
                let l = v * (levels - 1) as f64;
                assert!((l - l.round()).abs() < 1e-9 && (0.0..=1.0).contains(v));
            }
        }
    }
}

#[test]
fn factorial_crosses_every_lever_combination_with_one_lhs() {
    let space = mixed_space();
    let d = sample_factorial(&space, 5, 2).unwrap();
    assert_eq!(d.rows(), 3 * 2 * 5);
    let first: Vec<(f64, f64)> = (0..5).map(|i| (d.row(i)[1], d.row(i)[3])).collect();
    for c in 0..6 {
        let levers = (d.row(5 * c)[0], d.row(5 * c)[2]);
        assert_eq!(levers, ((c / 2) as f64, (c % 2) as f64));
        for (i, continuous) in first.iter().enumerate() {
            let r = d.row(5 * c + i);
            assert_eq!((r[0], r[2]), levers);
            assert_eq!((r[1], r[3]), *continuous);
        }
    }
    let levers_only = ParamSpace::new(vec![
        Parameter::new("a", Distribution::categorical(["p", "q"])),
        Parameter::new("b", Distribution::categorical(["r", "s", "t"])),
    ])
    .unwrap();
    let d = sample_factorial(&levers_only, 0, 0).unwrap();
    expect![[r#"
        a,b
        p,r
        p,s
        p,t
        q,r
        q,s
        q,t
    "#]]
    .assert_eq(&d.to_csv(&levers_only, true));
}

#[test]
fn csv_round_trip_is_exact() {
    let space = mixed_space();
    let d = sample_lhs(&space, 50, 4).unwrap();
    for header in [true, false] {
        let back = parse_design_csv(&d.to_csv(&space, header), &space).unwrap();
        assert_eq!(back, d);
    }
    let s = unit_space(3);
    let d = sample_sobol(
        &s,
        64,
        &SobolOptions {
            skip: 0,
            scramble: Some(3),
        },
    )
    .unwrap();
    assert_eq!(parse_design_csv(&d.to_csv(&s, true), &s).unwrap(), d);
}

#[test]
fn impossible_designs_are_typed_errors() {
    let mixed = mixed_space();
    let errs = [
        sample_lhs(&unit_space(2), 0, 0).unwrap_err(),
        sample_sobol(&unit_space(2), 0, &SobolOptions::default()).unwrap_err(),
        sample_sobol(&unit_space(501), 4, &SobolOptions::default()).unwrap_err(),
        sample_sobol(
            &unit_space(2),
            4,
            &SobolOptions {
                skip: u64::from(u32::MAX),
                scramble: None,
            },
        )
        .unwrap_err(),
        sample_morris(&unit_space(2), 4, 3, 0).unwrap_err(),
        sample_morris(&unit_space(2), 0, 4, 0).unwrap_err(),
        sample_morris(&mixed, 4, 4, 0).unwrap_err(),
        sample_factorial(&mixed, 0, 0).unwrap_err(),
    ];
    assert!(matches!(errs[4], SampleError::BadLevels { levels: 3 }));
    let text: String = errs.iter().map(|e| format!("{e}\n")).collect();
    expect![[r#"
        the number of samples must be at least 1
        the number of samples must be at least 1
        the Sobol design needs 1002 sequence dimensions; direction numbers exist for 1000 (at most 500 parameters)
        the Sobol sequence has 2^32 points; skip + n is too large
        Morris needs an even number of levels >= 2, got 3
        the number of samples must be at least 1
        categorical parameter `regime` cannot be in a Morris design: use a factorial design and the categorical analysis
        the number of samples must be at least 1
    "#]].assert_eq(&text);
}

#[test]
fn a_design_holds_whole_rows() {
    let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let d = cordon_sa::Design::new(names(&["a", "b"]), vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    assert_eq!((d.rows(), d.cols(), d.row(1)), (2, 2, &[3.0, 4.0][..]));
    let errs = [
        cordon_sa::Design::new(names(&["a", "b"]), vec![1.0, 2.0, 3.0]).unwrap_err(),
        cordon_sa::Design::new(vec![], vec![1.0]).unwrap_err(),
    ];
    expect![[r#"
        [
            "3 values do not fill rows of 2 columns",
            "1 values do not fill rows of 0 columns",
        ]
    "#]]
    .assert_debug_eq(&errs.map(|e| e.to_string()));
}
