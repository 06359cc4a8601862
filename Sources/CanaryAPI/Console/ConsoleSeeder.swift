import CanaryStore

/// Creates what the configuration declares (flocks, factories, birds) if missing; existing data is never dropped. The
/// configuration is applied as a seed without tokens (`MockConfiguration.seed`), by the seed file's own path.
package enum ConsoleSeeder {
    /// Seeds the store in one transaction, or explains in one line (naming the file and key, or the database) why
    /// the configuration cannot be applied; then nothing is written.
    package static func seed(_ store: ConsoleStore, _ configuration: MockConfiguration, nowMicros: Int64) throws(ConfigurationError) {
        do {
            try store.transaction { transaction in try seed(in: transaction, configuration, nowMicros: nowMicros) }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(
                "database \(configuration.database): could not apply the configured flocks and factories: \(error)")
        }
    }

    /// Seeds inside the caller's transaction (a reset re-applies the configuration in the reset's transaction).
    /// - Throws: `ConfigurationError` for a factory whose flock does not exist; `StoreError` when the database fails.
    package static func seed(
        in transaction: ConsoleStore.Transaction, _ configuration: MockConfiguration, nowMicros: Int64
    ) throws {
        try configuration.seed.prepare(
            tokenDomain: configuration.tokenDomain, urlBase: configuration.tokenURLBase, nowMicros: nowMicros).write(in: transaction)
    }
}
