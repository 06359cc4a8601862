extension ConsoleStore {
    /// Enabled and disabled token counts per flock, for every flock that has tokens (flocks without any are absent).
    package func tokenCountsByFlock() throws(StoreError) -> [String: FlockTokenCounts] {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "SELECT flock_id, sum(enabled != 0), sum(enabled = 0) FROM tokens GROUP BY flock_id"
            ) { statement throws(StoreError) -> [String: FlockTokenCounts] in
                var counts: [String: FlockTokenCounts] = [:]
                while try statement.step() {
                    counts[statement.text(at: 0)] = FlockTokenCounts(
                        enabled: statement.int(at: 1), disabled: statement.int(at: 2))
                }
                return counts
            }
        }
    }
}
