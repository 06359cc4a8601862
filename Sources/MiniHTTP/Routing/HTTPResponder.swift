/// Anything that turns a request into a response: the server calls it on the connection's thread.
package protocol HTTPResponder: Sendable {
    /// The response to send for `request`. Never throws: errors are already responses here.
    func respond(to request: HTTPRequest) -> HTTPResponse
}

/// A route handler: synchronous, `Sendable`, testable without sockets by calling it directly.
package typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse
