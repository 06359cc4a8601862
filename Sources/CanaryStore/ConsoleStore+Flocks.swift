extension ConsoleStore {
    /// Inserts the flock unless one with this id exists; an existing flock is never renamed.
    /// - Returns: true when the flock was inserted, false when it already existed.
    @discardableResult
    package func ensureFlock(id: String, name: String, createdMicros: Int64) throws(StoreError) -> Bool {
        try locked { database throws(StoreError) in
            // https://www.sqlite.org/lang_upsert.html: DO NOTHING covers only the uniqueness conflict; a NOT NULL
            // or other failure still raises (unlike INSERT OR IGNORE).
            try database.withStatement(
                """
                INSERT INTO flocks(flock_id, name, created_us) VALUES (?1, ?2, ?3)
                ON CONFLICT(flock_id) DO NOTHING
                """
            ) { statement throws(StoreError) in
                try statement.bind(id, at: 1)
                try statement.bind(name, at: 2)
                try statement.bind(createdMicros, at: 3)
                try statement.run()
            }
            return database.changes == 1
        }
    }

    /// Inserts a new flock.
    /// - Throws: `StoreError.duplicateKey` when the id is taken.
    package func createFlock(_ flock: FlockRecord) throws(StoreError) {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "INSERT INTO flocks(flock_id, name, created_us) VALUES (?1, ?2, ?3)"
            ) { statement throws(StoreError) in
                try statement.bind(flock.flockID, at: 1)
                try statement.bind(flock.name, at: 2)
                try statement.bind(flock.createdMicros, at: 3)
                try statement.run()
            }
        }
    }

    /// The flock with this id, or nil.
    package func flock(_ id: String) throws(StoreError) -> FlockRecord? {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "SELECT flock_id, name, created_us FROM flocks WHERE flock_id = ?1"
            ) { statement throws(StoreError) -> FlockRecord? in
                try statement.bind(id, at: 1)
                return try statement.step() ? Self.flockRecord(from: statement) : nil
            }
        }
    }

    /// Whether a flock with this id exists.
    package func flockExists(_ id: String) throws(StoreError) -> Bool {
        try locked { database throws(StoreError) in
            try database.withStatement("SELECT 1 FROM flocks WHERE flock_id = ?1") { statement throws(StoreError) in
                try statement.bind(id, at: 1)
                return try statement.step()
            }
        }
    }

    /// Every flock, oldest first (ties by id).
    package func flocks() throws(StoreError) -> [FlockRecord] {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "SELECT flock_id, name, created_us FROM flocks ORDER BY created_us, flock_id"
            ) { statement throws(StoreError) -> [FlockRecord] in
                var result: [FlockRecord] = []
                while try statement.step() {
                    result.append(Self.flockRecord(from: statement))
                }
                return result
            }
        }
    }

    /// Reads a flock from the current row of a `SELECT flock_id, name, created_us`.
    private static func flockRecord(from statement: SQLiteStatement) -> FlockRecord {
        FlockRecord(
            flockID: statement.text(at: 0),
            name: statement.text(at: 1),
            createdMicros: statement.int64(at: 2)
        )
    }
}
