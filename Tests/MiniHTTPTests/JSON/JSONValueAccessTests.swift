import MiniHTTP
import Testing

@Suite("JSONValue access")
struct JSONValueAccessTests {
    @Test("Literals build the matching cases")
    func literals() {
        let value: JSONValue = ["s": "x", "i": 1, "d": 1.5, "b": true, "n": nil, "a": [1, "two"], "o": ["k": []]]
        #expect(
            value
                == .object([
                    "s": .string("x"), "i": .int(1), "d": .double(1.5), "b": .bool(true), "n": .null,
                    "a": .array([.int(1), .string("two")]), "o": .object(["k": .array([])]),
                ])
        )
    }

    @Test("A repeated key in a dictionary literal keeps the last value")
    func repeatedLiteralKey() {
        let value: JSONValue = ["a": 1, "a": 2]
        #expect(value == .object(["a": .int(2)]))
    }

    @Test("Subscripts look up members and bounds-checked elements")
    func subscripts() {
        let value: JSONValue = ["list": [10, 20], "name": "n"]
        #expect(value["name"] == "n")
        #expect(value["missing"] == nil)
        #expect(value["list"]?[1] == 20)
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value[0] == nil)
        #expect(value["list"]?["name"] == nil)
    }

    @Test("Typed accessors return only their own type")
    func typedAccessors() {
        let string: JSONValue = "s"
        let int: JSONValue = 3
        let double: JSONValue = 2.5
        #expect(string.stringValue == "s")
        #expect(int.stringValue == nil)
        #expect(int.intValue == 3)
        #expect(double.intValue == nil)
        #expect(JSONValue.double(3).intValue == nil)
        #expect(double.doubleValue == 2.5)
        #expect(int.doubleValue == 3.0)
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(string.boolValue == nil)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(["a": 1]).objectValue == ["a": 1])
        #expect(string.arrayValue == nil)
        #expect(string.objectValue == nil)
        #expect(JSONValue.null.isNull)
        #expect(!string.isNull)
    }

    @Test("Type names read well in messages")
    func typeNames() {
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.bool(true).typeName == "a boolean")
        #expect(JSONValue.int(1).typeName == "a number")
        #expect(JSONValue.double(1).typeName == "a number")
        #expect(JSONValue.string("").typeName == "a string")
        #expect(JSONValue.array([]).typeName == "an array")
        #expect(JSONValue.object([:]).typeName == "an object")
    }
}
