/// Recently read or written tokens, so a fetch of a known token needs no SQLite work.
///
/// Consistency: entries are added, replaced and removed only by code holding the store's connection lock, right
/// after the matching read or committed write, so the cache follows the database in commit order. Lookups take
/// only the cache's own lock. Only this process writes the database (WAL on one file), so nothing changes behind it.
/// Bounded: when `capacity` is reached the cache starts over, keeping memory flat whatever the table size.
struct TokenCache: Sendable {
    /// Most tokens held (a token is a few hundred bytes).
    static let capacity = 20_000

    private var entries: [String: TokenRecord] = [:]

    /// The cached token, if any.
    func token(_ id: String) -> TokenRecord? { entries[id] }

    /// Remembers a token as the database now holds it.
    mutating func store(_ token: TokenRecord) {
        if entries.count >= Self.capacity, entries[token.canarytoken] == nil { entries.removeAll(keepingCapacity: true) }
        entries[token.canarytoken] = token
    }

    /// Forgets a token (deleted, or changed in a way not worth re-reading).
    mutating func remove(_ id: String) { entries[id] = nil }

    /// Forgets everything (reset).
    mutating func removeAll() { entries.removeAll() }
}
