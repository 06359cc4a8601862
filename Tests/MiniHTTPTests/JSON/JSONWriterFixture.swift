import Foundation
import MiniHTTP
import Testing

/// One case of fixtures/json/writer-cases.json, written by fixtures/json/generate.py from Python's `json.dumps`.
struct JSONWriterCase: Sendable, CustomTestStringConvertible {
    /// The case's name, shown by the test runner.
    let name: String
    /// The value to encode.
    let input: JSONValue
    /// `json.dumps(input, indent=2, sort_keys=True)`.
    let expected: String
    let expectedLine: String

    var testDescription: String { name }
}

/// Loads the writer fixture shared by the writer and reader tests.
enum JSONWriterFixture {
    /// Why the fixture could not be used.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root: this file is at Tests/MiniHTTPTests/JSON/JSONWriterFixture.swift.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // JSON
        .deletingLastPathComponent()  // MiniHTTPTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The fixture file's location.
    static let url: URL = packageRoot.appendingPathComponent("fixtures/json/writer-cases.json")

    /// The fixture file's raw bytes.
    static func bytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// Every case in file order.
    static func cases() throws -> [JSONWriterCase] {
        let document = try JSONReader.parse(bytes())
        guard let entries = document.arrayValue else {
            throw LoadError(description: "\(url.path): expected an array, found \(document.typeName)")
        }
        return try entries.enumerated().map { position, entry in
            guard let name = entry["name"]?.stringValue, let input = entry["input"],
                let expected = entry["expected"]?.stringValue,
                let expectedLine = entry["expected_line"]?.stringValue
            else {
                throw LoadError(description: "\(url.path): case #\(position) lacks name, input or expected")
            }
            return JSONWriterCase(name: name, input: input, expected: expected, expectedLine: expectedLine)
        }
    }
}
