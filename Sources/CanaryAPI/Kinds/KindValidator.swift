import CanaryStore
import MiniHTTP

/// The one place a request is checked against a kind's row: its parameters become token attributes and files.
package enum KindValidator {
    /// What a valid request stores beside the common fields.
    package struct Result: Sendable, Equatable {
        /// Text fields shown on the token object.
        package var attributes: [String: String] = [:]
        /// Uploaded files.
        package var files: [TokenFile] = []
    }

    /// Checks the kind's parameters in table order; the first failure answers.
    /// An empty value counts as absent (form handlers send empty fields for unset inputs).
    package static func validate(_ kind: TokenKind, _ parameters: HTTPParameters) throws(APIError) -> Result {
        var result = Result()
        func given(_ name: String) -> String? {
            guard let value = parameters[name], !value.isEmpty else { return nil }
            return value
        }
        for (first, second) in kind.pairedParameters where (given(first) == nil) != (given(second) == nil) {
            throw .couldNotProcessParameters
        }
        for parameter in kind.parameters {
            if let check = fileCheck(parameter.rule) {
                guard let file = parameters.file(parameter.name) else {
                    if parameter.required { throw .couldNotProcessParameters }
                    continue
                }
                // The check answers the content type to keep (a detected image type, or the part's own), or nil.
                guard !file.bytes.isEmpty, file.bytes.count <= check.maxBytes, let contentType = check.accepts(file)
                else { throw .couldNotProcessParameters }
                result.files.append(TokenFile(
                    name: parameter.name, filename: file.filename, contentType: contentType, bytes: file.bytes))
                if let field = parameter.field { result.attributes[field] = file.filename }
                continue
            }
            guard let value = given(parameter.name) else {
                if parameter.required { throw .couldNotProcessParameters }
                if case .boolean(let fallback) = parameter.rule, let field = parameter.field {
                    result.attributes[field] = fallback ? "true" : "false"
                }
                continue
            }
            let stored: String
            switch parameter.rule {
            case .domainName:
                switch Validation.domainProblem(value) {
                case .invalid: throw .couldNotProcessParameters
                case .notEnoughLabels: throw .clonedWebNotEnoughLabels
                case nil: stored = value
                }
            case .s3Bucket:
                guard Validation.isS3Bucket(value) else { throw .couldNotProcessParameters }
                stored = value
            case .awsRegion:
                guard Validation.isAWSRegion(value) else { throw .couldNotProcessParameters }
                stored = value
            case .awsUsername:
                guard Validation.isAWSUsername(value) else { throw .couldNotProcessParameters }
                stored = value
            case .processName:
                guard Validation.isProcessName(value) else { throw .couldNotProcessParameters }
                stored = value
            case .fileName:
                guard Validation.isFileName(value) else { throw .couldNotProcessParameters }
                stored = value
            case .boolean:
                guard let flag = Validation.parseBoolean(value) else { throw .couldNotProcessParameters }
                stored = flag ? "true" : "false"
            case .text, .imageFile, .upload:
                stored = value
            }
            if let field = parameter.field { result.attributes[field] = stored }
        }
        return result
    }

    /// For a file rule, its size limit and its check; the check answers the content type to store (`.some(nil)` for
    /// a part without one), or `nil` to refuse the file.
    private static func fileCheck(
        _ rule: KindParameter.Rule
    ) -> (maxBytes: Int, accepts: (HTTPParameters.File) -> String??)? {
        switch rule {
        case .imageFile(let maxBytes):
            (maxBytes, { file in Validation.imageType(file.bytes).map { .some($0) } })
        case .upload(let maxBytes, let accepts):
            (maxBytes, { file in accepts(file.bytes) ? .some(file.contentType) : nil })
        default:
            nil
        }
    }

    /// Whether a token field of this kind is a boolean (printed `true`/`false`, stored as text).
    package static func isBooleanField(_ field: String, of kind: TokenKind?) -> Bool {
        kind?.parameters.contains { parameter in
            guard parameter.field == field, case .boolean = parameter.rule else { return false }
            return true
        } ?? false
    }
}
