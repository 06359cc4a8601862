/// The eight data mask patterns of ISO/IEC 18004 §7.8.2, Table 10 (i is the row, j the column).
package enum QRMask {
    /// All mask numbers.
    package static let all = 0...7

    /// Whether mask `mask` inverts the module at that row and column.
    package static func inverts(mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        // Mask 7; callers pass 0–7 (`QREncoder.encode` refuses any other forced mask before it gets here).
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }
}
