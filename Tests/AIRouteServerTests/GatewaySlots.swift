/// At most two gateways (with their fake providers) run at once in this test process.
///
/// Swift Testing starts every test at once; a hundred gateway tests starting together on a
/// two-core CI machine starve the rest of the suite, whose tests bound wall-clock times. Waiting
/// for a slot costs no CPU, so the gateway tests queue here instead of competing.
actor GatewaySlots {
    static let shared = GatewaySlots(permits: 2)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { free = permits }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` holding a slot.
    static func with<T>(_ body: () async throws -> T) async throws -> T {
        await shared.acquire()
        do {
            let result = try await body()
            await shared.release()
            return result
        } catch {
            await shared.release()
            throw error
        }
    }
}
