import MiniHTTP

/// One rule of `POST /_mock/faults`: requests it matches get an error, a delay or a dropped connection instead of
/// (or before) the API's answer.
package struct FaultRule: Sendable {
    /// What a matching request gets.
    package struct Effect: Sendable, Equatable {
        /// Status of the error answer, or `nil` to let the API answer (after any latency).
        package var status: Int?
        /// The error body's `message`.
        package var message: String?
        /// `Retry-After` seconds on a 429 or 503.
        package var retryAfter: Int?
        /// Delay before answering (or dropping), in milliseconds.
        package var latencyMilliseconds: Int
        /// Close the connection without an answer.
        package var drop: Bool
    }

    /// Assigned in creation order, from 1.
    package let id: Int
    /// Method to match, uppercased, or `nil` for any.
    package let method: String?
    /// Path to match exactly, or a prefix when it ends in `*`.
    package let path: String
    /// What happens.
    package let effect: Effect
    /// Faults left before the rule is spent, or `nil` for no limit.
    package var remaining: Int?
    /// Chance that a matching request gets the fault, in [0, 1].
    package let probability: Double
    /// The seed of the rule's generator.
    package let seed: UInt64
    /// Requests the rule matched.
    package var matched = 0
    /// Faults it applied.
    package var applied = 0
    var random: SplitMix64

    /// Makes a rule.
    package init(
        id: Int, method: String?, path: String, effect: Effect, count: Int?, probability: Double, seed: UInt64
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.effect = effect
        self.remaining = count
        self.probability = probability
        self.seed = seed
        self.random = SplitMix64(seed: seed)
    }

    /// Whether a request of that method and path falls under the rule.
    package func matches(method requestMethod: String, path requestPath: String) -> Bool {
        if let method, method != requestMethod.uppercased() { return false }
        if path.hasSuffix("*") { return requestPath.hasPrefix(path.dropLast()) }
        return requestPath == path
    }

    /// The rule as `GET /_mock/faults` shows it.
    package var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .int(id), "path": .string(path), "method": method.map { .string($0) } ?? .null,
            "latency_ms": .int(effect.latencyMilliseconds), "drop": .bool(effect.drop),
            "status": effect.status.map { .int($0) } ?? .null,
            "remaining": remaining.map { .int($0) } ?? .null,
            "probability": .double(probability), "seed": .int(Int(clamping: seed)),
            "matched": .int(matched), "applied": .int(applied),
        ]
        if let message = effect.message { object["message"] = .string(message) }
        if let retryAfter = effect.retryAfter { object["retry_after"] = .int(retryAfter) }
        return .object(object)
    }
}
