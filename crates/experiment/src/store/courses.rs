//! The per-course files (`crate::courses`): `cuts.csv`, `mean_field_links.csv`,
//! `mean_field_escapes.csv` and `mean_field_events.csv`. Written at the end of a run; a merge
//! copies them from the first shard (they depend on the scenario, the courses and the seed,
//! which every shard shares).

use std::path::Path;

use cordon_model::Scenario;

use super::journal::format_number;
use super::tables::{csv_error, csv_writer, finish_csv};
use crate::courses::CourseRecord;
use crate::error::ExperimentError;
use crate::files::{FileError, Pending, write_atomic};

/// The files, in the order they are written.
pub const COURSE_FILES: [&str; 4] = [
    "cuts.csv",
    "mean_field_links.csv",
    "mean_field_escapes.csv",
    "mean_field_events.csv",
];

/// Writes the four files of `records` into `dir`.
pub(crate) fn write(
    dir: &Path,
    s: &Scenario,
    records: &[CourseRecord],
) -> Result<(), ExperimentError> {
    let link_id = |l: usize| s.links()[l].id.as_str();
    write_table(dir, COURSE_FILES[0], &["coa", "phase", "link"], |rows| {
        for r in records {
            for (phase, links) in &r.cuts {
                rows.extend(
                    links
                        .iter()
                        .map(|&l| vec![r.coa.clone(), phase.clone(), link_id(l).into()]),
                );
            }
        }
    })?;
    write_table(
        dir,
        COURSE_FILES[1],
        &["coa", "day", "link", "integrity"],
        |rows| {
            for (r, mf) in ok_runs(records) {
                for (day, integrity) in mf.days.iter().zip(&mf.integrity) {
                    rows.extend(integrity.iter().enumerate().map(|(l, x)| {
                        vec![
                            r.coa.clone(),
                            format_number(*day),
                            link_id(l).into(),
                            format_number(*x),
                        ]
                    }));
                }
            }
        },
    )?;
    write_table(
        dir,
        COURSE_FILES[2],
        &["coa", "region", "arrived_from_core"],
        |rows| {
            for (r, mf) in ok_runs(records) {
                rows.extend(
                    s.regions()
                        .iter()
                        .zip(&mf.arrived_from_core)
                        .map(|(region, x)| {
                            vec![r.coa.clone(), region.id.clone(), format_number(*x)]
                        }),
                );
            }
        },
    )?;
    write_table(
        dir,
        COURSE_FILES[3],
        &["coa", "day", "link", "event", "description"],
        |rows| {
            for r in records {
                match &r.mean_field {
                    Ok(mf) => rows.extend(mf.link_events.iter().map(|e| {
                        vec![
                            r.coa.clone(),
                            format_number(e.day),
                            link_id(e.link).into(),
                            e.kind.into(),
                            e.text.clone(),
                        ]
                    })),
                    Err(why) => rows.push(vec![
                        r.coa.clone(),
                        String::new(),
                        String::new(),
                        "failed".into(),
                        why.clone(),
                    ]),
                }
            }
        },
    )
}

fn ok_runs(
    records: &[CourseRecord],
) -> impl Iterator<Item = (&CourseRecord, &crate::courses::MeanFieldRecord)> {
    records
        .iter()
        .filter_map(|r| r.mean_field.as_ref().ok().map(|mf| (r, mf)))
}

/// The rows of one file, written as they come.
struct Rows<'p> {
    out: csv::Writer<std::io::BufWriter<std::fs::File>>,
    path: &'p Path,
    error: Option<FileError>,
}

impl Rows<'_> {
    fn extend<R: AsRef<[String]>>(&mut self, rows: impl IntoIterator<Item = R>) {
        for row in rows {
            self.push(row);
        }
    }

    fn push(&mut self, row: impl AsRef<[String]>) {
        if self.error.is_none()
            && let Err(e) = self.out.write_record(row.as_ref())
        {
            self.error = Some(csv_error(self.path, e));
        }
    }
}

/// Writes one CSV file atomically: the header, then the rows `fill` pushes.
fn write_table(
    dir: &Path,
    name: &str,
    header: &[&str],
    fill: impl FnOnce(&mut Rows<'_>),
) -> Result<(), ExperimentError> {
    let pending = Pending::new(&dir.join(name));
    let mut out = csv_writer(&pending)?;
    out.write_record(header)
        .map_err(|e| csv_error(pending.tmp(), e))?;
    let mut rows = Rows {
        out,
        path: pending.tmp(),
        error: None,
    };
    fill(&mut rows);
    let Rows { out, error, .. } = rows;
    if let Some(e) = error {
        return Err(e.into());
    }
    finish_csv(pending, out)?;
    Ok(())
}

/// Copies the files from a shard's directory into `out`, those the shard has (a shard written
/// before they existed has none).
pub(crate) fn copy(from: &Path, out: &Path) -> Result<(), ExperimentError> {
    for name in COURSE_FILES {
        let src = from.join(name);
        match std::fs::read(&src) {
            Ok(bytes) => write_atomic(&out.join(name), &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let _ = std::fs::remove_file(out.join(name));
            }
            Err(e) => return Err(FileError::io(&src, e).into()),
        }
    }
    Ok(())
}
