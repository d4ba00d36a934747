/// Durations written for people: `450 ms`, `1.5 s`, `27 s`, `4m 10s`, `1h 5m`.
package enum DurationText {
    /// The duration, rounded to what a reader needs: milliseconds below a second, tenths below
    /// ten seconds, then whole seconds, minutes and seconds, or hours and minutes.
    package static func short(_ duration: Duration) -> String {
        let seconds = max(duration.seconds, 0)
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 10 {
            let tenths = (seconds * 10).rounded() / 10
            return tenths == tenths.rounded() ? "\(Int(tenths)) s" : "\(tenths) s"
        }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole / 60)m \(whole % 60)s" }
        let minutes = (whole % 3600) / 60
        return minutes == 0 ? "\(whole / 3600)h" : "\(whole / 3600)h \(minutes)m"
    }
}
