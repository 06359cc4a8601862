/// The mask evaluation of ISO/IEC 18004 §7.8.3.1 (Table 11), scored the way libqrencode does, so that both pick the
/// same mask: N1 = 3, N2 = 3, N3 = 40, N4 = 10; the lowest total wins and ties go to the lower mask number.
///
/// Details that the spec leaves open, settled as libqrencode 4.1 settles them:
/// - Rule 1: every run of five or more same-coloured modules in a row or column scores 3 + (length − 5).
/// - Rule 2: every 2×2 block of one colour scores 3 (overlapping blocks each count).
/// - Rule 3: a dark–light–dark–light–dark run sequence in the ratio 1:1:3:1:1 (at any module width n) scores 40 once
///   when a light run of at least 4n precedes or follows it; the area outside the symbol counts as light.
/// - Rule 4: with p = the dark percentage rounded half up, 10 × ⌊|p − 50| / 5⌋.
package enum QRPenalty {
    /// The total penalty of a finished (masked, format-filled) symbol.
    package static func score(_ matrix: QRMatrix) -> Int {
        var total = blocks(matrix) + balance(matrix)
        var line = [Bool](repeating: false, count: matrix.size)
        for row in 0..<matrix.size {
            for column in 0..<matrix.size { line[column] = matrix[row, column] }
            total += runs(line)
        }
        for column in 0..<matrix.size {
            for row in 0..<matrix.size { line[row] = matrix[row, column] }
            total += runs(line)
        }
        return total
    }

    /// Rules 1 and 3 for one row or column.
    package static func runs(_ line: [Bool]) -> Int {
        // Run lengths with light runs at even indices: a line that starts dark gets an empty light run first.
        var lengths: [Int] = line.first == true ? [0] : []
        var previous: Bool?
        for module in line {
            if module == previous, let last = lengths.indices.last {
                lengths[last] += 1
            } else {
                lengths.append(1)
                previous = module
            }
        }
        var score = 0
        for (index, length) in lengths.enumerated() {
            if length >= 5 { score += 3 + (length - 5) }
            // A 3n dark run (odd index) with n-wide light, dark on either side.
            guard index % 2 == 1, index >= 3, index < lengths.count - 2, length % 3 == 0 else { continue }
            let unit = length / 3
            guard lengths[index - 2] == unit, lengths[index - 1] == unit, lengths[index + 1] == unit,
                lengths[index + 2] == unit
            else { continue }
            let lightBefore = index == 3 || lengths[index - 3] >= 4 * unit
            let lightAfter = index + 3 >= lengths.count - 1 || lengths[index + 3] >= 4 * unit
            if lightBefore || lightAfter { score += 40 }
        }
        return score
    }

    /// Rule 2: 3 for every 2×2 block of one colour.
    package static func blocks(_ matrix: QRMatrix) -> Int {
        var score = 0
        for row in 1..<matrix.size {
            for column in 1..<matrix.size {
                let colour = matrix[row, column]
                if matrix[row - 1, column] == colour, matrix[row, column - 1] == colour,
                    matrix[row - 1, column - 1] == colour
                {
                    score += 3
                }
            }
        }
        return score
    }

    /// Rule 4: 10 for every full 5 % step the (rounded) dark share lies away from 50 %.
    package static func balance(_ matrix: QRMatrix) -> Int {
        let total = matrix.size * matrix.size
        let percent = (200 * matrix.darkCount + total) / total / 2  // round(100 · dark / total), halves up
        return abs(percent - 50) / 5 * 10
    }
}
