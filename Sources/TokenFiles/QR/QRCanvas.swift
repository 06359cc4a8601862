/// A symbol under construction: the modules and which of them belong to function patterns (finder, separator,
/// timing, alignment, format and version information, dark module), which data placement and masking skip.
struct QRCanvas {
    /// Version 1...40.
    let version: Int
    /// Modules per side.
    let size: Int
    /// The modules drawn so far.
    private(set) var matrix: QRMatrix
    /// `true` where a function pattern or reserved information area lies, row-major.
    private var isFunction: [Bool]

    /// A canvas holding every function pattern of `version`, with the format area reserved (light) and, for
    /// version 7 and up, the version information drawn.
    init(version: Int) {
        self.version = version
        size = QRVersionTable.size(version: version)
        matrix = QRMatrix(size: size)
        isFunction = [Bool](repeating: false, count: size * size)
        drawTiming()
        drawFinder(row: 3, column: 3)
        drawFinder(row: 3, column: size - 4)
        drawFinder(row: size - 4, column: 3)
        drawAlignmentPatterns()
        drawFormat(0, reserveOnly: true)
        drawVersion()
    }

    // MARK: - Function patterns

    /// §7.3.4: row 6 and column 6 alternate, dark on even coordinates; finders overwrite their ends.
    private mutating func drawTiming() {
        for index in 0..<size {
            set(row: 6, column: index, dark: index % 2 == 0)
            set(row: index, column: 6, dark: index % 2 == 0)
        }
    }

    /// §7.3.2–7.3.3: a 7×7 finder centred there plus its one-module light separator, clipped to the symbol.
    private mutating func drawFinder(row centreRow: Int, column centreColumn: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let row = centreRow + dy, column = centreColumn + dx
                guard (0..<size).contains(row), (0..<size).contains(column) else { continue }
                let ring = Swift.max(abs(dx), abs(dy))  // 0–1 core, 2 light ring, 3 dark ring, 4 separator
                set(row: row, column: column, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// §6.3.6 and Annex E: 5×5 patterns at every pair of centres except the three that meet a finder.
    private mutating func drawAlignmentPatterns() {
        let centres = QRVersionTable.alignmentPositions(version: version)
        let last = centres.count - 1
        for (rowIndex, row) in centres.enumerated() {
            for (columnIndex, column) in centres.enumerated() {
                let underFinder = (rowIndex == 0 && columnIndex == 0) || (rowIndex == 0 && columnIndex == last)
                    || (rowIndex == last && columnIndex == 0)
                if underFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        set(row: row + dy, column: column + dx, dark: Swift.max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    /// §7.9.1 Figure 25: both copies of the 15 format bits (bit 0 is the least significant) and the dark module
    /// at (4V + 9, 8). With `reserveOnly` the area is only marked as function modules, all light.
    mutating func drawFormat(_ bits: UInt32, reserveOnly: Bool = false) {
        func bit(_ index: Int) -> Bool { !reserveOnly && (bits >> UInt32(index)) & 1 == 1 }
        // Copy around the top-left finder: column 8 downwards (skipping the timing row), then row 8 leftwards.
        for index in 0...5 { set(row: index, column: 8, dark: bit(index)) }
        set(row: 7, column: 8, dark: bit(6))
        set(row: 8, column: 8, dark: bit(7))
        set(row: 8, column: 7, dark: bit(8))
        for index in 9..<15 { set(row: 8, column: 14 - index, dark: bit(index)) }
        // Copy split between the top-right (row 8) and bottom-left (column 8) finders.
        for index in 0..<8 { set(row: 8, column: size - 1 - index, dark: bit(index)) }
        for index in 8..<15 { set(row: size - 15 + index, column: 8, dark: bit(index)) }
        set(row: size - 8, column: 8, dark: true)
    }

    /// §7.10 Figure 27: for version 7 and up, two 6×3 copies of the version information, bit 0 nearest the origin.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        let bits = QRInfoBits.version(version)
        for index in 0..<18 {
            let dark = (bits >> UInt32(index)) & 1 == 1
            let near = index / 3, far = size - 11 + index % 3
            set(row: near, column: far, dark: dark)  // above the top-right finder
            set(row: far, column: near, dark: dark)  // left of the bottom-left finder
        }
    }

    /// Draws one function module and marks it as such.
    private mutating func set(row: Int, column: Int, dark: Bool) {
        matrix[row, column] = dark
        isFunction[row * size + column] = true
    }

    // MARK: - Data

    /// §7.7.3: codeword bits, most significant first, in two-module columns zig-zagging up and down from the
    /// bottom-right corner, stepping over the vertical timing column; modules left over are remainder bits (light).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for column in [right, right - 1] where !isFunction[row * size + column] {
                    if bitIndex < bitCount {
                        matrix[row, column] = (codewords[bitIndex >> 3] >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
        precondition(bitIndex == bitCount, "QR codewords do not fit the symbol")
    }

    /// §7.8.2: inverts every non-function module the mask selects (applying it twice undoes it).
    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row * size + column] {
                if QRMask.inverts(mask: mask, row: row, column: column) { matrix[row, column].toggle() }
            }
        }
    }
}
