//! The one Parquet writer of Cordon's results (runs, bands, sensitivity designs and indices):
//! Parquet files with the low-level writer of the `parquet` crate (no Arrow): flat tables of
//! UTF-8 strings, 64-bit integers and doubles, all required, uncompressed, written in row
//! groups of [`ROW_GROUP_ROWS`] rows so that memory does not grow with the table.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::files::FileError;

/// Rows per row group.
pub const ROW_GROUP_ROWS: usize = 8192;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Utf8,
    Int64,
    Double,
}

enum Column {
    Utf8(Vec<ByteArray>),
    Int64(Vec<i64>),
    Double(Vec<f64>),
}

/// A Parquet table written row by row.
pub struct ParquetTable {
    path: PathBuf,
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<Column>,
    rows: usize,
}

/// One cell of a row.
pub enum Value<'a> {
    Str(&'a str),
    Int(i64),
    Double(f64),
}

impl ParquetTable {
    pub fn create(
        path: &Path,
        name: &str,
        schema: &[(String, ColumnType)],
    ) -> Result<ParquetTable, FileError> {
        let err = |e: parquet::errors::ParquetError| FileError::parquet(path, e);
        let mut fields = Vec::with_capacity(schema.len());
        for (column, ty) in schema {
            let builder = match ty {
                ColumnType::Utf8 => Type::primitive_type_builder(column, PhysicalType::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String)),
                ColumnType::Int64 => Type::primitive_type_builder(column, PhysicalType::INT64),
                ColumnType::Double => Type::primitive_type_builder(column, PhysicalType::DOUBLE),
            };
            fields.push(Arc::new(
                builder
                    .with_repetition(Repetition::REQUIRED)
                    .build()
                    .map_err(err)?,
            ));
        }
        let message = Type::group_type_builder(name)
            .with_fields(fields)
            .build()
            .map_err(err)?;
        let props = WriterProperties::builder()
            .set_created_by(format!("cordon {}", env!("CARGO_PKG_VERSION")))
            .build();
        let file = File::create(path).map_err(|e| FileError::io(path, e))?;
        let writer = SerializedFileWriter::new(
            BufWriter::with_capacity(1 << 16, file),
            Arc::new(message),
            Arc::new(props),
        )
        .map_err(err)?;
        let columns = schema
            .iter()
            .map(|(_, ty)| match ty {
                ColumnType::Utf8 => Column::Utf8(Vec::new()),
                ColumnType::Int64 => Column::Int64(Vec::new()),
                ColumnType::Double => Column::Double(Vec::new()),
            })
            .collect();
        Ok(ParquetTable {
            path: path.to_path_buf(),
            writer,
            columns,
            rows: 0,
        })
    }

    /// Appends a row; its cells must match the schema's types in order.
    pub fn push<'a>(&mut self, row: impl IntoIterator<Item = Value<'a>>) -> Result<(), FileError> {
        let mut n = 0;
        for (column, value) in self.columns.iter_mut().zip(row) {
            match (column, value) {
                (Column::Utf8(c), Value::Str(s)) => c.push(ByteArray::from(s)),
                (Column::Int64(c), Value::Int(x)) => c.push(x),
                (Column::Double(c), Value::Double(x)) => c.push(x),
                _ => return Err(self.error("a value does not match its column's type")),
            }
            n += 1;
        }
        if n != self.columns.len() {
            return Err(self.error("a row does not have one value per column"));
        }
        self.rows += 1;
        if self.rows == ROW_GROUP_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn error(&self, message: &str) -> FileError {
        FileError::parquet(&self.path, message)
    }

    fn flush(&mut self) -> Result<(), FileError> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e: parquet::errors::ParquetError| FileError::parquet(&path, e);
        let mut group = self.writer.next_row_group().map_err(err)?;
        for column in &mut self.columns {
            let Some(mut writer) = group.next_column().map_err(err)? else {
                break;
            };
            match column {
                Column::Utf8(values) => {
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(values, None, None)
                        .map_err(err)?;
                    values.clear();
                }
                Column::Int64(values) => {
                    writer
                        .typed::<Int64Type>()
                        .write_batch(values, None, None)
                        .map_err(err)?;
                    values.clear();
                }
                Column::Double(values) => {
                    writer
                        .typed::<DoubleType>()
                        .write_batch(values, None, None)
                        .map_err(err)?;
                    values.clear();
                }
            }
            writer.close().map_err(err)?;
        }
        group.close().map_err(err)?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the footer.
    pub fn close(mut self) -> Result<(), FileError> {
        self.flush()?;
        let path = self.path.clone();
        let mut inner = self
            .writer
            .into_inner()
            .map_err(|e| FileError::parquet(&path, e))?;
        std::io::Write::flush(&mut inner).map_err(|e| FileError::io(&path, e))?;
        inner
            .into_inner()
            .map_err(|e| FileError::io(&path, e.into_error()))?
            .sync_all()
            .map_err(|e| FileError::io(&path, e))
    }
}
