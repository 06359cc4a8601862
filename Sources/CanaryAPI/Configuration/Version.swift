/// The program's version, printed by `--version` and logged at start.
package enum CanaryMockVersion {
    /// Semantic version of this build.
    package static let current = "0.1.0"
}
