import Glibc

/// Whether the path a store was opened with still names the file the store writes to.
package enum DatabaseFileState: Sendable, Equatable {
    /// The path names the open file.
    case present
    /// The open file has no name left (`nlink == 0`), or nothing is at the path: it was deleted.
    case missing
    /// The path names another file (a different device or inode): it was replaced, e.g. by a restore or `mv`.
    case replaced
}

/// The database file as this process opened it, through a descriptor of its own held as long as the store lives.
///
/// Two uses:
/// - An exclusive `flock(2)` (`LOCK_EX | LOCK_NB`) when the store is the server's: a second server on the same file
///   would keep its own token cache and serve stale data, so it must not start. The lock is on the database file
///   itself, not on a sidecar `<db>.lock`: a sidecar is named by the path text, so a symlink or a second name of the
///   same file would get a second, unrelated lock, while a lock on the file follows the inode. `flock` locks are
///   independent of the POSIX `fcntl` locks SQLite takes on the same file (flock(2), "NOTES"), and this descriptor
///   is only closed after every SQLite connection to the file is closed: closing any descriptor on a file drops the
///   process's POSIX locks on it, which is how SQLite databases get corrupted
///   (https://www.sqlite.org/howtocorrupt.html §2.2).
/// - Identity: `state()` compares the open file (`fstat`) with what the path names now (`stat`), so a database
///   deleted or replaced while the server runs is noticed instead of acknowledging writes that vanish at restart.
package final class DatabaseFile: Sendable {
    /// The path as given.
    package let path: String
    /// The descriptor; `-1` once closed. Written only by `init` and `close()`, which the owner calls once, after
    /// every other use (see `ConsoleStore.deinit`).
    private let descriptor: Int32

    /// Opens (creating if needed, as SQLite would) the file at `path`; with `exclusive`, also takes the lock.
    /// - Throws: `StoreError.databaseInUse` when another process holds the lock, `.sqlite(SQLITE_CANTOPEN)` when the
    ///   file cannot be opened or locked.
    package init(path: String, exclusive: Bool) throws(StoreError) {
        self.path = path
        // O_RDONLY is enough for flock and fstat; nothing is ever written through this descriptor.
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError.sqlite(code: 14, message: "cannot open the database file: \(String(cString: strerror(errno)))")
        }
        if exclusive {
            var status: Int32
            repeat { status = flock(fd, LOCK_EX | LOCK_NB) } while status != 0 && errno == EINTR
            if status != 0 {
                let error = errno
                // Nothing of SQLite's is open on the file yet, so closing this descriptor here is safe.
                Glibc.close(fd)
                if error == EWOULDBLOCK { throw StoreError.databaseInUse }
                throw StoreError.sqlite(code: 14, message: "cannot lock the database file: \(String(cString: strerror(error)))")
            }
        }
        descriptor = fd
    }

    /// Compares the open file with what the path names now: two system calls, no I/O on the file.
    package func state() -> DatabaseFileState {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return .missing }
        guard named.st_dev == opened.st_dev && named.st_ino == opened.st_ino else { return .replaced }
        // The same inode under the path cannot have lost its last name; checked anyway, it costs nothing.
        return opened.st_nlink == 0 ? .missing : .present
    }

    /// Closes the descriptor (and so releases the lock). Call only after every SQLite connection to the file is
    /// closed (see the type's comment), and once.
    func close() {
        Glibc.close(descriptor)
    }
}
