/// A token's downloadable file: what `GET /api/v1/canarytoken/download` answers.
package struct TokenDownload: Sendable, Equatable {
    /// The name in `Content-Disposition: attachment; filename=NAME` (no quotes, no path).
    package let name: String
    /// The `Content-Type` of the answer.
    package let contentType: String
    /// The file's bytes.
    package let bytes: [UInt8]

    /// Makes a file.
    package init(name: String, contentType: String, bytes: [UInt8]) {
        self.name = name
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// Everything a builder may put into a file: the token as stored, never the request.
package struct TokenFileInput: Sendable {
    /// The token id (`canarytoken`), 25 lowercase letters and digits.
    package let token: String
    /// The kind, such as `doc-msword`.
    package let kind: String
    /// The token URL (`url`), such as `http://canarytokens.com/about/<token>/index.html`.
    package let url: String
    /// The token host name (`hostname`): `<token>.<token domain>`.
    package let hostname: String
    /// The token domain alone, such as `canarytokens.com`.
    package let domain: String
    /// The memo.
    package let memo: String
    /// Creation time, seconds since 1970.
    package let created: Double
    /// The kind-specific fields stored with the token (`access_key_id`, `secret_access_key`, `username`,
    /// `azure_id_cert_file_name`, `process_name`, `wg_private_key`, ...), by field name.
    package let fields: [String: String]
    /// The uploaded file the token was made from (`doc` for doc-msword, `exe` for signed-exe), if any.
    package let upload: [UInt8]?

    /// Makes an input.
    package init(
        token: String, kind: String, url: String, hostname: String, domain: String, memo: String, created: Double,
        fields: [String: String] = [:], upload: [UInt8]? = nil
    ) {
        self.token = token
        self.kind = kind
        self.url = url
        self.hostname = hostname
        self.domain = domain
        self.memo = memo
        self.created = created
        self.fields = fields
        self.upload = upload
    }
}

/// Turns a token into the bytes of its file. One builder per file format (the four Office kinds share
/// `OfficeBuilder`); a kind row in CanaryAPI's `KindsTable` names its builder. A builder only reads the token: what a
/// kind generates (keys, certificates, card numbers) is made at create, beside the kinds table, and stored in `fields`.
package protocol TokenFileBuilder: Sendable {
    /// The file for that token.
    func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload

    /// Whether the file is built once when the token is created and stored, rather than at every download: for
    /// files made from an upload at a cost that grows with it (unpacking, scanning) and from fields that never
    /// change after create (token id, URL, creation time).
    var buildsAtCreate: Bool { get }
}

extension TokenFileBuilder {
    /// Most files are cheap and built at each download.
    package var buildsAtCreate: Bool { false }
}

/// Why a file could not be made or an upload could not be read. The message is for logs, never for the client:
/// the API answers its own fixed strings.
package enum TokenFileError: Error, Equatable, Sendable {
    /// The uploaded file is not what the kind needs (not a zip, not a docx, a damaged entry, too large unpacked).
    case unreadableUpload(String)
    /// A field the builder needs is missing from the token.
    case missingField(String)
}
