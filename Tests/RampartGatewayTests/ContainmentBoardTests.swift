import Foundation
import RampartGateway
import RampartPolicy
import Testing

/// The board's snapshot from the store must not undo what this gateway changed while the store was being read: a
/// lift answered to an administrator holds at once, and a measure just imposed is never dropped by a stale read.
@Suite struct ContainmentBoardTests {
    static func measure(_ id: String) -> Containment {
        Containment(id: id, measure: .suspendPrincipal, target: "app", tenant: "acme", requestsPerMinute: nil,
                    imposedAt: Date(timeIntervalSince1970: 1_800_000_000), until: nil, reason: "test")
    }

    @Test func aStaleReadDoesNotBringBackALiftedMeasureNorDropAnImposedOne() {
        let board = ContainmentBoard()
        board.replace(with: [Self.measure("a"), Self.measure("b")], readSince: board.generation)
        // The detection pass notes the generation and starts reading the store...
        let readStarted = board.generation
        // ...meanwhile an administrator lifts "a" (stored, then the board) and the responder imposes "c".
        board.lift("a")
        board.impose([Self.measure("c")])
        // The read, begun before both, returns the old list.
        board.replace(with: [Self.measure("a"), Self.measure("b")], readSince: readStarted)
        #expect(Set(board.current.map(\.id)) == ["b", "c"])
        // A read begun after the changes is the store's word: "c" lifted elsewhere (another instance, the CLI).
        board.replace(with: [Self.measure("b")], readSince: board.generation)
        #expect(board.current.map(\.id) == ["b"])
    }
}
