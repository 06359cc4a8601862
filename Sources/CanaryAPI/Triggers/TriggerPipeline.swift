import Basics
import CanaryStore
import MiniHTTP

/// The one function every channel hands its hits to (docs/api.md §7.2, docs/triggers.md): it drops hits on unknown
/// or disabled tokens and ignored sources, records the event in the token's open incident or a new one (the window
/// rule of docs/incidents.md), commits, and hands a newly opened incident to the webhook hook.
package struct TriggerPipeline: Sendable {
    /// The description (and `summary`) of every Canarytoken incident.
    package static let description = "Canarytoken triggered"

    // Internal, not private: TriggerPipeline+Birds.swift records bird events through the same store and hooks.
    /// Where events are recorded.
    let store: ConsoleStore
    /// The console's clock, for events without a time.
    let clock: WallClock
    /// The incident window (`incident_window_seconds`) in microseconds.
    let windowMicros: Int64
    /// The ignore list and the webhook hook.
    let hooks: TriggerHooks
    /// Where store failures are reported.
    let log: @Sendable (String) -> Void

    /// Makes the pipeline of one console.
    package init(
        store: ConsoleStore, clock: WallClock, windowSeconds: Int, hooks: TriggerHooks = .none,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.store = store
        self.clock = clock
        self.windowMicros = Int64(windowSeconds) * 1_000_000
        self.hooks = hooks
        self.log = log
    }

    /// Records one hit. A taken incident key or hash id is retried with new ones; a store failure is logged and
    /// answered `Could not save Canarydrop`.
    /// - Returns: what happened; only `.recorded` wrote anything, and it is committed when this returns.
    package func record(_ trigger: Trigger) throws(APIError) -> TriggerOutcome {
        let id = trigger.canarytoken.lowercased()
        let token: TokenRecord?
        do {
            token = try store.token(id)
        } catch {
            log("store read failed (trigger token): \(error)")
            throw .internalError
        }
        guard let token else { return .unknownToken }
        guard token.enabled else { return .disabledToken }
        if hooks.isIgnored(trigger.srcIP, trigger.srcPort) { return .ignoredSource }

        let kind = TriggerKinds.entry(for: token.kind)
        let channel = trigger.channel ?? kind.channel
        let time = trigger.timeMicros ?? clock.nowMicros()
        let seconds = Timestamps.floorSeconds(time)
        // The DNS channel's source is the resolver, so its incidents are keyed without an IP (docs/api.md §7.2).
        let incidentHost = channel == .dns ? "" : trigger.srcIP
        var fields = trigger.fields
        fields["canarytoken"] = .string(id)
        fields["type"] = .string(token.kind)
        fields["timestamp"] = .int(Int(seconds))
        fields["timestamp_std"] = .string(Timestamps.standard(time))
        fields["src_host"] = .string(trigger.srcIP)
        fields["dst_port"] = .int(TriggerKinds.destinationPort(channel))
        let fieldsText = String(decoding: JSONWriter.encodeLine(.object(fields)), as: UTF8.self)

        for _ in 0..<4 {
            let event = NewIncidentEvent(
                canarytoken: id, srcHost: incidentHost, srcPort: 0, timeMicros: time, fields: fieldsText,
                kind: token.kind, logtype: kind.logtype, flockID: token.flockID, description: Self.description,
                newKey: Self.incidentKey(host: incidentHost, seconds: seconds), newHashID: Self.hashID())
            do {
                // Only this event comes back: a hit costs the same however many events its incident holds.
                let incident = try store.recordEvent(event, windowMicros: windowMicros, loadingEvents: false)
                let opened = incident.key == event.newKey
                if opened { hooks.incidentOpened(incident) }
                return .recorded(incident, opened: opened)
            } catch .duplicateKey {
                continue
            } catch .notFound {
                // Deleted between the read and the write.
                return .unknownToken
            } catch {
                log("could not record a trigger of token \(id): \(error)")
                throw .couldNotSave
            }
        }
        throw .couldNotSave
    }

    private static let hexAlphabet = Array("0123456789abcdef".utf8)

    /// `incident:canarytoken:<24 hex>:<source IP>:<epoch>` (docs/api.md §7.2).
    package static func incidentKey(host: String, seconds: Int64) -> String {
        "incident:canarytoken:\(SecureRandom.string(24, from: hexAlphabet)):\(host):\(seconds)"
    }

    /// 32 lowercase hex.
    package static func hashID() -> String { SecureRandom.string(32, from: hexAlphabet) }
}
