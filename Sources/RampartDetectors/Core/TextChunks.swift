/// How a long text is cut for scanning, so that the detectors' working memory (words, tokens, masks: about fifteen
/// bytes for each byte scanned) stays that of one chunk however long the text is.
///
/// Chunks overlap by `overlap` bytes. Each owns the findings that start in its middle: from half the overlap after
/// its start to half the overlap before its end (the first from the text's start, the last to its end). So a
/// finding that starts in a chunk's owned part has half the overlap of the text before it in that chunk, for the
/// detectors that read their context backwards, and is whole in that chunk if it is at most half the overlap long.
///
/// Cuts fall just after a space, tab or line break. Where none is within a quarter of the overlap before a chunk's
/// end, the chunk runs on to the end of that unbroken run and owns to there: a token, key or encoded payload is
/// never cut from its start, so a base64 blob is always decoded from its first character.
struct TextChunks {
    struct Chunk: Equatable {
        /// The bytes scanned.
        var bytes: Range<Int>
        /// The bytes where the findings this chunk reports start.
        var owned: Range<Int>
    }

    /// The chunks of `bytes` (UTF-8), in order; one chunk when the text is no longer than `size`.
    static func plan(_ bytes: UnsafeBufferPointer<UInt8>, size: Int, overlap: Int) -> [Chunk] {
        precondition(overlap >= 8 && size >= 4 * overlap, "chunks well longer than their overlap")
        var chunks: [Chunk] = []
        var start = 0, ownedStart = 0
        while bytes.count - start > size {
            var end = start + size
            if let cut = cut(bytes, before: end, within: overlap / 4) {
                end = cut
            } else {
                // In an unbroken run: to its end. The next chunk owns from there, with half the overlap before it (the
                // run's tail, whose findings are this chunk's) for the detectors that read backwards.
                while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
                if end > start + size {
                    chunks.append(Chunk(bytes: start..<end, owned: ownedStart..<end))
                    if end == bytes.count { return chunks }
                    start = scalarStart(bytes, atOrBefore: end - overlap / 2)
                    ownedStart = end
                    continue
                }
            }
            let ownedEnd = scalarStart(bytes, atOrBefore: end - overlap / 2)
            chunks.append(Chunk(bytes: start..<end, owned: ownedStart..<ownedEnd))
            start = cut(bytes, before: end - overlap, within: overlap / 4) ?? scalarStart(bytes, atOrBefore: end - overlap)
            ownedStart = ownedEnd
        }
        chunks.append(Chunk(bytes: start..<bytes.count, owned: ownedStart..<bytes.count))
        return chunks
    }

    /// Just after the last space, tab or line break of the `within` bytes before `limit`, if there is one.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, before limit: Int, within: Int) -> Int? {
        var i = limit
        while i > max(0, limit - within) {
            if isSpace(bytes[i - 1]) { return i }
            i -= 1
        }
        return nil
    }

    /// The start of the scalar that byte `i` is part of.
    static func scalarStart(_ bytes: UnsafeBufferPointer<UInt8>, atOrBefore i: Int) -> Int {
        var i = i
        while i > 0, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\t")
    }
}
