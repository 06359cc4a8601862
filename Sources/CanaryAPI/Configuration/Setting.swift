/// One setting of the mock: every place it can be given (flag, environment variable, config-file key), its help
/// line, and how a value is read and checked. `Setting.all` is the one table; the usage text, the flag list, the
/// config file's key set and the precedence (flag, then variable, then file, then default) are derived from it,
/// so a new setting is one row (docs/adding-a-setting.md).
package struct Setting: Sendable {
    /// Applies a flag's or variable's value; throws the problem alone (`port must be …`), which the loader
    /// prefixes with the flag or variable it came from.
    package typealias TextParser = @Sendable (String, inout MockConfiguration) throws(ConfigurationError) -> Void
    /// Applies the config file's key when present; throws naming the file and the key.
    package typealias FileParser = @Sendable (ConfigFile, inout MockConfiguration) throws(ConfigurationError) -> Void

    /// A secret that may also be given as a file (Docker and Kubernetes mount secrets as files; a value on the
    /// command line is visible to every user in the process list).
    package struct SecretFile: Sendable {
        /// `--admin-token-file`.
        package let flag: String
        /// `CANARY_MOCK_ADMIN_TOKEN_FILE`.
        package let variable: String
        /// `admin_token_file`; a relative path is relative to the config file.
        package let key: String
        /// What the file holds, for messages: `admin token file`.
        package let what: String
        /// The help line.
        package let help: String
        /// Applies the file's non-empty lines; `named` is the file as messages name it (`flag --x: what path`).
        package let apply: @Sendable (_ lines: [String], _ named: String, inout MockConfiguration) throws(ConfigurationError) -> Void
    }

    /// The flag, such as `--port`; nil for a file-only setting.
    package let flag: String?
    /// What the flag takes, for the usage text: `N`, `PATH`.
    package let argument: String
    /// The environment variable, such as `CANARY_MOCK_PORT`.
    package let variable: String?
    /// The config-file key, such as `port`; nil when the file cannot give it.
    package let key: String?
    /// The usage text's description, without the variable and default (derived).
    package let help: String
    /// The default as the usage text shows it; nil to show none.
    package let defaultText: String?
    /// Reads a flag's or variable's value.
    package let text: TextParser?
    /// Reads the config-file key.
    package let file: FileParser?
    /// The same secret given as a file, if it may be.
    package let secretFile: SecretFile?

    /// A row.
    package init(
        flag: String?, argument: String = "", variable: String?, key: String?, help: String = "",
        defaultText: String? = nil, text: TextParser?, file: FileParser?, secretFile: SecretFile? = nil
    ) {
        self.flag = flag
        self.argument = argument
        self.variable = variable
        self.key = key
        self.help = help
        self.defaultText = defaultText
        self.text = text
        self.file = file
        self.secretFile = secretFile
    }

    // MARK: - Rows of common shapes

    /// A whole number in `range`: digits only on the command line (`Int(_:)` also takes a sign), a JSON whole
    /// number in the file.
    /// - Parameter words: the setting in words for messages: `port` gives `port must be a whole number from …`.
    package static func integer(
        flag: String?, variable: String?, key: String, help: String, defaultText: String?, words: String,
        range: ClosedRange<Int>, set: @escaping @Sendable (inout MockConfiguration, Int) -> Void
    ) -> Setting {
        Setting(
            flag: flag, argument: "N", variable: variable, key: key, help: help, defaultText: defaultText,
            text: { value, configuration throws(ConfigurationError) in
                guard let number = Int(value), range.contains(number), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                else {
                    throw ConfigurationError(
                        "\(words) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(value)\"")
                }
                set(&configuration, number)
            },
            file: { file, configuration throws(ConfigurationError) in
                if let number = try file.reader.integer(key, in: range) { set(&configuration, number) }
            })
    }

    /// One of a few words (`text` or `json`).
    /// - Parameter words: the setting in words for messages: `log format must be text or json, got "x"`.
    package static func choice<Value>(
        flag: String?, argument: String, variable: String?, key: String, help: String, defaultText: String?,
        words: String, values: [String], parse: @escaping @Sendable (String) -> Value?,
        set: @escaping @Sendable (inout MockConfiguration, Value) -> Void
    ) -> Setting {
        Setting(
            flag: flag, argument: argument, variable: variable, key: key, help: help, defaultText: defaultText,
            text: { value, configuration throws(ConfigurationError) in
                guard let parsed = parse(value) else {
                    throw ConfigurationError("\(words) must be \(oneOf(values)), got \"\(value)\"")
                }
                set(&configuration, parsed)
            },
            file: { file, configuration throws(ConfigurationError) in
                guard let value = try file.reader.string(key) else { return }
                guard let parsed = parse(value) else {
                    throw file.reader.problem(key, "must be \(oneOf(values.map { "\"\($0)\"" })), got \"\(value)\"")
                }
                set(&configuration, parsed)
            })
    }

    /// A non-empty string.
    /// - Parameters:
    ///   - words: the setting in words for messages: `host` gives `empty host`.
    ///   - isPath: whether a relative value in the config file is relative to the config file.
    package static func string(
        flag: String?, argument: String, variable: String?, key: String, help: String, defaultText: String?,
        words: String, isPath: Bool = false, set: @escaping @Sendable (inout MockConfiguration, String) -> Void
    ) -> Setting {
        Setting(
            flag: flag, argument: argument, variable: variable, key: key, help: help, defaultText: defaultText,
            text: { value, configuration throws(ConfigurationError) in
                guard !value.isEmpty else { throw ConfigurationError("empty \(words)") }
                set(&configuration, value)
            },
            file: { file, configuration throws(ConfigurationError) in
                guard let value = try file.reader.string(key) else { return }
                set(&configuration, isPath ? file.relative(value) : value)
            })
    }

    /// `a, b or c`.
    static func oneOf(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.joined() }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }
}

/// The config file as a setting's file parser sees it: its top-level reader, and where it is (relative paths in
/// it are relative to it).
package struct ConfigFile {
    /// The file's top-level object.
    package let reader: JSONObjectReader
    /// The file's path as given.
    package let path: String

    /// A path from the file, relative to the file's folder unless absolute, as compose files and the like expect.
    package func relative(_ given: String) -> String {
        if given.hasPrefix("/") || !path.contains("/") { return given }
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) + "/" + given
    }
}
