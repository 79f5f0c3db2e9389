import KnowledgeBase
import Testing

@testable import Training

@Suite struct QuizFileParserTests {
    static let quiz = """
        ---
        id: quiz-refunds
        type: quiz
        competency: refunds-and-orders
        article: refunds
        reviewed: 2026-11-15
        ---

        # Refunds quiz

        ## How long does a refund take? {#refund-time}

        answer: 5 business days
        answer: five business days
        typos: no

        > Refunds are processed within 5 business days.

        ## Which fee applies to an opened phone? {#restocking}

        competency: policy-accuracy

        - [ ] None
        - [x] $25
        - [ ] $50

        > Opened phones carry a $25 restocking fee.

        ## Which are not returnable? {#not-returnable}

        - [x] Gift cards
        - [ ] Phones
        - [X] Activated SIM cards

        > Gift cards and activated SIMs cannot be returned.

        ## Refunds need a team leader's approval. {#refund-approval}

        answer: false

        > Refunds that follow the rules need no approval.

        ## Put the steps in order. {#refund-steps}

        article: how-to-issue-a-refund
        kind: order

        1. Verify
        2. Check the return
        3. Refund

        > Verify, check, refund.
        """

    @Test func everyKindIsReadWithItsAnswer() throws {
        let article = QuizFixtures.article(Self.quiz, path: "training/quizzes/refunds.md")
        let (questions, diagnostics) = QuizFileParser.parse(article)
        #expect(diagnostics.isEmpty)
        #expect(questions.map(\.id) == ["refund-time", "restocking", "not-returnable", "refund-approval", "refund-steps"])
        #expect(questions[0].kind == .shortAnswer(accepted: ["5 business days", "five business days"], allowsTypos: false))
        #expect(questions[0].prompt == "How long does a refund take?")
        #expect(questions[0].competency == "refunds-and-orders")
        #expect(questions[0].articleID == "refunds")
        #expect(questions[0].explanation == "Refunds are processed within 5 business days.")
        #expect(questions[0].origin == .quizFile(path: "training/quizzes/refunds.md", line: 11))
        #expect(questions[1].kind == .singleChoice(options: ["None", "$25", "$50"], correct: 1))
        #expect(questions[1].competency == "policy-accuracy")
        #expect(questions[2].kind == .multipleChoice(options: ["Gift cards", "Phones", "Activated SIM cards"], correct: [0, 2]))
        #expect(questions[3].kind == .trueFalse(answer: false))
        #expect(questions[4].kind == .ordering(steps: ["Verify", "Check the return", "Refund"]))
        #expect(questions[4].articleID == "how-to-issue-a-refund")
    }

    @Test func fixingATypoInThePromptKeepsTheId() throws {
        let edited = Self.quiz.replacingOccurrences(of: "How long does a refund take?", with: "How long does a refund usually take?")
        let before = QuizFileParser.parse(QuizFixtures.article(Self.quiz, path: "q.md")).questions
        let after = QuizFileParser.parse(QuizFixtures.article(edited, path: "q.md")).questions
        #expect(before.map(\.id) == after.map(\.id))
        #expect(before[0].prompt != after[0].prompt)
    }

    static func problems(_ body: String) -> [String] {
        let text = "---\ntype: quiz\ncompetency: empathy\narticle: refunds\n---\n\n" + body
        return QuizFileParser.parse(QuizFixtures.article(text, path: "q.md")).diagnostics.map(\.description)
    }

    @Test func noCorrectOptionIsAnErrorAtTheHeading() {
        let problems = Self.problems("## Pick one {#q1}\n\n- [ ] a\n- [ ] b\n\n> because\n")
        #expect(problems == ["q.md:7:1: error: question 'q1' has no correct option; mark the right one with '- [x]'"])
    }

    @Test func duplicateOptionsAreReportedAtTheRepeat() {
        let problems = Self.problems("## Pick one {#q1}\n\n- [x] Yes\n- [ ] yes\n\n> because\n")
        #expect(problems == ["q.md:10:1: error: duplicate option 'yes' (also on line 9); each option must differ"])
    }

    @Test func missingIdSuggestsOne() {
        let problems = Self.problems("## How long is the window?\n\nanswer: 30 days\n\n> because\n")
        #expect(problems == ["q.md:7:1: error: question has no id; end the heading with a stable id such as {#long-window}"])
        // Whole words only: an apostrophe does not cut one in two.
        #expect(QuestionBlock.suggestedID("What's the customer's change-of-mind window?") == "whats-customers-change-mind-window")
    }

    @Test func anIdMustBeLowerCaseWordsJoinedByHyphens() {
        let problems = Self.problems("## How long is the lead? {#Pets Lead}\n\nanswer: 2 metres\n\n> because\n")
        #expect(
            problems == [
                "q.md:7:1: error: question id 'Pets Lead' should use only lower-case letters, digits and '-', such as {#pets-lead}"
            ])
    }

    @Test func aQuestionWithoutAnIdIsStillCheckedForItsOtherProblems() {
        let problems = Self.problems("## How long is the window?\n\nanswer: 30 days\n")
        #expect(problems.contains { $0.contains("question has no id") })
        #expect(problems.contains { $0.contains("has no explanation") })
    }

    @Test func singleChoiceWithTwoCorrectOptionsIsAnError() {
        let problems = Self.problems("## Pick one {#q1}\n\nkind: single\n\n- [x] a\n- [x] b\n\n> because\n")
        #expect(
            problems == ["q.md:9:1: error: single-choice question 'q1' marks 2 options correct; keep one '- [x]' or use 'kind: multiple'"])
    }

    @Test func missingExplanationAndAnswerAreErrors() {
        let problems = Self.problems("## What is it? {#q1}\n\nkind: short\n")
        #expect(problems.contains("q.md:7:1: error: question 'q1' has no explanation; add a '> ' line saying why the answer is right"))
        #expect(problems.contains("q.md:7:1: error: short-answer question 'q1' has no accepted answer; add 'answer: ...' lines"))
    }

    @Test func unknownKindIsAnErrorAtItsLine() {
        let problems = Self.problems("## What is it? {#q1}\n\nkind: essay\n\n> because\n")
        #expect(problems == ["q.md:9:1: error: unknown question kind 'essay'; use single, multiple, true-false, order or short"])
    }
}
