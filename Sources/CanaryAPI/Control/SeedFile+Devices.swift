import CanaryStore
import MiniHTTP

// The birds of a seed file or of the config file (`devices`, docs/birds.md "Where birds come from"): each entry in
// `BirdFields`' form, stored in the seed's transaction after the flocks, so a bird may name a flock of the same seed.

extension SeedFile {
    /// Reads a `devices` list (the seed file's, or the config file's in its own wording). An entry without
    /// `node_id` gets one derived from its name, so every start derives the same; a repeated node id is an error.
    /// - Throws: naming the file and the entry's key.
    package static func readDevices(_ file: JSONObjectReader) throws(ConfigurationError) -> [BirdFields] {
        var seen: Set<String> = []
        var hashes: Set<String> = []
        var devices: [BirdFields] = []
        for entry in try file.objectList("devices") ?? [] {
            var bird = try BirdFields(reading: entry)
            let nodeID = bird.nodeID ?? BirdFields.stableHex("node:" + bird.name, count: 16)
            guard seen.insert(nodeID).inserted else {
                throw entry.problem("node_id", "repeats an earlier bird (a bird without node_id takes one from its name)")
            }
            if let hash = bird.deviceIDHash, !hashes.insert(hash).inserted {
                throw entry.problem("device_id_hash", "repeats an earlier bird")
            }
            bird.nodeID = nodeID
            devices.append(bird)
        }
        return devices
    }

    /// Stores the birds not stored yet (a restart over the same database leaves the birds it finds, live or dead,
    /// as they are); a bird without `device_id_hash` gets one derived from its node id.
    /// - Throws: `ConfigurationError` naming the entry whose flock does not exist or whose `device_id_hash` another
    ///   bird holds; `StoreError` when the database fails.
    static func store(
        _ devices: [BirdFields], file: String, in transaction: ConsoleStore.Transaction, nowMicros: Int64
    ) throws {
        for (offset, bird) in devices.enumerated() {
            let nodeID = bird.nodeID ?? BirdFields.stableHex("node:" + bird.name, count: 16)
            if try transaction.device(nodeID) != nil { continue }
            guard try transaction.flockExists(bird.flockID) else {
                throw ConfigurationError("\(bird.flockSource): flock \(bird.flockID) does not exist (list it under \"flocks\")")
            }
            let record = bird.record(
                replacing: nil, nodeID: nodeID, deviceIDHash: BirdFields.stableHex("hash:" + nodeID, count: 24),
                nowMicros: nowMicros)
            do {
                try transaction.putDevice(record)
            } catch {
                guard error == .duplicateKey else { throw error }
                throw ConfigurationError("\(file): devices[\(offset)]: its device_id_hash is taken by another bird")
            }
        }
    }
}
