import Foundation
import KnowledgeBase
import Search
import TestSupport
import Testing

@testable import Training

@Suite struct ReplyScorerTests {
    static let library = ScenarioLibrary(knowledgeBase: Repository.knowledgeBase)

    static func scorer(_ id: String) -> (ReplyScorer, Scenario) {
        let scenario = library.scenario(id: id)!
        return (library.scorer(for: scenario), scenario)
    }

    static func score(_ reply: String, _ scenarioID: String, _ stepID: String, context: ReplyContext = ReplyContext()) -> ReplyScore {
        let (scorer, scenario) = scorer(scenarioID)
        return scorer.score(reply, at: scenario.step(id: stepID)!, context: context)
    }

    static func met(_ score: ReplyScore, _ competency: String) -> Bool {
        score.evidence.contains { $0.competency == competency && $0.phrase.first != "(" }
    }

    // MARK: Negation

    @Test func cannotOfferARefundDoesNotMeetOffersARefund() {
        let positive = Self.score("I'll refund the express fee for you today.", "delivery-delay-phone", "fee-refund")
        let negative = Self.score("I can't refund the express fee for you today.", "delivery-delay-phone", "fee-refund")
        #expect(Self.met(positive, "refunds-and-orders"))
        #expect(!Self.met(negative, "refunds-and-orders"))
        #expect(negative.misses.contains { $0.competency == "refunds-and-orders" && $0.negated == "refund the express fee" })
    }

    @Test func notSorryIsNotAnApology() {
        let sorry = Self.score("I'm sorry your order is late.", "delivery-delay-phone", "opening")
        let notSorry = Self.score("I'm not sorry your order is late.", "delivery-delay-phone", "opening")
        #expect(Self.met(sorry, "empathy"))
        #expect(!Self.met(notSorry, "empathy"))
    }

    @Test func negationStopsAtTheClauseBoundary() {
        let score = Self.score("I can't make it arrive faster, but I'll refund the express fee.", "delivery-delay-phone", "fee-refund")
        #expect(Self.met(score, "refunds-and-orders"))
        let newSubject = Self.score(
            "I'm sorry I couldn't do more sooner and I'll refund the express fee now.", "delivery-delay-phone", "fee-refund")
        #expect(Self.met(newSubject, "refunds-and-orders"))
    }

    @Test func isNotPossibleAfterThePhraseNegatesIt() {
        let score = Self.score("A refund of the express fee is not possible.", "delivery-delay-phone", "fee-refund")
        #expect(!Self.met(score, "refunds-and-orders"))
    }

    @Test func negatedRedFlagIsNotAFlag() {
        let score = Self.score("I would never tell you to calm down, Priya.", "delivery-delay-phone", "opening")
        #expect(score.redFlags.isEmpty)
    }

    // MARK: Matching through the shared analysis

    @Test func understandHowFrustratingMatchesCompletelyUnderstandYourFrustration() {
        let score = Self.score("I completely understand your frustration.", "delivery-delay-phone", "frustrated")
        #expect(score.evidence.contains { $0.competency == "empathy" && $0.matched == "understand your frustration" })
    }

    @Test func typosAndSynonymsStillCount() {
        let typo = Self.score("I'm sorry your order is late. I'll check the trakcing now.", "delivery-delay-phone", "opening")
        #expect(typo.evidence.contains { $0.competency == "refunds-and-orders" && $0.match == "typo" })
        let synonym = Self.score("I apologise that your order is late.", "delivery-delay-phone", "opening")
        #expect(synonym.evidence.contains { $0.competency == "empathy" && $0.match == "synonym" })
    }

    // MARK: Stuffing and repetition

    @Test func bagOfRubricWordsScoresLow() {
        let stuffed = Self.score("refund express fee, keep eye order, follow up, $9.99", "delivery-delay-phone", "fee-refund")
        let sentence = Self.score(
            "I've refunded the $9.99 express fee to your card, Priya, and I'll keep an eye on the order until it arrives.",
            "delivery-delay-phone", "fee-refund")
        #expect(stuffed.notes.contains { $0.hasPrefix("reads as a list of keywords") })
        #expect(sentence.notes.allSatisfy { !$0.hasPrefix("reads as a list of keywords") })
        #expect(stuffed.score < sentence.score / 2)
    }

    @Test func oneSentenceRepeatedOverAndOverIsStuffing() {
        let reply = String(repeating: "Sorry your order is late, let me check the tracking. ", count: 40)
        let score = Self.score(reply, "delivery-delay-phone", "opening")
        #expect(score.notes.contains { $0.contains("repeats the same") })
        #expect(score.notes.contains { $0.hasPrefix("reply is longer than") } == (reply.count > ReplyScorer.maximumReplyLength))
        #expect(score.band != .good)
    }

    @Test func emptyReplyScoresZeroWithoutFlags() {
        let score = Self.score("", "delivery-delay-phone", "opening")
        #expect(score.score == 0)
        #expect(score.redFlags.isEmpty)
        #expect(score.band == .poor)
    }

    @Test func oneWordCannotMeetTwoExpectations() {
        // "sorry" once: empathy can use it, nothing else may.
        let score = Self.score("Sorry.", "refund-outside-window-chat", "opening")
        #expect(score.evidence.filter { $0.phrase.first != "(" }.count <= 1)
    }

    @Test func repeatingAnEarlierSentenceEarnsNothingTwice() {
        let reply = "I'm sorry your order is late and I will check the tracking for you."
        let first = Self.score(reply, "delivery-delay-phone", "frustrated")
        let again = Self.score(reply, "delivery-delay-phone", "frustrated", context: ReplyContext(previousReplies: [reply]))
        #expect(Self.met(first, "empathy"))
        #expect(!Self.met(again, "empathy"))
        #expect(again.notes.contains("repeats an earlier sentence: it earns nothing twice"))
    }

    // MARK: Facts

    @Test func wrongFigureIsFlaggedQuotingTheArticle() throws {
        let score = Self.score(
            "Change-of-mind returns are within 14 days of delivery, so I can't take it back.", "refund-outside-window-chat", "opening")
        let fact = try #require(score.factsContradicted.first)
        #expect(fact.article == "returns-and-exchanges")
        #expect(fact.expected == "30 days")
        #expect(fact.stated.hasPrefix("14"))
        #expect(fact.quote.contains("30 days"))
        #expect(score.points["policy-accuracy"]! < 0)
    }

    @Test func rightFigureEarnsTheFactAndCustomerNumbersAreNotClaims() {
        let score = Self.score(
            "Change-of-mind returns are within 30 days of delivery and yours arrived 38 days ago.", "refund-outside-window-chat", "opening")
        #expect(score.factsContradicted.isEmpty)
        #expect(score.factsStated.contains { $0.expected == "30 days" })
        let amount = Self.score("I've refunded the $9.99 express fee.", "delivery-delay-phone", "fee-refund")
        #expect(amount.evidence.contains { $0.competency == "policy-accuracy" && $0.matched == "$9.99" })
        let wrongAmount = Self.score("I've refunded the $4.99 express fee.", "delivery-delay-phone", "fee-refund")
        #expect(wrongAmount.factsContradicted.first?.expected == "$9.99")
    }

    @Test func openingTheLinkedArticleEarnsPolicyCredit() {
        let reply = "I'll refund the express fee now."
        let closed = Self.score(reply, "delivery-delay-phone", "fee-refund")
        let opened = Self.score(reply, "delivery-delay-phone", "fee-refund", context: ReplyContext(lookups: ["lost-and-delayed-parcels"]))
        #expect(opened.points["policy-accuracy"]! == closed.points["policy-accuracy"]! + 1)
        #expect(opened.notes.contains { $0.hasPrefix("opened 'lost-and-delayed-parcels'") })
        let unrelated = Self.score(reply, "delivery-delay-phone", "fee-refund", context: ReplyContext(lookups: ["tidewell-tv"]))
        #expect(unrelated.points["policy-accuracy"] == closed.points["policy-accuracy"])
    }

    @Test func restatingQuotesTheRepliesOwnWordsNotTheirStems() throws {
        let score = Self.score("Your Vantage was promised for Monday with express delivery.", "delivery-delay-phone", "opening")
        let restated = try #require(score.evidence.first { $0.expectation == "restate the customer's specifics" })
        #expect(restated.matched.contains("Vantage"))
        #expect(restated.matched.contains("express"))
        #expect(!restated.matched.contains("vantag"))
    }

    // MARK: Tone

    @Test func warmthOrOwnershipEarnsTone() {
        let warm = Self.score("Thank you, Priya.", "delivery-delay-phone", "opening")
        #expect(warm.points["diplomacy"] == ReplyScorer.tonePoints)
        let owned = Self.score("Let me look into it.", "delivery-delay-phone", "opening")
        #expect(owned.points["diplomacy"] == ReplyScorer.tonePoints)
        let flat = Self.score("It is in transit.", "delivery-delay-phone", "opening")
        #expect(flat.points["diplomacy"] == 0)
    }

    @Test func shoutingBlameAndExclamationSpamCost() {
        let shouting = Self.score("I AM CHECKING YOUR ORDER NOW.", "delivery-delay-phone", "opening")
        #expect(shouting.redFlags.contains { $0.reason == "shouts in capitals" })
        let acronyms = Self.score("I'll send an SMS with your PIN reset link and the TW order id.", "delivery-delay-phone", "opening")
        #expect(!acronyms.redFlags.contains { $0.reason == "shouts in capitals" })
        let blame = Self.score("You should have chosen standard delivery.", "delivery-delay-phone", "opening")
        #expect(blame.redFlags.contains { $0.reason == "blames the customer" && $0.matched == "You should have" })
        let spam = Self.score("Sorry your order is late!!! Checking now!", "delivery-delay-phone", "opening")
        #expect(spam.redFlags.contains { $0.reason == "too many exclamation marks" })
        let one = Self.score("Sorry your order is late! I'll check now.", "delivery-delay-phone", "opening")
        #expect(one.redFlags.isEmpty)
    }

    @Test func dismissalGoesToDeEscalationWhenTheScenarioTrainsIt() {
        let trained = Self.score("Please calm down, Marcus.", "angry-repeat-caller-phone", "opening")
        #expect(trained.redFlags.contains { $0.competency == "de-escalation" && $0.reason == "dismisses the customer" })
        let untrained = Self.score("Please calm down, Priya.", "delivery-delay-phone", "opening")
        #expect(untrained.redFlags.contains { $0.competency == "diplomacy" })
        #expect(untrained.band == .hostile)
    }

    @Test func restatingSpecificsOrAskingARelevantQuestionIsActiveListening() {
        let restating = Self.score("So order TW-1048823 hasn't arrived.", "delivery-delay-phone", "opening")
        #expect(restating.points["active-listening"] == 1)
        let asking = Self.score("Can you confirm the address we should use?", "delivery-delay-phone", "opening")
        #expect(asking.points["active-listening"] == 1)
        #expect(asking.evidence.contains { $0.expectation == "ask a relevant question" })
        let offTopic = Self.score("Nice weather today. How are you?", "delivery-delay-phone", "opening")
        #expect(offTopic.points["active-listening"] == 0)
    }

    @Test func scoringIsDeterministic() {
        let reply = "I'm so sorry, Priya. Let me check the tracking for TW-1048823 now. Can you confirm the address?"
        let first = Self.score(reply, "delivery-delay-phone", "opening")
        for _ in 0..<5 { #expect(Self.score(reply, "delivery-delay-phone", "opening") == first) }
    }
}

@Suite struct MeaningScoringTests {
    static let library = ReplyScorerTests.library

    static func score(_ reply: String, _ scenarioID: String, _ stepID: String) -> ReplyScore {
        ReplyScorerTests.score(reply, scenarioID, stepID)
    }

    @Test func aRefundInOtherWordsAndASpokenPriceCount() {
        let score = Self.score(
            "You shouldn't pay for a service you didn't get, so I'm putting the nine ninety-nine back on your card now. I'll watch the tracking and ring you Monday.",
            "delivery-delay-phone", "fee-refund")
        #expect(score.evidence.contains { $0.expectation == "refund the express delivery fee" })
        #expect(score.evidence.contains { $0.competency == "follow-up" })
        #expect(score.factsStated.contains { $0.expected == "$9.99" })
        #expect(score.score >= 70)
    }

    @Test func aHedgedRefundIsNotARefundAndAConditionalRefundIs() {
        let hedged = Self.score("I'm not sure I can refund that, it's non-refundable.", "delivery-delay-phone", "fee-refund")
        #expect(!hedged.evidence.contains { $0.competency == "refunds-and-orders" })
        let conditional = Self.score(
            "If the repair isn't done within 15 business days you're entitled to a refund.", "faulty-phone-warranty-phone", "repair")
        #expect(conditional.evidence.contains { $0.expectation.hasPrefix("explain a refund applies") })
    }

    // MARK: Covering the model answer

    @Test func aReplyThatSaysWhatTheModelSaysInItsOwnWordsEarnsCoverageAndAThinOneEarnsPart() {
        let step = "fee-refund"
        let full = Self.score(
            "You're entitled to it because the order is over two business days late, so the $9.99 express fee is going back on your card today. It's still moving, so I'll watch the order and ring you Monday, and if tracking stalls we'll get the carrier to trace it.",
            "delivery-delay-phone", step)
        let thin = Self.score("I can refund the express fee for you now.", "delivery-delay-phone", step)
        #expect(full.evidence.contains { $0.expectation == "cover what a full answer covers" })
        #expect(full.points["clear-communication"] == full.possible["clear-communication"])
        let miss = try? #require(thin.misses.first { $0.expectation == "cover what a full answer covers" })
        #expect(miss?.hint.contains("model answer") == true)
        let thinShare = (thin.points["clear-communication"] ?? 0) / (thin.possible["clear-communication"] ?? 1)
        #expect(thinShare > 0 && thinShare < 0.5)
    }

    @Test func aReplyCloseToAnAlternativeAnswerCoversAsMuchAsOneCloseToTheModel() throws {
        let text = """
            ---
            id: alternatives
            type: scenario
            channel: phone
            difficulty: beginner
            competencies: [empathy]
            persona:
              name: Ann Lee
              situation: Her parcel is late.
              mood: annoyed
            articles: []
            ---

            # Alternatives

            ## opening

            Customer: Where is my parcel?

            - expect empathy 1: apologise: "sorry"
            - then: resolved
            - model: Apologies, the courier still holds the parcel at their depot and it arrives on the fourteenth; I'll track it daily and email the tracking link this evening.

            """
        let alternative =
            "- alternative: Sorry about that: the van is running late, so expect the box by Friday, and I'll keep an eye on the delivery and message you tonight.\n"
        let reply = "Sorry, the van is late but your box comes Friday, and I'll keep an eye on the delivery and message you tonight."
        func coverage(_ scenarioText: String) throws -> Double {
            let (article, _) = ArticleParser.parse(scenarioText, path: "training/scenarios/alternatives.md")
            let (parsed, _) = ScenarioParser.parse(article)
            let scenario = try #require(parsed)
            let score = ReplyScorer(scenario: scenario).score(reply, at: scenario.steps[0])
            return (score.points["clear-communication"] ?? 0) / (score.possible["clear-communication"] ?? 1)
        }
        let modelOnly = try coverage(text)
        let withAlternative = try coverage(text + alternative)
        #expect(modelOnly < 0.7)
        #expect(withAlternative == 1)
    }

    @Test func negatedWordsCoverNothingOfTheModelAnswer() {
        let said = Self.score(
            "I've refunded the $9.99 express fee to your card today, and I'll keep an eye on the order and follow up with you on Monday.",
            "delivery-delay-phone", "fee-refund")
        let denied = Self.score(
            "I haven't refunded the $9.99 express fee to your card today, and I won't keep an eye on the order or follow up with you on Monday.",
            "delivery-delay-phone", "fee-refund")
        let share = { (score: ReplyScore) in (score.points["clear-communication"] ?? 0) / (score.possible["clear-communication"] ?? 1) }
        #expect(share(denied) < share(said) / 2)
    }

    @Test func negationEndsWithItsNounPhraseOrItsPredicate() {
        // "no notice" negates the notice, not the credit after it.
        let credit = Self.score(
            "A missed appointment with no 24 hours' notice comes with a $30 credit, Nora.", "missed-technician-social", "credit")
        #expect(credit.evidence.contains { $0.expectation == "apply the $30 missed-appointment credit" })
        // "won't charge" belongs to the phone; "is the last thing you need" is a new predicate.
        let empathy = Self.score(
            "A phone that won't charge is the last thing you need, so let's sort it.", "faulty-phone-warranty-phone", "opening")
        #expect(empathy.evidence.contains { $0.expectation == "acknowledge the inconvenience" })
        // But "no refund" is still no refund.
        let refused = Self.score("There is no refund for the express fee.", "delivery-delay-phone", "fee-refund")
        #expect(!refused.evidence.contains { $0.expectation == "refund the express delivery fee" })
    }

    @Test func aRefusalInOtherWordsMeetsTheCriticalExpectation() {
        let score = Self.score("I'm sorry, but I can't discuss Peter's account with you.", "third-party-disclosure-chat", "opening")
        #expect(score.criticalMisses.isEmpty)
    }

    @Test func toneFlagsArePatternsNotSingleWords() {
        #expect(Self.score("That's the courier's problem, not mine.", "delivery-delay-phone", "opening").redFlags.count == 1)
        #expect(Self.score("Rules are rules.", "delivery-delay-phone", "opening").redFlags.count == 1)
        #expect(
            Self.score(
                "Your phone obviously can't charge without a cable, so I'll book a repair.", "faulty-phone-warranty-phone", "opening"
            ).redFlags.isEmpty)
        // Helpful sentences that share words with hostile ones are not flagged.
        for harmless in [
            "Maybe check your spam folder for the email with the case number.",
            "If you're still unhappy, you can take it up with the Telecommunications Ombudsman.",
            "Like everyone else on the plan, you get 5 GB, and there's no need to keep the receipt.",
            "Let me know if you'd prefer a callback or don't mind holding for a minute.",
            "You should know up front that approval isn't guaranteed.",
        ] {
            #expect(Self.score(harmless, "complaint-escalation-email", "opening").redFlags.isEmpty, "\(harmless)")
        }
        // Hostile ones are.
        #expect(!Self.score("It's a $15 plan, what did you expect?", "upsell-data-chat", "opening").redFlags.isEmpty)
        #expect(
            !Self.score("As I've already explained, the carrier is looking for it.", "lost-parcel-trace-email", "opening").redFlags.isEmpty)
    }

    @Test func aFigureIsCheckedAgainstTheTopicOfItsOwnClause() {
        let score = Self.score(
            "I've taken off the $10 late fee, and the plan is six payments of $40 on top of your bill.", "payment-plan-chat", "hardship")
        #expect(score.factsContradicted.isEmpty, "\(score.factsContradicted)")
    }

    @Test func listeningIsExpectedWhereTheCustomerGaveDetails() {
        let heard = "show you heard the customer"
        // "Thanks. And what if you decide I have to pay it after all?": nothing to restate; answering is the listening.
        let question = Self.score(
            "If the decision goes against you, you'd have 14 days to pay, with no late fee meanwhile.", "billing-dispute-email",
            "follow-up-question")
        #expect(!question.misses.contains { $0.expectation == heard })
        #expect(!question.evidence.contains { $0.competency == "active-listening" })
        // An order number, a phone and a late delivery: a reply that picks up none of them missed something.
        let detailed = Self.score("Sorry about that. Let me look into it for you.", "delivery-delay-phone", "opening")
        #expect(detailed.misses.contains { $0.expectation == heard })
    }

    @Test func aFigureGoesWithTheWholeNameItFollows() {
        // "Tidewell" is in the topic "Tidewell Unlimited monthly price", but "Tidewell Lite" names another plan.
        let other = Self.score(
            "It goes back to $40 after three bills. If that's still too much, Tidewell Lite is $15 a month with unlimited calls.",
            "cancellation-retention-phone", "decision")
        #expect(other.factsContradicted.isEmpty, "\(other.factsContradicted)")
        let wrong = Self.score(
            "After the three bills, Tidewell Unlimited is $45 a month again, and you can cancel any time.",
            "cancellation-retention-phone", "decision")
        #expect(wrong.factsContradicted.first?.expected == "$40", "\(wrong.factsContradicted)")
    }

    @Test func theCustomerOnlyTakesUpAnOfferThatWasMade() {
        let scenario = Self.library.scenario(id: "cancellation-retention-phone")!
        var without = Self.library.session(for: scenario)
        without.submit("I understand. Can I ask what you mostly use your phone for?")
        #expect(without.currentStep?.id == "no-offer")
        var with = Self.library.session(for: scenario)
        with.submit("I understand, Aisha. I can take 20% off your plan for the next 3 months if that helps?")
        #expect(with.currentStep?.id == "decision")
    }

    @Test func hintsDescribeTheBehaviourRatherThanAPhraseToCopy() {
        let scenario = Self.library.scenario(id: "delivery-delay-phone")!
        let hint = Self.library.session(for: scenario).hint() ?? ""
        #expect(!hint.contains("e.g."))
        #expect(!hint.contains("\""))
        let miss = Self.score("Okay.", "delivery-delay-phone", "opening").misses.first { $0.competency == "empathy" }
        #expect(miss?.hint.hasPrefix("try:") == false)
    }
}
