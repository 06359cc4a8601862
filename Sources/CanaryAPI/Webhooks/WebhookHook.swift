import CanaryStore
import MiniHTTP

/// The trigger pipeline's `incidentOpened` hook for webhooks (docs/webhooks.md, docs/triggers.md): renders a new
/// incident's body once and queues it for every webhook whose flock matches (a bird's incident is in its bird's
/// flock). It runs on the channel's thread, so it only reads the token (or the bird) and the source's incident count,
/// and never waits for a receiver.
package enum WebhookHook {
    /// The hook for one console.
    package static func incidentOpened(
        store: ConsoleStore, sender: WebhookSender, triggeredType: WebhookBody.TriggeredType,
        log: @escaping @Sendable (String) -> Void
    ) -> @Sendable (IncidentRecord) -> Void {
        { incident in
            let targets = sender.targets.filter { $0.flockID == nil || $0.flockID == incident.flockID }
            // A full queue (a receiver that hangs) costs the trigger nothing more: no reads, no body.
            guard !targets.isEmpty, !sender.dropIfFull(bodies: targets.count) else { return }
            if BirdIncidents.isBird(incident) {
                birdIncidentOpened(incident, targets: targets, store: store, sender: sender, log: log)
                return
            }
            let facts: WebhookBody.TokenFacts
            do {
                guard let token = try store.token(incident.nodeID) else { return }
                let source = incident.srcHost
                let count = source.isEmpty ? 0 : (try store.incidentCounts(srcHosts: [source])[source] ?? 0)
                facts = WebhookBody.TokenFacts(
                    memo: token.memo, triggeredCount: token.triggeredCount, previousIncidents: max(0, count - 1))
            } catch {
                log("webhook body for incident \(incident.hashID) not built: \(error)")
                return
            }
            let generic = WebhookBody.tokenIncident(incident, facts: facts, triggeredType: triggeredType)
            for target in targets {
                sender.enqueue(WebhookSender.Outbound(target: target, body: WebhookBody.formatted(generic, target.format)))
            }
        }
    }

    /// A bird incident's body (docs/webhooks.md "Bird incidents"): the bird's name, address and location read now
    /// (its snapshot in the incident when the bird is gone), the source's other incidents counted; queued for every
    /// target in the DOCS 2026 key order.
    private static func birdIncidentOpened(
        _ incident: IncidentRecord, targets: [WebhookTarget], store: ConsoleStore, sender: WebhookSender,
        log: @Sendable (String) -> Void
    ) {
        let facts: WebhookBody.BirdFacts
        do {
            let snapshot = (try? JSONReader.parse(Array(incident.extra.utf8)))?.objectValue ?? [:]
            let device = try store.device(incident.nodeID)
            let source = incident.srcHost
            let count = source.isEmpty ? 0 : (try store.incidentCounts(srcHosts: [source])[source] ?? 0)
            facts = WebhookBody.BirdFacts(
                name: device?.name ?? snapshot["name"]?.stringValue ?? "",
                ipAddress: device?.ipAddress ?? snapshot["dst_host"]?.stringValue ?? "",
                location: device?.location ?? "", previousIncidents: max(0, count - 1))
        } catch {
            log("webhook body for incident \(incident.hashID) not built: \(error)")
            return
        }
        let generic = WebhookBody.birdIncident(incident, facts: facts)
        for target in targets {
            sender.enqueue(WebhookSender.Outbound(
                target: target, body: WebhookBody.formatted(generic, target.format), keyOrder: WebhookBody.birdKeyOrder))
        }
    }
}
