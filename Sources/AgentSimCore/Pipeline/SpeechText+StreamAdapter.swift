/// The texts LiveKit's `tts.StreamAdapter` hands a non-streaming TTS: its default sentence tokenizer is
/// `tokenize.blingfire.SentenceTokenizer(retain_format=True)` (livekit-agents 1.8.9 tts/stream_adapter.py l.40-42),
/// whose stream (tokenize/blingfire.py l.115-130, tokenize/token_stream.py l.183-267) emits one token per sentence of
/// at least `min_sentence_len` (20) characters; StreamAdapterWrapper strips each token, skips empty ones and
/// synthesizes each with its own ChunkedStream (stream_adapter.py l.169-190).
extension SpeechText {
    /// blingfire.SentenceTokenizer's default `min_sentence_len` (tokenize/blingfire.py l.72).
    public static let streamAdapterMinSentenceLength = 20

    /// One request text per StreamAdapter sentence token, for `text` flushed whole.
    ///
    /// The rule, from tokenize/blingfire.py `_split_sentences` (l.19-55): the sentence ends `blingfireSentenceEnds`
    /// finds are walked in order; a span (from the end of the last kept sentence) whose text, with every run of white
    /// space holding a line break turned into one space and trimmed, is shorter than `minSentenceLength` code points
    /// is not kept but merged into the next one; whatever follows the last kept end is the last token. Each token is
    /// trimmed (stream_adapter.py l.174) and empty ones dropped. Streaming pushes give the same tokens: the buffered
    /// stream only emits a token once a later one exists and restarts its buffer at that token's end
    /// (token_stream.py l.192-232), and its flush emits the last (l.235-263), unless blingfire cuts a partial text
    /// where it would not cut the whole: a chunk that ends with the white space after a terminator ("enough. ", then
    /// "ok") ends the sentence there, which OpenAI's chunks, white space first (" ok"), do not.
    /// - Parameters:
    ///   - text: The text the LLM streamed to the TTS for one speech.
    ///   - minSentenceLength: The tokenizer's `min_sentence_len`.
    /// - Returns: The request texts, in order.
    public static func streamAdapterRequests(
        _ text: String, minSentenceLength: Int = streamAdapterMinSentenceLength
    ) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var out: [String] = []
        var start = 0
        for end in blingfireSentenceEnds(scalars) {
            let span = scalars[start..<end]
            let normalized = collapsedLineBreaks(span)
            if normalized.isEmpty || normalized.count < minSentenceLength { continue }
            out.append(trimmed(String(String.UnicodeScalarView(span))))
            start = end
        }
        if start < scalars.count {
            let rest = trimmed(String(String.UnicodeScalarView(scalars[start...])))
            if !rest.isEmpty { out.append(rest) }
        }
        return out.filter { !$0.isEmpty }
    }

    /// Where blingfire's `text_to_sentences_with_offsets` ends sentences, as code point offsets, approximated by a rule
    /// checked against livekit-blingfire on the texts in the tests (BlingFire's own model is not reproduced):
    /// - after a run of `.`, `!`, `?` or `…` and any closing `"` `'` `”` `’` `)` `]` `»`, when white space follows
    ///   and then, after any opening `"` `'` `“` `‘` `(` `[` `«` `¿` `¡`, an ASCII capital letter ("dollars. that",
    ///   "Hi! 42" and "é? Écoute" do not end a sentence); not after a single capital letter ("A. Lincoln") or the
    ///   abbreviations Mr, Mrs, Ms, St, No, Jan, Prof and Approx, which blingfire keeps with the next word;
    /// - after a run of `。`, `！` or `？` with more text after it (no white space needed);
    /// - after a danda (`।`, `॥`) and closing quotes or brackets followed by white space (LiveKit's own addition,
    ///   tokenize/blingfire.py l.15-31);
    /// - at the end of the text without its trailing white space.
    static func blingfireSentenceEnds(_ s: [Unicode.Scalar]) -> [Int] {
        let n = s.count
        var last = n
        while last > 0, s[last - 1].properties.isWhitespace { last -= 1 }
        var ends: [Int] = []
        var i = 0
        while i < last {
            let c = s[i]
            if terminators.contains(c) {
                var k = i
                while k < n, terminators.contains(s[k]) { k += 1 }
                var m = k
                while m < n, closers.contains(s[m]) { m += 1 }
                if m < last, s[m].properties.isWhitespace, startsSentence(s, after: m),
                    !isAbbreviation(s, dot: i, run: k)
                {
                    ends.append(m)
                }
                i = m
            } else if fullWidthTerminators.contains(c) {
                var m = i
                while m < n, fullWidthTerminators.contains(s[m]) || fullWidthClosers.contains(s[m]) { m += 1 }
                if m < last { ends.append(m) }
                i = m
            } else if dandas.contains(c) {
                var m = i + 1
                while m < n, closers.contains(s[m]) { m += 1 }
                if m < last, s[m].properties.isWhitespace { ends.append(m) }
                i = m
            } else {
                i += 1
            }
        }
        if last > 0, ends.last != last { ends.append(last) }
        return ends
    }

    private static let terminators: Set<Unicode.Scalar> = [".", "!", "?", "…"]
    private static let closers: Set<Unicode.Scalar> = ["\"", "'", "”", "’", ")", "]", "»"]
    private static let openers: Set<Unicode.Scalar> = ["\"", "'", "“", "‘", "(", "[", "«", "¿", "¡"]
    private static let fullWidthTerminators: Set<Unicode.Scalar> = ["。", "！", "？"]
    private static let fullWidthClosers: Set<Unicode.Scalar> = ["」", "』", "）"]
    private static let dandas: Set<Unicode.Scalar> = ["।", "॥"]
    private static let abbreviations: Set<String> = ["Mr", "Mrs", "Ms", "St", "No", "Jan", "Prof", "Approx"]

    /// White space from `index`, then any opening quotes or brackets, then an ASCII capital letter.
    private static func startsSentence(_ s: [Unicode.Scalar], after index: Int) -> Bool {
        var p = index
        while p < s.count, s[p].properties.isWhitespace { p += 1 }
        while p < s.count, openers.contains(s[p]) { p += 1 }
        guard p < s.count else { return false }
        return ("A"..."Z").contains(s[p])
    }

    /// A single `.` ending a single capital letter or one of the abbreviations.
    private static func isAbbreviation(_ s: [Unicode.Scalar], dot: Int, run: Int) -> Bool {
        guard run == dot + 1, s[dot] == "." else { return false }
        var b = dot
        while b > 0, s[b - 1].properties.isAlphabetic { b -= 1 }
        guard b == 0 || !s[b - 1].properties.isAlphabetic && s[b - 1] != "." else { return false }
        let word = String(String.UnicodeScalarView(s[b..<dot]))
        if word.unicodeScalars.count == 1, let only = word.unicodeScalars.first, ("A"..."Z").contains(only) {
            return true
        }
        return abbreviations.contains(word)
    }

    /// `re.sub(r"\s*\n+\s*", " ", span).strip()` as code points: every run of white space holding a line feed
    /// becomes one space, then the ends are trimmed.
    private static func collapsedLineBreaks(_ span: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var run: [Unicode.Scalar] = []
        func closeRun() {
            if run.contains("\n") { out.append(" ") } else { out.append(contentsOf: run) }
            run.removeAll()
        }
        for c in span {
            if c.properties.isWhitespace {
                run.append(c)
            } else {
                closeRun()
                out.append(c)
            }
        }
        closeRun()
        while let f = out.first, f.properties.isWhitespace { out.removeFirst() }
        while let l = out.last, l.properties.isWhitespace { out.removeLast() }
        return out
    }
}
