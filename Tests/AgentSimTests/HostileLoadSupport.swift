import Foundation
import Synchronization

/// What the hostile load tests check after every run: no temporary file left, device nodes and inputs untouched.
enum Aftermath {
    /// The temporary files (`.NAME.tmp-…`) in `directory`.
    static func temporaries(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.contains(".tmp-") }
    }

    /// The file type bits of `path` (`S_IFCHR`, `S_IFIFO`, `S_IFREG`), without following a last symbolic link.
    static func kind(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    /// A private character device equal to /dev/null (1, 3) in `directory`, made with mknod (root only; nil
    /// otherwise): the tests write to it instead of the machine's /dev/null, which a rename would replace.
    static func nullDevice(in directory: URL) -> String? {
        let path = directory.appendingPathComponent("null").path
        guard mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 else { return nil }
        return path
    }

    /// A FIFO in `directory`.
    static func fifo(in directory: URL, _ name: String = "fifo") -> String {
        let path = directory.appendingPathComponent(name).path
        mkfifo(path, 0o644)
        return path
    }
}

/// A collector that misbehaves on purpose, in Python's standard library (no venv): started on a free port of
/// 127.0.0.1 for one test, stopped with it.
///
/// - `POST /trickle`, `GET /trickle`: a 200 whose 100-byte body comes one byte every 2 s.
/// - `POST /big`: a 200 with a 5 MB body; `GET /posts` says how many POSTs to /big it took.
/// - `GET /many?n=N`: `{"model_usage": [...]}` with N entries (`llm_usage p m<k>`, one field each).
final class HostileCollector: Sendable {
    let port: Int
    private let process: Process

    var base: String { "http://127.0.0.1:\(port)" }

    static let script = #"""
        import http.server, json, sys, time, threading
        posts = 0
        lock = threading.Lock()
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def trickle(self):
                self.send_response(200)
                self.send_header("Content-Length", "100")
                self.end_headers()
                try:
                    for _ in range(100):
                        self.wfile.write(b"x"); self.wfile.flush(); time.sleep(2)
                except Exception:
                    pass
            def body(self, data, code=200):
                self.send_response(code)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def do_POST(self):
                global posts
                n = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(n)
                if self.path == "/trickle": return self.trickle()
                if self.path == "/big":
                    with lock: posts += 1
                    return self.body(b"{" + b" " * (5 << 20) + b"}")
                self.body(b"{}")
            def do_GET(self):
                if self.path == "/trickle": return self.trickle()
                if self.path == "/posts": return self.body(str(posts).encode())
                if self.path.startswith("/many"):
                    n = int(self.path.split("n=")[1])
                    entries = [{"type": "llm_usage", "provider": "p", "model": "m%d" % k, "input_tokens": k}
                               for k in range(n)]
                    return self.body(json.dumps({"model_usage": entries}).encode())
                self.body(b"{}", 404)
        s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        s.daemon_threads = True
        print("listening on %d" % s.server_address[1], flush=True)
        s.serve_forever()
        """#

    init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let line = Mutex<String?>(nil)
        let ready = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var bytes: [UInt8] = []
            let handle = out.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
                if bytes.contains(UInt8(ascii: "\n")) { break }
            }
            line.withLock { $0 = String(decoding: bytes, as: UTF8.self) }
            ready.signal()
        }
        _ = ready.wait(timeout: .now() + 30)
        let text = line.withLock { $0 } ?? ""
        guard let port = Int(text.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        else {
            process.terminate()
            throw ReferenceCollector.ServerError(message: "the hostile collector did not say its port: '\(text)'")
        }
        self.port = port
    }

    deinit {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The body of `GET path`.
    func get(_ path: String) throws -> String {
        let script = "import sys,urllib.request as u; print(u.urlopen(sys.argv[1]).read().decode())"
        return try TestSupport.run("/usr/bin/env", ["python3", "-c", script, base + path]).stdout
    }
}
