import Glibc
import MiniHTTP

/// What the command line asks for.
package enum LaunchCommand: Sendable, Equatable {
    /// Serve with this configuration.
    case serve(MockConfiguration)
    /// Print usage and exit 0.
    case help
    /// Print the version and exit 0.
    case version
    /// Ask the running server's `/_mock/health` and exit 0 or 1.
    case healthcheck(MockConfiguration)
}

/// Builds the configuration from flags, environment variables, the JSON config file and built-in defaults, in
/// that order of precedence (docs/api.md §5), for every row of `Setting.all`. Every problem is one
/// `ConfigurationError` line naming its source.
package enum ConfigurationLoader {
    /// The keys the config file may hold; anything else is an error, not a silent no-op.
    package static var fileKeys: Set<String> { Setting.fileKeys }

    /// The usage text for `--help`.
    package static var usage: String { Setting.usage }

    /// Parses the command line and environment, reading the config file they name.
    /// - Parameter readFile: reads a whole file; injectable for tests.
    package static func load(
        arguments: [String], environment: [String: String],
        readFile: (String) throws(ConfigurationError) -> [UInt8] = ConfigurationLoader.readFile
    ) throws(ConfigurationError) -> LaunchCommand {
        let healthcheck = arguments.first == "healthcheck"
        let flags: [String: String]
        switch try parseFlags(healthcheck ? Array(arguments.dropFirst()) : arguments) {
        case .command(let command): return command
        case .flags(let parsed): flags = parsed
        }
        var configuration = MockConfiguration()
        let config = (flag: Setting.configFile.flag ?? "", variable: Setting.configFile.variable ?? "")
        if let path = flags[config.flag] ?? environment[config.variable] {
            let source = flags[config.flag] != nil ? "flag \(config.flag)" : "environment variable \(config.variable)"
            guard !path.isEmpty else { throw ConfigurationError("\(source): empty path") }
            let file = ConfigFile(
                reader: try JSONObjectReader(parsing: readFile(path), source: "config file \(path)", dialect: .configFile),
                path: path)
            try file.reader.rejectUnknown(Setting.fileKeys)
            for setting in Setting.all { try apply(setting, from: file, to: &configuration, readFile: readFile) }
        }
        for setting in Setting.all {
            try apply(setting, flags: flags, environment: environment, to: &configuration, readFile: readFile)
        }
        return healthcheck ? .healthcheck(configuration) : .serve(configuration)
    }

    /// What the command line holds: flags with their values, or `--help` or `--version` (which win over anything
    /// after them).
    private enum CommandLineParse {
        /// Each flag given, with its value.
        case flags([String: String])
        /// `--help` or `--version`.
        case command(LaunchCommand)
    }

    /// Reads `--flag VALUE` and `--flag=VALUE` for every flag of the table.
    private static func parseFlags(_ arguments: [String]) throws(ConfigurationError) -> CommandLineParse {
        var flags: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .command(.help) }
            if argument == "--version" { return .command(.version) }
            guard argument.hasPrefix("--") else {
                throw ConfigurationError("unexpected argument \"\(argument)\" (see --help)")
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard Setting.flags.contains(name) else { throw ConfigurationError("unknown flag \(name) (see --help)") }
            if value == nil {
                guard index < arguments.count else { throw ConfigurationError("flag \(name): needs a value") }
                value = arguments[index]
                index += 1
            }
            guard flags[name] == nil else { throw ConfigurationError("flag \(name): given more than once") }
            flags[name] = value
        }
        return .flags(flags)
    }

    /// The highest level (flags, then variables) that gives the setting sets it, as a value or, for a secret, as a
    /// file; one level giving both is an error, since which one was meant is unclear.
    private static func apply(
        _ setting: Setting, flags: [String: String], environment: [String: String],
        to configuration: inout MockConfiguration, readFile: (String) throws(ConfigurationError) -> [UInt8]
    ) throws(ConfigurationError) {
        guard let text = setting.text else { return }
        let secret = setting.secretFile
        let levels = [
            (setting.flag.flatMap { flags[$0] }, secret.flatMap { flags[$0.flag] },
             "flag \(setting.flag ?? "")", "flag \(secret?.flag ?? "")"),
            (setting.variable.flatMap { environment[$0] }, secret.flatMap { environment[$0.variable] },
             "environment variable \(setting.variable ?? "")", "environment variable \(secret?.variable ?? "")"),
        ]
        for (value, path, valueSource, fileSource) in levels {
            if value != nil && path != nil { throw ConfigurationError("\(valueSource) and \(fileSource): give only one") }
            if let value {
                do {
                    try text(value, &configuration)
                } catch {
                    throw ConfigurationError("\(valueSource): \(error.message)")
                }
                return
            }
            if let path, let secret {
                guard !path.isEmpty else { throw ConfigurationError("\(fileSource): empty path") }
                let what = "\(fileSource): \(secret.what)"
                try secret.apply(secretLines(path: path, what: what, readFile: readFile), "\(what) \(path)", &configuration)
                return
            }
        }
    }

    /// Applies the config file's key of one setting, and for a secret its file key (the two together are an
    /// error).
    private static func apply(
        _ setting: Setting, from file: ConfigFile, to configuration: inout MockConfiguration,
        readFile: (String) throws(ConfigurationError) -> [UInt8]
    ) throws(ConfigurationError) {
        guard let secret = setting.secretFile, let key = setting.key else {
            try setting.file?(file, &configuration)
            return
        }
        if file.reader.object[key] != nil && file.reader.object[secret.key] != nil {
            throw file.reader.problem(secret.key, "give \(key) or \(secret.key), not both")
        }
        try setting.file?(file, &configuration)
        guard let given = try file.reader.string(secret.key) else { return }
        let what = "\(file.reader.location(secret.key)): \(secret.what)"
        let path = file.relative(given)
        try secret.apply(secretLines(path: path, what: what, readFile: readFile), "\(what) \(path)", &configuration)
    }

    /// The non-empty lines of a secret file (a trailing newline, or CRLF, is not part of a secret).
    /// - Throws: naming the file when it cannot be read, is not UTF-8 or holds no line.
    private static func secretLines(
        path: String, what: String, readFile: (String) throws(ConfigurationError) -> [UInt8]
    ) throws(ConfigurationError) -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            // The reader names what it reads as a config file; say which file this is instead.
            let prefix = "config file \(path): "
            guard error.message.hasPrefix(prefix) else { throw error }
            throw ConfigurationError("\(what) \(path): " + error.message.dropFirst(prefix.count))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError("\(what) \(path): is not UTF-8 text")
        }
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        guard !lines.isEmpty else { throw ConfigurationError("\(what) \(path): is empty") }
        for line in lines where line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ConfigurationError("\(what) \(path): holds a control character")
        }
        return lines
    }

    // MARK: - Reading files

    /// Reads a whole file, or says why not in one line.
    package static func readFile(_ path: String) throws(ConfigurationError) -> [UInt8] {
        try readFile(path, what: "config file")
    }

    /// Reads a whole file of at most 16 MiB; errors start with `what` and the path.
    package static func readFile(_ path: String, what: String) throws(ConfigurationError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigurationError("\(what) \(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigurationError("\(what) \(path): cannot read: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= 16 * 1024 * 1024 else { throw ConfigurationError("\(what) \(path): larger than 16 MiB") }
        }
    }
}
