import Foundation
import KnowledgeBase
import Search
import TestSupport
import Testing

@testable import Training

/// Every shipped scenario, every step: written replies of clearly different quality must be ranked in
/// order, keyword stuffing and negation must not pay, and the branches must fire.
@Suite struct ScenarioRepliesTests {
    static let library = ScenarioLibrary(knowledgeBase: Repository.knowledgeBase)
    static let scenarioIDs = library.scenarios.map(\.id)

    @Test func atLeastFifteenScenariosShip() {
        #expect(Self.scenarioIDs.count >= 15)
    }

    @Test(arguments: scenarioIDs)
    func repliesRankInOrderAndBranchesFire(scenarioID: String) throws {
        let scenario = try #require(Self.library.scenario(id: scenarioID))
        let fixture = try ReplyFixture(scenarioID: scenarioID)
        let scorer = Self.library.scorer(for: scenario)
        for step in scenario.steps {
            let replies = try #require(fixture.replies[step.id], "no fixture replies for step '\(step.id)' of \(scenarioID)")
            var scores: [String: ReplyScore] = [:]
            for quality in ReplyFixture.ranked + ["negated"] {
                let reply = try #require(replies[quality], "no \(quality) reply for \(scenarioID)/\(step.id)")
                scores[quality] = scorer.score(reply, at: step)
            }
            let stuffedReply = replies["stuffed"] ?? ReplyFixture.stuffed(for: step)
            scores["stuffed"] = scorer.score(stuffedReply, at: step)
            let value = { (quality: String) in scores[quality]!.score }
            let place = "\(scenarioID)/\(step.id)"
            #expect(value("excellent") > value("adequate"), "\(place): excellent \(value("excellent")) vs adequate \(value("adequate"))")
            #expect(value("adequate") > value("poor"), "\(place): adequate \(value("adequate")) vs poor \(value("poor"))")
            #expect(
                // Both at the floor (under one point in a hundred) is in order too, when the hostile reply is flagged.
                value("poor") > value("hostile") || (value("hostile") < 1 && value("poor") < 1 && !scores["hostile"]!.redFlags.isEmpty),
                "\(place): poor \(value("poor")) vs hostile \(value("hostile"))")
            #expect(value("stuffed") < value("adequate"), "\(place): stuffed \(value("stuffed")) vs adequate \(value("adequate"))")
            #expect(value("negated") < value("adequate"), "\(place): negated \(value("negated")) vs adequate \(value("adequate"))")
            #expect(scores["excellent"]!.band == .good, "\(place): excellent scored \(value("excellent"))")
            #expect([.poor, .hostile].contains(scores["poor"]!.band), "\(place): poor scored \(value("poor"))")
            #expect(
                scores["hostile"]!.band == .hostile,
                "\(place): hostile scored \(value("hostile")) with \(scores["hostile"]!.redFlags.count) flags")
            #expect(scores["hostile"]!.redFlags.count >= 1)
            #expect(scores["excellent"]!.redFlags.isEmpty, "\(place): \(scores["excellent"]!.redFlags)")
            #expect(scores["excellent"]!.factsContradicted.isEmpty, "\(place): \(scores["excellent"]!.factsContradicted)")

            // The branches fire: the session follows the step's branch for each band.
            for quality in ["excellent", "hostile"] {
                var session = RolePlaySession(scenario: scenario, mode: .practice, scorer: scorer)
                session.jump(to: step.id)
                let result = session.submit(replies[quality]!)
                let expected = step.destination(for: result.branch.band)
                #expect(expected != nil)
                #expect(result.branch.to == expected?.description, "\(place): \(quality) went to \(result.branch.to)")
                switch expected {
                case .step(let next)?: #expect(session.currentStep?.id == next)
                case .ending(let ending)?: #expect(session.outcome == ending)
                case nil: break
                }
            }
        }
    }

    @Test(arguments: scenarioIDs)
    func excellentRepliesAlongTheGoodPathPass(scenarioID: String) throws {
        let scenario = try #require(Self.library.scenario(id: scenarioID))
        let fixture = try ReplyFixture(scenarioID: scenarioID)
        var session = RolePlaySession(scenario: scenario, mode: .certification)
        while let step = session.currentStep {
            session.submit(try #require(fixture.replies[step.id]?["excellent"]))
        }
        let attempt = session.debrief()
        #expect([Ending.resolved, .escalated].contains(attempt.outcome))
        #expect(attempt.overall >= scenario.passMark, "\(scenarioID): overall \(attempt.overall)")
        #expect(attempt.passed)
        #expect(attempt.criticalMisses.isEmpty)
    }
}
