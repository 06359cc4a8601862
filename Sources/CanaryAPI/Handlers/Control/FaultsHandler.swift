import Basics
import MiniHTTP

/// `POST /_mock/faults` adds a rule, `GET` lists the rules with their counters, `DELETE` removes them all (or one,
/// with `id`). Rules apply to every path outside `/_mock/`.
package enum FaultsHandler {
    private static let fields: Set<String> = [
        "method", "path", "status", "message", "retry_after", "latency_ms", "drop", "count", "probability", "seed",
    ]

    /// Adds a rule from a JSON object (or form fields) and answers it.
    package static func add(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(fields)
        guard let path = try text(input, "path"), path.hasPrefix("/") else {
            throw .invalidControlRequest("path is required and starts with / (end it with * to match a prefix).")
        }
        let method = try text(input, "method").map { $0.uppercased() }
        if let method, method.isEmpty || !method.allSatisfy({ $0.isLetter }) {
            throw .invalidControlRequest("method must be a method name such as POST.")
        }
        // 1xx, 204 and 304 cannot carry the error body (RFC 9110 §15), so a client would misread the connection.
        let status = try input.int("status", in: 200...599)
        if let status, status == 204 || status == 304 {
            throw .invalidControlRequest("status must not be 204 or 304: those answers carry no body.")
        }
        let latency = try input.int("latency_ms", in: 0...FaultRules.maxLatencyMilliseconds) ?? 0
        let drop = try input.bool("drop") ?? false
        guard status != nil || latency > 0 || drop else {
            throw .invalidControlRequest("Give at least one of status, latency_ms or drop.")
        }
        if drop, status != nil { throw .invalidControlRequest("drop and status exclude each other.") }
        if status == nil, input.names.contains("message") || input.names.contains("retry_after") {
            throw .invalidControlRequest("message and retry_after need a status.")
        }
        var retryAfter = try input.int("retry_after", in: 0...86_400)
        if status == 429 || status == 503, retryAfter == nil { retryAfter = 1 }
        let message = try text(input, "message") ?? status.map(defaultMessage)
        let count = try input.int("count", in: 1...Int(Int32.max))
        let probability = try input.double("probability", in: 0...1) ?? 1
        let seed = try input.int("seed", in: 0...Int.max).map { UInt64($0) } ?? UInt64(SecureRandom.int(in: 0...Int.max))
        let effect = FaultRule.Effect(
            status: status, message: status == nil ? nil : message, retryAfter: status == nil ? nil : retryAfter,
            latencyMilliseconds: latency, drop: drop)
        guard let rule = context.faults.add({ id in
            FaultRule(id: id, method: method, path: path, effect: effect, count: count, probability: probability, seed: seed)
        }) else {
            throw .invalidControlRequest("Too many fault rules (\(FaultRules.maxRules)); DELETE /_mock/faults first.")
        }
        return .json(["result": "success", "rule": rule.json])
    }

    /// A text field of at most `FaultRules.maxTextLength` characters (Unicode scalars, as Python counts them).
    /// - Throws: `<name> must be at most 1024 characters.` for a longer one.
    static func text(_ input: ControlInput, _ name: String) throws(APIError) -> String? {
        guard let value = try input.string(name) else { return nil }
        guard value.unicodeScalars.count <= FaultRules.maxTextLength else {
            throw .invalidControlRequest("\(name) must be at most \(FaultRules.maxTextLength) characters.")
        }
        return value
    }

    /// Lists the rules in creation order.
    package static func list(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        .json(["result": "success", "rules": .array(context.faults.all.map(\.json))])
    }

    /// Removes every rule, or the one named by `id`.
    package static func clear(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(["id"])
        let removed = context.faults.remove(id: try input.int("id", in: 1...Int.max))
        return .json(["removed": .int(removed), "result": "success"])
    }

    /// The Console-style message a status gets when the rule gives none.
    static func defaultMessage(_ status: Int) -> String {
        switch status {
        case 400: APIError.couldNotProcessParameters.message
        case 401: APIError.invalidAuthToken.message
        case 404: APIError.tokenNotFound.message
        case 429: "Too many requests"
        case 500: APIError.internalError.message
        default: HTTPStatus(code: status).reason
        }
    }
}
