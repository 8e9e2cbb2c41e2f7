#!/usr/bin/env bash
# Builds the libFuzzer targets into .build/fuzz/: fuzz-json (Sources/AgentSimJSON), fuzz-audio (the WAV
# and Ogg Opus readers of Sources/AgentSimAudio), fuzz-scenario (ScenarioLoader with its modules) and fuzz-merge
# (the report reader of `agentsim merge`: Sources/AgentSimLoad without its network and process sinks, with
# swift-numerics and hdrhistogram-swift).
# Each module is compiled with swiftc -sanitize=fuzzer,address (libyaml with clang's equivalent), so the
# fuzzer sees coverage of our code and of libyaml; libopus, libopusfile and libogg are Debian's.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build/fuzz
mkdir -p "$OUT/modules" "$OUT/objects"
SAN=(-sanitize=fuzzer,address)
SWIFTC=(swiftc -swift-version 6 -O -g -parse-as-library "${SAN[@]}")
C_MODULES=(-I Sources/COpus -I Sources/COpusFile -I Sources/COgg $(pkg-config --cflags-only-I opusfile | sed 's/-I/-Xcc -I/g'))
LIBS=($(pkg-config --libs opusfile opus ogg))
YAMS=.build/checkouts/Yams/Sources
[ -d "$YAMS/Yams" ] || { echo "Fuzz/build.sh: run swift build first (needs .build/checkouts/Yams)"; exit 1; }

# One module: name, then its sources; emits OUT/modules/NAME.swiftmodule and OUT/objects/NAME.o.
module() {
  local name=$1; shift
  "${SWIFTC[@]}" -wmo -module-name "$name" -I "$OUT/modules" "${C_MODULES[@]}" -I "$YAMS/CYaml/include" \
    -Xcc -DYAML_DECLARE_STATIC -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
    -c "$@" -o "$OUT/objects/$name.o"
}

# JSON parser and audio readers: the module's sources and the target in one module (internal access).
"${SWIFTC[@]}" -use-ld=lld -module-name AgentSimJSON Sources/AgentSimJSON/*.swift Fuzz/JSONParserFuzz.swift -o "$OUT/fuzz-json"
"${SWIFTC[@]}" -use-ld=lld -module-name AgentSimAudio "${C_MODULES[@]}" Sources/AgentSimAudio/*.swift Fuzz/AudioReaderFuzz.swift \
  "${LIBS[@]}" -o "$OUT/fuzz-audio"

# Scenario loader: libyaml, Yams, then our modules in dependency order.
for c in "$YAMS"/CYaml/src/*.c; do
  clang -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$YAMS/CYaml/include" -c "$c" \
    -o "$OUT/objects/cyaml-$(basename "$c" .c).o"
done
module Yams -DSWIFT_PACKAGE "$YAMS"/Yams/*.swift
module AgentSimJSON Sources/AgentSimJSON/*.swift
module LiveKitMetrics Sources/LiveKitMetrics/*.swift
module AgentSimAudio Sources/AgentSimAudio/*.swift
module AgentSimCore $(find Sources/AgentSimCore -name '*.swift')
"${SWIFTC[@]}" -use-ld=lld -I "$OUT/modules" "${C_MODULES[@]}" -I "$YAMS/CYaml/include" Fuzz/ScenarioLoaderFuzz.swift \
  "$OUT"/objects/*.o "${LIBS[@]}" -o "$OUT/fuzz-scenario"

# Merge's report reader: the load module's report, totals and plan files (every file but the HTTP and exec sinks,
# the HTTP exchange and the runner, which need async-http-client, swift-subprocess and swift-collections).
NUMERICS=.build/checkouts/swift-numerics/Sources
HDR=.build/checkouts/hdrhistogram-swift/Sources/Histogram
mkdir -p "$OUT/objects-load"
load_module() {
  local name=$1; shift
  "${SWIFTC[@]}" -wmo -module-name "$name" -I "$OUT/modules" "${C_MODULES[@]}" -I "$YAMS/CYaml/include" \
    -I "$NUMERICS/_NumericsShims/include" -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
    -c "$@" -o "$OUT/objects-load/$name.o"
}
load_module RealModule "$NUMERICS"/RealModule/*.swift
load_module ComplexModule "$NUMERICS"/ComplexModule/*.swift
load_module Numerics "$NUMERICS"/Numerics/*.swift
load_module Histogram "$HDR"/*.swift
load_module AgentSimLoad $(ls Sources/AgentSimLoad/*.swift \
  | grep -v -E '/(HTTPSink|HTTPExchange|Verification\+Fetch|ExecSink|LoadRunner)\.swift$')
"${SWIFTC[@]}" -use-ld=lld -I "$OUT/modules" "${C_MODULES[@]}" -I "$YAMS/CYaml/include" \
  -I "$NUMERICS/_NumericsShims/include" Fuzz/MergeReportFuzz.swift "$OUT"/objects/*.o "$OUT"/objects-load/*.o \
  "${LIBS[@]}" -o "$OUT/fuzz-merge"
echo "built $OUT/fuzz-json $OUT/fuzz-audio $OUT/fuzz-scenario $OUT/fuzz-merge"
