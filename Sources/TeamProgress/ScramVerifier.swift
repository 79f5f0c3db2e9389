import Crypto
import Foundation

/// A PostgreSQL SCRAM-SHA-256 password verifier (RFC 5802, RFC 7677), made on the client so that a
/// new member's password never travels to the server, its logs or its statistics in clear.
///
/// `CREATE ROLE … PASSWORD 'SCRAM-SHA-256$…'` stores a verifier as it is, and the server checks
/// logins against it exactly as against one it computed itself.
enum ScramVerifier {
    /// The iteration count PostgreSQL itself uses.
    static let iterations = 4096

    /// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, all Base64.
    static func make(password: String, salt: [UInt8] = randomSalt()) -> String {
        let salted = saltedPassword(Array(password.utf8), salt: salt, iterations: iterations)
        let key = SymmetricKey(data: salted)
        let clientKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Client Key".utf8), using: key))
        let storedKey = Data(SHA256.hash(data: clientKey))
        let serverKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Server Key".utf8), using: key))
        return
            "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$\(storedKey.base64EncodedString()):\(serverKey.base64EncodedString())"
    }

    /// SCRAM's `Hi()`: PBKDF2 with HMAC-SHA-256, one 32-byte block.
    static func saltedPassword(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<iterations {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }

    static func randomSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
