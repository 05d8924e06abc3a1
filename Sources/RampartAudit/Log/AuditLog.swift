public import Foundation
public import Logging

/// Seals an event's personal facts under its data subject's key; `objectID` binds the envelope to the event.
public typealias PersonalSealing = @Sendable (_ personal: AuditEvent.Personal, _ objectID: String) async throws -> SealedPersonal

/// The tamper-evident audit log: an append-only Merkle tree (RFC 9162) over the entries in storage, with signed
/// checkpoints.
///
/// `append` returns once the entry is durably stored (group commit: appends that arrive while a batch is written
/// go together in the next batch), so the gateway can hold an answer back until its record is safe. Several
/// instances may append to one log: each batch is written under the log's lock, after the entries the others
/// wrote since.
public actor AuditLog {
    public nonisolated let store: AuditStore
    public nonisolated let signer: NoteSigner
    let sealing: PersonalSealing?
    /// Where committed events are handed on in memory, for a reader in this process; nil: nowhere.
    public nonisolated let tail: AuditTail?
    let now: @Sendable () -> Date
    let logger: Logger

    /// The committed tree and the last leaf, or nil until (re)loaded from storage.
    private var state: TreeState?
    private var commit: GroupCommit<Pending>
    private var checkpointed = 0

    struct TreeState: Sendable {
        var tree = CompactRange()
        var last = AuditEntry.origin
    }

    struct Pending: Sendable {
        var event: [UInt8]
        var kind: AuditEvent.Kind
        var requestID: String?
        var subjectReference: String?
        var classification: String?
        var time: Date
        /// The event's canonical object, kept for the tail (nil without one).
        var facts: CanonicalJSON?
        var waiter: CheckedContinuation<Int, any Error>?
    }

    /// Opens the log: reads the tree back from storage and checks it against the latest checkpoint, refusing a log
    /// that was rolled back behind it or whose entries no longer match it (`rampart audit verify` says which).
    /// `tail`, when given, receives every event this instance commits, once committed.
    public static func open(store: AuditStore, signer: NoteSigner, sealing: PersonalSealing? = nil, maximumBatch: Int = 2048, tail: AuditTail? = nil,
                            now: @escaping @Sendable () -> Date = Date.init, logger: Logger) async throws(AuditError) -> AuditLog {
        let log = AuditLog(store: store, signer: signer, sealing: sealing, maximumBatch: maximumBatch, tail: tail, now: now, logger: logger)
        try await log.load()
        return log
    }

    init(store: AuditStore, signer: NoteSigner, sealing: PersonalSealing?, maximumBatch: Int, tail: AuditTail? = nil,
         now: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.signer = signer
        self.sealing = sealing
        self.tail = tail
        self.commit = GroupCommit(maximumBatch: maximumBatch)
        self.now = now
        self.logger = logger
    }

    /// The number of entries committed.
    public var size: Int { state?.tree.size ?? 0 }

    /// The root of the committed tree.
    public var root: TreeHash { state?.tree.root ?? .empty }

    private func load() async throws(AuditError) {
        let loaded = try await Self.read(store)
        let latest: AuditStore.StoredCheckpoint?
        do { latest = try await store.checkpoints().last } catch { throw AuditError(.storage, "the audit checkpoints cannot be read: \(error)") }
        if let latest {
            guard loaded.tree.size >= latest.size else {
                throw AuditError(.inconsistent, "the audit log holds \(loaded.tree.size) entries but was checkpointed at \(latest.size): it was rolled back; run 'rampart audit verify'")
            }
            checkpointed = latest.size
        }
        state = loaded
    }

    /// The tree as stored: every leaf hash, in order, with no gap. Checks the latest checkpoint's root on the way.
    static func read(_ store: AuditStore) async throws(AuditError) -> TreeState {
        var state = TreeState()
        let latest: AuditStore.StoredCheckpoint?
        do { latest = try await store.checkpoints().last } catch { throw AuditError(.storage, "the audit checkpoints cannot be read: \(error)") }
        try await store.forEachLeaf { (hash) throws(AuditError) in
            state.tree.append(hash)
            state.last = hash
            if let latest, latest.size == state.tree.size, state.tree.root.bytes != latest.root {
                throw AuditError(.inconsistent, "the audit log no longer matches its checkpoint at \(latest.size); run 'rampart audit verify'")
            }
        }
        return state
    }

    /// Appends an event and returns its sequence number once it is durably stored.
    public nonisolated func append(_ event: AuditEvent) async throws(AuditError) -> Int {
        let pending = try await prepare(event)
        do {
            return try await enqueue(pending)
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError(.storage, "\(error)")
        }
    }

    /// Appends an event without waiting (key usage from code that cannot wait); a failure is logged.
    public nonisolated func submit(_ event: AuditEvent) {
        Task {
            do throws(AuditError) { _ = try await append(event) } catch {
                logger.error("audit event lost", metadata: ["kind": "\(event.kind.rawValue)", "code": "\(error.code.rawValue)"])
            }
        }
    }

    nonisolated func prepare(_ event: AuditEvent) async throws(AuditError) -> Pending {
        var sealed: SealedPersonal?
        if let personal = event.personal {
            guard let sealing else { throw AuditError(.sealing, "personal facts cannot be recorded: no key seals them") }
            do { sealed = try await sealing(personal, "audit:\(event.id)") } catch {
                throw AuditError(.sealing, "the event's personal facts cannot be sealed: \(error)")
            }
        }
        let facts = event.canonicalObject(sealed: sealed)
        return Pending(event: facts.encoded, kind: event.kind, requestID: event.requestID, subjectReference: sealed?.subjectReference,
                       classification: event.classification, time: event.time, facts: tail == nil ? nil : facts)
    }

    private func enqueue(_ pending: Pending) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            var pending = pending
            pending.waiter = continuation
            perform(commit.submit(pending))
        }
    }

    private func perform(_ action: GroupCommit<Pending>.Action) {
        guard case .write(let batch) = action else { return }
        let state = self.state, store = self.store, now = self.now
        Task {
            let result: Result<TreeState, AuditError>
            do {
                result = .success(try await Self.write(batch, onto: state, store: store, now: now))
            } catch {
                // Not retried here: a commit whose answer was lost would be written twice. The callers are told,
                // and the next batch reads the tree back first.
                result = .failure(error as? AuditError ?? AuditError(.storage, "\(error)"))
            }
            self.written(batch, result)
        }
    }

    private func written(_ batch: [Pending], _ result: Result<TreeState, AuditError>) {
        switch result {
        case .success(let state):
            let first = state.tree.size - batch.count
            self.state = state
            if let tail { tail.append(batch.enumerated().compactMap { i, item in item.facts.flatMap { StoredAuditEvent(facts: $0, sequence: first + i) } }) }
            for (i, item) in batch.enumerated() { item.waiter?.resume(returning: first + i) }
        case .failure(let error):
            state = nil
            logger.error("audit append failed", metadata: ["entries": "\(batch.count)", "code": "\(error.code.rawValue)"])
            for item in batch { item.waiter?.resume(throwing: error) }
        }
        perform(commit.written())
    }

    static func write(_ batch: [Pending], onto state: TreeState?, store: AuditStore, now: @Sendable () -> Date) async throws(AuditError) -> TreeState {
        let start = try await { () async throws(AuditError) -> TreeState in
            if let state { return state }
            return try await read(store)
        }()
        let recorded = now()
        do {
            return try await store.append(after: start.tree.size) { newer in
                var state = start
                // Entries other instances appended since this one last wrote come first.
                for (sequence, bytes) in newer {
                    guard sequence == state.tree.size, let hash = TreeHash(bytes) else {
                        throw AuditError(.inconsistent, "audit entry \(state.tree.size) is missing or damaged; run 'rampart audit verify'")
                    }
                    state.tree.append(hash)
                    state.last = hash
                }
                var rows: [AuditStore.Appended] = []
                rows.reserveCapacity(batch.count)
                for item in batch {
                    let entry = AuditEntry(sequence: state.tree.size, previous: state.last, event: item.event)
                    let leaf = entry.leafHash
                    state.tree.append(leaf)
                    state.last = leaf
                    rows.append(AuditStore.Appended(entry: entry, leafHash: leaf, kind: item.kind, requestID: item.requestID,
                                                    subjectReference: item.subjectReference, classification: item.classification, recorded: recorded))
                }
                return (rows, state)
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError(.storage, "the audit entries cannot be stored: \(error)")
        }
    }

    /// Signs and stores a checkpoint of the committed tree, if it grew since the last one.
    @discardableResult
    public func checkpoint() async throws(AuditError) -> SignedNote? {
        if state == nil { state = try await Self.read(store) }
        guard let state, state.tree.size > checkpointed else { return nil }
        let checkpoint = Checkpoint(origin: signer.name, size: state.tree.size, root: state.tree.root)
        let note = try signer.sign(checkpoint.body)
        do {
            try await store.insert(.init(size: checkpoint.size, root: checkpoint.root.bytes, note: note.rendered, signed: now()))
        } catch {
            throw AuditError(.storage, "the checkpoint cannot be stored: \(error)")
        }
        checkpointed = max(checkpointed, checkpoint.size)
        logger.info("audit checkpoint signed", metadata: ["size": "\(checkpoint.size)"])
        return note
    }
}
