import KnowledgeBase
import Testing

@testable import Search

@Suite struct SynonymTableTests {
    let analyzer = TextAnalyzer()

    func stems(_ text: String) -> [String] { analyzer.primaryTokens(in: text).map(\.stem) }

    @Test func builtInListHasAtLeast150Groups() {
        #expect(SynonymTable.builtIn.groups.count >= 150)
    }

    @Test func wordsFindPhrasesAndPhrasesFindWords() {
        let table = SynonymTable.builtIn
        let refund = table.alternatives(for: stems("refund"))
        #expect(refund.contains(stems("money back")))
        #expect(refund.contains(stems("reimbursement")))
        #expect(!refund.contains(stems("refund")))
        #expect(table.alternatives(for: stems("money back")).contains(stems("refund")))
        #expect(table.alternatives(for: stems("turn off")).contains(stems("disable")))
        #expect(table.alternatives(for: stems("two-factor")).contains(stems("2-step verification")))
    }

    @Test func phrasesOfOneWordAndCommonWordsAreLookedUpWhole() {
        // "log in", "sign in", "turn off": without their common words they would be "log", "sign",
        // "turn", and those lone words would match the whole group.
        let table = SynonymTable.builtIn
        #expect(table.alternatives(for: stems("log in")).contains(stems("login")))
        #expect(table.alternatives(for: stems("login")).contains(analyzer.contentStems("sign in")))
        #expect(!table.alternatives(for: stems("sign")).contains(stems("login")))
        #expect(!table.alternatives(for: stems("log")).contains(stems("login")))
        #expect(!table.alternatives(for: stems("turn")).contains(stems("disable")))
        #expect(table.alternatives(for: stems("turn off")).contains(stems("disable")))
    }

    @Test func aMemberThatNegatesNeedsItsNegationAndIsNeverAnAlternative() {
        let table = SynonymTable(groups: [["missed appointment", "technician did not show up", "no show"]])
        // Asked with its negation, it finds the group.
        #expect(table.alternatives(for: stems("technician did not show up")).contains(stems("missed appointment")))
        // Without it, "the technician shows" is not a missed appointment.
        #expect(table.alternatives(for: analyzer.contentStems("technician did not show up")).isEmpty)
        #expect(table.alternatives(for: stems("show")).isEmpty)
        // And a document's "shows" does not answer "missed appointment".
        let offered = table.alternatives(for: stems("missed appointment"))
        #expect(!offered.contains(analyzer.contentStems("no show")))
        #expect(!offered.contains(analyzer.contentStems("technician did not show up")))
    }

    @Test func inflectionsShareAlternatives() {
        #expect(SynonymTable.builtIn.alternatives(for: stems("refunds")).contains(stems("reimbursement")))
        #expect(SynonymTable.builtIn.alternatives(for: stems("cancelled")).contains(stems("terminate")))
    }

    @Test func unknownWordsHaveNoAlternatives() {
        #expect(SynonymTable.builtIn.alternatives(for: stems("zebra")).isEmpty)
    }

    func synonymArticle(_ body: String) -> Article {
        let text = "---\ntype: synonyms\ntitle: Team synonyms\n---\n" + body
        return ArticleParser.parse(text, path: "synonyms.md").article
    }

    @Test func trainerFileExtendsTheBuiltInList() {
        let (table, diagnostics) = SynonymTable.parse(synonymArticle("# Ours\n\n- nbn, national broadband network\n"))
        #expect(diagnostics.isEmpty)
        let merged = SynonymTable.builtIn.merging(table)
        #expect(merged.alternatives(for: stems("nbn")).contains(stems("national broadband network")))
        #expect(merged.alternatives(for: stems("refund")).contains(stems("money back")))
    }

    @Test func replaceTakesMembersOutOfBuiltInGroups() {
        let (table, diagnostics) = SynonymTable.parse(synonymArticle("- !replace, order, purchase\n- !remove, voucher\n"))
        #expect(diagnostics.isEmpty)
        let merged = SynonymTable.builtIn.merging(table)
        #expect(merged.alternatives(for: stems("order")) == [stems("purchase")])
        #expect(!merged.alternatives(for: stems("parcel")).contains(stems("order")))
        #expect(merged.alternatives(for: stems("voucher")).isEmpty)
    }

    @Test func badLinesBecomeDiagnosticsWithLines() {
        let (table, diagnostics) = SynonymTable.parse(synonymArticle("- lonely\n- a, , b\n- !swap, x, y\n"))
        #expect(diagnostics.map(\.line) == [5, 6, 7])
        #expect(diagnostics.map(\.severity) == [.warning, .warning, .error])
        #expect(diagnostics[2].message.contains("unknown directive '!swap'"))
        #expect(table.groups == [["a", "b"]])
    }
}
