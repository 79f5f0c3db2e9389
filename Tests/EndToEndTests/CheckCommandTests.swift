import Foundation
import Testing

/// Runs the built `frontline check` as a user would and checks its output and exit status.
@Suite struct CheckCommandTests {
    static let repository = FrontlineProcess.repository

    /// Runs the built binary with `arguments` and nothing on standard input.
    static func runFrontline(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        try FrontlineProcess.run(arguments)
    }

    static let brokenFixture = repository.appendingPathComponent("Tests/KnowledgeBaseTests/Fixtures/broken").path

    @Test func shippedContentChecksClean() throws {
        let result = try Self.runFrontline(["check", "--content", "content"])
        #expect(result.status == 0)
        #expect(result.output.contains(": 0 errors, 0 warnings"))
    }

    @Test func brokenContentExitsOneWithCompilerStyleDiagnostics() throws {
        let result = try Self.runFrontline(["check", "--content", Self.brokenFixture])
        #expect(result.status == 1)
        #expect(result.output.contains("policies/dup-b.md:2:1: error: duplicate id 'same-id' (also used by policies/dup-a.md)"))
        #expect(result.output.contains("12 errors, 1 warning"))
    }

    @Test func missingFolderExitsTwo() throws {
        let result = try Self.runFrontline(["check", "--content", "no/such/folder"])
        #expect(result.status == 2)
        #expect(result.errors.contains("error: content folder 'no/such/folder' does not exist"))
    }

    @Test func unknownOptionIsAUsageErrorWithStatusTwo() throws {
        let result = try Self.runFrontline(["check", "--bogus"])
        #expect(result.status == 2)
        #expect(result.errors.contains("--bogus"))
    }

    @Test func jsonReportParsesWithCounts() throws {
        let result = try Self.runFrontline(["check", "--content", Self.brokenFixture, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 12)
        #expect((object["diagnostics"] as? [[String: Any]])?.count == 13)
    }

    @Test func searchOnBrokenContentWarnsOnStandardErrorAndStillAnswers() throws {
        let result = try Self.runFrontline(["search", "--content", Self.brokenFixture, "--json", "first"])
        #expect(result.status == 0)
        #expect(result.errors.contains("warning: binary.md: error: file looks binary"))
        #expect(result.errors.contains("more problems in the content; `frontline check` lists them all"))
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(hits.first?["path"] as? String == "policies/dup-a.md")
    }
}
