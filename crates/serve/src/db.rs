//! The games' store: SQLite in WAL mode, versioned migrations, one transaction per write.
//!
//! Tables: `games` (scenario text, setup), `seats` (name and the SHA-256 of its token; seat
//! -1 is the white cell), `orders` (append-only: every accepted order, the latest per turn and
//! seat in force) and `turns` (each adjudicated turn's state, to the bit, and its regime).
//! Nothing else is needed to resume a game: its turns are replayed from its orders on start
//! and checked against the stored states.

use rusqlite::{Connection, OptionalExtension, params};

/// The schema, one migration per version; `PRAGMA user_version` holds how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: games, seats, orders, turns.
    "CREATE TABLE games (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        scenario_name TEXT NOT NULL,
        scenario TEXT NOT NULL,
        setup TEXT NOT NULL
     );
     CREATE TABLE seats (
        game INTEGER NOT NULL REFERENCES games(id),
        seat INTEGER NOT NULL,
        name TEXT NOT NULL,
        token_sha256 BLOB NOT NULL,
        PRIMARY KEY (game, seat)
     );
     CREATE TABLE orders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        game INTEGER NOT NULL REFERENCES games(id),
        turn INTEGER NOT NULL,
        seat INTEGER NOT NULL,
        orders TEXT NOT NULL
     );
     CREATE INDEX orders_by_turn ON orders (game, turn, seat);
     CREATE TABLE turns (
        game INTEGER NOT NULL REFERENCES games(id),
        turn INTEGER NOT NULL,
        day REAL NOT NULL,
        regime TEXT NOT NULL,
        state BLOB NOT NULL,
        PRIMARY KEY (game, turn)
     );",
    // 2: who advanced a turn before every seat had given orders (the white cell), per turn.
    "ALTER TABLE turns ADD COLUMN forced INTEGER NOT NULL DEFAULT 0;",
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database {path} is at schema version {found}, newer than this program's {known}")]
    TooNew {
        path: String,
        found: i64,
        known: usize,
    },
}

/// A stored game, as read back.
pub struct StoredGame {
    pub id: i64,
    pub name: String,
    pub scenario_name: String,
    pub scenario: String,
    pub setup: String,
    /// (seat, token hash); -1 is the white cell.
    pub seats: Vec<(i64, Vec<u8>)>,
    /// (turn, seat, orders JSON), in the order accepted.
    pub orders: Vec<(i64, i64, String)>,
    /// (turn, state bytes, forced).
    pub turns: Vec<(i64, Vec<u8>, bool)>,
}

pub struct Db {
    conn: Connection,
}

impl Db {
    /// Opens (or creates) the database and brings its schema up to date.
    pub fn open(path: &str) -> Result<Db, DbError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Every commit reaches the disk before the reply (WAL + FULL).
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version as usize > MIGRATIONS.len() {
            return Err(DbError::TooNew {
                path: path.to_string(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Db { conn })
    }

    pub fn schema_version(&self) -> Result<i64, DbError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Stores a new game and its seats' token hashes; returns its id.
    pub fn create_game(
        &mut self,
        name: &str,
        scenario_name: &str,
        scenario: &str,
        setup: &str,
        seats: &[(i64, String, [u8; 32])],
    ) -> Result<i64, DbError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO games (name, scenario_name, scenario, setup) VALUES (?1, ?2, ?3, ?4)",
            params![name, scenario_name, scenario, setup],
        )?;
        let id = tx.last_insert_rowid();
        for (seat, seat_name, hash) in seats {
            tx.execute(
                "INSERT INTO seats (game, seat, name, token_sha256) VALUES (?1, ?2, ?3, ?4)",
                params![id, seat, seat_name, &hash[..]],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Stores an accepted order (committed when this returns).
    pub fn add_orders(
        &mut self,
        game: i64,
        turn: i64,
        seat: i64,
        orders: &str,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT INTO orders (game, turn, seat, orders) VALUES (?1, ?2, ?3, ?4)",
            params![game, turn, seat, orders],
        )?;
        Ok(())
    }

    /// Stores an adjudicated turn.
    pub fn add_turn(
        &mut self,
        game: i64,
        turn: i64,
        day: f64,
        regime: &str,
        state: &[u8],
        forced: bool,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT INTO turns (game, turn, day, regime, state, forced) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![game, turn, day, regime, state, forced],
        )?;
        Ok(())
    }

    /// Every accepted order of a game.
    pub fn count_orders(&self, game: i64) -> Result<i64, DbError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM orders WHERE game = ?1", [game], |r| {
                r.get(0)
            })?)
    }

    /// Every game, with its seats, orders and turns.
    pub fn games(&self) -> Result<Vec<StoredGame>, DbError> {
        let mut out = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, scenario_name, scenario, setup FROM games ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredGame {
                id: r.get(0)?,
                name: r.get(1)?,
                scenario_name: r.get(2)?,
                scenario: r.get(3)?,
                setup: r.get(4)?,
                seats: Vec::new(),
                orders: Vec::new(),
                turns: Vec::new(),
            })
        })?;
        for g in rows {
            out.push(g?);
        }
        for g in &mut out {
            let mut stmt = self
                .conn
                .prepare("SELECT seat, token_sha256 FROM seats WHERE game = ?1 ORDER BY seat")?;
            g.seats = stmt
                .query_map([g.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut stmt = self
                .conn
                .prepare("SELECT turn, seat, orders FROM orders WHERE game = ?1 ORDER BY id")?;
            g.orders = stmt
                .query_map([g.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let mut stmt = self
                .conn
                .prepare("SELECT turn, state, forced FROM turns WHERE game = ?1 ORDER BY turn")?;
            g.turns = stmt
                .query_map([g.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
        }
        Ok(out)
    }

    /// The name of a game, if it exists.
    pub fn game_name(&self, id: i64) -> Result<Option<String>, DbError> {
        Ok(self
            .conn
            .query_row("SELECT name FROM games WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }
}
