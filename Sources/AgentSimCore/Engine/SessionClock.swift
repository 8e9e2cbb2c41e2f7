/// Session-clock arithmetic in whole microseconds, so that sums and differences of frame durations
/// print as `2.8`, not `2.8000000000000003`.
public enum SessionClock {
    /// `t` rounded to the nearest microsecond.
    public static func microseconds(_ t: Double) -> Double { (t * 1_000_000).rounded() / 1_000_000 }

    /// `end − start`, rounded to the nearest microsecond.
    public static func interval(from start: Double, to end: Double) -> Double { microseconds(end - start) }
}
