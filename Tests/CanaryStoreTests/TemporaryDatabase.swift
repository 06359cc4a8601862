import Foundation

/// Runs `body` with the path of a database file that does not exist yet, under the temporary directory, and removes
/// the file and its `-wal`/`-shm` companions afterwards. Open and release every connection inside `body`.
func withTemporaryDatabase<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("canary-store-test-\(UUID().uuidString).sqlite").path
    defer {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
    return try body(path)
}

/// Microseconds since the Unix epoch, from the test's own clock.
func nowMicros() -> Int64 {
    Int64(Date().timeIntervalSince1970 * 1_000_000)
}
