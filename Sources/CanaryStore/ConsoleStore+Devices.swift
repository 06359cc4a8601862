extension ConsoleStore {
    /// The device columns every device query reads, in the order `deviceRow(_:)` expects.
    static let deviceColumns = """
        node_id, device_id_hash, name, description, location, ip_address, flock_id, live, first_seen_us, \
        last_seen_us, live_since_us, reconnect_count, options
        """

    /// Adds a bird, or replaces every field of the bird with the same node id (which keeps its place in the list).
    /// - Throws: `StoreError.duplicateKey` when another bird has the same `deviceIDHash`; nothing is written then.
    package func putDevice(_ device: DeviceRecord) throws(StoreError) {
        try locked { database in
            try Self.putDevice(device, into: database)
        }
    }

    /// The bird with this node id, or nil.
    package func device(_ nodeID: String) throws(StoreError) -> DeviceRecord? {
        try locked { database in
            try database.row(
                "SELECT \(Self.deviceColumns) FROM devices WHERE node_id = ?1", nodeID, as: Self.deviceRow)
        }
    }

    /// Every bird in the order they were added; only the live (or only the dead) ones when `live` is given.
    package func devices(live: Bool? = nil) throws(StoreError) -> [DeviceRecord] {
        try locked { database in
            guard let live else {
                return try database.rows("SELECT \(Self.deviceColumns) FROM devices ORDER BY rowid", as: Self.deviceRow)
            }
            return try database.rows(
                "SELECT \(Self.deviceColumns) FROM devices WHERE live = ?1 ORDER BY rowid", live, as: Self.deviceRow)
        }
    }

    /// How many birds there are.
    package func deviceCount() throws(StoreError) -> Int {
        try locked { database in
            try database.scalar("SELECT COUNT(*) FROM devices", as: Int.self) ?? 0
        }
    }

    /// Marks a bird live or dead at `atMicros`: going dead keeps `last_seen` at that time; coming back sets the
    /// uptime's start and `last_seen` to that time and counts a reconnect. Asking for the state it has changes
    /// nothing.
    /// - Returns: the bird as stored and whether its state changed, or nil when no bird has this node id.
    package func setDeviceLive(
        _ nodeID: String, _ live: Bool, atMicros: Int64
    ) throws(StoreError) -> (device: DeviceRecord, changed: Bool)? {
        try locked { database in
            try database.transaction { () -> (device: DeviceRecord, changed: Bool)? in
                guard let current = try database.row(
                    "SELECT \(Self.deviceColumns) FROM devices WHERE node_id = ?1", nodeID, as: Self.deviceRow)
                else { return nil }
                guard current.live != live else { return (current, false) }
                if live {
                    try database.run(
                        """
                        UPDATE devices SET live = 1, live_since_us = ?1, last_seen_us = ?1,
                            reconnect_count = reconnect_count + 1
                        WHERE node_id = ?2
                        """,
                        atMicros, nodeID)
                } else {
                    try database.run(
                        "UPDATE devices SET live = 0, last_seen_us = ?1 WHERE node_id = ?2", atMicros, nodeID)
                }
                guard let stored = try database.row(
                    "SELECT \(Self.deviceColumns) FROM devices WHERE node_id = ?1", nodeID, as: Self.deviceRow)
                else { throw StoreError.notFound }
                return (stored, true)
            }
        }
    }

    /// The keys of a bird's unacknowledged incidents, oldest first (`unacknowleged_incidents` of its raw record).
    package func unacknowledgedIncidentKeys(nodeID: String) throws(StoreError) -> [String] {
        try locked { database in
            try database.rows(
                "SELECT incident_key FROM incidents WHERE node_id = ?1 AND acknowledged = 0 ORDER BY created_us",
                nodeID
            ) { row in row[0] }
        }
    }

    // MARK: - Helpers (call with the lock held)

    /// Inserts or replaces a bird by node id; call with the lock held (inside a transaction or alone).
    static func putDevice(_ device: DeviceRecord, into database: SQLiteConnection) throws(StoreError) {
        try database.run(
            """
            INSERT INTO devices(\(deviceColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            ON CONFLICT(node_id) DO UPDATE SET device_id_hash = excluded.device_id_hash, name = excluded.name,
                description = excluded.description, location = excluded.location, ip_address = excluded.ip_address,
                flock_id = excluded.flock_id, live = excluded.live, first_seen_us = excluded.first_seen_us,
                last_seen_us = excluded.last_seen_us, live_since_us = excluded.live_since_us,
                reconnect_count = excluded.reconnect_count, options = excluded.options
            """,
            device.nodeID, device.deviceIDHash, device.name, device.description, device.location, device.ipAddress,
            device.flockID, device.live, device.firstSeenMicros, device.lastSeenMicros, device.liveSinceMicros,
            Int64(device.reconnectCount), device.options)
    }

    /// Reads a bird from a row of `deviceColumns`.
    static func deviceRow(_ row: SQLiteRow) -> DeviceRecord {
        DeviceRecord(
            nodeID: row[0], deviceIDHash: row[1], name: row[2], description: row[3], location: row[4],
            ipAddress: row[5], flockID: row[6], live: row[7], firstSeenMicros: row[8], lastSeenMicros: row[9],
            liveSinceMicros: row[10], reconnectCount: row[11], options: row[12])
    }
}

extension ConsoleStore.Transaction {
    /// The bird with this node id, or nil (a seed leaves a stored bird as it is).
    package func device(_ nodeID: String) throws(StoreError) -> DeviceRecord? {
        try database.row(
            "SELECT \(ConsoleStore.deviceColumns) FROM devices WHERE node_id = ?1", nodeID, as: ConsoleStore.deviceRow)
    }

    /// Adds or replaces a bird as `ConsoleStore.putDevice` does.
    /// - Throws: `StoreError.duplicateKey` when another bird has the same `deviceIDHash`.
    package func putDevice(_ device: DeviceRecord) throws(StoreError) {
        try ConsoleStore.putDevice(device, into: database)
    }
}
