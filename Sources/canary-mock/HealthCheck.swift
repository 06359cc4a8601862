import CanaryAPI
import Glibc
import MiniHTTP

/// `canary-mock healthcheck`: asks the configured server's `/_mock/health` over loopback; exit 0 or 1.
enum HealthCheck {
    /// Seconds the whole check may take (Docker's default HEALTHCHECK timeout is 30 s).
    static let timeout = 3.0

    /// The address to ask: the configured one when it is a specific numeric address, else loopback (the server
    /// bound to every address, or to a name, which the check does not resolve: no DNS).
    static func address(for host: String) -> String {
        switch host {
        case "0.0.0.0", "localhost", "": return "127.0.0.1"
        case "::", "[::]": return "::1"
        default:
            var v4 = in_addr()
            var v6 = in6_addr()
            if inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1 { return host }
            return "127.0.0.1"
        }
    }

    /// Runs the check and returns the exit status.
    static func run(_ configuration: MockConfiguration) -> Int32 {
        let address = address(for: configuration.host)
        func report(_ text: String) { Logger.standardError(Array("canary-mock healthcheck: \(text)\n".utf8)) }
        switch HealthClient.get(address: address, port: configuration.port, path: "/_mock/health", timeout: timeout) {
        case .failure(let error):
            report("unhealthy: \(error)")
            return 1
        case .success(let reply):
            let body = try? JSONReader.parse(reply.body)
            guard reply.status == 200, body?["status"]?.stringValue == "ok" else {
                report("unhealthy: status \(reply.status)")
                return 1
            }
            report("ok")
            return 0
        }
    }
}
