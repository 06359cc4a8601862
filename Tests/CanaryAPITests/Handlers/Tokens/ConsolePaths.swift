/// The Console paths beyond the first five (docs/api.md §6) these tests call.
enum ConsolePaths {
    static let fetchAll = "/api/v1/canarytokens/fetch"
    static let paginate = "/api/v1/canarytokens/paginate"
    static let search = "/api/v1/canarytokens/search"
    static let delete = "/api/v1/canarytoken/delete"
    static let enable = "/api/v1/canarytoken/enable"
    static let disable = "/api/v1/canarytoken/disable"
    static let update = "/api/v1/canarytoken/update"
    static let listFactories = "/api/v1/canarytoken/list_factories"
    static let kinds = "/api/v1/canarytokens/list"
    static let factoryKinds = "/api/v1/canarytokens/factory/list"
    static let flocks = "/api/v1/flocks/list"
    static let createFlock = "/api/v1/flock/create"
    static let flocksSummary = "/api/v1/flocks/summary"

    /// Every Console route beyond the first five with its method, for the auth checks.
    static let all: [(String, String)] = [
        ("GET", fetchAll), ("GET", paginate), ("GET", search), ("POST", delete), ("POST", enable), ("POST", disable),
        ("POST", update), ("GET", listFactories), ("GET", kinds), ("GET", factoryKinds), ("GET", flocks),
        ("POST", createFlock), ("GET", flocksSummary),
    ]
}
