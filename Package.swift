// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "agentsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agentsim", targets: ["agentsim"]),
        .library(name: "AgentSimCore", targets: ["AgentSimCore"]),
        .library(name: "AgentSimTesting", targets: ["AgentSimTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // TLS for `agentsim serve --tls`: a self-signed certificate made at start, served through NIOSSL.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // C libraries from Debian (apt: libopus-dev libopusfile-dev libogg-dev), reached through pkg-config.
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "COpusFile", pkgConfig: "opusfile", providers: [.apt(["libopusfile-dev"])]),
        .systemLibrary(name: "COgg", pkgConfig: "ogg", providers: [.apt(["libogg-dev"])]),

        // Ordered JSON values: byte-stable output for payloads and metrics.
        .target(name: "AgentSimJSON"),
        // LiveKit's metrics events and Swift ports of its usage collectors.
        .target(name: "LiveKitMetrics", dependencies: ["AgentSimJSON"]),
        // Speech-like synthesis, libopus encoding, Ogg Opus and WAV files.
        .target(name: "AgentSimAudio", dependencies: ["COpus", "COpusFile", "COgg"]),
        // Scenarios, the session engine, the provider plugin protocol, ground truth.
        .target(
            name: "AgentSimCore",
            dependencies: ["AgentSimJSON", "LiveKitMetrics", "AgentSimAudio", .product(name: "Yams", package: "Yams")]
        ),

        // Provider plugins: one target each, depending on the core only.
        .target(name: "OpenAIRealtime", dependencies: ["AgentSimCore"], path: "Plugins/OpenAIRealtime"),
        .target(name: "GeminiLive", dependencies: ["AgentSimCore"], path: "Plugins/GeminiLive"),
        // Pipeline services (STT, LLM, TTS), one target each.
        // What OpenAI's two text APIs share: the model table's form, the options reader, the prompt and caching rules.
        .target(name: "OpenAIText", dependencies: ["AgentSimCore"], path: "Plugins/OpenAIText"),
        .target(name: "OpenAIChat", dependencies: ["AgentSimCore", "OpenAIText"], path: "Plugins/OpenAIChat"),
        .target(name: "Anthropic", dependencies: ["AgentSimCore"], path: "Plugins/Anthropic"),
        .target(name: "Gemini", dependencies: ["AgentSimCore"], path: "Plugins/Gemini"),
        .target(name: "Deepgram", dependencies: ["AgentSimCore"], path: "Plugins/Deepgram"),
        .target(name: "ElevenLabs", dependencies: ["AgentSimCore"], path: "Plugins/ElevenLabs"),
        .target(name: "Cartesia", dependencies: ["AgentSimCore"], path: "Plugins/Cartesia"),
        .target(name: "OpenAITTS", dependencies: ["AgentSimCore"], path: "Plugins/OpenAITTS"),
        .target(name: "OpenAILive", dependencies: ["AgentSimCore"], path: "Plugins/OpenAILive"),
        .target(
            name: "OpenAIResponses", dependencies: ["AgentSimCore", "OpenAIText"], path: "Plugins/OpenAIResponses"),
        .target(name: "OpenAISTT", dependencies: ["AgentSimCore"], path: "Plugins/OpenAISTT"),
        // The worked example of docs/PLUGINS.md, run through the conformance suite by the tests (not shipped).
        .target(name: "ExampleFlatRate", dependencies: ["AgentSimCore"], path: "Plugins/ExampleFlatRate"),

        // Load runs: session plans, sinks (jsonl, HTTP, exec), faults, the oracle and run reports.
        .target(
            name: "AgentSimLoad",
            dependencies: [
                "AgentSimCore", "AgentSimJSON", "LiveKitMetrics",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),

        // Builders of every role's inputs and the conformance suite each plugin runs, for a plugin's own tests
        // (swift-log's InMemoryLogging and swift-metrics' MetricsTestKit are the models).
        .target(name: "AgentSimTesting", dependencies: ["AgentSimCore", "LiveKitMetrics"]),

        // `agentsim inspect`: a recorded session's totals, the quirks its events show, a scenario that reproduces it.
        .target(name: "AgentSimInspect", dependencies: ["AgentSimJSON", "LiveKitMetrics"]),

        // `agentsim views`: one session through each usage normaliser (LiveKit, OTel GenAI, Langfuse, Pipecat, Letta).
        .target(name: "AgentSimViews", dependencies: ["AgentSimCore", "AgentSimJSON", "LiveKitMetrics"]),

        // `agentsim serve`: providers' realtime wire protocols over HTTP and websockets, fed through the plugins.
        .target(
            name: "AgentSimServe",
            dependencies: [
                "AgentSimCore", "AgentSimAudio", "AgentSimJSON", "LiveKitMetrics", "OpenAIRealtime", "AgentSimLoad",
                "GeminiLive", "OpenAILive",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),

        // The command line: commands live in a library so tests can reach them; `agentsim` is its entry point.
        .target(
            name: "AgentSimCLI",
            dependencies: [
                "AgentSimCore", "OpenAIRealtime", "GeminiLive", "OpenAILive", "AgentSimLoad", "AgentSimViews",
                "AgentSimInspect", "AgentSimServe", "OpenAIChat", "Anthropic", "Gemini", "Deepgram", "ElevenLabs",
                "OpenAIResponses", "Cartesia", "OpenAITTS", "OpenAISTT",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "agentsim", dependencies: ["AgentSimCLI"],
            // Release builds link the Swift runtime and Foundation in, pack relative relocations (DT_RELR, lld) and
            // export no symbols: fewer pages touched at start-up (bench/audio.sh's peak memory).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-Xlinker", "--no-export-dynamic",
                    ], .when(configuration: .release))
            ]
        ),
        // bench/audio.sh: the PCM agentsim synthesises, as a WAV file for opusenc.
        .executableTarget(name: "speech-pcm", dependencies: ["AgentSimAudio"], path: "bench/speech-pcm"),
        // bench/check-throughput.sh: parse, decode and collect of a metrics events file, each phase timed.
        .executableTarget(
            name: "collect-events", dependencies: ["AgentSimJSON", "LiveKitMetrics"], path: "bench/collect-events"),

        .testTarget(name: "AgentSimAudioTests", dependencies: ["AgentSimAudio", "COpus"]),
        .testTarget(name: "LiveKitMetricsTests", dependencies: ["LiveKitMetrics"]),
        .testTarget(name: "AgentSimJSONTests", dependencies: ["AgentSimJSON"]),
        .testTarget(
            name: "AgentSimTests",
            dependencies: [
                "AgentSimCore", "OpenAIRealtime", "GeminiLive", "OpenAILive", "AgentSimCLI", "AgentSimLoad",
                "AgentSimViews", "AgentSimInspect", "agentsim",
            ]
        ),
        .testTarget(
            name: "AgentSimServeTests",
            dependencies: ["AgentSimServe", "AgentSimCore", "AgentSimJSON", "AgentSimAudio", "AgentSimCLI", "agentsim"]
        ),
        .testTarget(name: "GeminiLiveTests", dependencies: ["AgentSimCore", "GeminiLive"]),
        // Every plugin through its role's conformance suite (AgentSimTesting).
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["AgentSimTesting", "AgentSimCore", "AgentSimCLI", "ExampleFlatRate", "AgentSimJSON"]
        ),
        // Realtime plugins handed inputs built by hand, without the engine or Opus.
        .testTarget(
            name: "RealtimePluginTests",
            dependencies: [
                "AgentSimTesting", "AgentSimCore", "AgentSimJSON", "OpenAIRealtime", "GeminiLive", "OpenAILive",
            ]
        ),
        // Pipeline plugins handed events directly, without the engine or Opus.
        .testTarget(
            name: "PipelinePluginTests",
            dependencies: [
                "AgentSimCore", "AgentSimAudio", "LiveKitMetrics", "AgentSimJSON", "OpenAIChat", "Anthropic", "Gemini",
                "Deepgram", "ElevenLabs", "OpenAIResponses", "Cartesia", "OpenAITTS", "OpenAISTT",
            ]
        ),
    ]
)

// Swift 6 language mode everywhere; settings go on regular, test and executable targets only
// (a system-library target rejects them).
for target in package.targets where [.regular, .test, .executable].contains(target.type) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
