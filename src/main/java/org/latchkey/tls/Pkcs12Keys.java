package org.latchkey.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A PKCS#12 keystore file into the in-memory keystore the server serves with: its first private
 * key entry, whose key must open with the keystore's password and belong to its certificate.
 */
final class Pkcs12Keys {

    private Pkcs12Keys() {
    }

    static KeyStore keyStore(Path file, byte[] contents, String password) {
        char[] secret = password.toCharArray();
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(contents), secret);
        } catch (IOException | GeneralSecurityException e) {
            throw new UnusableCertificate("cannot open the keystore " + file
                    + ": the password (LATCHKEY_TLS_KEYSTORE_PASSWORD) is wrong, or it is not a PKCS#12 file");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, secret);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                        List<X509Certificate> certificates = new ArrayList<>();
                        for (Certificate certificate : chain) {
                            certificates.add((X509Certificate) certificate);
                        }
                        Keys.checkPair(privateKey, certificates.get(0), "the private key in " + file
                                + " does not belong to its certificate");
                        return Keys.inMemory(privateKey, certificates);
                    }
                }
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new UnusableCertificate("cannot read the private key in the keystore " + file
                    + ": it needs the keystore's password, and an X.509 certificate");
        }
        throw new UnusableCertificate("the keystore " + file + " holds no private key with its certificate");
    }
}
