import Foundation
import Testing
@testable import TokenFiles

/// Reads the reference matrices made by `fixtures/files/qr/generate.sh` (libqrencode output).
enum QRFixtures {
    /// One `cases.tsv` line.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        var testDescription: String { name }
    }

    /// `fixtures/files/qr` in the repository, found from this file's path (Tests/TokenFilesTests/QR/).
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/files/qr")

    /// The contents of a fixture file, or "" when it cannot be read (the tests then fail on the comparison).
    static func read(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// The cases of `cases.tsv`.
    static var cases: [Case] {
        read("cases.tsv").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return fields.count == 2 ? Case(name: String(fields[0]), text: String(fields[1])) : nil
        }
    }

    /// `capacities.txt` as version → largest byte count qrencode puts into it.
    static var capacities: [Int: Int] {
        var out: [Int: Int] = [:]
        for line in read("capacities.txt").split(separator: "\n") {
            let fields = line.split(separator: " ").compactMap { Int($0) }
            if fields.count == 2 { out[fields[0]] = fields[1] }
        }
        return out
    }
}
