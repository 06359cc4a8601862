/// One generic webhook: where incidents are POSTed and how (docs/webhooks.md).
package struct WebhookTarget: Sendable, Equatable {
    /// The body shape a webhook receives.
    package enum Format: String, Sendable, Equatable {
        /// The Console's generic webhook JSON object.
        case generic
        /// Splunk HEC: `{"sourcetype": "canary_alerts", "event": <the generic object>}`.
        case splunk
    }

    /// The URL, `http://host[:port]/path` (`https://` is accepted and every attempt records an error).
    package var url: String
    /// Extra request headers, sent as given; never shown by the list endpoints or `/_mock/webhooks`.
    package var headers: [(name: String, value: String)]
    /// Only incidents of this flock are sent; nil: every flock.
    package var flockID: String?
    /// The body shape.
    package var format: Format
    /// The id `settings/generic/list` shows and `remove` takes: `config:<n>` for the n-th configured webhook (from
    /// 1), `webhook:<n>` for the n-th added through the API since start (mock's choice, docs/webhooks.md).
    package var id = ""

    /// Makes a target.
    package init(url: String, headers: [(name: String, value: String)] = [], flockID: String? = nil, format: Format = .generic) {
        self.url = url
        self.headers = headers
        self.flockID = flockID
        self.format = format
    }

    /// Targets are equal when every field is (headers in order).
    package static func == (lhs: WebhookTarget, rhs: WebhookTarget) -> Bool {
        lhs.id == rhs.id && lhs.url == rhs.url && lhs.flockID == rhs.flockID && lhs.format == rhs.format
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// Whether `url` is an `http://` or `https://` URL with a host (what the configuration and `add` accept).
    package static func isAcceptedURL(_ url: String) -> Bool {
        // An https:// URL is checked as its http:// twin; the sender records that it cannot send it.
        let https = "https://"
        let checked = url.lowercased().hasPrefix(https) ? "http://" + url.dropFirst(https.count) : url
        return WebhookURL(checked).map { !$0.host.isEmpty } ?? false
    }
}
