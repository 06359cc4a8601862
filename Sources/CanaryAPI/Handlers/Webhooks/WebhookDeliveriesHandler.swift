import MiniHTTP

/// `GET /_mock/webhooks` lists every webhook attempt kept (oldest first) and how many bodies a full queue dropped;
/// `DELETE` forgets the attempts (docs/webhooks.md).
package enum WebhookDeliveriesHandler {
    /// `{"deliveries": [...], "queue_overflow": <n>, "pending": <n>, "result": "success"}`.
    package static func list(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown([])
        let sender = context.webhooks
        return .json([
            "deliveries": .array(sender.attempts.map(\.json)),
            "pending": .int(sender.pendingCount),
            "queue_overflow": .int(sender.overflowCount),
            "result": "success",
        ])
    }

    /// Forgets every attempt kept.
    package static func clear(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        context.webhooks.clearAttempts()
        return .json(["result": "success"])
    }
}
