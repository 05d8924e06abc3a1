extension KeyHierarchy {
    /// Encrypts a file for the owner (`model:NAME`, ...) with purpose `artifacts`, bound to `objectID`, under a data
    /// key of its own.
    public func encryptArtifact(input: String, output: String, tenant: String, owner: String, objectID: String, segmentSize: Int = 1 << 20,
                                progress: @escaping ArtifactCipher.Progress = { _, _ in }) async throws(KeyError) {
        let key = KeyName(tenant: tenant, owner: owner, purpose: "artifacts")
        let grant = try authorize(.encryptWithKey, .seal, key, objectID: objectID)
        try await recorded(.seal, key, objectID: objectID, grant) { version throws(KeyError) in
            let keys = try await sealingKeys(key)
            version = keys.first?.version
            try await ArtifactCipher(envelopes: cipher, segmentSize: segmentSize).encrypt(
                input: input, output: output, keys: keys, context: context(key, objectID), progress: progress)
        }
    }

    /// Decrypts a file encrypted by `encryptArtifact`; retired and destroyed key versions are refused by name.
    public func decryptArtifact(input: String, output: String, tenant: String, owner: String, objectID: String,
                                progress: @escaping ArtifactCipher.Progress = { _, _ in }) async throws(KeyError) {
        let key = KeyName(tenant: tenant, owner: owner, purpose: "artifacts")
        let grant = try authorize(.decryptWithKey, .open, key, objectID: objectID)
        try await recorded(.open, key, objectID: objectID, grant) { version throws(KeyError) in
            try await ArtifactCipher(envelopes: cipher).decrypt(input: input, output: output, context: context(key, objectID), progress: progress) {
                header throws(KeyError) in
                version = header.keyVersion
                try await check(key, version: header.keyVersion, what: "the artifact \(input)")
            }
        }
    }

    /// Writes `output`: the artifact `input` with its data key rewrapped under the key's newest version, its
    /// segments copied as they are. Returns the version it is under now.
    @discardableResult
    public func rewrapArtifact(input: String, output: String, tenant: String, owner: String, objectID: String,
                               progress: @escaping ArtifactCipher.Progress = { _, _ in }) async throws(KeyError) -> Int {
        let key = KeyName(tenant: tenant, owner: owner, purpose: "artifacts")
        let grant = try authorize(.rewrapKeys, .rewrap, key, objectID: objectID)
        return try await recorded(.rewrap, key, objectID: objectID, grant) { version throws(KeyError) in
            let keys = try await sealingKeys(key)
            let newest = keys.first?.version ?? 0
            version = newest
            try await ArtifactCipher(envelopes: cipher).rewrap(input: input, output: output, keys: keys, context: context(key, objectID), progress: progress) {
                header throws(KeyError) in
                try await check(key, version: header.keyVersion, what: "the artifact \(input)")
            }
            return newest
        }
    }
}
