import KnowledgeBase

/// One way a query concept can match: a stem (a word's, or a synonym phrase's such as `money
/// back`, see ``PhraseTerms``), or several stems that must all occur (a quoted phrase's), with how
/// much it counts relative to a literal match.
struct Alternative {
    var stems: [Int32]
    var weight: Float
    /// The inverse document frequency to score with instead of each stem's own. Synonyms score
    /// with the query word's, so that a rare synonym never outweighs the word the agent typed.
    var conceptIDF: Float? = nil
}

/// One concept of the query and the ways it matches; a document's clause score is its best alternative.
struct Clause {
    var alternatives: [Alternative]
    /// The query positions (bits) this clause covers, for counting how much of the query matched.
    var positions: UInt32
    /// For quoted phrases: the stems to find word for word; a hit must contain them.
    var phrase: [String]? = nil
}

/// A parsed query resolved against the index dictionary.
struct QueryPlan {
    var clauses: [Clause] = []
    /// Every query position, as bits.
    var allPositions: UInt32 = 0
    /// How much each position counts when measuring how much of the query a document matched: the
    /// inverse document frequency of its best alternative, so missing a rare word costs more.
    var positionWeights = [Float](repeating: 0, count: 32)
    var excludedArticles: Set<Int32> = []
    /// The free words, folded, with any typo correction, for "did you mean".
    var correctedWords: [String] = []
    var hasCorrection = false
    /// The query's content stems, for promotions.
    var contentStems: [String] = []
    /// A quoted phrase holds a word the index does not have: nothing can match.
    var isUnsatisfiable = false
}

extension SearchIndex {
    /// The most positions a query uses; later words are ignored.
    static let maximumPositions = 24

    /// The query's words by position, each kept position's bit, and what the plan needs to know of them.
    struct QueryPositions {
        /// Each position's primary token and its variants (a compound's joined form...).
        var groups: [(primary: Token, variants: [Token])]
        /// Each position's bit in a document's matched set; 0 for positions not scored (stop words
        /// among content words, positions past ``SearchIndex/maximumPositions``).
        var bitOf: [UInt32]
        /// Whether the query has a word that is not a stop word.
        var hasContent: Bool
        /// The next free bit.
        var nextBit: Int
    }

    /// The plan of `query`: a clause per kept word (the word, its typos, prefixes and synonyms), per
    /// span of words (phrase synonyms, joined compounds), per quoted phrase, and the excluded articles.
    func plan(_ query: ParsedQuery) -> QueryPlan {
        var plan = QueryPlan()
        var positions = queryPositions(query)
        plan.contentStems.reserveCapacity(positions.nextBit)
        for index in positions.groups.indices where positions.bitOf[index] != 0 {
            plan.contentStems.append(positions.groups[index].primary.stem)
        }
        plan.correctedWords.reserveCapacity(positions.groups.count)
        plan.clauses.reserveCapacity(2 * positions.nextBit)
        for index in positions.groups.indices {
            addWordClause(at: index, of: positions, query: query, to: &plan)
        }
        addSpanClauses(of: positions, to: &plan)
        addCommonWordPhraseClauses(of: positions, to: &plan)
        addQuotedPhrases(of: query, nextBit: &positions.nextBit, to: &plan)
        addExclusions(of: query, to: &plan)
        return plan
    }

    /// The query's words grouped by position, with a bit for each position that is scored.
    private func queryPositions(_ query: ParsedQuery) -> QueryPositions {
        // The stems of words the index has are its own: stemming is most of tokenising a query.
        let tokens = analyzer.tokens(in: query.words) { dictionary.stem(ofWord: $0) }
        // Positions with their primary token and variants.
        var groups: [(primary: Token, variants: [Token])] = []
        for token in tokens {
            if let last = groups.last, last.primary.position == token.position {
                groups[groups.count - 1].variants.append(token)
            } else {
                groups.append((token, []))
            }
        }
        let hasContent = groups.contains { !$0.primary.isStopWord }
        // Each kept position gets a bit; the others none (0).
        var bitOf = [UInt32](repeating: 0, count: groups.count)
        var nextBit = 0
        for (index, group) in groups.enumerated() where (!hasContent || !group.primary.isStopWord) && nextBit < Self.maximumPositions {
            bitOf[index] = 1 << UInt32(nextBit)
            nextBit += 1
        }
        return QueryPositions(groups: groups, bitOf: bitOf, hasContent: hasContent, nextBit: nextBit)
    }

    /// A word's alternatives as they are gathered: each single stem once.
    struct AlternativeSet {
        // Sized for the literal word, its typos, prefixes and synonyms, so that they seldom grow.
        var alternatives: [Alternative] = []
        /// The single stems taken, each once: a handful, so a list.
        var used: [Int32] = []

        init() {
            alternatives.reserveCapacity(16)
            used.reserveCapacity(16)
        }

        mutating func add(_ stems: [Int32], _ weight: Float, _ conceptIDF: Float? = nil) {
            if stems.count == 1 {
                guard !used.contains(stems[0]) else { return }
                used.append(stems[0])
            }
            alternatives.append(Alternative(stems: stems, weight: weight, conceptIDF: conceptIDF))
        }
    }

    /// The clause of the word at position `index`: the word as the index has it, else its closest
    /// typos; a prefix's completions when it ends the query; its synonyms. Also its corrected form
    /// and its position's weight.
    private func addWordClause(at index: Int, of positions: QueryPositions, query: ParsedQuery, to plan: inout QueryPlan) {
        let group = positions.groups[index]
        let bit = positions.bitOf[index]
        guard bit != 0 else {
            plan.correctedWords.append(group.primary.text)
            return
        }
        var set = AlternativeSet()
        if let stem = dictionary.stemIDs[group.primary.stem] { set.add([stem], 1) }
        for token in group.variants {
            if let stem = dictionary.stemIDs[token.stem] { set.add([stem], 1) }
        }
        let isLiteral = !set.alternatives.isEmpty
        let word = group.primary.text
        var corrected = word
        if !isLiteral, TextAnalyzer.isStemmable(word) {
            let correction = addTypos(of: word, hasContent: positions.hasContent, to: &set)
            if correction.isStopWord {
                // A misspelt stop word ("custmer"): drop it like the stop word it is.
                plan.correctedWords.append(correction.word)
                plan.hasCorrection = true
                return
            }
            if !correction.word.isEmpty {
                corrected = correction.word
                plan.hasCorrection = true
            }
        }
        if index == positions.groups.count - 1, query.endsInWord, word.utf8.count >= 2 {
            let hasCompletions = addCompletions(of: word, isLiteral: isLiteral, to: &set)
            if hasCompletions && !isLiteral { plan.hasCorrection = false }
        }
        if isLiteral {
            let literalIDF = idf[Int(set.alternatives[0].stems[0])]
            addSynonyms(of: [group.primary.stem], weight: Weights.synonym, conceptIDF: literalIDF) { set.add($0, $1, $2) }
        } else if set.alternatives.isEmpty {
            // A word the index lacks may still have synonyms it has; all score with one rarity.
            let found = analyzer.synonyms.alternatives(for: [group.primary.stem]).compactMap(termIDs)
            let shared = found.flatMap { $0 }.map { idf[Int($0)] }.max()
            for ids in found { set.add(ids, Weights.synonym / Float(ids.count), shared) }
        }
        plan.correctedWords.append(corrected)
        if !set.alternatives.isEmpty {
            plan.clauses.append(Clause(alternatives: set.alternatives, positions: bit))
        }
        let bestIDF = set.alternatives.first.map { idf[Int($0.stems[0])] } ?? idf.max() ?? 1
        plan.positionWeights[bit.trailingZeroBitCount] = max(0.05, bestIDF)
        plan.allPositions |= bit
    }

    /// The closest index words to `word` (the index lacks it), with their synonyms a little lower.
    /// Returns the correction: the best word, or an empty word when none is close. A misspelt stop
    /// word ("teh") comes back flagged, with nothing added, when the query has other words.
    private func addTypos(of word: String, hasContent: Bool, to set: inout AlternativeSet) -> (word: String, isStopWord: Bool) {
        let corrections = dictionary.corrections(for: word, maxDistance: EditDistance.allowedEdits(word.unicodeScalars.count))
        guard let best = corrections.first else { return ("", false) }
        if StopWords.contains(dictionary.words[Int(best.word)]), hasContent,
            corrections.count == 1 || corrections[1].distance > best.distance
        {
            return (dictionary.words[Int(best.word)], true)
        }
        let closest = corrections.prefix { $0.distance == best.distance }.prefix(6)
        let maxCount = Float(closest.map { dictionary.wordCount[Int($0.word)] }.max() ?? 1)
        for candidate in closest {
            let share = Float(dictionary.wordCount[Int(candidate.word)]) / maxCount
            set.add([dictionary.wordStem[Int(candidate.word)]], Weights.typo * (0.6 + 0.4 * share))
        }
        // The corrected word brings its synonyms too, a little lower.
        let bestStem = dictionary.wordStem[Int(best.word)]
        addSynonyms(of: [dictionary.stems[Int(bestStem)]], weight: Weights.typo * Weights.synonym, conceptIDF: idf[Int(bestStem)]) {
            set.add($0, $1, $2)
        }
        return (dictionary.words[Int(best.word)], false)
    }

    /// The most frequent index words that start with `word` (the query's last word, still being typed).
    /// A longer form of a word the index has scores with that word's rarity. Returns whether there
    /// were any.
    private func addCompletions(of word: String, isLiteral: Bool, to set: inout AlternativeSet) -> Bool {
        let candidates = dictionary.mostFrequentWords(withPrefix: word, excluding: word, limit: 8)
        let maxCount = Float(candidates.first.map { dictionary.wordCount[Int($0)] } ?? 1)
        let literalIDF = isLiteral ? idf[Int(set.alternatives[0].stems[0])] : nil
        for candidate in candidates {
            let share = Float(dictionary.wordCount[Int(candidate)]) / maxCount
            set.add([dictionary.wordStem[Int(candidate)]], Weights.prefix * (0.5 + 0.5 * share), literalIDF)
        }
        return !candidates.isEmpty
    }

    /// Spans of several kept words: phrase synonyms ("money back" → refund) and joined compounds
    /// ("pre order" → preorder).
    private func addSpanClauses(of positions: QueryPositions, to plan: inout QueryPlan) {
        let groups = positions.groups
        let kept = groups.indices.filter { positions.bitOf[$0] != 0 }
        guard kept.count >= 2 else { return }
        let keptStems = kept.map { groups[$0].primary.stem }
        let longest = analyzer.synonyms.longestPhrase
        for start in 0..<(kept.count - 1) {
            for length in 2...max(2, min(longest, kept.count - start)) where start + length <= kept.count {
                let span = start..<(start + length)
                let bits = span.reduce(UInt32(0)) { $0 | positions.bitOf[kept[$1]] }
                var alternatives = spanSynonyms(key: Array(keptStems[span]), content: keptStems[span], bits: bits)
                if length == 2, kept[start + 1] == kept[start] + 1 {
                    let joined = groups[kept[start]].primary.text + groups[kept[start + 1]].primary.text
                    if let word = dictionary.wordID(of: joined) {
                        alternatives.append(Alternative(stems: [dictionary.wordStem[Int(word)]], weight: Weights.joined * 2))
                    }
                }
                if !alternatives.isEmpty { plan.clauses.append(Clause(alternatives: alternatives, positions: bits)) }
            }
        }
    }

    /// Phrases whose common words carry the meaning ("log in", "on hold", "turn off"): their keys
    /// hold every word, so they are looked up over spans that include common words.
    private func addCommonWordPhraseClauses(of positions: QueryPositions, to plan: inout QueryPlan) {
        let groups = positions.groups
        guard groups.count >= 2, positions.hasContent else { return }
        let longest = analyzer.synonyms.longestPhrase
        let allStems = groups.map(\.primary.stem)
        for start in 0..<(groups.count - 1) {
            for length in 2...max(2, min(longest, groups.count - start)) where start + length <= groups.count {
                let span = start..<(start + length)
                guard span.contains(where: { positions.bitOf[$0] == 0 }) else { continue }
                let bits = span.reduce(UInt32(0)) { $0 | positions.bitOf[$1] }
                guard bits != 0 else { continue }
                let content = span.filter { positions.bitOf[$0] != 0 }.map { allStems[$0] }
                let alternatives = spanSynonyms(key: Array(allStems[span]), content: content[...], bits: bits)
                if !alternatives.isEmpty { plan.clauses.append(Clause(alternatives: alternatives, positions: bits)) }
            }
        }
    }

    /// The synonyms of the span whose lookup key is `key` and whose content stems are `content`.
    private func spanSynonyms(key: [String], content: ArraySlice<String>, bits: UInt32) -> [Alternative] {
        let spanIDFs = content.compactMap { dictionary.stemIDs[$0].map { idf[Int($0)] } }
        var spanIDF = spanIDFs.isEmpty ? nil : spanIDFs.reduce(0, +) / Float(spanIDFs.count)
        var found: [[Int32]] = []
        for alternative in analyzer.synonyms.alternatives(for: key) {
            if let ids = termIDs(of: alternative) { found.append(ids) }
        }
        // Words the index lacks ("money back" in a folder that only says "refund"): every
        // alternative scores with the same rarity, so that none wins by being rare.
        if spanIDF == nil { spanIDF = found.flatMap { $0 }.map { idf[Int($0)] }.max() }
        return found.map { ids in
            Alternative(stems: ids, weight: Weights.synonym * Float(bits.nonzeroBitCount) / Float(ids.count), conceptIDF: spanIDF)
        }
    }

    /// Quoted phrases: required, each with a position of its own. A phrase with a word the index
    /// lacks makes the query unsatisfiable.
    private func addQuotedPhrases(of query: ParsedQuery, nextBit: inout Int, to plan: inout QueryPlan) {
        for phrase in query.phrases {
            let stems = analyzer.contentStems(phrase)
            guard !stems.isEmpty else { continue }
            let ids = stems.compactMap { dictionary.stemIDs[$0] }
            guard ids.count == stems.count else {
                plan.isUnsatisfiable = true
                continue
            }
            guard nextBit < 32 else { break }
            let bit = UInt32(1) << UInt32(nextBit)
            plan.positionWeights[nextBit] = ids.map { idf[Int($0)] }.reduce(0, +)
            nextBit += 1
            let allStems = Tokenizer.words(phrase).map { analyzer.stem($0) }
            plan.clauses.append(Clause(alternatives: [Alternative(stems: ids, weight: 1)], positions: bit, phrase: allStems))
            plan.allPositions |= bit
        }
    }

    /// The articles holding every content word of an excluded term (`-store`).
    private func addExclusions(of query: ParsedQuery, to plan: inout QueryPlan) {
        for excluded in query.excluded {
            let ids = analyzer.contentStems(excluded).map { dictionary.stemIDs[$0] }
            guard !ids.isEmpty, ids.allSatisfy({ $0 != nil }) else { continue }
            var common: Set<Int32>?
            for id in ids {
                let articles = articlesContaining(stem: id!)
                common = common.map { $0.intersection(articles) } ?? articles
            }
            plan.excludedArticles.formUnion(common ?? [])
        }
    }

    private func addSynonyms(of stems: [String], weight: Float, conceptIDF: Float, _ add: ([Int32], Float, Float?) -> Void) {
        for alternative in analyzer.synonyms.alternatives(for: stems) {
            if let ids = termIDs(of: alternative) { add(ids, weight / Float(ids.count), conceptIDF) }
        }
    }

    /// The index terms of a synonym: its stem, or the phrase term its several words make where they
    /// stand together (``PhraseTerms``); `nil` when the index has none.
    private func termIDs(of synonym: [String]) -> [Int32]? {
        if synonym.count > 1 { return dictionary.stemIDs[PhraseTerms.term(synonym)].map { [$0] } }
        return synonym.first.flatMap { dictionary.stemIDs[$0] }.map { [$0] }
    }

    /// Every article with `stem` in any field.
    func articlesContaining(stem: Int32) -> Set<Int32> {
        var result: Set<Int32> = []
        postings.forEach(stem: Int(stem)) { doc, _ in result.insert(docArticle[Int(doc)]) }
        return result
    }
}
