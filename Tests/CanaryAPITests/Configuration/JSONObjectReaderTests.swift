import CanaryAPI
import MiniHTTP
import Testing

@Suite("JSONObjectReader: one reader for the config file, the seed file and control requests")
struct JSONObjectReaderTests {
    /// A reader over an object given as JSON text.
    static func reader(_ json: String, _ dialect: JSONObjectReader.Dialect) throws -> JSONObjectReader {
        let source = switch dialect {
        case .configFile: "config file c.json"
        case .seedFile: "seed file s.json"
        case .controlRequest: "request"
        }
        return try JSONObjectReader(parsing: Array(json.utf8), source: source, dialect: dialect)
    }

    /// The message a read throws, or nil.
    static func failure(_ read: () throws(ConfigurationError) -> Void) -> String? {
        do {
            try read()
            return nil
        } catch {
            return error.message
        }
    }

    /// One problem in three dialects: the same check, each file's own wording.
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let read: @Sendable (JSONObjectReader) throws(ConfigurationError) -> Void
        let config: String?
        let seed: String?
        let control: String?
    }

    static let cases: [Case] = [
        Case(
            testDescription: "a number where a string belongs", json: #"{"name": 5}"#,
            read: { reader throws(ConfigurationError) in _ = try reader.string("name") },
            config: #"config file c.json: key "name": must be a string, found a number"#,
            seed: "seed file s.json: name: must be a string, found a number", control: "name must be a string."),
        Case(
            testDescription: "an empty string", json: #"{"name": ""}"#, read: { reader throws(ConfigurationError) in _ = try reader.string("name") },
            config: #"config file c.json: key "name": must not be empty"#, seed: nil, control: nil),
        Case(
            testDescription: "null", json: #"{"name": null}"#, read: { reader throws(ConfigurationError) in _ = try reader.string("name") },
            config: #"config file c.json: key "name": must be a string, found null"#, seed: nil, control: nil),
        Case(
            testDescription: "a missing required key", json: "{}", read: { reader throws(ConfigurationError) in _ = try reader.requiredString("name") },
            config: #"config file c.json: key "name": is required"#, seed: "seed file s.json: name: is required",
            control: "name is required."),
        Case(
            testDescription: "a number out of range", json: #"{"port": 70000}"#,
            read: { reader throws(ConfigurationError) in _ = try reader.integer("port", in: 0...65535) },
            config: #"config file c.json: key "port": must be from 0 to 65535, got 70000"#,
            seed: "seed file s.json: port: must be from 0 to 65535, got 70000",
            control: "port must be a whole number from 0 to 65535."),
        Case(
            testDescription: "digits as text", json: #"{"port": "80"}"#, read: { reader throws(ConfigurationError) in _ = try reader.integer("port", in: 0...65535) },
            config: #"config file c.json: key "port": must be a whole number, found a string"#,
            seed: "seed file s.json: port: must be a whole number, found a string", control: nil),
        Case(
            testDescription: "an unknown key", json: #"{"prot": 1}"#, read: { reader throws(ConfigurationError) in try reader.rejectUnknown(["port", "host"]) },
            config: #"config file c.json: unknown key "prot" (known keys: host, port)"#,
            seed: "seed file s.json: prot: unknown key (known keys: host, port)",
            control: "Unknown field prot; known fields: host, port."),
        Case(
            testDescription: "a list that is not one", json: #"{"flocks": {}}"#, read: { reader throws(ConfigurationError) in _ = try reader.objectList("flocks") },
            config: #"config file c.json: key "flocks": must be a list of objects, found an object"#,
            seed: "seed file s.json: flocks: must be a list of objects", control: "flocks must be a list of objects."),
        Case(
            testDescription: "a flag as text", json: #"{"drop": "1"}"#, read: { reader throws(ConfigurationError) in _ = try reader.bool("drop") },
            config: #"config file c.json: key "drop": must be true or false"#,
            seed: "seed file s.json: drop: must be true or false", control: nil),
    ]

    @Test("Each dialect words the same problem its own way, one line naming the source and the key", arguments: cases)
    func wording(_ check: Case) throws {
        for (dialect, expected) in [(JSONObjectReader.Dialect.configFile, check.config), (.seedFile, check.seed),
                                    (.controlRequest, check.control)] {
            let reader = try Self.reader(check.json, dialect)
            #expect(Self.failure { () throws(ConfigurationError) in try check.read(reader) } == expected, "\(dialect)")
        }
    }

    @Test("Entries of a list carry their path into every message")
    func entryPaths() throws {
        let reader = try Self.reader(#"{"flocks": [{"name": "a"}, {"name": 1}]}"#, .configFile)
        let entries = try #require(try reader.objectList("flocks"))
        #expect(entries.map(\.path) == ["flocks[0].", "flocks[1]."])
        #expect(Self.failure { () throws(ConfigurationError) in _ = try entries[1].string("name") }
            == #"config file c.json: key "flocks[1].name": must be a string, found a number"#)
        #expect(entries[1].location("name") == #"config file c.json: key "flocks[1].name""#)
    }

    @Test("A file that is not one JSON object is refused naming the file")
    func notAnObject() {
        #expect(throws: ConfigurationError("seed file s.json: must hold a JSON object, found an array")) {
            _ = try JSONObjectReader(parsing: Array("[]".utf8), source: "seed file s.json", dialect: .seedFile)
        }
    }
}
