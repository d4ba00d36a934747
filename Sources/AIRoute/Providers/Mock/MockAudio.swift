import Foundation

/// The mock provider's audio: speech as a quiet deterministic tone (WAV or raw PCM), and a
/// fixed transcript in every transcription format.
enum MockAudio {
    /// Sample rate of `wav` output.
    static let wavSampleRate = 16_000
    /// Sample rate of `pcm` output: OpenAI's raw PCM is 24 kHz (see ``AudioFormat/pcm``).
    static let pcmSampleRate = 24_000
    /// Audio length per input character.
    static let secondsPerCharacter = 0.05
    /// Shortest and longest audio.
    static let durationRange = 0.1...5.0
    /// Peak amplitude: about −20 dBFS, quiet.
    static let amplitude = 3_277.0
    /// Duration reported for audio that is not a WAV file the mock can measure.
    static let defaultTranscriptDuration = 2.0

    // MARK: Speech

    /// The speech for `request` in `voice` (the provider's voice name): a WAV file (16-bit mono
    /// PCM at 16 kHz) for `wav` or no format, raw 16-bit little-endian samples at 24 kHz for `pcm`.
    ///
    /// - Throws: `invalid_request` for empty input, a speed outside 0.25–4, or any other format.
    static func speech(_ request: SpeechRequest, voice: String) throws -> Data {
        guard !request.input.isEmpty else {
            throw UpstreamFailure(.invalidRequest, status: 400, message: "empty input")
        }
        let speed = request.speed ?? 1
        guard (0.25...4).contains(speed) else {
            throw UpstreamFailure(.invalidRequest, status: 400, message: "speed must be between 0.25 and 4")
        }
        let seconds =
            min(
                max(Double(request.input.count) * secondsPerCharacter, durationRange.lowerBound),
                durationRange.upperBound) / speed
        let seed = FNV1a64.hash(voice)
        switch request.responseFormat?.rawValue ?? AudioFormat.wav.rawValue {
        case AudioFormat.wav.rawValue:
            let samples = tone(seconds: seconds, sampleRate: wavSampleRate, seed: seed)
            return wavHeader(sampleRate: wavSampleRate, dataBytes: samples.count) + samples
        case AudioFormat.pcm.rawValue:
            return tone(seconds: seconds, sampleRate: pcmSampleRate, seed: seed)
        default:
            throw UpstreamFailure(.invalidRequest, status: 400, message: "the mock provider produces wav and pcm only")
        }
    }

    /// A sine tone between 220 and 440 Hz chosen by `seed`, with 10 ms fades, as 16-bit
    /// little-endian mono samples.
    static func tone(seconds: Double, sampleRate: Int, seed: UInt64) -> Data {
        let count = Int(seconds * Double(sampleRate))
        let frequency = 220 + Double(seed % 221)
        let fade = Double(sampleRate) / 100
        var data = Data(capacity: count * 2)
        for n in 0..<count {
            let envelope = min(1, Double(n) / fade, Double(count - 1 - n) / fade)
            let value = amplitude * envelope * sin(2 * Double.pi * frequency * Double(n) / Double(sampleRate))
            let sample = UInt16(bitPattern: Int16(value.rounded()))
            data.append(UInt8(truncatingIfNeeded: sample))
            data.append(UInt8(truncatingIfNeeded: sample >> 8))
        }
        return data
    }

    /// The canonical 44-byte RIFF/WAVE header of 16-bit mono PCM.
    static func wavHeader(sampleRate: Int, dataBytes: Int) -> Data {
        var header = Data()
        func ascii(_ text: String) { header.append(contentsOf: Array(text.utf8)) }
        func u32(_ value: Int) {
            header.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
        }
        func u16(_ value: Int) {
            header.append(contentsOf: (0..<2).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
        }
        ascii("RIFF")
        u32(36 + dataBytes)
        ascii("WAVE")
        ascii("fmt ")
        u32(16)
        u16(1)  // PCM
        u16(1)  // mono
        u32(sampleRate)
        u32(sampleRate * 2)  // byte rate
        u16(2)  // block align
        u16(16)  // bits per sample
        ascii("data")
        u32(dataBytes)
        return header
    }

    // MARK: Transcription

    /// `This is a mock transcript of NAME (N bytes).` in the requested format: `json` (default)
    /// and `text` as the text, `srt` and `vtt` as one cue, `verbose_json` with language,
    /// duration and one segment.
    ///
    /// - Throws: `invalid_request` for an empty file or an unknown format.
    static func transcription(_ request: TranscriptionRequest) throws -> TranscriptionResponse {
        guard !request.file.isEmpty else {
            throw UpstreamFailure(.invalidRequest, status: 400, message: "empty audio file")
        }
        let text = "This is a mock transcript of \(request.fileName) (\(request.file.count) bytes)."
        let duration = wavDuration(request.file) ?? defaultTranscriptDuration
        let usage: JSONValue = ["type": "duration", "seconds": .number(duration.rounded(.up))]
        switch request.responseFormat ?? .json {
        case .json:
            return TranscriptionResponse(text: text, usage: usage)
        case .text:
            return TranscriptionResponse(text: text)
        case .srt:
            return TranscriptionResponse(
                text: "1\n\(timestamp(0, separator: ",")) --> \(timestamp(duration, separator: ","))\n\(text)\n\n")
        case .vtt:
            return TranscriptionResponse(
                text:
                    "WEBVTT\n\n\(timestamp(0, separator: ".")) --> \(timestamp(duration, separator: "."))\n\(text)\n\n")
        case .verboseJSON:
            let segment = TranscriptionResponse.Segment(
                id: 0, seek: 0, start: 0, end: duration, text: text, tokens: [], temperature: 0, avgLogprob: 0,
                compressionRatio: 1, noSpeechProb: 0)
            return TranscriptionResponse(
                text: text, task: "transcribe", language: request.language ?? "en", duration: duration,
                segments: [segment], usage: usage)
        case let other:
            throw UpstreamFailure(
                .invalidRequest, status: 400, message: "unsupported response_format '\(other.rawValue)'")
        }
    }

    /// `HH:MM:SS,mmm` (SubRip) or `HH:MM:SS.mmm` (WebVTT).
    static func timestamp(_ seconds: Double, separator: String) -> String {
        let millis = Int((seconds * 1000).rounded())
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis % 1000
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(two(millis / 3_600_000)):\(two(millis / 60_000 % 60)):\(two(millis / 1000 % 60))\(separator)\(msText)"
    }

    /// The duration of a RIFF/WAVE file (from its `fmt ` byte rate and `data` size), or `nil`
    /// when the bytes are not a WAV file.
    static func wavDuration(_ file: Data) -> Double? {
        let bytes = [UInt8](file)
        func u32(_ at: Int) -> Int {
            (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << ($1 * 8) }
        }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8)
        else { return nil }
        var offset = 12
        var byteRate: Int?
        while offset + 8 <= bytes.count {
            let size = u32(offset + 4)
            let id = bytes[offset..<offset + 4]
            if id.elementsEqual("fmt ".utf8), offset + 20 <= bytes.count {
                byteRate = u32(offset + 16)
            } else if id.elementsEqual("data".utf8), let rate = byteRate, rate > 0 {
                return Double(min(size, bytes.count - offset - 8)) / Double(rate)
            }
            offset += 8 + size + size % 2
        }
        return nil
    }
}
