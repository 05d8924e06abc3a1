import RampartKeys

/// The code of the `KeyError` an operation throws; nil when it succeeds or throws something else.
func keyErrorCode(_ operation: () async throws -> Void) async -> KeyError.Code? {
    do {
        try await operation()
        return nil
    } catch {
        return (error as? KeyError)?.code
    }
}
