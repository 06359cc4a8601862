import CanaryStore
import MiniHTTP

/// Makes and stores a new token: the part create and the factory share once their own checks have passed.
package enum TokenMinter {
    /// Validates the kind's parameters, generates identifiers and stores the token; returns it as stored.
    package static func mint(
        kind: TokenKind, memo: String, flockID: String, factoryAuth: String?, parameters: HTTPParameters,
        context: ConsoleContext
    ) throws(APIError) -> TokenRecord {
        let extra = try KindValidator.validate(kind, parameters)
        let domain = context.configuration.tokenDomain
        // 25 characters of 36 is about 129 bits: a clash is practically impossible, but an id is never reused.
        for _ in 0..<4 {
            let id = Identifiers.canarytoken()
            let url = Identifiers.tokenURL(id: id, domain: domain)
            let hostname = Identifiers.hostname(id: id, domain: domain)
            let created = context.now()
            let minting = GeneratedFields.Minting(
                canarytoken: id, url: url, hostname: hostname, createdMicros: created, given: extra.attributes)
            let attributes = extra.attributes.merging(kind.generated.stored(minting)) { given, _ in given }
            let token = NewToken(
                canarytoken: id, kind: kind.name, memo: memo, flockID: flockID, createdMicros: created,
                url: url, hostname: hostname, factoryAuth: factoryAuth, attributes: attributes, files: extra.files)
            do {
                return try context.store.insertToken(token)
            } catch .duplicateKey {
                continue
            } catch {
                context.log("could not save token (kind \(kind.name)): \(error)")
                throw .couldNotSave
            }
        }
        throw .couldNotSave
    }
}
