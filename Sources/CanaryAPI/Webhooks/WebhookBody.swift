import CanaryStore
import MiniHTTP

/// The JSON bodies the mock POSTs to webhooks (docs/webhooks.md): a Canarytoken incident or a bird incident
/// (`WebhookBody+Birds.swift`) in the generic or Splunk shape, and the test payload of `settings/generic/test`. Pure
/// functions of their inputs, so tests compare exact JSON.
package enum WebhookBody {
    /// The JSON type of `Triggered`: the Console's documented body has a string, some receivers want a number.
    package enum TriggeredType: String, Sendable, Equatable {
        /// `"Triggered": "2"` (the default, as the Console's documentation shows it).
        case string
        /// `"Triggered": 2`.
        case int
    }

    /// What a token incident's body is made from, beyond the incident itself.
    package struct TokenFacts: Sendable, Equatable {
        /// The token's memo (`Reminder`).
        package var memo: String
        /// The token's `triggered_count` after this event (`Triggered`).
        package var triggeredCount: Int
        /// How many other incidents the source IP has (`Background Context`).
        package var previousIncidents: Int

        /// Makes the facts.
        package init(memo: String, triggeredCount: Int, previousIncidents: Int) {
            self.memo = memo
            self.triggeredCount = triggeredCount
            self.previousIncidents = previousIncidents
        }
    }

    /// Kind names as the Console's webhook text spells them where they differ from the kinds table's
    /// (docs/webhooks.md: "Web Bug Canarytoken triggered", "AWS API Key Canarytoken triggered").
    private static let alertNames = ["http": "Web Bug", "aws-id": "AWS API Key"]

    /// The kind's name in webhook text.
    package static func alertName(kind: String) -> String {
        alertNames[kind] ?? KindsTable.kind(named: kind)?.displayName ?? kind
    }

    /// The generic body of a newly opened Canarytoken incident (docs/webhooks.md has every field and its source).
    /// - Parameters:
    ///   - incident: the incident as the pipeline returned it, its first event in `events`.
    ///   - facts: the token's memo and count, and the source's other incidents.
    ///   - triggeredType: the JSON type of `Triggered`.
    package static func tokenIncident(
        _ incident: IncidentRecord, facts: TokenFacts, triggeredType: TriggeredType
    ) -> JSONValue {
        let fields = incident.events.last.flatMap { try? JSONReader.parse(Array($0.fields.utf8)).objectValue } ?? [:]
        let sourceIP = fields["src_host"]?.stringValue ?? incident.srcHost
        let name = alertName(kind: incident.kind)
        let article = name.first.map { "AEIOU".contains($0) } == true ? "An" : "A"
        let intro = fields["dst_port"]?.intValue == 53 || incident.kind == "dns"
            ? "\(article) \(name) Canarytoken was triggered by a DNS query from the source IP \(sourceIP). Please note "
                + "that the source IP refers to a DNS resolver, rather than the host that triggered the token."
            : "\(article) \(name) Canarytoken was triggered by '\(sourceIP)'."
        var details: [(String, JSONValue)] = []
        if case .object(let headers)? = fields["headers"] {
            for (header, value) in headers { details.append((header, value)) }
        }
        if let agent = fields["user_agent"]?.stringValue,
            !details.contains(where: { $0.0.lowercased() == "user-agent" }) {
            details.append(("User-Agent", .string(agent)))
        }
        details.append((
            "Background Context", .string("You have had \(facts.previousIncidents) incidents from \(sourceIP) previously.")))
        if let port = fields["dst_port"]?.intValue { details.append(("Dst Port", .int(port))) }
        if let port = fields["src_port"]?.intValue { details.append(("Src Port", .int(port))) }
        if let event = fields["event_name"]?.stringValue { details.append(("Event Name", .string(event))) }
        // Sorted by key, as in every real body seen (docs/webhooks.md).
        details.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return .object([
            "AlertType": "CanarytokenIncident",
            "Description": .string("\(name) Canarytoken triggered"),
            "Timestamp": .string(Timestamps.printable(incident.createdMicros)),
            "Reminder": .string(facts.memo),
            "Token": .string(incident.nodeID),
            "SourceIP": .string(sourceIP),
            "IncidentHash": .string(incident.hashID),
            "Intro": .string(intro),
            "AdditionalDetails": .array(details.map { .array([.string($0.0), $0.1]) }),
            "Triggered": triggeredType == .int ? .int(facts.triggeredCount) : .string(String(facts.triggeredCount)),
            "LogType": .string(incident.logtype),
            "MatchedAnnotations": "{}",
        ])
    }

    /// The body in a webhook's format: generic as is; Splunk HEC wraps it as `{"sourcetype": "canary_alerts",
    /// "event": …}` without `LogType` and `MatchedAnnotations`, as the Console's Splunk example shows.
    package static func formatted(_ generic: JSONValue, _ format: WebhookTarget.Format) -> JSONValue {
        switch format {
        case .generic:
            return generic
        case .splunk:
            var event = generic.objectValue ?? [:]
            event["LogType"] = nil
            event["MatchedAnnotations"] = nil
            return .object(["sourcetype": "canary_alerts", "event": .object(event)])
        }
    }

    /// The test payload `settings/generic/test` posts, stamped `now` (the Console's documented dummy incident).
    package static func test(nowMicros: Int64, format: WebhookTarget.Format) -> JSONValue {
        switch format {
        case .generic:
            return .object([
                "Description": "Fake Location",
                "Timestamp": .string(Timestamps.printable(nowMicros)),
                "CanaryName": "DummyDevice",
                "CanaryID": "0000000testnode",
                "CanaryIP": "1.1.1.1",
                "Flock": "flock:dummyincidentflock",
                "SourceIP": "2.2.2.2",
                "CanaryLocation": "Fake Location",
                "ReverseDNS": "theattackers.ip.local",
                "Intro": "This is a dummy incident.",
                "AdditionalDetails": [["Field1", "VALUE1"], ["Field2", "VALUE2"], ["Field3", "VALUE3"]],
                "AlertType": "CanaryIncident",
                "LogType": 111111,
            ])
        case .splunk:
            return .object([
                "sourcetype": "canary_test_connection",
                "event": "Hello from your Canary Console, this is a test message from canary-mock.",
            ])
        }
    }
}
