import ArgumentParser
import Foundation
import KnowledgeBase
import Progress
import Training

/// `frontline report`: the trainers' HTML report and the CSV export of raw attempts.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report (inline SVG charts, no network) and/or a CSV of raw attempts.")

    @Option(help: ArgumentHelp("Write the HTML report to FILE.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Write every quiz answer and role-play attempt to FILE as CSV.", valueName: "FILE"))
    var csv: String?

    @Flag(help: "Report on every trainee in the database (every one you may read), with a cohort view.")
    var all = false

    @Option(help: "The order of trainees: name, level (lowest first) or activity (longest inactive first).")
    var sort: ProgressReport.Order = .name

    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var contentOptions: ContentOptions

    func validate() throws {
        if html == nil && csv == nil { throw ValidationError("give --html FILE, --csv FILE or both") }
        if all && progressOptions.trainee != nil { throw ValidationError("--all and --trainee exclude each other") }
    }

    func run() throws {
        let store = try progressOptions.openStore()
        try progressOptions.requireRecords(in: store, evenForTheDefaultTrainee: !all)
        let (framework, passMarks) = self.contentFacts()
        let records: [TraineeRecords]
        do {
            let names = all ? try store.trainees() : [store.trainee]
            records = try names.map { name throws(ProgressStoreError) in
                try TraineeRecords.load(from: store, trainee: name, rolePlayWeights: framework.rolePlayWeights)
            }
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let names = Dictionary(framework.competencies.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        if let html { try write(ProgressReport.html(records, competencyNames: names, passMarks: passMarks, order: sort), to: html) }
        if let csv { try write(ProgressReport.csv(records), to: csv) }
    }

    /// The content's competency framework and scenario pass marks when the content folder loads,
    /// else the built-in framework and no pass marks.
    private func contentFacts() -> (CompetencyFramework, [String: Int]) {
        let root = ContentLoader.resolveRoot(option: contentOptions.content)
        guard let knowledgeBase = try? ContentLoader(root: root).load() else { return (.builtIn, [:]) }
        let library = ScenarioLibrary(knowledgeBase: knowledgeBase)
        let passMarks = Dictionary(library.scenarios.map { ($0.id, $0.passMark) }, uniquingKeysWith: { first, _ in first })
        return (CompetencyFramework.load(from: knowledgeBase).framework, passMarks)
    }

    private func write(_ text: String, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) || !isFolder.boolValue {
            printError("cannot write '\(path)': there is no folder '\(folder.path)'; create it first, or write somewhere else")
            throw ExitCode(1)
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            print("wrote \(path)")
        } catch {
            printError("cannot write '\(path)': \((error as NSError).localizedDescription)")
            throw ExitCode(1)
        }
    }
}

extension ProgressReport.Order: ExpressibleByArgument {}
