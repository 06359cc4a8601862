import CanaryStore

/// A new token with plausible values; `id` must be unique per store.
func makeToken(
    _ id: String,
    kind: String = "http",
    memo: String = "a memo",
    flockID: String = ConsoleStore.defaultFlockID,
    createdMicros: Int64 = 1_586_161_315_087_693,
    factoryAuth: String? = nil,
    attributes: [String: String] = [:],
    files: [TokenFile] = []
) -> NewToken {
    NewToken(
        canarytoken: id,
        kind: kind,
        memo: memo,
        flockID: flockID,
        createdMicros: createdMicros,
        url: "http://abcdef012345.o3n.io/static/\(id)/index.html",
        hostname: "\(id).abcdef012345.o3n.io",
        factoryAuth: factoryAuth,
        attributes: attributes,
        files: files
    )
}
