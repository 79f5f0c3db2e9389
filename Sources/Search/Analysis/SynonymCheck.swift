import KnowledgeBase

/// Reports the lines of trainers' synonym files (`type: synonyms`) that cannot be used.
public struct SynonymCheck: ContentCheck {
    public init() {}

    public func diagnostics(for knowledgeBase: KnowledgeBase) -> [Diagnostic] {
        SynonymTable.forContent(knowledgeBase).1
    }
}
