/// Text helpers the TTS plugins share.
public enum SpeechText {
    /// The sentences of `text` as a streaming TTS receives them: a sentence ends at `.`, `!`, `?` or `…` followed by
    /// white space; each is trimmed, and empty ones are dropped.
    public static func sentences(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        var pendingBreak = false
        for ch in text {
            if pendingBreak, ch.isWhitespace {
                let s = trimmed(current)
                if !s.isEmpty { out.append(s) }
                current = ""
                pendingBreak = false
                continue
            }
            pendingBreak = ".!?…".contains(ch)
            current.append(ch)
        }
        let s = trimmed(current)
        if !s.isEmpty { out.append(s) }
        return out
    }

    static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while let first = sub.first, first.isWhitespace { sub.removeFirst() }
        while let last = sub.last, last.isWhitespace { sub.removeLast() }
        return String(sub)
    }
}

/// Standard Base64 (RFC 4648, with padding), for the audio fields of TTS payloads.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i]), b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0,
                b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(table[b0 >> 2])
            out.append(table[((b0 & 3) << 4) | (b1 >> 4)])
            out.append(i + 1 < bytes.count ? table[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            out.append(i + 2 < bytes.count ? table[b2 & 63] : "=")
            i += 3
        }
        return out
    }
}

/// One sentence's audio in a streaming TTS segment: when it arrives and how much of the segment it carries.
public struct SpeechChunk: Sendable, Equatable {
    public var text: String
    /// Session-clock time of its arrival.
    public var time: Double
    public var durationMs: Int64
    /// Audio of the segment before this chunk.
    public var startMs: Int64

    public init(text: String, time: Double, durationMs: Int64, startMs: Int64) {
        self.text = text
        self.time = time
        self.durationMs = durationMs
        self.startMs = startMs
    }
}

extension SpeechText {
    /// One chunk per sentence: the generated audio shared by characters (whole milliseconds), each chunk arriving when
    /// the frames before it have, between the first and the last frame.
    public static func audioPlan(
        _ sentences: [String], generatedMs: Int64, firstFrame: Double, lastFrame: Double
    ) -> [SpeechChunk] {
        let counts = sentences.map { Int64($0.unicodeScalars.count) }
        let total = counts.reduce(0, +)
        guard total > 0 else { return [] }
        var out: [SpeechChunk] = [], before: Int64 = 0
        let span = lastFrame - firstFrame
        for (sentence, n) in zip(sentences, counts) {
            let start = generatedMs * before / total
            let time = SessionClock.microseconds(firstFrame + span * Double(before) / Double(total))
            out.append(
                SpeechChunk(
                    text: sentence, time: time, durationMs: generatedMs * (before + n) / total - start, startMs: start))
            before += n
        }
        return out
    }
}
