/// Why one webhook attempt failed, in words fit for `/_mock/webhooks` (never a header value or a body).
package struct WebhookFailure: Error, Sendable, Equatable {
    /// The text.
    package var message: String

    /// Makes a failure.
    package init(_ message: String) { self.message = message }
}
