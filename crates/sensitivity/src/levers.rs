//! From a scenario's `[[uncertain]]` declarations to the parameters of a `cordon-sa` space.
//!
//! Each declared field becomes one parameter named by its field path
//! (`region.levant.sanctuary`), with the same distribution:
//!
//! | `[[uncertain]]` `dist` | `cordon_sa::Distribution` |
//! |---|---|
//! | `uniform` | `Uniform` |
//! | `triangular` | `Triangular` |
//! | `normal` (truncated to `[low, high]`) | `TruncatedNormal` |
//! | `loguniform` | `LogUniform` |
//! | `categorical` | `Categorical` (labels: the values as written; weights kept) |
//!
//! A categorical parameter's design value is the index of its category; [`Lever::value`] turns
//! it back into the scenario value. A lever whose field is exactly `coa` picks the course of
//! action that runs at each point (its values are course ids) instead of setting a field.

use cordon_model::{CoaId, Scalar, Scenario};
use cordon_sa::Distribution;

use crate::Method;

/// What a lever sets at a design point.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A scenario field, set with `Scenario::with_values`.
    Field(String),
    /// The course of action that runs.
    Coa,
}

/// One uncertain parameter of the analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    /// The parameter's name in the design and the indices (the field path).
    pub name: String,
    pub target: Target,
    pub distribution: Distribution,
    /// The scenario values of a categorical lever, in the order of its categories.
    pub categories: Option<Vec<Scalar>>,
}

impl Lever {
    /// A lever over a scenario field, from its declaration.
    pub fn from_declaration(u: &cordon_model::Uncertain) -> Lever {
        use cordon_model::Distribution as M;
        let (distribution, categories) = match &u.distribution {
            M::Uniform { low, high } => (
                Distribution::Uniform {
                    low: *low,
                    high: *high,
                },
                None,
            ),
            M::Triangular { low, mode, high } => (
                Distribution::Triangular {
                    low: *low,
                    mode: *mode,
                    high: *high,
                },
                None,
            ),
            M::Normal {
                mean,
                sd,
                low,
                high,
            } => (
                Distribution::TruncatedNormal {
                    mean: *mean,
                    sd: *sd,
                    low: *low,
                    high: *high,
                },
                None,
            ),
            M::LogUniform { low, high } => (
                Distribution::LogUniform {
                    low: *low,
                    high: *high,
                },
                None,
            ),
            M::Categorical { values, weights } => {
                let equal = weights.windows(2).all(|w| w[0] == w[1]);
                (
                    Distribution::Categorical {
                        values: values.iter().map(ToString::to_string).collect(),
                        weights: (!weights.is_empty() && !equal).then(|| weights.clone()),
                    },
                    Some(values.clone()),
                )
            }
        };
        let target = if u.field == "coa" {
            Target::Coa
        } else {
            Target::Field(u.field.clone())
        };
        Lever {
            name: u.field.clone(),
            target,
            distribution,
            categories,
        }
    }

    /// A lever over the course of action itself: each point runs one of `coas` (ids),
    /// equally likely.
    pub fn coa(coas: &[&str]) -> Lever {
        Lever {
            name: "coa".to_string(),
            target: Target::Coa,
            distribution: Distribution::categorical(coas.iter().copied()),
            categories: Some(coas.iter().map(|c| Scalar::Str((*c).to_string())).collect()),
        }
    }

    /// Whether the lever is categorical.
    pub fn is_categorical(&self) -> bool {
        self.categories.is_some()
    }

    /// The scenario value of design value `x` (a category index for a categorical lever).
    pub fn value(&self, x: f64) -> Scalar {
        match &self.categories {
            Some(values) => {
                let i = (x.max(0.0) as usize).min(values.len().saturating_sub(1));
                values[i].clone()
            }
            None => Scalar::Num(x),
        }
    }

    /// The course of action a field lever belongs to (`coa.ID.KEY` gives `ID`).
    fn coa_of_field(&self) -> Option<&str> {
        match &self.target {
            Target::Field(f) => {
                let mut parts = f.split('.');
                (parts.next() == Some("coa"))
                    .then(|| parts.next())
                    .flatten()
            }
            Target::Coa => None,
        }
    }
}

/// A declared parameter left out of the analysis, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    pub name: String,
    pub reason: String,
}

/// The levers of an analysis of `scenario` running course `coa` with `method`, and those set
/// aside:
///
/// - a field of another course of action (`coa.X.regime` while `coa` is not `X`, and no
///   `coa` lever can pick `X`) cannot change the outcome of the course that runs;
/// - Morris needs an ordered scale, so its categorical levers stay at the scenario's own
///   values.
pub fn select(
    scenario: &Scenario,
    levers: Vec<Lever>,
    coa: CoaId,
    method: Method,
) -> (Vec<Lever>, Vec<SetAside>) {
    let run_id = scenario.coa(coa).id.as_str();
    let picked: Vec<String> = levers
        .iter()
        .filter(|l| l.target == Target::Coa)
        .flat_map(|l| l.categories.iter().flatten().map(ToString::to_string))
        .collect();
    let mut keep = Vec::new();
    let mut aside = Vec::new();
    for lever in levers {
        if let Some(other) = lever.coa_of_field()
            && other != run_id
            && !picked.iter().any(|p| p == other)
        {
            aside.push(SetAside {
                reason: format!(
                    "it changes course of action `{other}`, but the analysis runs `{run_id}` (choose it with --coa {other})"
                ),
                name: lever.name,
            });
            continue;
        }
        if method == Method::Morris && lever.is_categorical() {
            aside.push(SetAside {
                reason: "Morris elementary effects need an ordered scale: a categorical lever stays at the scenario's own value (rank it with --method sobol or lhs)".to_string(),
                name: lever.name,
            });
            continue;
        }
        keep.push(lever);
    }
    (keep, aside)
}

/// The levers declared by a scenario, in declaration order.
pub fn declared(scenario: &Scenario) -> Vec<Lever> {
    scenario
        .uncertain()
        .iter()
        .map(Lever::from_declaration)
        .collect()
}

/// The course of action and the field values of one design row.
pub(crate) fn point_values(
    scenario: &Scenario,
    levers: &[Lever],
    row: &[f64],
    default_coa: CoaId,
) -> (CoaId, Vec<(String, Scalar)>) {
    let mut coa = default_coa;
    let mut fields = Vec::with_capacity(levers.len());
    for (lever, &x) in levers.iter().zip(row) {
        let value = lever.value(x);
        match &lever.target {
            Target::Field(f) => fields.push((f.clone(), value)),
            Target::Coa => {
                if let Some(c) = scenario.coa_by_id(&value.to_string()) {
                    coa = c;
                }
            }
        }
    }
    (coa, fields)
}
