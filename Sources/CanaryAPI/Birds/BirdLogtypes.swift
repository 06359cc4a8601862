import MiniHTTP

/// The logtype table of bird incidents (docs/bird-incidents.md "The logtype table"): for each logtype a bird
/// reports, the incident's summary text, the word of its incident key, the default service port, whether it has a
/// source, the fields of the alert's default event, and the webhook's `AdditionalDetails` labels.
///
/// Summaries and logtypes are the Console's documented ones (https://docs.canary.tools/incidents/incident-objects.html);
/// the key words `sshlogin`, `httplogin`, `devicedied`, `canaryviolation`, `smbfileopen`, `mssqllogin` and `ftplogin`
/// are the Console's (seen in real incident keys), the others are the mock's choice in the same style.
package enum BirdLogtypes {
    /// One webhook `AdditionalDetails` pair: the event field it shows, its label, and whether its value is masked.
    package struct Detail: Sendable, Equatable {
        /// The event field, e.g. `USERNAME`.
        package let field: String
        /// The label, e.g. `Username`.
        package let label: String
        /// Whether the value is sent as `*******` (the Console masks passwords and keys).
        package let masked: Bool

        /// Makes a detail.
        package init(_ field: String, _ label: String, masked: Bool = false) {
            self.field = field
            self.label = label
            self.masked = masked
        }
    }

    /// One logtype.
    package struct Entry: Sendable, Equatable {
        /// The logtype code, as the incident's `logtype` string, e.g. `4002`.
        package let logtype: String
        /// The incident's `description` and `summary`, e.g. `SSH Login Attempt`.
        package let summary: String
        /// The word of the incident key, `incident:<word>:<device hash>:<ip>:<epoch>`.
        package let keyWord: String
        /// Whether `keyWord` is the Console's own (seen in real keys) rather than the mock's choice.
        package let consoleWord: Bool
        /// The default service port (`dst_port`); nil shows as `-1` (no port: disconnect, tampering, settings).
        package let dstPort: Int?
        /// Whether the incident has a source host; a sourceless incident keys and shows an empty `src_host`.
        package let hasSource: Bool
        /// The fields of the alert's default event, besides `timestamp` and `timestamp_std`.
        package let event: [String: JSONValue]
        /// The webhook's `AdditionalDetails` pairs, in order, for the event fields present.
        package let details: [Detail]
    }

    /// Every logtype the mock records, in code order.
    package static let all: [Entry] = rows.flatMap { row in
        row.codes.map { code in
            Entry(
                logtype: code, summary: row.summary, keyWord: row.word, consoleWord: row.consoleWord,
                dstPort: row.port, hasSource: row.source, event: row.event, details: row.details)
        }
    }.sorted { (Int($0.logtype) ?? 0) < (Int($1.logtype) ?? 0) }

    /// The entries by logtype code.
    private static let byLogtype: [String: Entry] = Dictionary(all.map { ($0.logtype, $0) }) { first, _ in first }

    /// The entry of a logtype code, or nil when the table does not have it.
    package static func entry(_ logtype: String) -> Entry? { byLogtype[logtype] }

    /// The logtype of the "Canary Disconnected" incident a dying bird opens.
    package static let disconnected = "1004"

    // MARK: - The table

    /// One row of the Console's table: a summary with its logtype codes.
    private struct Row {
        /// The logtype codes that share the summary.
        let codes: [String]
        /// The summary text.
        let summary: String
        /// The incident key's word.
        let word: String
        /// Whether the word is the Console's.
        var consoleWord = false
        /// The default service port; nil: none.
        let port: Int?
        /// Whether the incident has a source host.
        var source = true
        /// The default event.
        let event: [String: JSONValue]
        /// The webhook details.
        let details: [Detail]
    }

    /// A browser's User-Agent, for the HTTP rows.
    private static let userAgent: JSONValue = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    /// The packet fields of the NMAP scan rows.
    private static let nmapEvent: [String: JSONValue] = [
        "ID": 41_018, "LEN": 60, "MAC": "00:00:00:00:00:00:00:00:00:00:00:00:08:00", "PREC": "0x00", "PROTO": "TCP",
        "RES": "0x00", "SYN": "", "TOS": "0x00", "TTL": 41, "URGP": 0, "WINDOW": 1024,
    ]
    /// The webhook details of the NMAP scan rows.
    private static let nmapDetails = [Detail("PROTO", "Protocol"), Detail("TTL", "TTL"), Detail("WINDOW", "Window")]
    /// The event of the settings rows.
    private static let settingsEvent: [String: JSONValue] = ["SETTINGS": "ssh.enabled=True"]
    /// The webhook details of the settings rows.
    private static let settingsDetails = [Detail("SETTINGS", "Settings")]
    /// The webhook details of a login: user name, then the masked password.
    private static let loginDetails = [Detail("USERNAME", "Username"), Detail("PASSWORD", "Password", masked: true)]

    /// The Console's table, one row per summary.
    private static let rows: [Row] = [
        Row(codes: ["1004"], summary: "Canary Disconnected", word: "devicedied", consoleWord: true, port: nil,
            source: false, event: [:], details: []),
        Row(codes: ["2000"], summary: "FTP Login Attempt", word: "ftplogin", consoleWord: true, port: 21,
            event: ["USERNAME": "admin", "PASSWORD": "admin123"], details: loginDetails),
        Row(codes: ["3000", "3002", "3003"], summary: "HTTP Page Load", word: "httppageload", port: 80,
            event: ["PATH": "/index.html", "USERAGENT": userAgent, "METHOD": "GET", "RESPONSE": 200, "SKIN": "nasLogin"],
            details: [Detail("PATH", "Path"), Detail("USERAGENT", "User-Agent")]),
        Row(codes: ["3001"], summary: "HTTP Login Attempt", word: "httplogin", consoleWord: true, port: 80,
            event: [
                "HOSTNAME": "192.168.1.2", "METHOD": "POST", "PASSWORD": "admin123", "PATH": "/index.html",
                "RESPONSE": 200, "SKIN": "nasLogin", "USERAGENT": userAgent, "USERNAME": "admin",
            ],
            details: loginDetails + [Detail("USERAGENT", "User-Agent")]),
        Row(codes: ["3004"], summary: "HTTP Service Scan", word: "httpscan", port: 80,
            event: ["PATH": "/admin", "USERAGENT": "Nikto/2.5.0", "METHOD": "GET", "RESPONSE": 404],
            details: [Detail("PATH", "Path"), Detail("USERAGENT", "User-Agent")]),
        Row(codes: ["3005"], summary: "HTTP API Request", word: "httpapirequest", port: 80,
            event: [
                "HEADERS": .object([:]), "HOSTNAME": "192.168.1.2", "METHOD": "GET", "PATH": "/api/v1/status",
                "POSTDATA": .object([:]), "RESPONSE": 200, "SKIN": "nasLogin", "USERAGENT": userAgent,
            ],
            details: [Detail("METHOD", "Method"), Detail("PATH", "Path"), Detail("USERAGENT", "User-Agent")]),
        Row(codes: ["3006"], summary: "HTTP Post Request to an Error Page", word: "httperrorpost", port: 80,
            event: ["PATH": "/missing.php", "USERAGENT": userAgent, "METHOD": "POST", "RESPONSE": 404],
            details: [Detail("PATH", "Path"), Detail("USERAGENT", "User-Agent")]),
        Row(codes: ["4000", "4001", "4002"], summary: "SSH Login Attempt", word: "sshlogin", consoleWord: true, port: 22,
            event: [
                "USERNAME": "root", "PASSWORD": "123456", "LOCALVERSION": "SSH-2.0-OpenSSH_5.1p1 Debian-4",
                "REMOTEVERSION": "SSH-2.0-libssh2_1.10.0",
            ],
            details: loginDetails + [Detail("KEY", "Key", masked: true)]),
        Row(codes: ["5000", "5010", "5013", "5014", "5015"], summary: "Shared File Opened", word: "smbfileopen",
            consoleWord: true, port: 445,
            event: [
                "AUDITACTION": "pread", "DOMAIN": "WORKGROUP", "FILENAME": "IT/Default Cisco Router Config.docx",
                "LOCALNAME": "FILESERVER", "MODE": "workgroup", "OFFSET": "0", "REMOTENAME": "WORKSTATION",
                "SHARENAME": "Documents", "SIZE": "24576", "SMBARCH": "Windows", "SMBVER": "SMB3_11", "STATUS": "ok",
                "USER": "guest",
            ],
            details: [Detail("USER", "User"), Detail("FILENAME", "Filename")]),
        Row(codes: ["5001", "5002", "5003", "5009", "5011", "5012"], summary: "Host Port Scan", word: "portscan",
            port: 443, event: ["ports": "23,80,443"], details: [Detail("ports", "Partial Ports")]),
        Row(codes: ["5004"], summary: "NMAP OS Scan Detected", word: "nmaposscan", port: 80, event: nmapEvent,
            details: nmapDetails),
        Row(codes: ["5005"], summary: "NMAP NULL Scan Detected", word: "nmapnullscan", port: 80, event: nmapEvent,
            details: nmapDetails),
        Row(codes: ["5006"], summary: "NMAP XMAS Scan Detected", word: "nmapxmasscan", port: 80, event: nmapEvent,
            details: nmapDetails),
        Row(codes: ["5007"], summary: "Consolidated Network Port Scan", word: "consolidatedportscan", port: 443,
            event: ["443": ["192.168.1.2", "192.168.1.3"], "80": ["192.168.1.2"]], details: []),
        Row(codes: ["5008"], summary: "NMAP FIN Scan Detected", word: "nmapfinscan", port: 80, event: nmapEvent,
            details: nmapDetails),
        Row(codes: ["6001"], summary: "Telnet Login Attempt", word: "telnetlogin", port: 23,
            event: ["USERNAME": "admin", "PASSWORD": "admin", "TERMSIZE": "80x24", "TERMTYPE": "XTERM"],
            details: loginDetails),
        Row(codes: ["7001"], summary: "HTTP Proxy Request", word: "httpproxy", port: 8080,
            event: ["USERNAME": "", "PASSWORD": "", "URL": "http://example.com/", "USERAGENT": userAgent],
            details: loginDetails + [Detail("URL", "URL"), Detail("USERAGENT", "User-Agent")]),
        Row(codes: ["8001"], summary: "MySQL Login Attempt", word: "mysqllogin", port: 3306,
            event: [
                "USERNAME": "root", "CLIENT_HASH": "4e4b1f4a9c0e2f5d3b6a7c8d9e0f1a2b3c4d5e6f", "SALT": "Jw7cQ5kR2zX9",
                "PASSWORD": "",
            ],
            details: [Detail("USERNAME", "Username")]),
        Row(codes: ["9001", "9002"], summary: "MSSQL Login Attempt", word: "mssqllogin", consoleWord: true, port: 1433,
            event: [
                "USERNAME": "sa", "PASSWORD": "sa", "HOSTNAME": "WORKSTATION", "DOMAINNAME": "", "APPNAME": "sqlcmd",
                "SERVERNAME": "192.168.1.2",
            ],
            details: loginDetails + [Detail("HOSTNAME", "Hostname"), Detail("APPNAME", "Application")]),
        Row(codes: ["10001"], summary: "TFTP Request", word: "tftprequest", port: 69,
            event: ["FILENAME": "router.cfg", "OPCODE": "READ", "MODE": "octet"],
            details: [Detail("FILENAME", "Filename"), Detail("OPCODE", "Opcode")]),
        Row(codes: ["11001"], summary: "NTP Monlist Request", word: "ntpmonlist", port: 123,
            event: ["NTP_CMD": "monlist"], details: [Detail("NTP_CMD", "NTP Command")]),
        Row(codes: ["12001"], summary: "VNC Login Attempt", word: "vnclogin", port: 5900,
            event: [
                "PASSWORD": "password", "SERVER_CHALLENGE": "5d0b8f7a1c2e3d4f5a6b7c8d9e0f1a2b",
                "CLIENT_RESPONSE": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            ],
            details: [Detail("PASSWORD", "Password", masked: true)]),
        Row(codes: ["13001"], summary: "SNMP Request", word: "snmprequest", port: 161,
            event: ["COMMUNITY_STRING": "public", "REQUESTS": "1.3.6.1.2.1.1.1.0"],
            details: [Detail("COMMUNITY_STRING", "Community String"), Detail("REQUESTS", "Requests")]),
        Row(codes: ["14001", "14002", "14003", "14004"], summary: "RDP Login Attempt", word: "rdplogin", port: 3389,
            event: ["BUILD": "19041", "DOMAINNAME": "", "MAJORVERSION": "10", "MINORVERSION": "0", "USERNAME": "administrator"],
            details: [Detail("USERNAME", "Username"), Detail("DOMAINNAME", "Domain")]),
        Row(codes: ["15001"], summary: "SIP Request", word: "siprequest", port: 5060,
            event: ["HEADERS": ["User-Agent": "friendly-scanner"]], details: []),
        Row(codes: ["18001", "18002", "18003"], summary: "ModBus Request", word: "modbusrequest", port: 502,
            event: ["UNIT_ID": 1, "FUNC_CODE": 43, "FUNC_NAME": "Read Device Identification", "SFUNC_CODE": 14,
                    "SFUNC_NAME": "Read Device ID"],
            details: [Detail("FUNC_NAME", "Function")]),
        Row(codes: ["19001"], summary: "Git Repository Clone Attempt", word: "gitclone", port: 9418,
            event: ["HOST": "192.168.1.2", "REPO": "infrastructure.git"],
            details: [Detail("HOST", "Host"), Detail("REPO", "Repository")]),
        Row(codes: ["20001", "20002", "20003", "20004", "20005", "20006"], summary: "Custom TCP Service Request",
            word: "customtcp", port: 8001, event: ["BANNER_ID": "1", "DATA": "GET / HTTP/1.0", "FUNCTION": "DATA_RECEIVED"],
            details: [Detail("DATA", "Data")]),
        Row(codes: ["21001"], summary: "Redis Command", word: "rediscommand", port: 6379,
            event: ["CMD": "CONFIG", "ARGS": "GET *"], details: [Detail("CMD", "Command"), Detail("ARGS", "Arguments")]),
        Row(codes: ["22011"], summary: "Network Settings Roll-back", word: "networkrollback", port: nil, source: false,
            event: ["User": "admin"], details: [Detail("User", "User")]),
        Row(codes: ["23001"], summary: "Console Settings Changed", word: "consolesettingschanged", port: nil,
            source: false, event: settingsEvent, details: settingsDetails),
        Row(codes: ["23002"], summary: "Canary Settings Changed", word: "canarysettingschanged", port: nil,
            source: false, event: settingsEvent, details: settingsDetails),
        Row(codes: ["23003"], summary: "Flock Settings Changed", word: "flocksettingschanged", port: nil,
            source: false, event: settingsEvent, details: settingsDetails),
        Row(codes: ["28001", "28002"], summary: "Mongo Authentication Attempt", word: "mongoauth", port: 27017,
            event: ["cmd": "saslStart", "db": "admin", "user": "admin", "password": "admin"],
            details: [Detail("user", "Username"), Detail("password", "Password", masked: true)]),
        Row(codes: ["29001"], summary: "WinRM Login Attempt", word: "winrmlogin", port: 5985,
            event: [
                "AUTHTYPE": "Basic", "PASSWORD": "Password1", "USERAGENT": "Microsoft WinRM Client",
                "USERNAME": "administrator", "WINRMPAYLOAD": "",
            ],
            details: loginDetails + [Detail("AUTHTYPE", "Authentication")]),
        Row(codes: ["30001"], summary: "Local Tampering Detected", word: "canaryviolation", consoleWord: true, port: nil,
            source: false,
            event: ["MESSAGE": "An interactive login shell was started on bird by uid 0 for shell `bash`."],
            details: [Detail("MESSAGE", "Message")]),
        Row(codes: ["31001"], summary: "LDAP Bind Attempt Detected", word: "ldapbind", port: 389,
            event: ["DN": "cn=admin,dc=example,dc=com", "MECH": "simple", "VER": 3, "REQ": "bind", "PASSWORD": "secret",
                    "TYPE": "simple"],
            details: [Detail("DN", "DN"), Detail("PASSWORD", "Password", masked: true)]),
        Row(codes: ["32001"], summary: "TN3270 Login Attempt", word: "tn3270login", port: 23,
            event: ["USERNAME": "IBMUSER", "PASSWORD": "SYS1"], details: loginDetails),
    ]
}
