import Basics

/// mysql-dump: `<token>_mysql_dump.sql.gz`, a gzipped mysqldump whose middle makes a MySQL server that loads it
/// connect out as a replica to the token server.
///
/// Same structure as the OSS (`mysql.py`, `Canarydrop.generate_mysql_usage` with `encoded=True`): a mysqldump
/// header, table dumps, and between them a base64 `SET @b` that, decoded and executed, builds
/// `CHANGE MASTER TO … MASTER_HOST='<domain>', MASTER_USER='<token><lc_time_names><hostname>'`, then
/// `START REPLICA`. The replica's login to the token server (port 3306) is the trigger; its user name carries the
/// victim's locale and host name. Thinkst's dropper saves the Console's file as `.sql.gz` and gunzips it, so the file
/// is gzip (stored blocks). The tables are the mock's own small samples, not the OSS template's.
package struct MySQLDumpBuilder: TokenFileBuilder {
    /// The MySQL port the token server listens on (the OSS `CHANNEL_MYSQL_PORT` default).
    package static let port = 3306

    /// Makes a builder.
    package init() {}

    /// The .sql.gz for that token.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        let sql = MySQLDumpBuilder.dump(input)
        return TokenDownload(
            name: "\(input.token)_mysql_dump.sql.gz", contentType: "application/gzip",
            bytes: Gzip.member(Array(sql.utf8), modified: input.created)
        )
    }

    /// The statement that, executed, sets `@bb` to the CHANGE MASTER command (the OSS "magic sauce").
    package static func replicationStatement(token: String, domain: String) -> String {
        "SET @bb = CONCAT(\"CHANGE MASTER TO MASTER_PASSWORD='my-secret-pw', MASTER_RETRY_COUNT=1, "
            + "MASTER_PORT=\(port), MASTER_HOST='\(domain)', "
            + "MASTER_USER='\(token)\", @@lc_time_names, @@hostname, \"';\");"
    }

    /// The encoded usage block inserted between the tables.
    package static func usage(token: String, domain: String) -> String {
        let encoded = Base64.encode(Array(replicationStatement(token: token, domain: domain).utf8))
        return """
            SET @b = '\(encoded)';
            SET @s2 = FROM_BASE64(@b);
            PREPARE stmt1 FROM @s2;
            EXECUTE stmt1;
            PREPARE stmt2 FROM @bb;
            EXECUTE stmt2;
            START REPLICA;

            """
    }

    /// The whole dump text: header, the first table, the usage block, the other tables, the footer.
    package static func dump(_ input: TokenFileInput) -> String {
        let industry = input.fields["industry"] ?? "corporate"
        let database = databaseName(industry: industry)
        let header = """
            -- MySQL dump 10.13  Distrib 8.0.26, for Linux (x86_64)
            --
            -- Host: localhost    Database: \(database)
            -- ------------------------------------------------------
            -- Server version\t8.0.26


            """
        let tables = sampleTables()
        return header + tables[0] + usage(token: input.token, domain: input.domain) + tables.dropFirst().joined()
            + "-- Dump completed on \(CivilTime(epochSeconds: input.created).sqlText)\n"
    }

    /// `<industry>_prod` with anything but lowercase letters, digits and `_` dropped (`corporate` by default).
    static func databaseName(industry: String) -> String {
        let cleaned = String(industry.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        return (cleaned.isEmpty ? "corporate" : cleaned) + "_prod"
    }

    /// Two small table dumps in mysqldump's layout.
    static func sampleTables() -> [String] {
        [
            table(
                "employees",
                columns: "  `id` int NOT NULL AUTO_INCREMENT,\n  `name` varchar(100) NOT NULL,\n"
                    + "  `email` varchar(255) NOT NULL,\n  `department` varchar(64) DEFAULT NULL,\n",
                rows: "(1,'Dana Whitfield','dana.whitfield@example.com','Finance'),"
                    + "(2,'Priya Raman','priya.raman@example.com','Engineering'),"
                    + "(3,'Tom Okafor','tom.okafor@example.com','Sales')"
            ),
            table(
                "payroll",
                columns: "  `id` int NOT NULL AUTO_INCREMENT,\n  `employee_id` int NOT NULL,\n"
                    + "  `iban` varchar(34) NOT NULL,\n  `salary` decimal(10,2) NOT NULL,\n",
                rows: "(1,1,'GB82WEST12345698765432',98500.00),(2,2,'DE89370400440532013000',112000.00),"
                    + "(3,3,'FR1420041010050500013M02606',87250.00)"
            ),
        ]
    }

    /// One table as mysqldump writes it: DROP, CREATE, a locked INSERT.
    static func table(_ name: String, columns: String, rows: String) -> String {
        """
        --
        -- Table structure for table `\(name)`
        --

        DROP TABLE IF EXISTS `\(name)`;
        CREATE TABLE `\(name)` (
        \(columns)  PRIMARY KEY (`id`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

        --
        -- Dumping data for table `\(name)`
        --

        LOCK TABLES `\(name)` WRITE;
        INSERT INTO `\(name)` VALUES \(rows);
        UNLOCK TABLES;


        """
    }
}
