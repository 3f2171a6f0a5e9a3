//! Reading a TOML document against the language spec.
//!
//! The reader never stops at the first problem: it checks every key of every table against
//! [`crate::spec`], fills in defaults, and collects a [`Diagnostic`] per problem. The result is a
//! [`Tbl`] tree that holds only well-typed, in-range values (bad values are dropped), which
//! [`crate::build`] turns into the typed model.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeArray, DeInteger, DeTable, DeValue};

use crate::diag::{Diagnostic, Source, did_you_mean};
use crate::spec::{Absent, Field, Ns, ROOT, TableSpec, Ty, Vocabulary, Word, describe};

type Span = Range<usize>;
type Spanned<T> = toml::Spanned<T>;

/// A value read from the file, or filled in from a default (then `span` is `None`).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub span: Option<Span>,
    pub val: Val,
}

#[derive(Clone, Debug)]
pub(crate) enum Val {
    Num(f64),
    Int(i64),
    Str(String),
    Bool(bool),
    /// Strings (ids) or numbers.
    List(Vec<Node>),
    /// Id → number, in file order.
    Map(Vec<(String, Span, f64)>),
    Table(Tbl),
    Tables(Vec<Tbl>),
    /// An optional key that was not given, or a value that was rejected.
    Absent,
}

/// A table whose keys were checked against its spec, with every declared key present.
#[derive(Clone, Debug)]
pub(crate) struct Tbl {
    pub spec: &'static TableSpec,
    /// Span of the table (for array entries, the entry) in the file; `0..0` for defaulted tables.
    pub span: Span,
    /// Key path, e.g. `region.levant`.
    pub path: String,
    /// One entry per declared field, in spec order.
    pub fields: Vec<(&'static str, Node)>,
}

impl Tbl {
    /// A table with every key at its spec default (required and optional keys absent, nested
    /// tables at their defaults): what the builder reads in place of a table that is missing
    /// or was rejected, so that the spec's defaults are the only defaults.
    pub fn defaults(spec: &'static TableSpec, path: String) -> Tbl {
        let fields = spec
            .fields
            .iter()
            .map(|field| {
                let val = match (field.absent, field.ty) {
                    (Absent::Empty, Ty::Table(sub)) => {
                        Val::Table(Tbl::defaults(sub, join(&path, field.key)))
                    }
                    _ => default_val(field).unwrap_or(Val::Absent),
                };
                (field.key, Node { span: None, val })
            })
            .collect();
        Tbl {
            spec,
            span: 0..0,
            path,
            fields,
        }
    }

    /// The node of a declared key. Asking for a key the table's spec does not declare is a
    /// bug in the caller (a misspelt key would otherwise read as absent): debug builds, and
    /// so every test that builds a scenario, panic on it.
    pub fn node(&self, key: &str) -> Option<&Node> {
        self.check_key(key);
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, n)| n)
    }

    pub fn node_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.check_key(key);
        self.fields
            .iter_mut()
            .find(|(k, _)| *k == key)
            .map(|(_, n)| n)
    }

    /// See [`Tbl::node`].
    fn check_key(&self, key: &str) {
        debug_assert!(
            self.spec.field(key).is_some(),
            "`{key}` is not a key of `[{}]` in the spec",
            self.spec.name
        );
    }

    /// Checks (in debug builds) that `key` is declared with a type `fits` accepts.
    fn check_type(&self, key: &str, fits: fn(&Ty) -> bool) {
        debug_assert!(
            self.spec.field(key).is_some_and(|f| fits(&f.ty)),
            "`{key}` of `[{}]` is read as another type than the spec declares",
            self.spec.name
        );
    }

    pub fn num(&self, key: &str) -> f64 {
        self.check_type(key, |ty| matches!(ty, Ty::Num { .. } | Ty::Int { .. }));
        match self.node(key).map(|n| &n.val) {
            Some(Val::Num(x)) => *x,
            Some(Val::Int(i)) => *i as f64,
            _ => 0.0,
        }
    }

    pub fn opt_num(&self, key: &str) -> Option<f64> {
        self.check_type(key, |ty| matches!(ty, Ty::Num { .. } | Ty::Int { .. }));
        match self.node(key).map(|n| &n.val) {
            Some(Val::Num(x)) => Some(*x),
            Some(Val::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn int(&self, key: &str) -> i64 {
        self.check_type(key, |ty| matches!(ty, Ty::Int { .. }));
        match self.node(key).map(|n| &n.val) {
            Some(Val::Int(i)) => *i,
            _ => 0,
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        self.check_type(key, |ty| matches!(ty, Ty::Bool));
        matches!(self.node(key).map(|n| &n.val), Some(Val::Bool(true)))
    }

    pub fn str(&self, key: &str) -> &str {
        self.opt_str(key).unwrap_or("")
    }

    pub fn opt_str(&self, key: &str) -> Option<&str> {
        self.check_type(key, |ty| {
            matches!(ty, Ty::Str | Ty::Id | Ty::Date | Ty::Enum(_) | Ty::Ref(_))
        });
        match self.node(key).map(|n| &n.val) {
            Some(Val::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The variant of domain enum `E` that an enum key holds: `None` when the value was
    /// missing or rejected (and reported).
    pub fn word<E: Word>(&self, key: &str) -> Option<E> {
        debug_assert!(
            self.spec
                .field(key)
                .is_some_and(|f| matches!(f.ty, Ty::Enum(v) if v.words == E::VOCABULARY.words)),
            "`{key}` of `[{}]` is not declared with the words of the enum it is read as",
            self.spec.name
        );
        self.opt_str(key).and_then(E::from_word)
    }

    pub fn list(&self, key: &str) -> &[Node] {
        match self.node(key).map(|n| &n.val) {
            Some(Val::List(items)) => items,
            _ => &[],
        }
    }

    pub fn strs(&self, key: &str) -> Vec<&str> {
        self.list(key)
            .iter()
            .filter_map(|n| match &n.val {
                Val::Str(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn nums(&self, key: &str) -> Vec<f64> {
        self.list(key)
            .iter()
            .filter_map(|n| match &n.val {
                Val::Num(x) => Some(*x),
                Val::Int(i) => Some(*i as f64),
                _ => None,
            })
            .collect()
    }

    pub fn map(&self, key: &str) -> &[(String, Span, f64)] {
        match self.node(key).map(|n| &n.val) {
            Some(Val::Map(entries)) => entries,
            _ => &[],
        }
    }

    pub fn table(&self, key: &str) -> Option<&Tbl> {
        match self.node(key).map(|n| &n.val) {
            Some(Val::Table(t)) => Some(t),
            _ => None,
        }
    }

    pub fn tables(&self, key: &str) -> &[Tbl] {
        match self.node(key).map(|n| &n.val) {
            Some(Val::Tables(ts)) => ts,
            _ => &[],
        }
    }

    /// The span of a key's value, or of the table when the key was not written.
    pub fn span_of(&self, key: &str) -> Span {
        self.node(key)
            .and_then(|n| n.span.clone())
            .unwrap_or_else(|| self.span.clone())
    }

    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

/// The value a key takes when it is not written, where the spec gives one without looking at
/// the rest of the table (not for required keys, nested tables or `SameAs`).
fn default_val(field: &Field) -> Option<Val> {
    match field.absent {
        Absent::Num(x) => Some(Val::Num(x)),
        Absent::Int(i) => Some(Val::Int(i)),
        Absent::Str(s) => Some(Val::Str(s.to_string())),
        Absent::Bool(b) => Some(Val::Bool(b)),
        Absent::Empty => match field.ty {
            Ty::Tables(_) => Some(Val::Tables(Vec::new())),
            Ty::NumMap { .. } => Some(Val::Map(Vec::new())),
            Ty::Table(_) => None,
            _ => Some(Val::List(Vec::new())),
        },
        Absent::Required | Absent::Optional | Absent::SameAs(_) => None,
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Ids of each namespace, with the span where each was declared.
pub(crate) type Namespaces = BTreeMap<Ns, Vec<(String, Span)>>;

pub(crate) struct Reader<'s> {
    src: &'s Source,
    pub diags: Vec<Diagnostic>,
    /// Names of the tables being read, outermost first: `["coa", "phase"]` while reading a
    /// phase, so that messages can name its section `[[coa.phase]]`.
    headers: Vec<&'static str>,
    /// Namespaces whose table was rejected (`[region]` instead of `[[region]]`): references
    /// into them are not checked, as every one would fail for the same reason.
    unchecked: Vec<Ns>,
}

impl<'s> Reader<'s> {
    pub fn new(src: &'s Source) -> Reader<'s> {
        Reader {
            src,
            diags: Vec::new(),
            headers: Vec::new(),
            unchecked: Vec::new(),
        }
    }

    /// The section header of a sub-table of the table being read: `coa.phase` for `phase`
    /// inside `coa`.
    fn header_of(&self, sub: &TableSpec) -> String {
        let mut parts = self.headers.clone();
        parts.push(sub.name);
        parts.join(".")
    }

    /// What a table-valued key expects, naming its section.
    fn expected_of(&self, ty: &Ty) -> String {
        match ty {
            Ty::Table(sub) => format!("a table: a `[{}]` section", self.header_of(sub)),
            Ty::Tables(sub) => {
                format!("an array of tables: `[[{}]]` sections", self.header_of(sub))
            }
            other => describe(other),
        }
    }

    /// Where to point for a problem with a whole table: its `[header]` line, or the inline
    /// table itself.
    pub fn head(&self, t: &Tbl) -> Span {
        if self.src.text()[t.span.start.min(self.src.text().len())..].starts_with('[') {
            header_span(t.span.clone(), self.src)
        } else {
            t.span.clone()
        }
    }

    /// `file:line:column` of a byte offset, for "first declared at" hints.
    pub fn location(&self, offset: usize) -> String {
        let (line, column) = self.src.line_col(offset);
        format!("{}:{line}:{column}", self.src.name())
    }

    pub fn error(&mut self, span: Span, path: &str, message: String) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::new(self.src, span, path, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// Reads the whole document.
    pub fn document(&mut self, doc: &Spanned<DeTable<'_>>) -> Tbl {
        self.table(&ROOT, doc.get_ref(), doc.span(), String::new())
    }

    fn table(
        &mut self,
        spec: &'static TableSpec,
        de: &DeTable<'_>,
        span: Span,
        path: String,
    ) -> Tbl {
        // Required keys that an unknown key looks like a misspelling of: the unknown key's
        // diagnostic already says "did you mean", so "missing" would only repeat it.
        let mut suggested: Vec<&'static str> = Vec::new();
        for (key, value) in de.iter() {
            if spec.field(key.get_ref()).is_none() {
                let known = spec.fields.iter().map(|f| f.key);
                let hint = did_you_mean(key.get_ref(), known);
                suggested.extend(hint);
                let name = key.get_ref();
                let message = if spec.name.is_empty() {
                    match value.get_ref() {
                        DeValue::Table(_) => format!("unknown table `[{name}]`"),
                        DeValue::Array(items)
                            if !items.is_empty()
                                && items
                                    .iter()
                                    .all(|item| matches!(item.get_ref(), DeValue::Table(_))) =>
                        {
                            format!("unknown table `[[{name}]]`")
                        }
                        _ => format!("unknown top-level key `{name}`"),
                    }
                } else if matches!(spec.name, "scenario" | "outcomes" | "adversary" | "when") {
                    format!("unknown key `{name}` in `[{}]`", self.header_of(spec))
                } else {
                    format!(
                        "unknown key `{name}` in a `[[{}]]` entry",
                        self.header_of(spec)
                    )
                };
                let d = self.error(key.span(), &join(&path, name), message);
                let keys: Vec<&str> = spec.fields.iter().map(|f| f.key).collect();
                *d = d.clone().expected(format!("one of: {}", keys.join(", ")));
                if let Some(h) = hint {
                    *d = d.clone().hint(format!("did you mean `{h}`?"));
                }
            }
        }
        if !spec.name.is_empty() {
            self.headers.push(spec.name);
        }
        let mut fields = Vec::with_capacity(spec.fields.len());
        for field in spec.fields {
            let field_path = join(&path, field.key);
            let node = match de.get(field.key) {
                Some(value) => self.value(field, value, &field_path),
                None => self.absent(field, de, &span, &path, &suggested),
            };
            fields.push((field.key, node));
        }
        if !spec.name.is_empty() {
            self.headers.pop();
        }
        Tbl {
            spec,
            span,
            path,
            fields,
        }
    }

    fn absent(
        &mut self,
        field: &'static Field,
        de: &DeTable<'_>,
        span: &Span,
        path: &str,
        suggested: &[&str],
    ) -> Node {
        let val = match field.absent {
            Absent::Required if suggested.contains(&field.key) => Val::Absent,
            Absent::Required => {
                let what = if path.is_empty() {
                    "the scenario".to_string()
                } else {
                    format!("`{path}`")
                };
                let (message, expected) = match field.ty {
                    Ty::Table(sub) => {
                        let header = self.header_of(sub);
                        (
                            format!("missing required table `[{header}]`"),
                            format!("a `[{header}]` section with {}", self.required_keys(sub)),
                        )
                    }
                    Ty::Tables(sub) => {
                        let header = self.header_of(sub);
                        (
                            format!("missing `[[{header}]]` in {what}"),
                            format!(
                                "at least one `[[{header}]]` section, each with {}",
                                self.required_keys(sub)
                            ),
                        )
                    }
                    _ => (
                        format!("missing required key `{}` in {what}", field.key),
                        format!("`{}`: {}", field.key, describe(&field.ty)),
                    ),
                };
                // A key missing from the whole file is reported at its start, not at the
                // first line (which may be anything).
                let at = if path.is_empty() {
                    0..0
                } else {
                    header_span(span.clone(), self.src)
                };
                let d = self.error(at, path, message);
                *d = d.clone().expected(expected);
                Val::Absent
            }
            Absent::Optional
            | Absent::Num(_)
            | Absent::Int(_)
            | Absent::Str(_)
            | Absent::Bool(_) => default_val(field).unwrap_or(Val::Absent),
            Absent::Empty => match field.ty {
                Ty::Table(sub) => {
                    let empty = DeTable::default();
                    Val::Table(self.table(
                        sub,
                        &empty,
                        span.start..span.start,
                        join(path, field.key),
                    ))
                }
                _ => default_val(field).unwrap_or(Val::Absent),
            },
            Absent::SameAs(other) => match de.get(other).map(|v| v.get_ref()) {
                Some(DeValue::String(s)) => Val::Str(s.to_string()),
                _ => Val::Absent,
            },
        };
        Node { span: None, val }
    }

    /// The required keys of a sub-table, for "expected" messages: "`id`, `regime` and
    /// `[[coa.phase]]`".
    fn required_keys(&self, sub: &TableSpec) -> String {
        let keys: Vec<String> = sub
            .fields
            .iter()
            .filter(|f| matches!(f.absent, Absent::Required))
            .map(|f| match f.ty {
                Ty::Tables(inner) => format!("`[[{}.{}]]`", self.header_of(sub), inner.name),
                Ty::Table(inner) => format!("`[{}.{}]`", self.header_of(sub), inner.name),
                _ => format!("`{}`", f.key),
            })
            .collect();
        match keys.as_slice() {
            [] => "any keys".to_string(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    fn mismatch(&mut self, field: &Field, span: Span, path: &str, found: &DeValue<'_>) {
        let expected = self.expected_of(&field.ty);
        let hint = match (&field.ty, found) {
            (Ty::Tables(sub), DeValue::Table(_)) => Some(format!(
                "write the entry as a `[[{}]]` section (or `{} = [{{ … }}]`)",
                self.header_of(sub),
                field.key
            )),
            (Ty::Num { .. } | Ty::Int { .. }, DeValue::String(s))
                if s.trim().parse::<f64>().is_ok() =>
            {
                Some(format!("remove the quotes: `{} = {}`", field.key, s.trim()))
            }
            (Ty::RefList(_), DeValue::String(s)) => {
                Some(format!("write a list: `{} = [\"{s}\"]`", field.key))
            }
            _ => None,
        };
        let d = self.error(
            span,
            path,
            format!("wrong type for `{}`: found {}", field.key, type_name(found)),
        );
        *d = d.clone().expected(expected);
        if let Some(hint) = hint {
            *d = d.clone().hint(hint);
        }
    }

    fn value(&mut self, field: &'static Field, value: &Spanned<DeValue<'_>>, path: &str) -> Node {
        let span = value.span();
        let v = value.get_ref();
        let val = match (&field.ty, v) {
            (Ty::Str | Ty::Ref(_), DeValue::String(s)) => Val::Str(s.to_string()),
            (Ty::Id, DeValue::String(s)) => self.formed_str(
                s,
                valid_id(s),
                (span.clone(), path),
                "identifier",
                "1 to 64 letters, digits, `-` or `_`, starting with a letter or digit",
            ),
            (Ty::Date, DeValue::String(s)) => self.formed_str(
                s,
                valid_date(s),
                (span.clone(), path),
                "date",
                "a date `YYYY-MM-DD`",
            ),
            (Ty::Bool, DeValue::Boolean(b)) => Val::Bool(*b),
            (Ty::Num { min, max, min_open }, DeValue::Integer(_) | DeValue::Float(_)) => {
                self.num_value(field, v, (span.clone(), path), (*min, *max, *min_open))
            }
            (Ty::Int { min, max }, DeValue::Integer(i)) => {
                self.int_value(field, i, (span.clone(), path), (*min, *max))
            }
            (Ty::Enum(vocabulary), DeValue::String(s)) => {
                self.enum_value(field, vocabulary, s, (span.clone(), path))
            }
            (Ty::RefList(_), DeValue::Array(items)) => self.ref_list(field, items, path),
            (Ty::NumMap { min, max, .. }, DeValue::Table(t)) => {
                self.num_map(field, t, path, (*min, *max))
            }
            (Ty::NumList { min, max }, DeValue::Array(items)) => {
                self.num_list(field, items, path, (*min, *max))
            }
            (Ty::ScalarList, DeValue::Array(items)) => self.scalar_list(field, items, path),
            (Ty::Table(sub), DeValue::Table(t)) => {
                Val::Table(self.table(sub, t, span.clone(), path.to_string()))
            }
            (Ty::Tables(sub), DeValue::Array(items)) => self.table_array(field, sub, items, path),
            (_, other) => {
                self.mismatch(field, span.clone(), path, other);
                Val::Absent
            }
        };
        Node {
            span: Some(span),
            val,
        }
    }

    /// A string that must have a form (an identifier, a date): kept when `ok`, else reported
    /// as "invalid {what}".
    fn formed_str(
        &mut self,
        s: &str,
        ok: bool,
        (span, path): (Span, &str),
        what: &str,
        expected: &str,
    ) -> Val {
        if ok {
            return Val::Str(s.to_string());
        }
        let d = self.error(span, path, format!("invalid {what} \"{s}\""));
        *d = d.clone().expected(expected);
        Val::Absent
    }

    /// A number in `[min, max]` (`min` excluded when `min_open`).
    fn num_value(
        &mut self,
        field: &Field,
        v: &DeValue<'_>,
        (span, path): (Span, &str),
        (min, max, min_open): (f64, f64, bool),
    ) -> Val {
        let Some(x) = self.number(v, span.clone(), path, field) else {
            return Val::Absent;
        };
        let below = if min_open { x <= min } else { x < min };
        if below || x > max {
            let d = self.error(
                span,
                path,
                format!("`{}` = {} is out of range", field.key, fmt_num(x)),
            );
            *d = d.clone().expected(describe(&field.ty));
            return Val::Absent;
        }
        Val::Num(x)
    }

    /// A whole number in `[min, max]`.
    fn int_value(
        &mut self,
        field: &Field,
        i: &DeInteger<'_>,
        (span, path): (Span, &str),
        (min, max): (i64, i64),
    ) -> Val {
        let message = match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) if n >= min && n <= max => return Val::Int(n),
            Ok(n) => format!("`{}` = {n} is out of range", field.key),
            Err(_) => format!("`{}` is too large", field.key),
        };
        let d = self.error(span, path, message);
        *d = d.clone().expected(describe(&field.ty));
        Val::Absent
    }

    /// One of the vocabulary's words.
    fn enum_value(
        &mut self,
        field: &Field,
        vocabulary: &Vocabulary,
        s: &str,
        (span, path): (Span, &str),
    ) -> Val {
        if vocabulary.contains(s) {
            return Val::Str(s.to_string());
        }
        let d = self.error(
            span,
            path,
            format!("unknown value \"{s}\" for `{}`", field.key),
        );
        *d = d.clone().expected(describe(&field.ty));
        if let Some(h) = did_you_mean(s, vocabulary.words.iter().copied()) {
            *d = d.clone().hint(format!("did you mean \"{h}\"?"));
        }
        Val::Absent
    }

    /// A list of ids; items that are not strings are reported and dropped.
    fn ref_list(&mut self, field: &Field, items: &DeArray<'_>, path: &str) -> Val {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => out.push(Node {
                    span: Some(item.span()),
                    val: Val::Str(s.to_string()),
                }),
                other => {
                    let at = (item.span(), format!("{path}[{i}]"));
                    self.wrong_item(field, at, other, "an id (a string)");
                }
            }
        }
        Val::List(out)
    }

    /// A table from ids to numbers in `[min, max]`; bad entries are reported and dropped.
    fn num_map(&mut self, field: &Field, t: &DeTable<'_>, path: &str, bounds: (f64, f64)) -> Val {
        let inner = item_field(field, bounds);
        let mut out = Vec::new();
        for (key, item) in t.iter() {
            let item_path = join(path, key.get_ref());
            if !matches!(item.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) {
                let d = self.error(
                    item.span(),
                    &item_path,
                    format!(
                        "wrong type for `{}.{}`: found {}",
                        field.key,
                        key.get_ref(),
                        type_name(item.get_ref())
                    ),
                );
                *d = d.clone().expected(describe(&inner.ty));
                continue;
            }
            let name = format!("`{}.{}` = ", field.key, key.get_ref());
            if let Some(x) = self.bounded_item(item, &item_path, &inner, bounds, &name) {
                out.push((key.get_ref().to_string(), key.span(), x));
            }
        }
        Val::Map(out)
    }

    /// A list of numbers in `[min, max]`; bad items are reported and dropped.
    fn num_list(
        &mut self,
        field: &Field,
        items: &DeArray<'_>,
        path: &str,
        bounds: (f64, f64),
    ) -> Val {
        let inner = item_field(field, bounds);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            if !matches!(item.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) {
                self.wrong_item(field, (item.span(), item_path), item.get_ref(), "a number");
                continue;
            }
            if let Some(x) = self.bounded_item(item, &item_path, &inner, bounds, "") {
                out.push(Node {
                    span: Some(item.span()),
                    val: Val::Num(x),
                });
            }
        }
        Val::List(out)
    }

    /// A finite number item of a list or map in `[min, max]`, or a diagnostic that names it
    /// with `name` ("`forces.levant` = ", or nothing for a list item).
    fn bounded_item(
        &mut self,
        item: &Spanned<DeValue<'_>>,
        path: &str,
        inner: &Field,
        (min, max): (f64, f64),
        name: &str,
    ) -> Option<f64> {
        let x = self.number(item.get_ref(), item.span(), path, inner)?;
        if x < min || x > max {
            let d = self.error(
                item.span(),
                path,
                format!("{name}{} is out of range", fmt_num(x)),
            );
            *d = d.clone().expected(describe(&inner.ty));
            return None;
        }
        Some(x)
    }

    /// A list of strings and finite numbers; other items are reported and dropped.
    fn scalar_list(&mut self, field: &Field, items: &DeArray<'_>, path: &str) -> Val {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let val = match item.get_ref() {
                DeValue::String(s) => Val::Str(s.to_string()),
                DeValue::Integer(_) | DeValue::Float(_) => {
                    match self.number(item.get_ref(), item.span(), &item_path, field) {
                        Some(x) => Val::Num(x),
                        None => continue,
                    }
                }
                other => {
                    self.wrong_item(
                        field,
                        (item.span(), item_path),
                        other,
                        "a string or a number",
                    );
                    continue;
                }
            };
            out.push(Node {
                span: Some(item.span()),
                val,
            });
        }
        Val::List(out)
    }

    /// An array of tables; items that are not tables are reported and dropped.
    fn table_array(
        &mut self,
        field: &Field,
        sub: &'static TableSpec,
        items: &DeArray<'_>,
        path: &str,
    ) -> Val {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                let expected = format!("a table: a `[[{}]]` section", self.header_of(sub));
                let at = (item.span(), format!("{path}[{i}]"));
                self.wrong_item(field, at, item.get_ref(), expected);
                continue;
            };
            out.push(self.table(sub, t, item.span(), entry_path(sub, t, path, i)));
        }
        Val::Tables(out)
    }

    /// "wrong type in `key`: found …" for an item of a list.
    fn wrong_item(
        &mut self,
        field: &Field,
        (span, path): (Span, String),
        found: &DeValue<'_>,
        expected: impl Into<String>,
    ) {
        let d = self.error(
            span,
            &path,
            format!("wrong type in `{}`: found {}", field.key, type_name(found)),
        );
        *d = d.clone().expected(expected);
    }

    /// A finite number from a TOML integer or float, or a diagnostic.
    fn number(&mut self, v: &DeValue<'_>, span: Span, path: &str, field: &Field) -> Option<f64> {
        let x = match v {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => n as f64,
                    Err(_) => {
                        let d = self.error(span, path, format!("`{}` is too large", field.key));
                        *d = d.clone().expected(describe(&field.ty));
                        return None;
                    }
                }
            }
            DeValue::Float(f) => f
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .unwrap_or(f64::NAN),
            _ => return None,
        };
        if x.is_finite() {
            Some(x)
        } else {
            let written = match v {
                DeValue::Float(f) => f.as_str().to_string(),
                _ => fmt_num(x),
            };
            // A table entry (`forces.levant`) is named with its table's key.
            let last = path.rsplit('.').next().unwrap_or(field.key);
            let key = if last == field.key || last.ends_with(']') {
                field.key.to_string()
            } else {
                format!("{}.{last}", field.key)
            };
            let hint = if matches!(field.absent, Absent::Required | Absent::Optional) {
                "`nan` and `inf` are not accepted: write a finite number"
            } else {
                "`nan` and `inf` are not accepted: write a finite number, or leave the key out to use its default"
            };
            let d = self.error(
                span,
                path,
                format!("`{key}` = {written} is not a finite number"),
            );
            *d = d.clone().expected(describe(&field.ty)).hint(hint);
            None
        }
    }

    /// Checks that every id is unique in its namespace and every reference resolves.
    pub fn resolve(&mut self, root: &Tbl) -> Namespaces {
        let mut namespaces: Namespaces = BTreeMap::new();
        for field in ROOT.fields {
            let Ty::Tables(spec) = field.ty else { continue };
            let Some(ns) = spec.ns else { continue };
            if root
                .node(field.key)
                .is_some_and(|n| n.span.is_some() && matches!(n.val, Val::Absent))
            {
                self.unchecked.push(ns);
            }
            let ids = namespaces.entry(ns).or_default();
            for t in root.tables(field.key) {
                let Some(id) = t.opt_str("id") else { continue };
                if let Some((_, first)) = ids.iter().find(|(other, _)| other == id) {
                    let (line, col) = self.src.line_col(first.start);
                    let first = format!("{}:{line}:{col}", self.src.name());
                    let d = self.error(
                        t.span_of("id"),
                        &t.path_of("id"),
                        format!("duplicate {} id \"{id}\"", ns.noun()),
                    );
                    *d = d.clone().hint(format!("first declared at {first}"));
                } else {
                    ids.push((id.to_string(), t.span_of("id")));
                }
            }
        }
        self.check_refs(root, &namespaces);
        namespaces
    }

    fn check_refs(&mut self, t: &Tbl, namespaces: &Namespaces) {
        for (key, node) in &t.fields {
            let Some(field) = t.spec.field(key) else {
                continue;
            };
            match (&field.ty, &node.val) {
                (Ty::Ref(ns), Val::Str(id)) => {
                    self.check_ref(
                        *ns,
                        id,
                        node.span.clone().unwrap_or(t.span.clone()),
                        &t.path_of(key),
                        namespaces,
                    );
                }
                (Ty::RefList(ns), Val::List(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Val::Str(id) = &item.val {
                            let span = item.span.clone().unwrap_or(t.span.clone());
                            self.check_ref(
                                *ns,
                                id,
                                span,
                                &format!("{}[{i}]", t.path_of(key)),
                                namespaces,
                            );
                        }
                    }
                }
                (Ty::NumMap { key: ns, .. }, Val::Map(entries)) => {
                    let mut seen: Vec<&str> = Vec::new();
                    for (id, span, _) in entries {
                        let path = join(&t.path_of(key), id);
                        self.check_ref(*ns, id, span.clone(), &path, namespaces);
                        if seen.contains(&id.as_str()) {
                            self.error(span.clone(), &path, format!("duplicate key \"{id}\""));
                        }
                        seen.push(id);
                    }
                }
                (Ty::Table(_), Val::Table(sub)) => self.check_refs(sub, namespaces),
                (Ty::Tables(_), Val::Tables(subs)) => {
                    for sub in subs {
                        self.check_refs(sub, namespaces);
                    }
                }
                _ => {}
            }
        }
    }

    fn check_ref(&mut self, ns: Ns, id: &str, span: Span, path: &str, namespaces: &Namespaces) {
        let ids = namespaces.get(&ns).map(Vec::as_slice).unwrap_or(&[]);
        if ids.iter().any(|(known, _)| known == id) || self.unchecked.contains(&ns) {
            return;
        }
        let hint = did_you_mean(id, ids.iter().map(|(k, _)| k.as_str()));
        let d = self.error(span, path, format!("unknown {} \"{id}\"", ns.noun()));
        if ids.is_empty() {
            *d = d.clone().expected(format!(
                "the id of a `[[{}]]` entry, but none is declared",
                ns.table()
            ));
        } else {
            let known: Vec<&str> = ids.iter().take(12).map(|(k, _)| k.as_str()).collect();
            let more = if ids.len() > 12 { ", …" } else { "" };
            *d = d
                .clone()
                .expected(format!("one of: {}{more}", known.join(", ")));
        }
        if let Some(h) = hint {
            *d = d.clone().hint(format!("did you mean \"{h}\"?"));
        }
    }
}

/// The field an item of a number list or map is checked against: a number in `[min, max]`.
fn item_field(field: &Field, (min, max): (f64, f64)) -> Field {
    Field {
        key: field.key,
        ty: Ty::Num {
            min,
            max,
            min_open: false,
        },
        absent: Absent::Required,
        unit: field.unit,
        doc: field.doc,
    }
}

/// The path of an entry of an array of tables: `region.levant` when it has a valid id (and
/// its table has ids), else `region[3]`.
fn entry_path(sub: &TableSpec, t: &DeTable<'_>, path: &str, i: usize) -> String {
    match t.get("id").map(|v| v.get_ref()) {
        Some(DeValue::String(id)) if (sub.ns.is_some() || sub.name == "phase") && valid_id(id) => {
            join(path, id)
        }
        _ => format!("{path}[{i}]"),
    }
}

/// The first line of a table's span: its `[header]`.
fn header_span(span: Span, src: &Source) -> Span {
    let text = src.text();
    let start = span.start.min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end.max(start + 1).min(text.len().max(start))
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

pub(crate) fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: Range<usize>| s[r].bytes().all(|c| c.is_ascii_digit());
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

pub(crate) fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
