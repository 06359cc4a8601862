import MiniHTTP

/// Typed, checked reads of one JSON object (the config file, the seed file, an entry inside one, or a control-API
/// request), with errors that name the source and the key path: `<source>: key "<path>": <problem>` for the config
/// file, `<source>: <path>: <problem>` for the seed file, `<field> <problem>.` for a control request (the three
/// wordings the README documents, kept apart by `Dialect`).
package struct JSONObjectReader {
    /// How a file words its problems; each file kept the wording it was released with.
    package enum Dialect: Sendable {
        /// The config file: keys quoted, the type found and the value got named, `null` is a wrong type, and an
        /// empty string is refused.
        case configFile
        /// The seed file (a `GET /_mock/state` dump): `null` is an absent key, empty strings are read as given.
        case seedFile
        /// A control-API request (`/_mock/…`): sentences naming the field, `null` is an absent field, and a number
        /// or a boolean may come as text (query and form parameters are text).
        case controlRequest
    }

    /// The file, for messages: `config file c.json`.
    package let source: String
    /// The object's members.
    package let object: [String: JSONValue]
    /// The object's place in the file, ending in a dot (`flocks[0].`), or empty at the top.
    package let path: String
    /// The wording.
    package let dialect: Dialect

    /// Reads an object already parsed.
    package init(source: String, object: [String: JSONValue], path: String = "", dialect: Dialect) {
        self.source = source
        self.object = object
        self.path = path
        self.dialect = dialect
    }

    /// Parses a whole file that must hold one JSON object.
    /// - Throws: `<source>: invalid JSON: …` or `<source>: must hold a JSON object, found …`.
    package init(parsing bytes: [UInt8], source: String, dialect: Dialect) throws(ConfigurationError) {
        let document: JSONValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw ConfigurationError("\(source): invalid JSON: \(error)")
        }
        guard case .object(let object) = document else {
            throw ConfigurationError("\(source): must hold a JSON object, found \(document.typeName)")
        }
        self.init(source: source, object: object, dialect: dialect)
    }

    // MARK: - Messages

    /// Where a key is, the way this dialect names it: `config file c.json: key "flocks[0].name"`.
    package func location(_ key: String) -> String {
        switch dialect {
        case .configFile: "\(source): key \"\(path)\(key)\""
        case .seedFile: "\(source): \(path)\(key)"
        case .controlRequest: "\(path)\(key)"
        }
    }

    /// A problem with one key.
    package func problem(_ key: String, _ text: String) -> ConfigurationError {
        switch dialect {
        case .configFile, .seedFile: ConfigurationError("\(location(key)): \(text)")
        case .controlRequest: ConfigurationError("\(location(key)) \(text).")
        }
    }

    /// A problem with one key's value; the config file also shows the value it got.
    package func problem(_ key: String, _ text: String, got value: String) -> ConfigurationError {
        switch dialect {
        case .configFile: problem(key, "\(text), got \"\(value)\"")
        case .seedFile, .controlRequest: problem(key, text)
        }
    }

    /// A value of the wrong type; the config file also names the type found.
    private func wrongType(_ key: String, _ expected: String, _ found: JSONValue) -> ConfigurationError {
        switch dialect {
        case .configFile: problem(key, "must be \(expected), found \(found.typeName)")
        case .seedFile, .controlRequest: problem(key, "must be \(expected)")
        }
    }

    /// Fails on a key outside `known`, so a typo is an error rather than a silently ignored setting.
    package func rejectUnknown(_ known: Set<String>) throws(ConfigurationError) {
        guard let unknown = Set(object.keys).subtracting(known).sorted().first else { return }
        let list = known.sorted().joined(separator: ", ")
        switch dialect {
        case .configFile: throw ConfigurationError("\(source): unknown key \"\(path)\(unknown)\" (known keys: \(list))")
        case .seedFile: throw problem(unknown, "unknown key (known keys: \(list))")
        case .controlRequest: throw ConfigurationError("Unknown field \(path)\(unknown); known fields: \(list).")
        }
    }

    // MARK: - Typed reads

    /// The key's value, or nil when absent (or null, in the seed file).
    package func value(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        if dialect != .configFile, value.isNull { return nil }
        return value
    }

    /// A string, or nil when absent; the config file refuses an empty one.
    package func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            throw dialect == .controlRequest ? problem(key, "must be a string") : wrongTypeNamed(key, "a string", value)
        }
        if dialect == .configFile, text.isEmpty { throw problem(key, "must not be empty") }
        return text
    }

    /// A string that must be given.
    package func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let text = try string(key) else { throw problem(key, "is required") }
        return text
    }

    /// A string value of the wrong type, named in every file (the seed file did so before the files shared this).
    private func wrongTypeNamed(_ key: String, _ expected: String, _ found: JSONValue) -> ConfigurationError {
        problem(key, "must be \(expected), found \(found.typeName)")
    }

    /// A whole number in `range`, or nil when absent; a control request may give it as digits.
    package func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = value(key) else { return nil }
        if dialect == .controlRequest {
            guard let number = value.intValue ?? value.stringValue.flatMap({ Int($0) }), range.contains(number) else {
                throw problem(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        guard case .int(let number) = value else { throw problem(key, "must be a whole number, found \(value.typeName)") }
        guard range.contains(number) else {
            throw problem(key, "must be from \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }

    /// A finite number in `range`, or nil when absent; a control request may give it as text.
    package func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let value = value(key) else { return nil }
        let text = dialect == .controlRequest ? value.stringValue.flatMap { Double($0) } : nil
        guard let number = value.doubleValue ?? text, number.isFinite, range.contains(number) else {
            throw problem(key, "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// `true` or `false`, or nil when absent; a control request may also give `true`, `false`, `1` or `0` as text.
    package func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(key) else { return nil }
        if let flag = value.boolValue { return flag }
        guard dialect == .controlRequest, let flag = value.stringValue.flatMap(Validation.parseBoolean) else {
            throw problem(key, "must be true or false")
        }
        return flag
    }

    /// A list of non-empty strings, or nil when absent.
    package func stringList(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw wrongType(key, "a list of strings", value) }
        return try items.enumerated().map { (offset, item) throws(ConfigurationError) in
            guard case .string(let text) = item, !text.isEmpty else {
                throw problem("\(key)[\(offset)]", "must be a non-empty string, found \(item.typeName)")
            }
            return text
        }
    }

    /// A list of objects, each with a reader whose path is `key[i].`; nil when absent.
    package func objectList(_ key: String) throws(ConfigurationError) -> [JSONObjectReader]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw wrongType(key, "a list of objects", value) }
        return try items.enumerated().map { (offset, item) throws(ConfigurationError) in
            guard case .object(let entry) = item else { throw wrongType("\(key)[\(offset)]", "an object", item) }
            return JSONObjectReader(source: source, object: entry, path: "\(path)\(key)[\(offset)].", dialect: dialect)
        }
    }
}
