import CanaryStore
import MiniHTTP
import TokenFiles

/// `GET /api/v1/canarytoken/download` (auth) and `GET /api/v1/canarytoken/factory/download` (`factory_auth`; a
/// factory sees only the tokens it made): the token's file, made by its kind's builder.
package enum DownloadTokenHandler {
    /// The Console route: auth, then the token.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        return try download(try token(parameters, context), context)
    }

    /// The factory route: the factory string is the credential, and only its own tokens are found.
    package static func handleFactory(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.parameters(request)
        let factory = try context.liveFactory(parameters)
        let token = try token(parameters, context)
        guard token.factoryAuth == factory.factoryAuth else { throw .tokenNotFound }
        return try download(token, context)
    }

    private static func token(_ parameters: HTTPParameters, _ context: ConsoleContext) throws(APIError) -> TokenRecord {
        guard let id = parameters["canarytoken"], !id.isEmpty,
            let token = try context.read("token", { store in try store.token(id) })
        else { throw .tokenNotFound }
        return token
    }

    /// The stored built file when the token has one (kinds built at create), else the file built now; building an
    /// older token's upload takes one of `context.uploads`' slots, as create does.
    private static func download(_ token: TokenRecord, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        guard let kind = KindsTable.kind(named: token.kind), let builder = kind.file else {
            throw .fileGenerationNotSupported
        }
        if builder.buildsAtCreate, let built = try context.read("built file", { store in
            try store.builtFile(token.canarytoken)
        }) {
            return response(name: built.filename, contentType: built.contentType ?? "application/octet-stream",
                            bytes: built.bytes)
        }
        var upload: [UInt8]?
        if let name = kind.uploadParameter {
            upload = try context.read("token file", { store in
                try store.tokenFile(token.canarytoken, name: name)
            })?.bytes
        }
        let input = TokenFileInput(token, upload: upload)
        let build = { () throws(APIError) -> TokenDownload in
            do {
                return try builder.build(input)
            } catch {
                context.log("could not build the \(token.kind) file of token \(token.canarytoken): \(error)")
                throw .internalError
            }
        }
        let file = try upload != nil && builder.buildsAtCreate ? context.uploads.withSlot(build) : build()
        return response(name: file.name, contentType: file.contentType, bytes: file.bytes)
    }

    private static func response(name: String, contentType: String, bytes: [UInt8]) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Content-Disposition", "attachment; filename=\(name)")
        headers.add("X-Robots-Tag", "noindex")
        return HTTPResponse(status: .ok, headers: headers, body: bytes)
    }
}
