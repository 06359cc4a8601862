import MiniHTTP

/// The `tz` parameter of the incident endpoints: the zone the `*_std` fields are printed in.
///
/// Mock's choice (docs/incident-endpoints.md "Time zones"): the UTC names are honoured, and any other name that looks
/// like a zone (`Region/City`, letters, digits, `_`, `+`, `-`, `/`) is answered in UTC too, since the mock carries no
/// zone database; a value that cannot be a zone name is `Parameter tz was invalid.`.
package struct IncidentTimeZone: Sendable, Equatable {
    /// The zone every answer is printed in today.
    package static let utc = IncidentTimeZone()

    /// The names that mean UTC in the tz database (https://data.iana.org/time-zones/tzdb/backward).
    package static let utcNames: Set<String> = [
        "utc", "etc/utc", "gmt", "etc/gmt", "zulu", "etc/zulu", "universal", "etc/universal", "uct", "etc/uct",
        "gmt0", "etc/gmt0", "gmt+0", "etc/gmt+0", "gmt-0", "etc/gmt-0", "greenwich", "etc/greenwich",
    ]

    /// The longest zone name accepted.
    package static let maxNameLength = 64

    /// The zone of the request's `tz`: absent or empty is UTC.
    /// - Throws: `Parameter tz was invalid.` for a value that cannot be a zone name.
    package static func parse(_ parameters: HTTPParameters) throws(APIError) -> IncidentTimeZone {
        guard let name = parameters["tz"], !name.isEmpty else { return .utc }
        guard name.count <= maxNameLength,
              name.unicodeScalars.allSatisfy({ scalar in
                  scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                      || "_+-/".unicodeScalars.contains(scalar))
              }),
              name.first?.isLetter == true
        else { throw .invalidParameter("tz") }
        return .utc
    }

    /// `"2024-07-11 07:50:12 UTC+0000"` in this zone.
    package func standard(_ micros: Int64) -> String { Timestamps.standard(micros) }
}
