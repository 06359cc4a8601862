import MiniHTTP

/// The Console API's routes on one router, with the configured error-status mode applied to every answer.
package struct ConsoleAPI: HTTPResponder {
    private let router: Router
    private let errorStatus: MockConfiguration.ErrorStatusMode

    /// Builds every route of CONTRACT.md Part A, and the Part B routes built so far, over `context`.
    package init(context: ConsoleContext) {
        var router = Router(unexpected: { error, request in
            context.log("unexpected error on \(request.method) \(request.path): \(error)")
            return APIError.internalError.makeResponse()
        })
        func route(_ methods: [HTTPMethod], _ path: String,
                   _ handler: @escaping @Sendable (HTTPRequest, ConsoleContext) throws(APIError) -> HTTPResponse) {
            router.add(methods, path) { request in try handler(request, context) }
        }
        route([.get, .post], "/api/v1/ping", PingHandler.handle)
        route([.post], "/api/v1/canarytoken/create", CreateTokenHandler.handle)
        route([.get], "/api/v1/canarytoken/fetch", FetchTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/create_factory", CreateFactoryHandler.handle)
        route([.delete], "/api/v1/canarytoken/delete_factory", DeleteFactoryHandler.handle)
        route([.post], "/api/v1/canarytoken/factory", FactoryCreateHandler.handle)
        route([.post], "/api/v1/canarytoken/factory/create", FactoryCreateHandler.handle)
        // CONTRACT.md §6 (Part B): listing, token actions, factories and flocks.
        route([.get], "/api/v1/canarytokens/fetch", FetchTokensHandler.handle)
        route([.get], "/api/v1/canarytokens/paginate", PaginateTokensHandler.handle)
        route([.get], "/api/v1/canarytokens/search", SearchTokensHandler.handle)
        route([.post], "/api/v1/canarytoken/delete", DeleteTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/enable", EnableTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/disable", DisableTokenHandler.handle)
        route([.post], "/api/v1/canarytoken/update", UpdateTokenHandler.handle)
        route([.get], "/api/v1/canarytoken/list_factories", ListFactoriesHandler.handle)
        route([.get], "/api/v1/canarytokens/list", ListKindsHandler.handle)
        route([.get], "/api/v1/canarytokens/factory/list", ListFactoryKindsHandler.handle)
        route([.get], "/api/v1/flocks/list", ListFlocksHandler.handle)
        route([.post], "/api/v1/flock/create", CreateFlockHandler.handle)
        route([.get], "/api/v1/flocks/summary", FlocksSummaryHandler.handle)
        // The mock's own endpoints live under /_mock/; no Console auth.
        route([.get], "/_mock/health", HealthHandler.handle)
        route([.post], "/_mock/reset", ResetHandler.handle)
        route([.get], "/_mock/state", StateHandler.handle)
        self.router = router
        self.errorStatus = context.configuration.errorStatus
    }

    /// Every route, for listings and tests.
    package var routes: [(path: String, methods: [HTTPMethod])] { router.table }

    /// The router's answer; under `error_status: "200"` an error keeps its body but is sent with status 200.
    package func respond(to request: HTTPRequest) -> HTTPResponse {
        var response = router.respond(to: request)
        if errorStatus == .always200, response.status.code >= 400 { response.status = .ok }
        return response
    }
}
