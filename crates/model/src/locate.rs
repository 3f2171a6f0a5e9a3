//! From an entity of the model back to the scenario keys that set it: what a run that went
//! numerically wrong names, so that the user finds the value behind it at file:line:column.

use std::fmt;
use std::ops::Range;

use crate::diag::Diagnostic;
use crate::read::{Node, Tbl, Val};
use crate::scenario::{ActorId, LinkId, RegionId, Scenario, SupportLinkId, ThirdPartyId};
use crate::spec::{Ns, Ty};

/// What a quantity of the engine is about: the entities whose keys feed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A region: its entry, and every entry that refers to it (branch, engagement, links,
    /// third parties, forces of actors there).
    Region(RegionId),
    /// An actor in a region: the actor's entry and everything about the region.
    ActorIn(ActorId, RegionId),
    /// An inter-regional link, with the regions at its ends.
    Link(LinkId),
    /// A support link, with its region.
    SupportLink(SupportLinkId),
    /// A third party, with its region.
    ThirdParty(ThirdPartyId),
    /// The adversary's leadership: `[adversary]` and its region.
    Leadership,
}

/// A numeric key written in the scenario file, with its value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyRef {
    /// Its path as `[[uncertain]]` names fields (`branch.core-branch.fighters`,
    /// `actor.us.forces.core`).
    pub path: String,
    pub value: f64,
    /// `file:line:column` of the value (of the entry's id for an entry of a map).
    pub location: String,
    /// Byte range of the value in the source.
    span: Range<usize>,
}

impl fmt::Display for KeyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.value != 0.0 && !(1e-4..1e15).contains(&self.value.abs()) {
            format!("{:e}", self.value)
        } else {
            crate::read::fmt_num(self.value)
        };
        write!(f, "`{}` = {value} at {}", self.path, self.location)
    }
}

impl Scenario {
    /// Every number written in the file that feeds `subject`, in file order.
    pub fn keys_behind(&self, subject: Subject) -> Vec<KeyRef> {
        let mut refs: Vec<(Ns, &str)> = Vec::new();
        let region = |r: RegionId| (Ns::Region, self.region(r).id.as_str());
        let mut root_tables: Vec<&str> = Vec::new();
        match subject {
            Subject::Region(r) => refs.push(region(r)),
            Subject::ActorIn(a, r) => {
                refs.push((Ns::Actor, self.actor(a).id.as_str()));
                refs.push(region(r));
            }
            Subject::Link(l) => {
                let link = self.link(l);
                refs.push((Ns::Link, link.id.as_str()));
                refs.push(region(link.from));
                refs.push(region(link.to));
            }
            Subject::SupportLink(k) => {
                let link = &self.support_links()[k.index()];
                refs.push((Ns::SupportLink, link.id.as_str()));
                refs.push(region(link.region));
            }
            Subject::ThirdParty(g) => {
                let group = &self.third_parties()[g.index()];
                refs.push((Ns::ThirdParty, group.id.as_str()));
                refs.push(region(group.region));
            }
            Subject::Leadership => {
                root_tables.push("adversary");
                if let Some(r) = self.adversary().leadership_region {
                    refs.push(region(r));
                }
            }
        }
        let mut out = Vec::new();
        let walk = Walk {
            refs: &refs,
            source: self.source.as_deref(),
        };
        for (key, node) in &self.doc.fields {
            let about = root_tables.contains(key);
            walk.node(&self.doc, key, node, about, &mut out);
        }
        out.sort_by_key(|(start, _)| *start);
        out.into_iter().map(|(_, k)| k).collect()
    }

    /// A diagnostic about a value the engine could not compute with, pointing at the key
    /// behind it (at the file's start when no key could be named).
    pub fn diagnostic_at(&self, key: Option<&KeyRef>, message: String) -> Diagnostic {
        let empty = crate::diag::Source::new(self.source_name(), "");
        let source = self.source.as_deref().unwrap_or(&empty);
        match key {
            Some(k) => Diagnostic::new(source, k.span.clone(), &k.path, message),
            None => Diagnostic::new(source, 0..0, "", message),
        }
    }

    /// The most extreme number behind `subject` (the farthest from 1 in orders of magnitude):
    /// the likeliest cause of a value that overflows. `None` when no number feeding it was
    /// written in the file.
    pub fn key_behind(&self, subject: Subject) -> Option<KeyRef> {
        let extremeness = |x: f64| {
            if x == 0.0 { 0.0 } else { x.abs().ln().abs() }
        };
        self.keys_behind(subject)
            .into_iter()
            .fold(None, |best: Option<KeyRef>, k| match best {
                Some(b) if extremeness(b.value) >= extremeness(k.value) => Some(b),
                _ => Some(k),
            })
    }
}

struct Walk<'a> {
    refs: &'a [(Ns, &'a str)],
    source: Option<&'a crate::diag::Source>,
}

impl Walk<'_> {
    fn key(&self, path: String, value: f64, span: &Range<usize>, out: &mut Vec<(usize, KeyRef)>) {
        let start = span.start;
        let location = match self.source {
            Some(src) => {
                let (line, column) = src.line_col(start);
                format!("{}:{line}:{column}", src.name())
            }
            None => "<scenario>".to_string(),
        };
        out.push((
            start,
            KeyRef {
                path,
                value,
                location,
                span: span.clone(),
            },
        ));
    }

    /// Whether a table entry is one of the subjects, or refers to one.
    fn is_about(&self, t: &Tbl) -> bool {
        t.fields.iter().any(|(key, node)| {
            let Some(field) = t.spec.field(key) else {
                return false;
            };
            let ns = match field.ty {
                Ty::Id => t.spec.ns,
                Ty::Ref(ns) | Ty::RefList(ns) => Some(ns),
                _ => None,
            };
            let Some(ns) = ns else { return false };
            let named = |id: &str| self.refs.iter().any(|&(n, r)| n == ns && r == id);
            match &node.val {
                Val::Str(id) => named(id),
                Val::List(items) => items
                    .iter()
                    .any(|n| matches!(&n.val, Val::Str(id) if named(id))),
                _ => false,
            }
        })
    }

    /// An entry of an array of tables (`[[region]]`, `[[coa.phase]]`, …): about the subjects
    /// when it is one of them or refers to one. Single tables (`[scenario]`, `[adversary]`,
    /// `[strategy]`) are global: they refer to regions without being about them.
    fn entry(&self, t: &Tbl, about: bool, out: &mut Vec<(usize, KeyRef)>) {
        self.table(t, about || self.is_about(t), out);
    }

    fn table(&self, t: &Tbl, about: bool, out: &mut Vec<(usize, KeyRef)>) {
        for (key, node) in &t.fields {
            self.node(t, key, node, about, out);
        }
    }

    fn node(&self, t: &Tbl, key: &str, node: &Node, about: bool, out: &mut Vec<(usize, KeyRef)>) {
        let path_of = |key: &str| format!("{}.{key}", entry_path(t));
        match &node.val {
            Val::Num(x) if about => {
                if let Some(span) = &node.span {
                    self.key(path_of(key), *x, span, out);
                }
            }
            Val::Int(i) if about => {
                if let Some(span) = &node.span {
                    self.key(path_of(key), *i as f64, span, out);
                }
            }
            Val::Map(entries) => {
                let ns = match t.spec.field(key).map(|f| f.ty) {
                    Some(Ty::NumMap { key: ns, .. }) => Some(ns),
                    _ => None,
                };
                for (id, span, x) in entries {
                    let named = ns.is_some_and(|ns| self.refs.contains(&(ns, id.as_str())));
                    if about || named {
                        self.key(format!("{}.{id}", path_of(key)), *x, span, out);
                    }
                }
            }
            Val::List(items) if about => {
                for (i, item) in items.iter().enumerate() {
                    if let (Val::Num(x), Some(span)) = (&item.val, &item.span) {
                        self.key(format!("{}[{i}]", path_of(key)), *x, span, out);
                    }
                }
            }
            Val::Table(sub) => self.table(sub, about, out),
            Val::Tables(entries) => {
                for entry in entries {
                    self.entry(entry, about, out);
                }
            }
            _ => {}
        }
    }
}

/// The path of a table as `[[uncertain]]` names fields: entries by their id, engagements by
/// their region (`engagement.levant`).
fn entry_path(t: &Tbl) -> String {
    if t.spec.name == "engagement"
        && let Some((
            _,
            Node {
                val: Val::Str(region),
                ..
            },
        )) = t.fields.iter().find(|(k, _)| *k == "region")
    {
        return format!("engagement.{region}");
    }
    t.path.clone()
}
