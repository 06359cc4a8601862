/// How many tokens of one flock are enabled and disabled (`GET /api/v1/flocks/summary`).
package struct FlockTokenCounts: Sendable, Equatable, Hashable {
    /// Tokens with `enabled` true.
    package var enabled: Int
    /// Tokens with `enabled` false.
    package var disabled: Int

    /// Every token of the flock.
    package var total: Int { enabled + disabled }

    /// Makes a count pair.
    package init(enabled: Int, disabled: Int) {
        self.enabled = enabled
        self.disabled = disabled
    }
}
