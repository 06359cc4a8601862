import CanaryAPI
import MiniHTTP
import Testing

@Suite("Configuration: log settings and the healthcheck subcommand")
struct LogAndHealthcheckConfigurationTests {
    private func serve(_ arguments: [String], _ environment: [String: String] = [:], file: String? = nil) throws -> MockConfiguration {
        let command = try ConfigurationLoader.load(
            arguments: arguments + (file == nil ? [] : ["--config", "c.json"]), environment: environment,
            readFile: { _ throws(ConfigurationError) in Array((file ?? "{}").utf8) })
        guard case .serve(let configuration) = command else { throw ConfigurationError("not serve") }
        return configuration
    }

    @Test("Defaults are text at info")
    func defaults() throws {
        let configuration = try serve([])
        #expect(configuration.logFormat == .text)
        #expect(configuration.logLevel == .info)
    }

    @Test("Flag beats variable beats file for format and level")
    func precedence() throws {
        let file = #"{"log_format": "json", "log_level": "error"}"#
        let fromFile = try serve([], file: file)
        #expect(fromFile.logFormat == .json && fromFile.logLevel == .error)
        let fromEnvironment = try serve([], ["CANARY_MOCK_LOG_FORMAT": "text", "CANARY_MOCK_LOG_LEVEL": "warning"], file: file)
        #expect(fromEnvironment.logFormat == .text && fromEnvironment.logLevel == .warning)
        let fromFlags = try serve(["--log-format", "json", "--log-level=debug"], ["CANARY_MOCK_LOG_FORMAT": "text"], file: file)
        #expect(fromFlags.logFormat == .json && fromFlags.logLevel == .debug)
    }

    @Test("Bad values name their source")
    func badValues() {
        #expect(throws: ConfigurationError("flag --log-format: log format must be text or json, got \"xml\"")) {
            try serve(["--log-format", "xml"])
        }
        #expect(throws: ConfigurationError("environment variable CANARY_MOCK_LOG_LEVEL: log level must be debug, info, warning or error, got \"loud\"")) {
            try serve([], ["CANARY_MOCK_LOG_LEVEL": "loud"])
        }
        #expect(throws: ConfigurationError("config file c.json: key \"log_level\": must be \"debug\", \"info\", \"warning\" or \"error\", got \"trace\"")) {
            try serve([], file: #"{"log_level": "trace"}"#)
        }
        #expect(throws: ConfigurationError("config file c.json: key \"log_format\": must be a string, found a number")) {
            try serve([], file: #"{"log_format": 1}"#)
        }
    }

    @Test("healthcheck takes the same flags, variables and file as the server")
    func healthcheck() throws {
        let command = try ConfigurationLoader.load(
            arguments: ["healthcheck", "--port", "9999"], environment: ["CANARY_MOCK_HOST": "0.0.0.0"])
        guard case .healthcheck(let configuration) = command else {
            Issue.record("expected healthcheck, got \(command)")
            return
        }
        #expect(configuration.port == 9999)
        #expect(configuration.host == "0.0.0.0")
        #expect(throws: ConfigurationError("unexpected argument \"healthcheck\" (see --help)")) {
            try ConfigurationLoader.load(arguments: ["--port", "1", "healthcheck"], environment: [:])
        }
    }
}
