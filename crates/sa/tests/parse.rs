//! Parse errors of the parameter file, design CSV and outputs CSV: every problem, with its
//! 1-based line and column, rendered as `file:line:column: message` (the CLI's format).

use cordon_sa::{
    Distribution, OutputColumn, ParamSpace, Parameter, ParseErrors, parse_design_csv,
    parse_outputs_csv, parse_param_file,
};
use expect_test::{Expect, expect};

use crate::common::{fixture, space};

/// What a fixture is parsed as.
enum As<'a> {
    /// A SALib parameter file.
    Params,
    /// A design CSV over this space.
    Design(&'a ParamSpace),
    /// An outputs CSV: column, design rows.
    Outputs(OutputColumn, Option<usize>),
}

fn render(file: &str, errors: &ParseErrors) -> String {
    errors
        .0
        .iter()
        .map(|e| match e.line {
            Some(_) => format!("{file}:{}: {}\n", e.location(), e.kind),
            None => format!("{file}: {}\n", e.kind),
        })
        .collect()
}

/// Parses `fixtures/bad/<file>` and compares the rendered errors (or `ok`) with `expect`.
fn check(file: &str, input: As<'_>, expect: Expect) {
    let text = fixture(&format!("bad/{file}"));
    let result = match input {
        As::Params => parse_param_file(&text).map(|_| ()),
        As::Design(space) => parse_design_csv(&text, space).map(|_| ()),
        As::Outputs(column, rows) => parse_outputs_csv(&text, &column, rows).map(|_| ()),
    };
    let text = match result {
        Ok(()) => "ok\n".to_owned(),
        Err(e) => render(file, &e),
    };
    expect.assert_eq(&text);
}

fn levers() -> ParamSpace {
    ParamSpace::new(vec![
        Parameter::new(
            "regime",
            Distribution::categorical(["joint", "parallel", "cross"]),
        ),
        Parameter::new("x", Distribution::uniform(0.0, 1.0)),
    ])
    .unwrap()
}

#[test]
fn parameter_file() {
    check(
        "params.txt",
        As::Params,
        expect![[r#"
            params.txt:3: expected 3 to 5 fields, found 2
            params.txt:4:11: `abc` is not a number
            params.txt:5:13: `inf` is not a finite number
            params.txt:6:9: lower bound 2 is not below upper bound 1
            params.txt:7:1: parameter `good` is already defined on line 2
            params.txt:8:13: parameter groups are not supported (group `g1`): use `NA` or leave the column out
            params.txt:9:16: unsupported distribution `weibull` (supported: unif, logunif, triang, norm)
            params.txt:10:15: unsupported distribution `lognorm` (supported: unif, logunif, triang, norm)
            params.txt:11:9: parameter `logzero`: log-uniform bounds must be > 0, got lower bound 0
            params.txt:12:7: `triang` reads `lower upper` as SALib does, `scale peak`: triangular on [0, scale] with its peak at peak·scale, so the peak must be in [0, 1], got 1.5
            params.txt:13:9: parameter `normneg`: standard deviation must be > 0, got -1
            params.txt:14:21: expected 3 to 5 fields, found 6
            params.txt:15:9: empty field
        "#]],
    );
}

#[test]
fn parameter_file_without_parameters() {
    check(
        "params_empty.txt",
        As::Params,
        expect![[r#"
        params_empty.txt: no parameters found
    "#]],
    );
}

#[test]
fn parameter_file_supported_forms() {
    // SALib's own files parse; so do commas, quotes, trailing comments and the 4-field form.
    let s = parse_param_file(
        "a 0 1\nb,1,10,NA,logunif\n\"c\" 2 0.5 c triang # peak at 1\nd 5 2 norm\n\r\n",
    )
    .unwrap();
    expect![[r#"
        [
            Parameter {
                name: "a",
                distribution: Uniform {
                    low: 0.0,
                    high: 1.0,
                },
            },
            Parameter {
                name: "b",
                distribution: LogUniform {
                    low: 1.0,
                    high: 10.0,
                },
            },
            Parameter {
                name: "c",
                distribution: Triangular {
                    low: 0.0,
                    mode: 1.0,
                    high: 2.0,
                },
            },
            Parameter {
                name: "d",
                distribution: Normal {
                    mean: 5.0,
                    sd: 2.0,
                },
            },
        ]
    "#]]
    .assert_debug_eq(&s.params());
}

#[test]
fn design_header() {
    check(
        "design_header.csv",
        As::Design(&space("ishigami.txt")),
        expect![[r#"
            design_header.csv:1:7: column `x2` appears twice
            design_header.csv:1:10: column `y3` is not a parameter (did you mean `x3`?)
            design_header.csv:1: no column for parameter `x3`
        "#]],
    );
}

#[test]
fn design_rows() {
    check(
        "design_rows.csv",
        As::Design(&space("ishigami.txt")),
        expect![[r#"
            design_rows.csv:3: expected 3 fields, found 2
            design_rows.csv:4:1: `abc` is not a number
            design_rows.csv:5:3: `nan` is not a finite number
            design_rows.csv:6:5: `inf` is not a finite number
            design_rows.csv:7:3: empty field
            design_rows.csv:8:7: expected 3 fields, found 4
        "#]],
    );
}

#[test]
fn design_categorical_values() {
    check(
        "design_categorical.csv",
        As::Design(&levers()),
        expect![[r#"
            design_categorical.csv:5:1: `hybrid` is not a value of categorical parameter `regime` (values: joint, parallel, cross)
            design_categorical.csv:6:1: `3` is not a value of categorical parameter `regime` (values: joint, parallel, cross)
        "#]],
    );
}

#[test]
fn outputs_values() {
    check(
        "outputs.csv",
        As::Outputs(OutputColumn::Only, None),
        expect![[r#"
            outputs.csv:3:1: output is NaN (`NaN`): remove or repair the failed run
            outputs.csv:4:1: `abc` is not a number
            outputs.csv:5:1: `inf` is not a finite number
            outputs.csv:6:1: empty field
            outputs.csv:7:3: expected 1 fields, found 2
        "#]],
    );
}

#[test]
fn outputs_row_count() {
    check(
        "outputs_short.csv",
        As::Outputs(OutputColumn::Only, Some(5)),
        expect![[r#"
            outputs_short.csv:5: 3 output rows for 5 design rows
        "#]],
    );
    check(
        "outputs_short.csv",
        As::Outputs(OutputColumn::Only, Some(2)),
        expect![[r#"
            outputs_short.csv:4: 3 output rows for 2 design rows
        "#]],
    );
    check(
        "outputs_short.csv",
        As::Outputs(OutputColumn::Only, Some(3)),
        expect![[r#"
            ok
        "#]],
    );
}

#[test]
fn outputs_column_choice() {
    check(
        "outputs_multi.csv",
        As::Outputs(OutputColumn::Only, None),
        expect![[r#"
            outputs_multi.csv:1: 3 output columns: choose one by name or 0-based index
        "#]],
    );
    check(
        "outputs_multi.csv",
        As::Outputs(OutputColumn::Name("w".into()), None),
        expect![[r#"
            outputs_multi.csv:1: no output column `w` (columns: run, y, z)
        "#]],
    );
    check(
        "outputs_multi.csv",
        As::Outputs(OutputColumn::Name("z".into()), None),
        expect![[r#"
            outputs_multi.csv:2:7: `x` is not a number
            outputs_multi.csv:3:8: `y` is not a number
        "#]],
    );
    check(
        "outputs_multi.csv",
        As::Outputs(OutputColumn::Name("y".into()), None),
        expect![[r#"
            ok
        "#]],
    );
    check(
        "outputs_multi.csv",
        As::Outputs(OutputColumn::Index(0), Some(2)),
        expect![[r#"
            ok
        "#]],
    );
    check(
        "outputs_multi.csv",
        As::Outputs(OutputColumn::Index(3), None),
        expect![[r#"
            outputs_multi.csv:1: no output column `3` (columns: run, y, z)
        "#]],
    );
}

#[test]
fn empty_inputs() {
    let s = space("ishigami.txt");
    let errs = [
        parse_design_csv("", &s).unwrap_err(),
        parse_design_csv("x1,x2,x3\n# no rows\n", &s).unwrap_err(),
        parse_outputs_csv("y\n", &OutputColumn::Only, None).unwrap_err(),
    ];
    let text: String = errs.iter().map(|e| render("input", e)).collect();
    expect![[r#"
        input: no data rows found
        input: no data rows found
        input: no data rows found
    "#]]
    .assert_eq(&text);
}
