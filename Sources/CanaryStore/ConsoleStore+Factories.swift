extension ConsoleStore {
    /// The columns every factory query reads, in the order `factoryRecord(from:)` expects.
    private static let factoryColumns = "factory_auth, memo, flock_id, created_us, deleted_us"

    /// Inserts a factory auth string.
    /// - Throws: `StoreError.duplicateKey` when the string is taken; `.sqlite` (a foreign key failure) when its flock
    ///   does not exist.
    package func insertFactory(_ factory: FactoryRecord) throws(StoreError) {
        try locked { database throws(StoreError) in
            try Self.insert(factory, into: database, ignoringDuplicate: false)
        }
    }

    /// Inserts the factory unless its auth string exists; an existing one, deleted or not, is left unchanged.
    /// - Returns: true when the factory was inserted.
    @discardableResult
    package func ensureFactory(_ factory: FactoryRecord) throws(StoreError) -> Bool {
        try locked { database throws(StoreError) in
            try Self.insert(factory, into: database, ignoringDuplicate: true)
            return database.changes == 1
        }
    }

    /// The factory with this auth string, deleted or not, or nil.
    package func factory(_ factoryAuth: String) throws(StoreError) -> FactoryRecord? {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "SELECT \(Self.factoryColumns) FROM factories WHERE factory_auth = ?1"
            ) { statement throws(StoreError) -> FactoryRecord? in
                try statement.bind(factoryAuth, at: 1)
                return try statement.step() ? Self.factoryRecord(from: statement) : nil
            }
        }
    }

    /// Marks the factory deleted at `atMicros`; its tokens keep their `factory_auth`.
    /// - Returns: true only when the factory existed and was not already deleted.
    @discardableResult
    package func deleteFactory(_ factoryAuth: String, atMicros: Int64) throws(StoreError) -> Bool {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "UPDATE factories SET deleted_us = ?1 WHERE factory_auth = ?2 AND deleted_us IS NULL"
            ) { statement throws(StoreError) in
                try statement.bind(atMicros, at: 1)
                try statement.bind(factoryAuth, at: 2)
                try statement.run()
            }
            return database.changes == 1
        }
    }

    /// Every factory, oldest first (ties by auth string); deleted ones only when `includeDeleted`.
    package func factories(includeDeleted: Bool) throws(StoreError) -> [FactoryRecord] {
        try locked { database throws(StoreError) in
            let filter = includeDeleted ? "" : "WHERE deleted_us IS NULL "
            return try database.withStatement(
                "SELECT \(Self.factoryColumns) FROM factories \(filter)ORDER BY created_us, factory_auth"
            ) { statement throws(StoreError) -> [FactoryRecord] in
                var result: [FactoryRecord] = []
                while try statement.step() {
                    result.append(Self.factoryRecord(from: statement))
                }
                return result
            }
        }
    }

    /// Inserts one factory row; with `ignoringDuplicate`, an existing auth string is kept as it is.
    static func insert(
        _ factory: FactoryRecord,
        into database: SQLiteConnection,
        ignoringDuplicate: Bool
    ) throws(StoreError) {
        // https://www.sqlite.org/lang_upsert.html: DO NOTHING covers only the uniqueness conflict; a foreign key
        // failure (unknown flock) still raises.
        let conflict = ignoringDuplicate ? " ON CONFLICT(factory_auth) DO NOTHING" : ""
        try database.withStatement(
            "INSERT INTO factories(\(factoryColumns)) VALUES (?1, ?2, ?3, ?4, ?5)\(conflict)"
        ) { statement throws(StoreError) in
            try statement.bind(factory.factoryAuth, at: 1)
            try statement.bind(factory.memo, at: 2)
            try statement.bind(factory.flockID, at: 3)
            try statement.bind(factory.createdMicros, at: 4)
            try statement.bind(factory.deletedMicros, at: 5)
            try statement.run()
        }
    }

    /// Reads a factory from the current row of a `SELECT` of `factoryColumns`.
    private static func factoryRecord(from statement: SQLiteStatement) -> FactoryRecord {
        FactoryRecord(
            factoryAuth: statement.text(at: 0),
            memo: statement.text(at: 1),
            flockID: statement.text(at: 2),
            createdMicros: statement.int64(at: 3),
            deletedMicros: statement.optionalInt64(at: 4)
        )
    }
}
