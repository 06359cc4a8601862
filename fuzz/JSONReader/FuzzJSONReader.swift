import MiniHTTP

/// libFuzzer entry point: the input is a JSON text (a config file, a client's body).
///
/// Reading never crashes or hangs (any `JSONReadError` is fine). What reads, written with both `JSONWriter` forms,
/// reads back to the same value, unless it holds a non-finite number, which the writer prints as Python does
/// (`Infinity`, `NaN`) and the strict reader refuses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONReader.parse(bytes), JSONFuzz.isFinite(value) else { return 0 }
    for (form, encoded) in [("encode", JSONWriter.encode(value)), ("encodeLine", JSONWriter.encodeLine(value))] {
        do {
            let again = try JSONReader.parse(encoded)
            if again != value {
                fatalError("FuzzJSONReader: \(form) round trip differs: \(value) vs \(again)")
            }
        } catch {
            fatalError("FuzzJSONReader: \(form) output does not read back: \(error)")
        }
    }
    return 0
}

enum JSONFuzz {
    static func isFinite(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool, .int, .string: true
        case .double(let number): number.isFinite
        case .array(let items): items.allSatisfy(isFinite)
        case .object(let members): members.values.allSatisfy(isFinite)
        }
    }
}
