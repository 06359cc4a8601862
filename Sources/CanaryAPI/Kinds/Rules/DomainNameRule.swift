/// A domain name of at least two labels (`cloned_web`, `expected_referrer`); one label has its own Console message.
package struct DomainNameRule: ParameterRule {
    /// The value itself when it is a domain of two or more labels.
    package func check(text: String) throws(KindValidator.Problem.Reason) -> String {
        switch Validation.domainProblem(text) {
        case .invalid: throw .invalid(expected: "a domain name")
        case .notEnoughLabels: throw .notEnoughLabels
        case nil: return text
        }
    }
}

extension ParameterRule where Self == DomainNameRule {
    /// A domain name of at least two labels.
    package static var domainName: DomainNameRule { DomainNameRule() }
}
