import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Training

@Suite struct ScenarioCheckTests {
    @Test func brokenScenarioGetsOnePreciseDiagnosticPerProblem() throws {
        let knowledgeBase = try ContentLoader(root: FixtureFolder.url("broken-scenarios")).load()
        let diagnostics = ContentChecker(additionalChecks: [CompetencyCheck(), ScenarioCheck()]).diagnostics(for: knowledgeBase)
        let located = diagnostics.map { "\($0.line ?? 0):\($0.severity.rawValue):\($0.message)" }
        let expected = [
            "4:error:unknown channel 'fax'; use phone, chat, email or social",
            "6:error:unknown competency 'empaty'; did you mean 'empathy'?",
            "7:error:unknown mood 'grumpy'; use one of pleased, calm, concerned, annoyed, angry, furious",
            "11:error:unknown article 'refundz' in 'articles'; did you mean 'refunds'?",
            "16:warning:the model answer of step 'opening' scores 50 against its own rubric, under the pass mark of 80 (missed: 'nothing to match', 'misspelt competency', 'only punctuation'); add what it misses, or evidence phrases it uses",
            "21:error:unknown competency 'empaty'; did you mean 'empathy'?",
            "22:error:expectation 'nothing to match' has no evidence phrases or behaviours, so no reply could meet it; add phrases in double quotes or a behaviour such as @apology",
            "23:error:evidence phrase \"!!!\" has no words after analysis, so no reply can match it; write words",
            "23:error:expectation 'only punctuation' cannot be met: none of its phrases has words",
            "24:error:fact figure '45 days' does not appear in article 'refunds' (policies/refunds.md); check the figure against the policy",
            "25:error:fact points at unknown article 'no-such-article'",
            "26:error:fact figure 'team leader' has no number or amount; facts compare figures such as '30 days' or '$4.99'",
            "28:error:branch 'fair' goes to missing step 'midle'; did you mean 'middle'? (steps are the '##' headings; endings are resolved, escalated, customer-left)",
            "32:error:step 'middle' can never reach an ending: its branches loop (middle → loop → middle); send one band to resolved, escalated or customer-left",
            "40:error:step 'loop' can never reach an ending: its branches loop (loop → middle → loop); send one band to resolved, escalated or customer-left",
            "48:warning:step 'orphan' is never reached from the first step; branch to it or remove it",
            "55:warning:alternative 1 of step 'orphan' trips the red flag 'dismisses the customer' on \"Not my problem\"; reword it",
            "56:error:'alternative' needs the answer after ':', another good reply in other words",
        ]
        #expect(located == expected)
        #expect(diagnostics.allSatisfy { $0.path == "training/scenarios/broken.md" })
    }

    @Test func shippedScenariosCheckClean() {
        let diagnostics = ScenarioCheck().diagnostics(for: Repository.knowledgeBase)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func shippedScenariosCoverEveryChannelDifficultyAndCompetency() {
        let scenarios = ScenarioLibrary(knowledgeBase: Repository.knowledgeBase).scenarios
        #expect(Set(scenarios.map(\.channel)) == Set(Channel.allCases))
        #expect(Set(scenarios.map(\.difficulty)) == Set(Difficulty.allCases))
        #expect(Set(scenarios.flatMap(\.competencies)) == Set(CompetencyFramework.standard.map(\.id)))
        #expect(scenarios.contains { $0.steps.contains { $0.expectations.contains(where: \.isCritical) } })
    }

    @Test func everyFactQuotesItsArticle() {
        for scenario in ScenarioLibrary(knowledgeBase: Repository.knowledgeBase).scenarios {
            for fact in scenario.steps.flatMap(\.facts) {
                #expect(!fact.quote.isEmpty, "\(scenario.id): \(fact.topic)")
            }
        }
    }
}
