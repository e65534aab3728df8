package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * An Ed25519 private key, on the release side: generates, loads and saves keys and signs release
 * files. Never on a device.
 *
 * <p>Key generation, key parsing and in-memory signing are the JDK's. Files are signed in two
 * streaming passes of our own (RFC 8032 §5.1.6), because the JDK's Ed25519 holds the whole message
 * in memory and the program runs with a 128 MB heap: pass one hashes the file for the
 * deterministic nonce r, pass two for k = SHA-512(R || A || M). Ed25519 is deterministic, so the
 * result is byte-for-byte what the JDK would produce (tests check that). This path uses the
 * non-constant-time {@link EdwardsPoint} arithmetic with the secret scalar; acceptable on a build
 * machine signing a handful of files, not for a signing service.
 */
public final class SigningKey {

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final int MAX_KEY_FILE_SIZE = 64 * 1024;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final PrivateKey privateKey;
    private final BigInteger scalar;
    private final byte[] noncePrefix;
    private final TrustedKey publicKey;

    private SigningKey(PrivateKey privateKey) {
        this.privateKey = privateKey;
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("the JDK's Ed25519 key has no seed"));
        // RFC 8032 §5.1.5: h = SHA-512(seed); the low half, pruned, is the scalar s; the high half
        // seeds the nonce.
        byte[] h = Ed25519Verifier.newSha512().digest(seed);
        Arrays.fill(seed, (byte) 0);
        byte[] low = Arrays.copyOfRange(h, 0, 32);
        low[0] &= (byte) 0xf8;
        low[31] &= (byte) 0x7f;
        low[31] |= (byte) 0x40;
        this.scalar = EdwardsPoint.fromLittleEndian(low);
        this.noncePrefix = Arrays.copyOfRange(h, 32, 64);
        this.publicKey = TrustedKey.of(EdwardsPoint.BASE.multiply(scalar).encode());
    }

    /**
     * Loads a PKCS#8 PEM private key, as {@code openssl genpkey -algorithm ed25519} writes it.
     *
     * @throws VerifyException (FAILED) naming the file and what is wrong with it
     */
    public static SigningKey load(Path pkcs8Pem) {
        byte[] content;
        try (InputStream in = Files.newInputStream(pkcs8Pem)) {
            content = in.readNBytes(MAX_KEY_FILE_SIZE + 1);
        } catch (NoSuchFileException e) {
            throw new VerifyException(Outcome.FAILED, pkcs8Pem + ": private key file does not exist", e);
        } catch (IOException e) {
            throw new VerifyException(Outcome.FAILED, pkcs8Pem + ": cannot read private key: " + e.getMessage(), e);
        }
        String text = new String(content, StandardCharsets.UTF_8).strip();
        if (content.length > MAX_KEY_FILE_SIZE || !Pem.looksLikePem(text)) {
            throw invalid(pkcs8Pem, "not an Ed25519 private key (expected a PEM PRIVATE KEY, "
                    + "as openssl genpkey -algorithm ed25519 writes)");
        }
        Pem pem;
        try {
            pem = Pem.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(pkcs8Pem, "not an Ed25519 private key (" + e.getMessage() + ")");
        }
        if (pem.label().equals("ENCRYPTED " + PRIVATE_KEY)) {
            throw invalid(pkcs8Pem, "the private key is encrypted; decrypt it first "
                    + "(openssl pkey -in KEY -out PLAIN.key)");
        }
        if (!pem.label().equals(PRIVATE_KEY)) {
            throw invalid(pkcs8Pem, "not an Ed25519 private key (PEM " + pem.label() + ", expected PRIVATE KEY)");
        }
        try {
            return new SigningKey(KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem.der())));
        } catch (GeneralSecurityException e) {
            throw invalid(pkcs8Pem, "not an Ed25519 private key (the PEM PRIVATE KEY is for another algorithm"
                    + " or malformed)");
        }
    }

    /** A new random key pair, from the JDK's generator and its default {@code SecureRandom}. */
    public static SigningKey generate() {
        try {
            return new SigningKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime provides Ed25519", e);
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
     * The signature of a file's exact bytes, in constant memory: reads the file twice.
     *
     * @throws VerifyException (FAILED) when the file cannot be read or changes between the passes
     */
    public byte[] sign(Path file) {
        MessageDigest firstContent = Digest.newSha256();
        MessageDigest nonceHash = Ed25519Verifier.newSha512();
        nonceHash.update(noncePrefix);
        hashFile(file, nonceHash, firstContent);
        BigInteger nonce = EdwardsPoint.fromLittleEndian(nonceHash.digest()).mod(EdwardsPoint.L);
        byte[] r = EdwardsPoint.BASE.multiply(nonce).encode();

        MessageDigest secondContent = Digest.newSha256();
        MessageDigest challengeHash = Ed25519Verifier.newSha512();
        challengeHash.update(r);
        challengeHash.update(publicKey.raw());
        hashFile(file, challengeHash, secondContent);
        if (!MessageDigest.isEqual(firstContent.digest(), secondContent.digest())) {
            throw new VerifyException(Outcome.FAILED, "cannot sign " + file + ": it changed while it was being signed");
        }
        BigInteger k = EdwardsPoint.fromLittleEndian(challengeHash.digest()).mod(EdwardsPoint.L);
        BigInteger s = nonce.add(k.multiply(scalar)).mod(EdwardsPoint.L);

        byte[] signature = Arrays.copyOf(r, Ed25519Verifier.SIGNATURE_LENGTH);
        System.arraycopy(EdwardsPoint.toLittleEndian(s), 0, signature, 32, 32);
        return signature;
    }

    /** The public half, to hand to devices. */
    public TrustedKey publicKey() {
        return publicKey;
    }

    /** The private key as PKCS#8 PEM, the format {@link #load} reads and OpenSSL writes. */
    public String toPkcs8Pem() {
        return new Pem(PRIVATE_KEY, privateKey.getEncoded()).encode();
    }

    /** The public key as a PEM {@code PUBLIC KEY}, as {@code openssl pkey -pubout} writes it. */
    public String publicKeyPem() {
        return publicKey.toPem();
    }

    @Override
    public String toString() {
        return "Ed25519 signing key for " + publicKey.shortId();
    }

    private static void hashFile(Path file, MessageDigest... digests) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                for (MessageDigest digest : digests) {
                    digest.update(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            throw new VerifyException(Outcome.FAILED, "cannot read " + file + " to sign it: " + e.getMessage(), e);
        }
    }

    private static VerifyException invalid(Path file, String what) {
        return new VerifyException(Outcome.FAILED, file + ": " + what);
    }
}
