package io.kubesolo.update.health;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM text, with the JDK only. Keys may be PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, as
 * {@code openssl ecparam -genkey} and Go's {@code x509.MarshalECPrivateKey} write it); RSA and EC
 * only, unencrypted. Other blocks in the text ({@code EC PARAMETERS}) are ignored.
 */
final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private static final byte[] RSA_ENCRYPTION = {
        0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01
    };
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_ZERO = {Der.INTEGER, 0x01, 0x00};
    private static final byte[] DER_NULL = {Der.NULL, 0x00};

    @SuppressWarnings("ArrayRecordComponent") // a view while reading one file, never compared or kept
    record Block(String label, byte[] der) {}

    private Pem() {}

    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
        }
        return blocks;
    }

    /** Every {@code CERTIFICATE} block of {@code text}; {@code what} names the source in errors. */
    static List<X509Certificate> certificates(String text, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(text)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new HealthException(what + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new HealthException(what + " holds no PEM CERTIFICATE block");
        }
        return certificates;
    }

    /** The first private key of {@code text}; {@code what} names the source in errors. */
    static PrivateKey privateKey(String text, String what) {
        Optional<Block> found = blocks(text).stream()
                .filter(b -> b.label().endsWith("PRIVATE KEY"))
                .findFirst();
        if (found.isEmpty()) {
            throw new HealthException(what + " holds no PEM PRIVATE KEY block");
        }
        Block block = found.get();
        try {
            return switch (block.label()) {
                case "PRIVATE KEY" -> fromPkcs8(block.der(), what);
                case "RSA PRIVATE KEY" ->
                    KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(
                                    pkcs8(Der.encode(Der.SEQUENCE, RSA_ENCRYPTION, DER_NULL), block.der())));
                case "EC PRIVATE KEY" ->
                    KeyFactory.getInstance("EC")
                            .generatePrivate(new PKCS8EncodedKeySpec(pkcs8(
                                    Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY, curveOf(block.der(), what)), block.der())));
                default ->
                    throw new HealthException(what + " holds an unsupported " + block.label()
                            + "; only unencrypted PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY are supported");
            };
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new HealthException(
                    what + " holds a " + block.label() + " that cannot be read: " + e.getMessage(), e);
        }
    }

    private static PrivateKey fromPkcs8(byte[] der, String what) throws GeneralSecurityException {
        byte[] algorithm =
                Der.elements(der).get(0).children().get(1).children().get(0).encoded();
        String name;
        if (Arrays.equals(algorithm, RSA_ENCRYPTION)) {
            name = "RSA";
        } else if (Arrays.equals(algorithm, EC_PUBLIC_KEY)) {
            name = "EC";
        } else {
            throw new HealthException(what + " holds a private key of an algorithm other than RSA or EC");
        }
        return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
        return Der.encode(Der.SEQUENCE, VERSION_ZERO, algorithmIdentifier, Der.encode(Der.OCTET_STRING, privateKey));
    }

    /** The named-curve OID in a SEC1 key's {@code [0] parameters}, which PKCS#8 moves outside. */
    private static byte[] curveOf(byte[] sec1, String what) {
        return Der.elements(sec1).get(0).children().stream()
                .filter(e -> e.tag() == Der.CONTEXT_0)
                .map(Der.Element::content)
                .findFirst()
                .orElseThrow(() -> new HealthException(what + " holds an EC PRIVATE KEY without its curve parameters"));
    }
}
