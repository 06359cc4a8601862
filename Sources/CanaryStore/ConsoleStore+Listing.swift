extension ConsoleStore {
    /// Enabled and disabled token counts per flock, for every flock that has tokens (flocks without any are absent).
    package func tokenCountsByFlock() throws(StoreError) -> [String: FlockTokenCounts] {
        try locked { database in
            var counts: [String: FlockTokenCounts] = [:]
            try database.eachRow(
                "SELECT flock_id, sum(enabled != 0), sum(enabled = 0) FROM tokens GROUP BY flock_id"
            ) { row in
                counts[row[0]] = FlockTokenCounts(enabled: row[1], disabled: row[2])
            }
            return counts
        }
    }
}
