import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Training

@Suite struct CompetencyTests {
    @Test func shippedFrameworkHasTheTwelveStandardCompetenciesWithoutProblems() {
        let (framework, diagnostics) = CompetencyFramework.load(from: Repository.knowledgeBase)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(framework.ids == CompetencyFramework.standard.map(\.id))
        for competency in framework.competencies {
            #expect(!competency.description.isEmpty)
            #expect(competency.whatGoodLooksLike.count >= 3, "\(competency.id)")
            #expect(!competency.escoSkills.isEmpty, "\(competency.id)")
            #expect(competency.path == "training/competencies.md")
        }
        let listening = framework.competency(id: "active-listening")
        #expect(listening?.name == "Active listening")
        #expect(listening?.escoSkills == ["listen actively"])
        #expect(framework.competency(id: "diplomacy")?.name == "Diplomacy and tone")
        #expect(framework.competency(id: "empathy")?.escoSkills == ["communicate with customers", "show empathy"])
        // Behaviour is shown in role-plays: they weigh two thirds of such a level.
        #expect(framework.competency(id: "empathy")?.shownIn == .rolePlays)
        #expect(framework.competency(id: "policy-accuracy")?.shownIn == .both)
        #expect(framework.rolePlayWeights["empathy"] == 2.0 / 3.0)
        #expect(framework.rolePlayWeights["policy-accuracy"] == 0.5)
    }

    @Test func brokenFrameworkReportsEachProblemOnItsLine() throws {
        let knowledgeBase = try ContentLoader(root: FixtureFolder.url("broken-framework")).load()
        let (framework, diagnostics) = CompetencyFramework.load(from: knowledgeBase)
        let located = diagnostics.map { "\($0.line ?? 0):\($0.severity.rawValue):\($0.message)" }
        #expect(located.contains("17:error:competency 'Empathy' has no id; add a line 'id: empathy' under its heading"))
        #expect(
            located.contains { $0.hasPrefix("23:error:duplicate competency id 'active-listening' (also at training/competencies.md:7)") })
        #expect(located.contains("32:error:competency 'diplomacy' has no description; add a paragraph saying what it covers"))
        #expect(located.contains { $0.hasPrefix("4:warning:the framework lacks the standard competencies 'empathy', 'de-escalation'") })
        #expect(framework.ids == ["active-listening", "diplomacy"])
    }

    @Test func unknownIDGetsTheClosestSuggestion() {
        let framework = CompetencyFramework.builtIn
        #expect(framework.suggestion(for: "empaty") == "empathy")
        #expect(framework.suggestion(for: "deescalation") == "de-escalation")
        #expect(framework.suggestion(for: "underwater-basket-weaving") == nil)
        #expect(framework.unknownMessage("empathy2") == "unknown competency 'empathy2'; did you mean 'empathy'?")
    }

    @Test func folderWithoutFrameworkFallsBackToTheStandardIDs() throws {
        let knowledgeBase = KnowledgeBase(root: URL(fileURLWithPath: "/nonexistent"), articles: [])
        let (framework, diagnostics) = CompetencyFramework.load(from: knowledgeBase)
        #expect(diagnostics.isEmpty)
        #expect(framework.ids.count == 12)
        #expect(framework.contains("data-protection"))
    }
}
