import Search

extension ReplyScorer {
    /// Policy facts: a figure with the fact's unit that differs from it, in a sentence about the fact's
    /// topic, is a contradiction (2 points off policy accuracy, quoting the article); the right figure
    /// earns the fact's weight. Opening an article the step links to earns 1 point (open book).
    /// `quantities` are the figures of `text` (``Quantity/extract(from:spoken:)``).
    func scoreFacts(
        _ text: AnalysedText, quantities: [Quantity], step: ScenarioStep, context: ReplyContext, into result: inout ReplyScore,
        stuffed: Bool
    ) {
        let stepFigures = figures[step.id] ?? []
        for (index, fact) in step.facts.enumerated() {
            guard let expected = stepFigures[index].first else { continue }
            if fact.weight > 0 { result.offer(Double(fact.weight), "policy-accuracy") }
            let topic = topicStems(fact.topic)
            let otherTopics = Set(scenario.steps.flatMap(\.facts).map(\.topic)).subtracting([fact.topic])
            let shared = otherTopics.reduce(into: Set<String>()) { $0.formUnion(topicStems($1)) }
            var stated: Quantity? = nil
            var contradiction: Quantity? = nil
            for quantity in quantities where quantity.unit == expected.unit {
                if quantity.value == expected.value {
                    stated = stated ?? quantity
                    continue
                }
                // Another fact of this step may own this figure ("5 business days" for the trace).
                let ownedElsewhere = stepFigures.enumerated().contains { other in
                    other.offset != index && other.element.contains { $0.unit == quantity.unit && $0.value == quantity.value }
                }
                if !ownedElsewhere, claims(quantity, about: topic, sharedWith: shared, among: quantities, in: text) {
                    contradiction = contradiction ?? quantity
                }
            }
            // A sentence that states the right figure is not read as contradicting it ("the $10 late fee is
            // off, and the plan is six payments of $40").
            if let right = stated, let wrong = contradiction, text.sentence[right.position] == text.sentence[wrong.position] {
                contradiction = nil
            }
            if let contradiction {
                result.earn(-Self.contradictionPenalty, "policy-accuracy")
                if fact.weight == 0 { result.offer(0, "policy-accuracy") }
                result.factsContradicted.append(
                    FactCheck(
                        article: fact.articleID, topic: fact.topic, expected: fact.figure,
                        stated: text.excerpt(
                            contradiction.position, min(text.count - 1, contradiction.position + (contradiction.unit.count > 1 ? 1 : 0))),
                        quote: fact.quote))
            } else if let stated {
                let points = Double(fact.weight) * (stuffed ? Self.stuffingFactor : 1)
                if fact.weight > 0 { result.earn(points, "policy-accuracy") }
                result.factsStated.append(
                    FactCheck(
                        article: fact.articleID, topic: fact.topic, expected: fact.figure,
                        stated: text.excerpt(stated.position, min(text.count - 1, stated.position + (stated.unit.count > 1 ? 1 : 0))),
                        quote: fact.quote))
                if fact.weight > 0 {
                    result.evidence.append(
                        Evidence(
                            competency: "policy-accuracy", expectation: "state the \(fact.topic)", matched: fact.figure,
                            phrase: fact.figure, match: "exact", points: points))
                }
            } else if fact.weight > 0 {
                result.misses.append(
                    Miss(
                        competency: "policy-accuracy", expectation: "state the \(fact.topic)",
                        hint: "the policy says \(fact.figure) (\(fact.articleID))", isCritical: false, negated: nil,
                        points: Double(fact.weight)))
            }
        }
        // Open book: looking up an article this step links to counts toward policy accuracy.
        let linked = Set(step.facts.map(\.articleID)).union(step.facts.isEmpty ? Set(scenario.articleIDs) : [])
        if let opened = context.lookups.sorted().first(where: linked.contains),
            let possible = result.possible["policy-accuracy"], possible > 0
        {
            let earned = result.points["policy-accuracy", default: 0]
            let credit = min(1, possible - earned)
            if credit > 0 {
                result.earn(credit, "policy-accuracy")
                result.notes.append("opened '\(opened)' during the step: +\(credit == 1 ? "1" : String(credit)) policy accuracy")
            }
        }
    }

    /// Whether `quantity` is said about `topic`: a word of the topic sits within four words of it in
    /// its own clause, and no other figure of the same unit sits nearer to that word ("a $40 instalment
    /// on top of the $10 late fee" says nothing wrong about the late fee).
    ///
    /// `shared` holds the words of the scenario's other fact topics: a word two topics share ("payment"
    /// in the late payment fee and the payment plan) does not tie a figure to either on its own.
    func claims(
        _ quantity: Quantity, about topic: Set<String>, sharedWith shared: Set<String> = [], among quantities: [Quantity],
        in text: AnalysedText
    ) -> Bool {
        // Words such as "price" or "monthly" name no topic of their own: "Lite at $15 a month" is not
        // Unlimited's monthly price. A topic of several telling words needs two of them in the sentence,
        // one of them its own, unless one of its own sits right by the figure ("the $4.99 express fee").
        let allTopicWords = topic
        let telling = topic.subtracting(Self.vagueTopicWords)
        let topic = telling.isEmpty ? topic : telling
        let ownWords = topic.subtracting(shared).isEmpty ? topic : topic.subtracting(shared)
        let sentence = text.sentence[quantity.position]
        if topic.count >= 2 {
            let mentioned = Set((0..<text.count).filter { text.sentence[$0] == sentence }.map { text.primary($0).stem }).intersection(topic)
            let adjacent = (max(0, quantity.position - 2)...min(text.count - 1, quantity.position + 2)).contains {
                text.sentence[$0] == sentence && ownWords.contains(text.primary($0).stem)
            }
            if (mentioned.count < 2 || mentioned.isDisjoint(with: ownWords)) && !adjacent { return false }
        }
        let clause = text.clause[quantity.position]
        let window = max(0, quantity.position - 4)...min(text.count - 1, quantity.position + 4)
        // The figure belongs to the name nearest it: "Tidewell Lite is $15 a month with unlimited calls"
        // says nothing about Tidewell Unlimited.
        if let name = nearestName(to: quantity.position, within: window, in: text),
            !name.allSatisfy({ allTopicWords.contains(text.primary($0).stem) })
        {
            return false
        }
        for position in window where text.clause[position] == clause && topic.contains(text.primary(position).stem) {
            let distance = abs(position - quantity.position)
            let nearer = quantities.contains { other in
                other.position != quantity.position && other.unit == quantity.unit && text.clause[other.position] == clause
                    && abs(other.position - position) < distance
            }
            if !nearer { return true }
        }
        return false
    }

    /// The positions of the name nearest `position` in its clause and `window`: a run of capitalised
    /// words ("Tidewell Lite") with at least one past the start of its sentence, since any sentence
    /// opens with a capital. Ties go to the name before the figure.
    func nearestName(to position: Int, within window: ClosedRange<Int>, in text: AnalysedText) -> ClosedRange<Int>? {
        // Capitalised, not in capitals: "GB" and "SIM" are units and things, not names.
        func isCapitalised(_ index: Int) -> Bool {
            let word = text.text[text.slots[index][0].range]
            return (word.first?.isUppercase ?? false) && word.contains(where: \.isLowercase)
        }
        func startsSentence(_ index: Int) -> Bool { index == 0 || text.sentence[index - 1] != text.sentence[index] }
        let clause = text.clause[position]
        var best: (run: ClosedRange<Int>, distance: Int)? = nil
        var index = window.lowerBound
        while index <= window.upperBound {
            guard text.clause[index] == clause, index != position, isCapitalised(index) else {
                index += 1
                continue
            }
            var last = index
            while last + 1 <= window.upperBound, last + 1 != position, text.clause[last + 1] == clause, isCapitalised(last + 1) {
                last += 1
            }
            let run = index...last
            if run.contains(where: { !startsSentence($0) }) {
                let distance = last < position ? position - last : index - position
                if best == nil || distance < best!.distance { best = (run, distance) }
            }
            index = last + 1
        }
        return best?.run
    }

    /// Topic words too common to tie a figure to a topic on their own.
    static let vagueTopicWords: Set<String> = [
        "month", "monthli", "price", "cost", "fee", "charg", "time", "day", "amount", "number", "plan", "length", "valid", "for",
        "lasts", "last", "up", "to", "after", "take", "takes",
    ]

    /// The content-word stems of a fact's topic.
    func topicStems(_ topic: String) -> Set<String> {
        Set(analyzer.tokens(in: topic).filter { !$0.isStopWord }.map(\.stem))
    }
}
