import CanaryStore

/// A query `IncidentPage` can page through: the feeds' and search's.
package protocol IncidentPagedQuery: Sendable {
    /// The page's direction.
    var direction: IncidentPageDirection { get }
    /// The page's keyset bound (an `updated_id`), nil on the first page.
    var bound: Int? { get }
    /// The page size; nil: `IncidentParameters.maxLimit`.
    var limit: Int? { get }
    /// The store filter of the page running `direction` from `bound`.
    func filter(_ direction: IncidentPageDirection, from bound: Int?) -> IncidentFilter
    /// The cursor of the page running `direction` from `bound`.
    func cursor(_ direction: IncidentPageDirection, from bound: Int) -> String
}
