import Crypto
import Foundation
import RampartAudit
import Testing

@Suite struct SignedNoteTests {
    /// The example of the signed-note specification (C2SP, and Go's golang.org/x/mod/sumdb/note).
    static let neumannKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let neumannNote = """
        If you think cryptography is the answer to your problem,
        then you don't know what your problem is.

        — PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=

        """

    @Test func theSpecificationsExampleVerifies() throws {
        let verifier = try NoteVerifier(encoded: Self.neumannKey)
        #expect(verifier.keyID == 0xc74f20a3)
        #expect(verifier.encoded == Self.neumannKey)
        let note = try SignedNote(parsing: Self.neumannNote)
        #expect(verifier.verifies(note))
        #expect(note.rendered == Self.neumannNote)
        var altered = note
        altered.text = altered.text.replacingOccurrences(of: "cryptography", with: "cryptograph")
        #expect(!verifier.verifies(altered))
    }

    @Test func aCheckpointSignedHereVerifiesOnlyWithItsKey() throws {
        let signer = NoteSigner(name: "rampart.test/audit", key: Curve25519.Signing.PrivateKey())
        let checkpoint = Checkpoint(origin: signer.name, size: 1024, root: TreeHash.leaf([1, 2, 3]))
        let note = try signer.sign(checkpoint.body)
        let parsed = try SignedNote(parsing: note.rendered)
        #expect(signer.verifier.verifies(parsed))
        #expect(try Checkpoint(body: parsed.text) == checkpoint)
        #expect(try NoteVerifier(encoded: signer.verifier.encoded) == signer.verifier)
        let other = NoteSigner(name: signer.name, key: Curve25519.Signing.PrivateKey())
        #expect(!other.verifier.verifies(parsed))
        // A changed size is a changed text: the signature no longer holds.
        let forged = SignedNote(text: Checkpoint(origin: signer.name, size: 1025, root: checkpoint.root).body, signatures: parsed.signatures)
        #expect(!signer.verifier.verifies(forged))
    }

    @Test(arguments: [
        "", "no blank line\n", "text\n\n— name\n", "text\n\n— name !!!\n", "text\n\nname AAAAAAA=\n",
        "text\n\n— name AAAAAAAAAAA=", "text\n\n— name AAAA\n",
    ])
    func malformedNotesAreRefused(note: String) {
        #expect(throws: AuditError.self) { try SignedNote(parsing: note) }
    }

    @Test(arguments: [
        "origin\n12\n", "origin\n-1\nAAAA\n", "origin\n012\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n",
        "origin\n12\nAAAA\n", "\n12\n" + Data(repeating: 0, count: 32).base64EncodedString() + "\n",
    ])
    func malformedCheckpointsAreRefused(body: String) {
        #expect(throws: AuditError.self) { try Checkpoint(body: body) }
    }

    @Test(arguments: ["PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "PeterNeumann+c74f20a3",
                      "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"])
    func malformedVerifierKeysAreRefused(key: String) {
        #expect(throws: AuditError.self) { try NoteVerifier(encoded: key) }
    }
}
