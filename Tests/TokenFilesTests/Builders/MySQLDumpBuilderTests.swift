import Foundation
import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct MySQLDump {
        let input = Builders.input(kind: "mysql-dump")

        /// The payload of a gzip member made of stored deflate blocks, after checking header, CRC-32 and ISIZE.
        func gunzipStored(_ bytes: [UInt8]) throws -> [UInt8] {
            try #require(bytes.count >= 18)
            #expect(Array(bytes[0..<4]) == [0x1F, 0x8B, 0x08, 0x00])
            #expect(bytes[9] == 3)
            var out: [UInt8] = []
            var index = 10
            var final = false
            while !final {
                try #require(index + 5 <= bytes.count)
                final = bytes[index] & 1 == 1
                #expect(bytes[index] & 0x06 == 0)  // BTYPE 00: stored
                let length = Int(bytes[index + 1]) | Int(bytes[index + 2]) << 8
                let inverse = Int(bytes[index + 3]) | Int(bytes[index + 4]) << 8
                #expect(length ^ inverse == 0xFFFF)
                try #require(index + 5 + length <= bytes.count)
                out += bytes[(index + 5)..<(index + 5 + length)]
                index += 5 + length
            }
            try #require(index + 8 == bytes.count)
            let crc = bytes[index..<(index + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let size = bytes[(index + 4)..<(index + 8)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(crc == CRC32.checksum(out))
            #expect(Int(size) == out.count)
            return out
        }

        @Test("The download is <token>_mysql_dump.sql.gz, a valid stored gzip member of the dump")
        func gzip() throws {
            let file = try MySQLDumpBuilder().build(input)
            #expect(file.name == "k3jf9sl2m4n5b6v7c8x9z0q1w_mysql_dump.sql.gz")
            #expect(file.contentType == "application/gzip")
            let mtime = file.bytes[4..<8].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(mtime == 1_688_122_821)
            #expect(String(decoding: try gunzipStored(file.bytes), as: UTF8.self) == MySQLDumpBuilder.dump(input))
        }

        @Test("A dump larger than one stored block still round-trips")
        func multipleBlocks() throws {
            let big = [UInt8](repeating: 0x41, count: StoredDeflate.maxBlock * 2 + 7)
            #expect(try gunzipStored(Gzip.member(big, modified: 0)) == big)
        }

        @Test("The dump has the mysqldump header, the encoded replication block between tables, and a footer")
        func dumpText() throws {
            let text = MySQLDumpBuilder.dump(input)
            #expect(text.hasPrefix("-- MySQL dump 10.13  Distrib 8.0.26, for Linux (x86_64)\n--\n-- Host: localhost    Database: corporate_prod\n"))
            #expect(text.hasSuffix("-- Dump completed on 2023-06-30 11:00:21\n"))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let setLine = try #require(lines.firstIndex { $0.hasPrefix("SET @b = '") })
            #expect(Array(lines[(setLine + 1)...(setLine + 6)]) == [
                "SET @s2 = FROM_BASE64(@b);", "PREPARE stmt1 FROM @s2;", "EXECUTE stmt1;", "PREPARE stmt2 FROM @bb;",
                "EXECUTE stmt2;", "START REPLICA;",
            ])
            let tableBefore = try #require(lines.firstIndex { $0.hasPrefix("CREATE TABLE `employees`") })
            let tableAfter = try #require(lines.firstIndex { $0.hasPrefix("CREATE TABLE `payroll`") })
            #expect(tableBefore < setLine && setLine < tableAfter)

            let encoded = String(lines[setLine].dropFirst("SET @b = '".count).dropLast(2))
            let decoded = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
            #expect(decoded == "SET @bb = CONCAT(\"CHANGE MASTER TO MASTER_PASSWORD='my-secret-pw', MASTER_RETRY_COUNT=1, "
                + "MASTER_PORT=3306, MASTER_HOST='a9534a2b80e6.o3n.io', "
                + "MASTER_USER='k3jf9sl2m4n5b6v7c8x9z0q1w\", @@lc_time_names, @@hostname, \"';\");")
        }

        @Test("The industry names the database", arguments: [
            ("corporate", "corporate_prod"), ("Health-Care", "healthcare_prod"), ("", "corporate_prod"),
        ])
        func industry(industry: String, database: String) {
            let text = MySQLDumpBuilder.dump(Builders.input(kind: "mysql-dump", fields: ["industry": industry]))
            #expect(text.contains("-- Host: localhost    Database: \(database)\n"))
        }
    }
}
