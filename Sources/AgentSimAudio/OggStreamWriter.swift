internal import COgg

/// Owns a libogg `ogg_stream_state` and collects the pages it produces into a byte array.
final class OggStreamWriter {
    /// The libogg stream state; allocated and initialised in init, cleared and freed in deinit.
    private let state: UnsafeMutablePointer<ogg_stream_state>
    /// Every page emitted so far, header then body, in order.
    private(set) var bytes: [UInt8] = []
    /// Sequence number of the next packet.
    private var packetNumber: Int64 = 0

    /// Starts a logical stream with `serialNumber`.
    init(serialNumber: Int32) throws(AudioError) {
        state = .allocate(capacity: 1)
        guard ogg_stream_init(state, serialNumber) == 0 else {
            state.deallocate()
            throw AudioError("cannot initialise libogg stream state")
        }
    }

    deinit {
        ogg_stream_clear(state)
        state.deallocate()
    }

    /// Submits one packet. `flush` forces everything pending onto its own page(s) afterwards (used for headers);
    /// otherwise only pages libogg considers full are emitted.
    func append(
        packet: [UInt8], granulePosition: Int64, beginsStream: Bool = false, endsStream: Bool = false,
        flush: Bool = false
    ) throws(AudioError) {
        var copy = packet  // libogg takes a mutable pointer though it only copies from it
        let result = copy.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var oggPacket = ogg_packet(
                packet: buffer.baseAddress,
                bytes: buffer.count,
                b_o_s: beginsStream ? 1 : 0,
                e_o_s: endsStream ? 1 : 0,
                granulepos: granulePosition,
                packetno: packetNumber
            )
            return ogg_stream_packetin(state, &oggPacket)
        }
        guard result == 0 else { throw AudioError("libogg rejected packet #\(packetNumber)") }
        packetNumber += 1
        if flush {
            self.flush()
        } else {
            var page = ogg_page()
            while ogg_stream_pageout(state, &page) != 0 { collect(page) }
        }
    }

    /// The pages collected so far, leaving ``bytes`` empty.
    func takeBytes() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    /// Emits all pending packets as final page(s).
    func flush() {
        var page = ogg_page()
        while ogg_stream_flush(state, &page) != 0 { collect(page) }
    }

    /// Appends one page's header and body to ``bytes``.
    private func collect(_ page: ogg_page) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: page.header, count: page.header_len))
        bytes.append(contentsOf: UnsafeBufferPointer(start: page.body, count: page.body_len))
    }
}
