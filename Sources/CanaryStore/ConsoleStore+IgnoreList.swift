extension ConsoleStore {
    /// Adds an entry to the ignore list (docs/api.md §7.6); adding one that is already there changes nothing.
    /// - Returns: true when the entry was new.
    @discardableResult
    package func addIgnoreEntry(_ entry: IgnoreEntry) throws(StoreError) -> Bool {
        try locked { database in
            // The column holds 0 for "every port" so the primary key also makes that entry unique (a NULL would not
            // conflict with another NULL, https://www.sqlite.org/lang_createtable.html#unique_constraints).
            try database.run(
                "INSERT INTO ignore_list(src_ip, dst_port) VALUES (?1, ?2) ON CONFLICT(src_ip, dst_port) DO NOTHING",
                entry.srcIP, entry.dstPort ?? 0) == 1
        }
    }

    /// Removes entries of the ignore list: with a port, only the entry for that port; without, every entry of the
    /// address (the one for every port and those for single ports).
    /// - Returns: how many entries were removed.
    @discardableResult
    package func removeIgnoreEntries(srcIP: String, dstPort: Int?) throws(StoreError) -> Int {
        try locked { database in
            guard let dstPort else { return try database.run("DELETE FROM ignore_list WHERE src_ip = ?1", srcIP) }
            return try database.run(
                "DELETE FROM ignore_list WHERE src_ip = ?1 AND dst_port = ?2", srcIP, Int64(dstPort))
        }
    }

    /// Every entry of the ignore list, by address then port (the entry without a port first).
    package func ignoreEntries() throws(StoreError) -> [IgnoreEntry] {
        try locked { database in
            try database.rows(
                "SELECT src_ip, dst_port FROM ignore_list ORDER BY src_ip, dst_port", as: Self.ignoreEntry)
        }
    }

    /// The entries for one address, the lookup a hit makes (the primary key's index serves it).
    package func ignoreEntries(srcIP: String) throws(StoreError) -> [IgnoreEntry] {
        try locked { database in
            try database.rows(
                "SELECT src_ip, dst_port FROM ignore_list WHERE src_ip = ?1 ORDER BY dst_port", srcIP,
                as: Self.ignoreEntry)
        }
    }

    /// Reads an entry from a row of `src_ip, dst_port`; port 0 is the entry for every port.
    private static func ignoreEntry(_ row: SQLiteRow) -> IgnoreEntry {
        let port: Int = row[1]
        return IgnoreEntry(srcIP: row[0], dstPort: port == 0 ? nil : port)
    }
}
