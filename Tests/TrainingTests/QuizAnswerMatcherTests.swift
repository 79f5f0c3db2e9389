import Testing

@testable import Training

@Suite struct QuizAnswerMatcherTests {
    let matcher = ShortAnswerMatcher()

    @Test(arguments: ["30 days", "thirty days", "30-day", "30 Days", "within 30 days", "30days"])
    func thirtyDaysInEveryForm(_ typed: String) {
        let match = matcher.match(typed, accepted: ["30 days"], allowsTypos: true)
        #expect(match.isAccepted)
        #expect(!match.hasForgivenTypo)
    }

    @Test(arguments: ["60 days", "3 days", "30 days or 60 days", "30", "days", ""])
    func wrongOrIncompleteAnswersAreRejected(_ typed: String) {
        #expect(!matcher.match(typed, accepted: ["30 days"], allowsTypos: true).isAccepted)
    }

    @Test func aBareFigureIsTheAnswerUnlessItsLengthOfTimeIsUnsaid() {
        #expect(matcher.match("3", accepted: ["3 authorised persons"], allowsTypos: true).isAccepted)
        #expect(matcher.match("18", accepted: ["18 or over"], allowsTypos: true).isAccepted)
        #expect(matcher.match("2m", accepted: ["2 metres"], allowsTypos: true).isAccepted)
        #expect(!matcher.match("2km", accepted: ["2 metres"], allowsTypos: true).isAccepted)
        #expect(!matcher.match("4", accepted: ["3 authorised persons"], allowsTypos: true).isAccepted)
        #expect(!matcher.match("30", accepted: ["30 days"], allowsTypos: true, prompt: "How long may a customer wait?").isAccepted)
        #expect(matcher.match("30", accepted: ["30 days"], allowsTypos: true, prompt: "Within how many days of delivery?").isAccepted)
    }

    @Test func amountsMatchWithOrWithoutTheSign() {
        #expect(matcher.match("$50", accepted: ["$50", "50 dollars"], allowsTypos: true).isAccepted)
        #expect(matcher.match("50 dollars", accepted: ["$50", "50 dollars"], allowsTypos: true).isAccepted)
        #expect(!matcher.match("$40", accepted: ["$50", "50 dollars"], allowsTypos: true).isAccepted)
    }

    @Test func typoIsForgivenOnlyWhenAllowed() {
        let forgiven = matcher.match("Telecomunications Ombudsmen", accepted: ["Telecommunications Ombudsman"], allowsTypos: true)
        #expect(forgiven.isAccepted)
        #expect(forgiven.hasForgivenTypo)
        #expect(!matcher.match("Telecomunications Ombudsmen", accepted: ["Telecommunications Ombudsman"], allowsTypos: false).isAccepted)
    }

    @Test func wordFormsMatchThroughStems() {
        #expect(matcher.match("the team leaders", accepted: ["team leader"], allowsTypos: false).isAccepted)
    }

    @Test func closestAcceptedAnswerIsChosenForTheDifference() {
        let match = matcher.match("45 dollar", accepted: ["$50", "50 dollars"], allowsTypos: true)
        #expect(!match.isAccepted)
        #expect(match.closestAnswer == "50 dollars")
    }

    @Test func differenceMarksWhatIsMissingAndExtra() {
        let differences = ShortAnswerMatcher.differences(typed: "35 days", accepted: "30 days")
        #expect(
            differences.map(\.kind) == [.same, .missing, .extra, .same] || differences.map(\.kind) == [.same, .extra, .missing, .same])
        #expect(differences.first?.text == "3")
        #expect(differences.last?.text == " days")
        let rebuiltAccepted = differences.filter { $0.kind != .extra }.map(\.text).joined()
        let rebuiltTyped = differences.filter { $0.kind != .missing }.map(\.text).joined()
        #expect(rebuiltAccepted == "30 days")
        #expect(rebuiltTyped == "35 days")
    }
}
