//! What each outcome column means for a comparison: its kind (amount, proportion, time to an
//! event) and which direction is better.

use cordon_model::Scenario;

/// How an outcome column is summarised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A quantity (fighters, casualties, km², a count): mean with a t-interval, and median.
    Amount,
    /// 0 or 1 per replication: a proportion with a Wilson interval.
    Proportion,
    /// A day, NaN when the event never happened: summarised over the replications where it
    /// happened (their number is reported); paired comparisons count "never" as later than any
    /// day.
    TimeToEvent,
}

/// Which direction of an outcome is better for the coalition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    /// No direction is better (e.g. a third party's strength: it fights the adversary but may
    /// turn hostile); no probability of beating the baseline is given.
    Neither,
}

impl Better {
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Lower => "lower is better",
            Better::Higher => "higher is better",
            Better::Neither => "no better direction",
        }
    }
}

/// One outcome column of `runs.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeSpec {
    /// Column name, from `cordon_engine::Outcome::names`.
    pub name: String,
    /// What it measures, in words.
    pub label: String,
    pub kind: Kind,
    pub better: Better,
    /// Shown in the terminal's main table (the rest behind `--all`).
    pub headline: bool,
}

/// The outcome columns of a scenario, in the order of `Outcome::names`.
pub fn outcome_specs(s: &Scenario) -> Vec<OutcomeSpec> {
    specs_of(&cordon_engine::Outcome::names(s))
}

/// Classifies outcome columns by name; unknown names are amounts with no better direction.
pub fn specs_of(names: &[String]) -> Vec<OutcomeSpec> {
    names.iter().map(|n| classify(n)).collect()
}

fn classify(name: &str) -> OutcomeSpec {
    use Better::{Higher, Lower, Neither};
    use Kind::{Amount, Proportion, TimeToEvent};
    let spec = |label: String, kind, better, headline| OutcomeSpec {
        name: name.to_string(),
        label,
        kind,
        better,
        headline,
    };
    match name {
        "fighters_total" => spec(
            "adversary fighters at the horizon, all regions and in transit".into(),
            Amount,
            Lower,
            true,
        ),
        "escaped_from_core" => spec(
            "fighters who left the core region and arrived elsewhere".into(),
            Amount,
            Lower,
            true,
        ),
        "caught_in_transit" => spec(
            "fighters caught in transit on inter-regional links".into(),
            Amount,
            Higher,
            false,
        ),
        "decisive_defeat_day" => spec(
            "day of decisive defeat of every branch, where it happened".into(),
            TimeToEvent,
            Lower,
            true,
        ),
        "defeated" => spec(
            "probability of decisive defeat by the horizon".into(),
            Proportion,
            Higher,
            true,
        ),
        "resurgences" => spec(
            "regions whose branch resurged after a decisive defeat".into(),
            Amount,
            Lower,
            true,
        ),
        "coalition_losses" => spec("coalition soldiers killed".into(), Amount, Lower, true),
        "civilian_casualties" => spec("civilian casualties".into(), Amount, Lower, true),
        "territory_freed_km2" => spec(
            "territory freed from the adversary (km²)".into(),
            Amount,
            Higher,
            true,
        ),
        "population_freed" => spec(
            "population freed from the adversary's control".into(),
            Amount,
            Higher,
            true,
        ),
        "leadership_strength" => spec(
            "command strength of the adversary's leadership (0..1)".into(),
            Amount,
            Lower,
            false,
        ),
        "links_severed" => spec(
            "inter-regional links severed at the horizon".into(),
            Amount,
            Higher,
            false,
        ),
        "phases_started" => spec(
            "phases of the course of action started by the horizon".into(),
            Amount,
            Neither,
            false,
        ),
        _ => {
            if let Some(g) = name.strip_prefix("third_party_fighters_") {
                spec(
                    format!("fighters of third party {g} at the horizon"),
                    Amount,
                    Neither,
                    true,
                )
            } else if let Some(g) = name.strip_prefix("third_party_hostile_") {
                spec(
                    format!("probability that third party {g} is hostile at the horizon"),
                    Proportion,
                    Lower,
                    true,
                )
            } else if let Some(r) = name.strip_prefix("defeat_day_") {
                spec(
                    format!("day of decisive defeat of the branch in {r}, where it happened"),
                    TimeToEvent,
                    Lower,
                    false,
                )
            } else if let Some(r) = name.strip_prefix("fighters_") {
                spec(
                    format!("adversary fighters at the horizon in {r}"),
                    Amount,
                    Lower,
                    false,
                )
            } else {
                spec(name.replace('_', " "), Amount, Neither, false)
            }
        }
    }
}
