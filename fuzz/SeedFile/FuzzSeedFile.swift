import CanaryAPI
import CanaryStore

/// libFuzzer entry point: the input is a seed file (`--seed`).
///
/// `SeedFile.parse` either refuses it with one line naming the file, or the seed is applied to an in-memory store
/// (emptied before each input), which either takes all of it or refuses it with one line and keeps nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSeedFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let seed: SeedFile
    do {
        seed = try SeedFile.parse(bytes, path: "fuzz.json")
    } catch {
        SeedFileFuzz.expectOneLine(error, for: "parse")
        return 0
    }
    do {
        try SeedFileFuzz.store.reset()
        try seed.apply(to: SeedFileFuzz.store, tokenDomain: "fuzz.localhost", nowMicros: 1_600_000_000_000_000)
        let count = try SeedFileFuzz.store.tokenCount()
        guard count == seed.tokens.count else {
            fatalError("FuzzSeedFile: applied \(seed.tokens.count) tokens, the store holds \(count)")
        }
    } catch let error as ConfigurationError {
        SeedFileFuzz.expectOneLine(error, for: "apply")
        // Refused: nothing of the seed stays.
        guard (try? SeedFileFuzz.store.tokenCount()) == 0 else { fatalError("FuzzSeedFile: a refused seed left tokens") }
    } catch {
        fatalError("FuzzSeedFile: the in-memory store failed: \(error)")
    }
    return 0
}

enum SeedFileFuzz {
    /// One store for the whole run; each input starts from a reset.
    static let store: ConsoleStore = {
        do {
            return try ConsoleStore(path: ":memory:")
        } catch {
            fatalError("FuzzSeedFile: cannot open the in-memory store: \(error)")
        }
    }()

    /// A refusal is one line that names the file.
    static func expectOneLine(_ error: ConfigurationError, for step: String) {
        guard error.message.hasPrefix("seed file fuzz.json: "), !error.message.contains("\n") else {
            fatalError("FuzzSeedFile: \(step) refused with a message that is not one line naming the file: \(error.message)")
        }
    }
}
