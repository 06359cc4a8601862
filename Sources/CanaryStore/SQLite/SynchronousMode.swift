/// How hard SQLite works to put a commit on disk before `COMMIT` returns (`PRAGMA synchronous`).
///
/// https://www.sqlite.org/pragma.html#pragma_synchronous: in WAL mode, `NORMAL` keeps every committed transaction
/// across an application crash (including `kill -9`), because the WAL is written before `COMMIT` returns and the
/// operating system holds it; only a power loss or OS crash can roll back the last transactions. `FULL` also
/// syncs the WAL on every commit, so commits survive power loss too, at the cost of an fsync per write.
package enum SynchronousMode: Sendable, Equatable {
    /// `PRAGMA synchronous = NORMAL`: durable across process crashes in WAL mode.
    case normal
    /// `PRAGMA synchronous = FULL`: durable across power loss as well.
    case full

    /// The value `PRAGMA synchronous` takes and reports (https://www.sqlite.org/pragma.html#pragma_synchronous).
    package var pragmaValue: Int {
        switch self {
        case .normal: 1
        case .full: 2
        }
    }
}
