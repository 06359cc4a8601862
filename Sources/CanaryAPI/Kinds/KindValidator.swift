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

    /// Why a kind's parameters are refused: which parameter and what is wrong with it. The Console answers every
    /// problem with one of two messages (`apiError`); the seed file names the problem (`description`).
    package struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong; a `ParameterRule` throws it and the validator adds the parameter's name.
        package enum Reason: Error, Equatable, Sendable {
            /// A required parameter is absent (for a file rule: no file part).
            case missing
            /// Given without the parameter it must come with.
            case unpaired(with: String)
            /// A file part that is empty, too large or not of the right format.
            case badFile
            /// A value the rule refuses; the text says what the rule wants.
            case invalid(expected: String)
            /// A domain name of one label (`cloned_web`), which the Console answers with its own message.
            case notEnoughLabels
        }

        /// The request parameter.
        package let parameter: String
        /// What is wrong with it.
        package let reason: Reason

        /// The Console's answer (docs/api.md §3.1).
        package var apiError: APIError {
            reason == .notEnoughLabels ? .clonedWebNotEnoughLabels : .couldNotProcessParameters
        }

        /// One line without the parameter name, e.g. `is required`.
        package var description: String {
            switch reason {
            case .missing: "is required"
            case .unpaired(let other): "must be given together with \(other)"
            case .badFile: "must be a non-empty file of the kind's format"
            case .invalid(let expected): "must be \(expected)"
            case .notEnoughLabels: "must be a domain name of at least two labels"
            }
        }
    }

    /// Checks the kind's parameters in table order; the first failure answers with the Console's message.
    /// An empty value counts as absent (form handlers send empty fields for unset inputs).
    package static func validate(_ kind: TokenKind, _ parameters: HTTPParameters) throws(APIError) -> Result {
        do {
            return try check(kind, parameters)
        } catch {
            throw error.apiError
        }
    }

    /// `validate` with the problem itself: the one implementation of the kind rules, which create, the factory
    /// and the seed file share.
    package static func check(_ kind: TokenKind, _ parameters: HTTPParameters) throws(Problem) -> Result {
        var result = Result()
        func given(_ name: String) -> String? {
            guard let value = parameters[name], !value.isEmpty else { return nil }
            return value
        }
        for (first, second) in kind.pairedParameters where (given(first) == nil) != (given(second) == nil) {
            throw given(first) == nil
                ? Problem(parameter: second, reason: .unpaired(with: first))
                : Problem(parameter: first, reason: .unpaired(with: second))
        }
        for parameter in kind.parameters {
            do throws(Problem.Reason) {
                if parameter.rule.takesFile {
                    guard let file = parameters.file(parameter.name) else {
                        if parameter.required { throw .missing }
                        continue
                    }
                    let contentType = try parameter.rule.check(file: file)
                    result.files.append(TokenFile(
                        name: parameter.name, filename: file.filename, contentType: contentType, bytes: file.bytes))
                    if let field = parameter.field { result.attributes[field] = file.filename }
                    continue
                }
                guard let value = given(parameter.name) else {
                    if parameter.required { throw .missing }
                    if let field = parameter.field, let fallback = parameter.rule.absentValue {
                        result.attributes[field] = fallback
                    }
                    continue
                }
                let stored = try parameter.rule.check(text: value)
                if let field = parameter.field { result.attributes[field] = stored }
            } catch {
                throw Problem(parameter: parameter.name, reason: error)
            }
        }
        return result
    }

    /// Whether a token field of this kind is a boolean (printed `true`/`false`, stored as text).
    package static func isBooleanField(_ field: String, of kind: TokenKind?) -> Bool {
        kind?.parameters.contains { $0.field == field && $0.rule is BooleanRule } ?? false
    }
}
