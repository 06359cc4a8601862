extension ConsoleStore {
    /// The columns every flock query reads, in the order `flockRecord(_:)` expects.
    private static let flockColumns = "flock_id, name, created_us"

    /// Inserts the flock unless one with this id exists; an existing flock is never renamed.
    /// - Returns: true when the flock was inserted, false when it already existed.
    @discardableResult
    package func ensureFlock(id: String, name: String, createdMicros: Int64) throws(StoreError) -> Bool {
        try locked { database in try Self.ensureFlock(id: id, name: name, createdMicros: createdMicros, in: database) }
    }

    /// Inserts a new flock.
    /// - Throws: `StoreError.duplicateKey` when the id is taken.
    package func createFlock(_ flock: FlockRecord) throws(StoreError) {
        try locked { database in
            try database.run(
                "INSERT INTO flocks(\(Self.flockColumns)) VALUES (?1, ?2, ?3)",
                flock.flockID, flock.name, flock.createdMicros)
        }
    }

    /// The flock with this id, or nil.
    package func flock(_ id: String) throws(StoreError) -> FlockRecord? {
        try locked { database in
            try database.row("SELECT \(Self.flockColumns) FROM flocks WHERE flock_id = ?1", id, as: Self.flockRecord)
        }
    }

    /// Whether a flock with this id exists.
    package func flockExists(_ id: String) throws(StoreError) -> Bool {
        try locked { database in try Self.flockExists(id, in: database) }
    }

    /// Every flock, oldest first (ties by id).
    package func flocks() throws(StoreError) -> [FlockRecord] {
        try locked { database in
            try database.rows(
                "SELECT \(Self.flockColumns) FROM flocks ORDER BY created_us, flock_id", as: Self.flockRecord)
        }
    }

    // MARK: - Helpers (call with the lock held; `Transaction` shares them)

    /// Inserts the flock unless its id exists; returns whether it was inserted.
    static func ensureFlock(
        id: String, name: String, createdMicros: Int64, in database: SQLiteConnection
    ) throws(StoreError) -> Bool {
        // https://www.sqlite.org/lang_upsert.html: DO NOTHING covers only the uniqueness conflict; a NOT NULL
        // or other failure still raises (unlike INSERT OR IGNORE).
        try database.run(
            "INSERT INTO flocks(\(flockColumns)) VALUES (?1, ?2, ?3) ON CONFLICT(flock_id) DO NOTHING",
            id, name, createdMicros) == 1
    }

    /// Whether a flock with this id exists.
    static func flockExists(_ id: String, in database: SQLiteConnection) throws(StoreError) -> Bool {
        try database.exists("SELECT 1 FROM flocks WHERE flock_id = ?1", id)
    }

    /// Reads a flock from a row of `flockColumns`.
    private static func flockRecord(_ row: SQLiteRow) -> FlockRecord {
        FlockRecord(flockID: row[0], name: row[1], createdMicros: row[2])
    }
}
