import Foundation
import PostgresNIO
import Progress

/// What an administrator does to a team database: create the schema, add trainees and trainers,
/// and import a trainee's local history. Connects with the administrator's own login.
public final class TeamAdministration: Sendable {
    let server: ServerConnection

    /// Connects to `address` as the administrator.
    public init(address: ServerAddress) throws(ProgressStoreError) {
        server = try ServerConnection(address)
    }

    /// The server's URL without the password.
    public var location: String { server.address.description }

    /// Creates or upgrades the schema, roles and policies (see ``TeamSchema``). Idempotent.
    public func initialise() throws(ProgressStoreError) -> TeamSchema.Initialisation {
        try TeamSchema.initialise(server)
    }

    /// Whether a member was created or their password changed.
    public enum MemberChange: Sendable, Equatable {
        case created
        case passwordChanged
    }

    /// A role a member cannot be given.
    public enum MemberError: Error, CustomStringConvertible, Equatable {
        /// The name is empty, too long, or starts like PostgreSQL's or frontline's own roles.
        case invalidName(String, reason: String)
        /// A role of that name exists and is not in the group.
        case roleExists(String, group: String)
        /// The password is too short.
        case weakPassword(minimum: Int)

        public var description: String {
            switch self {
            case .invalidName(let name, let reason): "cannot use '\(name)' as a login name: \(reason)"
            case .roleExists(let name, let group):
                "a role '\(name)' exists already and is not in \(group); choose another name (frontline never changes a role it did not create)"
            case .weakPassword(let minimum): "the password is shorter than \(minimum) characters; choose a longer one"
            }
        }
    }

    /// The shortest password accepted.
    public static let minimumPasswordLength = 8

    /// Checks `name` as a new login: 1-63 bytes, no control characters, not `pg_…` or `frontline_…`.
    public static func validateMemberName(_ name: String) throws(MemberError) {
        if name.isEmpty || name.utf8.count > 63 { throw .invalidName(name, reason: "it must be 1 to 63 bytes long") }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidName(name, reason: "it holds a control character")
        }
        let lower = name.lowercased()
        if lower.hasPrefix("pg_") || lower.hasPrefix("frontline_") {
            throw .invalidName(name, reason: "names starting pg_ or frontline_ are reserved")
        }
    }

    /// Creates a login role `name` in `group` (``TeamSchema/traineeGroup`` or ``TeamSchema/trainerGroup``),
    /// or changes the password of a member already in it. The password is sent as a SCRAM verifier.
    public func addMember(_ name: String, password: String, group: String) throws -> MemberChange {
        try Self.validateMemberName(name)
        guard password.count >= Self.minimumPasswordLength else {
            throw MemberError.weakPassword(minimum: Self.minimumPasswordLength)
        }
        return try server.transaction { (transaction) throws(ProgressStoreError) -> Result<MemberChange, MemberError> in
            let existing = try transaction.query(
                """
                SELECT pg_has_role(r.oid, g.oid, 'MEMBER') AND NOT r.rolsuper
                FROM pg_roles r, pg_roles g WHERE r.rolname = \(name) AND g.rolname = \(group)
                """)
            let change: MemberChange
            if let row = existing.first {
                guard (try? row.decode(Bool.self)) == true else { return .failure(.roleExists(name, group: group)) }
                change = .passwordChanged
            } else {
                change = .created
            }
            let verifier = ScramVerifier.make(password: password)
            try transaction.query("SELECT frontline.create_member(\(name), \(verifier), \(group))")
            return .success(change)
        }.get()
    }

    /// Whether `name` is a login in a frontline group (a trainee or a trainer).
    public func isMember(_ name: String) throws(ProgressStoreError) -> Bool {
        let rows = try server.query(
            """
            SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
            WHERE r.rolname = \(name) AND g.rolname IN (\(TeamSchema.traineeGroup), \(TeamSchema.trainerGroup))
            """)
        return rows.count > 0
    }
}
