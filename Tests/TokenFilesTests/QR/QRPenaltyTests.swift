import Testing
@testable import TokenFiles

@Suite struct QRPenaltyTests {
    /// A line from `#` (dark) and `.` (light).
    private func line(_ text: String) -> [Bool] { text.map { $0 == "#" } }

    @Test("Rule 1: runs of five or more score 3 + (length - 5), both colours", arguments: [
        ("#.#.#.#.#.", 0), ("####.#.#.#", 0), ("#####.#.#.", 3), ("......#.#.", 4), ("#######.#.", 5),
        ("#####.....", 6), ("##########", 8),
    ])
    func rule1(_ text: String, _ score: Int) {
        #expect(QRPenalty.runs(line(text)) == score)
    }

    @Test("Rule 3: 1:1:3:1:1 with four light modules on one side (the outside counts as light)", arguments: [
        ("....#.###.#", 40),  // light run of 4 before
        ("#.###.#....", 40),  // after
        ("#.###.#.##", 40),  // starts at the edge: the outside counts as light
        ("##.#.###.#", 40),  // ends at the edge
        ("##...#.###.#...#", 0),  // only 3 light on either side
        (".#.###.#.", 40),  // one light module each side, but both reach the edge
        ("#.#.###.#.#", 0),  // one light module each side, then dark
        ("##..######..##", 40 + 3 + 1),  // n = 2, at both edges (counted once); the 6-run scores rule 1
        ("##..##..######..##..##", 4),  // n = 2 with only 2 light modules outside; rule 1 only
        ("#.##.#....", 0),  // 1:1:2:1:1 is no finder
    ])
    func rule3(_ text: String, _ score: Int) {
        #expect(QRPenalty.runs(line(text)) == score)
    }

    @Test("Rule 2 counts overlapping 2x2 blocks of either colour; rule 4 steps of 5 % from 50 %")
    func blocksAndBalance() {
        let allLight = QRMatrix(size: 3)
        #expect(QRPenalty.blocks(allLight) == 4 * 3)
        #expect(QRPenalty.balance(allLight) == 100)
        let checker = QRMatrix(rows: (0..<4).map { row in (0..<4).map { ($0 + row) % 2 == 0 } })
        #expect(QRPenalty.blocks(checker) == 0)
        #expect(QRPenalty.balance(checker) == 0)
        // 20 × 20 with d dark modules: a full step of 5 % away from 50 % costs 10; the percentage is rounded half up.
        func balance(dark: Int) -> Int {
            QRPenalty.balance(QRMatrix(rows: (0..<20).map { row in (0..<20).map { row * 20 + $0 < dark } }))
        }
        #expect(balance(dark: 176) == 10)  // 44 %
        #expect(balance(dark: 180) == 10)  // 45 %
        #expect(balance(dark: 181) == 10)  // 45.25 % → 45 %
        #expect(balance(dark: 182) == 0)  // 45.5 % → 46 %
        #expect(balance(dark: 220) == 10)  // 55 %
        #expect(balance(dark: 218) == 10)  // 54.5 % → 55 %
        #expect(balance(dark: 217) == 0)  // 54.25 % → 54 %
        #expect(balance(dark: 160) == 20)  // 40 %
        #expect(balance(dark: 400) == 100)
    }

    @Test("Total score adds rules 1-4 over rows and columns")
    func total() {
        // 5 × 5 all dark: each of 10 lines one run of 5 (3 each), 16 blocks (3 each), 100 % dark (100).
        let dark = QRMatrix(rows: [[Bool]](repeating: [Bool](repeating: true, count: 5), count: 5))
        #expect(QRPenalty.score(dark) == 10 * 3 + 16 * 3 + 100)
    }
}
