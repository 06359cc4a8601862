import CanaryStore
import MiniHTTP

/// Turns a stored token into the Console's token object (docs/api.md §2): the common fields, the kind's stored
/// fields, `factory_auth` for factory-made tokens, and `renders` where the kind has one.
package enum TokenPresenter {
    /// The token object.
    package static func object(_ token: TokenRecord) -> JSONValue {
        let kind = KindsTable.kind(named: token.kind)
        var object: [String: JSONValue] = [
            "canarytoken": .string(token.canarytoken),
            "created": .string(Timestamps.created(token.createdMicros)),
            "created_printable": .string(Timestamps.printable(token.createdMicros)),
            "enabled": .bool(token.enabled),
            "flock_id": .string(token.flockID),
            "hostname": .string(token.hostname),
            "key": .string("canarydrop:" + token.canarytoken),
            "kind": .string(token.kind),
            "memo": .string(token.memo),
            "node_id": .string(token.canarytoken),
            "triggered_count": .int(token.triggeredCount),
            "updated_id": .int(token.updatedID),
            "url": .string(token.url),
        ]
        for (field, value) in token.attributes {
            object[field] = KindValidator.isBooleanField(field, of: kind) ? .bool(value == "true") : .string(value)
        }
        if let factoryAuth = token.factoryAuth { object["factory_auth"] = .string(factoryAuth) }
        if let kind {
            for (field, value) in kind.generated.shown(token) { object[field] = value }
        }
        return .object(object)
    }

    /// The Console's cloned-web snippet: from any domain but the original (or its `www.`), load the token URL with
    /// the page location and referrer.
    static func clonedWebScript(_ token: TokenRecord) -> String {
        let domain = token.attributes["cloned_web"] ?? ""
        return "<script>\n    if (document.domain != \"\(domain)\" && document.domain != \"www.\(domain)\") {\n"
            + "        var l = location.href;\n        var r = document.referrer;\n        var m = new Image();\n"
            + "        m.src = \"\(token.url)?l=\" + encodeURI(l) + \"&r=\" + encodeURI(r);\n    }\n</script>"
    }
}
