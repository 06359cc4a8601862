import Basics

/// A write that shares its transaction with the writes queued at the same moment (`ConsoleStore.batchedWrites`):
/// a new token or an audit item going in, and the stored record coming out.
enum BatchedWrite {
    /// A token to insert (`ConsoleStore.insertToken`), with the audit item to write with it when its request is
    /// audited.
    case newToken(NewToken, TokenAudit?)
    /// The token as stored.
    case token(TokenRecord)
    /// An audit item to append (`ConsoleStore.appendAudit`), or, coming out, as stored with its id.
    case audit(AuditItem)
}

extension ConsoleStore {
    /// Commits a batch in one transaction, each write inside its own savepoint so one failure (a taken token id)
    /// leaves the others in; if the commit itself fails, every write of the batch fails with it. New tokens go into
    /// the cache once committed, while the connection lock is still held (TokenCache).
    func commitBatch(_ batch: [BatchedWrite]) -> [Result<BatchedWrite, StoreError>] {
        do throws(StoreError) {
            return try locked { database in
                var audited: [(TokenAudit, AuditItem)] = []
                let results = try database.transaction { () -> [Result<BatchedWrite, StoreError>] in
                    var results: [Result<BatchedWrite, StoreError>] = []
                    results.reserveCapacity(batch.count)
                    for write in batch {
                        // Cached statements: the savepoint SQL is parsed once, not for every write.
                        try database.run("SAVEPOINT batched_write")
                        do throws(StoreError) {
                            switch write {
                            case .newToken(let token, let audit):
                                let record = try Self.writeToken(token, into: database)
                                if let audit {
                                    let flockName = try database.scalar(
                                        "SELECT name FROM flocks WHERE flock_id = ?1", record.flockID, as: String.self)
                                    audited.append((audit, try Self.insertAudit(audit.make(record, flockName), into: database)))
                                }
                                results.append(.success(.token(record)))
                            case .audit(let item): results.append(.success(.audit(try Self.insertAudit(item, into: database))))
                            case .token: throw StoreError.notFound
                            }
                            try database.run("RELEASE batched_write")
                        } catch {
                            try database.run("ROLLBACK TO batched_write")
                            try database.run("RELEASE batched_write")
                            results.append(.failure(error))
                        }
                    }
                    return results
                }
                tokenCache.withLock { cache in
                    for case .success(.token(let token)) in results { cache.store(token) }
                }
                // Committed: only now do the requests learn that their items are in.
                for (audit, item) in audited { audit.committed(item) }
                return results
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
    }
}
