import ArgumentParser
import Foundation
import Progress
import TeamProgress

/// `frontline team`: an administrator sets up a team database on PostgreSQL and adds its members.
struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Set up a team's progress database on PostgreSQL: schema, trainees, trainers, imports.",
        discussion: """
            Run these as the database's administrator, with --data postgresql://ADMIN@HOST/DATABASE (or
            FRONTLINE_DATA). Passwords come from PGPASSWORD or ~/.pgpass, never from the command line.
            """,
        subcommands: [TeamInit.self, TeamAddTrainee.self, TeamAddTrainer.self, TeamImport.self])
}

/// The team database's URL, which `team` commands require.
struct TeamServerOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The team database (default: $FRONTLINE_DATA).", valueName: "postgresql://USER@HOST/DATABASE"))
    var data: String?

    /// The server's address, or the reason it cannot be used, printed, with exit status 1.
    func address() throws -> ServerAddress {
        guard let url = data ?? ProcessInfo.processInfo.environment["FRONTLINE_DATA"].flatMap({ $0.isEmpty ? nil : $0 }),
            ProgressLocation.isServerURL(url)
        else {
            printError(
                "team commands need a PostgreSQL database: pass --data postgresql://USER@HOST/DATABASE, or set FRONTLINE_DATA to one")
            throw ExitCode(1)
        }
        if ServerAddress.carriesPassword(url) {
            printError(
                "warning: the password in --data is visible to every user of this machine (ps); set PGPASSWORD or use ~/.pgpass instead")
        }
        do {
            return try ServerAddress(url: url)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// Connects as the administrator, or prints why not, with exit status 1.
    func administration() throws -> TeamAdministration {
        let address = try address()
        do {
            return try TeamAdministration(address: address)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

/// `frontline team init`: creates or upgrades the schema, roles and row-level security.
struct TeamInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create (or upgrade) the team schema, the trainee and trainer roles, and row-level security. Safe to run again.")

    @OptionGroup var server: TeamServerOption

    func run() throws {
        let administration = try server.administration()
        do {
            let result = try administration.initialise()
            if result.applied.isEmpty && result.createdRoles.isEmpty {
                print("\(administration.location) is up to date; nothing changed")
            } else {
                for role in result.createdRoles { print("created the group role \(role)") }
                for migration in result.applied { print("applied \(migration)") }
                print("\(administration.location) is ready: add people with `frontline team add-trainee NAME`")
            }
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

/// What `add-trainee` and `add-trainer` share: the name, the password, and adding.
struct MemberOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The login name of the new member.", valueName: "NAME"))
    var name: String

    @Flag(help: "Read the password from the first line of standard input instead of asking for it.")
    var passwordStdin = false

    @OptionGroup var server: TeamServerOption

    func add(to group: String, noun: String) throws {
        do {
            try TeamAdministration.validateMemberName(name)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let administration = try server.administration()
        let password = try readPassword(for: name)
        do {
            switch try administration.addMember(name, password: password, group: group) {
            case .created:
                print("added the \(noun) \(name); they connect with --data postgresql://\(name)@HOST/DATABASE")
            case .passwordChanged:
                print("\(name) was already a \(noun); their password is changed")
            }
        } catch let error as ProgressStoreError {
            printError(error.description)
            throw ExitCode(1)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    private func readPassword(for name: String) throws -> String {
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                printError("--password-stdin read no password; pipe one line with the password into the command")
                throw ExitCode(1)
            }
            return line
        }
        guard let first = PasswordPrompt.read("Password for \(name): ") else {
            printError("no terminal to ask for the password on; pass --password-stdin and pipe it in")
            throw ExitCode(1)
        }
        guard PasswordPrompt.read("Again: ") == first else {
            printError("the two passwords differ; nothing was changed")
            throw ExitCode(1)
        }
        return first
    }
}

/// `frontline team add-trainee NAME`.
struct TeamAddTrainee: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-trainee", abstract: "Create a trainee's login: they read and write only their own records.")

    @OptionGroup var member: MemberOptions

    func run() throws { try member.add(to: TeamSchema.traineeGroup, noun: "trainee") }
}

/// `frontline team add-trainer NAME`.
struct TeamAddTrainer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-trainer", abstract: "Create a trainer's login: they read every trainee's records.")

    @OptionGroup var member: MemberOptions

    func run() throws { try member.add(to: TeamSchema.trainerGroup, noun: "trainer") }
}

/// `frontline team import FILE --trainee NAME`: copies one person's local history into the team database.
struct TeamImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Copy one trainee's local progress file into the team database. Running it again adds nothing twice.")

    @Argument(help: ArgumentHelp("The local progress file.", valueName: "FILE.sqlite"))
    var file: String

    @Option(help: ArgumentHelp("The trainee's login in the team database.", valueName: "NAME"))
    var trainee: String

    @Option(
        help: ArgumentHelp(
            "Whose records in the file to copy (default: NAME, or the file's only trainee).", valueName: "LOCAL-NAME"))
    var from: String?

    @OptionGroup var server: TeamServerOption

    func run() throws {
        let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            printError("there is no file '\(file)'; give the path of a trainee's progress.sqlite")
            throw ExitCode(1)
        }
        let address = try server.address()
        do {
            let local = try SQLiteProgressStore(url: url, trainee: trainee)
            let known = try local.trainees()
            let source = try localTrainee(among: known)
            let administration = try TeamAdministration(address: address)
            guard try administration.isMember(trainee) else {
                printError("'\(trainee)' is not a member of the team database; add them first with `frontline team add-trainee \(trainee)`")
                throw ExitCode(1)
            }
            let team = try PostgresProgressStore(address: address, trainee: trainee)
            let count = try team.importRecords(
                answers: try local.quizAnswers(trainee: source), states: Array(try local.reviewStates(trainee: source).values),
                attempts: try local.rolePlayAttempts(trainee: source))
            var line = "imported \(count.answersAdded) quiz answer\(count.answersAdded == 1 ? "" : "s") and "
            line += "\(count.attemptsAdded) role-play attempt\(count.attemptsAdded == 1 ? "" : "s") of \(source) as \(trainee)"
            let skipped = count.answersPresent + count.attemptsPresent
            if skipped > 0 { line += " (\(skipped) already there, skipped)" }
            print(line)
        } catch let error as ProgressStoreError {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    /// The trainee whose records the file gives: `--from`, else the team name, else the only one.
    private func localTrainee(among known: [String]) throws -> String {
        if let from {
            guard known.contains(from) else {
                printError("'\(file)' has no records of '\(from)'; it holds \(known.isEmpty ? "none" : known.joined(separator: ", "))")
                throw ExitCode(1)
            }
            return from
        }
        if known.contains(trainee) { return trainee }
        if known.count == 1 { return known[0] }
        printError(
            "'\(file)' holds \(known.isEmpty ? "no records" : "the records of \(known.joined(separator: ", "))"); say whose to copy with --from LOCAL-NAME"
        )
        throw ExitCode(1)
    }
}

/// Reads a password from the terminal without echoing it.
enum PasswordPrompt {
    /// Asks `prompt` on the controlling terminal; `nil` when there is none.
    static func read(_ prompt: String) -> String? {
        let terminal = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard terminal >= 0 else { return nil }
        defer { close(terminal) }
        var original = termios()
        guard tcgetattr(terminal, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = write(terminal, prompt, prompt.utf8.count)
        tcsetattr(terminal, TCSAFLUSH, &silent)
        defer {
            tcsetattr(terminal, TCSAFLUSH, &original)
            _ = write(terminal, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Foundation.read(terminal, &byte, 1) == 1, byte != 10 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
