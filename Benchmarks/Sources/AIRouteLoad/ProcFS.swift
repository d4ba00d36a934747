import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Figures of other processes (the gateway under test) from Linux's /proc.
enum ProcFS {
    /// utime + stime of `pids`, summed, in milliseconds (/proc/PID/stat fields 14 and 15).
    static func cpuMs(_ pids: [Int32]) -> Double {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var ticks = 0.0
        for pid in pids {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": field 3 is the state, so utime and stime are the 12th and 13th.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            ticks += user + system
        }
        return ticks / ticksPerSecond * 1000
    }

    /// A memory figure of /proc/PID/status (`VmRSS:`, `VmHWM:`), summed over `pids`, in KiB.
    static func rssKB(_ pids: [Int32], field: String) -> Int {
        pids.reduce(0) { total, pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
                let kb = Int(line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
            else { return total }
            return total + kb
        }
    }

    /// The resident memory while the most streams were open: sampled every `interval` until cancelled;
    /// of the samples taken at the highest open count seen, the largest.
    static func sampleWhileHeld(
        _ pids: [Int32], gauge: OpenGauge, every interval: Duration
    ) async -> (rssKB: Int, open: Int) {
        var best = (rssKB: 0, open: 0)
        while !Task.isCancelled {
            let open = gauge.current
            if open > 0, open >= best.open {
                let rss = rssKB(pids, field: "VmRSS:")
                best = open > best.open ? (rss, open) : (max(rss, best.rssKB), open)
            }
            try? await Task.sleep(for: interval)
        }
        return best
    }
}
