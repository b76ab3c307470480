package org.latchkey.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with OWASP's recommended minimum cost.
 */
public final class Passwords {

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int HASH_LENGTH = 32;

    private final int memoryKib;
    private final int iterations;
    private final SecureRandom random;
    private final String decoy;

    public Passwords(SecureRandom random) {
        this(random, 19_456, 2);
    }

    Passwords(SecureRandom random, int memoryKib, int iterations) {
        this.random = random;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.decoy = hash("decoy password for unknown users");
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, memoryKib, iterations, 1);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when the password matches; a missing or malformed stored hash never matches. */
    public boolean verify(String password, String phc) {
        if (phc == null) {
            verifyDecoy(password); // an account without a password (reset, waiting for a new one) takes as long as any
            return false;
        }
        String[] parts = phc.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        try {
            String[] cost = parts[3].split(",");
            int m = Integer.parseInt(cost[0].substring(2));
            int t = Integer.parseInt(cost[1].substring(2));
            int p = Integer.parseInt(cost[2].substring(2));
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            return MessageDigest.isEqual(expected, argon2(password, salt, m, t, p));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Spends the same time as a real check, so an unknown login cannot be told apart by timing. */
    public void verifyDecoy(String password) {
        verify(password, decoy);
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[HASH_LENGTH];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
