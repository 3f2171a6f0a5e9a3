//! The SALib parameter file, design CSV (over a 4-parameter space), outputs CSV and data
//! table parsers on the same bytes: values or typed errors, never a panic.
#![no_main]

use cordon_sa::{
    OutputColumn, ParamSpace, parse_design_csv, parse_outputs_csv, parse_param_file, parse_table,
};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_param_file(&text);
    let space = ParamSpace::uniform(&[
        ("x1", 0.0, 1.0),
        ("x2", 0.0, 1.0),
        ("x3", 0.0, 1.0),
        ("x4", 0.0, 1.0),
    ])
    .expect("a valid space");
    let _ = parse_design_csv(&text, &space);
    let _ = parse_outputs_csv(&text, &OutputColumn::Only, None);
    let _ = parse_outputs_csv(&text, &OutputColumn::Name("y".into()), Some(4));
    let _ = parse_table(&text);
});
