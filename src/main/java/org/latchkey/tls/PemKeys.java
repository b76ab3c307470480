package org.latchkey.tls;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files into a keystore: the certificate file holds the server's certificate and then any
 * chain; the key file one private key, PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE
 * KEY}) or SEC1 ({@code EC PRIVATE KEY}), unencrypted. The key must belong to the first certificate.
 */
final class PemKeys {

    private PemKeys() {
    }

    static KeyStore keyStore(Path certificateFile, byte[] certificatePem, Path keyFile, byte[] keyPem) {
        List<X509Certificate> chain = certificates(certificateFile, certificatePem);
        PrivateKey key = privateKey(keyFile, keyPem);
        Keys.checkPair(key, chain.get(0), "the private key in " + keyFile + " does not belong to the certificate in "
                + certificateFile);
        return Keys.inMemory(key, chain);
    }

    private static List<X509Certificate> certificates(Path file, byte[] pem) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(file, pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new UnusableCertificate(file + " holds a certificate that cannot be read");
                }
            }
        }
        if (chain.isEmpty()) {
            throw new UnusableCertificate(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, byte[] pem) {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        for (Object object : objects(file, pem)) {
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new UnusableCertificate(file + " holds an encrypted private key; give it unencrypted"
                        + " (openssl pkey -in KEY -out PLAIN-KEY) in a file only the server's user can read");
            }
            if (object instanceof PEMKeyPair pair) {
                keys.add(pair.getPrivateKeyInfo());
            } else if (object instanceof PrivateKeyInfo info) {
                keys.add(info);
            }
        }
        if (keys.size() != 1) {
            throw new UnusableCertificate(file + (keys.isEmpty() ? " holds no PEM private key (-----BEGIN PRIVATE KEY-----)"
                    : " holds " + keys.size() + " private keys; give one"));
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keys.get(0));
        } catch (IOException e) {
            throw new UnusableCertificate(file + " holds a private key of a kind that cannot be read");
        }
    }

    /** The PEM objects of a file; one that is not PEM at all is refused. */
    private static List<Object> objects(Path file, byte[] pem) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new UnusableCertificate(file + " is not a readable PEM file (cut short, or not PEM)");
        }
        return objects;
    }
}
