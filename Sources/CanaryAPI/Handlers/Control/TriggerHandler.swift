import CanaryStore
import MiniHTTP

/// `POST /_mock/trigger` (docs/api.md §7.3 "Control"): triggers a token as if one of its channels had been hit,
/// through the same pipeline, and answers the incident as `incident/fetch` shows it.
package enum TriggerHandler {
    private static let fields: Set<String> = [
        "canarytoken", "src_ip", "src_port", "channel", "time", "count", "user_agent", "headers", "hostname", "extra",
    ]

    /// Most events one request records.
    package static let maxCount = 1000

    /// Records `count` events (default 1) on the token and answers `{"incident": <flat incident>, "result":
    /// "success"}`; an ignored source answers `"incident": null` and records nothing.
    /// - Throws: `Could not find the Canarytoken` (404) for an unknown token, a control error for a disabled one
    ///   or a malformed field.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(fields)
        guard let id = try input.string("canarytoken"), !id.isEmpty else {
            throw .invalidControlRequest("canarytoken is required.")
        }
        // The default source is the caller's address, without its port (MiniHTTP reports `ip:port`).
        let peer = PeerAddress.split(request.remoteAddress)
        let srcIP = try input.string("src_ip") ?? (peer.ip.isEmpty ? "127.0.0.1" : peer.ip)
        guard isAddress(srcIP) else {
            throw .invalidControlRequest("src_ip must be an IPv4 or IPv6 address such as 10.0.0.1.")
        }
        let srcPort = try input.int("src_port", in: 0...65535) ?? (input.names.contains("src_ip") ? nil : peer.port)
        var channel: Trigger.Channel?
        if let name = try input.string("channel") {
            guard let chosen = Trigger.Channel(rawValue: name.uppercased()) else {
                throw .invalidControlRequest("channel must be http, dns or aws.")
            }
            channel = chosen
        }
        let time = try input.double("time", in: 0...Double(ClockHandler.maxSeconds))
            .map { Int64(($0 * 1_000_000).rounded(.down)) }
        let count = try input.int("count", in: 1...maxCount) ?? 1
        var headers = try input.object("headers") ?? [:]
        for (name, value) in headers where value.stringValue == nil {
            throw .invalidControlRequest("headers must be a JSON object of strings; \(name) is not a string.")
        }
        if let userAgent = try input.string("user_agent") { headers["User-Agent"] = .string(userAgent) }
        let extra = try input.object("extra") ?? [:]

        let token = try context.read("trigger token") { store in try store.token(id.lowercased()) }
        guard let token else { throw .tokenNotFound }
        guard token.enabled else {
            throw .invalidControlRequest("The token is disabled: a disabled token records nothing. Enable it first.")
        }
        let chosen = channel ?? TriggerKinds.entry(for: token.kind).channel
        var eventFields: [String: JSONValue] = [:]
        switch chosen {
        case .http:
            eventFields["headers"] = .object(headers)
            eventFields["request_args"] = .object([:])
            eventFields["url"] = .string(token.url)
        case .dns:
            eventFields["hostname"] = .string(try input.string("hostname") ?? token.hostname)
        case .aws:
            eventFields["event_name"] = .string("")
            eventFields["headers"] = .object(headers)
        }
        if chosen != .dns, let hostname = try input.string("hostname") { eventFields["hostname"] = .string(hostname) }
        for (name, value) in extra { eventFields[name] = value }

        let trigger = Trigger(
            canarytoken: token.canarytoken, channel: channel, srcIP: srcIP, srcPort: srcPort, timeMicros: time,
            fields: eventFields)
        var last: IncidentRecord?
        for _ in 0..<count {
            switch try context.triggers.record(trigger) {
            case .recorded(let incident, _): last = incident
            case .ignoredSource: return .json(["incident": .null, "result": "success"])
            case .unknownToken: throw .tokenNotFound
            case .disabledToken:
                throw .invalidControlRequest("The token is disabled: a disabled token records nothing. Enable it first.")
            }
        }
        // The outcome carries only the last event; the answer shows them all.
        guard let key = last?.key,
            let incident = try context.read("triggered incident", { store in try store.incident(key: key) })
        else { throw .internalError }
        return .json(["incident": try IncidentJSON.flat(incident, context: context), "result": "success"])
    }

    /// An IPv4 dotted quad, or an IPv6 text of hex digits, colons and dots (at most 45 characters).
    private static func isAddress(_ text: String) -> Bool {
        if Validation.isIPv4(text) { return true }
        guard text.contains(":"), (2...45).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
                || byte == 0x3A || byte == 0x2E
        }
    }
}
