/// Sample-rate conversion by linear interpolation between neighbouring input samples.
///
/// Output length is `round(count × target / source)`; output sample `i` sits at input position `i × source / target`,
/// computed in integers so long inputs do not drift.
enum LinearResampler {
    /// Resamples `input` from `source` Hz to `target` Hz (returns the input unchanged when the rates match).
    static func resample(_ input: [Double], from source: Int, to target: Int) -> [Double] {
        guard source != target, !input.isEmpty, source > 0, target > 0 else { return input }
        let outputCount = (input.count * target + source / 2) / source
        var output = [Double](repeating: 0, count: outputCount)
        let last = input.count - 1
        for index in 0..<outputCount {
            let numerator = index * source
            let base = min(last, numerator / target)
            let fraction = Double(numerator % target) / Double(target)
            let next = min(last, base + 1)
            output[index] = input[base] + (input[next] - input[base]) * fraction
        }
        return output
    }
}
