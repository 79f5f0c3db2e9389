import Foundation
import Progress
import Testing

@testable import TeamProgress

/// Reading `--data` URLs as psql does, with the environment and password file filling the gaps.
@Suite struct ServerAddressTests {
    @Test func aFullURLGivesEveryPart() throws {
        let address = try ServerAddress(url: "postgresql://ana:s%40cret@db.example.com:6543/training?sslmode=require", environment: [:])
        #expect(address.endpoint == .tcp(host: "db.example.com", port: 6543))
        #expect(address.user == "ana")
        #expect(address.password == "s@cret")
        #expect(address.database == "training")
        #expect(address.securityMode == .require)
        #expect(address.description == "postgresql://ana@db.example.com:6543/training")
    }

    @Test func whatTheURLLeavesOutComesFromTheEnvironment() throws {
        let environment = [
            "PGHOST": "pg.internal", "PGPORT": "5499", "PGUSER": "ben", "PGDATABASE": "team", "PGPASSWORD": "pw", "PGSSLMODE": "disable",
        ]
        let address = try ServerAddress(url: "postgresql://", environment: environment)
        #expect(address.endpoint == .tcp(host: "pg.internal", port: 5499))
        #expect(address.user == "ben")
        #expect(address.database == "team")
        #expect(address.password == "pw")
        #expect(address.securityMode == .disable)
        // The URL wins over the environment.
        let mixed = try ServerAddress(url: "postgres://cara@db:5432/other", environment: environment)
        #expect(mixed.user == "cara")
        #expect(mixed.database == "other")
        #expect(mixed.endpoint == .tcp(host: "db", port: 5432))
    }

    @Test func aSocketFolderAndIPv6AddressAreUnderstood() throws {
        let socket = try ServerAddress(url: "postgresql://ana@%2Fvar%2Frun%2Fpostgresql/team", environment: [:])
        #expect(socket.endpoint == .socket(folder: "/var/run/postgresql", port: 5432))
        let parameter = try ServerAddress(url: "postgresql:///team?host=/tmp/pg&port=5433&user=dan", environment: [:])
        #expect(parameter.endpoint == .socket(folder: "/tmp/pg", port: 5433))
        #expect(parameter.user == "dan")
        let ipv6 = try ServerAddress(url: "postgresql://ana@[::1]:5433/team", environment: [:])
        #expect(ipv6.endpoint == .tcp(host: "::1", port: 5433))
        #expect(ipv6.description == "postgresql://ana@[::1]:5433/team")
        // No user anywhere: the login name, and the database named after the user.
        let bare = try ServerAddress(url: "postgresql://db", environment: ["USER": "eve"])
        #expect(bare.user == "eve")
        #expect(bare.database == "eve")
    }

    @Test func thePasswordFileIsReadWithWildcardsAndEscapes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pgpass")
        try """
        # comment
        other:5432:*:ana:not-this-one
        db:*:team:ana:first\\:match
        *:*:*:ana:too-late
        """.write(to: file, atomically: true, encoding: .utf8)
        let address = try ServerAddress(url: "postgresql://ana@db/team", environment: ["PGPASSFILE": file.path])
        #expect(address.password == "first:match")
        // PGPASSWORD comes before the file, and the URL's own password before both.
        #expect(
            try ServerAddress(url: "postgresql://ana@db/team", environment: ["PGPASSFILE": file.path, "PGPASSWORD": "env"]).password
                == "env")
        #expect(try ServerAddress(url: "postgresql://ana:url@db/team", environment: ["PGPASSWORD": "env"]).password == "url")
        #expect(try ServerAddress(url: "postgresql://zed@db/team", environment: ["PGPASSFILE": file.path]).password == nil)
    }

    @Test func badURLsAreRefusedWithoutShowingThePassword() {
        func reason(_ url: String) -> String {
            do {
                _ = try ServerAddress(url: url, environment: ["USER": "x"])
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(reason("postgresql://ana:hunter22@db:99999/team").contains("the port '99999' is not a number from 1 to 65535"))
        #expect(!reason("postgresql://ana:hunter22@db:99999/team").contains("hunter22"))
        #expect(reason("postgresql://ana:hunter22@db/team").contains("accepted"))
        #expect(reason("postgresql://db/team?sslmode=sometimes").contains("sslmode 'sometimes' is none of disable, allow, prefer"))
        #expect(reason("postgresql://db/team?connect_timeout=3").contains("does not know the parameter 'connect_timeout'"))
        #expect(reason("postgresql://db/team?broken").contains("'broken' is not NAME=VALUE"))
        #expect(reason("postgresql://[::1/team").contains("lacks its ']'"))
    }

    @Test func passwordsAreRedactedForMessages() {
        #expect(ProgressLocation.redactingPassword("postgresql://ana:pw@db/team") == "postgresql://ana:***@db/team")
        #expect(ProgressLocation.redactingPassword("postgresql://ana@db/team") == "postgresql://ana@db/team")
        #expect(ProgressLocation.redactingPassword("postgresql://ana:p@w@db/team?x=y") == "postgresql://ana:***@db/team?x=y")
        #expect(ServerAddress.carriesPassword("postgres://ana:pw@db/team"))
        #expect(!ServerAddress.carriesPassword("postgres://ana@db/team"))
        #expect(ProgressLocation.destination(option: "postgresql://ana@db/team", environment: [:]) == .server("postgresql://ana@db/team"))
        #expect(
            ProgressLocation.destination(option: nil, environment: ["FRONTLINE_DATA": "POSTGRES://a@b/c"]) == .server("POSTGRES://a@b/c"))
    }

    @Test func scramVerifierMatchesAnIndependentImplementation() {
        // Computed with Python's hashlib.pbkdf2_hmac and hmac for the same password and salt.
        let verifier = ScramVerifier.make(password: "correct horse", salt: Array(0..<16))
        #expect(
            verifier
                == "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$yERwYmHlx0VrpoYfOn54hMTjBUKWnmK42IDjnWgQWkk=:RQZr9F8QCYmmp35tAVzp0VB/kDwY283N+s24jDDliG4="
        )
        #expect(ScramVerifier.make(password: "correct horse") != ScramVerifier.make(password: "correct horse"))
    }
}

@Suite struct ConnectionReasonTests {
    @Test func theNetworkLibrarysDescriptionBecomesThePlainReason() {
        let refused =
            "Connection errors: SingleConnectionFailure(target: [IPv4]127.0.0.1/127.0.0.1:1, error: connection reset (error set): Connection refused (errno: 111))"
        #expect(ServerConnection.plainReason(refused) == "connection refused")
        #expect(ServerConnection.plainReason("getaddrinfo: Name or service not known") == "the host name could not be resolved")
        #expect(
            ServerConnection.plainReason("connect(descriptor:addr:size:): Connection timed out (errno: 110)") == "the connection timed out")
        #expect(ServerConnection.plainReason("something new") == "something new")
    }
}
