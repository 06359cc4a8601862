import CanaryStore
import MiniHTTP

/// `GET /_mock/state`: every flock, factory (deleted ones too, marked), token, incident (in the feed's item
/// shape) and bird (in the seed file's entry form, docs/birds.md), and the change counter, for debugging a failed CI
/// run; the answer is a valid seed file. No Console auth.
/// Factory auth strings are shown: this is the test harness's view.
package enum StateHandler {
    /// The whole console as one JSON object.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let flocks = try context.read("flocks") { store in try store.flocks() }
        let factories = try context.read("factories") { store in try store.factories(includeDeleted: true) }
        let tokens = try context.read("tokens") { store in try store.tokens(flockID: nil) }
        let updatedID = try context.read("updated_id") { store in try store.currentUpdatedID() }
        let incidents = try context.read("incidents") { store in
            try store.incidents(matching: IncidentFilter(), limit: nil)
        }
        let devices = try context.read("devices") { store in try store.devices() }
        let names = try IncidentNames.load(for: incidents, context)
        let ignored = try context.read("ignore list") { store in try store.ignoreEntries() }
        let dstHost = context.configuration.dnsAnswerIP
        let now = context.now()
        return .json([
            "devices": .array(devices.map { BirdPresenter($0, nowMicros: now).stateEntry }),
            "factories": .array(factories.map { factory in
                [
                    "created": .string(Timestamps.created(factory.createdMicros)),
                    "deleted": .bool(factory.isDeleted), "factory_auth": .string(factory.factoryAuth),
                    "flock_id": .string(factory.flockID), "memo": .string(factory.memo),
                ]
            }),
            "flocks": .array(flocks.map { ["flock_id": .string($0.flockID), "name": .string($0.name)] }),
            "ignore_list": SeedFile.ignoreListJSON(ignored),
            "incidents": .array(incidents.map { IncidentJSON.item($0, names: names, dstHost: dstHost) }),
            "result": "success",
            "tokens": .array(tokens.map(TokenPresenter.object)),
            "updated_id": .int(updatedID),
        ])
    }
}
