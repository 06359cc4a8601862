/// One Canarytoken kind as data: what create accepts for it and what its token object carries.
/// Adding a kind is a row in `KindsTable`, not a branch in a handler.
package struct TokenKind: Sendable, Equatable {
    /// What the server generates for a kind beyond the common fields.
    package enum Generated: Sendable, Equatable {
        /// Nothing.
        case nothing
        /// `access_key_id`, `secret_access_key`, `username` and `renders["aws-id"]`.
        case awsCredentials
        /// `renders["cloned-web"]`, a script that loads the token URL from any other domain.
        case clonedWebRender
    }

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
    /// Generated fields.
    package let generated: Generated

    /// Makes a kind row.
    package init(
        _ name: String, _ displayName: String, factory: Bool = true, parameters: [KindParameter] = [],
        paired: [(String, String)] = [], generated: Generated = .nothing
    ) {
        self.name = name
        self.displayName = displayName
        self.factoryDefault = factory
        self.parameters = parameters
        self.pairedParameters = paired
        self.generated = generated
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

    /// Makes a parameter row.
    package init(_ name: String, required: Bool = false, rule: Rule, field: String?) {
        self.name = name
        self.required = required
        self.rule = rule
        self.field = field
    }
}
