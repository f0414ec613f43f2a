/// Slots that concurrent workers write, each worker only its own index, while
/// the caller waits (`concurrentPerform` returns after all of them): no two
/// threads touch the same element, hence `@unchecked Sendable`.
struct DisjointSlots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
