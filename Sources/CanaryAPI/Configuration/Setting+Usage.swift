extension Setting {
    /// The usage text for `--help`, derived from the table: a new row is listed without touching this.
    package static var usage: String {
        let rows = [configFile] + all.filter { $0.flag != nil }
        var synopsis: [String] = []
        for row in rows {
            guard let flag = row.flag else { continue }
            if let secret = row.secretFile {
                synopsis.append("[\(flag) \(row.argument) | \(secret.flag) PATH]")
            } else {
                synopsis.append("[\(flag) \(row.argument)]")
            }
        }
        let lead = "Usage: canary-mock "
        var text = wrap(synopsis, first: lead, indent: String(repeating: " ", count: lead.count))
        text += """

                   canary-mock healthcheck [same options]
                   canary-mock --help | --version

            A self-hosted mock of the Thinkst Canary Console REST API.

            Options (each also has an environment variable, and all but --config a config-file key; flags win, then
            variables, then the config file, then the default):

            """
        for row in rows {
            guard let flag = row.flag else { continue }
            var where_ = [row.variable, row.key.map { "config\u{A0}key\u{A0}\($0)" }].compactMap { $0 }.joined(separator: "; ")
            where_ = where_.isEmpty ? "" : " (\(where_))"
            text += option("\(flag) \(row.argument)", row.help + where_ + (row.defaultText.map { ", default \($0)" } ?? ""))
            if let secret = row.secretFile {
                text += option("\(secret.flag) PATH", "\(secret.help) (\(secret.variable); config\u{A0}key\u{A0}\(secret.key))")
            }
        }
        text += option("--help", "print this text")
        text += option("--version", "print the version")
        text += """

            healthcheck asks the server configured by the same options for GET /_mock/health on 127.0.0.1 and exits
            0 when it answers "status": "ok", 1 otherwise (for Docker HEALTHCHECK: no curl, shell or DNS needed).
            """
        return text
    }

    /// The widest line of the usage text.
    private static let width = 116
    /// Where an option's description starts.
    private static let column = 23

    /// One option: the flag and its argument, then the description, on the same line when the flag is short.
    private static func option(_ label: String, _ description: String) -> String {
        let start = "  " + label
        let indent = String(repeating: " ", count: column)
        if start.count < column - 1 {
            return wrap(description.split(separator: " ").map(String.init),
                        first: start + String(repeating: " ", count: column - start.count), indent: indent) + "\n"
        }
        return start + "\n" + wrap(description.split(separator: " ").map(String.init), first: indent, indent: indent) + "\n"
    }

    /// Words joined by spaces into lines of at most `width` characters; a no-break space (U+00A0) in a help line
    /// keeps its neighbours together and is printed as a space.
    private static func wrap(_ words: [String], first: String, indent: String) -> String {
        var lines: [String] = []
        var line = first
        var empty = true
        for word in words {
            if !empty && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
                empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines.joined(separator: "\n").replacing("\u{A0}", with: " ")
    }
}
