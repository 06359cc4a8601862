/// A square grid of modules, row by row; `true` is dark.
package struct QRMatrix: Sendable, Equatable {
    /// Modules per side.
    package let size: Int
    /// `size × size` modules, row-major; `true` is dark.
    package private(set) var modules: [Bool]

    /// An all-light grid of that size.
    package init(size: Int) {
        precondition(size > 0, "QR matrix size must be positive")
        self.size = size
        modules = [Bool](repeating: false, count: size * size)
    }

    /// A grid from rows of equal length (used by tests and fixtures).
    package init(rows: [[Bool]]) {
        precondition(!rows.isEmpty && rows.allSatisfy { $0.count == rows.count }, "QR matrix must be square")
        size = rows.count
        modules = rows.flatMap { $0 }
    }

    /// The module at that row and column; `true` is dark.
    package subscript(row: Int, column: Int) -> Bool {
        get { modules[row * size + column] }
        set { modules[row * size + column] = newValue }
    }

    /// How many modules are dark.
    package var darkCount: Int { modules.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// The grid as text, one line per row, `#` for dark and `.` for light (the fixture format).
    package var text: String {
        var out = ""
        out.reserveCapacity(size * (size + 1))
        for row in 0..<size {
            for column in 0..<size { out.append(self[row, column] ? "#" : ".") }
            out.append("\n")
        }
        return out
    }
}
