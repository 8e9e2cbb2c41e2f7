internal import COgg

/// Owns a libogg `ogg_sync_state` and uses it to check an Ogg file's page structure before decoding:
/// every byte must belong to a page with a valid CRC, and the last page must carry the end-of-stream flag.
/// This catches truncated files that a lenient decoder would silently cut short.
final class OggPageScanner {
    /// The libogg sync state; allocated and initialised in init, cleared and freed in deinit.
    private let state: UnsafeMutablePointer<ogg_sync_state>

    /// What the scan found.
    struct Summary: Sendable, Equatable {
        /// Number of complete, CRC-valid pages.
        var pageCount: Int
        /// Whether the last page has the end-of-stream flag.
        var lastPageEndsStream: Bool
    }

    /// Allocates and initialises the sync state.
    init() throws(AudioError) {
        state = .allocate(capacity: 1)
        guard ogg_sync_init(state) == 0 else {
            state.deallocate()
            throw AudioError("cannot initialise libogg sync state")
        }
    }

    deinit {
        ogg_sync_clear(state)
        state.deallocate()
    }

    /// Scans all of `bytes` (the file at `path`), throwing if any byte is outside a valid page or the stream is cut
    /// short.
    func scan(_ bytes: [UInt8], path: String) throws(AudioError) -> Summary {
        ogg_sync_reset(state)
        guard let buffer = ogg_sync_buffer(state, bytes.count) else {
            throw AudioError(path: path, "cannot allocate \(bytes.count) bytes for Ogg parsing")
        }
        bytes.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress!, byteCount: raw.count)
        }
        ogg_sync_wrote(state, bytes.count)
        var summary = Summary(pageCount: 0, lastPageEndsStream: false)
        var page = ogg_page()
        var consumed = 0
        while true {
            let result = ogg_sync_pageseek(state, &page)
            if result == 0 { break }
            if result < 0 {
                throw AudioError(
                    path: path,
                    "corrupt Ogg file (\(-result) bytes at offset \(consumed) are not a valid page; bad CRC or garbage)"
                )
            }
            consumed += result
            summary.pageCount += 1
            summary.lastPageEndsStream = ogg_page_eos(&page) != 0
        }
        let leftover = bytes.count - consumed
        guard leftover == 0 else {
            throw AudioError(
                path: path, "truncated Ogg file (last page incomplete: \(leftover) bytes at offset \(consumed))")
        }
        guard summary.pageCount > 0 else {
            throw AudioError(path: path, "not an Ogg file (no pages)")
        }
        guard summary.lastPageEndsStream else {
            throw AudioError(path: path, "truncated Ogg file (last page lacks the end-of-stream flag)")
        }
        return summary
    }
}
