//! No parameter file, design CSV, outputs CSV or data table makes its parser panic: arbitrary
//! bytes, line-shaped fragments and structure-aware mutations of the fixtures all end in a value
//! or in typed errors with lines inside the text. Case counts rise with `CORDON_FUZZ_CASES` (see
//! `docs/fuzzing.md`).

use cordon_sa::{
    OutputColumn, ParamSpace, ParseErrors, parse_design_csv, parse_outputs_csv, parse_param_file,
    parse_table,
};
use proptest::prelude::*;

#[path = "../../../fuzz/mutate.rs"]
mod mutate;

const PARAMS: [&str; 4] = [
    include_str!("fixtures/salib/params_g.txt"),
    include_str!("fixtures/salib/params_dists.txt"),
    include_str!("fixtures/bad/params.txt"),
    include_str!("fixtures/ishigami.txt"),
];

const DESIGNS: [&str; 4] = [
    include_str!("fixtures/salib/morris_design.csv"),
    include_str!("fixtures/bad/design_header.csv"),
    include_str!("fixtures/bad/design_rows.csv"),
    include_str!("fixtures/bad/saltelli_broken.csv"),
];

const OUTPUTS: [&str; 4] = [
    include_str!("fixtures/salib/morris_outputs.csv"),
    include_str!("fixtures/bad/outputs.csv"),
    include_str!("fixtures/bad/outputs_multi.csv"),
    include_str!("fixtures/bad/outputs_short.csv"),
];

const TABLES: [&str; 2] = [
    include_str!("fixtures/ema/cart_toy.csv"),
    include_str!("fixtures/ema/cart_tree.csv"),
];

fn check_errors(text: &str, errors: &ParseErrors) {
    assert!(!errors.0.is_empty(), "an error has at least one problem");
    let lines = text.split('\n').count();
    for e in &errors.0 {
        if let Some(line) = e.line {
            assert!(
                line >= 1 && line <= lines + 1,
                "line {line} of {lines}: {}",
                e.kind
            );
        }
        let _ = (e.location(), e.kind.to_string());
    }
}

fn space() -> ParamSpace {
    parse_param_file(PARAMS[0]).expect("the G-function space parses")
}

fn check_params(text: &str) {
    match parse_param_file(text) {
        Ok(space) => {
            for p in space.params() {
                let (lo, mid) = (p.distribution.quantile(0.0), p.distribution.quantile(0.5));
                assert!(!mid.is_nan() && !lo.is_nan(), "{}: {lo} {mid}", p.name);
            }
        }
        Err(errors) => check_errors(text, &errors),
    }
}

fn check_design(text: &str, space: &ParamSpace) {
    match parse_design_csv(text, space) {
        Ok(design) => assert!(design.values().iter().all(|v| v.is_finite())),
        Err(errors) => check_errors(text, &errors),
    }
}

fn check_outputs(text: &str, column: &OutputColumn, rows: Option<usize>) {
    match parse_outputs_csv(text, column, rows) {
        Ok(values) => {
            assert!(values.iter().all(|v| v.is_finite()));
            if let Some(rows) = rows {
                assert_eq!(values.len(), rows);
            }
        }
        Err(errors) => check_errors(text, &errors),
    }
}

fn check_table(text: &str) {
    if let Err(e) = parse_table(text) {
        assert!(!e.to_string().is_empty());
    }
}

const PIECES: &[&str] = &[
    "x1 0 1\n",
    "x1,0,1\n",
    "a 0 1 NA unif\n",
    "b 1 10 NA logunif\n",
    "c 2 0.3 NA triang\n",
    "d 0 1 NA norm\n",
    "e 0 1 g1 lognorm\n",
    "x1,x2,x3,x4\n",
    "y\n",
    "0.5,0.5,0.5,0.5\n",
    "nan,inf,-inf,1e400\n",
    "1\n",
    "1;2;3;4\n",
    "\"x1\",\"x2\"\n",
    "# comment\n",
    "\n",
    "\r\n",
    "\u{feff}",
    "\u{0}\n",
    ",,,\n",
];

fn ops() -> impl Strategy<Value = Vec<(u8, usize, usize)>> {
    proptest::collection::vec((0..mutate::OPS, any::<usize>(), 0usize..10_000), 1..6)
}

fn column() -> impl Strategy<Value = OutputColumn> {
    prop_oneof![
        Just(OutputColumn::Only),
        Just(OutputColumn::Name("y".into())),
        Just(OutputColumn::Name("1".into())),
        (0usize..5).prop_map(OutputColumn::Index),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: mutate::cases(1000), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), column in column()) {
        let text = String::from_utf8_lossy(&bytes);
        check_params(&text);
        check_design(&text, &space());
        check_outputs(&text, &column, None);
        check_table(&text);
    }

    #[test]
    fn fragments_never_panic(pieces in proptest::collection::vec(0..PIECES.len(), 0..30), column in column(), rows in proptest::option::of(0usize..10)) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check_params(&text);
        check_design(&text, &space());
        check_outputs(&text, &column, rows);
        check_table(&text);
    }

    #[test]
    fn mutated_param_files_never_panic(fixture in 0..PARAMS.len(), ops in ops()) {
        check_params(&mutate::apply_text(PARAMS[fixture], &ops));
    }

    #[test]
    fn mutated_designs_never_panic(fixture in 0..DESIGNS.len(), ops in ops()) {
        check_design(&mutate::apply_text(DESIGNS[fixture], &ops), &space());
    }

    #[test]
    fn mutated_outputs_never_panic(fixture in 0..OUTPUTS.len(), ops in ops(), column in column(), rows in proptest::option::of(0usize..200)) {
        check_outputs(&mutate::apply_text(OUTPUTS[fixture], &ops), &column, rows);
    }

    #[test]
    fn mutated_tables_never_panic(fixture in 0..TABLES.len(), ops in ops()) {
        check_table(&mutate::apply_text(TABLES[fixture], &ops));
    }
}
