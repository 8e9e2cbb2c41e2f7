import Foundation

/// Encodes synthetic speech while it is being synthesised: a thread of its own fills blocks of PCM from the
/// ``SpeechStream`` while the caller encodes the blocks already filled, so synthesis and Opus encoding run on two cores
/// and at most ``blocksInFlight`` blocks of PCM exist at once, however long the utterance.
///
/// The packets are the ones ``OpusEncoder/encode(_:)`` gives for the whole array: the encoder sees the same frames in
/// the same order (blocks are whole frames, the last frame zero-padded as before).
///
/// An utterance longer than ``chunkMilliseconds`` (a minute) is encoded in chunks of that length instead, each by an
/// encoder of its own, so that one long utterance keeps every core busy (``chunkedPackets(of:first:frameCount:)``).
/// Each chunk after the first starts its encoder ``warmUpMilliseconds`` early on the audio before it and drops those
/// packets, so the encoder meets the chunk in the state that audio leads to. The chunks are fixed by the utterance's
/// length alone: the packets are the same on one core or many, in every run.
enum SpeechEncoding {
    /// Frames per block (half a second at 20 ms).
    static let framesPerBlock = 25
    /// Blocks filled ahead of the encoder, at most.
    static let blocksInFlight = 4
    /// Utterances longer than this are encoded in chunks of this length, by encoders of their own.
    static let chunkMilliseconds = 60_000
    /// Audio before a chunk that its encoder encodes first and drops.
    static let warmUpMilliseconds = 1_000
    /// Threads encoding the chunks of one utterance at once, at most (never more than the cores).
    static let maxChunkWorkers = 4

    /// The packets of `stream`, one per frame of `encoder.settings`.
    static func packets(of stream: SpeechStream, encoder: OpusEncoder) throws(AudioError) -> [[UInt8]] {
        let frameSize = encoder.settings.samplesPerFrame
        let frameCount = (stream.count + frameSize - 1) / frameSize
        if frameCount > chunkMilliseconds / encoder.settings.frameMilliseconds {
            return try chunkedPackets(of: stream, first: encoder, frameCount: frameCount)
        }
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

    /// The packets of a long utterance, encoded a chunk at a time by up to ``maxChunkWorkers`` threads (the caller's
    /// among them). Worker `w` encodes chunks `w`, `w + workers`, … with a fresh encoder each (chunk 0 with `first`),
    /// synthesising the stream in order and skipping the samples of the chunks it does not encode.
    /// `workers` overrides the thread count (tests: the packets must not depend on it).
    static func chunkedPackets(
        of stream: SpeechStream, first: OpusEncoder, frameCount: Int, workers requested: Int? = nil
    ) throws(AudioError) -> [[UInt8]] {
        let settings = first.settings
        let framesPerChunk = chunkMilliseconds / settings.frameMilliseconds
        let warmUpFrames = warmUpMilliseconds / settings.frameMilliseconds
        let chunkCount = (frameCount + framesPerChunk - 1) / framesPerChunk
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let workers = max(1, min(chunkCount, requested ?? min(maxChunkWorkers, cores)))
        let results = ChunkResults(chunks: chunkCount, workers: workers)
        @Sendable func work(_ worker: Int, first: OpusEncoder?) {
            let frameSize = settings.samplesPerFrame
            // Never past the next chunk's warm-up start: skipped forward between chunks, copied to encode one.
            var cursor = stream
            var frame = [Int16](repeating: 0, count: frameSize)
            do throws(AudioError) {
                for chunk in stride(from: worker, to: chunkCount, by: workers) where !results.failed {
                    let start = chunk * framesPerChunk
                    let end = min(frameCount, start + framesPerChunk)
                    let warmStart = max(0, start - warmUpFrames)
                    while cursor.position < warmStart * frameSize {  // another worker's chunk: synthesise, skip
                        let skip = min(frameSize, warmStart * frameSize - cursor.position)
                        _ = frame.withUnsafeMutableBufferPointer { cursor.fill(.init(rebasing: $0[0..<skip])) }
                    }
                    let encoder: OpusEncoder
                    if chunk == 0, let first { encoder = first } else { encoder = try OpusEncoder(settings: settings) }
                    // This worker's next chunk may warm up on frames of this one (one worker): keep the stream there.
                    let nextWarmStart = (chunk + workers) * framesPerChunk - warmUpFrames
                    var stream = cursor
                    var resume: SpeechStream?
                    var packets: [[UInt8]] = []
                    packets.reserveCapacity(end - start)
                    for index in warmStart..<end {
                        if index == nextWarmStart { resume = stream }
                        let filled = frame.withUnsafeMutableBufferPointer { stream.fill($0) }
                        let packet = try frame.withUnsafeBufferPointer { (all) throws(AudioError) in
                            try encoder.encodeFrame(UnsafeBufferPointer(rebasing: all[0..<filled]), index: index)
                        }
                        if index >= start { packets.append(packet) }
                    }
                    cursor = resume ?? stream
                    results.store(packets, chunk: chunk)
                }
            } catch {
                results.fail(error)
            }
            results.finish()
        }
        for worker in 1..<workers {
            let thread = Thread { work(worker, first: nil) }
            thread.start()
        }
        work(0, first: first)
        return try results.wait()
    }
}

/// The chunks of one long utterance as its workers encode them, and whether any failed; guarded by one condition.
final class ChunkResults: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[[UInt8]]]
    private var error: AudioError?
    private var running: Int

    init(chunks: Int, workers: Int) {
        self.chunks = Array(repeating: [], count: chunks)
        running = workers
    }

    /// Whether a worker has failed (the others stop at their next chunk).
    var failed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return error != nil
    }

    func store(_ packets: [[UInt8]], chunk: Int) {
        condition.lock()
        chunks[chunk] = packets
        condition.unlock()
    }

    func fail(_ failure: AudioError) {
        condition.lock()
        if error == nil { error = failure }
        condition.unlock()
    }

    /// A worker is done (or gave up).
    func finish() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for every worker, then gives the packets in order or the first failure.
    func wait() throws(AudioError) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        while running > 0 { condition.wait() }
        if let error { throw error }
        return Array(chunks.joined())
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
