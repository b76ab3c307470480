package org.latchkey.scan;

/** The kinds of secret the leak scanner knows, each of a fixed length, with the name reports use. */
public enum SecretKind {
    LATCHKEY("latchkey", 40),
    GITHUB("github", 40),
    GITHUB_FINE_GRAINED("github_fine_grained", 93),
    GITLAB("gitlab", 26),
    NPM("npm", 40),
    AWS_ACCESS_KEY_ID("aws_access_key_id", 20),
    /** An OAuth app's client secret ({@code lkcs_}). */
    LATCHKEY_CLIENT_SECRET("latchkey_client_secret", 41);

    /** The longest secret of any kind: what a chunk boundary must keep of the previous chunk. */
    static final int MAX_LENGTH = 93;

    private final String wireName;
    private final int length;

    SecretKind(String wireName, int length) {
        this.wireName = wireName;
        this.length = length;
    }

    public String wireName() {
        return wireName;
    }

    public int length() {
        return length;
    }
}
