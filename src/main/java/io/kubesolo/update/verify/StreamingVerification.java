package io.kubesolo.update.verify;

/**
 * A signature check over a message that streams past: feed every byte with {@link #update}, then
 * call {@link #verify} once. Holds no copy of the message, so memory stays constant whatever its
 * size. Single use.
 */
public interface StreamingVerification {

    /** Feeds the next piece of the signed message. */
    void update(byte[] bytes, int offset, int length);

    /** Feeds the next piece of the signed message. */
    default void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    /**
     * Ends the check: returns when the signature is valid for the bytes fed under some trusted key,
     * throws a {@link VerifyException} (REFUSED) otherwise.
     */
    void verify();
}
