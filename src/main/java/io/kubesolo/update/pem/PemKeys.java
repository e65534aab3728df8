package io.kubesolo.update.pem;

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
import java.util.List;
import java.util.Optional;

/**
 * Certificates and private keys from PEM text, with the JDK only. Which private keys a caller
 * takes is its {@link KeyFormats}: the health checks read what a kubeconfig may hold, a TLS client
 * key directory what OpenSSL 3 writes. Errors are {@link PemException}s whose message says what the
 * text holds ("holds no PEM CERTIFICATE block"); the caller names the text in front of it.
 */
public final class PemKeys {

    /** Which private keys a caller accepts. */
    public enum KeyFormats {
        /**
         * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE
         * KEY}, as {@code openssl ecparam -genkey} and Go's {@code x509.MarshalECPrivateKey} write
         * it); RSA and EC only, unencrypted; the first block whose label ends in {@code PRIVATE KEY}
         * counts, other blocks ({@code EC PARAMETERS}) are ignored. What client-go reads from a
         * kubeconfig.
         */
        RSA_OR_EC_ANY_ENCODING,
        /**
         * Unencrypted PKCS#8 ({@code PRIVATE KEY}, what OpenSSL 3's {@code req -newkey} and {@code
         * genpkey} write) only, RSA, EC or Ed25519. What a TLS client key file holds.
         */
        PKCS8_RSA_EC_OR_ED25519
    }

    private static final byte[] RSA_ENCRYPTION = {
        0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01
    };
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_ZERO = {Der.INTEGER, 0x01, 0x00};
    private static final byte[] DER_NULL = {Der.NULL, 0x00};
    private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private PemKeys() {}

    /** Every {@code CERTIFICATE} block of {@code text}; at least one. */
    public static List<X509Certificate> certificates(String text) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlock block : PemBlock.all(text)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add(
                            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new PemException("holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new PemException("holds no PEM CERTIFICATE block");
        }
        return certificates;
    }

    /** The private key of {@code text}, if it is in one of the {@code formats}. */
    public static PrivateKey privateKey(String text, KeyFormats formats) {
        return switch (formats) {
            case RSA_OR_EC_ANY_ENCODING -> rsaOrEc(text);
            case PKCS8_RSA_EC_OR_ED25519 -> pkcs8(text);
        };
    }

    private static PrivateKey pkcs8(String text) {
        Optional<PemBlock> found = PemBlock.all(text).stream()
                .filter(b -> b.label().equals("PRIVATE KEY"))
                .findFirst();
        if (found.isEmpty()) {
            throw new PemException("holds no unencrypted PKCS#8 PRIVATE KEY block"
                    + " (convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(found.get().der());
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new PemException("is not an RSA, EC or Ed25519 key");
    }

    private static PrivateKey rsaOrEc(String text) {
        Optional<PemBlock> found = PemBlock.all(text).stream()
                .filter(b -> b.label().endsWith("PRIVATE KEY"))
                .findFirst();
        if (found.isEmpty()) {
            throw new PemException("holds no PEM PRIVATE KEY block");
        }
        PemBlock block = found.get();
        try {
            return switch (block.label()) {
                case "PRIVATE KEY" -> rsaOrEcFromPkcs8(block.der());
                case "RSA PRIVATE KEY" ->
                    KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(
                                    pkcs8(Der.encode(Der.SEQUENCE, RSA_ENCRYPTION, DER_NULL), block.der())));
                case "EC PRIVATE KEY" ->
                    KeyFactory.getInstance("EC")
                            .generatePrivate(new PKCS8EncodedKeySpec(
                                    pkcs8(Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY, curveOf(block.der())), block.der())));
                default ->
                    throw new PemException("holds an unsupported " + block.label()
                            + "; only unencrypted PRIVATE KEY, RSA PRIVATE KEY and EC PRIVATE KEY are supported");
            };
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new PemException("holds a " + block.label() + " that cannot be read: " + e.getMessage(), e);
        }
    }

    private static PrivateKey rsaOrEcFromPkcs8(byte[] der) throws GeneralSecurityException {
        byte[] algorithm =
                Der.elements(der).get(0).children().get(1).children().get(0).encoded();
        String name;
        if (Arrays.equals(algorithm, RSA_ENCRYPTION)) {
            name = "RSA";
        } else if (Arrays.equals(algorithm, EC_PUBLIC_KEY)) {
            name = "EC";
        } else {
            throw new PemException("holds a private key of an algorithm other than RSA or EC");
        }
        return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
        return Der.encode(Der.SEQUENCE, VERSION_ZERO, algorithmIdentifier, Der.encode(Der.OCTET_STRING, privateKey));
    }

    /** The named-curve OID in a SEC1 key's {@code [0] parameters}, which PKCS#8 moves outside. */
    private static byte[] curveOf(byte[] sec1) {
        return Der.elements(sec1).get(0).children().stream()
                .filter(e -> e.tag() == Der.CONTEXT_0)
                .map(Der.Element::content)
                .findFirst()
                .orElseThrow(() -> new PemException("holds an EC PRIVATE KEY without its curve parameters"));
    }
}
