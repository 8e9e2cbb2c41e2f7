/// Splits an `EventsInput` into lines as it is read, never holding more than one line and one chunk: each byte is
/// searched once, and a line longer than `maximum` bytes ends the reading with an error naming its number.
struct LineReader {
    let input: EventsInput
    let file: String
    let option: String
    var maximum = 1 << 20

    /// Calls `body` with each line (without its newline) and its 1-based number; returns the number of lines.
    /// - Throws: `BadInput` (status 2) for a line over `maximum`, or what `body` throws.
    func forEachLine(_ body: (ArraySlice<UInt8>, Int) throws -> Void) throws -> Int {
        var number = 0
        var pending: [UInt8] = []
        // `scanned` bytes at the start of `pending`'s unfinished line are known to hold no newline.
        var scanned = 0
        func tooLong() -> BadInput {
            BadInput(
                "\(option): \(file):\(number + 1): the line is longer than \(maximum) bytes; expected one JSON "
                    + "event per line")
        }
        while let chunk = try input.read(maximum: 1 << 20) {
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline - start <= maximum else { throw tooLong() }
                number += 1
                try body(pending[start..<newline], number)
                start = newline + 1
                scanned = 0
            }
            scanned = pending.count - start
            guard scanned <= maximum else { throw tooLong() }
            pending.removeSubrange(0..<start)
        }
        if !pending.isEmpty {
            number += 1
            try body(pending[...], number)
        }
        return number
    }
}
