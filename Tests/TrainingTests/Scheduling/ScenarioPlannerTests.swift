import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Training

@Suite struct ScenarioPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let day: TimeInterval = 86_400
    static let library: ScenarioLibrary? = (try? ContentLoader(root: Repository.root.appendingPathComponent("content")).load())
        .map { ScenarioLibrary(knowledgeBase: $0) }

    static func attempt(_ id: String, daysAgo: Double, overall: Double) -> ScenarioAttempt {
        ScenarioAttempt(scenarioID: id, endedAt: now.addingTimeInterval(-daysAgo * day), overall: overall)
    }

    @Test func intervalsGrowWithPassesInARowAndResetOnAFail() {
        #expect(ScenarioPlanner.intervalDays(after: [], passMark: 80) == 1)
        #expect(ScenarioPlanner.intervalDays(after: [Self.attempt("s", daysAgo: 1, overall: 0.5)], passMark: 80) == 1)
        #expect(ScenarioPlanner.intervalDays(after: [Self.attempt("s", daysAgo: 1, overall: 0.85)], passMark: 80) == 3)
        let twice = [Self.attempt("s", daysAgo: 5, overall: 0.9), Self.attempt("s", daysAgo: 1, overall: 0.8)]
        #expect(ScenarioPlanner.intervalDays(after: twice, passMark: 80) == 6)
        let failedLast = twice + [Self.attempt("s", daysAgo: 0, overall: 0.3)]
        #expect(ScenarioPlanner.intervalDays(after: failedLast, passMark: 80) == 1)
        let many = (0..<10).map { Self.attempt("s", daysAgo: Double(20 - $0), overall: 1) }
        #expect(ScenarioPlanner.intervalDays(after: many, passMark: 80) == 60)
    }

    @Test func weakestCompetencyGetsAScenarioThatTrainsIt() throws {
        let library = try #require(Self.library)
        let planner = ScenarioPlanner(scenarios: library.scenarios)
        let levels = Dictionary(uniqueKeysWithValues: library.framework.ids.map { ($0, $0 == "de-escalation" ? 0.1 : 0.9) })
        let top = try #require(planner.next(for: "de-escalation", levels: levels, attempts: [], now: Self.now))
        #expect(top.scenario.competencies.contains("de-escalation"))
        #expect(top.isNew)
        #expect(top.weakCompetencies.first == "de-escalation")
        // Among the scenarios that train it, the easiest comes first for a trainee who has passed none.
        let training = library.scenarios.filter { $0.competencies.contains("de-escalation") }
        #expect(top.scenario.difficulty == training.map(\.difficulty).min())
    }

    @Test func aTraineeMovesUpOneDifficultyAtATime() throws {
        let library = try #require(Self.library)
        let planner = ScenarioPlanner(scenarios: library.scenarios)
        let first = try #require(planner.recommendations(levels: [:], attempts: [], now: Self.now).first)
        #expect(first.scenario.difficulty == .beginner)
        // Once every beginner scenario is passed, an intermediate one comes before any advanced one.
        let passedBeginners = library.scenarios.filter { $0.difficulty == .beginner }.map { Self.attempt($0.id, daysAgo: 0, overall: 1) }
        let next = planner.recommendations(levels: [:], attempts: passedBeginners, now: Self.now)
        let firstNonBeginner = try #require(next.first { $0.scenario.difficulty != .beginner })
        #expect(firstNonBeginner.scenario.difficulty == .intermediate)
        #expect(next.first?.scenario.difficulty == .intermediate)
    }

    @Test func aScenarioJustPassedWaitsAndAFailedOneComesBackTomorrow() throws {
        let library = try #require(Self.library)
        let scenario = try #require(library.scenarios.first { $0.competencies.contains("empathy") && $0.difficulty == .beginner })
        let planner = ScenarioPlanner(scenarios: library.scenarios)
        let passed = planner.recommendations(levels: [:], attempts: [Self.attempt(scenario.id, daysAgo: 0, overall: 1)], now: Self.now)
        let entry = try #require(passed.first { $0.scenario.id == scenario.id })
        #expect(entry.due == Self.now.addingTimeInterval(3 * Self.day))
        #expect(passed.last?.scenario.id == scenario.id)
        let failed = planner.recommendations(levels: [:], attempts: [Self.attempt(scenario.id, daysAgo: 2, overall: 0.2)], now: Self.now)
        let overdue = try #require(failed.first { $0.scenario.id == scenario.id })
        #expect(overdue.due == Self.now.addingTimeInterval(-Self.day))
        #expect(overdue.priority > 0.5)
    }
}
