import CanaryStore

/// Bird incidents (docs/birds.md): what a bird's alert or disconnection records through the trigger pipeline.
package enum BirdIncidents {
    /// Records the "Canary Disconnected" incident (logtype 1004) of a bird that has just gone dead.
    /// - Returns: the incident, or nil when none was recorded.
    package static func deviceDied(_ device: DeviceRecord, context: ConsoleContext) throws(APIError) -> IncidentRecord? {
        // Filled in by the bird alerts work (issue 14); until then a dying bird records nothing.
        nil
    }
}
