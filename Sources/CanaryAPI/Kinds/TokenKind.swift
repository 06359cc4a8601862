import TokenFiles

/// One Canarytoken kind as data: what create accepts for it, what its token object carries and the file it
/// downloads as. Adding a kind is a row in `KindsTable` (plus its rules, generator and builder where it has them), not
/// a branch in a handler or the validator: docs/adding-a-kind.md.
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
        parameters.first { $0.rule is UploadRule }?.name
    }

    /// Rows are equal by name: the name is the kind.
    package static func == (lhs: TokenKind, rhs: TokenKind) -> Bool { lhs.name == rhs.name }
}

/// A kind-specific request parameter: how it is checked (its `ParameterRule`) and the token field it becomes.
package struct KindParameter: Sendable {
    /// The request parameter name.
    package let name: String
    /// Whether create fails without it.
    package let required: Bool
    /// The check.
    package let rule: any ParameterRule
    /// The token field it is stored and shown as, or `nil` for a secret that is checked but never shown.
    package let field: String?

    /// Whether the value is an uploaded file part (`imageFile`, `upload`) rather than text.
    package var isFile: Bool { rule.takesFile }

    /// Makes a parameter row.
    package init(_ name: String, required: Bool = false, rule: some ParameterRule, field: String?) {
        self.name = name
        self.required = required
        self.rule = rule
        self.field = field
    }
}
