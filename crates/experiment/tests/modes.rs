//! One model, two modes: for every course of action of the default scenario, the stochastic
//! mean over replications against the mean-field run (docs/model.md, section 24).

use cordon_engine::{Mode, StreamKey};
use cordon_experiment::{NoProgress, Unit, run_units, thread_pool};
use cordon_model::CoaId;

const REPS: u64 = 200;

#[test]
fn outcomes_and_threshold_events_agree_in_both_modes_for_every_course() {
    let s = cordon_model::default_scenario();
    let names = cordon_engine::Outcome::names(&s);
    let col = |n: &str| names.iter().position(|x| x == n).unwrap();
    let agreeing = [
        col("fighters_total"),
        col("coalition_losses"),
        col("civilian_casualties"),
    ];
    let (hostile, phases) = (col("third_party_hostile_taliban"), col("phases_started"));
    let taliban = s
        .third_parties()
        .iter()
        .position(|tp| tp.id == "taliban")
        .unwrap();
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
        let mf_outcome = cordon_engine::run(
            &s,
            coa,
            Mode::MeanField,
            StreamKey::new(s.meta().seed, 0),
            &mut cordon_engine::NoObserver,
        )
        .unwrap();
        let mf = mf_outcome.values();
        let mean = |k: usize| runs.iter().map(|v| v[k]).sum::<f64>() / REPS as f64;
        let sd = |k: usize| {
            let m = mean(k);
            (runs.iter().map(|v| (v[k] - m).powi(2)).sum::<f64>() / (REPS - 1) as f64).sqrt()
        };
        // Fighters at the horizon, coalition losses and civilian casualties: the stochastic
        // mean within 2% of the mean field, or the mean field within its 95% interval.
        for &k in &agreeing {
            let (m, half) = (mean(k), 1.972 * sd(k) / (REPS as f64).sqrt());
            let err = (m - mf[k]).abs();
            report.push(format!(
                "{id}: {} stochastic {m:.0} ± {half:.0}, mean-field {:.0} ({:+.1}%)",
                names[k],
                mf[k],
                100.0 * (m - mf[k]) / mf[k]
            ));
            assert!(
                err <= 0.02 * mf[k].abs() || err <= half,
                "{id}: {}, stochastic mean {m:.1} ± {half:.1}, mean-field {:.1}",
                names[k],
                mf[k]
            );
        }
        // Threshold events agree in direction: the Taliban's turn, and how far the phases got.
        // Where the mean field ends on a knife edge of the Taliban's threshold, the
        // replications must split on it (both sides seen) rather than agree in direction.
        let p_hostile = mean(hostile);
        match mf_outcome.knife_edge(&s, taliban) {
            Some(ratio) if (mf[hostile] > 0.5) != (p_hostile > 0.5) => {
                report.push(format!(
                    "{id}: knife edge (mean field ends at {:.1}% of the threshold), P(hostile) {p_hostile}",
                    100.0 * ratio
                ));
                assert!(
                    (0.02..=0.98).contains(&p_hostile),
                    "{id}: on a knife edge the replications should split, P(hostile) = {p_hostile}"
                );
            }
            _ => assert_eq!(
                mf[hostile] > 0.5,
                p_hostile > 0.5,
                "{id}: mean-field hostile = {}, stochastic P(hostile) = {p_hostile}",
                mf[hostile]
            ),
        }
        assert!(
            (mean(phases) - mf[phases]).abs() < 0.5,
            "{id}: phases started, stochastic mean {}, mean-field {}",
            mean(phases),
            mf[phases]
        );
    }
    eprintln!("{}", report.join("\n"));
}
