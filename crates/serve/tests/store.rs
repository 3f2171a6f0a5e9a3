//! The store: versioned migrations.

use cordon_serve::db::{Db, DbError};

use crate::common::temp_db;

#[test]
fn migrations_run_once_and_a_newer_schema_is_refused() {
    let path = temp_db("migrations").display().to_string();
    let db = Db::open(&path).expect("creates");
    assert_eq!(db.schema_version().expect("version"), 2);
    drop(db);
    let db = Db::open(&path).expect("reopens");
    assert_eq!(db.schema_version().expect("version"), 2);
    drop(db);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.pragma_update(None, "user_version", 9).expect("set");
    drop(conn);
    match Db::open(&path) {
        Err(e @ DbError::TooNew { .. }) => assert!(
            e.to_string()
                .contains("schema version 9, newer than this program's 2")
        ),
        Err(e) => panic!("unexpected {e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
}
