import MiniHTTP

/// The Console's generic webhook settings, `/api/v1/settings/generic/{add,remove,list,test}` (docs/webhooks.md).
/// Webhooks added here live in memory: a restart or `/_mock/reset` forgets them and keeps the configured ones.
package enum GenericWebhooksHandler {
    /// Most webhooks at once (configured and added), so the API cannot grow the list without bound.
    package static let maxWebhooks = 100

    /// `POST settings/generic/add`: `url` (an `http://` or `https://` URL), optional `headers` (a JSON object of
    /// strings). Answers `{"result": "success", "webhook": "<url>"}`.
    package static func add(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let url = parameters["url"], url.count <= 2_048, WebhookTarget.isAcceptedURL(url) else {
            throw .invalidParameter("url")
        }
        var headers: [(name: String, value: String)] = []
        if let text = parameters["headers"], !text.isEmpty {
            guard case .object(let members)? = try? JSONReader.parse(Array(text.utf8)), members.count <= 50 else {
                throw .invalidParameter("headers")
            }
            for name in members.keys.sorted() {
                guard case .string(let value)? = members[name], WebhookTarget.isHeaderName(name),
                    WebhookTarget.isHeaderValue(value)
                else { throw .invalidParameter("headers") }
                headers.append((name, value))
            }
        }
        guard context.webhooks.targets.count < maxWebhooks else { throw .invalidParameter("url") }
        _ = context.webhooks.add(WebhookTarget(url: url, headers: headers))
        return .json(["result": "success", "webhook": .string(url)])
    }

    /// `POST settings/generic/remove`: `webhook_id` (from `list`) or `url`; an unknown one is
    /// `Parameter webhook_id was invalid.` (mock's choice).
    package static func remove(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let given = parameters["webhook_id"] ?? parameters["url"], !given.isEmpty,
            context.webhooks.remove(given) > 0
        else { throw .invalidParameter("webhook_id") }
        return .json(["result": "success"])
    }

    /// `GET settings/generic/list`: every webhook with its header names, never their values.
    package static func list(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let items: [JSONValue] = context.webhooks.targets.map { target in
            .object([
                "header_names": .array(target.headers.map { .string($0.name) }),
                "url": .string(target.url),
                "webhook_id": .string(target.id),
            ])
        }
        return .json(["generic_webhooks": .array(items), "result": "success", "webhooks_enabled": true])
    }

    /// `POST settings/generic/test`: queues the test payload for every webhook (in its format) and answers at once.
    package static func test(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let now = context.now()
        for target in context.webhooks.targets {
            context.webhooks.enqueue(
                WebhookSender.Outbound(target: target, body: WebhookBody.test(nowMicros: now, format: target.format)))
        }
        return .json(["result": "success"])
    }
}
