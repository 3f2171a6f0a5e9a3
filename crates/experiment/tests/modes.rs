//! One model, two modes: for every course of action of the default scenario, the stochastic
//! mean over replications against the mean-field run (docs/model.md, section 18).

use cordon_engine::{Mode, StreamKey};
use cordon_experiment::{NoProgress, Unit, run_units, thread_pool};
use cordon_model::CoaId;

const REPS: u64 = 100;

#[test]
fn fighters_and_threshold_events_agree_in_both_modes_for_every_course() {
    let s = cordon_model::default_scenario();
    let names = cordon_engine::Outcome::names(&s);
    let col = |n: &str| names.iter().position(|x| x == n).unwrap();
    let (fighters, hostile, phases) = (
        col("fighters_total"),
        col("third_party_hostile_taliban"),
        col("phases_started"),
    );
    let pool = thread_pool(2).unwrap();
    let mut report = Vec::new();
    for c in 0..s.coas().len() {
        let coa = CoaId::from_index(c);
        let id = &s.coas()[c].id;
        let units: Vec<Unit> = (0..REPS)
            .map(|r| Unit {
                coa,
                key: StreamKey::new(s.meta().seed, r),
            })
            .collect();
        let runs: Vec<Vec<f64>> = run_units(&s, &units, Mode::Stochastic, None, &pool, &NoProgress)
            .into_iter()
            .map(|u| u.outcome.unwrap())
            .collect();
        let mf = run_units(
            &s,
            &[Unit {
                coa,
                key: StreamKey::new(s.meta().seed, 0),
            }],
            Mode::MeanField,
            None,
            &pool,
            &NoProgress,
        )
        .remove(0)
        .outcome
        .unwrap();
        let mean = |k: usize| runs.iter().map(|v| v[k]).sum::<f64>() / REPS as f64;
        let sd = |k: usize| {
            let m = mean(k);
            (runs.iter().map(|v| (v[k] - m).powi(2)).sum::<f64>() / (REPS - 1) as f64).sqrt()
        };
        // Fighters at the horizon: within 2% or within the 95% interval of the mean.
        let (m, half) = (mean(fighters), 1.984 * sd(fighters) / (REPS as f64).sqrt());
        let err = (m - mf[fighters]).abs();
        report.push(format!(
            "{id}: fighters stochastic {m:.0} ± {half:.0}, mean-field {:.0}",
            mf[fighters]
        ));
        assert!(
            err <= 0.02 * mf[fighters].abs() || err <= half,
            "{id}: fighters at the horizon, stochastic mean {m:.1} ± {half:.1}, mean-field {:.1}",
            mf[fighters]
        );
        // Threshold events agree in direction: the Taliban's turn, and how far the phases got.
        let p_hostile = mean(hostile);
        assert_eq!(
            mf[hostile] > 0.5,
            p_hostile > 0.5,
            "{id}: mean-field hostile = {}, stochastic P(hostile) = {p_hostile}",
            mf[hostile]
        );
        assert!(
            (mean(phases) - mf[phases]).abs() < 0.5,
            "{id}: phases started, stochastic mean {}, mean-field {}",
            mean(phases),
            mf[phases]
        );
    }
    eprintln!("{}", report.join("\n"));
}
