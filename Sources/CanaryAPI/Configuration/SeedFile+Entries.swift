import MiniHTTP

// The flock and factory entries the config file (`flocks`, `factories`) and the seed file share: one reading and
// one check for both, so the two files cannot drift apart on what a flock or a factory is.

extension SeedFile.Flock {
    /// The keys a config-file flock entry may hold (a seed entry is a state dump and may hold more).
    package static let keys: Set<String> = ["flock_id", "name"]

    /// Reads and checks one flock entry.
    /// - Throws: naming the file and the entry's key.
    package init(reading entry: JSONObjectReader) throws(ConfigurationError) {
        let id = try entry.requiredString("flock_id")
        guard Validation.isFlockID(id) else {
            throw entry.problem("flock_id", "must be flock:default or flock: followed by 32 lowercase hex digits", got: id)
        }
        let name = try entry.requiredString("name")
        guard (1...100).contains(name.count) else { throw entry.problem("name", "must be 1 to 100 characters") }
        self.init(flockID: id, name: name)
    }
}

extension SeedFile.Factory {
    /// The keys a config-file factory entry may hold (a seed entry may also give `created` and `deleted`).
    package static let keys: Set<String> = ["factory_auth", "memo", "flock_id"]

    /// Reads and checks one factory entry; `flock_id` defaults to the Default Flock.
    /// - Throws: naming the file and the entry's key. The factory_auth value is a secret and never shown.
    package init(reading entry: JSONObjectReader) throws(ConfigurationError) {
        let auth = try entry.requiredString("factory_auth")
        guard !auth.isEmpty else { throw entry.problem("factory_auth", "must not be empty") }
        let memo = try entry.requiredString("memo")
        let flockID = try entry.flockReference("flock_id")
        self.init(
            factoryAuth: auth, memo: memo, flockID: flockID, createdMicros: try entry.createdMicros(),
            deleted: try entry.bool("deleted") ?? false, source: entry.location("flock_id"))
    }
}

extension JSONObjectReader {
    /// The flock an entry goes to (`flock_id`), the Default Flock when absent.
    package func flockReference(_ key: String) throws(ConfigurationError) -> String {
        let flockID = try string(key) ?? KindsTable.defaultFlockID
        guard Validation.isFlockID(flockID) else {
            switch dialect {
            case .configFile:
                throw problem(key, "must be flock:default or flock: followed by 32 lowercase hex digits", got: flockID)
            case .seedFile, .controlRequest:
                throw problem(key, "is not a flock id")
            }
        }
        return flockID
    }

    /// An entry's `created`: seconds since 1970 as text (`"1586161315.087693"`, the state dump's form) or as a
    /// number; nil when absent.
    package func createdMicros() throws(ConfigurationError) -> Int64? {
        guard let value = value("created") else { return nil }
        let parsed = value.stringValue.flatMap(SeedFile.parseCreated)
            ?? value.doubleValue.flatMap { $0.isFinite && $0 >= 0 && $0 < 1e11 ? Int64(($0 * 1_000_000).rounded()) : nil }
        guard let parsed else { throw problem("created", "must be seconds since 1970, such as \"1586161315.087693\"") }
        return parsed
    }
}
