/// Which way a keyset page runs from its bound.
package enum IncidentPageDirection: Int, Sendable, Equatable {
    /// The incidents before the bound (a `prev` cursor).
    case previous = 0
    /// The incidents after the bound (the first page, and `next` cursors).
    case next = 1
}
