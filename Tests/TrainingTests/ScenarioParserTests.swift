import Foundation
import KnowledgeBase
import Testing

@testable import Training

@Suite struct ScenarioParserTests {
    static func parse(_ text: String) -> (Scenario?, [Diagnostic]) {
        let (article, _) = ArticleParser.parse(text, path: "training/scenarios/test.md")
        return ScenarioParser.parse(article)
    }

    static let header = """
        ---
        id: test
        channel: chat
        difficulty: advanced
        competencies: [empathy]
        persona:
          name: Ann Lee
          situation: Testing.
          mood: angry
        articles: [refunds]
        pass_mark: 70
        max_turns: 3
        ---

        # Test

        Briefing text.

        """

    @Test func readsFrontMatterStepsAndRubricLines() throws {
        let (scenario, diagnostics) = Self.parse(
            Self.header + """
                ## opening

                Customer (furious): First line
                continues here.

                - expect empathy 2: apologise: "I'm sorry", “I apologise”
                - critical data-protection x3: verify: "date of birth"
                - flag policy-accuracy 4: over-promises: "full refund"
                - fact refunds 2: return window = 30 days
                - then good, fair: next
                - then: customer-left
                - model: A model
                  answer on two lines.
                - alternative: Another answer
                  in other words.
                - alternative: A third.

                ## next

                Customer: Second.

                - expect empathy: thank: "thank you"
                - then: resolved
                - model: Thanks.
                """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let parsed = try #require(scenario)
        #expect(parsed.channel == .chat)
        #expect(parsed.difficulty == .advanced)
        #expect(parsed.persona == Persona(name: "Ann Lee", situation: "Testing.", mood: .angry))
        #expect(parsed.passMark == 70)
        #expect(parsed.maxTurns == 3)
        #expect(parsed.briefing == "Briefing text.")
        let opening = parsed.steps[0]
        #expect(opening.id == "opening")
        #expect(opening.mood == .furious)
        #expect(opening.customerLine == "First line continues here.")
        #expect(opening.expectations.map(\.phrases) == [["I'm sorry", "I apologise"], ["date of birth"]])
        #expect(opening.expectations.map(\.weight) == [2, 3])
        #expect(opening.expectations.map(\.isCritical) == [false, true])
        #expect(opening.redFlags.first?.penalty == 4)
        #expect(opening.facts.first?.figure == "30 days")
        #expect(opening.facts.first?.weight == 2)
        #expect(opening.destination(for: .good) == .step("next"))
        #expect(opening.destination(for: .fair) == .step("next"))
        #expect(opening.destination(for: .poor) == .ending(.customerLeft))
        #expect(opening.destination(for: .hostile) == .ending(.customerLeft))
        #expect(opening.modelAnswer == "A model answer on two lines.")
        #expect(opening.alternativeAnswers == ["Another answer in other words.", "A third."])
        #expect(parsed.steps[1].expectations.first?.weight == 1)
    }

    @Test func endingSectionsHoldTheCustomersClosingWords() throws {
        let (scenario, diagnostics) = Self.parse(
            Self.header + """
                ## opening

                Customer: Hello?

                - expect empathy 2: apologise: "sorry"
                - model: Sorry.
                - then: resolved

                ## resolved

                Customer (calm): Thanks, that's
                sorted then.

                ## escalated

                - expect empathy 1: apologise: "sorry"

                ## abandoned

                Customer: Bye.
                """)
        let parsed = try #require(scenario)
        #expect(parsed.steps.map(\.id) == ["opening"])
        #expect(parsed.closings[.resolved] == ClosingLine(text: "Thanks, that's sorted then.", mood: .calm, line: 26))
        #expect(parsed.closings[.escalated] == nil)
        let located = diagnostics.map { "\($0.line ?? 0):\($0.message)" }
        #expect(located.contains("33:the 'escalated' section holds only the customer's closing words; move rubric items to a step"))
        #expect(located.contains("31:the 'escalated' section has no closing words; add 'Customer (calm): …' or remove the section"))
        #expect(located.contains("35:step 'abandoned' has the name of an ending; rename the step"))
    }

    @Test func missingPiecesAreReportedOnTheirLines() {
        let (_, diagnostics) = Self.parse(
            Self.header + """
                ## opening

                - expect empathy 9: apologise: "sorry"
                - promise: "anything"
                - then good: resolved
                """)
        let located = diagnostics.map { "\($0.line ?? 0):\($0.message)" }
        #expect(located.contains("18:step 'opening' has no customer line; add 'Customer (mood): what the customer says'"))
        #expect(located.contains("20:weight 9 is out of range; use 1 to 5"))
        #expect(
            located.contains(
                "21:unknown rubric line 'promise: \"anything\"'; start it with expect, critical, flag, fact, then, model or alternative"))
        #expect(located.contains("18:step 'opening' has no model answer; add '- model: what a good agent would say'"))
        #expect(located.contains { $0.hasPrefix("18:step 'opening' has no branch for a fair reply") })
    }

    @Test func htmlCommentsAndCodeBlocksAreNotRubric() throws {
        let (scenario, diagnostics) = Self.parse(
            Self.header + """
                <!--
                - expect nonsense 1: "x"
                -->
                ## opening

                Customer: Hi.

                ```
                - then: nowhere
                ```
                - expect empathy: apologise: "sorry"
                - then: resolved
                - model: Sorry.
                """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(try #require(scenario).steps.count == 1)
    }
}
