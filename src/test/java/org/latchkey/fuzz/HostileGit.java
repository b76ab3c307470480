package org.latchkey.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Random git smart-HTTP request bodies: packet lines well and badly framed (bad lengths, {@code zzzz},
 * lengths past the end), wants and haves of real, unknown and malformed ids, protocol v2 commands,
 * and pushes whose pack is valid, truncated, corrupted, or claims objects it does not hold.
 */
final class HostileGit {

    static final String ZERO_ID = "0".repeat(40);
    private static final List<String> UPLOAD_LINES = List.of("done", "deepen 1", "deepen 2147483648", "deepen -1",
            "deepen-since 99999999999999", "deepen-not refs/heads/main", "filter blob:none", "filter tree:-1",
            "filter sparse:oid=zzzz", "command=ls-refs", "command=fetch", "command=object-info", "command=bogus",
            "agent=git/2.43.0", "object-format=sha256", "ref-prefix refs/", "peel", "symrefs", "thin-pack", "no-progress",
            "include-tag", "ofs-delta", "wait-for-done", "server-option=x", "want-ref refs/heads/main", "packfile-uris https",
            "size " + ZERO_ID, "oid " + ZERO_ID);

    private final Random random;
    private final HostileJson json;

    HostileGit(Random random, HostileJson json) {
        this.random = random;
        this.json = json;
    }

    /** A git-upload-pack body: want/have negotiation, v2 commands, or broken framing. */
    byte[] uploadPackBody(List<String> knownIds) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int lines = random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            body.writeBytes(switch (random.nextInt(10)) {
                case 0, 1 -> pkt("want " + id(knownIds) + (i == 0 ? " multi_ack_detailed side-band-64k thin-pack ofs-delta"
                        + " agent=git/2.43.0" : "") + "\n");
                case 2 -> pkt("have " + id(knownIds) + "\n");
                case 3 -> pkt("shallow " + id(knownIds) + "\n");
                case 4 -> random.nextBoolean() ? ascii("0000") : ascii(random.nextBoolean() ? "0001" : "0002");
                case 5 -> brokenFrame();
                case 6 -> pkt(json.randomText(1 + random.nextInt(30)));
                default -> pkt(json.pick(UPLOAD_LINES) + (random.nextBoolean() ? "\n" : ""));
            });
        }
        return random.nextInt(5) == 0 ? body.toByteArray() : append(body.toByteArray(), ascii("0000"));
    }

    /** A git-receive-pack body: ref update commands, then a pack (valid, broken, or none). */
    byte[] receivePackBody(List<String> knownIds) {
        Pack pack = pack();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int commands = random.nextInt(4);
        for (int i = 0; i < commands; i++) {
            String ref = random.nextInt(5) == 0 ? json.pick(List.of("refs/heads/../x", "HEAD", "refs/heads/a b", "refs/heads/",
                    "refs/heads/x.lock", "refs/tags/v1", "refs/notes/commits", "refs/heads/\u00e9"))
                    : "refs/heads/fuzz-" + random.nextInt(1000);
            String newId = random.nextInt(3) == 0 ? id(knownIds) : pack.commit();
            String oldId = random.nextInt(3) == 0 ? id(knownIds) : ZERO_ID;
            String caps = i == 0 ? "\0report-status side-band-64k" + (random.nextBoolean() ? " atomic" : "")
                    + (random.nextBoolean() ? " push-cert=xyz" : "") : "";
            body.writeBytes(random.nextInt(12) == 0 ? brokenFrame() : pkt(oldId + " " + newId + " " + ref + caps + "\n"));
        }
        body.writeBytes(ascii("0000"));
        if (random.nextInt(6) > 0) {
            body.writeBytes(damaged(pack.bytes()));
        }
        return body.toByteArray();
    }

    /** Now and then gzip, a body sent with {@code Content-Encoding: gzip}; or null for none. */
    byte[] gzip(byte[] body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
                zipped.write(body);
            }
            byte[] bytes = out.toByteArray();
            return random.nextInt(3) == 0 ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] damaged(byte[] pack) {
        return switch (random.nextInt(6)) {
            case 0 -> java.util.Arrays.copyOf(pack, random.nextInt(pack.length));
            case 1 -> flipped(pack);
            case 2 -> append(ascii("PACK"), json.bytes(random.nextInt(200)));
            case 3 -> json.bytes(1 + random.nextInt(500));
            default -> pack;
        };
    }

    private byte[] flipped(byte[] pack) {
        byte[] copy = pack.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return copy;
    }

    private byte[] brokenFrame() {
        return switch (random.nextInt(7)) {
            case 0 -> ascii("zzzz");
            case 1 -> ascii("0003");
            case 2 -> ascii("ffff" + "short");
            case 3 -> ascii(String.format("%04x", 4 + random.nextInt(60)));
            case 4 -> ascii("00");
            case 5 -> ascii("-001");
            default -> json.bytes(1 + random.nextInt(8));
        };
    }

    private String id(List<String> knownIds) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> knownIds.isEmpty() ? ZERO_ID : json.pick(knownIds);
            case 2 -> HexFormat.of().formatHex(json.bytes(20));
            case 3 -> ZERO_ID;
            case 4 -> json.pick(List.of("zz" + "0".repeat(38), "abc", "0".repeat(64), "G".repeat(40), "", "0".repeat(41)));
            default -> json.randomText(40);
        };
    }

    /** A packet line holding the text: its length (with these 4 bytes) in hex, then the text. */
    static byte[] pkt(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return append(ascii(String.format("%04x", Math.min(0xffff, payload.length + 4))), payload);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] append(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** A pack of one commit, its tree and one blob of random content; {@code commit} is the commit's id. */
    record Pack(byte[] bytes, String commit) {
    }

    Pack pack() {
        byte[] blob = ("fuzz " + random.nextLong() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] blobId = objectId("blob", blob);
        byte[] tree = append(ascii("100644 file.txt\0"), blobId);
        byte[] treeId = objectId("tree", tree);
        byte[] commit = ("tree " + HexFormat.of().formatHex(treeId) + "\nauthor F <f@x> 0 +0000\ncommitter F <f@x> 0 +0000\n\nfuzz\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] commitId = objectId("commit", commit);
        ByteArrayOutputStream pack = new ByteArrayOutputStream();
        pack.writeBytes(ascii("PACK"));
        pack.writeBytes(new byte[] {0, 0, 0, 2, 0, 0, 0, 3});
        entry(pack, 1, commit);
        entry(pack, 2, tree);
        entry(pack, 3, blob);
        pack.writeBytes(sha1(pack.toByteArray()));
        return new Pack(pack.toByteArray(), HexFormat.of().formatHex(commitId));
    }

    private static void entry(ByteArrayOutputStream pack, int type, byte[] content) {
        long size = content.length;
        int first = (type << 4) | (int) (size & 0x0f);
        size >>>= 4;
        while (size > 0) {
            pack.write(first | 0x80);
            first = (int) (size & 0x7f);
            size >>>= 7;
        }
        pack.write(first);
        Deflater deflater = new Deflater();
        deflater.setInput(content);
        deflater.finish();
        byte[] buffer = new byte[content.length + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        pack.write(buffer, 0, n);
    }

    private static byte[] objectId(String type, byte[] content) {
        return sha1(append(ascii(type + " " + content.length + "\0"), content));
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
