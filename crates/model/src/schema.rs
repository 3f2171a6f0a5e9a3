//! The JSON Schema of the scenario format, generated from [`crate::spec`], so that editors
//! (with Taplo or the Even Better TOML extension) can validate and complete scenario files.

use serde_json::{Map, Value, json};

use crate::spec::{Absent, Field, ROOT, TableSpec, Ty};

/// The JSON Schema (draft 2020-12) of a scenario file.
pub fn json_schema() -> Value {
    let mut schema = table_schema(&ROOT);
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!("Cordon scenario"));
        map.insert(
            "description".into(),
            json!("A Cordon campaign scenario (TOML). Reference: docs/scenario.md."),
        );
    }
    schema
}

fn table_schema(spec: &TableSpec) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in spec.fields {
        properties.insert(field.key.to_string(), field_schema(field));
        if matches!(field.absent, Absent::Required) {
            required.push(json!(field.key));
        }
    }
    json!({
        "type": "object",
        "description": spec.doc,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn number(min: f64, max: f64, min_open: bool) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!("number"));
    if min.is_finite() {
        m.insert(
            if min_open {
                "exclusiveMinimum"
            } else {
                "minimum"
            }
            .into(),
            json!(min),
        );
    }
    if max.is_finite() {
        m.insert("maximum".into(), json!(max));
    }
    m
}

fn field_schema(field: &Field) -> Value {
    let mut m: Map<String, Value> = match field.ty {
        Ty::Str | Ty::Ref(_) => [("type".to_string(), json!("string"))]
            .into_iter()
            .collect(),
        Ty::Id => [
            ("type".to_string(), json!("string")),
            (
                "pattern".to_string(),
                json!("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"),
            ),
        ]
        .into_iter()
        .collect(),
        Ty::Date => [
            ("type".to_string(), json!("string")),
            ("pattern".to_string(), json!("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")),
        ]
        .into_iter()
        .collect(),
        Ty::Bool => [("type".to_string(), json!("boolean"))]
            .into_iter()
            .collect(),
        Ty::Num { min, max, min_open } => number(min, max, min_open),
        Ty::Int { min, .. } => [
            ("type".to_string(), json!("integer")),
            ("minimum".to_string(), json!(min)),
        ]
        .into_iter()
        .collect(),
        Ty::Enum(vocabulary) => [("enum".to_string(), json!(vocabulary.words))]
            .into_iter()
            .collect(),
        Ty::RefList(_) => [
            ("type".to_string(), json!("array")),
            ("items".to_string(), json!({"type": "string"})),
        ]
        .into_iter()
        .collect(),
        Ty::NumMap { min, max, .. } => [
            ("type".to_string(), json!("object")),
            (
                "additionalProperties".to_string(),
                Value::Object(number(min, max, false)),
            ),
        ]
        .into_iter()
        .collect(),
        Ty::NumList { min, max } => [
            ("type".to_string(), json!("array")),
            ("items".to_string(), Value::Object(number(min, max, false))),
        ]
        .into_iter()
        .collect(),
        Ty::ScalarList => [
            ("type".to_string(), json!("array")),
            ("items".to_string(), json!({"type": ["string", "number"]})),
        ]
        .into_iter()
        .collect(),
        Ty::Table(sub) => match table_schema(sub) {
            Value::Object(m) => m,
            _ => Map::new(),
        },
        Ty::Tables(sub) => [
            ("type".to_string(), json!("array")),
            ("items".to_string(), table_schema(sub)),
        ]
        .into_iter()
        .collect(),
    };
    let mut doc = field.meaning();
    if !field.unit.is_empty() {
        doc = format!("{doc} Unit: {}.", field.unit);
    }
    m.insert("description".into(), json!(doc));
    match field.absent {
        Absent::Num(x) if x.is_finite() => {
            m.insert("default".into(), json!(x));
        }
        Absent::Int(i) => {
            m.insert("default".into(), json!(i));
        }
        Absent::Str(s) => {
            m.insert("default".into(), json!(s));
        }
        Absent::Bool(b) => {
            m.insert("default".into(), json!(b));
        }
        _ => {}
    }
    Value::Object(m)
}
