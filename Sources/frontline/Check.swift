import ArgumentParser
import Foundation
import KnowledgeBase
import Search
import Training

/// `frontline check`: the trainers' linter.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the content folder and report every problem as file:line:column.",
        discussion: "Exit status: 0 without errors, 1 with errors, 2 when the check could not run.")

    @OptionGroup var contentOptions: ContentOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also list articles past their review date, with owner and days overdue.")
    var stale = false

    func run() throws {
        let knowledgeBase = try contentOptions.loadKnowledgeBase(warnAboutProblems: false)
        let diagnostics = ContentChecker(
            additionalChecks: [CompetencyCheck(), ScenarioCheck(), QuizCheck(), ReviewDateCheck(), SynonymCheck()]
        ).diagnostics(for: knowledgeBase)
        let today = ContentDate.today()
        let staleArticles = stale ? knowledgeBase.staleArticles(on: today) : []
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if json {
            let report = CheckReport(
                diagnostics: diagnostics.map(CheckReport.Item.init),
                counts: Dictionary(uniqueKeysWithValues: knowledgeBase.countsByKind.map { ($0.key.rawValue, $0.value) }),
                errors: errors, warnings: warnings,
                stale: stale
                    ? staleArticles.map {
                        CheckReport.Stale(
                            path: $0.article.path, id: $0.article.id, owner: $0.article.owner,
                            reviewed: $0.article.lastReviewed?.description, daysOverdue: $0.daysOverdue)
                    } : nil)
            try printEncodedJSON(report)
        } else {
            for diagnostic in diagnostics { print(diagnostic) }
            if stale {
                if staleArticles.isEmpty {
                    print("no stale articles")
                } else {
                    print("stale articles (past their review date on \(today)):")
                    for (article, days) in staleArticles {
                        let owner = article.owner ?? "no owner"
                        let reviewed = article.lastReviewed.map { "reviewed \($0)" } ?? "never reviewed"
                        print("  \(article.path): \(days) days overdue (\(reviewed), every \(article.reviewEvery) days), owner: \(owner)")
                    }
                }
            }
            print(
                "checked \(knowledgeBase.articles.count) articles (\(knowledgeBase.countSummary)): "
                    + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

/// The JSON shape of `check --json`.
struct CheckReport: Encodable {
    struct Item: Encodable {
        var path: String
        var line: Int?
        var column: Int?
        var severity: String
        var message: String

        init(_ diagnostic: Diagnostic) {
            path = diagnostic.path
            line = diagnostic.line
            column = diagnostic.column
            severity = diagnostic.severity.rawValue
            message = diagnostic.message
        }
    }

    struct Stale: Encodable {
        var path: String
        var id: String
        var owner: String?
        var reviewed: String?
        var daysOverdue: Int
    }

    var diagnostics: [Item]
    var counts: [String: Int]
    var errors: Int
    var warnings: Int
    var stale: [Stale]?
}
