import Basics

/// The audit item of a request that creates a token, written in the token's own transaction (docs/audit-trail.md
/// "One commit"): the API's audit hook binds one around the handler; `ConsoleStore.insertToken` takes it and the
/// batch that inserts the token inserts the item from the stored token too, so a create commits once.
package final class TokenAudit: Sendable {
    /// The one bound around the current request's handler, if any.
    @TaskLocal package static var current: TokenAudit?

    /// Builds the item from the stored token and its flock's name (read in the same transaction).
    let make: @Sendable (TokenRecord, _ flockName: String?) -> AuditItem
    private let stored = PThreadLock<AuditItem?>(nil)

    /// Makes an attachment.
    package init(make: @escaping @Sendable (TokenRecord, _ flockName: String?) -> AuditItem) {
        self.make = make
    }

    /// The item as committed with the token, or nil when no token insert took it.
    package var written: AuditItem? { stored.withLock { $0 } }

    /// Notes the committed item.
    func committed(_ item: AuditItem) { stored.withLock { $0 = item } }
}
