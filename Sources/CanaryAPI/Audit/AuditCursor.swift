import Basics

/// The cursor of `audit_trail/fetch`: base64 of `<dir>:<boundary id>:<limit>:3:<target page>:<page count>`, the
/// layout the Console's own cursors decode to (docs/audit-trail.md "Paging"). `next` (direction 0) names the last
/// id of the page it was made on and asks for older items; `prev` (direction 1) names the first id and asks for
/// newer ones. Filters are not in it: the request sends them again.
package struct AuditCursor: Sendable, Equatable {
    /// Which way the cursor pages.
    package enum Direction: Int, Sendable {
        /// Older items: ids below the boundary.
        case next = 0
        /// Newer items: ids above the boundary.
        case prev = 1
    }

    /// Which way it pages.
    package var direction: Direction
    /// The id the page it was made on ends (next) or starts (prev) with.
    package var boundaryID: Int
    /// The page size.
    package var limit: Int
    /// The page number of the page it leads to.
    package var page: Int
    /// The page count when it was made.
    package var pageCount: Int

    /// The fourth field, always 3 in the Console's cursors (its meaning is not public).
    static let constant = 3

    /// Makes a cursor.
    package init(direction: Direction, boundaryID: Int, limit: Int, page: Int, pageCount: Int) {
        self.direction = direction
        self.boundaryID = boundaryID
        self.limit = limit
        self.page = page
        self.pageCount = pageCount
    }

    /// The cursor text, padded base64 like the Console's (`MDo2OTo1OjM6MjoxNQ==` is `0:69:5:3:2:15`).
    package var encoded: String {
        let text = [direction.rawValue, boundaryID, limit, Self.constant, page, pageCount].map(String.init)
            .joined(separator: ":")
        return Base64.encode(Array(text.utf8))
    }

    /// Reads a cursor, with or without its `=` padding; nil unless it is six integers in range with 3 fourth.
    /// - Parameter maxLimit: the largest page size accepted.
    package static func decode(_ text: String, maxLimit: Int) -> AuditCursor? {
        guard text.utf8.count <= 128,
              let numbers = IncidentCursor.decode(text, numberCount: 6, stringCount: 0)?.numbers,
              let direction = Direction(rawValue: numbers[0]), numbers[1] >= 0, (1...maxLimit).contains(numbers[2]),
              numbers[3] == constant, numbers[4] >= 1, numbers[5] >= 0
        else { return nil }
        return AuditCursor(
            direction: direction, boundaryID: numbers[1], limit: numbers[2], page: numbers[4], pageCount: numbers[5])
    }
}
