import CanaryStore

/// Bird incidents (docs/bird-incidents.md): what a bird's alert or disconnection records through the trigger
/// pipeline, and how to tell a bird's incident from a token's.
package enum BirdIncidents {
    /// Records the "Canary Disconnected" incident (logtype 1004) of a bird that has just gone dead: key
    /// `incident:devicedied:<device_id_hash>::<epoch>`, no source, one event `{}` with its timestamps, at now on the
    /// console's clock. Webhooks are sent as for any new incident; the ignore list does not apply (no source).
    /// - Returns: the incident, or nil when none was recorded (the bird no longer exists).
    package static func deviceDied(_ device: DeviceRecord, context: ConsoleContext) throws(APIError) -> IncidentRecord? {
        guard let entry = BirdLogtypes.entry(BirdLogtypes.disconnected) else { return nil }
        let alert = BirdAlert(nodeID: device.nodeID, logtype: entry, timeMicros: context.now())
        return try context.triggers.recordBird(alert).incident
    }

    /// Whether an incident is a bird's: every incident whose key is not a Canarytoken's (`incident:canarytoken:…`),
    /// seeded ones included.
    package static func isBird(_ incident: IncidentRecord) -> Bool {
        !incident.key.hasPrefix("incident:canarytoken:")
    }
}
