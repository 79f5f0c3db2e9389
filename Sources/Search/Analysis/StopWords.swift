/// The small set of words too common to rank by. They are indexed (phrases need them) and flagged;
/// a query drops them only when it has other words.
enum StopWords {
    static let all: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
        "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "this", "that", "these", "those",
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "she", "him", "her", "his", "they", "them",
        "their", "do", "does", "did", "doing", "have", "has", "had", "will", "would", "should", "could",
        "can", "may", "might", "must", "shall", "how", "what", "which", "who", "whom", "whose", "there",
        "here", "so", "if", "then", "than", "too", "very", "just", "about", "into", "also", "get", "got",
        "s", "t",
        // Words agents put around every query ("customer wants to ...") that say nothing of the topic.
        "want", "wants", "wanted", "customer", "customers", "caller", "please", "need", "needs",
    ]

    static func contains(_ word: String) -> Bool { all.contains(word) }
}
