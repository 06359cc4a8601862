import Glibc

/// Starts POSIX threads for blocking work (the accept loop, one thread per connection, the WAL checkpointer), so
/// the Swift concurrency pool is never blocked on a socket or a file.
package enum Threads {
    /// Stack size for server threads: handlers are shallow, so 1 MiB is ample and keeps many connections cheap.
    package static let stackSize = 1 << 20

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a joinable thread running `body`; `nil` when the system refuses (too many threads).
    /// - Parameter stackSize: bytes of stack; `nil` keeps the system's default (8 MiB on glibc).
    package static func start(stackSize: Int? = stackSize, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { argument in
            guard let argument else { return nil }
            Unmanaged<Body>.fromOpaque(argument).takeRetainedValue().run()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return nil
        }
        return thread
    }

    /// Waits for a thread started by `start` to end.
    package static func join(_ thread: pthread_t) {
        _ = pthread_join(thread, nil)
    }
}
