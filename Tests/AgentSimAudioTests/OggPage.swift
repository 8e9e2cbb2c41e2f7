/// A minimal, independent Ogg page parser used to inspect files the module writes.
struct OggPage {
    var flags: UInt8
    var granulePosition: Int64
    var serialNumber: UInt32
    var sequenceNumber: UInt32
    var body: [UInt8]

    var beginsStream: Bool { flags & 0x02 != 0 }
    var endsStream: Bool { flags & 0x04 != 0 }

    /// Splits `bytes` into pages; returns nil on anything malformed.
    static func parse(_ bytes: [UInt8]) -> [OggPage]? {
        var pages: [OggPage] = []
        var offset = 0
        func integer(_ at: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        while offset < bytes.count {
            guard offset + 27 <= bytes.count, Array(bytes[offset..<(offset + 4)]) == Array("OggS".utf8) else {
                return nil
            }
            let segments = Int(bytes[offset + 26])
            guard offset + 27 + segments <= bytes.count else { return nil }
            let bodyLength = bytes[(offset + 27)..<(offset + 27 + segments)].reduce(0) { $0 + Int($1) }
            let bodyStart = offset + 27 + segments
            guard bodyStart + bodyLength <= bytes.count else { return nil }
            pages.append(
                OggPage(
                    flags: bytes[offset + 5],
                    granulePosition: Int64(bitPattern: integer(offset + 6, 8)),
                    serialNumber: UInt32(integer(offset + 14, 4)),
                    sequenceNumber: UInt32(integer(offset + 18, 4)),
                    body: Array(bytes[bodyStart..<(bodyStart + bodyLength)])
                ))
            offset = bodyStart + bodyLength
        }
        return pages
    }

    /// Recomputes the CRC-32 (polynomial 0x04C11DB7, no reflection, as Ogg specifies) of the page starting at `offset`.
    static func fixChecksum(_ bytes: inout [UInt8], pageAt offset: Int) {
        let segments = Int(bytes[offset + 26])
        let length = 27 + segments + bytes[(offset + 27)..<(offset + 27 + segments)].reduce(0) { $0 + Int($1) }
        for index in 22..<26 { bytes[offset + index] = 0 }
        var crc: UInt32 = 0
        for byte in bytes[offset..<(offset + length)] {
            crc ^= UInt32(byte) << 24
            for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1 }
        }
        for index in 0..<4 { bytes[offset + 22 + index] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(index))) }
    }
}
