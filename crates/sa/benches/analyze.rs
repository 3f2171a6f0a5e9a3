//! `cordon sa analyze`'s streamed Sobol path at the size `cordon sa sample` writes for
//! D = 20 parameters and N = 16,384 base samples (360,448 rows, 115 MB of CSV).
//!
//! Run with `cargo bench -p cordon-sa --bench analyze`. The design text is built once; each
//! iteration reads it line by line (`DesignLines`), checks the layout a block at a time
//! (`SaltelliRows`) and computes the indices from the outputs alone (`analyze_sobol_outputs`,
//! 100 bootstrap resamples), as the command does with a file.

use cordon_sa::{
    BootstrapConfig, DesignLines, ParamSpace, SaltelliRows, SobolOptions, analyze_sobol_outputs,
    parse_param_file, sample_sobol,
};

fn main() {
    divan::main();
}

const D: usize = 20;
const N: usize = 16_384;

fn space() -> ParamSpace {
    let text: String = (1..=D).map(|i| format!("x{i} 0 1\n")).collect();
    parse_param_file(&text).expect("a valid parameter file")
}

/// An additive model with one interaction, as the README example's.
fn model(x: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .map(|(i, v)| (i + 1) as f64 * v)
        .sum::<f64>()
        + 5.0 * x[0] * x[1]
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn sobol_streamed_d20_n16384(bencher: divan::Bencher) {
    let space = space();
    let design = sample_sobol(&space, N, &SobolOptions::default()).expect("a design");
    let y: Vec<f64> = design.iter_rows().map(model).collect();
    let text = design.to_csv(&space, true);
    let cfg = BootstrapConfig {
        resamples: 100,
        ..BootstrapConfig::default()
    };
    bencher.bench(|| {
        let mut reader = DesignLines::new(&space, None);
        let mut layout = SaltelliRows::new(&space);
        for (i, line) in text.split('\n').enumerate() {
            if let Some(row) = reader.line(i + 1, line) {
                layout.push(row).expect("a Saltelli layout");
            }
        }
        let rows = reader.finish().expect("rows");
        analyze_sobol_outputs(&space, rows, &y, &cfg).expect("indices")
    });
}
