import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Terminal

@Suite struct ReplSessionTests {
    static func session(root: URL = FixtureFolder.url("Content"), columns: Int = 80) throws -> ReplSession {
        let knowledgeBase = try ContentLoader(root: root).load()
        let output = TerminalOutput(capturingWithTheme: .plain, columns: columns)
        return ReplSession(
            options: ReplOptions(contentRoot: root, historyURL: nil, environment: [:]), knowledgeBase: knowledgeBase, output: output)
    }

    @Test func openByIdShowsTheHeaderAndTheRenderedArticle() throws {
        let session = try Self.session(columns: 120)
        #expect(session.handle("open refunds") == .proceed)
        let lines = session.output.captured.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "policy · refunds · policies/refunds.md · reviewed 2026-10-06 · Customer Care policy team")
        #expect(lines[1] == "")
        #expect(lines[2] == "Refunds")
        #expect(lines[3] == "=======")
        #expect(lines[4] == "")
        #expect(session.output.captured.contains("Refunds go back to the original payment method within 5 business days."))
        #expect(session.output.captured.contains("An agent may approve up to $50. See Fibre 100."))
    }

    @Test func openShowsTheFileAsItIsNowAndSaysItChanged() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-open-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("policies/refunds.md")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("---\nid: refunds\n---\n# Refunds\n\nWithin 30 days.\n".utf8).write(to: file)
        let session = try Self.session(root: root)
        _ = session.handle("open refunds")
        #expect(session.output.captured.contains("Within 30 days."))
        #expect(!session.output.captured.contains("has changed since it was loaded"))

        try Data("---\nid: refunds\n---\n# Refunds\n\nWithin 14 days.\n".utf8).write(to: file)
        _ = session.handle("open refunds")
        #expect(session.output.captured.contains("Within 14 days."))
        #expect(session.output.captured.contains("! the file has changed since it was loaded: type `reload`"))
    }

    @Test func openFindsATitleIgnoringCase() throws {
        let session = try Self.session()
        _ = session.handle("open fibre 100")
        #expect(session.output.captured.contains("Home broadband at 100 Mbps"))
    }

    @Test func overdueArticlesCarryAWarning() throws {
        let session = try Self.session()
        _ = session.handle("open old-rule")
        #expect(session.output.captured.contains("! past its review date by "))
        #expect(session.output.captured.contains("check with Billing team before quoting it"))
    }

    @Test func numbersNeedAListFirst() throws {
        let session = try Self.session()
        _ = session.handle("2")
        #expect(session.output.captured == "error: there is no result 2 to open; type some words to search first\n")
    }

    @Test func aMistypedCommandIsQuestionedAndTheListOnScreenSurvives() throws {
        let session = try Self.session()
        _ = session.handle("refund")
        #expect(session.output.captured.contains("1. Refunds"))
        let before = session.output.captured.count
        _ = session.handle("opne 1")
        let said = String(session.output.captured.dropFirst(before))
        #expect(said.contains("did you mean `open 1`?"))
        #expect(!said.contains("1. "))
        _ = session.handle("frontline show refunds")
        #expect(session.output.captured.contains("did you mean `show refunds`?"))
        // Pasted shell lines in other forms: a prompt sign, a path, options before the command.
        _ = session.handle("$ ./.build/release/frontline --content content search --limit 3 refund")
        #expect(session.output.captured.contains("did you mean `search refund`?"))
        _ = session.handle("frontline check --stale")
        #expect(session.output.captured.contains("`frontline check` runs at the shell, not at this prompt"))
        _ = session.handle("opne refunds")
        #expect(session.output.captured.contains("did you mean `open refunds`?"))
        // The list from before the typos is still the one numbers open.
        _ = session.handle("1")
        #expect(session.output.captured.contains("go back to the original payment method"))
    }

    @Test func withoutColourMatchesAreMarkedInBracketsAndACutSnippetEndsInAnEllipsis() throws {
        let session = try Self.session(columns: 40)
        _ = session.handle("refunds payment")
        let lines = session.output.captured.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("[Refunds]") || $0.contains("[payment]") })
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.contains { $0.hasSuffix(" …") })
    }

    @Test func resultsThatMatchOnlySimilarWordsOrPartOfTheQuerySaySo() throws {
        let session = try Self.session(columns: 120)
        func said(_ line: String) -> String {
            let before = session.output.captured.count
            _ = session.handle(line)
            return String(session.output.captured.dropFirst(before))
        }
        // A synonym alone: the result is right, but not in the words typed.
        let synonym = said("reimbursement")
        #expect(synonym.contains("1. Refunds · policy · refunds · similar words only"))
        #expect(synonym.contains("No result has your own words; these have similar ones."))
        // A typo counts as the word; a word found nowhere is named.
        let half = said("refunnds xyzzy")
        #expect(half.contains("did you mean: refunds"))
        #expect(half.contains("without “xyzzy”"))
        #expect(half.contains("Nothing matches all your words; these are the closest."))
        let most = said("refunds payment xyzzy")
        #expect(most.contains("without “xyzzy”"))
        #expect(!most.contains("Nothing matches"))
        // Filters and exclusions are no missing words.
        let filtered = said("refunds type:policy -fibre")
        #expect(!filtered.contains("without"))
    }

    @Test func aSearchThatOnlyLooksLikeACommandStaysASearch() throws {
        let session = try Self.session()
        // "bank" is one letter from `back`, "opens" from `open`, but neither is followed by a number or an id.
        _ = session.handle("bank transfer refunds")
        _ = session.handle("opens payment method")
        #expect(!session.output.captured.contains("did you mean `"))
        #expect(session.output.captured.contains("Refunds"))
    }

    @Test func relatedListsArticlesSharingTagsProductsOrLinksAndNumbersOpenThem() throws {
        let session = try Self.session()
        _ = session.handle("related")
        #expect(session.output.captured.contains("error: no article is open"))
        _ = session.handle("open refunds")
        _ = session.handle("related")
        #expect(
            session.output.captured.contains(" 1. Fibre 100 · product · fibre-100")
                || session.output.captured.contains("1. Fibre 100 · product · fibre-100"))
        #expect(session.output.captured.contains("of 2 related to Refunds."))
        _ = session.handle("1")
        #expect(session.output.captured.contains("Home broadband at 100 Mbps"))
    }

    @Test func moreSaysWhenThereIsNoOtherPage() throws {
        let session = try Self.session()
        _ = session.handle("open refunds")
        _ = session.handle("related")
        _ = session.handle("more")
        #expect(session.output.captured.contains("error: that was the last page (2 in all)"))
    }

    @Test func helpListsCommandsAndExplainsOne() throws {
        let session = try Self.session(columns: 200)
        _ = session.handle("help")
        for command in CommandTable.standard.commands { #expect(session.output.captured.contains(command.summary)) }
        _ = session.handle("help nosuch")
        #expect(session.output.captured.contains("error: no command 'nosuch'; the commands are search, open, more"))
    }

    @Test func usageErrorsPrintTheUsage() throws {
        let session = try Self.session()
        _ = session.handle("open")
        #expect(session.output.captured == "error: say which result or article to open\nusage: open N | open ID\n")
    }

    @Test func quitAndExitEndTheSession() throws {
        let session = try Self.session()
        #expect(session.handle("quit") == .quit)
        #expect(session.handle("EXIT") == .quit)
        #expect(session.handle("quit now") == .proceed)
    }

    @Test func reloadReportsAddedChangedAndRemovedArticlesAndErrors() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = folder.url.appendingPathComponent("content")
        try FileManager.default.copyItem(at: FixtureFolder.url("Content"), to: root)
        let session = try Self.session(root: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("policies/old-rule.md"))
        try "---\nid: new-one\ntitle: New\n---\n\n# New\n\nSee [missing](kb:nowhere).\n"
            .write(to: root.appendingPathComponent("policies/new-one.md"), atomically: true, encoding: .utf8)
        let refunds = root.appendingPathComponent("policies/refunds.md")
        try (String(contentsOf: refunds, encoding: .utf8) + "\nA new paragraph.\n").write(to: refunds, atomically: true, encoding: .utf8)
        _ = session.handle("reload")
        let text = session.output.captured
        #expect(text.contains("Reloaded 3 articles"))
        #expect(text.contains("1 added: new-one\n"))
        #expect(text.contains("1 changed: refunds\n"))
        #expect(text.contains("1 removed: old-rule\n"))
        #expect(text.contains("policies/new-one.md:8:1: error: link to unknown article id 'nowhere'"))
        #expect(text.contains("1 error, 0 warnings"))
        #expect(session.knowledgeBase.article(id: "new-one") != nil)
    }

    @Test func reloadKeepsTheOldContentWhenTheFolderIsGone() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.appendingPathComponent("content")
        try FileManager.default.copyItem(at: FixtureFolder.url("Content"), to: root)
        let session = try Self.session(root: root)
        folder.remove()
        _ = session.handle("reload")
        // Messages wrap to the width: read them as one run of words.
        let words = session.output.captured.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("does not exist"))
        #expect(words.contains("the content loaded before is kept"))
        #expect(session.knowledgeBase.article(id: "refunds") != nil)
    }
}
