import Basics
import Glibc
import MiniHTTP

/// The Console API's routes on one router, with the configured error-status mode applied to every answer. Requests
/// outside `/_mock/` first meet the fault rules and are then recorded in the journal.
package struct ConsoleAPI: HTTPResponder {
    private let router: Router
    private let errorStatus: MockConfiguration.ErrorStatusMode
    private let context: ConsoleContext

    /// Builds every route of docs/api.md §3 and §6, over `context`.
    package init(context: ConsoleContext) {
        var router = Router(errorRenderer: ConsoleErrorRenderer(), unexpected: { error, request in
            context.log("unexpected error on \(request.method) \(request.path): \(error)")
            return APIError.internalError.makeResponse()
        })
        // docs/audit-trail.md: the one audit hook. A path in AuditActions.table is wrapped so that each successful
        // change appends exactly one audit item before its answer goes out; no handler writes one itself.
        func route(_ methods: [HTTPMethod], _ path: String,
                   _ handler: @escaping @Sendable (HTTPRequest, ConsoleContext) throws(APIError) -> HTTPResponse) {
            let audited = AuditTrail.wrap(handler, action: AuditActions.table[path])
            router.add(methods, path) { request in try audited(request, context) }
        }
        route([.get, .post], "/api/v1/ping", PingHandler.handle)
        route([.post], "/api/v1/canarytoken/create", CreateTokenHandler.handle)
        route([.get], "/api/v1/canarytoken/fetch", FetchTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/create_factory", CreateFactoryHandler.handle)
        route([.delete], "/api/v1/canarytoken/delete_factory", DeleteFactoryHandler.handle)
        route([.post], "/api/v1/canarytoken/factory", CreateTokenWithFactoryHandler.handle)
        route([.post], "/api/v1/canarytoken/factory/create", CreateTokenWithFactoryHandler.handle)
        // docs/api.md §6: listing, token actions, factories and flocks.
        route([.get], "/api/v1/canarytokens/fetch", FetchTokensHandler.handle)
        route([.get], "/api/v1/canarytokens/paginate", PaginateTokensHandler.handle)
        route([.get], "/api/v1/canarytokens/search", SearchTokensHandler.handle)
        route([.post], "/api/v1/canarytoken/delete", DeleteTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/enable", EnableTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/disable", DisableTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/update", UpdateTokenHandler.handle)
        route([.get], "/api/v1/canarytoken/download", DownloadTokenHandler.handle)
        route([.get], "/api/v1/canarytoken/factory/download", DownloadTokenHandler.handleFactory)
        route([.get], "/api/v1/canarytoken/list_factories", ListFactoriesHandler.handle)
        route([.get], "/api/v1/canarytokens/list", ListTokenKindsHandler.handle)
        route([.get], "/api/v1/canarytokens/factory/list", ListFactoryTokenKindsHandler.handle)
        route([.get], "/api/v1/flocks/list", ListFlocksHandler.handle)
        route([.post], "/api/v1/flock/create", CreateFlockHandler.handle)
        route([.get], "/api/v1/flocks/summary", SummarizeFlocksHandler.handle)
        // docs/api.md §7.6: settings, the ignore list and the flock filter.
        route([.get], "/api/v1/flocks/filter", FilterFlocksHandler.handle)
        route([.get], "/api/v1/flock/fetch", FetchFlockHandler.handle)
        route([.get], "/api/v1/settings", FetchSettingsHandler.handle)
        route([.get], "/api/v1/settings/is_ip_ignored", CheckIgnoredIPHandler.handle)
        route([.get], "/api/v1/settings/is_ip_whitelisted", CheckIgnoredIPHandler.handle)
        route([.post], "/api/v1/settings/whitelist_ip_port", IgnoreIPHandler.handle)
        route([.post], "/api/v1/settings/whitelisting/remove_whitelist_ip", RemoveIgnoredIPHandler.handle)
        // docs/incident-endpoints.md: feeds, search, single and bulk incident actions.
        route([.get], "/api/v1/incidents/unacknowledged", ListIncidentsHandler.unacknowledged)
        route([.get], "/api/v1/incidents/acknowledged", ListIncidentsHandler.acknowledged)
        route([.get], "/api/v1/incidents/all", ListIncidentsHandler.all)
        route([.get], "/api/v1/incidents/search", SearchIncidentsHandler.handle)
        route([.get], "/api/v1/incident/fetch", FetchIncidentHandler.handle)
        route([.post], "/api/v1/incident/acknowledge", AcknowledgeIncidentHandler.acknowledge)
        route([.post], "/api/v1/incident/unacknowledge", AcknowledgeIncidentHandler.unacknowledge)
        route([.delete, .post], "/api/v1/incident/delete", DeleteIncidentHandler.handle)
        route([.post], "/api/v1/incidents/acknowledge", AcknowledgeIncidentsHandler.acknowledge)
        route([.post], "/api/v1/incidents/unacknowledge", AcknowledgeIncidentsHandler.unacknowledge)
        route([.post, .delete], "/api/v1/incidents/delete", DeleteIncidentsHandler.handle)
        // docs/audit-trail.md: the audit trail.
        route([.get], "/api/v1/audit_trail/fetch", FetchAuditTrailHandler.handle)
        route([.post], "/api/v1/audit_trail/purge", PurgeAuditTrailHandler.handle)
        // docs/birds.md: birds.
        route([.get], "/api/v1/devices/all", ListDevicesHandler.all)
        route([.get], "/api/v1/devices/live", ListDevicesHandler.live)
        route([.get], "/api/v1/devices/dead", ListDevicesHandler.dead)
        route([.get], "/api/v1/device/info", FetchDeviceHandler.handle)
        route([.get], "/api/v1/device/getinfo", FetchDeviceHandler.handle)
        // docs/webhooks.md: generic webhooks.
        route([.post], "/api/v1/settings/generic/add", GenericWebhooksHandler.add)
        route([.post], "/api/v1/settings/generic/remove", GenericWebhooksHandler.remove)
        route([.get], "/api/v1/settings/generic/list", GenericWebhooksHandler.list)
        route([.post], "/api/v1/settings/generic/test", GenericWebhooksHandler.test)
        // The mock's own endpoints live under /_mock/: no Console auth; the admin token when one is configured
        // (health stays open for container health checks).
        func control(_ methods: [HTTPMethod], _ path: String,
                     _ handler: @escaping @Sendable (HTTPRequest, ConsoleContext) throws(APIError) -> HTTPResponse) {
            route(methods, path) { (request, context) throws(APIError) in
                try Authenticator.checkAdmin(request, context.configuration.adminToken)
                return try handler(request, context)
            }
        }
        route([.get], "/_mock/health", HealthHandler.handle)
        control([.post], "/_mock/reset", ResetHandler.handle)
        control([.get], "/_mock/state", StateHandler.handle)
        control([.get], "/_mock/requests", RequestsHandler.list)
        control([.delete], "/_mock/requests", RequestsHandler.clear)
        control([.get], "/_mock/faults", FaultsHandler.list)
        control([.post], "/_mock/faults", FaultsHandler.add)
        control([.delete], "/_mock/faults", FaultsHandler.clear)
        control([.get], "/_mock/clock", ClockHandler.show)
        control([.post], "/_mock/clock", ClockHandler.set)
        control([.delete], "/_mock/clock", ClockHandler.reset)
        control([.post], "/_mock/trigger", TriggerHandler.handle)
        control([.post], "/_mock/alert", AlertHandler.handle)
        control([.get], "/_mock/webhooks", WebhookDeliveriesHandler.list)
        control([.delete], "/_mock/webhooks", WebhookDeliveriesHandler.clear)
        control([.get], "/_mock/devices", DevicesHandler.list)
        control([.post], "/_mock/devices", DevicesHandler.add)
        control([.post], SetDeviceLiveHandler.routePath, SetDeviceLiveHandler.handle)
        self.router = router
        self.errorStatus = context.configuration.errorStatus
        self.context = context
    }

    /// Every route, for listings and tests.
    package var routes: [(path: String, methods: [HTTPMethod])] { router.table }

    /// The answer: a fault rule's when one fires, else a trigger channel's (a token's own URL, `/_mock/aws`), else
    /// the router's, where under `error_status: "200"` an error keeps its body but is sent with status 200.
    /// Everything outside `/_mock/`, and the AWS channel, is recorded in the journal.
    package func respond(to request: HTTPRequest) -> HTTPResponse {
        // docs/triggers.md: the AWS channel lives under /_mock/ (no admin token: AWS clients cannot send one) but
        // is journaled and meets the fault rules like the API.
        if request.path.hasPrefix("/_mock/"), !AWSChannel.handles(request.path) { return routed(request) }
        let started = Clock.now
        var response: HTTPResponse
        let fault = context.faults.fire(method: request.method.rawValue, path: request.path)
        if let fault {
            response = apply(fault.effect, to: request)
        } else {
            response = answer(request)
        }
        context.journal.record(
            request, limits: context.limits, status: response.dropsConnection ? 0 : response.status.code,
            duration: Clock.now - started, timeMicros: context.now(), faultID: fault?.id)
        return response
    }

    /// A trigger channel's answer when the request is one of theirs (docs/triggers.md), else the router's.
    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        if AWSChannel.handles(path) { return AWSChannel.respond(to: request, context: context) }
        if TokenURLChannel.isTokenPath(path) {
            let candidates = TokenURLChannel.candidates(inPath: path)
            if !candidates.isEmpty {
                return TokenURLChannel.respond(to: request, candidates: candidates, context: context)
            }
        }
        return routed(request)
    }

    private func routed(_ request: HTTPRequest) -> HTTPResponse {
        var response = router.respond(to: SetDeviceLiveHandler.routable(request))
        if errorStatus == .always200, response.status.code >= 400 { response.status = .ok }
        return response
    }

    /// A fault's answer: wait, then drop, answer the error, or let the API answer.
    private func apply(_ effect: FaultRule.Effect, to request: HTTPRequest) -> HTTPResponse {
        if effect.latencyMilliseconds > 0 { usleep(useconds_t(effect.latencyMilliseconds) * 1000) }
        if effect.drop { return .drop }
        guard let status = effect.status else { return answer(request) }
        var response = ConsoleErrorRenderer().response(status: HTTPStatus(code: status), message: effect.message ?? "")
        if let retryAfter = effect.retryAfter { response.headers.add("Retry-After", String(retryAfter)) }
        return response
    }
}
