/// Any non-empty text, stored as given (`browser_redirect_url`, `industry`, `aws_access_key`).
package struct TextRule: ParameterRule {}

extension ParameterRule where Self == TextRule {
    /// Any non-empty text.
    package static var text: TextRule { TextRule() }
}
