import Basics
import MiniHTTP
import Synchronization

/// The fault rules in force (`/_mock/faults`), in creation order. For each request outside `/_mock/`, the
/// matching rules that are not spent draw in order from their own seeded generator; the first that fires answers.
package final class FaultRules: Sendable {
    /// Most rules at once, so a runaway test cannot grow the list without bound.
    package static let maxRules = 1000
    /// Longest latency a rule may add, in milliseconds: a stop waits for in-flight requests, so it stays short.
    package static let maxLatencyMilliseconds = 30_000
    /// Longest `message`, `path` and `method` a rule may have, in characters: every rule is listed whole by
    /// `GET /_mock/faults`, so 30 rules of 7 MB made a 630 MB listing (issue 11). Console messages are one short line.
    package static let maxTextLength = 1024

    private struct State {
        var rules: [FaultRule] = []
        var lastID = 0
    }

    private let state = PThreadLock(State())
    /// How many rules exist, kept beside the list so that a request meets no lock while there are none (the usual
    /// case, and every request asks).
    private let ruleCount = Atomic<Int>(0)

    /// An empty rule list.
    package init() {}

    /// Adds a rule made by `make` with the next id; `nil` when the list is full.
    package func add(_ make: (Int) -> FaultRule) -> FaultRule? {
        state.withLock { state in
            guard state.rules.count < FaultRules.maxRules else { return nil }
            state.lastID += 1
            let rule = make(state.lastID)
            state.rules.append(rule)
            ruleCount.store(state.rules.count, ordering: .releasing)
            return rule
        }
    }

    /// Every rule with its counters.
    package var all: [FaultRule] { state.withLock { $0.rules } }

    /// Removes every rule (`id == nil`) or the one with that id; returns how many went.
    @discardableResult
    package func remove(id: Int? = nil) -> Int {
        state.withLock { state in
            let before = state.rules.count
            if let id { state.rules.removeAll { $0.id == id } } else { state.rules.removeAll() }
            ruleCount.store(state.rules.count, ordering: .releasing)
            return before - state.rules.count
        }
    }

    /// The rule that fires for this request, counted as applied, or `nil`.
    package func fire(method: String, path: String) -> (id: Int, effect: FaultRule.Effect)? {
        guard ruleCount.load(ordering: .acquiring) > 0 else { return nil }
        return state.withLock { state in
            for index in state.rules.indices where state.rules[index].matches(method: method, path: path) {
                if state.rules[index].remaining == 0 { continue }
                state.rules[index].matched += 1
                let probability = state.rules[index].probability
                if probability < 1, state.rules[index].random.nextUnit() >= probability { continue }
                state.rules[index].applied += 1
                if let remaining = state.rules[index].remaining { state.rules[index].remaining = remaining - 1 }
                return (state.rules[index].id, state.rules[index].effect)
            }
            return nil
        }
    }
}
