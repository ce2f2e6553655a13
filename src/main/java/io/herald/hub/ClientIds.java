package io.herald.hub;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Unguessable client ids (random UUIDs, version 4), made without {@link UUID#randomUUID()}'s cost per connection.
 *
 * <p>Why: {@code UUID.randomUUID()} draws from one JVM-wide {@code NativePRNG}, which takes a global lock, mixes
 * through SHA-1 and reads {@code /dev/urandom} every other call; in a JFR profile of connect+subscribe churn it was
 * about 40% of Herald's own share of opening a connection. Ids name sessions in HTTP emulation requests, so they
 * must stay unguessable: each thread gets its own DRBG (NIST SP 800-90A, seeded from the platform), no lock
 * shared, no system call per id.
 */
final class ClientIds {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ClientIds::drbg);

    private ClientIds() {
    }

    /** A fresh random UUID string, as {@code UUID.randomUUID().toString()}. */
    static String next() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[8 + i] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
