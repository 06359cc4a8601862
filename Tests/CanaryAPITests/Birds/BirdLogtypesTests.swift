import CanaryAPI
import MiniHTTP
import Testing

/// The logtype table of bird incidents (docs/bird-incidents.md).
@Suite("Bird logtypes table")
struct BirdLogtypesTests {
    /// Every row of the table as docs/bird-incidents.md lists it: logtype, summary, key word, whether the word is the
    /// Console's, default port (nil: -1), whether it has a source.
    static let expected: [(String, String, String, Bool, Int?, Bool)] = [
        ("1004", "Canary Disconnected", "devicedied", true, nil, false),
        ("2000", "FTP Login Attempt", "ftplogin", true, 21, true),
        ("3000", "HTTP Page Load", "httppageload", false, 80, true),
        ("3001", "HTTP Login Attempt", "httplogin", true, 80, true),
        ("3002", "HTTP Page Load", "httppageload", false, 80, true),
        ("3003", "HTTP Page Load", "httppageload", false, 80, true),
        ("3004", "HTTP Service Scan", "httpscan", false, 80, true),
        ("3005", "HTTP API Request", "httpapirequest", false, 80, true),
        ("3006", "HTTP Post Request to an Error Page", "httperrorpost", false, 80, true),
        ("4000", "SSH Login Attempt", "sshlogin", true, 22, true),
        ("4001", "SSH Login Attempt", "sshlogin", true, 22, true),
        ("4002", "SSH Login Attempt", "sshlogin", true, 22, true),
        ("5000", "Shared File Opened", "smbfileopen", true, 445, true),
        ("5001", "Host Port Scan", "portscan", false, 443, true),
        ("5002", "Host Port Scan", "portscan", false, 443, true),
        ("5003", "Host Port Scan", "portscan", false, 443, true),
        ("5004", "NMAP OS Scan Detected", "nmaposscan", false, 80, true),
        ("5005", "NMAP NULL Scan Detected", "nmapnullscan", false, 80, true),
        ("5006", "NMAP XMAS Scan Detected", "nmapxmasscan", false, 80, true),
        ("5007", "Consolidated Network Port Scan", "consolidatedportscan", false, 443, true),
        ("5008", "NMAP FIN Scan Detected", "nmapfinscan", false, 80, true),
        ("5009", "Host Port Scan", "portscan", false, 443, true),
        ("5010", "Shared File Opened", "smbfileopen", true, 445, true),
        ("5011", "Host Port Scan", "portscan", false, 443, true),
        ("5012", "Host Port Scan", "portscan", false, 443, true),
        ("5013", "Shared File Opened", "smbfileopen", true, 445, true),
        ("5014", "Shared File Opened", "smbfileopen", true, 445, true),
        ("5015", "Shared File Opened", "smbfileopen", true, 445, true),
        ("6001", "Telnet Login Attempt", "telnetlogin", false, 23, true),
        ("7001", "HTTP Proxy Request", "httpproxy", false, 8080, true),
        ("8001", "MySQL Login Attempt", "mysqllogin", false, 3306, true),
        ("9001", "MSSQL Login Attempt", "mssqllogin", true, 1433, true),
        ("9002", "MSSQL Login Attempt", "mssqllogin", true, 1433, true),
        ("10001", "TFTP Request", "tftprequest", false, 69, true),
        ("11001", "NTP Monlist Request", "ntpmonlist", false, 123, true),
        ("12001", "VNC Login Attempt", "vnclogin", false, 5900, true),
        ("13001", "SNMP Request", "snmprequest", false, 161, true),
        ("14001", "RDP Login Attempt", "rdplogin", false, 3389, true),
        ("14002", "RDP Login Attempt", "rdplogin", false, 3389, true),
        ("14003", "RDP Login Attempt", "rdplogin", false, 3389, true),
        ("14004", "RDP Login Attempt", "rdplogin", false, 3389, true),
        ("15001", "SIP Request", "siprequest", false, 5060, true),
        ("18001", "ModBus Request", "modbusrequest", false, 502, true),
        ("18002", "ModBus Request", "modbusrequest", false, 502, true),
        ("18003", "ModBus Request", "modbusrequest", false, 502, true),
        ("19001", "Git Repository Clone Attempt", "gitclone", false, 9418, true),
        ("20001", "Custom TCP Service Request", "customtcp", false, 8001, true),
        ("20002", "Custom TCP Service Request", "customtcp", false, 8001, true),
        ("20003", "Custom TCP Service Request", "customtcp", false, 8001, true),
        ("20004", "Custom TCP Service Request", "customtcp", false, 8001, true),
        ("20005", "Custom TCP Service Request", "customtcp", false, 8001, true),
        ("20006", "Custom TCP Service Request", "customtcp", false, 8001, true),
        ("21001", "Redis Command", "rediscommand", false, 6379, true),
        ("22011", "Network Settings Roll-back", "networkrollback", false, nil, false),
        ("23001", "Console Settings Changed", "consolesettingschanged", false, nil, false),
        ("23002", "Canary Settings Changed", "canarysettingschanged", false, nil, false),
        ("23003", "Flock Settings Changed", "flocksettingschanged", false, nil, false),
        ("28001", "Mongo Authentication Attempt", "mongoauth", false, 27017, true),
        ("28002", "Mongo Authentication Attempt", "mongoauth", false, 27017, true),
        ("29001", "WinRM Login Attempt", "winrmlogin", false, 5985, true),
        ("30001", "Local Tampering Detected", "canaryviolation", true, nil, false),
        ("31001", "LDAP Bind Attempt Detected", "ldapbind", false, 389, true),
        ("32001", "TN3270 Login Attempt", "tn3270login", false, 23, true),
    ]

    @Test("Every row: summary, key word, the Console's words marked, port, source; codes unique and sorted")
    func rows() {
        let table = BirdLogtypes.all.map { ($0.logtype, $0.summary, $0.keyWord, $0.consoleWord, $0.dstPort, $0.hasSource) }
        #expect(table.count == Self.expected.count)
        for (row, expected) in zip(table, Self.expected) {
            #expect(row == expected, "\(row.0)")
        }
        let codes = BirdLogtypes.all.compactMap { Int($0.logtype) }
        #expect(codes == codes.sorted() && Set(codes).count == codes.count)
        // The Console's own words are exactly the seven seen in real incident keys.
        let consoleWords = Set(BirdLogtypes.all.filter(\.consoleWord).map(\.keyWord))
        #expect(consoleWords == [
            "sshlogin", "httplogin", "devicedied", "canaryviolation", "smbfileopen", "mssqllogin", "ftplogin",
        ])
        for entry in BirdLogtypes.all {
            #expect(BirdLogtypes.entry(entry.logtype) == entry)
            // Key words are one lowercase token, so keys split on ':' as the Console's do.
            #expect(entry.keyWord.allSatisfy { $0.isLowercase || $0.isNumber }, "\(entry.logtype)")
        }
        #expect(BirdLogtypes.entry("9999") == nil)
        #expect(BirdLogtypes.entry("") == nil)
    }

    @Test("Every row's details name fields of its default event, and secrets are masked")
    func details() {
        for entry in BirdLogtypes.all {
            for detail in entry.details {
                #expect(entry.event[detail.field] != nil || detail.field == "KEY", "\(entry.logtype) \(detail.field)")
                if ["PASSWORD", "password", "KEY"].contains(detail.field) { #expect(detail.masked, "\(entry.logtype)") }
            }
            #expect(entry.event["timestamp"] == nil && entry.event["timestamp_std"] == nil)
        }
    }

    @Test("The default events of the Console's documented examples carry their documented keys")
    func events() throws {
        let ssh = try #require(BirdLogtypes.entry("4002"))
        #expect(Set(ssh.event.keys) == ["USERNAME", "PASSWORD", "LOCALVERSION", "REMOTEVERSION"])
        #expect(ssh.details.map(\.label) == ["Username", "Password", "Key"])
        let http = try #require(BirdLogtypes.entry("3001"))
        #expect(Set(http.event.keys) == ["HOSTNAME", "METHOD", "PASSWORD", "PATH", "RESPONSE", "SKIN", "USERAGENT", "USERNAME"])
        #expect(http.event["RESPONSE"] == 200)
        let smb = try #require(BirdLogtypes.entry("5000"))
        #expect(smb.event["AUDITACTION"] == "pread" && smb.event["STATUS"] == "ok" && smb.event["USER"] == "guest")
        #expect(try #require(BirdLogtypes.entry("1004")).event.isEmpty)
        #expect(try #require(BirdLogtypes.entry("5003")).event == ["ports": "23,80,443"])
        #expect(try #require(BirdLogtypes.entry("2000")).details.map(\.label) == ["Username", "Password"])
    }
}
