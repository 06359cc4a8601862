import TokenFiles

/// One Canarytoken kind as data: what create accepts for it, what its token object carries and the file it
/// downloads as. Adding a kind is a row in `KindsTable` (plus a builder if it has a file), not a branch in a handler.
package struct TokenKind: Sendable, Equatable {

    /// The `kind` parameter value, such as `aws-id`.
    package let name: String
    /// The Console's display name (`GET /api/v1/canarytokens/list`).
    package let displayName: String
    /// Whether the factory makes this kind unless `factory_kinds` says otherwise.
    package let factoryDefault: Bool
    /// The kind-specific request parameters, checked in this order.
    package let parameters: [KindParameter]
    /// Parameters that must be given together or not at all.
    package let pairedParameters: [(String, String)]
    /// What the server generates at create and adds when showing the token.
    package let generated: GeneratedFields
    /// The builder of the kind's download, or `nil` when `canarytoken/download` answers `File generation not supported.`
    package let file: (any TokenFileBuilder)?

    /// Makes a kind row.
    package init(
        _ name: String, _ displayName: String, factory: Bool = true, parameters: [KindParameter] = [],
        paired: [(String, String)] = [], generated: GeneratedFields = .nothing, file: (any TokenFileBuilder)? = nil
    ) {
        self.name = name
        self.displayName = displayName
        self.factoryDefault = factory
        self.parameters = parameters
        self.pairedParameters = paired
        self.generated = generated
        self.file = file
    }

    /// The parameter whose uploaded file the download is made from (`doc`, `exe`), if the kind has one.
    package var uploadParameter: String? {
        parameters.first { parameter in
            if case .upload = parameter.rule { return true }
            return false
        }?.name
    }

    /// Rows are equal by name: the name is the kind.
    package static func == (lhs: TokenKind, rhs: TokenKind) -> Bool { lhs.name == rhs.name }
}

/// A kind-specific request parameter: how it is checked and the token field it becomes.
package struct KindParameter: Sendable {
    /// How a value is checked.
    package enum Rule: Sendable {
        /// A domain name of at least two labels (`cloned_web`).
        case domainName
        /// A PNG, GIF or JPEG file part of at most `maxBytes` (`web_image`).
        case imageFile(maxBytes: Int)
        /// A file part of at most `maxBytes` that `accepts` says is the right format (`doc`, `exe`); the token keeps
        /// it and its download is made from it.
        case upload(maxBytes: Int, accepts: @Sendable ([UInt8]) -> Bool)
        /// A Windows program file name such as `klist.exe` (`process_name`).
        case processName
        /// A plain file name: 1–100 of letters, digits, `.`, `_`, `-`, not starting with `.` (`azure_id_cert_file_name`).
        case fileName
        /// An S3 bucket name.
        case s3Bucket
        /// An AWS region such as `us-east-1`.
        case awsRegion
        /// An IAM user name: 1–64 of `A-Za-z0-9+=,.@_-`.
        case awsUsername
        /// `true`/`false` in any case, or `1`/`0`; stored as `"true"`/`"false"`, with a default when absent.
        case boolean(default: Bool)
        /// Any non-empty text.
        case text
    }

    /// The request parameter name.
    package let name: String
    /// Whether create fails without it.
    package let required: Bool
    /// The check.
    package let rule: Rule
    /// The token field it is stored and shown as, or `nil` for a secret that is checked but never shown.
    package let field: String?

    /// Whether the value is an uploaded file part (`imageFile`, `upload`) rather than text.
    package var isFile: Bool {
        switch rule {
        case .imageFile, .upload: true
        default: false
        }
    }

    /// Makes a parameter row.
    package init(_ name: String, required: Bool = false, rule: Rule, field: String?) {
        self.name = name
        self.required = required
        self.rule = rule
        self.field = field
    }
}
