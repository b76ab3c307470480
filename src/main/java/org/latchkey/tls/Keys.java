package org.latchkey.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** What both sources share: whether a key belongs to a certificate, and the in-memory keystore. */
final class Keys {

    static final String ALIAS = "latchkey";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {
    }

    /** Refuses with {@code mismatch} unless a signature made with {@code key} verifies with the certificate's public key. */
    static void checkPair(PrivateKey key, X509Certificate certificate, String mismatch) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new UnusableCertificate("a " + key.getAlgorithm()
                    + " private key is not supported; use an RSA, EC or Ed25519 key");
        };
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key of another kind than the certificate's: not the pair
        }
        throw new UnusableCertificate(mismatch);
    }

    static KeyStore inMemory(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, TlsSource.KEY_PASSWORD.toCharArray(), chain.toArray(new X509Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an in-memory PKCS#12 keystore", e);
        }
    }

    /** The served certificate's subject and expiry, for the log. */
    static String describe(KeyStore store) {
        try {
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            return certificate.getSubjectX500Principal().getName() + ", valid until " + certificate.getNotAfter().toInstant();
        } catch (GeneralSecurityException e) {
            return "?";
        }
    }
}
