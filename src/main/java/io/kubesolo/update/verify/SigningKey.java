package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.pem.PemBlock;
import io.kubesolo.update.pem.PemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * An Ed25519 private key, on the release side: generates, loads and saves keys and signs release
 * files. Never on a device.
 *
 * <p>Everything that touches the secret is the JDK's constant-time Ed25519: key generation, key
 * parsing, deriving the public key and signing. A file is signed in memory: pure Ed25519 hashes the
 * message twice (RFC 8032 §5.1.6), and the JDK's signer buffers it to do so; a streamed two-pass
 * signer of our own leaked its secret nonce through the timing of its scalar multiplication. The
 * hand-written curve arithmetic ({@link EdwardsPoint}) only verifies, where nothing is secret.
 */
public final class SigningKey {

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final int MAX_KEY_FILE_SIZE = 64 * 1024;
    /** The largest array a JVM allocates; the JDK's signer holds the message in one. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** The file's bytes, the signer's copy of them and the copy it hashes from. */
    private static final int HEAP_COPIES = 3;

    private final PrivateKey privateKey;
    private final TrustedKey publicKey;

    private SigningKey(KeyPair keyPair) {
        this.privateKey = keyPair.getPrivate();
        byte[] spki = keyPair.getPublic().getEncoded();
        this.publicKey = TrustedKey.of(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    /**
     * Loads a PKCS#8 PEM private key, as {@code openssl genpkey -algorithm ed25519} writes it.
     *
     * @throws VerifyException (FAILED) naming the file and what is wrong with it
     */
    public static SigningKey load(Path pkcs8Pem) {
        if (Files.exists(pkcs8Pem) && !Files.isRegularFile(pkcs8Pem)) {
            throw invalid(pkcs8Pem, "not a regular file; a private key is read from a file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(pkcs8Pem)) {
            content = in.readNBytes(MAX_KEY_FILE_SIZE + 1);
        } catch (NoSuchFileException e) {
            throw new VerifyException(Outcome.FAILED, pkcs8Pem + ": private key file does not exist", e);
        } catch (IOException e) {
            throw new VerifyException(Outcome.FAILED, pkcs8Pem + ": cannot read private key: " + e.getMessage(), e);
        }
        String text = new String(content, StandardCharsets.UTF_8).strip();
        if (content.length > MAX_KEY_FILE_SIZE || !PemBlock.looksLikePem(text)) {
            throw invalid(
                    pkcs8Pem,
                    "not an Ed25519 private key (expected a PEM PRIVATE KEY, "
                            + "as openssl genpkey -algorithm ed25519 writes)");
        }
        PemBlock pem;
        try {
            pem = PemBlock.parse(text);
        } catch (PemException e) {
            throw invalid(pkcs8Pem, "not an Ed25519 private key (" + e.getMessage() + ")");
        }
        if (pem.label().equals("ENCRYPTED " + PRIVATE_KEY)) {
            throw invalid(
                    pkcs8Pem,
                    "the private key is encrypted; decrypt it first " + "(openssl pkey -in KEY -out PLAIN.key)");
        }
        if (!pem.label().equals(PRIVATE_KEY)) {
            throw invalid(pkcs8Pem, "not an Ed25519 private key (PEM " + pem.label() + ", expected PRIVATE KEY)");
        }
        try {
            PrivateKey parsed = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pem.der()));
            return new SigningKey(keyPairOf((EdECPrivateKey) parsed));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw invalid(
                    pkcs8Pem,
                    "not an Ed25519 private key (the PEM PRIVATE KEY is for another algorithm" + " or malformed)");
        }
    }

    /** A new random key pair, from the JDK's generator and its default {@code SecureRandom}. */
    public static SigningKey generate() {
        try {
            return new SigningKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime provides Ed25519", e);
        }
    }

    /**
     * The key pair of a loaded private key. The JDK has no API to derive an Ed25519 public key, but
     * its generator derives one, in constant time, from the 32-byte seed it draws: it is handed the
     * loaded seed as its randomness.
     */
    private static KeyPair keyPairOf(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new InvalidKeyException("the Ed25519 key has no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SeedAsRandomness(seed));
        KeyPair pair = generator.generateKeyPair();
        byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        boolean same = MessageDigest.isEqual(seed, drawn);
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(drawn, (byte) 0);
        if (!same) {
            throw new IllegalStateException("the JDK's Ed25519 generator did not take the seed it was given");
        }
        return pair;
    }

    /** "Randomness" that is one given seed: what the generator draws is the loaded key. */
    private static final class SeedAsRandomness extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedAsRandomness(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 generator drew " + bytes.length + " bytes, not a seed");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }

    /** The signature of a message held in memory (metadata, manifests), by the JDK. */
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused to sign with its own Ed25519 key", e);
        }
    }

    /**
     * The signature of a file's exact bytes, by the JDK, which holds the file in memory to sign it.
     *
     * @throws VerifyException (FAILED) when the file cannot be read, or is too large for this
     *                         JVM's heap (naming the heap it needs)
     */
    public byte[] sign(Path file) {
        try {
            long size = Files.size(file);
            long needed = size * HEAP_COPIES;
            if (size > MAX_FILE_BYTES || needed > Runtime.getRuntime().maxMemory()) {
                throw new VerifyException(
                        Outcome.FAILED,
                        "cannot sign " + file + ": its " + size + " bytes need about "
                                + (needed >> 20) + " MiB of heap to be signed, this JVM has "
                                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB"
                                + (size > MAX_FILE_BYTES ? " (and no JVM signs more than 2 GiB in one piece)" : ""));
            }
            return sign(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new VerifyException(Outcome.FAILED, "cannot read " + file + " to sign it: " + e.getMessage(), e);
        }
    }

    /** The public half, to hand to devices. */
    public TrustedKey publicKey() {
        return publicKey;
    }

    /** The private key as PKCS#8 PEM, the format {@link #load} reads and OpenSSL writes. */
    public String toPkcs8Pem() {
        return new PemBlock(PRIVATE_KEY, privateKey.getEncoded()).encode();
    }

    /** The public key as a PEM {@code PUBLIC KEY}, as {@code openssl pkey -pubout} writes it. */
    public String publicKeyPem() {
        return publicKey.toPem();
    }

    @Override
    public String toString() {
        return "Ed25519 signing key for " + publicKey.shortId();
    }

    private static VerifyException invalid(Path file, String what) {
        return new VerifyException(Outcome.FAILED, file + ": " + what);
    }
}
