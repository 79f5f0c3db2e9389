import Foundation
import KnowledgeBase
import TestSupport
import Testing

@testable import Training

@Suite struct RolePlaySessionTests {
    static let library = ScenarioLibrary(knowledgeBase: Repository.knowledgeBase)
    static let delivery = library.scenario(id: "delivery-delay-phone")!
    static let simSwap = library.scenario(id: "sim-swap-identity-phone")!

    @Test func sessionStartsAtTheFirstStepWithThePersonaMood() {
        let session = RolePlaySession(scenario: Self.delivery)
        #expect(session.currentStep?.id == "opening")
        #expect(session.mood == .annoyed)
        #expect(session.customerLine?.hasPrefix("Hi. I ordered a Vantage 12") == true)
        #expect(!session.isFinished)
    }

    @Test func goodRepliesCalmTheCustomerAndResolve() {
        var session = RolePlaySession(scenario: Self.delivery)
        let first = session.submit(
            "I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 now. Can you confirm the delivery address?")
        #expect(first.branch == StepResult.Branch(band: .good, to: "fee-refund"))
        #expect(session.mood == .concerned)
        session.submit(
            "Because it's more than 2 business days late, I've refunded the $9.99 express fee, Priya, and I'll keep an eye on the order. Is the tracking still In transit?"
        )
        #expect(session.outcome == .resolved)
        let attempt = session.debrief()
        #expect(attempt.outcome == .resolved)
        #expect(attempt.steps.count == 2)
        #expect(attempt.competencies["refunds-and-orders"] == 100)
        #expect(attempt.passed)
    }

    @Test func poorReplyMakesTheCustomerAngrierAndBranches() {
        var session = RolePlaySession(scenario: Self.delivery)
        let result = session.submit("Orders can take a while.")
        #expect(result.branch.band == .poor)
        #expect(session.currentStep?.id == "frustrated")
        #expect(session.mood == .angry)
    }

    @Test func runningOutOfRepliesIsAbandoned() {
        var session = RolePlaySession(scenario: Self.delivery)
        session.submit("I'm sorry your order is late, Priya. Let me check the tracking.")
        session.abandon(reason: "ran out of replies")
        let attempt = session.debrief()
        #expect(attempt.outcome == .abandoned)
        #expect(attempt.endReason == "ran out of replies")
        #expect(!attempt.passed)
    }

    @Test func missingACriticalExpectationFailsWhateverTheTotal() {
        var session = RolePlaySession(scenario: Self.simSwap, mode: .certification)
        session.submit(
            "I'm sorry to hear you lost your phone, Daniel. I'll send a one-time code to your email for the SIM swap. Is the email on the account still right?"
        )
        session.submit(
            "I understand, Daniel. I can't skip the code, it's there for your security. You can visit a Tidewell store with photo ID today; the code is valid for 10 minutes if you reach your email."
        )
        let attempt = session.debrief()
        #expect(attempt.criticalMisses == ["opening: verify identity before any change"])
        #expect(!attempt.passed)
    }

    @Test func hintsOnlyInPractice() {
        let practice = RolePlaySession(scenario: Self.simSwap, mode: .practice)
        #expect(practice.hint()?.hasPrefix("must: verify identity before any change") == true)
        let certification = RolePlaySession(scenario: Self.simSwap, mode: .certification)
        #expect(certification.hint() == nil)
        #expect(!certification.showsFeedback)
    }

    @Test func lookupsAreRecordedWithTheirStep() {
        var session = RolePlaySession(scenario: Self.delivery)
        session.recordLookup(articleID: "delivery-and-shipping")
        session.submit("I'm sorry your order is late, Priya. Let me check the tracking.")
        session.recordLookup(articleID: "lost-and-delayed-parcels")
        let result = session.submit("I'll refund the express fee now.")
        #expect(result.lookups == ["lost-and-delayed-parcels"])
        #expect(
            session.debrief().lookups == [
                Lookup(article: "delivery-and-shipping", step: "opening"), Lookup(article: "lost-and-delayed-parcels", step: "fee-refund"),
            ])
    }

    @Test func turnCapEndsALoopingConversation() throws {
        var scenario = Self.delivery
        scenario.maxTurns = 2
        // Make the fee-refund step loop back on a poor reply.
        let index = try #require(scenario.steps.firstIndex { $0.id == "frustrated" })
        scenario.steps[index].branches[.poor] = .step("opening")
        var session = RolePlaySession(scenario: scenario)
        session.submit("Okay.")
        session.submit("Okay.")
        #expect(session.outcome == .customerLeft)
        #expect(session.debrief().endReason == "turn limit of 2 reached")
    }

    @Test func theCustomerSaysTheClosingWordsOfTheEndingReached() throws {
        var session = RolePlaySession(scenario: Self.delivery)
        #expect(session.closingLine == nil)
        session.submit(
            "I'm so sorry your order is late, Priya. Let me check the tracking for TW-1048823 now. Can you confirm the delivery address?")
        session.submit(
            "Because it's more than 2 business days late, I've refunded the $9.99 express fee, Priya, and I'll keep an eye on the order.")
        let closing = try #require(session.closingLine)
        #expect(session.outcome == .resolved)
        #expect(closing == Self.delivery.closings[.resolved])
        #expect(session.debrief().closing == closing.text)

        var rude = RolePlaySession(scenario: Self.delivery)
        rude.submit("Calm down. It's not my problem, take it up with the courier.")
        #expect(rude.outcome == .customerLeft)
        #expect(rude.closingLine?.text == Self.delivery.closings[.customerLeft]?.text)
        #expect(rude.closingLine?.text != closing.text)
    }

    @Test func feedbackSaysWhatWasDoneAndMissedAndShowsTheModelAnswer() throws {
        var session = RolePlaySession(scenario: Self.delivery)
        let result = session.submit("Sorry about that, but it's the courier's problem, not mine. Nothing I can do.")
        let lines = ReplyFeedback(result).lines
        #expect(lines.first?.kind == .headline)
        #expect(lines.first?.text.hasSuffix("/100 (\(result.branch.band.rawValue))") == true)
        #expect(lines.contains { $0.kind == .done && $0.text.hasPrefix("Apologise for the late delivery") && $0.text.contains("“Sorry”") })
        #expect(lines.contains { $0.kind == .missed && $0.text.hasPrefix("Look up the order") })
        #expect(lines.contains { $0.kind == .problem && $0.text.contains("dismisses the customer") })
        #expect(lines.last == ReplyFeedback.Line(kind: .modelAnswer, text: Self.delivery.steps[0].modelAnswer))
    }

    @Test func attemptRoundTripsThroughJSON() throws {
        var session = RolePlaySession(scenario: Self.delivery, mode: .certification)
        session.submit("I'm sorry your order is late, Priya. Let me check the tracking.")
        let attempt = session.debrief()
        let data = try JSONEncoder().encode(attempt)
        #expect(try JSONDecoder().decode(RolePlayAttempt.self, from: data) == attempt)
    }
}
