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

    static func hits(_ output: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
    }

    @Test func jsonGivesTheLexicalAndSemanticScoresOfEachHit() throws {
        let home = try TemporaryFolder()
        let environment = FrontlineProcess.environment(home: home.url)
        let result = try FrontlineProcess.run(
            ["search", "--content", FrontlineProcess.contentPath, "--json", "forgot password"], environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        let hits = try Self.hits(result.output)
        #expect(hits.first?["id"] as? String == "how-to-reset-account-pin")
        #expect(hits.first?["semantic_score"] is Double)
        #expect(hits.contains { $0["lexical_score"] is Double })

        let lexical = try FrontlineProcess.run(
            ["search", "--content", FrontlineProcess.contentPath, "--json", "--lexical", "forgot password"], environment: environment)
        let lexicalHits = try Self.hits(lexical.output)
        #expect(lexicalHits.allSatisfy { $0["semantic_score"] is NSNull && $0["lexical_score"] is Double })
        #expect(lexicalHits.first?["id"] as? String != "how-to-reset-account-pin")
    }

    @Test func withoutTheModelSearchIsLexicalAndSaysSo() throws {
        let home = try TemporaryFolder()
        let result = try FrontlineProcess.run(
            ["search", "--content", FrontlineProcess.contentPath, "--model", "/nonexistent/model", "refund"],
            environment: FrontlineProcess.environment(home: home.url))
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("1. "))
        #expect(result.errors.contains("note: searching by words alone: no embedding model in '/nonexistent/model': run scripts/setup"))
    }

    @Test func theReplListsWhatSearchJsonRanks() throws {
        let home = try TemporaryFolder()
        let environment = FrontlineProcess.environment(home: home.url)
        let query = "the technician never showed up"
        let json = try FrontlineProcess.run(
            ["search", "--content", FrontlineProcess.contentPath, "--json", query], environment: environment)
        let ids = try Self.hits(json.output).compactMap { $0["id"] as? String }
        let repl = try FrontlineProcess.run(["--content", FrontlineProcess.contentPath], input: query + "\n", environment: environment)
        // Lines wrap at any space: compare with every run of spaces made one.
        let listed = repl.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let places = ids.map { listed.range(of: "· \($0) ")?.lowerBound }
        #expect(ids.count == 10)
        #expect(places.allSatisfy { $0 != nil }, "\(listed)")
        #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted())
    }

    @Test func indexBuildsTheVectorsAheadAndThenReadsThemFromTheCache() throws {
        let folder = try TemporaryFolder()
        let policies = folder.url.appendingPathComponent("content/policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try "---\nid: refunds\ntitle: Refunds\n---\n# Refunds\n\nRefunds take 5 days.\n\n## Store credit\n\nOnly when asked.\n"
            .write(to: policies.appendingPathComponent("refunds.md"), atomically: true, encoding: .utf8)
        let environment = FrontlineProcess.environment(
            home: folder.url, extra: ["XDG_CACHE_HOME": folder.url.appendingPathComponent("cache").path])
        let content = folder.url.appendingPathComponent("content").path
        let first = try FrontlineProcess.run(["index", "--content", content], environment: environment)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.hasPrefix("1 articles, 2 passages: 2 read by the model, 0 from the cache"))
        let second = try FrontlineProcess.run(["index", "--content", content], environment: environment)
        #expect(second.output.hasPrefix("1 articles, 2 passages: 0 read by the model, 2 from the cache"))
    }

    /// A content folder of 41 articles of 50 short sections: one passage each, 2,050 in all, over
    /// the 2,000 a search has the model read on the way.
    static func largeUnreadFolder(in folder: TemporaryFolder) throws -> (content: String, environment: [String: String]) {
        let policies = folder.url.appendingPathComponent("content/policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        for article in 0..<41 {
            var text = "---\nid: policy-\(article)\ntitle: Policy \(article)\n---\n# Policy \(article)\n"
            for section in 0..<49 { text += "\n## Rule \(section)\n\nRefunds rule \(section) of policy \(article).\n" }
            try text.write(to: policies.appendingPathComponent("policy-\(article).md"), atomically: true, encoding: .utf8)
        }
        let environment = FrontlineProcess.environment(
            home: folder.url, extra: ["XDG_CACHE_HOME": folder.url.appendingPathComponent("cache").path])
        return (folder.url.appendingPathComponent("content").path, environment)
    }

    @Test func aLargeUnreadKnowledgeBaseIsSearchedByWordsUntilIndexed() throws {
        let folder = try TemporaryFolder()
        let (content, environment) = try Self.largeUnreadFolder(in: folder)
        let result = try FrontlineProcess.run(["search", "--content", content, "--json", "refunds"], environment: environment)
        #expect(result.status == 0)
        #expect(result.errors.contains("note: searching by words alone: 2050 passages are not read for meaning yet"))
        #expect(result.errors.contains("run `frontline index` once"))
        #expect(try Self.hits(result.output).allSatisfy { $0["semantic_score"] is NSNull })
    }

    @Test func theReplTooSearchesALargeUnreadKnowledgeBaseByWordsAndSaysWhy() throws {
        let folder = try TemporaryFolder()
        let (content, environment) = try Self.largeUnreadFolder(in: folder)
        let result = try FrontlineProcess.run(["--content", content], input: "refunds\nrefunds rule\n", environment: environment)
        #expect(result.status == 0)
        #expect(result.output.components(separatedBy: "2050 passages are not read for meaning yet").count == 2)
        #expect(result.output.contains(" results. Type a number"))
    }
}
