import Foundation
import Support

/// Where frontline reads content from, and why it could not.
public enum ContentLocationError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case notAFolder(String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "content folder '\(path)' does not exist; pass --content DIR or set FRONTLINE_CONTENT"
        case .notAFolder(let path):
            "'\(path)' is not a folder; pass the folder that holds the Markdown files with --content DIR"
        }
    }
}

/// Reads every Markdown file under a folder into a ``KnowledgeBase``.
///
/// Loading never fails on a bad file: each problem becomes a ``Diagnostic`` and the rest still loads.
public struct ContentLoader: Sendable {
    /// Files larger than this are skipped.
    public static let maximumFileSize = 5 * 1024 * 1024

    /// The content folder.
    public let root: URL
    /// ``root`` as a path: one string, which every loaded article shares.
    private let rootPath: String

    /// The folder as the user wrote it, for messages.
    public let displayPath: String

    /// The kinds of article to load (nil: every kind). Files of other kinds are skipped after their
    /// front matter is read, problems and all.
    public let kinds: Set<ArticleKind>?

    /// When knowledge articles' section text is kept compressed.
    public let textPacking: TextPacking

    /// A loader for the folder `root`, keeping only articles of `kinds` (nil: all), with section
    /// text compressed as `textPacking` says.
    public init(root: URL, kinds: Set<ArticleKind>? = nil, textPacking: TextPacking = .automatic) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path
        self.displayPath = root.relativePath
        self.kinds = kinds
        self.textPacking = textPacking
    }

    /// The content folder chosen by `--content`, else `FRONTLINE_CONTENT`, else `./content`.
    public static func resolveRoot(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> URL
    {
        let path = option ?? environment["FRONTLINE_CONTENT"].flatMap { $0.isEmpty ? nil : $0 } ?? "content"
        return URL(fileURLWithPath: path)
    }

    /// Loads every `.md` / `.markdown` file under ``root`` (hidden files, `README.md` files excluded).
    ///
    /// - Throws: ``ContentLocationError`` when the folder does not exist.
    public func load() throws -> KnowledgeBase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw ContentLocationError.notFound(displayPath)
        }
        guard isDirectory.boolValue else { throw ContentLocationError.notAFolder(displayPath) }

        var diagnostics: [Diagnostic] = []
        let files = markdownFiles(diagnostics: &diagnostics)
        let (packer, sampled) = textPacking.applies(toFolderOf: files.count) ? trainPacker(files) : (nil, [:])
        // The files read to train the packer are not read again.
        let results = Self.eachFile(files.count) { index in
            if let result = sampled[index] { return result }
            var result = loadFile(files[index])
            if let packer, result.article != nil { packer.pack(&result.article!) }
            return result
        }
        packer?.dictionary.releaseCompressors()
        var articles: [Article] = []
        articles.reserveCapacity(results.count)
        for result in results {
            if let article = result.article { articles.append(article) }
            diagnostics += result.diagnostics
        }
        if files.count > 1000 { FreedMemory.release() }
        return KnowledgeBase(root: root, articles: articles, loadDiagnostics: diagnostics)
    }

    /// A packer trained on files spread evenly over `files` (about 2 MB of their section text),
    /// and those files as loaded and packed, by their index in `files`. They are packed before the
    /// rest is loaded, so that the rest reuses the memory their plain text leaves.
    private func trainPacker(_ files: [File]) -> (SectionTextPacker, [Int: (article: Article?, diagnostics: [Diagnostic])]) {
        // About 3 KB of text a file: every step-th file gives the budget.
        let step = max(1, files.count * 3 * 1024 / TextDictionary.sampleBudget)
        let chosen = Array(stride(from: 0, to: files.count, by: step))
        var loaded = Self.eachFile(chosen.count) { loadFile(files[chosen[$0]]) }
        let packer = SectionTextPacker(samples: SectionTextPacker.samples(loaded.compactMap(\.article)))
        for index in loaded.indices where loaded[index].article != nil { packer.pack(&loaded[index].article!) }
        return (packer, Dictionary(uniqueKeysWithValues: zip(chosen, loaded)))
    }

    /// `load(index)` for each of `count` files, in order. Parsing is independent per file, so it is
    /// spread over the cores in small batches, handed out as workers free up: files differ in cost (a
    /// skipped file costs next to nothing), so equal halves would leave one core idle.
    private static func eachFile<Result>(_ count: Int, _ load: @Sendable (Int) -> Result) -> [Result] {
        Parallel.map(count: count, batchesPerWorker: 16, serialBelow: 17, load)
    }

    /// A file found by the walk: its full path and its path relative to the root.
    struct File: Sendable {
        var fullPath: String
        var relativePath: String
    }

    /// Walks the folder without following a symbolic link into a folder already visited.
    ///
    /// Reads each folder with `readdir`, whose entry types spare a `stat` per file; only symbolic
    /// links and entries of unknown type are looked up.
    func markdownFiles(diagnostics: inout [Diagnostic]) -> [File] {
        var files: [File] = []
        var visited: Set<String> = [root.resolvingSymlinksInPath().path]
        var pending: [(String, String)] = [(rootPath, "")]
        while let (folder, relative) = pending.popLast() {
            guard let entries = Self.entries(of: folder) else {
                diagnostics.append(
                    .error(
                        "cannot read folder: \(Self.systemReason(errno)); check its permissions", path: relative.isEmpty ? "." : relative))
                continue
            }
            for (name, type) in entries.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
                let fullPath = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                let path = relative.isEmpty ? name : relative + "/" + name
                var isFolder = type == DT_DIR
                if type != DT_DIR && type != DT_REG {
                    // A link or an entry the file system does not type: ask where it leads.
                    var status = stat()
                    guard stat(fullPath, &status) == 0 else {
                        var linkStatus = stat()
                        if lstat(fullPath, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK {
                            diagnostics.append(.warning("symbolic link points nowhere; it is skipped", path: path))
                        }
                        continue
                    }
                    isFolder = status.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder {
                    let real = URL(fileURLWithPath: fullPath).resolvingSymlinksInPath().path
                    if visited.insert(real).inserted {
                        pending.append((fullPath, path))
                    } else {
                        diagnostics.append(
                            .warning("folder was already read through another link (a symbolic-link loop?); it is skipped", path: path))
                    }
                } else {
                    let lower = name.lowercased()
                    guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { continue }
                    guard lower != "readme.md" else { continue }
                    files.append(File(fullPath: fullPath, relativePath: path))
                }
            }
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    /// The names and `readdir` types of the entries of `folder` (without `.` and `..`), or nil
    /// when it cannot be read (`errno` says why).
    private static func entries(of folder: String) -> [(name: String, type: Int)]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var entries: [(name: String, type: Int)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            entries.append((name, Int(entry.pointee.d_type)))
        }
        return entries
    }

    private func loadFile(_ file: File) -> (article: Article?, diagnostics: [Diagnostic]) {
        let path = file.relativePath
        let data: Data
        switch Self.readRegularFile(file.fullPath) {
        case .success(let contents): data = contents
        case .failure(.notRegular): return (nil, [.error("not a regular file (a pipe or device?); it is skipped", path: path)])
        case .failure(.tooLarge(let size)):
            return (nil, [.error("file is larger than 5 MB (\(size / 1_048_576) MB); split it into smaller articles", path: path)])
        case .failure(.unreadable(let reason)): return (nil, [.error("cannot read file: \(reason); check its permissions", path: path)])
        }
        if data.isEmpty {
            return (nil, [.warning("file is empty; write an article or delete it", path: path)])
        }
        if Self.contains(0, in: data, within: 8192) {
            return (nil, [.error("file looks binary (it holds NUL bytes), not Markdown; it is skipped", path: path)])
        }
        var diagnostics: [Diagnostic] = []
        let text: String
        if let decoded = String(data: data, encoding: .utf8) {
            text = decoded
        } else {
            text = String(decoding: data, as: UTF8.self)
            let line = Self.firstInvalidUTF8Line(data)
            diagnostics.append(
                .error("file is not valid UTF-8; invalid bytes were replaced with '\u{FFFD}'; save it as UTF-8", path: path, line: line))
        }
        let normalized = Self.normalizingLineEnds(text, data)
        let parsed = ArticleParser.parse(normalized, path: path, keeping: kinds, fullPath: file.fullPath, folder: rootPath)
        if parsed.article == nil { return (nil, []) }
        return (parsed.article, diagnostics + parsed.diagnostics)
    }

    /// The 1-based line of the first byte sequence that is not valid UTF-8.
    static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        let bytes = [UInt8](data)
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return line
            }
            if position + length > bytes.count { return line }
            if length > 1 {
                for offset in 1..<length where bytes[position + offset] & 0xC0 != 0x80 { return line }
                let scalarBytes = Array(bytes[position..<(position + length)])
                if String(validating: scalarBytes, as: UTF8.self) == nil { return line }
            }
            if byte == 0x0A { line += 1 }
            position += length
        }
        return line
    }

    /// Whether `byte` occurs in the first `limit` bytes of `data`.
    /// `text` (decoded from `data`) with Windows and old Mac line ends made `\n`.
    private static func normalizingLineEnds(_ text: String, _ data: Data) -> String {
        contains(13, in: data) ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
    }

    /// The text of the Markdown file at `fullPath` as loading reads it (invalid UTF-8 replaced, line
    /// ends made `\n`), or nil when it cannot be read now.
    static func readMarkdown(_ fullPath: String) -> String? {
        guard case .success(let data) = readRegularFile(fullPath) else { return nil }
        return normalizingLineEnds(String(decoding: data, as: UTF8.self), data)
    }

    private static func contains(_ byte: UInt8, in data: Data, within limit: Int = .max) -> Bool {
        data.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, Int32(byte), min(raw.count, limit)) != nil } ?? false }
    }

    /// Why a file could not be read.
    enum ReadFailure: Error {
        case notRegular
        case tooLarge(Int)
        case unreadable(String)
    }

    /// The bytes of the file at `path`, read with one open, stat and read: checking the type first
    /// (a named pipe or a device could block forever) and the size (more than 5 MB is refused).
    static func readRegularFile(_ path: String) -> Result<Data, ReadFailure> {
        // Non-blocking, so that opening a named pipe with no writer returns at once.
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
        let descriptor = open(path, flags)
        guard descriptor >= 0 else { return .failure(.unreadable(systemReason(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable(systemReason(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        let size = Int(status.st_size)
        guard size <= maximumFileSize else { return .failure(.tooLarge(size)) }
        var data = Data(count: size)
        var total = 0
        let failure: ReadFailure? = data.withUnsafeMutableBytes { buffer -> ReadFailure? in
            guard let base = buffer.baseAddress else { return nil }
            while total < size {
                let count = read(descriptor, base + total, size - total)
                if count < 0, errno == EINTR { continue }
                if count < 0 { return .unreadable(systemReason(errno)) }
                if count == 0 { break }  // the file shrank while being read
                total += count
            }
            return nil
        }
        if let failure { return .failure(failure) }
        if total < size { data.removeSubrange(total..<size) }
        return .success(data)
    }

    /// The C library's words for an `errno` code, in lower case ("permission denied").
    private static func systemReason(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}
