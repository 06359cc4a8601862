import CanaryStore

/// Creates what the configuration declares (flocks, factories) if missing; existing data is never dropped.
package enum ConsoleSeeder {
    /// Seeds the store, or explains in one line why the configuration cannot be applied.
    package static func seed(_ store: ConsoleStore, _ configuration: MockConfiguration, nowMicros: Int64) throws(ConfigurationError) {
        do {
            for flock in configuration.flocks {
                _ = try store.ensureFlock(id: flock.flockID, name: flock.name, createdMicros: nowMicros)
            }
            for factory in configuration.factories {
                guard try store.flockExists(factory.flockID) else {
                    throw ConfigurationError(
                        "factory \"\(factory.memo)\": flock \(factory.flockID) does not exist (list it under \"flocks\")")
                }
                _ = try store.ensureFactory(FactoryRecord(
                    factoryAuth: factory.factoryAuth, memo: factory.memo, flockID: factory.flockID,
                    createdMicros: nowMicros))
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("database: could not apply the configured flocks and factories: \(error)")
        }
    }
}
