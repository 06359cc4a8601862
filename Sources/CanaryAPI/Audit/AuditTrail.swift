import CanaryStore
import MiniHTTP

/// The one audit hook (docs/audit-trail.md): `ConsoleAPI` wraps each route of `AuditActions.table` with `wrap`, so
/// every change made through the Console API appends exactly one item, after the handler answered success and
/// committed before that answer goes out. No handler writes audit items itself.
package enum AuditTrail {
    /// The longest `user_browser_agent` kept, in characters; a longer User-Agent is cut.
    package static let maxAgentLength = 512
    /// The longest `user_browser_language` kept, in characters.
    package static let maxLanguageLength = 128

    /// A handler as `ConsoleAPI` registers it.
    package typealias Handler = @Sendable (HTTPRequest, ConsoleContext) throws(APIError) -> HTTPResponse

    /// `handler`, auditing its successful answers to every method but GET and HEAD when `action` is given.
    package static func wrap(_ handler: @escaping Handler, action: AuditAction?) -> Handler {
        guard let action else { return handler }
        return { (request, context) throws(APIError) in
            guard request.method != .get, request.method != .head else { return try handler(request, context) }
            return try audited(request, context, action, handler)
        }
    }

    /// Runs the handler and, when it answered, appends the item. A request whose parameters cannot be read is left
    /// to the handler, which refuses it. A failed append is logged (never the item's text) and the answer stands:
    /// the change itself is committed.
    private static func audited(
        _ request: HTTPRequest, _ context: ConsoleContext, _ action: AuditAction, _ handler: Handler
    ) throws(APIError) -> HTTPResponse {
        var parameters = HTTPParameters()
        if action.readsParameters {
            guard let read = try? context.parameters(request) else { return try handler(request, context) }
            parameters = read
        }
        var input = AuditInput(answer: .null)
        input.parameters = parameters
        lookUp(action.lookup, before: true, into: &input, context)
        let userIP = PeerAddress.split(request.remoteAddress).ip
        let agent = bounded(request.headers["User-Agent"], maxAgentLength)
        let language = bounded(request.headers["Accept-Language"], maxLanguageLength)
        @Sendable func item(_ input: AuditInput, flockName: (String?) -> String?) -> AuditItem {
            let description = action.describe(input)
            return AuditItem(
                actionType: action.actionType, message: description.message, flockID: description.flockID,
                flockName: flockName(description.flockID), user: action.user, userIP: userIP,
                userBrowserAgent: agent, userBrowserLanguage: language, timeMicros: context.now())
        }
        // A create's item goes into the token's own transaction (one commit); `written` says it did.
        let tokenAudit = action.withToken ? TokenAudit { [input] token, name in
            var input = input
            input.token = token
            return item(input) { _ in name }
        } : nil
        let response: HTTPResponse
        do {
            response = try TokenAudit.$current.withValue(tokenAudit) { try handler(request, context) }
        } catch let error as APIError {
            throw error
        } catch {
            throw .internalError
        }
        guard response.status.code == 200 else { return response }
        if tokenAudit?.written != nil { return response }
        input.answer = (try? JSONReader.parse(response.body)) ?? .null
        lookUp(action.lookup, before: false, into: &input, context)
        let item = item(input) { flockID in flockName(flockID, context) }
        do {
            _ = try context.store.appendAudit(item)
        } catch {
            context.log("could not append the audit item (\(action.actionType)): \(error)")
        }
        return response
    }

    /// Reads the record the entry asks for, at the moment it asks for it; a failed read leaves it nil.
    private static func lookUp(
        _ lookup: AuditAction.Lookup, before: Bool, into input: inout AuditInput, _ context: ConsoleContext
    ) {
        let store = context.store
        switch (lookup, before) {
        case (.tokenBefore, true), (.tokenAfter, false):
            if let id = input.parameters["canarytoken"], !id.isEmpty { input.token = try? store.token(id) }
        case (.factoryBefore, true):
            if let given = input.parameters["factory_auth"], !given.isEmpty { input.factory = try? store.factory(given) }
        case (.incidentBefore, true), (.incidentAfter, false):
            if let key = input.parameters["incident"], !key.isEmpty { input.incident = try? store.incident(key: key) }
        default:
            break
        }
    }

    /// The flock's name, or nil when there is no flock or it is gone.
    private static func flockName(_ flockID: String?, _ context: ConsoleContext) -> String? {
        guard let flockID else { return nil }
        return (try? context.store.flock(flockID))?.name
    }

    /// The header's value cut to `limit` characters, or "" when absent.
    private static func bounded(_ value: String?, _ limit: Int) -> String {
        guard let value else { return "" }
        return value.count <= limit ? value : String(value.prefix(limit))
    }
}
