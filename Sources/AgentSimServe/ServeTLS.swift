import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// `agentsim serve --tls`: the certificate and key a TLS listener presents. google-genai rewrites a Gemini Live base
/// URL's scheme to `wss` whenever an API key is set, so a real Gemini client reaches serve only over TLS.
///
/// `self-signed` makes, at start, a throwaway certificate authority and a server certificate it signs for
/// `127.0.0.1`, `::1` and `localhost` (ECDSA P-256, valid for a day), and writes the authority's certificate to a
/// file for the client to trust (`SSL_CERT_FILE`). `CERT,KEY` serves the user's own PEM files.
public struct ServeTLS: Sendable {
    /// The PEM file a client trusts: the throwaway authority's certificate, or the user's certificate.
    public let trustFile: String
    /// The server certificate chain and key, as NIOSSL serves them.
    let configuration: TLSConfiguration

    /// What `--tls` takes: `self-signed`, or `CERT,KEY` (two PEM files).
    public enum Mode: Sendable, Equatable {
        case selfSigned
        case files(certificate: String, key: String)

        /// Parses `--tls`'s value.
        /// - Throws: `ServeTLS.Failure` naming the expected forms.
        public init(argument: String) throws(Failure) {
            if argument == "self-signed" {
                self = .selfSigned
                return
            }
            let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Failure(
                    "--tls takes 'self-signed' or 'CERT,KEY' (a PEM certificate file and its PEM private key file), "
                        + "got '\(argument)'")
            }
            self = .files(certificate: parts[0], key: parts[1])
        }
    }

    /// Why TLS cannot be set up: an unreadable or malformed file, a key that does not match.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Hours a self-signed certificate is valid (from an hour before it is made: clocks differ).
    static let validityHours = 24

    /// Sets up TLS. A self-signed authority's certificate is written into `directory` as `agentsim-serve-ca.pem`.
    /// - Throws: `Failure` when a file cannot be read or written, or does not hold what `--tls` expects.
    public init(_ mode: Mode, directory: String) throws(Failure) {
        switch mode {
        case .selfSigned:
            let made: (authority: String, chain: [String], key: String)
            do {
                made = try Self.selfSigned(now: Date())
            } catch {
                throw Failure("cannot make a self-signed certificate: \(error)")
            }
            let path = (directory as NSString).appendingPathComponent("agentsim-serve-ca.pem")
            do {
                try Data(made.authority.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw Failure("cannot write \(path): \(error.localizedDescription)")
            }
            trustFile = path
            configuration = try Self.configuration(chain: made.chain, key: made.key, what: "the self-signed pair")
        case let .files(certificate, key):
            func read(_ path: String, _ what: String) throws(Failure) -> String {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw Failure("--tls: cannot read the \(what) file \(path)")
                }
                return String(decoding: data, as: UTF8.self)
            }
            let chainText = try read(certificate, "certificate")
            let keyText = try read(key, "private key")
            let blocks = Self.pemBlocks(chainText, label: "CERTIFICATE")
            guard !blocks.isEmpty else {
                throw Failure("--tls: \(certificate) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            }
            trustFile = certificate
            configuration = try Self.configuration(chain: blocks, key: keyText, what: "\(certificate),\(key)")
        }
    }

    /// NIOSSL's server configuration for a PEM chain (leaf first) and PEM key.
    private static func configuration(chain: [String], key: String, what: String) throws(Failure) -> TLSConfiguration {
        do {
            let certificates = try chain.map { try NIOSSLCertificate(bytes: Array($0.utf8), format: .pem) }
            let privateKey = try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(privateKey))
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        } catch {
            throw Failure("--tls: \(what) is not a usable PEM certificate and private key: \(error)")
        }
    }

    /// The PEM blocks labelled `label` in `text`, in order.
    static func pemBlocks(_ text: String, label: String) -> [String] {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        var blocks: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: begin), let stop = rest.range(of: end, range: start.upperBound..<rest.endIndex)
        {
            blocks.append(String(rest[start.lowerBound..<stop.upperBound]) + "\n")
            rest = rest[stop.upperBound...]
        }
        return blocks
    }

    /// A throwaway authority and a server certificate it signs for the loopback names, as PEM: the authority's
    /// certificate (to trust), the server's chain (leaf, then authority) and the server's private key.
    static func selfSigned(now: Date) throws -> (authority: String, chain: [String], key: String) {
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(Double(validityHours) * 3600)
        let authorityKey = P256.Signing.PrivateKey()
        let authorityPublic = Certificate.PublicKey(authorityKey.publicKey)
        let authorityName = try DistinguishedName {
            OrganizationName("agentsim")
            CommonName("agentsim serve throwaway CA")
        }
        let authorityIdentifier = SubjectKeyIdentifier(hash: authorityPublic)
        let authority = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: authorityPublic,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName, subject: authorityName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                authorityIdentifier
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))

        let serverKey = P256.Signing.PrivateKey()
        let serverPublic = Certificate.PublicKey(serverKey.publicKey)
        let serverName = try DistinguishedName {
            OrganizationName("agentsim")
            CommonName("localhost")
        }
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublic,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName, subject: serverName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectKeyIdentifier(hash: serverPublic)
                AuthorityKeyIdentifier(keyIdentifier: authorityIdentifier.keyIdentifier)
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
                ])
            },
            issuerPrivateKey: Certificate.PrivateKey(authorityKey))
        let authorityPEM = try authority.serializeAsPEM().pemString + "\n"
        let serverPEM = try server.serializeAsPEM().pemString + "\n"
        return (authorityPEM, [serverPEM, authorityPEM], serverKey.pemRepresentation + "\n")
    }
}
