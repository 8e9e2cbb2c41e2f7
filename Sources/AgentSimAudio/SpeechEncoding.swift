import Foundation

/// Encodes synthetic speech while it is being synthesised: a thread of its own fills blocks of PCM from the
/// ``SpeechStream`` while the caller encodes the blocks already filled, so synthesis and Opus encoding run on two cores
/// and at most ``blocksInFlight`` blocks of PCM exist at once, however long the utterance.
///
/// The packets are the ones ``OpusEncoder/encode(_:)`` gives for the whole array: the encoder sees the same frames in
/// the same order (blocks are whole frames, the last frame zero-padded as before).
enum SpeechEncoding {
    /// Frames per block (half a second at 20 ms).
    static let framesPerBlock = 25
    /// Blocks filled ahead of the encoder, at most.
    static let blocksInFlight = 4

    /// The packets of `stream`, one per frame of `encoder.settings`.
    static func packets(of stream: SpeechStream, encoder: OpusEncoder) throws(AudioError) -> [[UInt8]] {
        let frameSize = encoder.settings.samplesPerFrame
        let frameCount = (stream.count + frameSize - 1) / frameSize
        let blockSize = framesPerBlock * frameSize
        var packets: [[UInt8]] = []
        packets.reserveCapacity(frameCount)
        func encode(_ block: UnsafeBufferPointer<Int16>) throws(AudioError) {
            var start = 0
            while start < block.count {
                let end = min(block.count, start + frameSize)
                packets.append(
                    try encoder.encodeFrame(UnsafeBufferPointer(rebasing: block[start..<end]), index: packets.count))
                start = end
            }
        }
        guard frameCount >= 2 * framesPerBlock, ProcessInfo.processInfo.activeProcessorCount > 1 else {
            // Short, or one core: synthesise and encode in turn, a block at a time.
            var stream = stream
            var block = [Int16](repeating: 0, count: blockSize)
            while !stream.isFinished {
                let filled = block.withUnsafeMutableBufferPointer { stream.fill($0) }
                try block.withUnsafeBufferPointer { (all: UnsafeBufferPointer<Int16>) throws(AudioError) in
                    try encode(UnsafeBufferPointer(rebasing: all[0..<filled]))
                }
            }
            return packets
        }
        let handoff = BlockHandoff(blocks: blocksInFlight, blockSize: blockSize)
        let producer = Thread { handoff.produce(stream) }
        producer.start()
        defer { handoff.stop() }
        while let (slot, filled) = handoff.take() {
            try encode(UnsafeBufferPointer(start: handoff.block(slot), count: filled))
            handoff.release(slot)
        }
        return packets
    }
}

/// The blocks passed between the synthesising thread and the encoder: a fixed ring of buffers, each free, being
/// filled, filled or being encoded, guarded by one condition variable.
final class BlockHandoff: @unchecked Sendable {
    private let condition = NSCondition()
    private let storage: UnsafeMutablePointer<Int16>
    private let blockSize: Int
    /// Guarded by `condition`.
    private var free: [Int]
    private var filled: [(slot: Int, count: Int)] = []
    private var produced = false
    private var stopped = false
    private var producerExited = false

    init(blocks: Int, blockSize: Int) {
        self.blockSize = blockSize
        storage = .allocate(capacity: blocks * blockSize)
        free = Array(0..<blocks)
    }

    deinit {
        storage.deallocate()
    }

    /// The first sample of block `slot`.
    func block(_ slot: Int) -> UnsafeMutablePointer<Int16> { storage + slot * blockSize }

    /// The producer's loop: fills free blocks in order until the stream ends or the consumer stops.
    func produce(_ stream: SpeechStream) {
        var stream = stream
        while !stream.isFinished {
            condition.lock()
            while free.isEmpty, !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                break
            }
            let slot = free.removeFirst()
            condition.unlock()
            let count = stream.fill(UnsafeMutableBufferPointer(start: block(slot), count: blockSize))
            condition.lock()
            filled.append((slot, count))
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        produced = true
        producerExited = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next filled block in order, waiting for it; nil once the stream has ended and every block was taken.
    func take() -> (Int, Int)? {
        condition.lock()
        defer { condition.unlock() }
        while filled.isEmpty, !produced { condition.wait() }
        guard !filled.isEmpty else { return nil }
        let next = filled.removeFirst()
        return (next.slot, next.count)
    }

    /// Hands an encoded block back to the producer.
    func release(_ slot: Int) {
        condition.lock()
        free.append(slot)
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the producer (the encoder failed, or is done) and waits until it has left the buffers alone.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !producerExited { condition.wait() }
        condition.unlock()
    }
}
