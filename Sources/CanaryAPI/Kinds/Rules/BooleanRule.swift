/// `true`/`false` in any case, or `1`/`0`; stored as `"true"`/`"false"`, with a default when absent
/// (`browser_scanner_enabled`). The token object shows it as a JSON boolean (`KindValidator.isBooleanField`).
package struct BooleanRule: ParameterRule {
    /// The value an absent parameter stores.
    package let fallback: Bool

    /// `"true"` or `"false"`.
    package func check(text: String) throws(KindValidator.Problem.Reason) -> String {
        guard let flag = Validation.parseBoolean(text) else { throw .invalid(expected: "true or false") }
        return flag ? "true" : "false"
    }

    /// The default, as stored text.
    package var absentValue: String? { fallback ? "true" : "false" }
}

extension ParameterRule where Self == BooleanRule {
    /// A boolean with `fallback` when absent.
    package static func boolean(default fallback: Bool) -> BooleanRule { BooleanRule(fallback: fallback) }
}
