import CanaryStore
import MiniHTTP

/// What a describer reads to word one audit item (docs/audit-trail.md): the request's parameters, the handler's
/// JSON answer, and the record the action concerns when its entry asks for one.
package struct AuditInput: Sendable {
    /// The request's merged parameters (empty for an entry that reads only the answer).
    package var parameters: HTTPParameters
    /// The handler's JSON answer.
    package var answer: JSONValue
    /// The token named by `canarytoken`, read before or after the handler as the entry's lookup says.
    package var token: TokenRecord?
    /// The factory named by `factory_auth`, read before the handler (its string is never written anywhere).
    package var factory: FactoryRecord?
    /// The incident named by `incident`, read before or after the handler as the entry's lookup says.
    package var incident: IncidentRecord?

    /// Makes an input.
    package init(
        parameters: HTTPParameters = HTTPParameters(), answer: JSONValue, token: TokenRecord? = nil,
        factory: FactoryRecord? = nil, incident: IncidentRecord? = nil
    ) {
        self.parameters = parameters
        self.answer = answer
        self.token = token
        self.factory = factory
        self.incident = incident
    }
}
