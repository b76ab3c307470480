package org.latchkey.git;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.latchkey.scan.TokenScanner;

/**
 * Scans the blobs of a push's pack while JGit indexes it: its pack parser hands every object to
 * an {@link ObjectChecker} (a whole one as a stream, one resolved from a delta as bytes), so push
 * protection need not inflate them a second time. A streamed blob larger than {@link #BUFFERED}
 * is left for {@link PushedBlobs} to read. It adds no validity check: every object passes.
 */
final class ReceivedBlobs extends ObjectChecker {

    private static final int BUFFERED = 1 << 20;

    private final Set<ObjectId> scanned = new HashSet<>();
    private final Map<ObjectId, List<TokenScanner.Finding>> found = new HashMap<>();
    private byte[] buffer = new byte[8192];

    /** What scanning the blob found when it arrived, or null when it was not scanned then. */
    List<TokenScanner.Finding> findings(AnyObjectId id) {
        return scanned.contains(id) ? found.getOrDefault(id, List.of()) : null;
    }

    @Override
    public void check(AnyObjectId id, int type, byte[] raw) {
        if (type == Constants.OBJ_BLOB && id != null) {
            record(id, raw, raw.length);
        }
    }

    @Override
    public BlobObjectChecker newBlobObjectChecker() {
        return new Buffered();
    }

    private void record(AnyObjectId id, byte[] content, int length) {
        ObjectId blob = id.copy();
        scanned.add(blob);
        List<TokenScanner.Finding> findings = TokenScanner.scan(content, length);
        if (!findings.isEmpty()) {
            found.put(blob, findings);
        }
    }

    /** Collects one streamed blob in the shared buffer, up to {@link #BUFFERED} bytes. */
    private final class Buffered implements BlobObjectChecker {
        private int length;
        private boolean tooLarge;

        @Override
        public void update(byte[] in, int offset, int count) {
            if (tooLarge || length + count > BUFFERED) {
                tooLarge = true;
                return;
            }
            if (length + count > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(BUFFERED, Math.max(buffer.length * 2, length + count)));
            }
            System.arraycopy(in, offset, buffer, length, count);
            length += count;
        }

        @Override
        public void endBlob(AnyObjectId id) {
            if (!tooLarge) {
                record(id, buffer, length);
            }
        }
    }
}
