import Testing

@testable import KnowledgeBase

@Suite struct ArticleParserTests {
    let source = """
        ---
        id: refunds
        tags: [refunds, billing]
        products: widget, gadget
        reviewed: 2026-02-01
        ---

        # Refunds

        Intro text.

        ## Refund window

        Customers may ask within {{30 days}} of delivery. Ask a [team leader](kb:escalation) after that.

        ### Exceptions

        - Faulty items: {{12 months}}.
        """

    @Test func frontMatterFieldsAreTyped() {
        let (article, diagnostics) = ArticleParser.parse(source, path: "policies/refunds.md")
        #expect(diagnostics.isEmpty)
        #expect(article.id == "refunds")
        #expect(article.title == "Refunds")
        #expect(article.kind == .policy)
        #expect(article.tags == ["refunds", "billing"])
        #expect(article.products == ["widget", "gadget"])
        #expect(article.reviewed == ContentDate(year: 2026, month: 2, day: 1))
        #expect(article.reviewEvery == Article.defaultReviewInterval)
    }

    @Test func sectionsKeepHeadingPathsAndFileLines() {
        let (article, _) = ArticleParser.parse(source, path: "policies/refunds.md")
        #expect(
            article.sections.map(\.headingPath) == [
                ["Refunds"], ["Refunds", "Refund window"], ["Refunds", "Refund window", "Exceptions"],
            ])
        #expect(article.sections.map(\.startLine) == [8, 12, 16])
        #expect(article.sections[1].text == "Customers may ask within 30 days of delivery. Ask a team leader after that.")
    }

    @Test func markedFactsBecomeFillInTheBlankPrompts() {
        let (article, _) = ArticleParser.parse(source, path: "policies/refunds.md")
        #expect(article.facts.map(\.answer) == ["30 days", "12 months"])
        #expect(article.facts[0].prompt == "Customers may ask within _____ of delivery.")
        #expect(article.facts[0].line == 14)
        #expect(article.facts[0].section == "Refund window")
    }

    @Test func linksAreCollectedWithLines() {
        let (article, _) = ArticleParser.parse(source, path: "policies/refunds.md")
        #expect(article.links.map(\.articleID) == ["escalation"])
        #expect(article.links.first?.line == 14)
    }

    @Test func titleFallsBackToFirstHeadingThenFileName() {
        #expect(ArticleParser.parse("# Hello there\n\nText", path: "a/b.md").article.title == "Hello there")
        #expect(ArticleParser.parse("Just text", path: "a/late-fees_v2.md").article.title == "late fees v2")
    }

    @Test func idIsDerivedFromThePathWhenMissing() {
        #expect(ArticleParser.derivedID("Help Centre/Orders/Where is my order.md") == "help-centre/orders/where-is-my-order")
    }

    @Test func unknownFieldsAreKeptAndUnknownTypeWarns() {
        let (article, diagnostics) = ArticleParser.parse("---\ntype: memo\nflavour: mint\n---\n# T\ntext", path: "x.md")
        #expect(article.kind == .article)
        #expect(article.frontMatter["flavour"]?.value == .scalar("mint"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.line == 2)
    }

    @Test func yamlErrorLineIsMappedIntoTheFile() {
        let (_, diagnostics) = ArticleParser.parse("---\nid: x\ntitle: \"open\nsummary: x\n---\nbody", path: "x.md")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first.map { $0.line! >= 3 && $0.line! <= 5 } == true)
        #expect(diagnostics.first?.message.hasPrefix("front matter is not valid YAML") == true)
    }

    @Test func nestingDeeperThanKeptIsWarnedAboutOnItsLine() {
        let deep = String(repeating: ">", count: 200) + " deep\n"
        let (article, diagnostics) = ArticleParser.parse("---\ntitle: Deep\n---\nFirst line.\n\n" + deep, path: "x.md")
        #expect(diagnostics.map(\.line) == [6])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.message.contains("nested more than \(Markdown.maximumDepth) levels deep") == true)
        #expect(article.body.contains("deep"))
        let (_, shallow) = ArticleParser.parse("---\ntitle: Shallow\n---\n> > quoted\n", path: "y.md")
        #expect(shallow.isEmpty)
    }

    @Test func aMisspeltTypeGetsADidYouMean() {
        let (article, diagnostics) = ArticleParser.parse("---\ntype: polcy\n---\nx", path: "policies/x.md")
        #expect(diagnostics.map(\.line) == [2])
        #expect(diagnostics.first?.message.hasPrefix("unknown type 'polcy'; did you mean 'policy'? expected one of") == true)
        #expect(article.kind == .policy)  // from its folder
    }

    @Test func aliasInTextIsNotMistakenForYAMLAlias() {
        let (article, diagnostics) = ArticleParser.parse("---\nsummary: Use *bold* & more\n---\nx", path: "x.md")
        #expect(diagnostics.isEmpty)
        #expect(article.summary == "Use *bold* & more")
    }
}
