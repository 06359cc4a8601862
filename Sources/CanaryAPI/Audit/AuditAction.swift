import CanaryStore
import MiniHTTP

/// One audited route's entry in `AuditActions.table` (docs/audit-trail.md): the action type, who the item names as
/// the user, what to read, and how to word the message.
package struct AuditAction: Sendable {
    /// The record an entry reads for its describer, and when: before the handler for a record the action removes,
    /// after it for one it changes.
    package enum Lookup: Sendable, Equatable {
        /// Nothing besides the parameters and the answer.
        case none
        /// The token named by `canarytoken`, before the handler runs.
        case tokenBefore
        /// The token named by `canarytoken`, after the handler answered.
        case tokenAfter
        /// The factory named by `factory_auth`, before the handler runs.
        case factoryBefore
        /// The incident named by `incident`, before the handler runs.
        case incidentBefore
        /// The incident named by `incident`, after the handler answered.
        case incidentAfter
    }

    /// What a describer makes: the item's message and the flock it concerns (nil: the Console's `null`).
    package struct Description: Sendable, Equatable {
        /// The item's `message`.
        package var message: String
        /// The item's `flock_id`.
        package var flockID: String?

        /// Makes a description.
        package init(_ message: String, flockID: String?) {
            self.message = message
            self.flockID = flockID
        }
    }

    /// The item's `action_type`, `<object>_<verb>` with a present-tense verb.
    package let actionType: String
    /// Whether the Console is known to use this action type (otherwise the mock named it in the same style).
    package let consolesWord: Bool
    /// The item's `user`.
    package let user: String
    /// Whether the describer reads the request's parameters (create reads only its answer, so an upload is not
    /// parsed twice).
    package let readsParameters: Bool
    /// The record the describer reads.
    package let lookup: Lookup
    /// Whether the request creates a token: its item is then written in the token's own transaction
    /// (`TokenAudit`), from the stored token, so a create commits once.
    package let withToken: Bool
    /// Words the item from what the request sent and the handler answered.
    package let describe: @Sendable (AuditInput) -> Description

    /// Makes an entry.
    package init(
        _ actionType: String, consolesWord: Bool = false, user: String = AuditActions.apiUser,
        readsParameters: Bool = true, lookup: Lookup = .none, withToken: Bool = false,
        describe: @escaping @Sendable (AuditInput) -> Description
    ) {
        self.withToken = withToken
        self.actionType = actionType
        self.consolesWord = consolesWord
        self.user = user
        self.readsParameters = readsParameters
        self.lookup = lookup
        self.describe = describe
    }
}
