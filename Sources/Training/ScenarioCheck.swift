import Foundation
import KnowledgeBase
import Search

/// The `frontline check` rules for scenario files: everything the parser reports, plus links to
/// articles and steps, facts the article does not state, evidence no reply could meet, and branches
/// that loop with no way to an ending.
public struct ScenarioCheck: ContentCheck {
    private let analyzer: TextAnalyzer?

    /// A check that analyses phrases with `analyzer`, by default the knowledge base's own synonyms.
    public init(analyzer: TextAnalyzer? = nil) {
        self.analyzer = analyzer
    }

    /// Every problem in the scenario files of `knowledgeBase`.
    public func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        let library = ScenarioLibrary(knowledgeBase: knowledgeBase, analyzer: analyzer)
        let analyzer = library.analyzer
        var result = library.diagnostics
        for scenario in library.scenarios {
            guard let article = knowledgeBase.article(path: scenario.path) else { continue }
            result += diagnostics(for: scenario, article: article, knowledgeBase: knowledgeBase, analyzer: analyzer, library: library)
        }
        result += library.behaviours.diagnostics
        let calibration = CalibrationSet(knowledgeBase: knowledgeBase)
        result += calibration.diagnostics
        for run in calibration.runs {
            guard let scenario = library.scenario(id: run.scenario) else {
                result.append(.error("calibration file names unknown scenario '\(run.scenario)'", path: run.path, line: 1))
                continue
            }
            for reply in run.replies where scenario.step(id: reply.step) == nil {
                result.append(
                    .warning(
                        "reply to unknown step '\(reply.step)' of '\(run.scenario)'; it is not scored", path: run.path, line: reply.line))
            }
        }
        return result
    }

    /// The cross-file and analysis problems of one parsed scenario.
    func diagnostics(
        for scenario: Scenario, article: Article, knowledgeBase: KnowledgeBase, analyzer: TextAnalyzer, library: ScenarioLibrary
    ) -> [Diagnostic] {
        var result: [Diagnostic] = []
        let path = scenario.path
        func error(_ message: String, _ line: Int) { result.append(.error(message, path: path, line: line)) }
        func warning(_ message: String, _ line: Int) { result.append(.warning(message, path: path, line: line)) }

        let articlesLine = article.frontMatter["articles"]?.line ?? 1
        for id in scenario.articleIDs where knowledgeBase.article(id: id) == nil {
            error(
                "unknown article '\(id)' in 'articles'\(EditDistance.didYouMean(id, among: knowledgeBase.articles.map(\.id)))", articlesLine
            )
        }
        let stepIDs = Set(scenario.steps.map(\.id))
        var expected: Set<String> = []
        for step in scenario.steps {
            for (band, destination) in step.branches.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if case .step(let target) = destination, !stepIDs.contains(target) {
                    let known = scenario.steps.map(\.id).min { EditDistance.between($0, target) < EditDistance.between($1, target) }
                    let hint = known.map { EditDistance.between($0, target) <= 3 ? "; did you mean '\($0)'?" : "" } ?? ""
                    error(
                        "branch '\(band.rawValue)' goes to missing step '\(target)'\(hint) (steps are the '##' headings; endings are resolved, escalated, customer-left)",
                        step.branchLines[band] ?? step.line)
                }
            }
            for expectation in step.expectations {
                expected.insert(expectation.competency)
                let usable = expectation.phrases.filter { !CompiledPhrase($0, analyzer: analyzer, synonyms: false).isEmpty }
                for phrase in expectation.phrases where CompiledPhrase(phrase, analyzer: analyzer, synonyms: false).isEmpty {
                    error(
                        "evidence phrase \"\(phrase)\" has no words after analysis, so no reply can match it; write words", expectation.line
                    )
                }
                if usable.isEmpty, !expectation.phrases.isEmpty {
                    error("expectation '\(expectation.description)' cannot be met: none of its phrases has words", expectation.line)
                }
                for phrase in usable where analyzer.tokens(in: phrase).allSatisfy({ Negation.cues.contains($0.text) }) {
                    error(
                        "evidence phrase \"\(phrase)\" is only a negation, which the scorer never counts; write what the agent says",
                        expectation.line)
                }
            }
            let keys = Set(step.expectations.compactMap(\.key))
            for branch in step.conditionalBranches {
                if !keys.contains(branch.expectation) {
                    let known =
                        keys.isEmpty
                        ? "no expectation of this step has a key; add one as '- expect COMPETENCY WEIGHT [KEY]: ...'"
                        : "keys here: \(keys.sorted().joined(separator: ", "))"
                    error("branch tests unknown expectation '[\(branch.expectation)]'; \(known)", branch.line)
                }
                if case .step(let target) = branch.destination, !stepIDs.contains(target) {
                    error(
                        "branch goes to missing step '\(target)' (steps are the '##' headings; endings are resolved, escalated, customer-left)",
                        branch.line)
                }
            }
            for expectation in step.expectations {
                for id in expectation.behaviours where library.behaviours.behaviour(id) == nil {
                    let known = Array(library.behaviours.behaviours.keys)
                    error(
                        "unknown behaviour '@\(id)'\(EditDistance.didYouMean(id, among: known)); behaviours are the headings of training/behaviours.md",
                        expectation.line)
                }
            }
            for flag in step.redFlags {
                for phrase in flag.phrases where CompiledPhrase(phrase, analyzer: analyzer, synonyms: false).isEmpty {
                    error("red-flag phrase \"\(phrase)\" has no words after analysis; write words", flag.line)
                }
            }
            for fact in step.facts {
                if fact.weight > 0 { expected.insert("policy-accuracy") }
                guard let source = knowledgeBase.article(id: fact.articleID) else {
                    error(
                        "fact points at unknown article '\(fact.articleID)'\(EditDistance.didYouMean(fact.articleID, among: knowledgeBase.articles.map(\.id)))",
                        fact.line)
                    continue
                }
                if !source.kind.isKnowledge {
                    warning(
                        "fact points at '\(fact.articleID)', which is \(source.kind.rawValue) content, not a knowledge article", fact.line)
                }
                if !Quantity.parse(fact.figure, analyzer: analyzer).isEmpty,
                    ScenarioLibrary.sentence(stating: fact, in: source, analyzer: analyzer) == nil
                {
                    error(
                        "fact figure '\(fact.figure)' does not appear in article '\(fact.articleID)' (\(source.path)); check the figure against the policy",
                        fact.line)
                }
            }
        }
        result += modelAnswerDiagnostics(for: scenario, scorer: library.scorer(for: scenario))
        // Implicit rubric parts every step has.
        expected.formUnion(["active-listening", "diplomacy"])
        let competenciesLine = article.frontMatter["competencies"]?.line ?? 1
        for competency in scenario.competencies where !expected.contains(competency) {
            warning("scenario lists competency '\(competency)' but no step expects it; add an expectation or remove it", competenciesLine)
        }
        result += reachability(scenario)
        result += closings(scenario)
        return result
    }

    /// Closing words for an ending no branch leads to (the turn limit always can end in `customer-left`).
    func closings(_ scenario: Scenario) -> [Diagnostic] {
        var reached: Set<Ending> = [.customerLeft]
        for step in scenario.steps {
            for band in ScoreBand.allCases {
                if case .ending(let ending)? = step.destination(for: band) { reached.insert(ending) }
            }
            for branch in step.conditionalBranches {
                if case .ending(let ending) = branch.destination { reached.insert(ending) }
            }
        }
        return scenario.closings.sorted { $0.value.line < $1.value.line }.compactMap { ending, closing in
            reached.contains(ending)
                ? nil
                : .warning(
                    "no branch ends in '\(ending.rawValue)', so its closing words are never said; branch to it or remove the section",
                    path: scenario.path, line: closing.line)
        }
    }

    /// Steps that can never reach an ending (a loop), and steps never reached from the first.
    func reachability(_ scenario: Scenario) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var edges: [String: [String]] = [:]
        var endsDirectly: Set<String> = []
        for step in scenario.steps {
            for band in ScoreBand.allCases {
                switch step.destination(for: band) {
                case .step(let target)?: edges[step.id, default: []].append(target)
                case .ending?: endsDirectly.insert(step.id)
                case nil: break
                }
            }
            for branch in step.conditionalBranches {
                switch branch.destination {
                case .step(let target): edges[step.id, default: []].append(target)
                case .ending: endsDirectly.insert(step.id)
                }
            }
        }
        // Steps from which an ending can be reached: grow backwards from those that end directly.
        var canEnd = endsDirectly
        var changed = true
        while changed {
            changed = false
            for step in scenario.steps where !canEnd.contains(step.id) {
                if edges[step.id, default: []].contains(where: canEnd.contains) {
                    canEnd.insert(step.id)
                    changed = true
                }
            }
        }
        for step in scenario.steps where !canEnd.contains(step.id) && !step.branches.isEmpty {
            let cycle = loop(from: step.id, edges: edges)
            result.append(
                .error(
                    "step '\(step.id)' can never reach an ending: its branches loop (\(cycle.joined(separator: " → "))); send one band to resolved, escalated or customer-left",
                    path: scenario.path, line: step.line))
        }
        var reached: Set<String> = []
        var pending = scenario.firstStep.map { [$0.id] } ?? []
        while let next = pending.popLast() {
            guard reached.insert(next).inserted else { continue }
            pending += edges[next, default: []]
        }
        for step in scenario.steps where !reached.contains(step.id) {
            result.append(
                .warning(
                    "step '\(step.id)' is never reached from the first step; branch to it or remove it", path: scenario.path,
                    line: step.line))
        }
        return result
    }

    /// A path from `start` that comes back to a step already on it.
    private func loop(from start: String, edges: [String: [String]]) -> [String] {
        var path = [start]
        var current = start
        while let next = edges[current]?.first {
            path.append(next)
            if path.dropLast().contains(next) { break }
            current = next
            if path.count > 20 { break }
        }
        return path
    }

    /// A model answer or alternative that fails its own step's rubric misleads twice: trainees copy
    /// it, and the coverage it sets is out of reach. Each must pass the scenario's mark with no red flag.
    func modelAnswerDiagnostics(for scenario: Scenario, scorer: ReplyScorer) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for step in scenario.steps {
            for (index, answer) in ([step.modelAnswer] + step.alternativeAnswers).enumerated() where !answer.isEmpty {
                let score = scorer.score(answer, at: step)
                let name = index == 0 ? "the model answer" : "alternative \(index)"
                let line = index == 0 ? step.line : step.alternativeLines[index - 1]
                if let flag = score.redFlags.first {
                    result.append(
                        .warning(
                            "\(name) of step '\(step.id)' trips the red flag '\(flag.reason)' on \"\(flag.matched)\"; reword it",
                            path: scenario.path, line: line))
                } else if score.score < Double(scenario.passMark) {
                    let missed = score.misses.map { "'\($0.expectation)'" }.joined(separator: ", ")
                    result.append(
                        .warning(
                            "\(name) of step '\(step.id)' scores \(Int(score.score)) against its own rubric, under the pass mark of \(scenario.passMark) (missed: \(missed)); add what it misses, or evidence phrases it uses",
                            path: scenario.path, line: line))
                }
            }
        }
        return result
    }
}
