import CanaryStore
import MiniHTTP

/// Which Console routes write an audit item and how each is worded (docs/audit-trail.md has the same table for
/// readers). `ConsoleAPI` wraps every route whose path is a key here, so adding a mutating route means adding a row
/// here or to `exempt`; a test fails otherwise.
package enum AuditActions {
    /// `user` of a change made with an API key. The Console's message for API changes says `User 'API Token'`
    /// (docs/audit-trail.md); the Console's own `user` value for them is not public (mock's choice).
    package static let apiUser = "API Token"
    /// `user` of a token made through a factory string (mock's choice).
    package static let factoryUser = "Canarytoken Factory"

    /// The audited routes, by path. Only the methods that change something (not GET or HEAD) are audited.
    package static let table: [String: AuditAction] = [
        "/api/v1/canarytoken/create": AuditAction(
            "canarytoken_create", consolesWord: true, readsParameters: false, withToken: true, describe: created),
        "/api/v1/canarytoken/factory": AuditAction(
            "canarytoken_create", consolesWord: true, user: factoryUser, readsParameters: false, withToken: true, describe: created),
        "/api/v1/canarytoken/factory/create": AuditAction(
            "canarytoken_create", consolesWord: true, user: factoryUser, readsParameters: false, withToken: true, describe: created),
        "/api/v1/canarytoken/create_factory": AuditAction("canarytoken_factory_create") { input in
            .init("Created a Canarytoken factory", flockID: nonEmpty(input.parameters["flock_id"]) ?? defaultFlock)
        },
        "/api/v1/canarytoken/delete_factory": AuditAction("canarytoken_factory_delete", lookup: .factoryBefore) { input in
            .init("Deleted a Canarytoken factory", flockID: input.factory?.flockID)
        },
        "/api/v1/canarytoken/delete": AuditAction("canarytoken_delete", lookup: .tokenBefore) { input in
            tokenAction("Deleted", input)
        },
        "/api/v1/canarytoken/enable": AuditAction("canarytoken_enable", lookup: .tokenAfter) { input in
            tokenAction("Enabled", input)
        },
        "/api/v1/canarytoken/disable": AuditAction("canarytoken_disable", lookup: .tokenAfter) { input in
            tokenAction("Disabled", input)
        },
        "/api/v1/canarytoken/update": AuditAction("canarytoken_update", lookup: .tokenAfter) { input in
            tokenAction("Updated the memo of", input)
        },
        "/api/v1/flock/create": AuditAction("flock_create") { input in
            .init("Created the flock '\(input.parameters["name"] ?? "")'", flockID: input.answer["flock_id"]?.stringValue)
        },
        "/api/v1/settings/whitelist_ip_port": AuditAction("ignore_list_add") { input in
            .init("Added \(ignoreEntry(input.parameters)) to the ignore list", flockID: nil)
        },
        "/api/v1/settings/whitelisting/remove_whitelist_ip": AuditAction("ignore_list_remove") { input in
            .init("Removed \(ignoreEntry(input.parameters)) from the ignore list", flockID: nil)
        },
        "/api/v1/incident/acknowledge": AuditAction("incident_acknowledge", lookup: .incidentAfter) { input in
            incidentAction("Acknowledged", input)
        },
        "/api/v1/incident/unacknowledge": AuditAction("incident_unacknowledge", lookup: .incidentAfter) { input in
            incidentAction("Unacknowledged", input)
        },
        "/api/v1/incident/delete": AuditAction("incident_delete", lookup: .incidentBefore) { input in
            incidentAction("Deleted", input)
        },
        "/api/v1/incidents/acknowledge": AuditAction("incidents_acknowledge") { input in
            incidentsAction("Acknowledged", input)
        },
        "/api/v1/incidents/unacknowledge": AuditAction("incidents_unacknowledge") { input in
            incidentsAction("Unacknowledged", input)
        },
        "/api/v1/incidents/delete": AuditAction("incidents_delete") { input in
            incidentsAction("Deleted", input)
        },
        "/api/v1/settings/generic/add": AuditAction("webhook_add") { input in
            .init("Added a generic webhook to \(WebhookURL.origin(of: input.parameters["url"] ?? ""))", flockID: nil)
        },
        "/api/v1/settings/generic/remove": AuditAction("webhook_remove") { input in
            if let id = nonEmpty(input.parameters["webhook_id"]) {
                return .init("Removed the generic webhook \(id)", flockID: nil)
            }
            return .init(
                "Removed the generic webhooks to \(WebhookURL.origin(of: input.parameters["url"] ?? ""))", flockID: nil)
        },
        "/api/v1/audit_trail/purge": AuditAction("audit_trail_purge") { input in
            .init("Purged the audit trail up to item \(input.parameters["id"] ?? "")", flockID: nil)
        },
    ]

    /// Console routes that are not GET-only yet write no audit item, each with the reason. Routes under `/_mock/`
    /// are the mock's own and never audited.
    package static let exempt: [String: String] = [
        "/api/v1/ping": "a POST ping checks the key and changes nothing",
        "/api/v1/settings/generic/test": "sends the test payload to every webhook and changes nothing",
    ]

    // MARK: - Wording

    /// The Default Flock's id, where a factory was made without `flock_id`.
    private static let defaultFlock = KindsTable.defaultFlockID

    /// The Console's words for a kind in audit messages where they differ from `canarytokens/list`: "Created a Web
    /// Bug Canarytoken …" for `http` (docs/audit-trail.md); every other kind uses its display name.
    private static let kindNames = ["http": "Web Bug"]

    /// `Web Bug` for `http`, else the kind's display name, else the kind as given.
    package static func kindName(_ kind: String) -> String {
        kindNames[kind] ?? KindsTable.kind(named: kind)?.displayName ?? kind
    }

    /// `Created a Web Bug Canarytoken <id>` from the created token in the answer (`canarytoken` on create and the
    /// factory routes).
    private static func created(_ input: AuditInput) -> AuditAction.Description {
        if let token = input.token {
            return .init("Created a \(kindName(token.kind)) Canarytoken \(token.canarytoken)", flockID: token.flockID)
        }
        let token = input.answer["canarytoken"]
        let kind = token?["kind"]?.stringValue ?? ""
        let id = token?["canarytoken"]?.stringValue ?? ""
        return .init("Created a \(kindName(kind)) Canarytoken \(id)", flockID: token?["flock_id"]?.stringValue)
    }

    /// `<verb> a <kind name> Canarytoken <id>` for the token the request names.
    private static func tokenAction(_ verb: String, _ input: AuditInput) -> AuditAction.Description {
        let id = input.token?.canarytoken ?? input.parameters["canarytoken"] ?? ""
        let kind = input.token.map { kindName($0.kind) }.map { "\($0) " } ?? ""
        return .init("\(verb) a \(kind)Canarytoken \(id)", flockID: input.token?.flockID)
    }

    /// `<verb> the incident <key>`, in the incident's flock.
    private static func incidentAction(_ verb: String, _ input: AuditInput) -> AuditAction.Description {
        let key = input.incident?.key ?? input.parameters["incident"] ?? ""
        return .init("\(verb) the incident \(key)", flockID: input.incident?.flockID)
    }

    /// `<verb> <n> incident(s)` from the answer's `keys`, in the selection's flock when it names one.
    private static func incidentsAction(_ verb: String, _ input: AuditInput) -> AuditAction.Description {
        let count = input.answer["keys"]?.arrayValue?.count ?? 0
        return .init(
            "\(verb) \(count) \(count == 1 ? "incident" : "incidents")", flockID: nonEmpty(input.parameters["flock_id"]))
    }

    /// `10.0.0.1` or `10.0.0.1 port 22`, as the request gave them.
    private static func ignoreEntry(_ parameters: HTTPParameters) -> String {
        let address = parameters["src_ip"] ?? ""
        guard let port = nonEmpty(parameters["dst_port"]) else { return address }
        return "\(address) port \(port)"
    }

    /// The value, or nil when absent or empty.
    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
