package org.latchkey.git;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * The part of a tree that decides what CI runs: every entry whose path, compared without regard
 * to case, is or lies under {@code .github/workflows} or {@code .latchkey/workflows}, and every
 * symlink or submodule at {@code .github} or {@code .latchkey} or anywhere inside them (a symlink
 * is its target, so a link can make a workflow directory out of anything). Only those subtrees
 * are read.
 */
final class WorkflowFiles {

    private static final String[] CONFIG_DIRECTORIES = {".github", ".latchkey"};
    private static final String WORKFLOWS = "workflows";

    /** A tree entry's mode and object, as the comparison sees it. */
    private record Entry(int mode, ObjectId id) {
    }

    private enum Level { ROOT, CONFIG, NESTED, WORKFLOWS }

    private final Map<String, Entry> entries;

    private WorkflowFiles(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static WorkflowFiles none() {
        return new WorkflowFiles(Map.of());
    }

    /** The workflow part of {@code tree} (null: an empty tree). */
    static WorkflowFiles of(ObjectReader reader, ObjectId tree) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        if (tree != null) {
            collect(reader, tree, "", Level.ROOT, entries);
        }
        return new WorkflowFiles(entries);
    }

    /** The first path, as its tree names it, that differs between the two, if any. */
    Optional<String> firstDifference(WorkflowFiles other) {
        TreeSet<String> paths = new TreeSet<>(entries.keySet());
        paths.addAll(other.entries.keySet());
        return paths.stream().filter(path -> !Objects.equals(entries.get(path), other.entries.get(path))).findFirst();
    }

    private static void collect(ObjectReader reader, ObjectId tree, String prefix, Level level, Map<String, Entry> out)
            throws IOException {
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        for (; !parser.eof(); parser.next()) {
            String name = parser.getEntryPathString();
            int mode = parser.getEntryRawMode();
            Level inner = inner(level, name);
            if (inner == null) {
                continue;
            }
            String path = prefix + name;
            if (FileMode.TREE.equals(mode)) {
                collect(reader, parser.getEntryObjectId(), path + "/", inner, out);
            } else if (inner == Level.WORKFLOWS || FileMode.SYMLINK.equals(mode) || FileMode.GITLINK.equals(mode)) {
                out.put(path, new Entry(mode, parser.getEntryObjectId()));
            }
        }
    }

    /** The level an entry named {@code name} stands at, or null when nothing under it matters. */
    private static Level inner(Level level, String name) {
        return switch (level) {
            case ROOT -> isConfigDirectory(name) ? Level.CONFIG : null;
            case CONFIG -> WORKFLOWS.equalsIgnoreCase(name) ? Level.WORKFLOWS : Level.NESTED;
            case NESTED -> Level.NESTED;
            case WORKFLOWS -> Level.WORKFLOWS;
        };
    }

    private static boolean isConfigDirectory(String name) {
        for (String directory : CONFIG_DIRECTORIES) {
            if (directory.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
