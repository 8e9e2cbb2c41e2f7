internal import COpus

/// The two Ogg Opus header packets of RFC 7845 for a mono stream.
enum OpusHeaders {
    /// Vendor string written into OpusTags: `"agentsim libopus "` + `opus_get_version_string()`.
    static var vendor: String {
        "agentsim libopus " + String(cString: opus_get_version_string())
    }

    /// Identification header (RFC 7845 §5.1): magic, version 1, 1 channel, pre-skip, input rate, gain 0, mapping family
    /// 0.
    static func identification(preSkip: Int, inputSampleRate: Int) -> [UInt8] {
        var bytes = Array("OpusHead".utf8)
        bytes.append(1)  // version
        bytes.append(1)  // channel count
        LittleEndian.append(UInt16(clamping: preSkip), to: &bytes)
        LittleEndian.append(UInt32(clamping: inputSampleRate), to: &bytes)
        LittleEndian.append(UInt16(0), to: &bytes)  // output gain (Q7.8 dB)
        bytes.append(0)  // channel mapping family 0: mono/stereo, no mapping table
        return bytes
    }

    /// Comment header (RFC 7845 §5.2): magic, vendor string, zero user comments.
    static func comments() -> [UInt8] {
        var bytes = Array("OpusTags".utf8)
        let vendorBytes = Array(vendor.utf8)
        LittleEndian.append(UInt32(vendorBytes.count), to: &bytes)
        bytes.append(contentsOf: vendorBytes)
        LittleEndian.append(UInt32(0), to: &bytes)  // user comment count
        return bytes
    }
}
