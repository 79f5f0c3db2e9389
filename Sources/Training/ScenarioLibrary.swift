import Foundation
import KnowledgeBase
import Search

/// Every scenario of a knowledge base, parsed against its competency framework, with each policy
/// fact's quote filled in from its article.
public struct ScenarioLibrary: Sendable {
    /// The scenarios that parsed, ordered by path.
    public let scenarios: [Scenario]
    /// The competency framework the scenarios were checked against.
    public let framework: CompetencyFramework
    /// Problems found while parsing (the full validation is ``ScenarioCheck``).
    public let diagnostics: [Diagnostic]
    /// The analysis replies are scored with: the built-in synonyms plus the knowledge base's own and its
    /// paraphrase lexicon.
    public let analyzer: TextAnalyzer
    /// The shared behaviours and tone red flags (`training/behaviours.md`).
    public let behaviours: BehaviourLibrary

    /// Loads the scenarios (articles of kind `scenario`) of `knowledgeBase`, scoring with `analyzer`, by
    /// default the built-in synonyms merged with the knowledge base's `synonyms` files.
    public init(knowledgeBase: KnowledgeBase, analyzer: TextAnalyzer? = nil) {
        let analyzer = Self.withParaphrases(analyzer ?? Self.analyzer(for: knowledgeBase), from: knowledgeBase)
        self.analyzer = analyzer
        behaviours = BehaviourLibrary(knowledgeBase: knowledgeBase)
        let framework = CompetencyFramework.load(from: knowledgeBase).framework
        var scenarios: [Scenario] = []
        var diagnostics: [Diagnostic] = []
        for article in knowledgeBase.articles(of: .scenario) {
            let (parsed, problems) = ScenarioParser.parse(article, framework: framework)
            diagnostics += problems
            guard var scenario = parsed else { continue }
            for stepIndex in scenario.steps.indices {
                for factIndex in scenario.steps[stepIndex].facts.indices {
                    let fact = scenario.steps[stepIndex].facts[factIndex]
                    if let source = knowledgeBase.article(id: fact.articleID) {
                        scenario.steps[stepIndex].facts[factIndex].quote =
                            Self.sentence(stating: fact, in: source, analyzer: analyzer) ?? ""
                    }
                }
            }
            scenarios.append(scenario)
        }
        self.framework = framework
        self.scenarios = scenarios
        self.diagnostics = diagnostics
    }

    /// The built-in synonyms merged with every `synonyms` file of `knowledgeBase`.
    public static func analyzer(for knowledgeBase: KnowledgeBase) -> TextAnalyzer {
        var table = SynonymTable.builtIn
        for article in knowledgeBase.articles(of: .synonyms) { table = table.merging(SynonymTable.parse(article).0) }
        return TextAnalyzer(synonyms: table)
    }

    /// `analyzer` with the paraphrase lexicons (`type: paraphrases`) of `knowledgeBase` merged into its synonyms.
    static func withParaphrases(_ analyzer: TextAnalyzer, from knowledgeBase: KnowledgeBase) -> TextAnalyzer {
        let lexicons = knowledgeBase.articles(of: .paraphrases)
        guard !lexicons.isEmpty else { return analyzer }
        var table = analyzer.synonyms
        for article in lexicons { table = table.merging(SynonymTable.parse(article).0) }
        return TextAnalyzer(synonyms: table)
    }

    /// A new session on `scenario`, scored with this library's analysis and behaviours.
    public func session(for scenario: Scenario, mode: RolePlayMode = .practice) -> RolePlaySession {
        RolePlaySession(scenario: scenario, mode: mode, analyzer: analyzer, behaviours: behaviours)
    }

    /// A scorer for `scenario` with this library's analysis and behaviours.
    public func scorer(for scenario: Scenario) -> ReplyScorer {
        ReplyScorer(scenario: scenario, analyzer: analyzer, behaviours: behaviours)
    }

    /// The scenario with `id`.
    public func scenario(id: String) -> Scenario? { scenarios.first { $0.id == id } }

    /// The scenarios that train `competency`, on `channel`, at `difficulty` (each filter optional).
    public func scenarios(competency: String? = nil, channel: Channel? = nil, difficulty: Difficulty? = nil) -> [Scenario] {
        scenarios.filter { scenario in
            (competency.map { scenario.competencies.contains($0) } ?? true)
                && (channel.map { scenario.channel == $0 } ?? true)
                && (difficulty.map { scenario.difficulty == $0 } ?? true)
        }
    }

    /// The sentence of `article` that states `fact`'s figure, preferring one that mentions its topic.
    static func sentence(stating fact: PolicyFact, in article: Article, analyzer: TextAnalyzer) -> String? {
        guard let expected = Quantity.parse(fact.figure, analyzer: analyzer).first else { return nil }
        let topic = Set(analyzer.tokens(in: fact.topic).filter { !$0.isStopWord }.map(\.stem))
        var best: (sentence: String, overlap: Int)? = nil
        for section in article.sections {
            for sentence in sentences(in: section.text) {
                let text = AnalysedText(sentence, analyzer: analyzer)
                guard Quantity.extract(from: text).contains(where: { $0.unit == expected.unit && $0.value == expected.value }) else {
                    continue
                }
                let overlap = (0..<text.count).filter { topic.contains(text.primary($0).stem) }.count
                if best == nil || overlap > best!.overlap { best = (sentence, overlap) }
            }
        }
        return best?.sentence
    }

    /// Splits plain text into sentences at `. `, `! `, `? ` and line breaks.
    static func sentences(in text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            if character == "\n" || (character == " " && ".!?".contains(previous)) {
                let trimmed = current.trimmedText
                if !trimmed.isEmpty { result.append(trimmed) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let trimmed = current.trimmedText
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }
}
