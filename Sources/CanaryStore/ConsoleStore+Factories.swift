extension ConsoleStore {
    /// The columns every factory query reads, in the order `factoryRecord(_:)` expects.
    private static let factoryColumns = "factory_auth, memo, flock_id, created_us, deleted_us"

    /// Inserts a factory auth string.
    /// - Throws: `StoreError.duplicateKey` when the string is taken; `.sqlite` (a foreign key failure) when its flock
    ///   does not exist.
    package func insertFactory(_ factory: FactoryRecord) throws(StoreError) {
        try locked { database in try Self.insert(factory, into: database, ignoringDuplicate: false) }
    }

    /// Inserts the factory unless its auth string exists; an existing one, deleted or not, is left unchanged.
    /// - Returns: true when the factory was inserted.
    @discardableResult
    package func ensureFactory(_ factory: FactoryRecord) throws(StoreError) -> Bool {
        try locked { database in try Self.insert(factory, into: database, ignoringDuplicate: true) }
    }

    /// The factory with this auth string, deleted or not, or nil.
    package func factory(_ factoryAuth: String) throws(StoreError) -> FactoryRecord? {
        try locked { database in
            try database.row(
                "SELECT \(Self.factoryColumns) FROM factories WHERE factory_auth = ?1", factoryAuth,
                as: Self.factoryRecord)
        }
    }

    /// Marks the factory deleted at `atMicros`; its tokens keep their `factory_auth`.
    /// - Returns: true only when the factory existed and was not already deleted.
    @discardableResult
    package func deleteFactory(_ factoryAuth: String, atMicros: Int64) throws(StoreError) -> Bool {
        try locked { database in
            try database.run(
                "UPDATE factories SET deleted_us = ?1 WHERE factory_auth = ?2 AND deleted_us IS NULL",
                atMicros, factoryAuth) == 1
        }
    }

    /// Every factory, oldest first (ties by auth string); deleted ones only when `includeDeleted`.
    package func factories(includeDeleted: Bool) throws(StoreError) -> [FactoryRecord] {
        try locked { database in
            let filter = includeDeleted ? "" : "WHERE deleted_us IS NULL "
            return try database.rows(
                "SELECT \(Self.factoryColumns) FROM factories \(filter)ORDER BY created_us, factory_auth",
                as: Self.factoryRecord)
        }
    }

    // MARK: - Helpers (call with the lock held; `Transaction` shares them)

    /// Inserts one factory row; with `ignoringDuplicate`, an existing auth string is kept as it is.
    /// - Returns: true when the row was inserted.
    @discardableResult
    static func insert(
        _ factory: FactoryRecord,
        into database: SQLiteConnection,
        ignoringDuplicate: Bool
    ) throws(StoreError) -> Bool {
        // https://www.sqlite.org/lang_upsert.html: DO NOTHING covers only the uniqueness conflict; a foreign key
        // failure (unknown flock) still raises.
        let conflict = ignoringDuplicate ? " ON CONFLICT(factory_auth) DO NOTHING" : ""
        return try database.run(
            "INSERT INTO factories(\(factoryColumns)) VALUES (?1, ?2, ?3, ?4, ?5)\(conflict)",
            factory.factoryAuth, factory.memo, factory.flockID, factory.createdMicros, factory.deletedMicros) == 1
    }

    /// Whether a factory with this auth string exists, deleted or not.
    static func factoryExists(_ factoryAuth: String, in database: SQLiteConnection) throws(StoreError) -> Bool {
        try database.exists("SELECT 1 FROM factories WHERE factory_auth = ?1", factoryAuth)
    }

    /// Reads a factory from a row of `factoryColumns`.
    private static func factoryRecord(_ row: SQLiteRow) -> FactoryRecord {
        FactoryRecord(factoryAuth: row[0], memo: row[1], flockID: row[2], createdMicros: row[3], deletedMicros: row[4])
    }
}
