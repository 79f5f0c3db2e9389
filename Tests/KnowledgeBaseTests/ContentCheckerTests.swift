import Foundation
import TestSupport
import Testing

@testable import KnowledgeBase

@Suite struct ContentCheckerTests {
    @Test func brokenFixtureGivesOneDiagnosticPerProblem() throws {
        let knowledgeBase = try ContentLoader(root: FixtureFolder.url("broken")).load()
        let diagnostics = ContentChecker().diagnostics(for: knowledgeBase)
        let located = diagnostics.map { "\($0.path):\($0.line.map(String.init) ?? "-"):\($0.severity.rawValue)" }
        #expect(
            located == [
                "binary.md:-:error",
                "policies/alias.md:3:error",
                "policies/bad-yaml.md:3:error",  // where the unclosed list opens
                "policies/broken-link.md:6:error",
                "policies/broken-link.md:6:error",
                "policies/dup-b.md:2:error",
                "policies/empty.md:-:warning",
                "policies/latin1.md:4:error",
                "policies/never-closes.md:1:error",
                "policies/not-mapping.md:2:error",
                "policies/wrong-type.md:3:error",
                "policies/wrong-type.md:5:error",
                "policies/wrong-type.md:6:error",
            ])
        #expect(diagnostics.contains { $0.message.contains("duplicate id 'same-id' (also used by policies/dup-a.md)") })
        #expect(diagnostics.contains { $0.message == "link to unknown article id 'dup-aa'" })
        #expect(diagnostics.contains { $0.message == "link to missing file '../missing.md'" })
        #expect(diagnostics.contains { $0.message.contains("anchor or alias '&a'") })
        #expect(diagnostics.contains { $0.message.contains("field 'reviewed' should be a date like 2026-10-02, found 'soon'") })
    }

    @Test func oneFrontMatterMistakeIsOneErrorOnItsLineAndItsDependantsOneNote() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("policies"), withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(to: root.appendingPathComponent("policies/\(name)"), atomically: true, encoding: .utf8)
        }
        try write(
            "price-match.md",
            "---\ntitle: Price match\ntags: [pricing, shop, refunds\nowner: x\n---\n# Price match\n\nText.\n")
        try write("kept-id.md", "---\nid: kept\ntags: [pricing\n---\n# Kept\n\nText.\n")
        try write("links-kept.md", "---\nid: links-kept\n---\n# Links\n\nSee [kept](kb:kept).\n")
        try write(
            "refunds.md",
            "---\nid: refunds\ntitle: Refunds\n---\n# Refunds\n\nSee [price match](kb:price-match).\n\nAnd [again](kb:price-match).\n")
        try write("indented.md", "---\nid: indented\ntitle: Indented\n  owner: x\n---\n# Indented\n\nText.\n")
        try write("colon.md", "---\nid: colon\ntitle: Refunds: the rules\n---\n# Colon\n\nText.\n")
        let diagnostics = ContentChecker().diagnostics(for: try ContentLoader(root: root).load())
        let located = diagnostics.map { "\($0.path):\($0.line ?? 0):\($0.severity.rawValue): \($0.message)" }
        // The unclosed list is reported where it opens, not on the next line.
        #expect(
            located.contains(
                "policies/price-match.md:3:error: front matter is not valid YAML: the list opened here has no closing ']'; close it on this line"
            ))
        // The two links to it are one note on the file that failed, not two "unknown article" errors.
        #expect(!located.contains { $0.contains("unknown article") })
        #expect(
            located.contains { $0.hasPrefix("policies/price-match.md:1:warning: 2 references to this article elsewhere were not checked") })
        #expect(located.contains { $0.contains("policies/refunds.md:7, policies/refunds.md:9") })
        // A file whose YAML fails still has its plain `id:` line: links to it resolve.
        #expect(try ContentLoader(root: root).load().article(id: "kept")?.path == "policies/kept-id.md")
        #expect(!located.contains { $0.hasPrefix("policies/links-kept.md") })
        // Indentation gets indentation advice; a colon in a value gets the advice to quote it.
        #expect(
            located.contains { $0.hasPrefix("policies/indented.md:4:error: front matter is not valid YAML: 'owner:' is indented 2 spaces") }
        )
        #expect(located.contains { $0.hasPrefix("policies/colon.md:3:error:") && $0.hasSuffix("must be put in quotes") })
    }

    @Test func goodFixtureHasNoDiagnostics() throws {
        let knowledgeBase = try ContentLoader(root: FixtureFolder.url("good")).load()
        #expect(ContentChecker().diagnostics(for: knowledgeBase).isEmpty)
        #expect(knowledgeBase.articles.map(\.id) == ["refunds", "widget"])
    }

    @Test func foreignHelpCentreExportLoadsWithoutErrors() throws {
        let knowledgeBase = try ContentLoader(root: FixtureFolder.url("foreign")).load()
        let diagnostics = ContentChecker().diagnostics(for: knowledgeBase)
        #expect(!diagnostics.hasErrors)
        let bill = try #require(knowledgeBase.article(id: "help-centre/billing-and-payments/how-do-i-pay-my-bill"))
        #expect(bill.title == "How do I pay my bill?")
        #expect(bill.kind == .article)
        #expect(bill.sections.map(\.heading) == ["How do I pay my bill?", "Paying online"])
        #expect(bill.sections[0].text.contains("You can pay  online  or by phone."))
        let order = try #require(knowledgeBase.article(id: "help-centre/orders/where-is-my-order"))
        #expect(order.title == "Where is my order")
        #expect(order.frontMatter["locale"]?.value == .scalar("en-us"))
    }

    @Test func missingFolderThrowsLocationError() {
        #expect(throws: ContentLocationError.self) {
            try ContentLoader(root: FixtureFolder.url("no-such-folder")).load()
        }
    }

    @Test func staleArticleIsReportedWithDaysOverdue() throws {
        let knowledgeBase = try ContentLoader(root: FixtureFolder.url("good")).load()
        let today = try #require(ContentDate(year: 2026, month: 5, day: 12))
        let stale = knowledgeBase.staleArticles(on: today)
        // refunds: reviewed 2026-02-01, every 90 days → due 2026-05-02, 10 days overdue on 2026-05-12.
        #expect(stale.map(\.article.id) == ["refunds"])
        #expect(stale.first?.daysOverdue == 10)
    }
}
