extension ConsoleStore {
    /// The schema's forward migrations, in order: entry `n - 1` takes `PRAGMA user_version` from `n - 1` to `n`.
    ///
    /// Append new migrations; never edit one that has shipped. Each runs in its own transaction together with the
    /// `user_version` update, so a crash leaves the database at the previous version, not half-way.
    static let migrations: [String] = [
        // Version 1: the initial schema.
        // TEXT PRIMARY KEY columns are declared NOT NULL because SQLite, for historical reasons, otherwise lets
        // them hold NULL in rowid tables (https://www.sqlite.org/lang_createtable.html#the_primary_key).
        """
        CREATE TABLE flocks(
            flock_id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            created_us INTEGER NOT NULL
        );
        CREATE TABLE factories(
            factory_auth TEXT PRIMARY KEY NOT NULL,
            memo TEXT NOT NULL,
            flock_id TEXT NOT NULL REFERENCES flocks(flock_id),
            created_us INTEGER NOT NULL,
            deleted_us INTEGER NULL
        );
        CREATE TABLE tokens(
            canarytoken TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            memo TEXT NOT NULL,
            flock_id TEXT NOT NULL REFERENCES flocks(flock_id),
            created_us INTEGER NOT NULL,
            enabled INTEGER NOT NULL,
            triggered_count INTEGER NOT NULL,
            updated_id INTEGER NOT NULL,
            url TEXT NOT NULL,
            hostname TEXT NOT NULL,
            factory_auth TEXT NULL REFERENCES factories(factory_auth)
        );
        CREATE INDEX tokens_flock_id ON tokens(flock_id);
        CREATE UNIQUE INDEX tokens_updated_id ON tokens(updated_id);
        CREATE TABLE token_attributes(
            canarytoken TEXT NOT NULL REFERENCES tokens(canarytoken) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY(canarytoken, name)
        ) WITHOUT ROWID;
        CREATE TABLE token_files(
            canarytoken TEXT NOT NULL REFERENCES tokens(canarytoken) ON DELETE CASCADE,
            name TEXT NOT NULL,
            filename TEXT NOT NULL,
            content_type TEXT,
            bytes BLOB NOT NULL,
            PRIMARY KEY(canarytoken, name)
        );
        CREATE TABLE console(
            id INTEGER PRIMARY KEY CHECK (id = 1),
            updated_id INTEGER NOT NULL
        );
        INSERT INTO console(id, updated_id) VALUES (1, 0);
        INSERT INTO flocks(flock_id, name, created_us)
            VALUES ('\(defaultFlockID)', '\(defaultFlockName)', \(nowMicrosSQL));
        """,
        // Version 2: incidents and their events, with their own change counter (docs/incidents.md).
        // No foreign key to tokens: a seeded incident may name a token the mock does not have.
        """
        ALTER TABLE console ADD COLUMN incident_updated_id INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE incidents(
            incident_key TEXT PRIMARY KEY NOT NULL,
            hash_id TEXT NOT NULL,
            node_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            logtype TEXT NOT NULL,
            flock_id TEXT NOT NULL,
            src_host TEXT NOT NULL,
            src_port INTEGER NOT NULL,
            description TEXT NOT NULL,
            created_us INTEGER NOT NULL,
            last_event_us INTEGER NOT NULL,
            updated_us INTEGER NOT NULL,
            acknowledged INTEGER NOT NULL,
            updated_id INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX incidents_hash_id ON incidents(hash_id);
        CREATE UNIQUE INDEX incidents_updated_id ON incidents(updated_id);
        CREATE INDEX incidents_acknowledged ON incidents(acknowledged, updated_id);
        CREATE INDEX incidents_node_id ON incidents(node_id, src_host, last_event_us);
        CREATE TABLE incident_events(
            event_id INTEGER PRIMARY KEY,
            incident_key TEXT NOT NULL REFERENCES incidents(incident_key) ON DELETE CASCADE,
            time_us INTEGER NOT NULL,
            fields TEXT NOT NULL
        );
        CREATE INDEX incident_events_incident_key ON incident_events(incident_key, event_id);
        """,
        // Version 3: the description members a seeded incident carries beyond the columns, each incident's event
        // count (the window's cap and the pages' event budget, docs/incidents.md), and the lookup of a token by an
        // attribute (an aws-id token by its access key id).
        """
        ALTER TABLE incidents ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE incidents ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
        UPDATE incidents SET event_count =
            (SELECT count(*) FROM incident_events AS e WHERE e.incident_key = incidents.incident_key);
        CREATE INDEX token_attributes_value ON token_attributes(name, value);
        CREATE INDEX incidents_src_host ON incidents(src_host);
        """,
        // Version 4: the ignore list (docs/api.md §7.6); dst_port 0 is the entry for every port.
        """
        CREATE TABLE ignore_list(
            src_ip TEXT NOT NULL,
            dst_port INTEGER NOT NULL,
            PRIMARY KEY(src_ip, dst_port)
        ) WITHOUT ROWID;
        """,
        // Version 5: birds (docs/birds.md) and the audit trail (docs/audit-trail.md). A bird's rowid keeps the
        // order birds were added in (an update keeps it); `options` holds the optional fields a bird was given, as a
        // JSON object text. Audit ids are AUTOINCREMENT so a purge never lets an id come back while the console
        // lives (reset starts them at 1 again); a NULL flock_id or flock_name is the Console's `null`.
        """
        CREATE TABLE devices(
            node_id TEXT PRIMARY KEY NOT NULL,
            device_id_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            location TEXT NOT NULL,
            ip_address TEXT NOT NULL,
            flock_id TEXT NOT NULL,
            live INTEGER NOT NULL,
            first_seen_us INTEGER NOT NULL,
            last_seen_us INTEGER NOT NULL,
            live_since_us INTEGER NOT NULL,
            reconnect_count INTEGER NOT NULL DEFAULT 0,
            options TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE audit_trail(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            action_type TEXT NOT NULL,
            message TEXT NOT NULL,
            flock_id TEXT,
            flock_name TEXT,
            user TEXT NOT NULL,
            user_ip TEXT NOT NULL,
            user_browser_agent TEXT NOT NULL,
            user_browser_language TEXT NOT NULL,
            user_access_route TEXT NOT NULL DEFAULT '',
            time_us INTEGER NOT NULL,
            additional_information TEXT
        );
        CREATE INDEX audit_trail_action ON audit_trail(action_type, id);
        CREATE INDEX audit_trail_time ON audit_trail(time_us);
        """,
    ]

    /// The schema version this program writes: the number of migrations.
    package static var schemaVersion: Int { migrations.count }

    /// Brings the database up to `schemaVersion`, one transaction per migration.
    ///
    /// The version lives in `PRAGMA user_version`, an integer in the database header that is 0 in a new file and
    /// is written transactionally (https://www.sqlite.org/pragma.html#pragma_user_version). Each step re-reads it
    /// inside its IMMEDIATE transaction, so two processes opening the same new file cannot both apply a migration.
    /// - Throws: `StoreError.schemaTooNew` when the file's version is higher than ours; nothing is changed then.
    static func migrate(_ database: SQLiteConnection) throws(StoreError) {
        let supported = schemaVersion
        let found = try database.queryInt("PRAGMA user_version") ?? 0
        guard found <= supported else { throw StoreError.schemaTooNew(found: found, supported: supported) }
        guard found < supported else { return }
        for (offset, sql) in migrations.enumerated() {
            let version = offset + 1
            do {
                try database.transaction {
                    let current = try database.queryInt("PRAGMA user_version") ?? 0
                    guard current <= supported else {
                        throw StoreError.schemaTooNew(found: current, supported: supported)
                    }
                    guard current < version else { return }
                    try database.execute(sql)
                    try database.execute("PRAGMA user_version = \(version)")
                }
            } catch {
                throw StoreError(converting: error)
            }
        }
    }
}
