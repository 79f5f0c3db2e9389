import CIntrinsics
import KnowledgeBase

extension SearchIndex {
    /// The word forms a query can match: every surface form of every stem in its plan (literal,
    /// typo, prefix and synonym alternatives), for marking matches in snippets and articles.
    ///
    /// Each form appears once (a word has one stem, and each stem is taken once); no set of strings
    /// is built, as hashing every form was a tenth of a query's time.
    ///
    /// A word of a synonym phrase (``PhraseTerms``) is marked on its own, so one that says little
    /// alone is left out: a part found in more than a fifth of the articles ("not" of "not working",
    /// "back" of "money back") would mark every "not" of a passage. The words the agent typed, and
    /// those of a quoted phrase, are always marked.
    func matchableForms(of plan: QueryPlan) -> [String] {
        var forms: [String] = []
        var seen: [Int32] = []
        forms.reserveCapacity(32)
        seen.reserveCapacity(16)
        func take(_ stem: Int32) {
            guard !seen.contains(stem) else { return }
            seen.append(stem)
            for word in dictionary.words(ofStem: stem).prefix(64) { forms.append(dictionary.words[Int(word)]) }
        }
        var phraseParts: [Int32] = []
        for clause in plan.clauses {
            for alternative in clause.alternatives where alternative.stems.count == 1 || clause.phrase != nil {
                for stem in alternative.stems {
                    let text = dictionary.stems[Int(stem)]
                    if text.utf8.contains(UInt8(ascii: " ")) {
                        phraseParts += text.split(separator: " ").compactMap { dictionary.stemIDs[String($0)] }
                    } else {
                        take(stem)
                    }
                }
            }
        }
        for stem in phraseParts where Int(stemArticles[Int(stem)]) * 5 <= articles.count { take(stem) }
        return forms
    }

    /// Builds the hit for an article: a snippet of its best section with the query's forms marked,
    /// its word lists in `storage`.
    func hit(
        article index: Int32, doc: Int32, score: Float, matcher: SnippetMaker, storage: SnippetStorage, today: ContentDate,
        isPromoted: Bool,
        scores: FusedScores? = nil
    ) -> SearchHit {
        let sectionIndex = sectionIndex(ofDocument: doc)
        var snippet = articles.withTextUTF8(article: Int(index), section: sectionIndex) { matcher.snippet(of: $0, storage: storage) }
        if snippet.text.isEmpty {
            let article = articles[Int(index)]
            snippet = matcher.snippet(of: article.summary ?? article.sections[sectionIndex].heading ?? article.title)
        }
        var hit = SearchHit(
            articles: articles, articleIndex: Int(index), sectionIndex: sectionIndex, score: Double(score), snippet: snippet,
            isStale: articles[Int(index)].isStale(on: today), isPromoted: isPromoted, matchedFormList: matcher.forms)
        if let scores {
            hit.lexicalScore = scores.lexical.map(Double.init)
            hit.semanticScore = scores.semantic.map(Double.init)
        } else {
            hit.lexicalScore = Double(score)
        }
        return hit
    }

    /// Terms of the index closest to `word` (did-you-mean, completion): within the typo allowance
    /// (at least one edit), closest and most frequent first.
    ///
    /// - Complexity: proportional to the trie nodes near `word`, not to the dictionary size.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        let folded = Tokenizer.words(word).joined()
        guard !folded.isEmpty else { return [] }
        let allowed = max(1, EditDistance.allowedEdits(folded.unicodeScalars.count))
        return dictionary.corrections(for: folded, maxDistance: allowed).prefix(max(0, limit)).map { dictionary.words[Int($0.word)] }
    }

    /// Index terms starting with `prefix` (for tab completion), most frequent first.
    ///
    /// - Complexity: O(log n + m log m) for m words with the prefix.
    public func completions(forPrefix prefix: String, limit: Int = 20) -> [String] {
        let folded = Tokenizer.fold(Substring(prefix))
        guard !folded.isEmpty else { return [] }
        return dictionary.words(withPrefix: folded)
            .sorted {
                dictionary.wordCount[Int($0)] > dictionary.wordCount[Int($1)]
                    || (dictionary.wordCount[Int($0)] == dictionary.wordCount[Int($1)] && $0 < $1)
            }
            .prefix(max(0, limit))
            .map { dictionary.words[Int($0)] }
    }
}
