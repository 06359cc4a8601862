import Basics
import CanaryAPI
import CanaryStore
import Glibc
import MiniDNS
import MiniHTTP

/// Prints a configuration problem and exits with status 2 (docs/api.md §5). Plain text on purpose: the problem
/// may be the log settings themselves.
func fail(_ message: String) -> Never {
    Logger.standardError(Array("canary-mock: \(message)\n".utf8))
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
    case .healthcheck(let loaded):
        exit(HealthCheck.run(loaded))
    case .serve(let loaded):
        configuration = loaded
    }
} catch {
    // Docker reserves health-check exit status 2; a health check that cannot even read its settings is unhealthy.
    if CommandLine.arguments.dropFirst().first == "healthcheck" {
        Logger.standardError(Array("canary-mock healthcheck: \(error.message)\n".utf8))
        exit(1)
    }
    fail(error.message)
}

// Block SIGINT and SIGTERM before any thread starts (the store's checkpoint thread starts when it opens), so every
// thread inherits the mask and only sigwait below receives them. A thread started before the mask would take a
// SIGTERM whenever the main thread is not the kernel's pick, and the process would die of it instead of stopping
// (seen in CI: exit by signal 15 instead of status 0).
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGINT)
sigaddset(&signals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &signals, nil)

let startedAt = Clock.now
let logger = Logger(level: configuration.logLevel, format: configuration.logFormat)

let store: ConsoleStore
var seed: SeedFile?
do {
    // The seed file is read and checked before the database is touched, so a bad one changes nothing.
    if let path = configuration.seedPath {
        seed = try SeedFile.parse(ConfigurationLoader.readFile(path, what: "seed file"), path: path)
    }
    // Exclusive: a second server on the same file would serve its own stale cache (see DatabaseFile).
    store = try ConsoleStore(path: configuration.database, exclusive: true)
    let now = WallClock.system.nowMicros()
    let prepared = try seed?.prepare(
        tokenDomain: configuration.tokenDomain, urlBase: configuration.tokenURLBase, nowMicros: now)
    // The configured rows and the seed in one transaction: a refused entry, or a crash, leaves the file unchanged.
    do {
        try store.transaction { transaction in
            try ConsoleSeeder.seed(in: transaction, configuration, nowMicros: now)
            try prepared?.write(in: transaction)
        }
    } catch let error as ConfigurationError {
        throw error
    } catch {
        throw ConfigurationError("database \(configuration.database): could not apply the configuration and the seed: \(error)")
    }
} catch let error as ConfigurationError {
    fail(error.message)
} catch StoreError.databaseInUse {
    fail("database \(configuration.database): in use by another canary-mock (it holds the file's lock); stop it or use another --database")
} catch {
    fail("database \(configuration.database): \(error)")
}


var limits = HTTPLimits.default
limits.maxBodyBytes = configuration.maxBodyBytes
let context = ConsoleContext(
    store: store, configuration: configuration, limits: limits, log: { logger.log(.error, $0) }, startedAt: startedAt,
    seed: seed)
var serverConfiguration = HTTPServer.Configuration()
serverConfiguration.host = configuration.host
serverConfiguration.port = configuration.port
serverConfiguration.maxConnections = configuration.maxConnections
serverConfiguration.maxConnectionsPerPeer = configuration.maxConnectionsPerPeer
serverConfiguration.stopGrace = Double(configuration.stopGraceSeconds)
serverConfiguration.limits = limits
// No access-log closure at all below info level: the hot path then does no logging work.
let accessLog: (@Sendable (HTTPServer.AccessLogEntry) -> Void)?
if logger.isEnabled(.info) {
    let requestLogger = logger
    accessLog = { @Sendable entry in requestLogger.request(entry) }
} else {
    accessLog = nil
}
let server = HTTPServer(
    configuration: serverConfiguration, responder: ConsoleAPI(context: context), accessLog: accessLog,
    errorRenderer: ConsoleErrorRenderer(),
    eventLog: { event in
        switch event {
        case .connectionRefusedOverCap(let peer):
            logger.log(.warning, "connection refused: too many connections", [("remote", .string(peer))])
        case .systemError(let error):
            logger.log(.warning, "system call failed", [("error", .string(error.description))])
        }
    })

let port: Int
do {
    port = try server.start()
} catch {
    fail("cannot listen on \(configuration.host):\(configuration.port): \(error)")
}
let shownHost = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host

// The DNS responder (docs/dns.md) on the same host address, started before the HTTP listening line is logged, so a
// client that has read that line finds `dns_port` in /_mock/health.
var dnsResponder: DNSResponder?
if let dnsPort = configuration.dnsPort {
    var dnsConfiguration = DNSResponder.Configuration()
    dnsConfiguration.host = configuration.host
    dnsConfiguration.port = dnsPort
    let channel = DNSChannel(context: context)
    let responder = DNSResponder(configuration: dnsConfiguration) { query, peer in channel.answer(query, from: peer) }
    do {
        let bound = try responder.start()
        context.dnsPort.withLock { $0 = bound }
        dnsResponder = responder
    } catch {
        server.stop()
        fail("cannot listen on udp \(configuration.host):\(dnsPort) (DNS): \(error)")
    }
}
let startMilliseconds = ((Clock.now - startedAt) * 1_000_000).rounded() / 1000
logger.lifecycle("canary-mock \(CanaryMockVersion.current) listening on http://\(shownHost):\(port)", [
    ("database", .string(configuration.database)), ("start_ms", .double(startMilliseconds)),
])
if let dnsResponder {
    logger.lifecycle("DNS responder listening on udp://\(shownHost):\(dnsResponder.port)", [
        ("token_domain", .string(configuration.tokenDomain)),
    ])
}
if configuration.usesDefaultAuthToken {
    // The built-in key is public by design (it is in the README); configured keys are never logged.
    logger.lifecycle("auth_token: \(MockConfiguration.defaultAuthToken) (built-in default; set auth_tokens to change it)")
}

var received: Int32 = 0
sigwait(&signals, &received)
logger.lifecycle("received \(received == SIGINT ? "SIGINT" : "SIGTERM"), stopping")
dnsResponder?.stop()
server.stop()
// After the HTTP server, so no trigger queues a webhook body once the sender has stopped (docs/webhooks.md).
context.webhooks.stop()
logger.lifecycle("stopped")
exit(0)
