import Basics
import Foundation
import Glibc
import MiniHTTP

/// The built `canary-mock` binary run as a child process, as users run it.
final class BinaryProcess {
    /// The binary beside this test bundle (`.build/<config>/canary-mock`), or `CANARY_MOCK_BIN`.
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["CANARY_MOCK_BIN"] { return path }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("canary-mock").path
    }

    let process = Process()
    private let errorPipe = Pipe()
    private var errorText = ""
    /// The port from the start line, once it is logged.
    private(set) var port = 0

    /// Starts the binary with these arguments and environment (nothing inherited but PATH).
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: BinaryProcess.binaryPath)
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { first, _ in first }
        process.standardError = errorPipe
        process.standardOutput = errorPipe
        try process.run()
    }

    /// Reads the log until the start line gives the port, or the process ends. Returns the port or nil.
    func waitUntilListening(timeout: Double = 10) -> Int? {
        let deadline = Clock.now + timeout
        let handle = errorPipe.fileHandleForReading
        while Clock.now < deadline {
            if let range = errorText.range(of: "listening on http://127.0.0.1:") {
                let digits = errorText[range.upperBound...].prefix { $0.isNumber }
                if let value = Int(digits) { port = value; return value }
            }
            let data = handle.availableData
            if data.isEmpty { return nil }
            errorText += String(decoding: data, as: UTF8.self)
        }
        return nil
    }

    /// Everything the process wrote, after it has ended.
    func finish(timeout: Double = 10) -> (status: Int32, output: String) {
        let deadline = Clock.now + timeout
        while process.isRunning, Clock.now < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        errorText += String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, errorText)
    }

    /// Sends a signal and waits for the exit.
    func stop(signal: Int32 = SIGTERM) -> (status: Int32, output: String) {
        kill(process.processIdentifier, signal)
        return finish()
    }

    /// Runs the binary to completion (for --help, --version and bad configurations).
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try BinaryProcess(arguments, environment: environment).finish()
    }
}

/// A unique temporary path; the caller removes it (and its -wal/-shm).
func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "canary-mock-\(UUID().uuidString)-\(name)"
}

func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
