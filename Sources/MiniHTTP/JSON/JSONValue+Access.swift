// MARK: - Literals

// Literal conformances let handlers and tests write `["result": "success", "count": 3]` instead of nested cases.

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` as `.null`.
    package init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true`/`false` as `.bool`.
    package init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer literal as `.int`.
    package init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A floating-point literal as `.double`.
    package init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string literal as `.string`.
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array literal as `.array`.
    package init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A dictionary literal as `.object`; a repeated key keeps its last value, as JSON parsers do.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        // Dictionary(uniqueKeysWithValues:) would trap on a repeated key.
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Access

extension JSONValue {
    /// The member named `key` of an object; `nil` if absent or if this is not an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` of an array; `nil` if out of bounds or if this is not an array.
    package subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The text of a `.string`, else `nil`.
    package var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The number of an `.int`, else `nil`; a `.double` is not converted, even when integral.
    package var intValue: Int? {
        guard case .int(let number) = self else { return nil }
        return number
    }

    /// The number of a `.double`, or of an `.int` converted, since JSON has a single number type; else `nil`.
    package var doubleValue: Double? {
        switch self {
        case .double(let number): number
        case .int(let number): Double(number)
        default: nil
        }
    }

    /// The flag of a `.bool`, else `nil`.
    package var boolValue: Bool? {
        guard case .bool(let flag) = self else { return nil }
        return flag
    }

    /// The elements of an `.array`, else `nil`.
    package var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members of an `.object`, else `nil`.
    package var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Whether this is `.null`.
    package var isNull: Bool {
        self == .null
    }

    /// The JSON type with its article, for messages such as "expected a string, found an object".
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
