import MiniHTTP

/// One attempt to deliver one body, as `/_mock/webhooks` lists it (docs/webhooks.md).
package struct WebhookAttempt: Sendable, Equatable {
    /// The webhook URL.
    package var url: String
    /// 1 for the first attempt.
    package var attempt: Int
    /// When the attempt ended, in microseconds since the Unix epoch on the console's clock.
    package var timeMicros: Int64
    /// The body sent.
    package var body: JSONValue
    /// The answer's status code; nil when there was none.
    package var status: Int?
    /// Why there was no answer; nil when there was one.
    package var error: String?

    /// Makes an attempt record.
    package init(url: String, attempt: Int, timeMicros: Int64, body: JSONValue, status: Int? = nil, error: String? = nil) {
        self.url = url
        self.attempt = attempt
        self.timeMicros = timeMicros
        self.body = body
        self.status = status
        self.error = error
    }

    /// A 2xx answer ends the retries.
    package var succeeded: Bool { (200...299).contains(status ?? 0) }

    /// `{"url", "attempt", "status" (number or null), "error" (text or null), "time" (ISO 8601), "body"}`.
    package var json: JSONValue {
        .object([
            "url": .string(url),
            "attempt": .int(attempt),
            "status": status.map { .int($0) } ?? .null,
            "error": error.map { .string($0) } ?? .null,
            "time": .string(Timestamps.iso8601(timeMicros)),
            "body": body,
        ])
    }
}
