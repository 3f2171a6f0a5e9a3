//! The resolved scenario: the checked tree written back as TOML, and field overrides.

use crate::read::{Node, Tbl, Val, fmt_num};
use crate::scenario::Scalar;
use crate::spec::{Ty, describe};

/// Writes the tree as TOML, with every default filled in.
pub(crate) fn to_toml(doc: &Tbl) -> String {
    let table = to_table(doc);
    toml::to_string(&table).unwrap_or_default()
}

fn to_table(t: &Tbl) -> toml::Table {
    let mut out = toml::Table::new();
    for (key, node) in &t.fields {
        if let Some(value) = to_value(node) {
            out.insert((*key).to_string(), value);
        }
    }
    out
}

fn to_value(node: &Node) -> Option<toml::Value> {
    Some(match &node.val {
        Val::Num(x) if x.is_infinite() => return None,
        Val::Num(x) => toml::Value::Float(*x),
        Val::Int(i) => toml::Value::Integer(*i),
        Val::Str(s) => toml::Value::String(s.clone()),
        Val::Bool(b) => toml::Value::Boolean(*b),
        Val::List(items) => toml::Value::Array(items.iter().filter_map(to_value).collect()),
        Val::Map(entries) => {
            let mut map = toml::Table::new();
            for (k, _, x) in entries {
                map.insert(k.clone(), toml::Value::Float(*x));
            }
            toml::Value::Table(map)
        }
        Val::Table(t) => toml::Value::Table(to_table(t)),
        Val::Tables(ts) => {
            toml::Value::Array(ts.iter().map(|t| toml::Value::Table(to_table(t))).collect())
        }
        Val::Absent => return None,
    })
}

/// Why a field could not be set.
pub(crate) struct SetError {
    pub message: String,
    pub hint: Option<String>,
    /// Whether the value is wrong (else the path is).
    pub bad_value: bool,
}

impl SetError {
    fn path(message: String) -> SetError {
        SetError {
            message,
            hint: None,
            bad_value: false,
        }
    }

    fn value(message: String) -> SetError {
        SetError {
            message,
            hint: None,
            bad_value: true,
        }
    }
}

/// Sets the field named by `path` (see [`crate::Scenario::with_values`]).
pub(crate) fn set(doc: &mut Tbl, path: &str, value: &Scalar) -> Result<(), SetError> {
    let ty = crate::build::resolve_field(doc, path).map_err(|(message, hint)| SetError {
        message,
        hint,
        bad_value: false,
    })?;
    let parts: Vec<&str> = path.split('.').collect();
    let entry: &mut Tbl = if parts.len() == 2 {
        match doc.node_mut(parts[0]).map(|n| &mut n.val) {
            Some(Val::Table(t)) => t,
            _ => return Err(SetError::path(format!("`{}` is not declared", parts[0]))),
        }
    } else {
        let id_key = if parts[0] == "engagement" {
            "region"
        } else {
            "id"
        };
        match doc.node_mut(parts[0]).map(|n| &mut n.val) {
            Some(Val::Tables(ts)) => ts
                .iter_mut()
                .find(|t| t.opt_str(id_key) == Some(parts[1]))
                .ok_or_else(|| {
                    SetError::path(format!("no `{}` entry \"{}\"", parts[0], parts[1]))
                })?,
            _ => return Err(SetError::path(format!("`{}` is not declared", parts[0]))),
        }
    };
    let key = if parts.len() == 2 { parts[1] } else { parts[2] };
    let out_of_range = |x: f64| {
        let what = if x.is_finite() {
            "is out of range"
        } else {
            "is not a finite number"
        };
        SetError::value(format!(
            "`{path}` = {} {what}: expected {}",
            fmt_num(x),
            describe(&number_of(&ty))
        ))
    };
    let new = match (ty, value) {
        (Ty::Num { min, max, min_open }, Scalar::Num(x)) => {
            let below = if min_open { *x <= min } else { *x < min };
            if !x.is_finite() || below || *x > max {
                return Err(out_of_range(*x));
            }
            Val::Num(*x)
        }
        (Ty::Int { min, max }, Scalar::Num(x)) => {
            if x.fract() != 0.0 || *x < min as f64 || *x > max as f64 {
                return Err(out_of_range(*x));
            }
            Val::Int(*x as i64)
        }
        (Ty::NumMap { min, max, .. }, Scalar::Num(x)) => {
            if !x.is_finite() || *x < min || *x > max {
                return Err(out_of_range(*x));
            }
            let sub = parts[3];
            if let Some(Val::Map(entries)) = entry.node_mut(key).map(|n| &mut n.val)
                && let Some(slot) = entries.iter_mut().find(|(id, _, _)| id == sub)
            {
                slot.2 = *x;
            }
            return Ok(());
        }
        (Ty::Enum(vocabulary), Scalar::Str(s)) if vocabulary.contains(s) => Val::Str(s.clone()),
        (Ty::Enum(vocabulary), Scalar::Str(s)) => {
            let mut error = SetError::value(format!(
                "\"{s}\" is not a value of `{path}`: expected {}",
                describe(&ty)
            ));
            error.hint = crate::diag::did_you_mean(s, vocabulary.words.iter().copied())
                .map(|close| format!("did you mean \"{close}\"?"));
            return Err(error);
        }
        (_, Scalar::Str(s)) => {
            return Err(SetError::value(format!(
                "`{path}` takes a number, not the text \"{s}\": expected {}",
                describe(&number_of(&ty))
            )));
        }
        (_, Scalar::Num(x)) => {
            return Err(SetError::value(format!(
                "`{path}` takes a word, not the number {}: expected {}",
                fmt_num(*x),
                describe(&ty)
            )));
        }
    };
    if let Some(node) = entry.node_mut(key) {
        node.val = new;
    }
    Ok(())
}

/// The type of one number of a field: the entries' type for a table of numbers.
fn number_of(ty: &Ty) -> Ty {
    match *ty {
        Ty::NumMap { min, max, .. } => Ty::Num {
            min,
            max,
            min_open: false,
        },
        other => other,
    }
}
