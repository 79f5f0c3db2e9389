import Foundation
import TestSupport
import Testing

/// `frontline search` as a script calls it.
@Suite struct SearchSubcommandTests {
    @Test func controlCharactersInTheContentNeverReachTheOutput() throws {
        let folder = try TemporaryFolder()
        let policies = folder.url.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try "---\ntitle: \"Refunds \\e]0;pwned\\a\\e[2J\"\n---\n# Refunds\n\nRefunds take \u{1B}[31m5 days\u{1B}[0m.\n"
            .write(to: policies.appendingPathComponent("refunds.md"), atomically: true, encoding: .utf8)
        let result = try FrontlineProcess.run(["search", "--content", folder.url.path, "refunds"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("1. Refunds"))
        #expect(result.output.contains("[Refunds]"))
        #expect(!result.output.contains("\u{1B}"))
        #expect(!result.output.contains("\u{07}"))
    }
}
