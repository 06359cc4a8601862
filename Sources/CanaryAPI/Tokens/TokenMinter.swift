import CanaryStore
import MiniHTTP
import TokenFiles

/// Makes and stores a new token: the part create and the factory share once their own checks have passed, and
/// (through `newToken`) the seed file, so a seeded token holds the same fields a created one would.
package enum TokenMinter {
    /// Why the generated fields of a token cannot be made (`GeneratedFields.refusal`); the text says what is wrong
    /// with the URL.
    package struct Refusal: Error, Equatable, Sendable {
        /// E.g. `is 3000 bytes, over the 2331 a QR code holds`.
        package let text: String
    }

    /// Validates the kind's parameters, generates identifiers and stores the token; returns it as stored.
    /// A request carrying an upload is processed inside one of `context.uploads`' slots (checking the file, and
    /// building the download once for kinds whose builder `buildsAtCreate`, stored with the token).
    package static func mint(
        kind: TokenKind, memo: String, flockID: String, factoryAuth: String?, parameters: HTTPParameters,
        context: ConsoleContext
    ) throws(APIError) -> TokenRecord {
        guard let upload = kind.uploadParameter, parameters.file(upload) != nil else {
            return try mint(kind: kind, memo: memo, flockID: flockID, factoryAuth: factoryAuth, parameters: parameters,
                            context: context, build: false)
        }
        return try context.uploads.withSlot { () throws(APIError) in
            try mint(kind: kind, memo: memo, flockID: flockID, factoryAuth: factoryAuth, parameters: parameters,
                     context: context, build: kind.file?.buildsAtCreate == true)
        }
    }

    private static func mint(
        kind: TokenKind, memo: String, flockID: String, factoryAuth: String?, parameters: HTTPParameters,
        context: ConsoleContext, build: Bool
    ) throws(APIError) -> TokenRecord {
        let extra = try KindValidator.validate(kind, parameters)
        let domain = context.configuration.tokenDomain
        let urlBase = context.configuration.effectiveTokenURLBase
        // 25 characters of 36 is about 129 bits: a clash is practically impossible, but an id is never reused.
        return try context.retryingNewID(
            Identifiers.canarytoken, failure: "could not save token (kind \(kind.name))"
        ) { id in
            var token: NewToken
            do throws(Refusal) {
                token = try newToken(
                    kind: kind, canarytoken: id, url: Identifiers.tokenURL(id: id, base: urlBase),
                    hostname: Identifiers.hostname(id: id, domain: domain), createdMicros: context.now(), memo: memo,
                    flockID: flockID, factoryAuth: factoryAuth, validated: extra)
            } catch {
                // Not a store failure: the kind cannot make its fields for this URL (a leaf's typed `Refusal`).
                context.log("could not make token fields (kind \(kind.name)): url \(error.text)")
                throw APIError.couldNotSave
            }
            if build, let builder = kind.file { token.files.append(try builtFile(token, kind: kind, builder, context)) }
            return try context.store.insertToken(token)
        }
    }

    /// The token to store: the validated kind fields over `given` (fields a seed file carries beyond the kind's
    /// parameters, such as aws-id keys), then the kind's generated fields where neither gave them.
    /// - Throws: `Refusal` when the kind cannot make its fields for this URL (a QR code too long to encode).
    package static func newToken(
        kind: TokenKind, canarytoken: String, url: String, hostname: String, createdMicros: Int64, memo: String,
        flockID: String, factoryAuth: String?, validated: KindValidator.Result, given: [String: String] = [:]
    ) throws(Refusal) -> NewToken {
        let fields = given.merging(validated.attributes) { _, checked in checked }
        let minting = GeneratedFields.Minting(
            canarytoken: canarytoken, url: url, hostname: hostname, createdMicros: createdMicros, given: fields)
        if let refusal = kind.generated.refusal(minting) { throw Refusal(text: refusal) }
        let attributes = fields.merging(kind.generated.stored(minting)) { given, _ in given }
        return NewToken(
            canarytoken: canarytoken, kind: kind.name, memo: memo, flockID: flockID, createdMicros: createdMicros,
            url: url, hostname: hostname, factoryAuth: factoryAuth, attributes: attributes, files: validated.files)
    }

    /// The token's download, built now from the token as it will be stored and its upload.
    private static func builtFile(
        _ token: NewToken, kind: TokenKind, _ builder: any TokenFileBuilder, _ context: ConsoleContext
    ) throws(APIError) -> TokenFile {
        let upload = kind.uploadParameter.flatMap { name in token.files.first { $0.name == name }?.bytes }
        let prefix = token.canarytoken + "."
        let domain = token.hostname.hasPrefix(prefix) ? String(token.hostname.dropFirst(prefix.count)) : token.hostname
        let input = TokenFileInput(
            token: token.canarytoken, kind: token.kind, url: token.url, hostname: token.hostname, domain: domain,
            memo: token.memo, created: Double(token.createdMicros) / 1_000_000, fields: token.attributes,
            upload: upload)
        do {
            let file = try builder.build(input)
            return .built(filename: file.name, contentType: file.contentType, bytes: file.bytes)
        } catch .unreadableUpload {
            // The rest of the upload's check (`UploadFormats`): a client's file that cannot be tokenized.
            throw .couldNotProcessParameters
        } catch {
            context.log("could not build the \(token.kind) file at create: \(error)")
            throw .couldNotProcessParameters
        }
    }
}
