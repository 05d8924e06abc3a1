/// How a long text is cut for scanning, so that the detectors' working memory (words, tokens, masks: about fifteen
/// bytes for each byte scanned) stays that of one chunk however long the text is.
///
/// Chunks overlap by `overlap` bytes. Each owns the findings that start in its middle: from half the overlap after
/// its start to half the overlap before its end (the first from the text's start, the last to its end). So a
/// finding that starts in a chunk's owned part has half the overlap of the text before it in that chunk, for the
/// detectors that read their context backwards, and is whole in that chunk if it is at most half the overlap long.
/// Cuts fall after a space, tab or line break where one is near, and always between two scalars.
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
            let end = cut(bytes, before: start + size, within: overlap / 4)
            let ownedEnd = cut(bytes, before: end - overlap / 2, within: 0)
            chunks.append(Chunk(bytes: start..<end, owned: ownedStart..<ownedEnd))
            start = cut(bytes, before: end - overlap, within: overlap / 4)
            ownedStart = ownedEnd
        }
        chunks.append(Chunk(bytes: start..<bytes.count, owned: ownedStart..<bytes.count))
        return chunks
    }

    /// A place to cut at or before `limit`: just after the last space, tab or line break of the `within` bytes
    /// before it, or else the nearest scalar boundary at or before it.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, before limit: Int, within: Int) -> Int {
        var i = limit
        while i > limit - within {
            if bytes[i - 1] == UInt8(ascii: " ") || bytes[i - 1] == UInt8(ascii: "\n") || bytes[i - 1] == UInt8(ascii: "\t") { return i }
            i -= 1
        }
        i = limit
        while i > 0, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }
}
