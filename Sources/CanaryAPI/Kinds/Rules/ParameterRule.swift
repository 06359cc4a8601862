import MiniHTTP

/// How one kind parameter is checked. Each rule is its own value with its own check, so `KindValidator` is one loop
/// over a kind's parameters and a new rule is a new value, not a new branch in the validator.
package protocol ParameterRule: Sendable {
    /// Whether the value is an uploaded file part rather than text.
    var takesFile: Bool { get }
    /// The text to store for a given, non-empty value, or why it is refused.
    func check(text: String) throws(KindValidator.Problem.Reason) -> String
    /// For a file rule: the content type to store for a non-empty part (`nil` for a part without one), or why it
    /// is refused.
    func check(file: HTTPParameters.File) throws(KindValidator.Problem.Reason) -> String?
    /// What the token field holds when the parameter is absent, or `nil` for nothing.
    var absentValue: String? { get }
}

extension ParameterRule {
    /// Text, unless the rule says otherwise.
    package var takesFile: Bool { false }
    /// Any text is kept as given.
    package func check(text: String) throws(KindValidator.Problem.Reason) -> String { text }
    /// A text rule refuses file parts (never asked: the validator reads files only for file rules).
    package func check(file: HTTPParameters.File) throws(KindValidator.Problem.Reason) -> String? {
        throw .badFile
    }
    /// No value for an absent parameter.
    package var absentValue: String? { nil }
}
