/// One item of the audit trail (docs/audit-trail.md): a change made through the Console API, who made it and from
/// where.
package struct AuditItem: Sendable, Equatable, Hashable {
    /// The item's number, 1, 2, 3… in the order items were appended; the store assigns it (an item given to
    /// `appendAudit` carries 0).
    package var id: Int
    /// `<object>_<verb>`, such as `canarytoken_create`.
    package var actionType: String
    /// The sentence the Console shows, such as `Created a Web Bug Canarytoken <id>`.
    package var message: String
    /// The flock the change concerns, or nil (the Console's `null`).
    package var flockID: String?
    /// That flock's name when the change was made, or nil.
    package var flockName: String?
    /// Who made the change (`API Token`, `Canarytoken Factory`).
    package var user: String
    /// The caller's address.
    package var userIP: String
    /// The caller's User-Agent.
    package var userBrowserAgent: String
    /// The caller's Accept-Language, or "".
    package var userBrowserLanguage: String
    /// Proxy header information; "" in the mock.
    package var userAccessRoute: String
    /// When the change was made, in microseconds since the Unix epoch.
    package var timeMicros: Int64
    /// Extra detail, or nil (the Console's `null`).
    package var additionalInformation: String?

    /// Makes an item; `id` is 0 until the store appends it.
    package init(
        id: Int = 0, actionType: String, message: String, flockID: String?, flockName: String?, user: String,
        userIP: String, userBrowserAgent: String, userBrowserLanguage: String, userAccessRoute: String = "",
        timeMicros: Int64, additionalInformation: String? = nil
    ) {
        self.id = id
        self.actionType = actionType
        self.message = message
        self.flockID = flockID
        self.flockName = flockName
        self.user = user
        self.userIP = userIP
        self.userBrowserAgent = userBrowserAgent
        self.userBrowserLanguage = userBrowserLanguage
        self.userAccessRoute = userAccessRoute
        self.timeMicros = timeMicros
        self.additionalInformation = additionalInformation
    }

    /// Which items a read selects; every condition given must hold.
    package struct Filter: Sendable, Equatable, Hashable {
        /// Only this `action_type`.
        package var actionType: String?
        /// Only items that have a field containing this text (ASCII letters compared without case).
        package var searchTerm: String?
        /// Only items made at or after this time, in microseconds.
        package var fromMicros: Int64?
        /// Only items made before this time, in microseconds.
        package var beforeMicros: Int64?
        /// Only items whose id is greater.
        package var afterID: Int?
        /// Only items whose id is smaller.
        package var beforeID: Int?

        /// Makes a filter; with no argument it selects every item.
        package init(
            actionType: String? = nil, searchTerm: String? = nil, fromMicros: Int64? = nil, beforeMicros: Int64? = nil,
            afterID: Int? = nil, beforeID: Int? = nil
        ) {
            self.actionType = actionType
            self.searchTerm = searchTerm
            self.fromMicros = fromMicros
            self.beforeMicros = beforeMicros
            self.afterID = afterID
            self.beforeID = beforeID
        }
    }
}
