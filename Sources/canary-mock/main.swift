import CanaryAPI
import CanaryStore
import Glibc
import MiniHTTP

/// Writes one line to standard error at once (logs must not sit in a buffer when the process is killed).
/// One write(2) per line, so lines from different threads never interleave.
func log(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// Prints a configuration problem and exits with status 2 (CONTRACT.md §5).
func fail(_ message: String) -> Never {
    log("canary-mock: \(message)")
    exit(2)
}

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let pair = String(cString: pointer)
    if let equals = pair.firstIndex(of: "=") {
        environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    entry += 1
}

let configuration: MockConfiguration
do {
    switch try ConfigurationLoader.load(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment) {
    case .help:
        print(ConfigurationLoader.usage)
        exit(0)
    case .version:
        print("canary-mock \(CanaryMockVersion.current)")
        exit(0)
    case .serve(let loaded):
        configuration = loaded
    }
} catch {
    fail(error.message)
}

let store: ConsoleStore
do {
    store = try ConsoleStore(path: configuration.database)
    try ConsoleSeeder.seed(store, configuration, nowMicros: Timestamps.nowMicros())
} catch let error as ConfigurationError {
    fail(error.message)
} catch {
    fail("database \(configuration.database): \(error)")
}

// Block SIGINT and SIGTERM before any thread starts, so every thread inherits the mask and only sigwait below
// receives them (STYLE.md: signals on the main thread, then a clean stop).
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGINT)
sigaddset(&signals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &signals, nil)

var limits = HTTPLimits.default
limits.maxBodyBytes = configuration.maxBodyBytes
let context = ConsoleContext(store: store, configuration: configuration, limits: limits, log: { log("error: \($0)") })
var serverConfiguration = HTTPServer.Configuration()
serverConfiguration.host = configuration.host
serverConfiguration.port = configuration.port
serverConfiguration.maxConnections = configuration.maxConnections
serverConfiguration.limits = limits
let server = HTTPServer(configuration: serverConfiguration, responder: ConsoleAPI(context: context), eventLog: { event in
    switch event {
    case .connectionRefusedOverCap(let peer): log("warning: connection from \(peer) refused: too many connections")
    case .systemError(let error): log("warning: \(error)")
    }
})

let port: Int
do {
    port = try server.start()
} catch {
    fail("cannot listen on \(configuration.host):\(configuration.port): \(error)")
}
let shownHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
log("canary-mock \(CanaryMockVersion.current) listening on http://\(shownHost):\(port) (database \(configuration.database))")
if configuration.usesDefaultAuthToken {
    log("auth_token: \(MockConfiguration.defaultAuthToken) (built-in default; set auth_tokens in the config file to change it)")
}

var received: Int32 = 0
sigwait(&signals, &received)
log("received \(received == SIGINT ? "SIGINT" : "SIGTERM"), stopping")
server.stop()
log("stopped")
exit(0)
