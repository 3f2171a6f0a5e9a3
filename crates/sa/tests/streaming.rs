//! Designs read one line at a time (`DesignLines`) and Saltelli layouts checked one row at a
//! time (`SaltelliRows`): the same rows, results and errors as the whole-text functions.

use cordon_sa::{
    BootstrapConfig, DesignLines, OutputColumn, SaltelliRows, analyze_sobol, analyze_sobol_outputs,
    parse_design_csv, parse_outputs_csv,
};

use crate::common::{fixture, space};

/// Feeds `design` line by line; checks rows against the whole-text parse and, for a Saltelli
/// design, the streamed analysis against the whole one (both results or both errors).
fn check_streamed(params: &str, design: &str, outputs: Option<&str>) {
    let space = space(params);
    let text = fixture(design);
    let mut reader = DesignLines::new(&space, None);
    let mut layout = SaltelliRows::new(&space);
    let mut values = Vec::new();
    let mut layout_error = None;
    for (i, line) in text.split('\n').enumerate() {
        if let Some(row) = reader.line(i + 1, line) {
            values.extend_from_slice(row);
            if let (None, Err(e)) = (&layout_error, layout.push(row)) {
                layout_error = Some(e);
            }
        }
    }
    let whole = parse_design_csv(&text, &space);
    let streamed = reader.finish();
    match (&whole, &streamed) {
        (Ok(design), Ok(rows)) => {
            assert_eq!(design.rows(), *rows);
            assert_eq!(design.values(), values.as_slice());
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("whole {whole:?}, streamed {streamed:?}"),
    }
    let (Some(outputs), Ok(design)) = (outputs, whole) else {
        return;
    };
    let y = parse_outputs_csv(&fixture(outputs), &OutputColumn::Only, Some(design.rows())).unwrap();
    let cfg = BootstrapConfig::default();
    let full = analyze_sobol(&space, &design, &y, &cfg);
    match layout_error {
        None => assert_eq!(
            full.unwrap(),
            analyze_sobol_outputs(&space, design.rows(), &y, &cfg).unwrap()
        ),
        Some(e) => assert_eq!(full.unwrap_err().to_string(), e.to_string()),
    }
}

#[test]
fn streamed_designs_match_whole_text() {
    let g = "salib/params_g.txt";
    check_streamed(g, "salib/sobol_design.csv", Some("salib/sobol_outputs.csv"));
    check_streamed(g, "salib/morris_design.csv", None);
    check_streamed("ishigami.txt", "bad/design_rows.csv", None);
    check_streamed("ishigami.txt", "bad/design_header.csv", None);
    check_streamed("ishigami.txt", "bad/design_categorical.csv", None);
}

#[test]
fn a_broken_saltelli_row_is_found_while_streaming() {
    // Only the first 12 rows (two blocks of k + 2 = 6) of the SALib design, one A_B row edited.
    let space = space("salib/params_g.txt");
    let text = fixture("bad/saltelli_broken.csv");
    let mut reader = DesignLines::new(&space, None);
    let mut layout = SaltelliRows::new(&space);
    let mut found = None;
    for (i, line) in text.split('\n').enumerate() {
        if let Some(row) = reader.line(i + 1, line)
            && let Err(e) = layout.push(row)
        {
            found = Some((i + 1, e.to_string()));
            break;
        }
    }
    let (line, message) = found.expect("the broken row is reported");
    // Reported when its block is complete (line 7, the block's B row), about row 4 (line 5).
    assert_eq!(line, 7);
    assert!(message.contains("row 4"), "{message}");
}
